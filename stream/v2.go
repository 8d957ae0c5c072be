package stream

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"time"

	"github.com/tradestation-go/tradestation/v2"
)

// V2 streams send no heartbeats; their default idle timeout is longer so
// that a quiet market does not look like a dead connection.
const v2IdleTimeout = 2 * time.Minute

// V2QuoteChanges streams quote changes of symbols from the legacy API v2.
func V2QuoteChanges(ctx context.Context, api *v2.ClientWithResponses, symbols []string, opts ...Option) iter.Seq2[v2.Quote, error] {
	list, err := join("symbols", symbols)
	return startV2[v2.Quote](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamQuoteChanges(ctx, list)
	}, withSymbols(opts, symbols...))
}

// V2QuoteSnapshots streams full quotes of symbols from the legacy API v2.
func V2QuoteSnapshots(ctx context.Context, api *v2.ClientWithResponses, symbols []string, opts ...Option) iter.Seq2[v2.Quote, error] {
	list, err := join("symbols", symbols)
	return startV2[v2.Quote](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamQuoteSnapshots(ctx, list)
	}, withSymbols(opts, symbols...))
}

// V2BarsFromStartDate streams bars of symbol from startDate (MM-DD-YYYY) on.
func V2BarsFromStartDate(ctx context.Context, api *v2.ClientWithResponses, symbol string, interval int, unit v2.BarUnit, startDate string, params *v2.StreamBarchartsFromStartDateParams, opts ...Option) iter.Seq2[v2.Bar, error] {
	err := errors.Join(need("symbol", symbol), need("start date", startDate))
	return startV2[v2.Bar](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamBarchartsFromStartDate(ctx, symbol, interval, unit, startDate, params)
	}, withSymbols(opts, symbol))
}

// V2BarsFromStartDateToEndDate streams the bars of symbol between two
// dates (MM-DD-YYYY), then ends.
func V2BarsFromStartDateToEndDate(ctx context.Context, api *v2.ClientWithResponses, symbol string, interval int, unit v2.BarUnit, startDate, endDate string, params *v2.StreamBarchartsFromStartDateToEndDateParams, opts ...Option) iter.Seq2[v2.Bar, error] {
	err := errors.Join(need("symbol", symbol), need("start date", startDate), need("end date", endDate))
	return startV2[v2.Bar](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamBarchartsFromStartDateToEndDate(ctx, symbol, interval, unit, startDate, endDate, params)
	}, withSymbols(opts, symbol))
}

// V2BarsDaysBack streams the bars of symbol over the days back that params
// asks for, then new ones.
func V2BarsDaysBack(ctx context.Context, api *v2.ClientWithResponses, symbol string, interval int, unit v2.BarUnit, params *v2.StreamBarchartsDaysBackParams, opts ...Option) iter.Seq2[v2.Bar, error] {
	err := need("symbol", symbol)
	return startV2[v2.Bar](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamBarchartsDaysBack(ctx, symbol, interval, unit, params)
	}, withSymbols(opts, symbol))
}

// V2BarsBarsBack streams barsBack bars of symbol up to lastDate
// (MM-DD-YYYY), then new ones.
func V2BarsBarsBack(ctx context.Context, api *v2.ClientWithResponses, symbol string, interval int, unit v2.BarUnit, barsBack int, lastDate string, params *v2.StreamBarchartsBarsBackParams, opts ...Option) iter.Seq2[v2.Bar, error] {
	err := errors.Join(need("symbol", symbol), need("last date", lastDate))
	var raw *v2.Client
	if api != nil {
		var ok bool
		if raw, ok = api.ClientInterface.(*v2.Client); !ok {
			err = errors.Join(err, errors.New("stream: V2BarsBarsBack needs a client from client.NewV2"))
		}
	}
	return startV2[v2.Bar](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return raw.StreamBarchartsBarsBack(ctx, symbol, interval, unit, barsBack, lastDate, params)
	}, withSymbols(opts, symbol))
}

// V2TickBars streams tick bars of symbol: barsBack of history, then new ones.
func V2TickBars(ctx context.Context, api *v2.ClientWithResponses, symbol string, interval, barsBack int, opts ...Option) iter.Seq2[v2.TickBar, error] {
	err := need("symbol", symbol)
	return startV2[v2.TickBar](ctx, api, err, func(ctx context.Context) (*http.Response, error) {
		return api.StreamTickBars(ctx, symbol, interval, barsBack)
	}, withSymbols(opts, symbol))
}

func startV2[T any](ctx context.Context, api *v2.ClientWithResponses, argErr error, connect connectFunc, opts []Option) iter.Seq2[T, error] {
	if api == nil {
		argErr = errors.Join(argErr, errors.New("stream: nil client (use client.NewV2)"))
	}
	opts = append([]Option{WithIdleTimeout(v2IdleTimeout)}, opts...)
	return startWith[T](ctx, argErr, connect, concatenated, opts)
}
