package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"iter"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// follow prints each message of a stream until the stream ends, the
// context ends (Ctrl-C, --timeout: a clean end) or a fatal error arrives.
// Errors about one symbol or one message are reported and the stream goes
// on.
func follow[T any](ctx context.Context, x *invocation, seq iter.Seq2[T, error], show func(T) error) error {
	for v, err := range seq {
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var se *stream.Error
			var me *stream.MessageError
			switch {
			case errors.As(err, &se) && !se.Fatal, errors.As(err, &me):
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

// columns formats a stream line: fixed widths, since a stream cannot wait
// for the widest value. Every cell but the last is padded to its width
// (at least one space follows it); toned cells are coloured before padding.
func columns(colour bool, widths []int, cells ...cell) string {
	var b strings.Builder
	for i, c := range cells {
		b.WriteString(paint(colour, c.tone, c.text))
		if i == len(cells)-1 {
			break
		}
		pad := 1
		if i < len(widths) {
			pad = max(widths[i]-utf8.RuneCountInString(c.text), 1)
		}
		b.WriteString(strings.Repeat(" ", pad))
	}
	b.WriteString("\n")
	return b.String()
}

func streamQuotesCommand() *command {
	return &command{
		name: "stream quotes", args: "SYMBOL...", timing: untimed,
		summary: "Print quote changes as they happen, until Ctrl-C.",
		example: "tradestation stream quotes MSFT AAPL --json",
		setup: func(fs *flag.FlagSet) runFunc {
			return func(ctx context.Context, x *invocation, args []string) error {
				syms, err := symbols(args, "stream quotes")
				if err != nil {
					return err
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				widths := []int{20, 10, 12, 10, 10, 10, 12}
				if !x.g.json {
					fmt.Fprint(x.stdout, columns(false, widths, text("TIME"), text("SYMBOL"), text("LAST"), text("CHANGE"), text("BID"), text("ASK"), text("VOLUME")))
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
					_, err := fmt.Fprint(x.stdout, columns(x.colour(), widths, clock(cur.TradeTime, x.loc, dateTimeLayout), text(cur.Symbol),
						dec(cur.Last), signed(cur.NetChange), dec(cur.Bid), dec(cur.Ask), dec(cur.Volume)))
					return err
				})
			}
		},
	}
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
			var b barFlags
			b.register(fs)
			return func(ctx context.Context, x *invocation, args []string) error {
				if len(args) != 1 {
					return usageErrorf("give exactly one symbol, such as MSFT")
				}
				unit, err := b.parse()
				if err != nil {
					return err
				}
				interval := int32(b.interval)
				params := &v3.StreamBarsParams{Interval: &interval, Unit: &unit}
				if b.barsBack > 0 {
					n := int32(b.barsBack)
					params.BarsBack = &n
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				layout := dateLayout
				if unit == v3.BarUnitMinute {
					layout = minuteLayout
				}
				widths := []int{18, 10, 10, 10, 10, 10, 12}
				if !x.g.json {
					fmt.Fprint(x.stdout, columns(false, widths, text("TIME"), text("OPEN"), text("HIGH"), text("LOW"), text("CLOSE"), text("CHANGE"), text("VOLUME"), text("STATUS")))
				}
				return follow(ctx, x, stream.Bars(ctx, api, strings.ToUpper(args[0]), params, streamNotes(x)...), func(bar v3.Bar) error {
					_, err := fmt.Fprint(x.stdout, columns(x.colour(), widths, clock(bar.TimeStamp, x.loc, layout), dec(bar.Open), dec(bar.High), dec(bar.Low),
						dec(bar.Close), signed(difference(bar.Close, bar.Open)), dec(bar.TotalVolume), orDash(string(bar.BarStatus))))
					return err
				})
			}
		},
	}
}

func streamOrdersCommand() *command {
	return &command{
		name: "stream orders", args: "[ACCOUNT...]", timing: untimed,
		summary: "Print the open orders, then every change to them, until Ctrl-C.",
		example: "tradestation stream orders SIM1234567M",
		setup: func(fs *flag.FlagSet) runFunc {
			return func(ctx context.Context, x *invocation, args []string) error {
				if _, err := splitIDs(args, "account id"); err != nil {
					return err
				}
				ids, err := accountIDs(ctx, x, args)
				if err != nil {
					return err
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				widths := []int{12, 14, 10, 6, 8, 8, 12}
				if !x.g.json {
					fmt.Fprint(x.stdout, columns(false, widths, text("ORDER"), text("ACCOUNT"), text("SYMBOL"), text("SIDE"), text("QTY"), text("FILLED"), text("TYPE"), text("STATUS")))
				}
				return follow(ctx, x, stream.Orders(ctx, api, ids, streamNotes(x)...), func(o v3.Order) error {
					symbol, side, qty, filled := text("-"), text("-"), text("-"), text("-")
					if len(o.Legs) > 0 {
						l := o.Legs[0]
						symbol, side, qty, filled = text(l.Symbol), orDash(string(l.BuyOrSell)), dec(l.QuantityOrdered), dec(l.ExecQuantity)
					}
					status := firstNonEmpty(o.StatusDescription, string(o.Status))
					_, err := fmt.Fprint(x.stdout, columns(x.colour(), widths, text(o.OrderID), text(o.AccountID), symbol, side, qty, filled,
						orDash(string(o.OrderType)), orDash(status)))
					return err
				})
			}
		},
	}
}

func streamPositionsCommand() *command {
	return &command{
		name: "stream positions", args: "[ACCOUNT...]", timing: untimed,
		summary: "Print the positions, then every change to them, until Ctrl-C.",
		example: "tradestation stream positions --json",
		setup: func(fs *flag.FlagSet) runFunc {
			return func(ctx context.Context, x *invocation, args []string) error {
				if _, err := splitIDs(args, "account id"); err != nil {
					return err
				}
				ids, err := accountIDs(ctx, x, args)
				if err != nil {
					return err
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				widths := []int{14, 10, 6, 8, 10, 10, 14}
				if !x.g.json {
					fmt.Fprint(x.stdout, columns(false, widths, text("ACCOUNT"), text("SYMBOL"), text("SIDE"), text("QTY"), text("AVG PRICE"), text("LAST"), text("UNREALIZED"), text("TODAY")))
				}
				return follow(ctx, x, stream.Positions(ctx, api, ids, nil, streamNotes(x)...), func(p v3.Position) error {
					if p.Deleted {
						_, err := fmt.Fprintf(x.stdout, "%s %s closed\n", p.AccountID, firstNonEmpty(p.Symbol, p.PositionID))
						return err
					}
					_, err := fmt.Fprint(x.stdout, columns(x.colour(), widths, text(p.AccountID), text(p.Symbol), orDash(string(p.LongShort)), dec(p.Quantity),
						dec(p.AveragePrice), dec(p.Last), signed(p.UnrealizedProfitLoss), signed(p.TodaysProfitLoss)))
					return err
				})
			}
		},
	}
}
