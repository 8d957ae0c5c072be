// A program outside the SDK, written against the surface it promises (run by
// .ci/run in a module of its own, which replaces the SDK by this checkout): the
// names and signatures below must compile, and the calls must work against
// the fake TradeStation.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// The contract, checked by the compiler.
var (
	_ func(*auth.Session, ...option.RequestOption) (*v3.Client, error) = client.NewV3
	_ func(*auth.Session, ...option.RequestOption) (*v2.Client, error) = client.NewV2
	_ func(string, ...option.RequestOption) (*v3.Client, error)        = v3.NewClient
	_ func(string, ...option.RequestOption) (*v2.Client, error)        = v2.NewClient

	_ func(*v3.Client, context.Context, ...option.RequestOption) (*v3.Accounts, error)                                    = (*v3.Client).GetAccounts
	_ func(*v3.Client, context.Context, []string, ...option.RequestOption) (*v3.Balances, error)                          = (*v3.Client).GetBalances
	_ func(*v3.Client, context.Context, []string, ...option.RequestOption) (*v3.QuoteSnapshot, error)                     = (*v3.Client).GetQuoteSnapshots
	_ func(*v3.Client, context.Context, string, *v3.GetBarsParams, ...option.RequestOption) (*v3.Bars, error)             = (*v3.Client).GetBars
	_ func(*v3.Client, context.Context, v3.OrderRequest, ...option.RequestOption) (*v3.OrderResults, error)               = (*v3.Client).PlaceOrder
	_ func(*v3.Client, context.Context, string, v3.OrderReplaceRequest, ...option.RequestOption) (*v3.OrderResult, error) = (*v3.Client).ReplaceOrder
	_ func(*v3.Client, context.Context, string, ...option.RequestOption) (*v3.OrderResult, error)                         = (*v3.Client).CancelOrder
	_ func(*v3.Client, context.Context, v3.OrderRequest, ...option.RequestOption) (*v3.OrderConfirmations, error)         = (*v3.Client).ConfirmOrder
	_ func(*v2.Client, context.Context, []string, ...option.RequestOption) (*[]v2.Quote, error)                           = (*v2.Client).GetQuotes
	_ func(*v2.Client, context.Context, string, ...option.RequestOption) (*[]v2.Account, error)                           = (*v2.Client).GetAccountsByUserID

	_ func(*http.Client) option.RequestOption                               = option.WithHTTPClient
	_ func(int) option.RequestOption                                        = option.WithMaxRetries
	_ func(time.Duration) option.RequestOption                              = option.WithRequestTimeout
	_ func(string, string) option.RequestOption                             = option.WithHeader
	_ func(string) option.RequestOption                                     = option.WithUserAgent
	_ func(*slog.Logger) option.RequestOption                               = option.WithLogger
	_ func(string) option.RequestOption                                     = option.WithBaseURL
	_ func(**http.Response) option.RequestOption                            = option.WithResponseInto
	_ func(func(context.Context, *http.Request) error) option.RequestOption = option.WithRequestEditor
	_ func(ratelimit.Limiter) option.RequestOption                          = option.WithRateLimiter
	_ func(map[string]ratelimit.Quota) (*ratelimit.Local, error)            = ratelimit.NewLocal
	_ ratelimit.StreamLimiter                                               = (*ratelimit.Local)(nil)
	_ func(*http.Response) client.RateLimit                                 = client.RateLimitOf
	_ func(bool) *bool                                                      = v3.Ptr[bool]
	_ error                                                                 = (*client.APIError)(nil)
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "consumer:", err)
		os.Exit(1)
	}
	fmt.Println("consumer: ok")
}

func run(ctx context.Context) error {
	srv := tradestationtest.NewServer()
	defer srv.Close()

	api, err := client.NewV3(srv.Session(), nil, option.WithUserAgent("consumer/1"))
	if err != nil {
		return err
	}
	accts, err := api.GetAccounts(ctx)
	if err != nil || len(accts.Accounts) == 0 {
		return fmt.Errorf("GetAccounts: %v %v", accts, err)
	}
	var raw *http.Response
	q, err := api.GetQuoteSnapshots(ctx, []string{"MSFT", "AAPL"}, option.WithResponseInto(&raw))
	if err != nil || len(q.Quotes) != 2 || raw == nil {
		return fmt.Errorf("GetQuoteSnapshots: %v %v", q, err)
	}
	_ = client.RateLimitOf(raw)
	bars, err := api.GetBars(ctx, "MSFT", &v3.GetBarsParams{Unit: v3.BarUnitMinute, Interval: 5, BarsBack: 30})
	if err != nil || len(bars.Bars) != 30 {
		return fmt.Errorf("GetBars: %d bars, %v", len(bars.Bars), err)
	}
	if _, err := api.GetBars(ctx, "MSFT", nil); err != nil {
		return fmt.Errorf("GetBars with nil params: %v", err)
	}
	res, err := api.PlaceOrder(ctx, v3.OrderRequest{
		AccountID: tradestationtest.MarginAccountID, Symbol: "MSFT", Quantity: value.NewDecimal(1, 0),
		OrderType: v3.OrderTypeLimit, LimitPrice: value.MustParseDecimal("1.00"), TradeAction: v3.TradeActionBuy,
		TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC},
	})
	if err != nil || len(res.Orders) != 1 {
		return fmt.Errorf("PlaceOrder: %v %v", res, err)
	}
	if _, err := api.CancelOrder(ctx, res.Orders[0].OrderID); err != nil {
		return fmt.Errorf("CancelOrder: %v", err)
	}
	var apiErr *client.APIError
	if _, err := api.CancelOrder(ctx, "4242"); !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		return fmt.Errorf("CancelOrder of an unknown order: %v, want a 404 *client.APIError", err)
	}
	for quote, err := range stream.Quotes(ctx, api, []string{"MSFT"}) {
		if err != nil || quote.Symbol != "MSFT" {
			return fmt.Errorf("stream.Quotes: %v %v", quote, err)
		}
		break
	}

	// One rate budget for the process: requests wait, streams hold a slot.
	budget, err := ratelimit.NewLocal(nil)
	if err != nil {
		return err
	}
	limited, err := client.NewV3(srv.Session(), option.WithRateLimiter(budget))
	if err != nil {
		return err
	}
	if _, err := limited.GetAccounts(ctx); err != nil {
		return fmt.Errorf("GetAccounts with a rate limiter: %v", err)
	}
	for order, err := range stream.Orders(ctx, limited, []string{tradestationtest.MarginAccountID}) {
		if err != nil {
			return fmt.Errorf("stream.Orders with a rate limiter: %v %v", order, err)
		}
		break
	}

	// The design card: a v2 session and the bare generated client.
	sess := srv.Session(auth.Sim(), auth.V2())
	if _, err := client.NewV3(sess); err == nil {
		return errors.New("NewV3 accepted a session made with auth.V2()")
	}
	legacy, err := v2.NewClient(sess.BaseURL(), option.WithHTTPClient(srv.HTTPClient()), option.WithRequestEditor(sess.RequestEditor()))
	if err != nil {
		return err
	}
	quotes, err := legacy.GetQuotes(ctx, []string{"MSFT"})
	if err != nil || len(*quotes) != 1 {
		return fmt.Errorf("v2 GetQuotes: %v %v", quotes, err)
	}
	return nil
}
