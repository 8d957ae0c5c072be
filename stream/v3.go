package stream

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/v3"
)

// Quotes streams quote changes of up to 100 symbols. The first message of
// each symbol is a full quote; later ones carry Symbol and the fields that
// changed (absent fields are zero: Decimal.IsZero reports them).
func Quotes(ctx context.Context, api *v3.Client, symbols []string, opts ...Option) iter.Seq2[v3.Quote, error] {
	err := list("symbols", symbols)
	return start[v3.Quote](ctx, api, ratelimit.QuoteStream, err, func(ctx context.Context) (*http.Response, error) {
		return openQuotes(ctx, api, symbols)
	}, withSymbols(opts, symbols...))
}

// Bars streams the bars of symbol: the history that params asks for, then
// the forming bar as it changes and each new bar.
func Bars(ctx context.Context, api *v3.Client, symbol string, params *v3.StreamBarsParams, opts ...Option) iter.Seq2[v3.Bar, error] {
	err := need("symbol", symbol)
	return start[v3.Bar](ctx, api, ratelimit.Bars, err, func(ctx context.Context) (*http.Response, error) {
		return openBars(ctx, api, symbol, params)
	}, withSymbols(opts, symbol))
}

// MarketDepthQuotes streams the order book of symbol, one quote per
// participant and level.
func MarketDepthQuotes(ctx context.Context, api *v3.Client, symbol string, params *v3.StreamMarketDepthQuotesParams, opts ...Option) iter.Seq2[v3.MarketDepthQuote, error] {
	err := need("symbol", symbol)
	return start[v3.MarketDepthQuote](ctx, api, ratelimit.MarketDepth, err, func(ctx context.Context) (*http.Response, error) {
		return openDepthQuotes(ctx, api, symbol, params)
	}, withSymbols(opts, symbol))
}

// MarketDepthAggregates streams the order book of symbol, aggregated by
// price level.
func MarketDepthAggregates(ctx context.Context, api *v3.Client, symbol string, params *v3.StreamMarketDepthAggregatesParams, opts ...Option) iter.Seq2[v3.MarketDepthAggregate, error] {
	err := need("symbol", symbol)
	return start[v3.MarketDepthAggregate](ctx, api, ratelimit.MarketDepth, err, func(ctx context.Context) (*http.Response, error) {
		return openDepthAggregates(ctx, api, symbol, params)
	}, withSymbols(opts, symbol))
}

// OptionChain streams the option chain of underlying, one spread per
// strike.
func OptionChain(ctx context.Context, api *v3.Client, underlying string, params *v3.StreamOptionChainParams, opts ...Option) iter.Seq2[v3.Spread, error] {
	err := need("underlying", underlying)
	return start[v3.Spread](ctx, api, ratelimit.OptionChainStream, err, func(ctx context.Context) (*http.Response, error) {
		return openOptionChain(ctx, api, underlying, params)
	}, withSymbols(opts, underlying))
}

// OptionQuotes streams the quote of one option spread (the legs in params).
func OptionQuotes(ctx context.Context, api *v3.Client, params *v3.StreamOptionQuotesParams, opts ...Option) iter.Seq2[v3.Spread, error] {
	var err error
	if params == nil || params.Leg0Symbol == "" {
		err = errors.New("stream: OptionQuotes needs params with at least Leg0Symbol")
	}
	return start[v3.Spread](ctx, api, ratelimit.OptionQuoteStream, err, func(ctx context.Context) (*http.Response, error) {
		return openOptionQuotes(ctx, api, params)
	}, opts)
}

// Orders streams the orders of up to 25 accounts: first a snapshot of the
// open and recent orders (then OnEndSnapshot), then every change. After a
// reconnection the snapshot comes again, announced by OnReconnect: compare
// it with what you hold and no fill is missed.
func Orders(ctx context.Context, api *v3.Client, accountIDs []string, opts ...Option) iter.Seq2[v3.Order, error] {
	err := list("account ids", accountIDs)
	return start[v3.Order](ctx, api, ratelimit.OrderStream, err, func(ctx context.Context) (*http.Response, error) {
		return openOrders(ctx, api, accountIDs)
	}, withAccounts(opts, accountIDs...))
}

// OrdersByID is Orders for the given orders only.
func OrdersByID(ctx context.Context, api *v3.Client, accountIDs, orderIDs []string, opts ...Option) iter.Seq2[v3.Order, error] {
	err := list("account ids", accountIDs)
	err2 := list("order ids", orderIDs)
	return start[v3.Order](ctx, api, ratelimit.OrderStream, errors.Join(err, err2), func(ctx context.Context) (*http.Response, error) {
		return openOrdersByID(ctx, api, accountIDs, orderIDs)
	}, withAccounts(opts, accountIDs...))
}

// Positions streams the positions of up to 25 accounts: a snapshot (then
// OnEndSnapshot), then changes. Snapshots repeat after reconnections as
// for Orders.
func Positions(ctx context.Context, api *v3.Client, accountIDs []string, params *v3.StreamPositionsParams, opts ...Option) iter.Seq2[v3.Position, error] {
	err := list("account ids", accountIDs)
	return start[v3.Position](ctx, api, ratelimit.PositionStream, err, func(ctx context.Context) (*http.Response, error) {
		return openPositions(ctx, api, accountIDs, params)
	}, withAccounts(opts, accountIDs...))
}

// The openers of the v3 stream operations, generated in package v3: each
// sends one request and returns the 2xx answer with its body unread.
var (
	openQuotes          = streamhook.Lookup[func(context.Context, *v3.Client, []string, ...option.RequestOption) (*http.Response, error)]("v3.StreamQuotes")
	openBars            = streamhook.Lookup[func(context.Context, *v3.Client, string, *v3.StreamBarsParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamBars")
	openDepthQuotes     = streamhook.Lookup[func(context.Context, *v3.Client, string, *v3.StreamMarketDepthQuotesParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamMarketDepthQuotes")
	openDepthAggregates = streamhook.Lookup[func(context.Context, *v3.Client, string, *v3.StreamMarketDepthAggregatesParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamMarketDepthAggregates")
	openOptionChain     = streamhook.Lookup[func(context.Context, *v3.Client, string, *v3.StreamOptionChainParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamOptionChain")
	openOptionQuotes    = streamhook.Lookup[func(context.Context, *v3.Client, *v3.StreamOptionQuotesParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamOptionQuotes")
	openOrders          = streamhook.Lookup[func(context.Context, *v3.Client, []string, ...option.RequestOption) (*http.Response, error)]("v3.StreamOrders")
	openOrdersByID      = streamhook.Lookup[func(context.Context, *v3.Client, []string, []string, ...option.RequestOption) (*http.Response, error)]("v3.StreamOrdersByOrderID")
	openPositions       = streamhook.Lookup[func(context.Context, *v3.Client, []string, *v3.StreamPositionsParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamPositions")
)

// start runs a v3 stream of the rate-limit group, or yields argErr (or a
// nil-client error) at once.
func start[T any](ctx context.Context, api *v3.Client, group string, argErr error, connect connectFunc, opts []Option) iter.Seq2[T, error] {
	if api == nil {
		argErr = errors.Join(argErr, errors.New("stream: nil client (use client.NewV3)"))
		return startWith[T](ctx, nil, group, argErr, connect, lineDelimited, opts)
	}
	return startWith[T](ctx, limiterV3(api), group, argErr, connect, lineDelimited, opts)
}

func startWith[T any](ctx context.Context, l ratelimit.Limiter, group string, argErr error, connect connectFunc, f framing, opts []Option) iter.Seq2[T, error] {
	if argErr != nil {
		return func(yield func(T, error) bool) {
			var zero T
			yield(zero, argErr)
		}
	}
	return holdSlot(ctx, l, group, run[T](ctx, connect, f, opts))
}

// list refuses an empty list or an empty item.
func list(what string, items []string) error {
	if len(items) == 0 {
		return fmt.Errorf("stream: no %s given", what)
	}
	for i, it := range items {
		if strings.TrimSpace(it) == "" {
			return fmt.Errorf("stream: %s item %d is empty", what, i)
		}
	}
	return nil
}

func need(what, v string) error {
	if strings.TrimSpace(v) == "" {
		return fmt.Errorf("stream: no %s given", what)
	}
	return nil
}
