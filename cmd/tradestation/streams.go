package main

import (
	"context"
	"errors"
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
				return nil // Ctrl-C (exit 130) or --timeout (exit 0)
			}
			var se *stream.Error
			var me *stream.MessageError
			switch {
			case errors.As(err, &se) && se.Verdict != stream.Fatal, errors.As(err, &me):
				fmt.Fprintf(x.stderr, "tradestation: %s\n", oneLine(err))
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
			fmt.Fprintf(x.stderr, "tradestation: reconnected after: %s; a fresh snapshot follows\n", oneLine(cause))
		}),
		stream.OnRetry(func(attempt int, wait time.Duration, cause error) {
			fmt.Fprintf(x.stderr, "tradestation: connection lost (%s); reconnecting in %v (attempt %d)\n", oneLine(cause), wait.Round(time.Millisecond), attempt)
		}),
	}
}

// streamColumn is one column of a stream's output: its title and its
// width. A stream cannot wait for the widest value, so widths are fixed;
// numbers are right-aligned in them, and the last column has no width.
type streamColumn struct {
	title string
	width int
	num   bool
}

// col is a column of text, num one of numbers.
func col(title string, width int) streamColumn { return streamColumn{title: title, width: width} }
func num(title string, width int) streamColumn {
	return streamColumn{title: title, width: width, num: true}
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
		titles[i] = cell{text: c.title, num: c.num}
	}
	return t, t.line(false, titles)
}

// row prints one message's cells, toned cells in colour when it is on.
func (t streamTable) row(cells ...cell) error { return t.line(t.x.colour(), cells) }

// line pads every cell to its column's width, numbers on the left, with
// the column gap between cells; toned cells are coloured after padding.
func (t streamTable) line(colour bool, cells []cell) error {
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteString(columnGap)
		}
		pad := 0
		if i < len(t.columns) {
			pad = max(t.columns[i].width-utf8.RuneCountInString(c.text), 0)
		}
		right := i < len(t.columns) && t.columns[i].num
		if right {
			b.WriteString(strings.Repeat(" ", pad))
		}
		b.WriteString(paint(colour, c.tone, c.text))
		if !right && i < len(cells)-1 {
			b.WriteString(strings.Repeat(" ", pad))
		}
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
	t, err := newStreamTable(x, col("TIME", 23), col("SYMBOL", 10), num("LAST", 10),
		num("CHANGE", 9), num("BID", 10), num("ASK", 10), num("VOLUME", 11))
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
		setup: func(f *flagSet) runFunc {
			var b barFlags
			b.register(f, "recent bars to send before the forming one (default: TradeStation's)")
			return b.stream
		},
	}
}

// stream follows the bars of one symbol.
func (b *barFlags) stream(ctx context.Context, x *invocation, args []string) error {
	symbol, err := oneSymbol(args, "symbol")
	if err != nil {
		return err
	}
	unit, err := b.parse()
	if err != nil {
		return err
	}
	params := &v3.StreamBarsParams{Interval: int32(b.interval), Unit: unit, BarsBack: int32(b.barsBack)}
	api, err := x.v3()
	if err != nil {
		return err
	}
	t, err := newStreamTable(x, col("TIME", 20), num("OPEN", 10), num("HIGH", 10), num("LOW", 10),
		num("CLOSE", 10), num("CLOSE-OPEN", 10), num("VOLUME", 11), col("STATUS", 0))
	if err != nil {
		return err
	}
	return follow(ctx, x, stream.Bars(ctx, api, symbol, params, streamNotes(x)...), func(bar v3.Bar) error {
		return t.row(append(barCells(bar, x.loc, unit), orDash(string(bar.BarStatus)))...)
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
	t, err := newStreamTable(x, col("ACCOUNT", 12), col("SYMBOL", 10), col("SIDE", 5), num("QTY", 8),
		num("AVG PRICE", 10), num("LAST", 10), num("UNREALIZED P/L", 14), num("TODAY P/L", 11))
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
