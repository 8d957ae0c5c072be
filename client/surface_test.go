package client_test

// The tests of this package reach the generated client surface only
// through the helpers of this file.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// newAPI is a v3 client for an API at apiURL (without /v3) that sends
// through hc, signed in at a token endpoint of its own.
func newAPI(t *testing.T, apiURL string, hc *http.Client, opts ...option.RequestOption) *v3.Client {
	t.Helper()
	signIn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"at-1","expires_in":1200,"token_type":"Bearer"}`)
	}))
	t.Cleanup(signIn.Close)
	sess, err := auth.NewSession("client-id", "client-secret", "refresh-token", auth.WithSignInURL(signIn.URL), auth.WithAPIURL(apiURL))
	if err != nil {
		t.Fatal(err)
	}
	api, err := client.NewV3(sess, append([]option.RequestOption{option.WithHTTPClient(hc)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func getAccounts(ctx context.Context, api *v3.Client) error {
	_, err := api.GetAccounts(ctx)
	return err
}

func marketBuy(confirmID string) v3.OrderRequest {
	return v3.OrderRequest{AccountID: "11827364", Symbol: "MSFT", Quantity: value.MustParseDecimal("10"), OrderType: v3.OrderTypeMarket,
		TradeAction: v3.TradeActionBuy, TimeInForce: v3.TimeInForce{Duration: v3.DurationDay}, OrderConfirmID: confirmID}
}

func placeOrder(ctx context.Context, api *v3.Client, req v3.OrderRequest) (*v3.OrderResults, error) {
	resp, err := api.PlaceOrder(ctx, req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func cancelOrder(ctx context.Context, api *v3.Client, orderID string) (*v3.OrderResult, error) {
	resp, err := api.CancelOrder(ctx, orderID)
	if err != nil {
		return nil, err
	}
	return resp, nil
}
