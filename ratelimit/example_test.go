package ratelimit_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

// One Local for every client of a login in the process: each request, and
// each stream connection, waits for its group's budget; each stream holds
// one of its group's slots while it runs.
func ExampleNewLocal() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	limiter, err := ratelimit.NewLocal(nil) // nil: ratelimit.Documented()
	if err != nil {
		log.Fatal(err)
	}
	sess := srv.Session()
	v3api, err := client.NewV3(sess, option.WithRateLimiter(limiter))
	if err != nil {
		log.Fatal(err)
	}
	v2api, err := client.NewV2(sess, option.WithRateLimiter(limiter)) // the same budget
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	// Both calls count against the one QuoteSnapshots budget.
	q3, err := v3api.GetQuoteSnapshots(ctx, []string{"MSFT"})
	if err != nil {
		log.Fatal(err)
	}
	q2, err := v2api.GetQuotes(ctx, []string{"AAPL"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(q3.Quotes[0].Symbol, (*q2)[0].Symbol)
	// Output: MSFT AAPL
}
