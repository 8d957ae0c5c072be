package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// symbols reads the symbols given on the command line (commas allowed),
// upper-cased: at least one, at most limit.
func symbols(args []string, limit int) ([]string, error) {
	if len(args) == 0 {
		return nil, usageErrorf("give at least one symbol, such as MSFT")
	}
	var out []string
	for _, a := range args {
		for _, s := range strings.Split(a, ",") {
			s = strings.ToUpper(strings.TrimSpace(s))
			if s == "" {
				return nil, usageErrorf("empty symbol in %q", a)
			}
			out = append(out, s)
		}
	}
	if len(out) > limit {
		return nil, fmt.Errorf("at most %d symbols at once, got %d", limit, len(out))
	}
	return out, nil
}

// symbolProblems words the failures of single symbols in an answer.
func symbolProblems(errs []v3.SymbolError) problems {
	var bad problems
	for _, e := range errs {
		bad.add("%s: %s", e.Symbol, joinNonEmpty(e.Error, e.Message))
	}
	return bad
}

// oneSymbol reads the single symbol a command takes, upper-cased; what
// names it in the error ("symbol", "underlying symbol").
func oneSymbol(args []string, what string) (string, error) {
	if len(args) != 1 {
		return "", usageErrorf("give exactly one %s, such as MSFT", what)
	}
	return strings.ToUpper(args[0]), nil
}

func quoteCommand() *command {
	return &command{
		name: "quote", args: "SYMBOL...", v2: true,
		summary: "Show the latest quote of each symbol.",
		example: "tradestation quote MSFT AAPL",
		setup:   noFlags(runQuote),
	}
}

var quoteHeader = []string{"SYMBOL", "LAST", "CHANGE", "CHANGE%", "BID", "ASK", "VOLUME", "TIME"}

func runQuote(ctx context.Context, x *invocation, args []string) error {
	syms, err := symbols(args, client.MaxQuoteSymbols)
	if err != nil {
		return err
	}
	if x.g.v2 {
		return quoteV2(ctx, x, syms)
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	resp, err := api.GetQuoteSnapshots(ctx, syms)
	if err != nil {
		return err
	}
	return listing[v3.Quote]{
		header: quoteHeader,
		row: func(q v3.Quote) []cell {
			return []cell{text(q.Symbol), dec(q.Last), signed(q.NetChange), signedSuffix(q.NetChangePct, "%"),
				dec(q.Bid), dec(q.Ask), dec(q.Volume), clock(q.TradeTime, x.loc, dateTimeLayout)}
		},
	}.print(x, resp.Quotes, symbolProblems(resp.Errors))
}

func quoteV2(ctx context.Context, x *invocation, syms []string) error {
	api, err := x.v2()
	if err != nil {
		return err
	}
	resp, err := api.GetQuotes(ctx, syms)
	if err != nil {
		return err
	}
	var good []v2.Quote
	var bad problems
	for _, q := range *resp {
		if q.Error != "" {
			bad.add("%s: %s", q.Symbol, q.Error)
			continue
		}
		good = append(good, q)
	}
	return listing[v2.Quote]{
		header: quoteHeader,
		row: func(q v2.Quote) []cell {
			// v2 sends the change as a fraction (0.0123 for 1.23%).
			return []cell{text(q.Symbol), dec(q.Last), signed(q.NetChange), signedSuffix(percent(q.NetChangePct), "%"),
				dec(q.Bid), dec(q.Ask), dec(q.Volume), clock(q.TradeTime.Time, x.loc, dateTimeLayout)}
		},
	}.print(x, good, bad)
}

// barFlags are the flags of bars and stream bars.
type barFlags struct {
	interval int
	unit     string
	barsBack int
}

func (b *barFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&b.interval, "interval", 1, fmt.Sprintf("bar length in units (minute bars: 1 to %d; other units: 1)", client.MaxMinuteInterval))
	fs.StringVar(&b.unit, "unit", "daily", "minute, daily, weekly or monthly")
	fs.IntVar(&b.barsBack, "barsback", 0, fmt.Sprintf("number of bars up to now or --last (default %d without --first)", defaultBarsBack))
}

// defaultBarsBack is how many bars the bars command shows when neither
// --barsback nor --first says.
const defaultBarsBack = 20

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
	switch {
	case b.interval < 1:
		return "", fmt.Errorf("--interval %d must be at least 1", b.interval)
	case unit == v3.BarUnitMinute && b.interval > client.MaxMinuteInterval:
		return "", fmt.Errorf("--interval %d is more than %d minutes", b.interval, client.MaxMinuteInterval)
	case unit != v3.BarUnitMinute && b.interval != 1:
		return "", fmt.Errorf("--interval must be 1 for %s bars", strings.ToLower(string(unit)))
	case b.barsBack < 0 || b.barsBack > client.MaxBarsBack:
		return "", fmt.Errorf("--barsback %d is not between 1 and %d", b.barsBack, client.MaxBarsBack)
	}
	return unit, nil
}

// barLayout shows minute bars to the minute and longer ones by the day.
func barLayout(unit v3.BarUnit) string {
	if unit == v3.BarUnitMinute {
		return minuteLayout
	}
	return dateLayout
}

// barCells shows a bar: its time, prices, change from open to close and
// volume.
func barCells(bar v3.Bar, loc *time.Location, layout string) []cell {
	return []cell{clock(bar.TimeStamp, loc, layout), dec(bar.Open), dec(bar.High), dec(bar.Low), dec(bar.Close),
		signed(difference(bar.Close, bar.Open)), dec(bar.TotalVolume)}
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
			var f barsFlags
			f.register(fs)
			return f.run
		},
	}
}

// The heights, in lines, that bars --chart accepts.
const (
	minChartHeight     = 3
	defaultChartHeight = 12
	maxChartHeight     = 100
)

// barsFlags are the flags of the bars command.
type barsFlags struct {
	barFlags
	first, last string
	chart       bool
	height      int
}

func (f *barsFlags) register(fs *flag.FlagSet) {
	f.barFlags.register(fs)
	fs.StringVar(&f.first, "first", "", "first bar's date, YYYY-MM-DD (instead of --barsback)")
	fs.StringVar(&f.last, "last", "", "last bar's date, YYYY-MM-DD (default: now)")
	fs.BoolVar(&f.chart, "chart", false, "draw a candlestick chart instead of the table")
	fs.IntVar(&f.height, "height", defaultChartHeight, "chart height in lines")
}

// params checks the flags and builds the request.
func (f *barsFlags) params(json bool) (*v3.GetBarsParams, error) {
	unit, err := f.parse()
	if err != nil {
		return nil, err
	}
	switch {
	case f.first != "" && f.barsBack != 0:
		return nil, usageErrorf("--first and --barsback exclude each other; TradeStation takes one or the other")
	case f.chart && json:
		return nil, usageErrorf("--chart and --json exclude each other")
	case f.height < minChartHeight || f.height > maxChartHeight:
		return nil, fmt.Errorf("--height %d is not between %d and %d", f.height, minChartHeight, maxChartHeight)
	}
	if err := checkDate("first", f.first); err != nil {
		return nil, err
	}
	if err := checkDate("last", f.last); err != nil {
		return nil, err
	}
	params := &v3.GetBarsParams{Interval: int32(f.interval), Unit: unit, FirstDate: f.first, LastDate: f.last}
	if f.first == "" {
		params.BarsBack = int32(cmp.Or(f.barsBack, defaultBarsBack))
	}
	return params, nil
}

func (f *barsFlags) run(ctx context.Context, x *invocation, args []string) error {
	symbol, err := oneSymbol(args, "symbol")
	if err != nil {
		return err
	}
	params, err := f.params(x.g.json)
	if err != nil {
		return err
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	resp, err := api.GetBars(ctx, symbol, params)
	if err != nil {
		return err
	}
	bars := resp.Bars
	switch {
	case x.g.json:
	case len(bars) == 0:
		return fmt.Errorf("no bars for %s in that range", symbol)
	case f.chart:
		return drawChart(x.stdout, chartInput{symbol: symbol, bars: bars, height: f.height, colour: x.colour(), loc: x.loc, unit: params.Unit})
	}
	layout := barLayout(params.Unit)
	return listing[v3.Bar]{
		header: []string{"TIME", "OPEN", "HIGH", "LOW", "CLOSE", "CHANGE", "VOLUME"},
		row:    func(bar v3.Bar) []cell { return barCells(bar, x.loc, layout) },
	}.print(x, bars, problems{})
}

func symbolCommand() *command {
	return &command{
		name: "symbol", args: "SYMBOL...",
		summary: "Describe symbols: name, exchange, asset type, currency.",
		example: "tradestation symbol MSFT ESZ25",
		setup:   noFlags(runSymbol),
	}
}

func runSymbol(ctx context.Context, x *invocation, args []string) error {
	syms, err := symbols(args, client.MaxSymbolDetails)
	if err != nil {
		return err
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	resp, err := api.GetSymbolDetails(ctx, syms)
	if err != nil {
		return err
	}
	return listing[v3.SymbolDetail]{
		header: []string{"SYMBOL", "DESCRIPTION", "EXCHANGE", "TYPE", "CURRENCY"},
		row: func(s v3.SymbolDetail) []cell {
			return []cell{text(s.Symbol), orDash(s.Description), orDash(s.Exchange), orDash(string(s.AssetType)), orDash(s.Currency)}
		},
	}.print(x, resp.Symbols, symbolProblems(resp.Errors))
}
