package book_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/book"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// events gathers a book's events on its own goroutine.
type events struct {
	mu   sync.Mutex
	all  []book.Event
	errs []error
	done chan struct{}
}

func collect(ctx context.Context, b *book.Book) *events {
	e := &events{done: make(chan struct{})}
	go func() {
		defer close(e.done)
		for ev, err := range b.Events(ctx) {
			e.mu.Lock()
			if err != nil {
				e.errs = append(e.errs, err)
			} else {
				e.all = append(e.all, ev)
			}
			e.mu.Unlock()
		}
	}()
	return e
}

// waitFor waits until an event of order id has kind, and returns it.
func (e *events) waitFor(t *testing.T, id string, kind book.Kind) book.Event {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		e.mu.Lock()
		for _, ev := range e.all {
			if ev.Order.OrderID == id && ev.Kind == kind {
				e.mu.Unlock()
				return ev
			}
		}
		e.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	t.Fatalf("no %s event for order %s in 15s; events: %+v; errors: %v", kind, id, e.all, e.errs)
	return book.Event{}
}

// TestOpenOnTheFakeFollowsOrdersFromEveryClient runs a book through the
// SDK's client and streams against the fake TradeStation on loopback: an
// order placed before Open, one placed and filled while it runs, one placed
// by a second client; each appears once, fills add up to what REST says.
func TestOpenOnTheFakeFollowsOrdersFromEveryClient(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	api, err := client.NewV3(srv.Session())
	if err != nil {
		t.Fatal(err)
	}
	other, err := client.NewV3(srv.Session())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	low, _, err := srv.PriceRange("MSFT", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	far, _ := value.DecimalFromFloat(low.Float64()/2, 2)
	place := func(api *v3.Client, limit value.Decimal, qty int64) string {
		t.Helper()
		res, err := api.PlaceOrder(ctx, v3.OrderRequest{
			AccountID: tradestationtest.MarginAccountID, Symbol: "MSFT", Quantity: value.NewDecimal(qty, 0),
			OrderType: v3.OrderTypeLimit, LimitPrice: limit, TradeAction: v3.TradeActionBuy,
			TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC},
		})
		if err != nil {
			t.Fatal(err)
		}
		return res.Orders[0].OrderID
	}

	before := place(api, far, 5)
	b, err := book.Open(ctx, api, []string{tradestationtest.MarginAccountID}, book.WithReconcileEvery(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	evs := collect(ctx, b)
	held := 0.0
	for _, p := range b.Positions() {
		if p.Symbol == "MSFT" {
			held = p.Quantity.Float64()
		}
	}
	if ev := evs.waitFor(t, before, book.Opened); ev.Source != book.FromReconcile {
		t.Errorf("the order placed before Open came from %s, want the opening listing", ev.Source)
	}

	filled := place(api, low, 10)
	evs.waitFor(t, filled, book.Opened)
	srv.Advance(time.Hour)
	if ev := evs.waitFor(t, filled, book.Filled); ev.Filled.String() != "10" || ev.Source != book.FromStream {
		t.Errorf("fill event: %s %s from %s", ev.Kind, ev.Filled, ev.Source)
	}
	elsewhere := place(other, far, 1)
	evs.waitFor(t, elsewhere, book.Opened)

	waitPosition(t, b, "MSFT", held+10)
	b.Close()
	<-evs.done

	truth, err := api.GetOrders(context.Background(), []string{tradestationtest.MarginAccountID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]float64{}
	opened := map[string]int{}
	for _, ev := range evs.all {
		sums[ev.Order.OrderID] += ev.Filled.Float64()
		if ev.Kind == book.Opened {
			opened[ev.Order.OrderID]++
		}
	}
	for _, o := range truth.Orders {
		if opened[o.OrderID] != 1 {
			t.Errorf("order %s opened %d times", o.OrderID, opened[o.OrderID])
		}
		if got, want := sums[o.OrderID], o.Legs[0].ExecQuantity.Float64(); got != want {
			t.Errorf("order %s: events filled %v, TradeStation says %v", o.OrderID, got, want)
		}
		if mine, ok := b.Order(o.OrderID); !ok || mine.Status != o.Status {
			t.Errorf("order %s: book says %s, TradeStation %s", o.OrderID, mine.Status, o.Status)
		}
	}
	if len(evs.errs) != 0 {
		t.Errorf("errors: %v", evs.errs)
	}
}

func waitPosition(t *testing.T, b *book.Book, symbol string, qty float64) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, p := range b.Positions() {
			if p.Symbol == symbol && p.Quantity.Float64() == qty {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no %s position of %v in 15s: %+v", symbol, qty, b.Positions())
}
