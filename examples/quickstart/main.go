// Quickstart lists your accounts and quotes MSFT. It signs in with the
// TRADESTATION_* environment variables, or the token that `tradestation
// login` stored, on the simulator unless TRADESTATION_ENV=live. Without
// credentials it talks to a fake TradeStation on loopback.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

func main() {
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	sess, err := auth.SessionFromEnv()
	if errors.Is(err, auth.ErrNoCredentials) {
		log.Print("no credentials set: using a fake TradeStation")
		srv := tradestationtest.NewServer()
		defer srv.Close()
		sess, err = srv.Session(auth.Sim()), nil
	}
	if err != nil {
		return err
	}
	api, err := client.NewV3(sess)
	if err != nil {
		return err
	}

	accounts, err := api.GetAccounts(ctx)
	if err != nil {
		return err // a *client.APIError for any answer but 2xx
	}
	for _, a := range accounts.Accounts {
		fmt.Printf("account %s (%s)\n", a.AccountID, a.AccountType)
	}

	quotes, err := api.GetQuoteSnapshots(ctx, []string{"MSFT"})
	if err != nil {
		return err
	}
	for _, q := range quotes.Quotes {
		fmt.Printf("%s last %s, bid %s, ask %s\n", q.Symbol, q.Last, q.Bid, q.Ask)
	}
	return nil
}
