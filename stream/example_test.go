package stream_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

// Stream quotes and print them. The fake TradeStation stands in for the
// real one; with a real session the loop is the same.
func ExampleQuotes() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := 0
	for q, err := range stream.Quotes(ctx, api, []string{"MSFT", "AAPL"}) {
		if err != nil {
			log.Print(err) // most stream errors leave the stream running
			continue
		}
		fmt.Println(q.Symbol, q.Last, q.Bid, q.Ask)
		if seen++; seen == 2 {
			break // or cancel ctx: either closes the connection
		}
	}
	// Output:
	// MSFT 425.37 425.35 425.39
	// AAPL 212.93 212.92 212.94
}
