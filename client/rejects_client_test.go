package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// The refusals as a program meets them, through the full client on a real
// HTTP server: a non-2xx answer, a 200 placement whose order failed, and a
// paging iterator's per-order failure.
func TestRefusalsReachTheCallerAsErrorsItCanTest(t *testing.T) {
	mux := http.NewServeMux()
	answer := func(status int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
	}
	mux.Handle("POST /oauth/token", answer(200, `{"access_token":"at-1","expires_in":1200,"token_type":"Bearer"}`))
	mux.Handle("DELETE /v3/orderexecution/orders/1187654330", answer(400, `{"Error":"BadRequest","Message":"Not an open order."}`))
	mux.Handle("DELETE /v3/orderexecution/orders/1187000001", answer(400, `{"Error":"BadRequest","Message":"Invalid order ID."}`))
	mux.Handle("PUT /v3/orderexecution/orders/1187654331", answer(400, `{"Error":"BadRequest","Message":"Cancel/Replace not allowed after cancel has been attempted"}`))
	mux.Handle("POST /v3/orderexecution/orders", answer(200, `{"Orders":[{"OrderID":"1187654332","Message":"Order failed. Reason: EC701: You are long/short 100 shares."}],`+
		`"Errors":[{"OrderID":"1187654333","Error":"FAILED","Message":"EC804 Boxed positions are not permitted"}]}`))
	mux.Handle("GET /v3/brokerage/accounts/11827364/orders", answer(200, `{"Orders":[],"Errors":[{"AccountID":"11827364","OrderID":"1187000001","Error":"NotFound","Message":"Invalid order ID."}]}`))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	sess, err := auth.NewSession("id", "secret", "refresh", auth.WithSignInURL(srv.URL), auth.WithAPIURL(srv.URL), auth.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	api, err := client.NewV3(sess, option.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	_, err = api.CancelOrder(ctx, "1187654330")
	if !errors.Is(err, client.ErrOrderNotOpen) || errors.Is(err, client.ErrInvalidOrderID) {
		t.Errorf("cancel of a filled order: %v", err)
	}
	_, err = api.CancelOrder(ctx, "1187000001")
	if !errors.Is(err, client.ErrInvalidOrderID) {
		t.Errorf("cancel of a purged order: %v", err)
	}
	_, err = api.ReplaceOrder(ctx, "1187654331", v3.OrderReplaceRequest{LimitPrice: value.MustParseDecimal("415.10")})
	if !errors.Is(err, client.ErrCancelAttempted) {
		t.Errorf("replace after a cancel: %v", err)
	}

	placed, err := api.PlaceOrder(ctx, v3.OrderRequest{AccountID: "11827364", Symbol: "MSFT", Quantity: value.MustParseDecimal("100"),
		TradeAction: v3.TradeActionSell, OrderType: v3.OrderTypeMarket, TimeInForce: v3.TimeInForce{Duration: v3.DurationDay}})
	if err != nil || placed == nil {
		t.Fatalf("placement: %v", err)
	}
	if r := client.ParseRejection(placed.Orders[0].Message); r == nil || r.Code != "EC701" || !errors.Is(r, client.ErrPositionMismatch) {
		t.Errorf("a failed order inside Orders: %+v", r)
	}
	if r := client.ParseRejection(placed.Errors[0].Message); !errors.Is(r, client.ErrBoxedPosition) {
		t.Errorf("an Errors entry: %+v", r)
	}

	var seen int
	for _, err := range client.Orders(ctx, api, []string{"11827364"}, nil) {
		seen++
		if !errors.Is(err, client.ErrInvalidOrderID) {
			t.Errorf("the iterator's failure: %v", err)
		}
		var oe *client.OrderError
		if !errors.As(err, &oe) || oe.OrderID != "1187000001" {
			t.Errorf("the failure is no *OrderError for the order: %v", err)
		}
	}
	if seen != 1 {
		t.Errorf("the iterator yielded %d items, want the one failure", seen)
	}
}
