package stream

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"time"

	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/v2"
)

// V2 streams send no heartbeats; their default idle timeout is longer so
// that a quiet market does not look like a dead connection.
const v2IdleTimeout = 2 * time.Minute

// V2QuoteChanges streams quote changes of symbols from the legacy API v2.
func V2QuoteChanges(ctx context.Context, api *v2.Client, symbols []string, opts ...Option) iter.Seq2[v2.Quote, error] {
	err := list("symbols", symbols)
	return startV2[v2.Quote](ctx, api, ratelimit.QuoteStream, err, func(ctx context.Context) (*http.Response, error) {
		return openV2QuoteChanges(ctx, api, symbols)
	}, withSymbols(opts, symbols...))
}

// V2QuoteSnapshots streams full quotes of symbols from the legacy API v2.
func V2QuoteSnapshots(ctx context.Context, api *v2.Client, symbols []string, opts ...Option) iter.Seq2[v2.Quote, error] {
	err := list("symbols", symbols)
	return startV2[v2.Quote](ctx, api, ratelimit.QuoteStream, err, func(ctx context.Context) (*http.Response, error) {
		return openV2QuoteSnapshots(ctx, api, symbols)
	}, withSymbols(opts, symbols...))
}

// V2BarsFromStartDate streams bars of symbol from startDate (MM-DD-YYYY) on.
func V2BarsFromStartDate(ctx context.Context, api *v2.Client, symbol string, interval int, unit v2.BarUnit, startDate string, params *v2.StreamBarchartsFromStartDateParams, opts ...Option) iter.Seq2[v2.Bar, error] {
	err := errors.Join(need("symbol", symbol), need("start date", startDate))
	return startV2[v2.Bar](ctx, api, ratelimit.Bars, err, func(ctx context.Context) (*http.Response, error) {
		return openV2BarsFromStartDate(ctx, api, symbol, interval, unit, startDate, params)
	}, withSymbols(opts, symbol))
}

// V2BarsFromStartDateToEndDate streams the bars of symbol between two
// dates (MM-DD-YYYY), then ends.
func V2BarsFromStartDateToEndDate(ctx context.Context, api *v2.Client, symbol string, interval int, unit v2.BarUnit, startDate, endDate string, params *v2.StreamBarchartsFromStartDateToEndDateParams, opts ...Option) iter.Seq2[v2.Bar, error] {
	err := errors.Join(need("symbol", symbol), need("start date", startDate), need("end date", endDate))
	return startV2[v2.Bar](ctx, api, ratelimit.Bars, err, func(ctx context.Context) (*http.Response, error) {
		return openV2BarsBetween(ctx, api, symbol, interval, unit, startDate, endDate, params)
	}, withSymbols(opts, symbol))
}

// V2BarsDaysBack streams the bars of symbol over the days back that params
// asks for, then new ones.
func V2BarsDaysBack(ctx context.Context, api *v2.Client, symbol string, interval int, unit v2.BarUnit, params *v2.StreamBarchartsDaysBackParams, opts ...Option) iter.Seq2[v2.Bar, error] {
	err := need("symbol", symbol)
	if params == nil || params.DaysBack < 1 {
		err = errors.Join(err, errors.New("stream: V2BarsDaysBack needs params with DaysBack of at least 1"))
	}
	return startV2[v2.Bar](ctx, api, ratelimit.Bars, err, func(ctx context.Context) (*http.Response, error) {
		return openV2BarsDaysBack(ctx, api, symbol, interval, unit, params)
	}, withSymbols(opts, symbol))
}

// V2BarsBarsBack streams barsBack bars of symbol up to lastDate
// (MM-DD-YYYY), then new ones.
func V2BarsBarsBack(ctx context.Context, api *v2.Client, symbol string, interval int, unit v2.BarUnit, barsBack int, lastDate string, params *v2.StreamBarchartsBarsBackParams, opts ...Option) iter.Seq2[v2.Bar, error] {
	err := errors.Join(need("symbol", symbol), need("last date", lastDate))
	return startV2[v2.Bar](ctx, api, ratelimit.Bars, err, func(ctx context.Context) (*http.Response, error) {
		return openV2BarsBack(ctx, api, symbol, interval, unit, barsBack, lastDate, params)
	}, withSymbols(opts, symbol))
}

// V2TickBars streams tick bars of symbol: barsBack of history, then new ones.
func V2TickBars(ctx context.Context, api *v2.Client, symbol string, interval, barsBack int, opts ...Option) iter.Seq2[v2.TickBar, error] {
	err := need("symbol", symbol)
	return startV2[v2.TickBar](ctx, api, ratelimit.TickBars, err, func(ctx context.Context) (*http.Response, error) {
		return openV2TickBars(ctx, api, symbol, interval, barsBack)
	}, withSymbols(opts, symbol))
}

// The openers of the v2 stream operations, generated in package v2 (the
// bars-back one written by hand there).
var (
	openV2QuoteChanges      = streamhook.Lookup[func(context.Context, *v2.Client, []string, ...option.RequestOption) (*http.Response, error)]("v2.StreamQuoteChanges")
	openV2QuoteSnapshots    = streamhook.Lookup[func(context.Context, *v2.Client, []string, ...option.RequestOption) (*http.Response, error)]("v2.StreamQuoteSnapshots")
	openV2BarsFromStartDate = streamhook.Lookup[func(context.Context, *v2.Client, string, int, v2.BarUnit, string, *v2.StreamBarchartsFromStartDateParams, ...option.RequestOption) (*http.Response, error)]("v2.StreamBarchartsFromStartDate")
	openV2BarsBetween       = streamhook.Lookup[func(context.Context, *v2.Client, string, int, v2.BarUnit, string, string, *v2.StreamBarchartsFromStartDateToEndDateParams, ...option.RequestOption) (*http.Response, error)]("v2.StreamBarchartsFromStartDateToEndDate")
	openV2BarsDaysBack      = streamhook.Lookup[func(context.Context, *v2.Client, string, int, v2.BarUnit, *v2.StreamBarchartsDaysBackParams, ...option.RequestOption) (*http.Response, error)]("v2.StreamBarchartsDaysBack")
	openV2BarsBack          = streamhook.Lookup[func(context.Context, *v2.Client, string, int, v2.BarUnit, int, string, *v2.StreamBarchartsBarsBackParams, ...option.RequestOption) (*http.Response, error)]("v2.StreamBarchartsBarsBack")
	openV2TickBars          = streamhook.Lookup[func(context.Context, *v2.Client, string, int, int, ...option.RequestOption) (*http.Response, error)]("v2.StreamTickBars")
)

// startV2 runs a v2 stream of the rate-limit group, or yields argErr (or
// a nil-client error) at once.
func startV2[T any](ctx context.Context, api *v2.Client, group string, argErr error, connect connectFunc, opts []Option) iter.Seq2[T, error] {
	opts = append([]Option{WithIdleTimeout(v2IdleTimeout)}, opts...)
	if api == nil {
		argErr = errors.Join(argErr, errors.New("stream: nil client (use client.NewV2)"))
		return startWith[T](ctx, nil, group, argErr, connect, concatenated, opts)
	}
	return startWith[T](ctx, limiterV2(api), group, argErr, connect, concatenated, opts)
}
