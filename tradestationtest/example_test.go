package tradestationtest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

func ExampleNewServer() {
	srv := tradestationtest.NewServer()
	defer srv.Close()

	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}
	resp, err := api.GetQuoteSnapshotsWithResponse(context.Background(), "MSFT,@ES")
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range resp.JSON200.Quotes {
		fmt.Println(q.Symbol, q.Last, q.Bid, q.Ask)
	}
	// Output:
	// MSFT 425.37 425.35 425.39
	// @ES 5897.25 5897.25 5897.50
}
