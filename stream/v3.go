package stream

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/tradestation-go/tradestation/v3"
)

// Quotes streams quote changes of up to 100 symbols. The first message of
// each symbol is a full quote; later ones carry Symbol and the fields that
// changed (absent fields are zero: Decimal.IsZero reports them).
func Quotes(ctx context.Context, api *v3.ClientWithResponses, symbols []string, opts ...Option) iter.Seq2[v3.Quote, error] {
	list, err := join("symbols", symbols)
	return start[v3.Quote](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamQuotes(ctx, list)
	}, withSymbols(opts, symbols...))
}

// Bars streams the bars of symbol: the history that params asks for, then
// the forming bar as it changes and each new bar.
func Bars(ctx context.Context, api *v3.ClientWithResponses, symbol string, params *v3.StreamBarsParams, opts ...Option) iter.Seq2[v3.Bar, error] {
	err := need("symbol", symbol)
	return start[v3.Bar](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamBars(ctx, symbol, params)
	}, withSymbols(opts, symbol))
}

// MarketDepthQuotes streams the order book of symbol, one quote per
// participant and level.
func MarketDepthQuotes(ctx context.Context, api *v3.ClientWithResponses, symbol string, params *v3.StreamMarketDepthQuotesParams, opts ...Option) iter.Seq2[v3.MarketDepthQuote, error] {
	err := need("symbol", symbol)
	return start[v3.MarketDepthQuote](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamMarketDepthQuotes(ctx, symbol, params)
	}, withSymbols(opts, symbol))
}

// MarketDepthAggregates streams the order book of symbol, aggregated by
// price level.
func MarketDepthAggregates(ctx context.Context, api *v3.ClientWithResponses, symbol string, params *v3.StreamMarketDepthAggregatesParams, opts ...Option) iter.Seq2[v3.MarketDepthAggregate, error] {
	err := need("symbol", symbol)
	return start[v3.MarketDepthAggregate](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamMarketDepthAggregates(ctx, symbol, params)
	}, withSymbols(opts, symbol))
}

// OptionChain streams the option chain of underlying, one spread per
// strike.
func OptionChain(ctx context.Context, api *v3.ClientWithResponses, underlying string, params *v3.StreamOptionChainParams, opts ...Option) iter.Seq2[v3.Spread, error] {
	err := need("underlying", underlying)
	return start[v3.Spread](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamOptionChain(ctx, underlying, params)
	}, withSymbols(opts, underlying))
}

// OptionQuotes streams the quote of one option spread (the legs in params).
func OptionQuotes(ctx context.Context, api *v3.ClientWithResponses, params *v3.StreamOptionQuotesParams, opts ...Option) iter.Seq2[v3.Spread, error] {
	var err error
	if params == nil || params.Leg0Symbol == "" {
		err = errors.New("stream: OptionQuotes needs params with at least Leg0Symbol")
	}
	return start[v3.Spread](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamOptionQuotes(ctx, params)
	}, opts)
}

// Orders streams the orders of up to 25 accounts: first a snapshot of the
// open and recent orders (then OnEndSnapshot), then every change. After a
// reconnection the snapshot comes again, announced by OnReconnect: compare
// it with what you hold and no fill is missed.
func Orders(ctx context.Context, api *v3.ClientWithResponses, accountIDs []string, opts ...Option) iter.Seq2[v3.Order, error] {
	list, err := join("account ids", accountIDs)
	return start[v3.Order](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamOrders(ctx, list)
	}, withAccounts(opts, accountIDs...))
}

// OrdersByID is Orders for the given orders only.
func OrdersByID(ctx context.Context, api *v3.ClientWithResponses, accountIDs, orderIDs []string, opts ...Option) iter.Seq2[v3.Order, error] {
	accounts, err := join("account ids", accountIDs)
	orders, err2 := join("order ids", orderIDs)
	return start[v3.Order](ctx, api, errors.Join(err, err2), func(ctx context.Context) (*http.Response, error) {
		return api.StreamOrdersByOrderID(ctx, accounts, orders)
	}, withAccounts(opts, accountIDs...))
}

// Positions streams the positions of up to 25 accounts: a snapshot (then
// OnEndSnapshot), then changes. Snapshots repeat after reconnections as
// for Orders.
func Positions(ctx context.Context, api *v3.ClientWithResponses, accountIDs []string, params *v3.StreamPositionsParams, opts ...Option) iter.Seq2[v3.Position, error] {
	list, err := join("account ids", accountIDs)
	return start[v3.Position](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamPositions(ctx, list, params)
	}, withAccounts(opts, accountIDs...))
}

// start runs a v3 stream, or yields argErr (or a nil-client error) at once.
func start[T any](ctx context.Context, api *v3.ClientWithResponses, argErr error, connect connectFunc, opts []Option) iter.Seq2[T, error] {
	if api == nil {
		argErr = errors.Join(argErr, errors.New("stream: nil client (use client.NewV3)"))
	}
	return startWith[T](ctx, argErr, connect, lineDelimited, opts)
}

func startWith[T any](ctx context.Context, argErr error, connect connectFunc, f framing, opts []Option) iter.Seq2[T, error] {
	if argErr != nil {
		return func(yield func(T, error) bool) {
			var zero T
			yield(zero, argErr)
		}
	}
	return run[T](ctx, connect, f, opts)
}

// join makes the comma-separated list of a path, refusing an empty list or
// an empty item.
func join(what string, items []string) (string, error) {
	if len(items) == 0 {
		return "", fmt.Errorf("stream: no %s given", what)
	}
	for i, it := range items {
		if strings.TrimSpace(it) == "" {
			return "", fmt.Errorf("stream: %s item %d is empty", what, i)
		}
	}
	return strings.Join(items, ","), nil
}

func need(what, v string) error {
	if strings.TrimSpace(v) == "" {
		return fmt.Errorf("stream: no %s given", what)
	}
	return nil
}
