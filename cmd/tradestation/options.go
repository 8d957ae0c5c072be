package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sort"
	"strings"

	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// underlying checks that exactly one underlying symbol was given.
func underlying(args []string) (string, error) {
	if len(args) != 1 {
		return "", usageErrorf("give exactly one underlying symbol, such as MSFT")
	}
	return strings.ToUpper(args[0]), nil
}

func optionsExpirationsCommand() *command {
	return &command{
		name: "options expirations", args: "UNDERLYING",
		summary: "List the option expiration dates of an underlying.",
		example: "tradestation options expirations MSFT",
		setup: func(fs *flag.FlagSet) runFunc {
			strike := fs.String("strike", "", "only expirations that list this strike price")
			return func(ctx context.Context, x *invocation, args []string) error {
				sym, err := underlying(args)
				if err != nil {
					return err
				}
				params := &v3.GetOptionExpirationsParams{}
				if *strike != "" {
					d, err := positiveDecimal("strike", *strike)
					if err != nil {
						return err
					}
					params.StrikePrice = &d
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				resp, err := api.GetOptionExpirationsWithResponse(ctx, sym, params)
				if err != nil {
					return err
				}
				if resp.JSON200 == nil {
					return errNoBody("option expirations")
				}
				exps := resp.JSON200.Expirations
				if x.g.json {
					return printJSON(x.stdout, list(exps))
				}
				t := newTable(x.stdout, x.colour(), "EXPIRATION", "TYPE", "ROOT")
				for _, e := range exps {
					// An expiration is a calendar day: show it as sent, not in the local zone.
					t.row(clock(e.Date, e.Date.Location(), dateLayout), orDash(string(e.Type)), orDash(e.Root))
				}
				return t.flush()
			}
		},
	}
}

func optionsStrikesCommand() *command {
	return &command{
		name: "options strikes", args: "UNDERLYING",
		summary: "List the strike prices of an underlying's options for one expiration.",
		example: "tradestation options strikes MSFT --expiration 2025-06-20",
		setup: func(fs *flag.FlagSet) runFunc {
			expiration := fs.String("expiration", "", "expiration date, YYYY-MM-DD (default: the next one)")
			spread := fs.String("spread", "", "spread type, such as Single, Vertical, Butterfly (default Single)")
			return func(ctx context.Context, x *invocation, args []string) error {
				sym, err := underlying(args)
				if err != nil {
					return err
				}
				if err := checkDate("expiration", *expiration); err != nil {
					return err
				}
				params := &v3.GetOptionStrikesParams{}
				if *expiration != "" {
					params.Expiration = expiration
				}
				if *spread != "" {
					params.SpreadType = spread
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				resp, err := api.GetOptionStrikesWithResponse(ctx, sym, params)
				if err != nil {
					return err
				}
				if resp.JSON200 == nil {
					return errNoBody("option strikes")
				}
				if x.g.json {
					return printJSON(x.stdout, resp.JSON200)
				}
				// Many strikes: several to a line. A spread's strikes read 400/405.
				const perLine = 10
				fmt.Fprintf(x.stdout, "%d strikes of %s (%s):\n", len(resp.JSON200.Strikes), sym, firstNonEmpty(resp.JSON200.SpreadType, "Single"))
				t := newTable(x.stdout, false)
				var line []cell
				for _, legs := range resp.JSON200.Strikes {
					line = append(line, text(strikesKey(legs)))
					if len(line) == perLine {
						t.row(line...)
						line = nil
					}
				}
				if len(line) > 0 {
					t.row(line...)
				}
				return t.flush()
			}
		},
	}
}

func optionsChainCommand() *command {
	return &command{
		name: "options chain", args: "UNDERLYING",
		summary: "Show calls and puts around the money for one expiration (a snapshot of the chain stream).",
		example: "tradestation options chain MSFT --expiration 2025-06-20 --proximity 3",
		setup: func(fs *flag.FlagSet) runFunc {
			expiration := fs.String("expiration", "", "expiration date, YYYY-MM-DD (default: the next one)")
			proximity := fs.Int("proximity", 5, "strikes to show above and below the price")
			return func(ctx context.Context, x *invocation, args []string) error {
				sym, err := underlying(args)
				if err != nil {
					return err
				}
				if err := checkDate("expiration", *expiration); err != nil {
					return err
				}
				if *proximity < 1 || *proximity > 50 {
					return fmt.Errorf("--proximity %d is not between 1 and 50", *proximity)
				}
				prox := int32(*proximity)
				params := &v3.StreamOptionChainParams{StrikeProximity: &prox}
				if *expiration != "" {
					params.Expiration = expiration
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				spreads, err := chainSnapshot(ctx, api, sym, params)
				if err != nil {
					return err
				}
				if x.g.json {
					return printJSON(x.stdout, spreads)
				}
				return chainTable(x, spreads)
			}
		},
	}
}

// chainSnapshot reads the option chain stream until every strike has been
// sent once: when a spread comes again, or the stream falls quiet (a
// heartbeat) after the first ones.
func chainSnapshot(ctx context.Context, api *v3.ClientWithResponses, sym string, params *v3.StreamOptionChainParams) ([]v3.Spread, error) {
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
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].strike.Cmp(lines[j].strike) < 0 })
	t := newTable(x.stdout, x.colour(), "CALL BID", "CALL ASK", "CALL LAST", "CALL DELTA", "STRIKE", "PUT BID", "PUT ASK", "PUT LAST", "PUT DELTA")
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
