package sim

import (
	"errors"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// recorder is an Observer that keeps every change.
type recorder struct{ changes []Change }

func (r *recorder) observe(c Change) { r.changes = append(r.changes, c) }

func newObserved(t *testing.T) (*Sim, *recorder) {
	t.Helper()
	rec := &recorder{}
	return New(Config{Observer: rec.observe}), rec
}

func marketBuy(account, symbol string, qty int64) v3.OrderRequest {
	return v3.OrderRequest{AccountID: account, Symbol: symbol, Quantity: value.NewDecimal(qty, 0), OrderType: v3.OrderTypeMarket,
		TradeAction: v3.TradeActionBuy, TimeInForce: v3.TimeInForce{Duration: v3.DurationDay}}
}

func limitBuy(account, symbol string, qty int64, limit string) v3.OrderRequest {
	req := marketBuy(account, symbol, qty)
	req.OrderType, req.LimitPrice = v3.OrderTypeLimit, dec(limit)
	return req
}

// placeOne places req and returns its order id, failing on a refusal.
func placeOne(t *testing.T, s *Sim, req v3.OrderRequest) string {
	t.Helper()
	res, err := s.PlaceOrder(req)
	if err != nil || len(res.Errors) > 0 || len(res.Orders) != 1 {
		t.Fatalf("PlaceOrder: %v %+v", err, res)
	}
	return res.Orders[0].OrderID
}

func TestObserverHearsAFillInTheOrderItHappens(t *testing.T) {
	s, rec := newObserved(t)
	id := placeOne(t, s, marketBuy(MarginAccountID, "NVDA", 10))
	var kinds []ChangeKind
	var statuses []v3.OrderStatus
	for i, c := range rec.changes {
		if i > 0 && c.Seq != rec.changes[i-1].Seq+1 {
			t.Errorf("change %d has Seq %d after %d", i, c.Seq, rec.changes[i-1].Seq)
		}
		kinds = append(kinds, c.Kind)
		if c.Kind == OrderChanged {
			if c.Order.OrderID != id || c.AccountID != MarginAccountID {
				t.Errorf("change %d is about order %s of %s", i, c.Order.OrderID, c.AccountID)
			}
			statuses = append(statuses, c.Order.Status)
		}
	}
	want := []ChangeKind{OrderChanged, OrderChanged, PositionsChanged}
	if len(kinds) != len(want) || kinds[0] != want[0] || kinds[1] != want[1] || kinds[2] != want[2] {
		t.Fatalf("changes %v, want %v", kinds, want)
	}
	if statuses[0] != v3.OrderStatusSent || statuses[1] != v3.OrderStatusFilled {
		t.Errorf("statuses %v, want OPN then FLL", statuses)
	}
}

func TestOrderSnapshotNamesTheLastChangeItIncludes(t *testing.T) {
	s, rec := newObserved(t)
	id := placeOne(t, s, limitBuy(MarginAccountID, "MSFT", 5, "1.00"))
	snap, err := s.OrderSnapshot(MarginAccountID, "")
	if err != nil {
		t.Fatal(err)
	}
	if last := rec.changes[len(rec.changes)-1].Seq; snap.Seq != last {
		t.Errorf("snapshot Seq %d, last change %d", snap.Seq, last)
	}
	if n := len(snap.Orders); n == 0 || snap.Orders[n-1].OrderID != id {
		t.Errorf("the newest order %s is not last in the snapshot: %+v", id, snap.Orders)
	}
	if _, err := s.CancelOrder(id); err != nil {
		t.Fatal(err)
	}
	if c := rec.changes[len(rec.changes)-1]; c.Seq <= snap.Seq || c.Order.Status != v3.OrderStatusCanceled {
		t.Errorf("the cancel came as %+v", c)
	}
}

func TestErrorsSayWhatKindOfRefusalTheyAre(t *testing.T) {
	s := New(Config{})
	withRule := marketBuy(MarginAccountID, "MSFT", 1)
	withRule.AdvancedOptions.MarketActivationRules = []v3.MarketActivationRule{{}}
	cases := []struct {
		name string
		err  error
		kind error
	}{
		{"no account", second(s.Balances("")), ErrInvalid},
		{"unknown account", second(s.OrdersByID("99999999", "1")), ErrNotFound},
		{"unknown order", second(s.CancelOrder("1")), ErrNotFound},
		{"bad bar unit", second(s.Bars("MSFT", v3.GetBarsParams{Unit: v3.BarUnit("Hourly")})), ErrInvalid},
		{"activation rules", second(s.PlaceOrder(withRule)), ErrNotImplemented},
		{"unknown price", second(s.Price("NOPE")), ErrNotFound},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.kind) || c.err.Error() == "" {
			t.Errorf("%s: %v is not a %v", c.name, c.err, c.kind)
		}
	}
}

func TestRefusedOrderIsInTheAnswerNotAnError(t *testing.T) {
	s := New(Config{})
	req := marketBuy(CashAccountID, "TSLA", 5)
	req.TradeAction = v3.TradeActionSellShort
	res, err := s.PlaceOrder(req)
	if err != nil || len(res.Orders) != 0 || len(res.Errors) != 1 || res.Errors[0].Error != "FAILED" {
		t.Fatalf("short sale in a cash account: %v %+v", err, res)
	}
}

func TestLimitOrderFillsWhenThePathCrossesItsPrice(t *testing.T) {
	s := New(Config{})
	low, _, err := s.PriceRange("AAPL", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	id := placeOne(t, s, limitBuy(MarginAccountID, "AAPL", 10, low.String()))
	s.Advance(time.Hour)
	got, err := s.OrdersByID(MarginAccountID, id)
	if err != nil {
		t.Fatal(err)
	}
	o := got.Orders[0]
	if o.Status != v3.OrderStatusFilled || o.FilledPrice.Cmp(low) > 0 {
		t.Errorf("order %+v did not fill at or under %s", o, low)
	}
}

func second[T any](_ T, err error) error { return err }
