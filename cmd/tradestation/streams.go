package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// follow prints each message of a stream until the stream ends, the
// context ends (Ctrl-C, --timeout: a clean end) or an error ends it (a
// stream whose every symbol or account failed among them). Errors about
// one symbol or one message are reported and the stream goes on.
func follow[T any](ctx context.Context, x *invocation, seq iter.Seq2[T, error], show func(T) error) error {
	for v, err := range seq {
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var se *stream.Error
			var me *stream.MessageError
			switch {
			case errors.As(err, &se) && se.Verdict != stream.Fatal, errors.As(err, &me):
				fmt.Fprintf(x.stderr, "tradestation: %v\n", err)
				continue
			}
			return err
		}
		if x.g.json {
			if err := printJSONLine(x.stdout, v); err != nil {
				return err
			}
			continue
		}
		if err := show(v); err != nil {
			return err
		}
	}
	return nil
}

// streamNotes reports the stream's life on stderr: the end of the first
// snapshot, reconnections and the waits before them.
func streamNotes(x *invocation) []stream.Option {
	return []stream.Option{
		stream.OnEndSnapshot(func() {
			fmt.Fprintln(x.stderr, "tradestation: snapshot complete; following changes (Ctrl-C to stop)")
		}),
		stream.OnReconnect(func(cause error) {
			fmt.Fprintf(x.stderr, "tradestation: reconnected after: %v; a fresh snapshot follows\n", cause)
		}),
		stream.OnRetry(func(attempt int, wait time.Duration, cause error) {
			fmt.Fprintf(x.stderr, "tradestation: connection lost (%v); reconnecting in %v (attempt %d)\n", cause, wait.Round(time.Millisecond), attempt)
		}),
	}
}

// streamColumn is one column of a stream's output: its title and its
// width. A stream cannot wait for the widest value, so widths are fixed;
// the last column has none.
type streamColumn struct {
	title string
	width int
}

// streamTable prints a stream's messages one line each under a header.
type streamTable struct {
	x       *invocation
	columns []streamColumn
}

// newStreamTable prints the header, unless the stream prints JSON.
func newStreamTable(x *invocation, columns ...streamColumn) (streamTable, error) {
	t := streamTable{x: x, columns: columns}
	if x.g.json {
		return t, nil
	}
	titles := make([]cell, len(columns))
	for i, c := range columns {
		titles[i] = text(c.title)
	}
	return t, t.line(false, titles)
}

// row prints one message's cells, toned cells in colour when it is on.
func (t streamTable) row(cells ...cell) error { return t.line(t.x.colour(), cells) }

// line pads every cell but the last to its column's width, and at least
// one space; toned cells are coloured before padding.
func (t streamTable) line(colour bool, cells []cell) error {
	var b strings.Builder
	for i, c := range cells {
		b.WriteString(paint(colour, c.tone, c.text))
		if i == len(cells)-1 {
			break
		}
		pad := 1
		if i < len(t.columns) {
			pad = max(t.columns[i].width-utf8.RuneCountInString(c.text), 1)
		}
		b.WriteString(strings.Repeat(" ", pad))
	}
	b.WriteString("\n")
	_, err := io.WriteString(t.x.stdout, b.String())
	return err
}

func streamQuotesCommand() *command {
	return &command{
		name: "stream quotes", args: "SYMBOL...", timing: untimed,
		summary: "Print quote changes as they happen, until Ctrl-C.",
		example: "tradestation stream quotes MSFT AAPL --json",
		setup:   noFlags(runStreamQuotes),
	}
}

func runStreamQuotes(ctx context.Context, x *invocation, args []string) error {
	syms, err := symbols(args, client.MaxQuoteSymbols)
	if err != nil {
		return err
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	t, err := newStreamTable(x, streamColumn{"TIME", 20}, streamColumn{"SYMBOL", 10}, streamColumn{"LAST", 12},
		streamColumn{"CHANGE", 10}, streamColumn{"BID", 10}, streamColumn{"ASK", 10}, streamColumn{"VOLUME", 0})
	if err != nil {
		return err
	}
	// Updates carry only what changed: keep the whole quote per symbol.
	latest := map[string]*v3.Quote{}
	return follow(ctx, x, stream.Quotes(ctx, api, syms, streamNotes(x)...), func(q v3.Quote) error {
		cur := latest[q.Symbol]
		if cur == nil {
			cur = &v3.Quote{Symbol: q.Symbol}
			latest[q.Symbol] = cur
		}
		mergeQuote(cur, q)
		return t.row(clock(cur.TradeTime, x.loc, dateTimeLayout), text(cur.Symbol),
			dec(cur.Last), signed(cur.NetChange), dec(cur.Bid), dec(cur.Ask), dec(cur.Volume))
	})
}

// mergeQuote copies the fields of an update that are present into cur.
func mergeQuote(cur *v3.Quote, u v3.Quote) {
	set := func(dst *value.Decimal, src value.Decimal) {
		if !src.IsZero() {
			*dst = src
		}
	}
	set(&cur.Last, u.Last)
	set(&cur.NetChange, u.NetChange)
	set(&cur.NetChangePct, u.NetChangePct)
	set(&cur.Bid, u.Bid)
	set(&cur.Ask, u.Ask)
	set(&cur.Volume, u.Volume)
	if !u.TradeTime.IsZero() {
		cur.TradeTime = u.TradeTime
	}
}

func streamBarsCommand() *command {
	return &command{
		name: "stream bars", args: "SYMBOL", timing: untimed,
		summary: "Print recent bars, then the forming bar as it changes, until Ctrl-C.",
		example: "tradestation stream bars MSFT --unit minute --interval 1 --barsback 5",
		setup: func(fs *flag.FlagSet) runFunc {
			var f barFlags
			f.register(fs)
			return f.stream
		},
	}
}

// stream follows the bars of one symbol.
func (f *barFlags) stream(ctx context.Context, x *invocation, args []string) error {
	symbol, err := oneSymbol(args, "symbol")
	if err != nil {
		return err
	}
	unit, err := f.parse()
	if err != nil {
		return err
	}
	params := &v3.StreamBarsParams{Interval: int32(f.interval), Unit: unit, BarsBack: int32(f.barsBack)}
	api, err := x.v3()
	if err != nil {
		return err
	}
	t, err := newStreamTable(x, streamColumn{"TIME", 18}, streamColumn{"OPEN", 10}, streamColumn{"HIGH", 10}, streamColumn{"LOW", 10},
		streamColumn{"CLOSE", 10}, streamColumn{"CHANGE", 10}, streamColumn{"VOLUME", 12}, streamColumn{"STATUS", 0})
	if err != nil {
		return err
	}
	layout := barLayout(unit)
	return follow(ctx, x, stream.Bars(ctx, api, symbol, params, streamNotes(x)...), func(bar v3.Bar) error {
		return t.row(append(barCells(bar, x.loc, layout), orDash(string(bar.BarStatus)))...)
	})
}

func streamOrdersCommand() *command {
	return &command{
		name: "stream orders", args: "[ACCOUNT...]", timing: untimed,
		summary: "Print the open orders, then every change to them, until Ctrl-C.",
		example: "tradestation stream orders 11827364",
		setup:   noFlags(runStreamOrders),
	}
}

func runStreamOrders(ctx context.Context, x *invocation, args []string) error {
	ids, api, err := accountsAPI(ctx, x, args)
	if err != nil {
		return err
	}
	t, err := newStreamTable(x, streamColumn{"ORDER", 12}, streamColumn{"ACCOUNT", 14}, streamColumn{"SYMBOL", 10}, streamColumn{"SIDE", 6},
		streamColumn{"QTY", 8}, streamColumn{"FILLED", 8}, streamColumn{"TYPE", 12}, streamColumn{"STATUS", 0})
	if err != nil {
		return err
	}
	return follow(ctx, x, stream.Orders(ctx, api, ids, streamNotes(x)...), func(o v3.Order) error {
		row := append([]cell{text(o.OrderID), text(o.AccountID)}, firstLeg(o)...)
		return t.row(append(row, orDash(string(o.OrderType)), orDash(orderStatus(o)))...)
	})
}

func streamPositionsCommand() *command {
	return &command{
		name: "stream positions", args: "[ACCOUNT...]", timing: untimed,
		summary: "Print the positions, then every change to them, until Ctrl-C.",
		example: "tradestation stream positions 11827364 --json",
		setup:   noFlags(runStreamPositions),
	}
}

func runStreamPositions(ctx context.Context, x *invocation, args []string) error {
	ids, api, err := accountsAPI(ctx, x, args)
	if err != nil {
		return err
	}
	t, err := newStreamTable(x, streamColumn{"ACCOUNT", 14}, streamColumn{"SYMBOL", 10}, streamColumn{"SIDE", 6}, streamColumn{"QTY", 8},
		streamColumn{"AVG PRICE", 10}, streamColumn{"LAST", 10}, streamColumn{"UNREALIZED", 14}, streamColumn{"TODAY", 0})
	if err != nil {
		return err
	}
	return follow(ctx, x, stream.Positions(ctx, api, ids, nil, streamNotes(x)...), func(p v3.Position) error {
		if p.Deleted {
			_, err := fmt.Fprintf(x.stdout, "%s %s closed\n", p.AccountID, firstNonEmpty(p.Symbol, p.PositionID))
			return err
		}
		return t.row(text(p.AccountID), text(p.Symbol), orDash(string(p.LongShort)), dec(p.Quantity),
			dec(p.AveragePrice), dec(p.Last), signed(p.UnrealizedProfitLoss), signed(p.TodaysProfitLoss))
	})
}
