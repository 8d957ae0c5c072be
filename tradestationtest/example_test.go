package tradestationtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

func ExampleNewServer() {
	srv := tradestationtest.NewServer()
	defer srv.Close()

	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}
	resp, err := api.GetQuoteSnapshots(context.Background(), []string{"MSFT", "@ES"})
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range resp.Quotes {
		fmt.Println(q.Symbol, q.Last, q.Bid, q.Ask)
	}
	// Output:
	// MSFT 425.37 425.35 425.39
	// @ES 5897.25 5897.25 5897.50
}

func ExampleRegisterResponders() {
	mt := httpmock.NewMockTransport()
	srv := tradestationtest.RegisterResponders(mt)
	defer srv.Close()

	// No socket: the session reaches the fake through mt, and the client
	// sends its requests through the session's HTTP client.
	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}
	resp, err := api.GetAccounts(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range resp.Accounts {
		fmt.Println(a.AccountID, a.AccountType)
	}
	fmt.Println("requests answered by the mock:", mt.GetTotalCallCount())
	// Output:
	// 11827364 Margin
	// 11827365 Cash
	// 21827366 Futures
	// requests answered by the mock: 2
}

// Tests drive the market: Advance moves the clock, and a limit order fills
// when the price path crosses it.
func ExampleServer_Advance() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	low, _, _ := srv.PriceRange("MSFT", time.Hour) // the lowest trade of the next hour
	placed, err := api.PlaceOrder(ctx, v3.OrderRequest{
		AccountID: tradestationtest.MarginAccountID, Symbol: "MSFT", Quantity: value.NewDecimal(10, 0),
		OrderType: v3.OrderTypeLimit, LimitPrice: low, TradeAction: v3.TradeActionBuy,
		TimeInForce: v3.TimeInForce{Duration: v3.DurationDay},
	})
	if err != nil {
		log.Fatal(err)
	}
	id := placed.Orders[0].OrderID

	srv.Advance(time.Hour)

	orders, err := api.GetOrdersByOrderID(ctx, []string{tradestationtest.MarginAccountID}, []string{id})
	if err != nil {
		log.Fatal(err)
	}
	o := orders.Orders[0]
	fmt.Println(o.StatusDescription, o.Legs[0].ExecQuantity, o.Legs[0].Symbol, "at", o.FilledPrice)
	// Output:
	// Filled 10 MSFT at 424.79
}

// Faults let a test see what its code does when TradeStation misbehaves:
// here the next order placement answers 503, and the client does not retry
// it, since placing an order twice could buy twice.
func ExampleServer_FailRequests() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	// No retries, to see the first answer.
	api, err := client.NewV3(srv.Session(), option.WithMaxRetries(0))
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.FailRequests("POST /v3/orderexecution/orders", http.StatusServiceUnavailable, 1); err != nil {
		log.Fatal(err)
	}
	_, err = api.PlaceOrder(context.Background(), v3.OrderRequest{
		AccountID: tradestationtest.MarginAccountID, Symbol: "MSFT", Quantity: value.NewDecimal(10, 0),
		OrderType: v3.OrderTypeMarket, TradeAction: v3.TradeActionBuy,
		TimeInForce: v3.TimeInForce{Duration: v3.DurationDay},
	})
	// A 5xx to a placement may come from a gateway after the order went
	// through: the client says so, with TradeStation's answer inside.
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, errors.Is(err, client.ErrMaybePlaced))
	}
	// Output:
	// 503 ServiceUnavailable true
}
