package sim

import (
	"slices"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// fillsOf lists the ExecQuantity of every change of order id, in order.
func fillsOf(rec *recorder, id string) (statuses []v3.OrderStatus, executed []int64) {
	for _, c := range rec.changes {
		if c.Kind == OrderChanged && c.Order.OrderID == id {
			statuses = append(statuses, c.Order.Status)
			executed = append(executed, c.Order.Legs[0].ExecQuantity.Rat().Num().Int64())
		}
	}
	return statuses, executed
}

func newPartial(t *testing.T, seed int64) (*Sim, *recorder) {
	t.Helper()
	rec := &recorder{}
	return New(Config{Observer: rec.observe, PartialFills: true, Seed: seed}), rec
}

func TestPartialFillsFillAnOrderInPartsThatAddUpToIt(t *testing.T) {
	s, rec := newPartial(t, 3)
	before := positionQty(t, s, MarginAccountID, "MSFT")
	id := placeOne(t, s, marketBuy(MarginAccountID, "MSFT", 100))
	s.Advance(time.Minute)
	statuses, executed := fillsOf(rec, id)
	if len(statuses) < 4 || statuses[0] != v3.OrderStatusSent || statuses[len(statuses)-1] != v3.OrderStatusFilled {
		t.Fatalf("statuses %v, want OPN, at least two partial fills, then FLL", statuses)
	}
	for i := 1; i < len(statuses)-1; i++ {
		if statuses[i] != v3.OrderStatusPartialFillAlive || executed[i] <= executed[i-1] {
			t.Errorf("change %d: %s with %d executed after %d", i, statuses[i], executed[i], executed[i-1])
		}
	}
	if last := executed[len(executed)-1]; last != 100 {
		t.Errorf("%d executed in the end, want 100", last)
	}
	if got := positionQty(t, s, MarginAccountID, "MSFT"); got != before+100 {
		t.Errorf("position %d after the fills, want %d", got, before+100)
	}
}

func TestPartialFillsAreTheSameForTheSameSeed(t *testing.T) {
	run := func(seed int64) []int64 {
		s, rec := newPartial(t, seed)
		id := placeOne(t, s, marketBuy(MarginAccountID, "AAPL", 250))
		s.Advance(time.Minute)
		_, executed := fillsOf(rec, id)
		return executed
	}
	a, b := run(11), run(11)
	if !slices.Equal(a, b) {
		t.Errorf("seed 11 filled %v, then %v", a, b)
	}
	if c := run(12); slices.Equal(a, c) {
		t.Errorf("seeds 11 and 12 both filled %v", a)
	}
}

func TestAllOrNoneAndFillOrKillOrdersFillWhole(t *testing.T) {
	s, rec := newPartial(t, 5)
	aon := marketBuy(MarginAccountID, "MSFT", 100)
	aon.AdvancedOptions.AllOrNone = true
	fok := marketBuy(MarginAccountID, "MSFT", 100)
	fok.TimeInForce.Duration = v3.DurationFOK
	for name, req := range map[string]v3.OrderRequest{"AllOrNone": aon, "FOK": fok} {
		id := placeOne(t, s, req)
		if statuses, executed := fillsOf(rec, id); !slices.Equal(statuses, []v3.OrderStatus{v3.OrderStatusSent, v3.OrderStatusFilled}) || executed[1] != 100 {
			t.Errorf("%s: %v %v, want one whole fill", name, statuses, executed)
		}
	}
}

func TestCancelAfterAPartialFillEndsAsPartialFillUROut(t *testing.T) {
	s, rec := newPartial(t, 3)
	id := placeOne(t, s, marketBuy(MarginAccountID, "NVDA", 100))
	res, err := s.CancelOrder(id)
	if err != nil || res.OrderID != id {
		t.Fatalf("CancelOrder: %v %+v", err, res)
	}
	statuses, executed := fillsOf(rec, id)
	last := len(statuses) - 1
	if statuses[last] != v3.OrderStatusPartialFillUROut || executed[last] == 0 || executed[last] >= 100 {
		t.Fatalf("statuses %v, executed %v: want it to end FLP with a part filled", statuses, executed)
	}
	if got := positionQty(t, s, MarginAccountID, "NVDA"); got != executed[last] {
		t.Errorf("position %d, want the %d filled", got, executed[last])
	}
	if _, err := s.ReplaceOrder(id, v3.OrderReplaceRequest{Quantity: dec("200")}); err == nil {
		t.Error("a closed order was replaced")
	}
}

func TestIOCFillsWhatItCanAndCancelsTheRest(t *testing.T) {
	s, rec := newPartial(t, 3)
	req := marketBuy(MarginAccountID, "QQQ", 50)
	req.TimeInForce.Duration = v3.DurationIOC
	id := placeOne(t, s, req)
	statuses, executed := fillsOf(rec, id)
	if statuses[len(statuses)-1] != v3.OrderStatusPartialFillUROut || executed[len(executed)-1] == 0 {
		t.Errorf("IOC: %v %v", statuses, executed)
	}
}

// positionQty is the quantity held of symbol, 0 for none.
func positionQty(t *testing.T, s *Sim, account, symbol string) int64 {
	t.Helper()
	ps, err := s.Positions(account, v3.GetPositionsParams{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps.Positions {
		if p.Symbol == symbol {
			return p.Quantity.Rat().Num().Int64()
		}
	}
	return 0
}
