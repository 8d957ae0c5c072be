package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

func accountsCommand() *command {
	return &command{
		name: "accounts", v2: true,
		summary: "List the accounts of the signed-in user.",
		example: "tradestation accounts --json",
		setup:   noFlags(runAccounts),
	}
}

func runAccounts(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	if x.g.v2 {
		accounts, err := accountsV2(ctx, x)
		if err != nil {
			return err
		}
		return listing[v2.Account]{
			header: []string{"KEY", "TYPE", "STATUS", "ALIAS"},
			row: func(a v2.Account) []cell {
				return []cell{text(strconv.FormatInt(a.Key, 10)), orDash(firstNonEmpty(a.TypeDescription, string(a.Type))),
					orDash(firstNonEmpty(a.StatusDescription, string(a.Status))), orDash(a.Alias)}
			},
			elastic: []int{3},
			empty:   "no accounts",
		}.print(x, accounts, problems{})
	}
	accounts, err := accountsV3(ctx, x)
	if err != nil {
		return err
	}
	return listing[v3.Account]{
		header: []string{"ACCOUNT", "TYPE", "STATUS", "CURRENCY", "ALIAS"},
		row: func(a v3.Account) []cell {
			return []cell{text(a.AccountID), orDash(string(a.AccountType)), orDash(string(a.Status)), orDash(a.Currency), orDash(a.Alias)}
		},
		elastic: []int{4},
		empty:   "no accounts",
	}.print(x, accounts, problems{})
}

func accountsV3(ctx context.Context, x *invocation) ([]v3.Account, error) {
	api, err := x.v3()
	if err != nil {
		return nil, err
	}
	resp, err := api.GetAccounts(ctx)
	if err != nil {
		return nil, err
	}
	return resp.Accounts, nil
}

// accountsV2 lists the accounts of the user named by the session's id token.
func accountsV2(ctx context.Context, x *invocation) ([]v2.Account, error) {
	c, err := x.open()
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
	api, err := x.v2()
	if err != nil {
		return nil, err
	}
	resp, err := api.GetAccountsByUserID(ctx, user.UserID)
	if err != nil {
		return nil, err
	}
	return *resp, nil
}

// accountIDs returns the accounts named on the command line (commas
// allowed), or else every account of the user. Named ones are checked
// before anything is sent.
func accountIDs(ctx context.Context, x *invocation, args []string) ([]string, error) {
	ids, err := splitAccountIDs(args)
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

// accountsAPI returns the accounts a command covers (see accountIDs) and
// the v3 client to ask about them.
func accountsAPI(ctx context.Context, x *invocation, args []string) ([]string, *v3.Client, error) {
	ids, err := accountIDs(ctx, x, args)
	if err != nil {
		return nil, nil, err
	}
	api, err := x.v3()
	return ids, api, err
}

// accountProblems words the failures of single accounts in an answer.
func accountProblems(errs []v3.AccountError) problems {
	var bad problems
	for _, e := range errs {
		bad.add("account %s: %s", e.AccountID, joinNonEmpty(e.Error, e.Message))
	}
	return bad
}

// splitAccountIDs splits comma-separated account ids and checks their count.
func splitAccountIDs(args []string) ([]string, error) {
	var ids []string
	for _, a := range args {
		for _, id := range strings.Split(a, ",") {
			id = strings.TrimSpace(id)
			if id == "" {
				return nil, usageErrorf("empty account id in %q", a)
			}
			ids = append(ids, id)
		}
	}
	if len(ids) > client.MaxAccountIDs {
		return nil, usageErrorf("at most %d account ids at once, got %d", client.MaxAccountIDs, len(ids))
	}
	return ids, nil
}

func balancesCommand() *command {
	return &command{
		name: "balances", args: "[ACCOUNT...]", v2: true,
		summary: "Show cash, equity and buying power (all accounts unless named).",
		example: "tradestation balances 11827364",
		setup:   noFlags(runBalances),
	}
}

func runBalances(ctx context.Context, x *invocation, args []string) error {
	if x.g.v2 {
		return balancesV2(ctx, x, args)
	}
	ids, api, err := accountsAPI(ctx, x, args)
	if err != nil {
		return err
	}
	resp, err := api.GetBalances(ctx, ids)
	if err != nil {
		return err
	}
	return listing[v3.Balance]{
		header: []string{"ACCOUNT", "TYPE", "CASH", "EQUITY", "MARKET VALUE", "BUYING POWER", "TODAY P/L"},
		row: func(b v3.Balance) []cell {
			return []cell{text(b.AccountID), orDash(string(b.AccountType)), dec(b.CashBalance), dec(b.Equity), dec(b.MarketValue),
				dec(b.BuyingPower), signed(b.TodaysProfitLoss)}
		},
		empty: "no balances",
	}.print(x, resp.Balances, accountProblems(resp.Errors))
}

func balancesV2(ctx context.Context, x *invocation, args []string) error {
	keys, err := accountIDs(ctx, x, args)
	if err != nil {
		return err
	}
	api, err := x.v2()
	if err != nil {
		return err
	}
	resp, err := api.GetBalancesByAccounts(ctx, keys)
	if err != nil {
		return err
	}
	return listing[v2.Balance]{
		header: []string{"KEY", "ALIAS", "CASH", "EQUITY", "MARKET VALUE", "BUYING POWER", "UNREALIZED P/L"},
		row: func(b v2.Balance) []cell {
			return []cell{text(strconv.FormatInt(b.Key, 10)), orDash(b.Alias), dec(b.RealTimeAccountBalance), dec(b.RealTimeEquity),
				dec(b.MarketValue), dec(b.RealTimeBuyingPower), signed(b.RealTimeUnrealizedProfitLoss)}
		},
		empty: "no balances",
	}.print(x, *resp, problems{})
}

func positionsCommand() *command {
	return &command{
		name: "positions", args: "[ACCOUNT...]", v2: true,
		summary: "Show open positions with their profit and loss (all accounts unless named).",
		example: "tradestation positions 11827364 11827365",
		setup:   noFlags(runPositions),
	}
}

func runPositions(ctx context.Context, x *invocation, args []string) error {
	if x.g.v2 {
		return positionsV2(ctx, x, args)
	}
	ids, api, err := accountsAPI(ctx, x, args)
	if err != nil {
		return err
	}
	resp, err := api.GetPositions(ctx, ids, nil)
	if err != nil {
		return err
	}
	return listing[v3.Position]{
		header: []string{"ACCOUNT", "SYMBOL", "SIDE", "QTY", "AVG PRICE", "LAST", "MARKET VALUE", "UNREALIZED P/L", "TODAY P/L"},
		row: func(p v3.Position) []cell {
			return []cell{text(p.AccountID), text(p.Symbol), orDash(string(p.LongShort)), dec(p.Quantity), dec(p.AveragePrice), dec(p.Last),
				dec(p.MarketValue), signed(p.UnrealizedProfitLoss), signed(p.TodaysProfitLoss)}
		},
		empty: "no open positions",
	}.print(x, resp.Positions, accountProblems(resp.Errors))
}

func positionsV2(ctx context.Context, x *invocation, args []string) error {
	keys, err := accountIDs(ctx, x, args)
	if err != nil {
		return err
	}
	api, err := x.v2()
	if err != nil {
		return err
	}
	resp, err := api.GetPositionsByAccounts(ctx, keys, nil)
	if err != nil {
		return err
	}
	return listing[v2.Position]{
		header: []string{"ACCOUNT", "SYMBOL", "SIDE", "QTY", "AVG PRICE", "LAST", "MARKET VALUE", "OPEN P/L"},
		row: func(p v2.Position) []cell {
			return []cell{text(p.AccountID), text(p.Symbol), orDash(string(p.LongShort)), dec(p.Quantity), dec(p.AveragePrice),
				dec(p.LastPrice), dec(p.MarketValue), signed(p.OpenProfitLoss)}
		},
		empty: "no open positions",
	}.print(x, *resp, problems{})
}
