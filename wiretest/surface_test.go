package wiretest

// The tests reach the client's generated surface only through this file.

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// maxRetries is the client's retry budget in these tests: a request that
// is safe to resend reaches the server 1+maxRetries times at most.
const maxRetries = 2

// newAPI is a v3 client for the API at apiURL that sends through hc; the
// fake TradeStation signs it in. opts come after the tests' own.
func newAPI(t *testing.T, apiURL string, hc *http.Client, opts ...option.RequestOption) *v3.Client {
	t.Helper()
	fake := tradestationtest.NewServer()
	t.Cleanup(fake.Close)
	opts = append([]option.RequestOption{option.WithHTTPClient(hc), option.WithMaxRetries(maxRetries), option.WithBackoff(time.Millisecond, 2*time.Millisecond)}, opts...)
	api, err := client.NewV3(fake.Session(auth.WithAPIURL(apiURL)), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func order(confirmID string) v3.OrderRequest {
	return v3.OrderRequest{AccountID: tradestationtest.MarginAccountID, Symbol: "MSFT", Quantity: value.MustParseDecimal("10"),
		OrderType: v3.OrderTypeLimit, LimitPrice: value.MustParseDecimal("400"), TradeAction: v3.TradeActionBuy,
		TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC}, OrderConfirmID: confirmID}
}

// orderCall is one of the calls that move money.
type orderCall struct {
	name, method, path string
	// identified: every order of the body carries an OrderConfirmID.
	identified bool
	send       func(context.Context, *v3.Client) error
}

var orderCalls = []orderCall{
	{"PlaceOrder without OrderConfirmID", http.MethodPost, "/v3/orderexecution/orders", false, func(ctx context.Context, api *v3.Client) error {
		_, err := api.PlaceOrder(ctx, order(""))
		return err
	}},
	{"PlaceOrder with OrderConfirmID", http.MethodPost, "/v3/orderexecution/orders", true, func(ctx context.Context, api *v3.Client) error {
		_, err := api.PlaceOrder(ctx, order("wire-1"))
		return err
	}},
	{"PlaceGroupOrder without OrderConfirmID", http.MethodPost, "/v3/orderexecution/ordergroups", false, func(ctx context.Context, api *v3.Client) error {
		_, err := api.PlaceGroupOrder(ctx, v3.GroupOrderRequest{Type: v3.OrderGroupTypeOCO, Orders: []v3.OrderRequest{order(""), order("")}})
		return err
	}},
	{"PlaceGroupOrder with OrderConfirmID", http.MethodPost, "/v3/orderexecution/ordergroups", true, func(ctx context.Context, api *v3.Client) error {
		_, err := api.PlaceGroupOrder(ctx, v3.GroupOrderRequest{Type: v3.OrderGroupTypeOCO, Orders: []v3.OrderRequest{order("wire-2"), order("wire-3")}})
		return err
	}},
	{"ReplaceOrder", http.MethodPut, "/v3/orderexecution/orders/1001", false, func(ctx context.Context, api *v3.Client) error {
		_, err := api.ReplaceOrder(ctx, "1001", v3.OrderReplaceRequest{LimitPrice: value.MustParseDecimal("401")})
		return err
	}},
	{"CancelOrder", http.MethodDelete, "/v3/orderexecution/orders/1001", false, func(ctx context.Context, api *v3.Client) error {
		_, err := api.CancelOrder(ctx, "1001")
		return err
	}},
}

func getAccounts(ctx context.Context, api *v3.Client) error {
	_, err := api.GetAccounts(ctx)
	return err
}
