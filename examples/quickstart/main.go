// Quickstart lists your accounts and quotes MSFT. It uses the
// TRADESTATION_* credentials when they are set (the simulator unless
// TRADESTATION_ENV=live) and a fake TradeStation on loopback otherwise.
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
	ctx := context.Background()
	sess, err := auth.SessionFromEnv()
	if errors.Is(err, auth.ErrNoCredentials) {
		srv := tradestationtest.NewServer()
		defer srv.Close()
		log.Print("no credentials set: using a fake TradeStation")
		sess, err = srv.Session(auth.Sim()), nil
	}
	if err != nil {
		log.Fatal(err)
	}
	api, err := client.NewV3(sess)
	if err != nil {
		log.Fatal(err)
	}

	accounts, err := api.GetAccountsWithResponse(ctx)
	if err != nil {
		log.Fatal(err) // an *client.APIError for any non-2xx answer
	}
	for _, a := range accounts.JSON200.Accounts {
		fmt.Printf("account %s (%s)\n", a.AccountID, a.AccountType)
	}

	quotes, err := api.GetQuoteSnapshotsWithResponse(ctx, "MSFT")
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range quotes.JSON200.Quotes {
		fmt.Printf("%s last %s, bid %s, ask %s\n", q.Symbol, q.Last, q.Bid, q.Ask)
	}
}
