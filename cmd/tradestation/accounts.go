package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

func accountsCommand() *command {
	return &command{
		name: "accounts", v2: true,
		summary: "List the accounts of the signed-in user.",
		example: "tradestation accounts --json",
		setup: func(fs *flag.FlagSet) runFunc {
			return func(ctx context.Context, x *invocation, args []string) error {
				if len(args) > 0 {
					return usageErrorf("accounts takes no arguments")
				}
				if x.g.v2 {
					accounts, err := accountsV2(ctx, x)
					if err != nil {
						return err
					}
					if x.g.json {
						return printJSON(x.stdout, list(accounts))
					}
					t := newTable(x.stdout, x.colour(), "KEY", "TYPE", "STATUS", "ALIAS")
					for _, a := range accounts {
						t.row(text(strconv.FormatInt(a.Key, 10)), orDash(firstNonEmpty(a.TypeDescription, string(a.Type))),
							orDash(firstNonEmpty(a.StatusDescription, string(a.Status))), orDash(a.Alias))
					}
					return t.flush()
				}
				accounts, err := accountsV3(ctx, x)
				if err != nil {
					return err
				}
				if x.g.json {
					return printJSON(x.stdout, list(accounts))
				}
				t := newTable(x.stdout, x.colour(), "ACCOUNT", "TYPE", "STATUS", "CURRENCY", "ALIAS")
				for _, a := range accounts {
					t.row(text(a.AccountID), orDash(string(a.AccountType)), orDash(string(a.Status)), orDash(a.Currency), orDash(a.Alias))
				}
				return t.flush()
			}
		},
	}
}

func accountsV3(ctx context.Context, x *invocation) ([]v3.Account, error) {
	api, err := x.v3(ctx)
	if err != nil {
		return nil, err
	}
	resp, err := api.GetAccountsWithResponse(ctx)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, errNoBody("accounts")
	}
	return resp.JSON200.Accounts, nil
}

// accountsV2 lists the accounts of the user named by the session's id token.
func accountsV2(ctx context.Context, x *invocation) ([]v2.Account, error) {
	c, err := x.open(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := c.sess.Token(ctx); err != nil {
		return nil, err
	}
	user, err := c.sess.UserInfo()
	if err != nil {
		return nil, fmt.Errorf("v2 lists accounts by user id: %w", err)
	}
	api, err := c.v2()
	if err != nil {
		return nil, err
	}
	resp, err := api.GetAccountsByUserIDWithResponse(ctx, user.UserID)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, errNoBody("accounts")
	}
	return *resp.JSON200, nil
}

// accountIDs returns the accounts named on the command line (commas allowed),
// or else every account of the user.
func accountIDs(ctx context.Context, x *invocation, args []string) ([]string, error) {
	ids, err := splitIDs(args, "account id")
	if err != nil || len(ids) > 0 {
		return ids, err
	}
	if x.g.v2 {
		accounts, err := accountsV2(ctx, x)
		if err != nil {
			return nil, err
		}
		for _, a := range accounts {
			ids = append(ids, strconv.FormatInt(a.Key, 10))
		}
	} else {
		accounts, err := accountsV3(ctx, x)
		if err != nil {
			return nil, err
		}
		for _, a := range accounts {
			ids = append(ids, a.AccountID)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("the user has no accounts")
	}
	return ids, nil
}

// splitIDs splits comma-separated ids and checks their count.
func splitIDs(args []string, what string) ([]string, error) {
	var ids []string
	for _, a := range args {
		for _, id := range strings.Split(a, ",") {
			id = strings.TrimSpace(id)
			if id == "" {
				return nil, usageErrorf("empty %s in %q", what, a)
			}
			ids = append(ids, id)
		}
	}
	if len(ids) > client.MaxAccountIDs {
		return nil, fmt.Errorf("at most %d account ids at once, got %d", client.MaxAccountIDs, len(ids))
	}
	return ids, nil
}

func balancesCommand() *command {
	return &command{
		name: "balances", args: "[ACCOUNT...]", v2: true,
		summary: "Show cash, equity and buying power (all accounts unless named).",
		example: "tradestation balances SIM1234567M",
		setup: func(fs *flag.FlagSet) runFunc {
			return func(ctx context.Context, x *invocation, args []string) error {
				if _, err := splitIDs(args, "account id"); err != nil {
					return err
				}
				ids, err := accountIDs(ctx, x, args)
				if err != nil {
					return err
				}
				if x.g.v2 {
					return balancesV2(ctx, x, ids)
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				resp, err := api.GetBalancesWithResponse(ctx, strings.Join(ids, ","))
				if err != nil {
					return err
				}
				if resp.JSON200 == nil {
					return errNoBody("balances")
				}
				var bad problems
				for _, e := range resp.JSON200.Errors {
					bad.add("account %s: %s", e.AccountID, joinNonEmpty(e.Error, e.Message))
				}
				if x.g.json {
					if err := printJSON(x.stdout, list(resp.JSON200.Balances)); err != nil {
						return err
					}
					return bad.report(x.stderr)
				}
				if bs := resp.JSON200.Balances; len(bs) > 0 {
					t := newTable(x.stdout, x.colour(), "ACCOUNT", "TYPE", "CASH", "EQUITY", "MARKET VALUE", "BUYING POWER", "TODAY P/L")
					for _, b := range bs {
						t.row(text(b.AccountID), orDash(string(b.AccountType)), dec(b.CashBalance), dec(b.Equity), dec(b.MarketValue),
							dec(b.BuyingPower), signed(b.TodaysProfitLoss))
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

func balancesV2(ctx context.Context, x *invocation, keys []string) error {
	api, err := x.v2(ctx)
	if err != nil {
		return err
	}
	resp, err := api.GetBalancesByAccountsWithResponse(ctx, strings.Join(keys, ","))
	if err != nil {
		return err
	}
	if resp.JSON200 == nil {
		return errNoBody("balances")
	}
	if x.g.json {
		return printJSON(x.stdout, list(*resp.JSON200))
	}
	t := newTable(x.stdout, x.colour(), "KEY", "ALIAS", "CASH", "EQUITY", "MARKET VALUE", "BUYING POWER", "UNREALIZED P/L")
	for _, b := range *resp.JSON200 {
		t.row(text(strconv.FormatInt(b.Key, 10)), orDash(b.Alias), dec(b.RealTimeAccountBalance), dec(b.RealTimeEquity), dec(b.MarketValue),
			dec(b.RealTimeBuyingPower), signed(b.RealTimeUnrealizedProfitLoss))
	}
	return t.flush()
}

func positionsCommand() *command {
	return &command{
		name: "positions", args: "[ACCOUNT...]", v2: true,
		summary: "Show open positions with their profit and loss (all accounts unless named).",
		example: "tradestation positions --json",
		setup: func(fs *flag.FlagSet) runFunc {
			return func(ctx context.Context, x *invocation, args []string) error {
				if _, err := splitIDs(args, "account id"); err != nil {
					return err
				}
				ids, err := accountIDs(ctx, x, args)
				if err != nil {
					return err
				}
				if x.g.v2 {
					return positionsV2(ctx, x, ids)
				}
				api, err := x.v3(ctx)
				if err != nil {
					return err
				}
				resp, err := api.GetPositionsWithResponse(ctx, strings.Join(ids, ","), nil)
				if err != nil {
					return err
				}
				if resp.JSON200 == nil {
					return errNoBody("positions")
				}
				var bad problems
				for _, e := range resp.JSON200.Errors {
					bad.add("account %s: %s", e.AccountID, joinNonEmpty(e.Error, e.Message))
				}
				if x.g.json {
					if err := printJSON(x.stdout, list(resp.JSON200.Positions)); err != nil {
						return err
					}
					return bad.report(x.stderr)
				}
				ps := resp.JSON200.Positions
				if len(ps) == 0 && len(bad.lines) == 0 {
					fmt.Fprintln(x.stdout, "no open positions")
					return nil
				}
				if len(ps) > 0 {
					t := newTable(x.stdout, x.colour(), "ACCOUNT", "SYMBOL", "SIDE", "QTY", "AVG PRICE", "LAST", "MARKET VALUE", "UNREALIZED P/L", "TODAY P/L")
					for _, p := range ps {
						t.row(text(p.AccountID), text(p.Symbol), orDash(string(p.LongShort)), dec(p.Quantity), dec(p.AveragePrice), dec(p.Last),
							dec(p.MarketValue), signed(p.UnrealizedProfitLoss), signed(p.TodaysProfitLoss))
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

func positionsV2(ctx context.Context, x *invocation, keys []string) error {
	api, err := x.v2(ctx)
	if err != nil {
		return err
	}
	resp, err := api.GetPositionsByAccountsWithResponse(ctx, strings.Join(keys, ","), nil)
	if err != nil {
		return err
	}
	if resp.JSON200 == nil {
		return errNoBody("positions")
	}
	if x.g.json {
		return printJSON(x.stdout, list(*resp.JSON200))
	}
	if len(*resp.JSON200) == 0 {
		fmt.Fprintln(x.stdout, "no open positions")
		return nil
	}
	t := newTable(x.stdout, x.colour(), "ACCOUNT", "SYMBOL", "SIDE", "QTY", "AVG PRICE", "LAST", "MARKET VALUE", "OPEN P/L")
	for _, p := range *resp.JSON200 {
		t.row(text(p.AccountID), text(p.Symbol), orDash(string(p.LongShort)), dec(p.Quantity), dec(p.AveragePrice), dec(p.LastPrice),
			dec(p.MarketValue), signed(p.OpenProfitLoss))
	}
	return t.flush()
}

func ordersCommand() *command {
	return &command{
		name: "orders", args: "[ACCOUNT...]",
		summary: "List today's open and recent orders, or closed ones since a date (--history).",
		example: "tradestation orders --history --since 2025-01-02",
		setup: func(fs *flag.FlagSet) runFunc {
			history := fs.Bool("history", false, "list closed orders since --since instead of open and recent ones")
			since := fs.String("since", "", "with --history: the oldest day, YYYY-MM-DD, at most 90 days back")
			pageSize := fs.Int("page-size", client.MaxPageSize, "orders fetched per request (1 to 600)")
			return func(ctx context.Context, x *invocation, args []string) error {
				if _, err := splitIDs(args, "account id"); err != nil {
					return err
				}
				if *history && *since == "" {
					return fmt.Errorf("--history needs --since YYYY-MM-DD")
				}
				if !*history && *since != "" {
					return fmt.Errorf("--since only goes with --history")
				}
				if *since != "" {
					if _, err := time.Parse(dateLayout, *since); err != nil {
						return fmt.Errorf("--since %q is not a date (YYYY-MM-DD)", *since)
					}
				}
				if *pageSize < 1 || *pageSize > client.MaxPageSize {
					return fmt.Errorf("--page-size %d is not between 1 and %d", *pageSize, client.MaxPageSize)
				}
				ids, err := accountIDs(ctx, x, args)
				if err != nil {
					return err
				}
				c, err := x.open(ctx)
				if err != nil {
					return err
				}
				// Count the page requests to show progress while paging.
				page := 0
				progress := client.WithRequestEditor(func(_ context.Context, req *http.Request) error {
					if strings.HasSuffix(req.URL.Path, "orders") { // orders or historicalorders
						page++
						if page > 1 {
							fmt.Fprintf(x.stderr, "tradestation: fetching orders, page %d...\n", page)
						}
					}
					return nil
				})
				api, err := client.NewV3(c.sess, append(append([]client.Option(nil), c.clientOpts...), progress)...)
				if err != nil {
					return err
				}
				seq := client.Orders(ctx, api, ids, client.PageSize(*pageSize))
				if *history {
					seq = client.HistoricalOrders(ctx, api, ids, *since, client.PageSize(*pageSize))
				}
				var orders []v3.Order
				var bad problems
				for o, err := range seq {
					var oe *client.OrderError
					switch {
					case errors.As(err, &oe):
						bad.add("%s", strings.TrimPrefix(oe.Error(), "tradestation: "))
						continue
					case err != nil:
						return err
					}
					orders = append(orders, o)
				}
				if x.g.json {
					if err := printJSON(x.stdout, list(orders)); err != nil {
						return err
					}
					return bad.report(x.stderr)
				}
				if len(orders) == 0 && len(bad.lines) == 0 {
					fmt.Fprintln(x.stdout, "no orders")
					return nil
				}
				if len(orders) > 0 {
					if err := orderTable(x, orders); err != nil {
						return err
					}
				}
				return bad.report(x.stderr)
			}
		},
	}
}

// orderTable shows orders one line each; multi-leg orders show their first
// leg and the leg count.
func orderTable(x *invocation, orders []v3.Order) error {
	t := newTable(x.stdout, x.colour(), "ORDER", "ACCOUNT", "SYMBOL", "SIDE", "QTY", "FILLED", "TYPE", "LIMIT", "STOP", "STATUS", "OPENED")
	for _, o := range orders {
		symbol, side, qty, filled := "-", "-", text("-"), text("-")
		if len(o.Legs) > 0 {
			l := o.Legs[0]
			symbol, side, qty, filled = l.Symbol, string(l.BuyOrSell), dec(l.QuantityOrdered), dec(l.ExecQuantity)
			if len(o.Legs) > 1 {
				symbol += fmt.Sprintf(" (+%d legs)", len(o.Legs)-1)
			}
		}
		status := string(o.Status)
		if o.StatusDescription != "" {
			status = o.StatusDescription
		}
		t.row(text(o.OrderID), text(o.AccountID), text(symbol), orDash(side), qty, filled, orDash(string(o.OrderType)),
			dec(o.LimitPrice), dec(o.StopPrice), orDash(status), clock(o.OpenedDateTime, x.loc, dateTimeLayout))
	}
	return t.flush()
}
