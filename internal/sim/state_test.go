package sim

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// answers are what a client sees of the accounts and their orders.
type answers struct {
	Balances    v3.Balances
	BODBalances v3.BODBalances
	Positions   v3.Positions
	Orders      v3.Orders
	History     v3.Orders
}

func answersOf(t *testing.T, s *Sim) answers {
	t.Helper()
	all := strings.Join([]string{MarginAccountID, CashAccountID, FuturesAccountID}, ",")
	var a answers
	var err error
	since := s.Now().AddDate(0, 0, -60).Format(time.DateOnly)
	if a.Balances, err = s.Balances(all); err != nil {
		t.Fatal(err)
	}
	if a.BODBalances, err = s.BODBalances(all); err != nil {
		t.Fatal(err)
	}
	if a.Positions, err = s.Positions(all, v3.GetPositionsParams{}); err != nil {
		t.Fatal(err)
	}
	if a.Orders, err = s.Orders(all, v3.GetOrdersParams{}); err != nil {
		t.Fatal(err)
	}
	if a.History, err = s.HistoricalOrders(all, v3.GetHistoricalOrdersParams{Since: since}); err != nil {
		t.Fatal(err)
	}
	return a
}

// busySim has orders of every kind: filled, resting, an OCO pair, a
// bracket whose legs wait for their entry, a cancelled one, and a moved
// price.
func busySim(t *testing.T) *Sim {
	t.Helper()
	s := New(Config{Seed: 42})
	placeOne(t, s, marketBuy(MarginAccountID, "TSLA", 30))
	resting := limitBuy(MarginAccountID, "MSFT", 10, "300.00")
	resting.TimeInForce.Duration = v3.DurationGTC
	resting.OrderConfirmID = "state-test-1"
	placeOne(t, s, resting)
	oco := v3.GroupOrderRequest{Type: v3.OrderGroupTypeOCO, Orders: []v3.OrderRequest{
		limitBuy(CashAccountID, "AAPL", 5, "150.00"), limitBuy(CashAccountID, "AAPL", 5, "151.00")}}
	if res, err := s.PlaceGroup(oco); err != nil || len(res.Orders) != 2 {
		t.Fatalf("OCO: %v %+v", err, res)
	}
	entry := limitBuy(MarginAccountID, "NVDA", 10, "100.00")
	exitAt := func(typ v3.OrderType, price string) v3.OrderRequest {
		o := v3.OrderRequest{AccountID: MarginAccountID, Symbol: "NVDA", Quantity: value.NewDecimal(10, 0), OrderType: typ,
			TradeAction: v3.TradeActionSell, TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC}}
		if typ == v3.OrderTypeLimit {
			o.LimitPrice = dec(price)
		} else {
			o.StopPrice = dec(price)
		}
		return o
	}
	entry.OSOs = []v3.OrderSendsOrder{{Type: v3.OrderGroupTypeBracket, Orders: []v3.OrderRequest{exitAt(v3.OrderTypeLimit, "200.00"), exitAt(v3.OrderTypeStopMarket, "90.00")}}}
	if res, err := s.PlaceOrder(entry); err != nil || len(res.Orders) != 3 {
		t.Fatalf("bracket: %v %+v", err, res)
	}
	toCancel := placeOne(t, s, limitBuy(MarginAccountID, "SPY", 1, "100.00"))
	if _, err := s.CancelOrder(toCancel); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPrice("AMZN", dec("250")); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRestoredStateAnswersAsTheSavedOne(t *testing.T) {
	s := busySim(t)
	data, err := s.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Restore(Config{}, data)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if got, want := answersOf(t, r), answersOf(t, s); !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Fatalf("restored answers differ\n got %s\nwant %s", g, w)
	}
	if p, _ := r.Price("AMZN"); p.String() != "250.00" {
		t.Errorf("AMZN after restore: %s, want the price set before, 250.00", p)
	}
	again, err := r.MarshalState()
	if err != nil || string(again) != string(data) {
		t.Errorf("a restored state saves differently:\n%s\n%s", again, data)
	}
	// The restored book goes on: new ids follow, OCO siblings still know
	// each other.
	next := placeOne(t, r, limitBuy(MarginAccountID, "MSFT", 1, "1.00"))
	if _, dup := s.book.byID[next]; dup {
		t.Errorf("the restored simulator gave the new order an id already used: %s", next)
	}
	if res, err := r.PlaceOrder(func() v3.OrderRequest {
		req := limitBuy(MarginAccountID, "MSFT", 1, "1.00")
		req.OrderConfirmID = "state-test-1"
		return req
	}()); err != nil || len(res.Errors) == 0 {
		t.Errorf("a confirm id used before the restore was accepted again: %v %+v", err, res)
	}
}

func TestRestoreMovesTheClockOnAndFillsOnTheWay(t *testing.T) {
	s := New(Config{})
	low, _, err := s.PriceRange("AAPL", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	id := placeOne(t, s, limitBuy(MarginAccountID, "AAPL", 10, low.String()))
	data, err := s.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Restore(Config{Start: s.Now().Add(time.Hour)}, data)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Now().Equal(s.Now().Add(time.Hour)) {
		t.Errorf("restored clock %v, want an hour after %v", r.Now(), s.Now())
	}
	got, err := r.OrdersByID(MarginAccountID, id)
	if err != nil || got.Orders[0].Status != v3.OrderStatusFilled {
		t.Errorf("the limit order crossed while the fake was down: %v %+v", err, got)
	}
	if back, err := Restore(Config{Start: s.Now().Add(-time.Hour)}, data); err != nil || !back.Now().Equal(s.Now()) {
		t.Errorf("a start before the saved clock: %v, clock %v, want it to stay at %v", err, back.Now(), s.Now())
	}
}

func TestRestoreRefusesABrokenState(t *testing.T) {
	good, err := New(Config{}).MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"not JSON":        "{",
		"other version":   strings.Replace(string(good), `"version": 1`, `"version": 9`, 1),
		"unknown account": strings.Replace(string(good), `"`+CashAccountID+`"`, `"99"`, 1),
	}
	for name, data := range cases {
		if _, err := Restore(Config{}, []byte(data)); err == nil {
			t.Errorf("%s: restored", name)
		} else if errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v is a request error, not a state error", name, err)
		}
	}
}
