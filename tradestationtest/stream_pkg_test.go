package tradestationtest_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
)

// collect runs a stream iterator in the background and hands out what it yields.
func collect[T any](ctx context.Context, seq func(func(T, error) bool)) <-chan T {
	out := make(chan T, 256)
	go func() {
		defer close(out)
		for v, err := range seq {
			if err != nil {
				continue
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func waitFor[T any](t *testing.T, ch <-chan T, what string, ok func(T) bool) T {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case v, open := <-ch:
			if !open {
				t.Fatalf("the stream ended before %s", what)
			}
			if ok(v) {
				return v
			}
		case <-timeout:
			t.Fatalf("no %s within 10 s", what)
		}
	}
}

func TestStreamPackageSeesAFillAndTheNewPosition(t *testing.T) {
	srv, api := newFake(t)
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	acct := tradestationtest.MarginAccountID
	var snapshots sync.WaitGroup
	snapshots.Add(2)
	var once1, once2 sync.Once
	orders := collect(ctx, stream.Orders(ctx, api, []string{acct}, stream.OnEndSnapshot(func() { once1.Do(snapshots.Done) })))
	positions := collect(ctx, stream.Positions(ctx, api, []string{acct}, nil, stream.OnEndSnapshot(func() { once2.Do(snapshots.Done) })))
	waitFor(t, positions, "the MSFT position of the snapshot", func(p v3.Position) bool { return p.Symbol == "MSFT" })
	snapshots.Wait()

	low, _, _ := srv.PriceRange("QQQ", 20*time.Minute)
	id := place(t, api, limitBuy(acct, "QQQ", 7, low))
	waitFor(t, orders, "the new order", func(o v3.Order) bool { return o.OrderID == id && o.Status == v3.OrderStatusSent })
	srv.Advance(20 * time.Minute)
	filled := waitFor(t, orders, "the fill", func(o v3.Order) bool { return o.OrderID == id && o.Status == v3.OrderStatusFilled })
	if filled.Legs[0].ExecQuantity.String() != "7" {
		t.Errorf("filled order %+v", filled)
	}
	pos := waitFor(t, positions, "the QQQ position", func(p v3.Position) bool { return p.Symbol == "QQQ" })
	if pos.Quantity.String() != "7" || pos.AveragePrice.Cmp(filled.FilledPrice) != 0 {
		t.Errorf("position %+v after the fill at %v", pos, filled.FilledPrice)
	}
}

func TestStreamPackageReconnectsAfterGoAwayStallAndDrop(t *testing.T) {
	srv, api := newFake(t, tradestationtest.WithHeartbeat(10*time.Millisecond))
	for _, f := range []tradestationtest.StreamFault{tradestationtest.GoAway, tradestationtest.Stall, tradestationtest.Drop} {
		t.Run(f.String(), func(t *testing.T) {
			if err := srv.BreakStreams(f, 2, 1); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(ctxT(t))
			defer cancel()
			causes := make(chan error, 4)
			quotes := collect(ctx, stream.Quotes(ctx, api, []string{"MSFT"},
				stream.WithIdleTimeout(100*time.Millisecond), stream.WithBackoff(time.Millisecond, 5*time.Millisecond),
				stream.OnReconnect(func(cause error) { causes <- cause })))
			first := waitFor(t, quotes, "the first quote", func(q v3.Quote) bool { return q.Symbol == "MSFT" })
			var cause error
			select {
			case cause = <-causes:
			case <-time.After(10 * time.Second):
				t.Fatal("the stream did not reconnect")
			}
			again := waitFor(t, quotes, "the full quote after reconnecting", func(q v3.Quote) bool { return !q.Last.IsZero() })
			if again.Last.Cmp(first.Last) != 0 {
				t.Errorf("the clock did not move, yet the quote changed: %v then %v", first.Last, again.Last)
			}
			want := map[tradestationtest.StreamFault]error{tradestationtest.Stall: stream.ErrIdleTimeout, tradestationtest.Drop: stream.ErrConnectionLost}[f]
			if want != nil && !errors.Is(cause, want) {
				t.Errorf("reconnect cause %v, want %v", cause, want)
			}
		})
	}
}

func TestClientPagesThroughHistoricalOrders(t *testing.T) {
	_, api := newFake(t)
	n := 0
	for o, err := range client.HistoricalOrders(ctxT(t), api, []string{tradestationtest.MarginAccountID}, &v3.GetHistoricalOrdersParams{Since: "2025-03-01", PageSize: 4}) {
		if err != nil {
			t.Fatal(err)
		}
		if o.Status == v3.OrderStatusSent {
			t.Errorf("open order %s among historical ones", o.OrderID)
		}
		n++
	}
	if n < 20 {
		t.Errorf("%d historical orders, want the seeded history (over 20)", n)
	}
}
