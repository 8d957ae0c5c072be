package main

import (
	"cmp"
	"context"
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
		return nil, usageErrorf("at most %d symbols at once, got %d", limit, len(out))
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

// register adds --interval, --unit and --barsback; barsBackUsage says
// what --barsback does for this command.
func (b *barFlags) register(f *flagSet, barsBackUsage string) {
	whole(f, &b.interval, "interval", 1, 1, client.MaxMinuteInterval, fmt.Sprintf("bar length in units: 1 to %s minutes for minute bars, 1 for the others", grouped(client.MaxMinuteInterval)))
	f.choice(&b.unit, "unit", "daily", "bar unit: minute, daily, weekly or monthly", "minute", "daily", "weekly", "monthly")
	whole(f, &b.barsBack, "barsback", 0, 1, client.MaxBarsBack, barsBackUsage)
	f.Lookup("barsback").DefValue = ""
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
		return "", usageErrorf("--unit must be minute, daily, weekly or monthly, not %q", b.unit)
	}
	if unit != v3.BarUnitMinute && b.interval != 1 {
		return "", usageErrorf("--interval must be 1 for %s bars; only minute bars take longer intervals", strings.ToLower(string(unit)))
	}
	return unit, nil
}

// barHeader heads the columns of barCells; CLOSE-OPEN is the bar's own
// change, not the change from the day before.
var barHeader = []string{"TIME", "OPEN", "HIGH", "LOW", "CLOSE", "CLOSE-OPEN", "VOLUME"}

// barCells shows a bar: its time (a day for daily and longer bars), its
// prices, the change from its open to its close and its volume.
func barCells(bar v3.Bar, loc *time.Location, unit v3.BarUnit) []cell {
	when := day(bar.TimeStamp)
	if unit == v3.BarUnitMinute {
		when = clock(bar.TimeStamp, loc, minuteLayout)
	}
	return []cell{when, dec(bar.Open), dec(bar.High), dec(bar.Low), dec(bar.Close),
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
	return usageErrorf("--%s must be a date such as 2025-06-20 or an RFC 3339 time, not %q", flagName, s)
}

func barsCommand() *command {
	return &command{
		name: "bars", args: "SYMBOL",
		summary: "Show price bars of a symbol, as a table or a chart (--chart).",
		long:    "Times are in the local zone (--utc for UTC); daily, weekly and monthly bars show their day. CLOSE-OPEN is a bar's change from its open to its close. The chart fits the terminal (or --width) and shows the latest bars that fit.",
		example: "tradestation bars MSFT --unit minute --interval 5 --barsback 30 --chart",
		setup: func(f *flagSet) runFunc {
			var b barsFlags
			b.register(f)
			return b.run
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
	flags       *flagSet
}

func (b *barsFlags) register(f *flagSet) {
	b.flags = f
	b.barFlags.register(f, fmt.Sprintf("number of bars up to now or --last (default %d; not with --first)", defaultBarsBack))
	f.text(&b.first, "first", "", "DATE", "first bar's date, YYYY-MM-DD (instead of --barsback)")
	f.text(&b.last, "last", "", "DATE", "last bar's date, YYYY-MM-DD (default: now)")
	f.BoolVar(&b.chart, "chart", false, "draw a candlestick chart instead of the table")
	whole(f, &b.height, "height", defaultChartHeight, minChartHeight, maxChartHeight, "chart height in lines")
}

// params checks the flags and builds the request.
func (b *barsFlags) params(json bool) (*v3.GetBarsParams, error) {
	unit, err := b.parse()
	if err != nil {
		return nil, err
	}
	switch {
	case b.first != "" && b.flags.Changed("barsback"):
		return nil, usageErrorf("--first and --barsback exclude each other; TradeStation takes one or the other")
	case b.chart && json:
		return nil, usageErrorf("--chart and --json exclude each other")
	case b.flags.Changed("height") && !b.chart:
		return nil, usageErrorf("--height goes with --chart")
	}
	if err := checkDate("first", b.first); err != nil {
		return nil, err
	}
	if err := checkDate("last", b.last); err != nil {
		return nil, err
	}
	params := &v3.GetBarsParams{Interval: int32(b.interval), Unit: unit, FirstDate: b.first, LastDate: b.last}
	if b.first == "" {
		params.BarsBack = int32(cmp.Or(b.barsBack, defaultBarsBack))
	}
	return params, nil
}

func (b *barsFlags) run(ctx context.Context, x *invocation, args []string) error {
	symbol, err := oneSymbol(args, "symbol")
	if err != nil {
		return err
	}
	params, err := b.params(x.g.json)
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
	case b.chart:
		return drawChart(x.stdout, chartInput{symbol: symbol, bars: bars, height: b.height, width: x.helpWidth(x.g),
			colour: x.colour(), loc: x.loc, unit: params.Unit, interval: b.interval})
	}
	return listing[v3.Bar]{
		header: barHeader,
		row:    func(bar v3.Bar) []cell { return barCells(bar, x.loc, params.Unit) },
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
		header:  []string{"SYMBOL", "DESCRIPTION", "EXCHANGE", "TYPE", "CURRENCY"},
		elastic: []int{1},
		row: func(s v3.SymbolDetail) []cell {
			return []cell{text(s.Symbol), orDash(s.Description), orDash(s.Exchange), orDash(string(s.AssetType)), orDash(s.Currency)}
		},
	}.print(x, resp.Symbols, symbolProblems(resp.Errors))
}
