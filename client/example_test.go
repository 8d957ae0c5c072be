package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// A call returns the 2xx answer's body, typed, or an error. The fake
// TradeStation stands in for the real one; with a session from
// auth.NewSession or auth.SessionFromEnv the code is the same.
func ExampleNewV3() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}
	quotes, err := api.GetQuoteSnapshots(context.Background(), []string{"MSFT", "AAPL"})
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range quotes.Quotes {
		fmt.Println(q.Symbol, q.Last, q.Bid, q.Ask)
	}
	// Output:
	// MSFT 425.37 425.35 425.39
	// AAPL 212.93 212.92 212.94
}

// Every answer other than 2xx is a *client.APIError: its status,
// TradeStation's code and message, and the rate-limit figures.
func ExampleAPIError() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}
	_, err = api.CancelOrder(context.Background(), "4242")
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code)
		fmt.Println(apiErr.Message)
	}
	// Output:
	// 404 NotFound
	// Invalid order ID.
}

// Orders yields every open and recent order of the accounts, fetching
// pages as the loop goes; breaking out fetches no more.
func ExampleOrders() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for _, limit := range []string{"400.00", "410.00"} {
		_, err := api.PlaceOrder(ctx, v3.OrderRequest{
			AccountID: tradestationtest.MarginAccountID, Symbol: "MSFT", Quantity: value.NewDecimal(5, 0),
			OrderType: v3.OrderTypeLimit, LimitPrice: value.MustParseDecimal(limit), TradeAction: v3.TradeActionBuy,
			TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC},
		})
		if err != nil {
			log.Fatal(err)
		}
	}

	for o, err := range client.Orders(ctx, api, []string{tradestationtest.MarginAccountID}, nil) {
		var partial *client.OrderError
		switch {
		case errors.As(err, &partial):
			fmt.Println("account", partial.AccountID, "failed:", partial.Message)
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Println(o.OrderID, o.StatusDescription, o.Legs[0].Symbol, o.LimitPrice)
		}
	}
	// Output:
	// 1187654360 Sent MSFT 400.00
	// 1187654361 Sent MSFT 410.00
}

// Confirm an order to see what it would cost, then place it. An
// OrderConfirmID makes the placement safe to retry: TradeStation refuses
// an id it has seen, so the client resends it after a 5xx or a dropped
// connection, and never places it twice.
func Example_placeWithConfirmation() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	order := v3.OrderRequest{
		AccountID:      tradestationtest.MarginAccountID,
		Symbol:         "MSFT",
		Quantity:       value.NewDecimal(10, 0),
		OrderType:      v3.OrderTypeLimit,
		LimitPrice:     value.MustParseDecimal("420.00"),
		TradeAction:    v3.TradeActionBuy,
		TimeInForce:    v3.TimeInForce{Duration: v3.DurationDay},
		Route:          "Intelligent",
		OrderConfirmID: "example-0001",
	}
	confirmed, err := api.ConfirmOrder(ctx, order)
	if err != nil {
		log.Fatal(err)
	}
	c := confirmed.Confirmations[0]
	fmt.Println(c.SummaryMessage)
	fmt.Println("estimated cost", c.EstimatedCost)

	placed, err := api.PlaceOrder(ctx, order)
	if err != nil {
		log.Fatal(err) // a *client.APIError; nothing was placed twice
	}
	for _, r := range placed.Orders {
		fmt.Println(r.OrderID, r.Message)
	}
	for _, e := range placed.Errors {
		fmt.Println("refused:", e.Message) // a refusal is no HTTP error
	}
	// Output:
	// Buy 10 MSFT @ 420.00 Limit
	// estimated cost 4200.00
	// 1187654360 Sent order: Buy 10 MSFT @ 420.00 Limit
}
