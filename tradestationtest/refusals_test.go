package tradestationtest_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
)

// A client written by others asked the fake for the positions of an
// account that is not the user's and got a 404; TradeStation's simulator
// answers 200 with the account in Errors. The test compares the fake's
// answer with that recorded answer, read from the shared payloads.
func TestAccountNotTheUsersAnswersAsTradeStationsSimulator(t *testing.T) {
	recorded, err := os.ReadFile(filepath.Join("..", "..", "shared", "reference", "payloads", "quantconnect", "34-GetPositions.json"))
	if err != nil {
		t.Skipf("the recorded payload is not here: %v", err)
	}
	srv := tradestationtest.NewServer()
	defer srv.Close()
	status, body := plainGet(t, srv, "/v3/brokerage/accounts/123/positions", "Bearer "+plainToken(t, srv))
	if status != http.StatusOK {
		t.Fatalf("positions of account 123: %d %s, want 200", status, body)
	}
	type answer struct {
		Positions []json.RawMessage
		Errors    []v3.AccountError
	}
	var got, want answer
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(recorded, &want); err != nil {
		t.Fatal(err)
	}
	if got.Positions == nil || len(got.Positions) != 0 || len(got.Errors) != 1 || got.Errors[0] != want.Errors[0] {
		t.Errorf("the fake answers %s, TradeStation %s", body, recorded)
	}
}

// The SDK reads the reason of a refused cancel or replace from
// TradeStation's words; the fake must use them for a test against it to
// see the same errors as against TradeStation.
func TestCancelAndReplaceRefusalsAreTheSDKsRejections(t *testing.T) {
	_, api := newFake(t)
	id := place(t, api, limitBuy(tradestationtest.MarginAccountID, "MSFT", 1, dec(t, "1.00")))
	if _, err := api.CancelOrder(ctxT(t), id); err != nil {
		t.Fatal(err)
	}
	_, cancelAgain := api.CancelOrder(ctxT(t), id)
	_, replace := api.ReplaceOrder(ctxT(t), id, v3.OrderReplaceRequest{LimitPrice: dec(t, "2.00")})
	_, unknown := api.CancelOrder(ctxT(t), "4242")
	cases := []struct {
		name   string
		err    error
		reason error
	}{
		{"cancelling a cancelled order", cancelAgain, client.ErrOrderNotOpen},
		{"replacing a cancelled order", replace, client.ErrCancelAttempted},
		{"cancelling an unknown order", unknown, client.ErrInvalidOrderID},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.reason) {
			t.Errorf("%s: %v, want %v", c.name, c.err, c.reason)
		}
	}
}
