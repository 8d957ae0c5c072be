package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

func optionsExpirationsCommand() *command {
	return &command{
		name: "options expirations", args: "UNDERLYING",
		summary: "List the option expiration dates of an underlying.",
		example: "tradestation options expirations MSFT",
		setup: func(f *flagSet) runFunc {
			var e expirationsFlags
			f.text(&e.strike, "strike", "", "PRICE", "only expirations that list this strike price")
			return e.run
		},
	}
}

// expirationsFlags are the flags of options expirations.
type expirationsFlags struct{ strike string }

func (f *expirationsFlags) run(ctx context.Context, x *invocation, args []string) error {
	sym, err := oneSymbol(args, "underlying symbol")
	if err != nil {
		return err
	}
	price, err := optionalPositive("strike", priceWords, f.strike)
	if err != nil {
		return err
	}
	params := &v3.GetOptionExpirationsParams{StrikePrice: price}
	api, err := x.v3()
	if err != nil {
		return err
	}
	resp, err := api.GetOptionExpirations(ctx, sym, params)
	if err != nil {
		return err
	}
	return listing[v3.Expiration]{
		header: []string{"EXPIRATION", "TYPE", "ROOT"},
		row: func(e v3.Expiration) []cell {
			// An expiration is a calendar day: show it as sent, not in the local zone.
			return []cell{day(e.Date), orDash(string(e.Type)), orDash(e.Root)}
		},
		empty: "no option expirations",
	}.print(x, resp.Expirations, problems{})
}

// expirationFlag registers --expiration, which picks the expiration that
// strikes and chain show.
func expirationFlag(f *flagSet, p *string) {
	f.text(p, "expiration", "", "DATE", "expiration date, YYYY-MM-DD (default: the next one)")
}

func optionsStrikesCommand() *command {
	return &command{
		name: "options strikes", args: "UNDERLYING",
		summary: "List the strike prices of an underlying's options for one expiration.",
		example: "tradestation options strikes MSFT --expiration 2025-06-20",
		setup: func(f *flagSet) runFunc {
			var s strikesFlags
			expirationFlag(f, &s.expiration)
			f.text(&s.spread, "spread", "", "TYPE", "spread type, such as Single, Vertical, Butterfly (default Single)")
			return s.run
		},
	}
}

// strikesFlags are the flags of options strikes.
type strikesFlags struct{ expiration, spread string }

// strikesPerLine is how many strikes share a line of the strikes listing.
const strikesPerLine = 10

func (f *strikesFlags) run(ctx context.Context, x *invocation, args []string) error {
	sym, err := oneSymbol(args, "underlying symbol")
	if err != nil {
		return err
	}
	if err := checkDate("expiration", f.expiration); err != nil {
		return err
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	params := &v3.GetOptionStrikesParams{Expiration: f.expiration, SpreadType: f.spread}
	resp, err := api.GetOptionStrikes(ctx, sym, params)
	if err != nil {
		return err
	}
	if x.g.json {
		return printJSON(x.stdout, resp)
	}
	// A spread's strikes read 400/405.
	strikes := resp.Strikes
	fmt.Fprintf(x.stdout, "%d strikes of %s (%s):\n", len(strikes), sym, firstNonEmpty(resp.SpreadType, "Single"))
	t := newTable(x.stdout, false, 0)
	for chunk := range slices.Chunk(strikes, strikesPerLine) {
		line := make([]cell, len(chunk))
		for i, legs := range chunk {
			line[i] = number(strikesKey(legs))
		}
		t.row(line...)
	}
	return t.flush()
}

// The strikes around the money that options chain shows on each side.
const (
	defaultProximity = 5
	maxProximity     = 50
)

func optionsChainCommand() *command {
	return &command{
		name: "options chain", args: "UNDERLYING",
		summary: "Show calls and puts around the money for one expiration (a snapshot of the chain stream).",
		example: "tradestation options chain MSFT --expiration 2025-06-20 --proximity 3",
		setup: func(f *flagSet) runFunc {
			var c chainFlags
			expirationFlag(f, &c.expiration)
			whole(f, &c.proximity, "proximity", defaultProximity, 1, maxProximity, "strikes to show above and below the price")
			return c.run
		},
	}
}

// chainFlags are the flags of options chain.
type chainFlags struct {
	expiration string
	proximity  int
}

func (f *chainFlags) run(ctx context.Context, x *invocation, args []string) error {
	sym, err := oneSymbol(args, "underlying symbol")
	if err != nil {
		return err
	}
	if err := checkDate("expiration", f.expiration); err != nil {
		return err
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	params := &v3.StreamOptionChainParams{StrikeProximity: int32(f.proximity), Expiration: f.expiration}
	spreads, err := chainSnapshot(ctx, api, sym, params)
	if err != nil {
		return err
	}
	if x.g.json {
		return printJSON(x.stdout, spreads)
	}
	return chainTable(x, spreads)
}

// chainSnapshot reads the option chain stream until every strike has been
// sent once: when a spread comes again, or the stream falls quiet (a
// heartbeat) after the first ones.
func chainSnapshot(ctx context.Context, api *v3.Client, sym string, params *v3.StreamOptionChainParams) ([]v3.Spread, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var spreads []v3.Spread
	seen := map[string]bool{}
	quiet := stream.OnHeartbeat(func(stream.Heartbeat) {
		if len(spreads) > 0 {
			cancel()
		}
	})
	for s, err := range stream.OptionChain(ctx, api, sym, params, quiet) {
		if err != nil {
			if ctx.Err() != nil {
				break // the first heartbeat after the chain, or the caller's end
			}
			return nil, err
		}
		key := string(s.Side) + " " + strikesKey(s.Strikes)
		if seen[key] {
			break
		}
		seen[key] = true
		spreads = append(spreads, s)
	}
	if len(spreads) == 0 {
		if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, fmt.Errorf("the option chain of %s is empty", sym)
	}
	return spreads, nil
}

// strikesKey writes the strikes of a spread as one reads them: 400/405.
func strikesKey(strikes []value.Decimal) string {
	parts := make([]string, len(strikes))
	for i, s := range strikes {
		parts[i] = s.String()
	}
	return strings.Join(parts, "/")
}

// chainTable shows one line per strike, calls on the left, puts on the right.
func chainTable(x *invocation, spreads []v3.Spread) error {
	type line struct {
		strike    value.Decimal
		call, put *v3.Spread
	}
	byStrike := map[string]*line{}
	var lines []*line
	for i := range spreads {
		s := &spreads[i]
		key := strikesKey(s.Strikes)
		l := byStrike[key]
		if l == nil {
			l = &line{}
			if len(s.Strikes) > 0 {
				l.strike = s.Strikes[0]
			}
			byStrike[key] = l
			lines = append(lines, l)
		}
		if s.Side == v3.SpreadSidePut {
			l.put = s
		} else {
			l.call = s
		}
	}
	slices.SortStableFunc(lines, func(a, b *line) int { return a.strike.Cmp(b.strike) })
	t := x.table("CALL BID", "CALL ASK", "CALL LAST", "CALL DELTA", "STRIKE", "PUT BID", "PUT ASK", "PUT LAST", "PUT DELTA")
	side := func(s *v3.Spread) []cell {
		if s == nil {
			return []cell{text("-"), text("-"), text("-"), text("-")}
		}
		return []cell{dec(s.Bid), dec(s.Ask), dec(s.Last), dec(s.Delta)}
	}
	for _, l := range lines {
		row := append(side(l.call), dec(l.strike))
		t.row(append(row, side(l.put)...)...)
	}
	return t.flush()
}
