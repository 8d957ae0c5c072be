package sim

import (
	"errors"
	"testing"

	"github.com/tradestation-go/tradestation/v3"
)

// An account id the user does not hold is an error inside the 200, never a
// 404, even when it is the only id; TradeStation's simulator answered
// positions of account 123 with {"Positions": [], "Errors": [{"AccountID":
// "123", "Error": "Forbidden", "Message": "Invalid Account ID."}]}.
func TestAccountNotTheUsersIsForbiddenInsideTheAnswer(t *testing.T) {
	s := New(Config{})
	want := []v3.AccountError{{AccountID: "99999999", Error: "Forbidden", Message: "Invalid Account ID."}}
	check := func(name string, n int, errs []v3.AccountError, err error) {
		t.Helper()
		if err != nil || n != 0 || len(errs) != 1 || errs[0] != want[0] {
			t.Errorf("%s: %d items, errors %+v, %v; want none and %+v", name, n, errs, err, want)
		}
	}
	b, err := s.Balances("99999999")
	check("balances", len(b.Balances), b.Errors, err)
	bod, err := s.BODBalances("99999999")
	check("BOD balances", len(bod.BODBalances), bod.Errors, err)
	p, err := s.Positions("99999999", v3.GetPositionsParams{})
	check("positions", len(p.Positions), p.Errors, err)
	o, err := s.Orders("99999999", v3.GetOrdersParams{})
	check("orders", len(o.Orders), accountErrors(o.Errors), err)
	h, err := s.HistoricalOrders("99999999", v3.GetHistoricalOrdersParams{Since: s.Now().AddDate(0, 0, -3).Format("2006-01-02")})
	check("historical orders", len(h.Orders), accountErrors(h.Errors), err)

	mixed, err := s.Balances(MarginAccountID + ",99999999")
	if err != nil || len(mixed.Balances) != 1 || len(mixed.Errors) != 1 || mixed.Errors[0] != want[0] {
		t.Errorf("a known and an unknown account: %+v, %v", mixed, err)
	}
	// What acts on the accounts still needs one it knows.
	if _, err := s.OrdersByID("99999999", "1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("orders by id of an unknown account: %v, want a not found", err)
	}
	if _, err := s.OrderSnapshot("99999999", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("order stream of an unknown account: %v, want a not found", err)
	}
	if _, err := s.Balances("1-2"); !errors.Is(err, ErrInvalid) {
		t.Errorf("a malformed account id: %v, want an invalid request", err)
	}
}

func accountErrors(errs []v3.OrderError) []v3.AccountError {
	out := make([]v3.AccountError, 0, len(errs))
	for _, e := range errs {
		out = append(out, v3.AccountError{AccountID: e.AccountID, Error: e.Error, Message: e.Message})
	}
	return out
}

// Cancel and replace refuse in TradeStation's words, which programs match.
func TestCancelAndReplaceRefuseInTradeStationsWords(t *testing.T) {
	s := New(Config{})
	open := placeOne(t, s, limitBuy(MarginAccountID, "MSFT", 1, "1.00"))
	if _, err := s.CancelOrder(open); err != nil {
		t.Fatal(err)
	}
	filled := placeOne(t, s, marketBuy(MarginAccountID, "MSFT", 1))
	qty := dec("2")
	cases := []struct {
		name, message string
		kind          error
		err           error
	}{
		{"cancel a cancelled order", "Not an open order.", ErrInvalid, second(s.CancelOrder(open))},
		{"cancel a filled order", "Not an open order.", ErrInvalid, second(s.CancelOrder(filled))},
		{"replace a cancelled order", "Cancel/Replace not allowed after cancel has been attempted", ErrInvalid,
			second(s.ReplaceOrder(open, v3.OrderReplaceRequest{Quantity: qty}))},
		{"replace a filled order", "Not an open order.", ErrInvalid, second(s.ReplaceOrder(filled, v3.OrderReplaceRequest{Quantity: qty}))},
		{"cancel an unknown order", "Invalid order ID.", ErrNotFound, second(s.CancelOrder("4242"))},
		{"replace an unknown order", "Invalid order ID.", ErrNotFound, second(s.ReplaceOrder("4242", v3.OrderReplaceRequest{Quantity: qty}))},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.kind) || c.err.Error() != c.message {
			t.Errorf("%s: %v, want %q (%v)", c.name, c.err, c.message, c.kind)
		}
	}
}
