package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
)

// The price levels per side that stream depth asks for.
const (
	defaultDepthLevels = 10
	maxDepthLevels     = 100
)

func streamDepthCommand() *command {
	return &command{
		name: "stream depth", args: "SYMBOL", timing: untimed,
		summary: "Print the order book of a symbol (market depth) each time it changes, until Ctrl-C.",
		long:    "Each price level shows the size bid or asked there and the number of orders; --participants shows each market participant's quote instead.",
		example: "tradestation stream depth MSFT --levels 5",
		setup: func(f *flagSet) runFunc {
			var d depthFlags
			whole(f, &d.levels, "levels", defaultDepthLevels, 1, maxDepthLevels, "price levels per side")
			f.BoolVar(&d.participants, "participants", false, "one line per participant's quote instead of one per price level")
			return d.run
		},
	}
}

// depthFlags are the flags of stream depth.
type depthFlags struct {
	levels       int
	participants bool
}

func (d *depthFlags) run(ctx context.Context, x *invocation, args []string) error {
	symbol, err := oneSymbol(args, "symbol")
	if err != nil {
		return err
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	if d.participants {
		params := &v3.StreamMarketDepthQuotesParams{MaxLevels: int32(d.levels)}
		return follow(ctx, x, stream.MarketDepthQuotes(ctx, api, symbol, params, streamNotes(x)...), func(book v3.MarketDepthQuote) error {
			return showParticipants(x, symbol, book)
		})
	}
	params := &v3.StreamMarketDepthAggregatesParams{MaxLevels: int32(d.levels)}
	return follow(ctx, x, stream.MarketDepthAggregates(ctx, api, symbol, params, streamNotes(x)...), func(book v3.MarketDepthAggregate) error {
		return showLevels(x, symbol, book)
	})
}

// showLevels prints one book of price levels: bids on the left, best
// first, asks on the right.
func showLevels(x *invocation, symbol string, book v3.MarketDepthAggregate) error {
	var latest time.Time
	for _, l := range append(append([]v3.DepthAggregate(nil), book.Bids...), book.Asks...) {
		if l.LatestTime.After(latest) {
			latest = l.LatestTime
		}
	}
	bookTitle(x, symbol, latest)
	t := x.table("BID ORDERS", "BID SIZE", "BID", "ASK", "ASK SIZE", "ASK ORDERS")
	for i := range max(len(book.Bids), len(book.Asks)) {
		row := []cell{absent(), absent(), absent(), absent(), absent(), absent()}
		if i < len(book.Bids) {
			b := book.Bids[i]
			row[0], row[1], row[2] = count(b.TotalOrderCount), dec(b.TotalSize), dec(b.Price)
		}
		if i < len(book.Asks) {
			a := book.Asks[i]
			row[3], row[4], row[5] = dec(a.Price), dec(a.TotalSize), count(a.TotalOrderCount)
		}
		t.row(row...)
	}
	return t.flush()
}

// showParticipants prints one book of participants' quotes.
func showParticipants(x *invocation, symbol string, book v3.MarketDepthQuote) error {
	var latest time.Time
	for _, q := range append(append([]v3.DepthQuote(nil), book.Bids...), book.Asks...) {
		if q.TimeStamp.After(latest) {
			latest = q.TimeStamp
		}
	}
	bookTitle(x, symbol, latest)
	t := x.table("BIDDER", "BID SIZE", "BID", "ASK", "ASK SIZE", "ASKER")
	for i := range max(len(book.Bids), len(book.Asks)) {
		row := []cell{absent(), absent(), absent(), absent(), absent(), absent()}
		if i < len(book.Bids) {
			b := book.Bids[i]
			row[0], row[1], row[2] = orDash(b.Name), dec(b.Size), dec(b.Price)
		}
		if i < len(book.Asks) {
			a := book.Asks[i]
			row[3], row[4], row[5] = dec(a.Price), dec(a.Size), orDash(a.Name)
		}
		t.row(row...)
	}
	return t.flush()
}

// bookTitle heads each book a depth stream prints.
func bookTitle(x *invocation, symbol string, at time.Time) {
	if at.IsZero() {
		fmt.Fprintf(x.stdout, "\n%s market depth\n", symbol)
		return
	}
	fmt.Fprintf(x.stdout, "\n%s market depth at %s\n", symbol, at.In(x.loc).Format(dateTimeLayout+" MST"))
}

func streamOptionChainCommand() *command {
	return &command{
		name: "stream options chain", args: "UNDERLYING", timing: untimed,
		summary: "Print the calls and puts around the money of one expiration, then each one that changes, until Ctrl-C.",
		example: "tradestation stream options chain MSFT --expiration 2025-06-20 --proximity 2",
		setup: func(f *flagSet) runFunc {
			var c streamChainFlags
			expirationFlag(f, &c.expiration)
			whole(f, &c.proximity, "proximity", defaultProximity, 1, maxProximity, "strikes to follow above and below the price")
			f.text(&c.spread, "spread", "", "TYPE", "spread type, such as Single, Vertical, Butterfly (default Single)")
			return c.run
		},
	}
}

// streamChainFlags are the flags of stream options chain.
type streamChainFlags struct {
	expiration, spread string
	proximity          int
}

func (c *streamChainFlags) run(ctx context.Context, x *invocation, args []string) error {
	sym, err := oneSymbol(args, "underlying symbol")
	if err != nil {
		return err
	}
	if err := checkDate("expiration", c.expiration); err != nil {
		return err
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	params := &v3.StreamOptionChainParams{StrikeProximity: int32(c.proximity), Expiration: c.expiration, SpreadType: c.spread}
	t, err := spreadTable(x, col("SIDE", 5), col("STRIKES", 10))
	if err != nil {
		return err
	}
	return follow(ctx, x, stream.OptionChain(ctx, api, sym, params, streamNotes(x)...), func(s v3.Spread) error {
		return t.row(append([]cell{orDash(string(s.Side)), text(strikesKey(s.Strikes))}, spreadCells(s)...)...)
	})
}

// maxLegs is how many legs an option quote stream takes.
const maxLegs = 4

func streamOptionQuotesCommand() *command {
	return &command{
		name: "stream options quotes", args: "LEG...", timing: untimed,
		summary: "Print the quote of an option or a spread of up to four legs each time it changes, until Ctrl-C.",
		long: "Each LEG is an option symbol, such as \"MSFT 250620C450\" (quoted: it holds a space), with =RATIO after it for a leg of " +
			"more contracts than one or a sold leg: \"MSFT 250620C460=-1\" sells one for each one the first leg buys.",
		example: "tradestation stream options quotes 'MSFT 250620C450' 'MSFT 250620C460=-1'",
		setup:   noFlags(runStreamOptionQuotes),
	}
}

func runStreamOptionQuotes(ctx context.Context, x *invocation, args []string) error {
	params, err := optionLegs(args)
	if err != nil {
		return err
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	t, err := spreadTable(x, col("LEGS", 24))
	if err != nil {
		return err
	}
	legs := strings.Join(args, " + ")
	return follow(ctx, x, stream.OptionQuotes(ctx, api, params, streamNotes(x)...), func(s v3.Spread) error {
		return t.row(append([]cell{text(legs)}, spreadCells(s)...)...)
	})
}

// optionLegs reads the legs of stream options quotes: SYMBOL or
// SYMBOL=RATIO, one to four.
func optionLegs(args []string) (*v3.StreamOptionQuotesParams, error) {
	if len(args) == 0 || len(args) > maxLegs {
		return nil, usageErrorf("give 1 to %d legs, such as 'MSFT 250620C450', got %d", maxLegs, len(args))
	}
	p := &v3.StreamOptionQuotesParams{}
	symbols := []*string{&p.Leg0Symbol, &p.Leg1Symbol, &p.Leg2Symbol, &p.Leg3Symbol}
	ratios := []*int32{&p.Leg0Ratio, &p.Leg1Ratio, &p.Leg2Ratio, &p.Leg3Ratio}
	for i, a := range args {
		sym, ratio, hasRatio := strings.Cut(a, "=")
		sym = strings.ToUpper(strings.Join(strings.Fields(sym), " "))
		if sym == "" {
			return nil, usageErrorf("leg %d %q has no option symbol", i+1, a)
		}
		*symbols[i] = sym
		if hasRatio {
			n, err := strconv.ParseInt(strings.TrimSpace(ratio), 10, 32)
			if err != nil || n == 0 {
				return nil, usageErrorf("leg %d %q: the ratio after = must be a whole number other than 0, such as 2 or -1", i+1, a)
			}
			*ratios[i] = int32(n)
		}
	}
	return p, nil
}

// spreadTable starts a stream of spreads: the columns first names it,
// then its prices and greeks.
func spreadTable(x *invocation, first ...streamColumn) (streamTable, error) {
	return newStreamTable(x, append(first, num("BID", 9), num("ASK", 9), num("LAST", 9), num("MID", 9),
		num("DELTA", 8), num("THETA", 8), num("IV", 8), num("VOLUME", 8))...)
}

// spreadCells shows a spread's prices and greeks.
func spreadCells(s v3.Spread) []cell {
	return []cell{dec(s.Bid), dec(s.Ask), dec(s.Last), dec(s.Mid), dec(s.Delta), dec(s.Theta), dec(s.ImpliedVolatility), count(s.Volume)}
}
