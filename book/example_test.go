package book_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/tradestation-go/tradestation/book"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// A book follows an order from the listing that Open makes to its fill on
// the order stream. Here the fake TradeStation plays the market.
func ExampleOpen() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	api, err := client.NewV3(srv.Session())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	low, _, _ := srv.PriceRange("MSFT", time.Hour)
	placed, err := api.PlaceOrder(ctx, v3.OrderRequest{
		AccountID: tradestationtest.MarginAccountID, Symbol: "MSFT", Quantity: value.NewDecimal(10, 0),
		OrderType: v3.OrderTypeLimit, LimitPrice: low, TradeAction: v3.TradeActionBuy,
		TimeInForce: v3.TimeInForce{Duration: v3.DurationDay},
	})
	if err != nil {
		log.Fatal(err)
	}
	id := placed.Orders[0].OrderID

	b, err := book.Open(ctx, api, []string{tradestationtest.MarginAccountID})
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	for ev, err := range b.Events(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		if ev.Order.OrderID != id {
			continue // the account's other orders
		}
		fmt.Println(ev.Kind, ev.Filled) // ev.Source: the stream, or a reconcile that found it
		if ev.Kind == book.Opened {
			srv.Advance(time.Hour) // the market crosses the limit
		}
		if ev.Kind == book.Filled {
			break
		}
	}
	o, _ := b.Order(id)
	fmt.Println(o.Status, o.Legs[0].ExecQuantity)
	// Output:
	// Opened 0
	// Filled 10
	// FLL 10
}
