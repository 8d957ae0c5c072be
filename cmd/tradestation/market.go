package main

import (
	"context"
	"flag"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// symbols upper-cases the symbols given on the command line and refuses an
// empty list.
func symbols(args []string, cmd string) ([]string, error) {
	if len(args) == 0 {
		return nil, usageErrorf("give at least one symbol, such as MSFT")
	}
	out := make([]string, 0, len(args))
	for _, a := range args {
		for _, s := range strings.Split(a, ",") {
			s = strings.ToUpper(strings.TrimSpace(s))
			if s == "" {
				return nil, usageErrorf("empty symbol in %q", a)
			}
			out = append(out, s)
		}
	}
	if len(out) > client.MaxQuoteSymbols {
		return nil, fmt.Errorf("%s takes at most %d symbols, got %d", cmd, client.MaxQuoteSymbols, len(out))
	}
	return out, nil
}

func quoteCommand() *command {
	return &command{
		name: "quote", args: "SYMBOL...", v2: true,
		summary: "Show the latest quote of each symbol.",
		example: "tradestation quote MSFT AAPL",
		setup: func(fs *flag.FlagSet) runFunc {
			return func(ctx context.Context, x *invocation, args []string) error {
				syms, err := symbols(args, "quote")
				if err != nil {
					return err
				}
				if x.g.v2 {
					return quoteV2(ctx, x, syms)
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				resp, err := api.GetQuoteSnapshotsWithResponse(ctx, strings.Join(syms, ","))
				if err != nil {
					return err
				}
				snap := resp.JSON200
				if snap == nil {
					return errNoBody("quotes")
				}
				var bad problems
				for _, e := range snap.Errors {
					bad.add("%s: %s", e.Symbol, joinNonEmpty(e.Error, e.Message))
				}
				if x.g.json {
					if err := printJSON(x.stdout, list(snap.Quotes)); err != nil {
						return err
					}
					return bad.report(x.stderr)
				}
				if len(snap.Quotes) > 0 {
					t := newTable(x.stdout, x.colour(), "SYMBOL", "LAST", "CHANGE", "CHANGE%", "BID", "ASK", "VOLUME", "TIME")
					for _, q := range snap.Quotes {
						t.row(text(q.Symbol), dec(q.Last), signed(q.NetChange), signedSuffix(q.NetChangePct, "%"),
							dec(q.Bid), dec(q.Ask), dec(q.Volume), clock(q.TradeTime, x.loc, dateTimeLayout))
					}
					if err := t.flush(); err != nil {
						return err
					}
				}
				return bad.report(x.stderr)
			}
		},
	}
}

func quoteV2(ctx context.Context, x *invocation, syms []string) error {
	api, err := x.v2(ctx)
	if err != nil {
		return err
	}
	resp, err := api.GetQuotesWithResponse(ctx, strings.Join(syms, ","))
	if err != nil {
		return err
	}
	if resp.JSON200 == nil {
		return errNoBody("quotes")
	}
	var good []v2.Quote
	var bad problems
	for _, q := range *resp.JSON200 {
		if q.Error != "" {
			bad.add("%s: %s", q.Symbol, q.Error)
			continue
		}
		good = append(good, q)
	}
	if x.g.json {
		if err := printJSON(x.stdout, list(good)); err != nil {
			return err
		}
		return bad.report(x.stderr)
	}
	if len(good) > 0 {
		t := newTable(x.stdout, x.colour(), "SYMBOL", "LAST", "CHANGE", "CHANGE%", "BID", "ASK", "VOLUME", "TIME")
		for _, q := range good {
			// v2 sends the change as a fraction (0.0123 for 1.23%).
			t.row(text(q.Symbol), dec(q.Last), signed(q.NetChange), signedSuffix(percent(q.NetChangePct), "%"),
				dec(q.Bid), dec(q.Ask), dec(q.Volume), clock(q.TradeTime.Time, x.loc, dateTimeLayout))
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	return bad.report(x.stderr)
}

// barFlags are the flags of bars and stream bars.
type barFlags struct {
	interval int
	unit     string
	barsBack int
}

func (b *barFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&b.interval, "interval", 1, "bar length in units (minute bars: 1 to 1440; other units: 1)")
	fs.StringVar(&b.unit, "unit", "daily", "minute, daily, weekly or monthly")
	fs.IntVar(&b.barsBack, "barsback", 0, "number of bars up to now or --last (default 20 without --first)")
}

// parse checks the flags and returns the unit as the API names it.
func (b *barFlags) parse() (v3.BarUnit, error) {
	var unit v3.BarUnit
	switch strings.ToLower(b.unit) {
	case "minute", "min", "m":
		unit = v3.BarUnitMinute
	case "daily", "day", "d":
		unit = v3.BarUnitDaily
	case "weekly", "week", "w":
		unit = v3.BarUnitWeekly
	case "monthly", "month":
		unit = v3.BarUnitMonthly
	default:
		return "", fmt.Errorf("--unit %q is not minute, daily, weekly or monthly", b.unit)
	}
	if b.interval < 1 {
		return "", fmt.Errorf("--interval %d must be at least 1", b.interval)
	}
	if unit == v3.BarUnitMinute && b.interval > client.MaxMinuteInterval {
		return "", fmt.Errorf("--interval %d is more than %d minutes", b.interval, client.MaxMinuteInterval)
	}
	if unit != v3.BarUnitMinute && b.interval != 1 {
		return "", fmt.Errorf("--interval must be 1 for %s bars", strings.ToLower(string(unit)))
	}
	if b.barsBack < 0 || b.barsBack > client.MaxBarsBack {
		return "", fmt.Errorf("--barsback %d is not between 1 and %d", b.barsBack, client.MaxBarsBack)
	}
	return unit, nil
}

// checkDate accepts YYYY-MM-DD or an RFC 3339 time.
func checkDate(flagName, s string) error {
	if s == "" {
		return nil
	}
	if _, err := time.Parse(dateLayout, s); err == nil {
		return nil
	}
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return nil
	}
	return fmt.Errorf("--%s %q is not a date (YYYY-MM-DD) or an RFC 3339 time", flagName, s)
}

func barsCommand() *command {
	return &command{
		name: "bars", args: "SYMBOL",
		summary: "Show price bars of a symbol, as a table or a chart (--chart).",
		example: "tradestation bars MSFT --unit minute --interval 5 --barsback 30 --chart",
		setup: func(fs *flag.FlagSet) runFunc {
			var b barFlags
			b.register(fs)
			first := fs.String("first", "", "first bar's date, YYYY-MM-DD (instead of --barsback)")
			last := fs.String("last", "", "last bar's date, YYYY-MM-DD (default: now)")
			chart := fs.Bool("chart", false, "draw a candlestick chart instead of the table")
			height := fs.Int("height", 12, "chart height in lines")
			return func(ctx context.Context, x *invocation, args []string) error {
				if len(args) != 1 {
					return usageErrorf("give exactly one symbol, such as MSFT")
				}
				unit, err := b.parse()
				if err != nil {
					return err
				}
				if *first != "" && b.barsBack != 0 {
					return fmt.Errorf("--first and --barsback exclude each other; TradeStation takes one or the other")
				}
				for name, v := range map[string]string{"first": *first, "last": *last} {
					if err := checkDate(name, v); err != nil {
						return err
					}
				}
				if *chart && x.g.json {
					return usageErrorf("--chart and --json exclude each other")
				}
				if *height < 3 || *height > 100 {
					return fmt.Errorf("--height %d is not between 3 and 100", *height)
				}
				interval := int32(b.interval)
				params := &v3.GetBarsParams{Interval: &interval, Unit: &unit}
				switch {
				case *first != "":
					params.FirstDate = first
				case b.barsBack != 0:
					n := int32(b.barsBack)
					params.BarsBack = &n
				default:
					n := int32(20)
					params.BarsBack = &n
				}
				if *last != "" {
					params.LastDate = last
				}
				symbol := strings.ToUpper(args[0])
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				resp, err := api.GetBarsWithResponse(ctx, symbol, params)
				if err != nil {
					return err
				}
				if resp.JSON200 == nil {
					return errNoBody("bars")
				}
				bars := resp.JSON200.Bars
				switch {
				case x.g.json:
					return printJSON(x.stdout, list(bars))
				case len(bars) == 0:
					return fmt.Errorf("no bars for %s in that range", symbol)
				case *chart:
					return drawChart(x.stdout, chartInput{symbol: symbol, bars: bars, height: *height, colour: x.colour(), loc: x.loc, unit: unit})
				}
				layout := dateLayout
				if unit == v3.BarUnitMinute {
					layout = minuteLayout
				}
				t := newTable(x.stdout, x.colour(), "TIME", "OPEN", "HIGH", "LOW", "CLOSE", "CHANGE", "VOLUME")
				for _, bar := range bars {
					t.row(clock(bar.TimeStamp, x.loc, layout), dec(bar.Open), dec(bar.High), dec(bar.Low), dec(bar.Close),
						signed(difference(bar.Close, bar.Open)), dec(bar.TotalVolume))
				}
				return t.flush()
			}
		},
	}
}

// percent turns a fraction into a percentage, exactly.
func percent(fraction value.Decimal) value.Decimal {
	if fraction.IsZero() {
		return fraction
	}
	return value.DecimalFromRat(new(big.Rat).Mul(fraction.Rat(), big.NewRat(100, 1)), max(decimals(fraction)-2, 0))
}

// difference is a - b, exactly; absent when either is.
func difference(a, b value.Decimal) value.Decimal {
	if a.IsZero() || b.IsZero() {
		return value.Decimal{}
	}
	places := max(decimals(a), decimals(b))
	return value.DecimalFromRat(new(big.Rat).Sub(a.Rat(), b.Rat()), places)
}

func symbolCommand() *command {
	return &command{
		name: "symbol", args: "SYMBOL...",
		summary: "Describe symbols: name, exchange, asset type, currency.",
		example: "tradestation symbol MSFT ESZ25",
		setup: func(fs *flag.FlagSet) runFunc {
			return func(ctx context.Context, x *invocation, args []string) error {
				syms, err := symbols(args, "symbol")
				if err != nil {
					return err
				}
				if len(syms) > client.MaxSymbolDetails {
					return fmt.Errorf("symbol takes at most %d symbols, got %d", client.MaxSymbolDetails, len(syms))
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				resp, err := api.GetSymbolDetailsWithResponse(ctx, strings.Join(syms, ","))
				if err != nil {
					return err
				}
				details := resp.JSON200
				if details == nil {
					return errNoBody("symbol details")
				}
				var bad problems
				for _, e := range details.Errors {
					bad.add("%s: %s", e.Symbol, joinNonEmpty(e.Error, e.Message))
				}
				if x.g.json {
					if err := printJSON(x.stdout, list(details.Symbols)); err != nil {
						return err
					}
					return bad.report(x.stderr)
				}
				if len(details.Symbols) > 0 {
					t := newTable(x.stdout, x.colour(), "SYMBOL", "DESCRIPTION", "EXCHANGE", "TYPE", "CURRENCY")
					for _, s := range details.Symbols {
						t.row(text(s.Symbol), orDash(s.Description), orDash(s.Exchange), orDash(string(s.AssetType)), orDash(s.Currency))
					}
					if err := t.flush(); err != nil {
						return err
					}
				}
				return bad.report(x.stderr)
			}
		},
	}
}

func errNoBody(what string) error {
	return fmt.Errorf("TradeStation answered the %s request without a JSON body", what)
}

// joinNonEmpty joins the non-empty parts with ": ".
func joinNonEmpty(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ": ")
}
