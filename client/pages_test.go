package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// restingOrders places n buy limits far under the market on the fake
// (behind httpmock: no sockets), which rest as open orders, and returns
// their ids.
func restingOrders(t *testing.T, api *v3.Client, n int) map[string]bool {
	t.Helper()
	ids := make(map[string]bool, n)
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				res, err := api.PlaceOrder(context.Background(), v3.OrderRequest{
					AccountID: tradestationtest.MarginAccountID, Symbol: "MSFT", Quantity: value.NewDecimal(1, 0),
					OrderType: v3.OrderTypeLimit, LimitPrice: value.MustParseDecimal("1.00"), TradeAction: v3.TradeActionBuy,
					TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC},
				})
				if err == nil && len(res.Orders) != 1 {
					err = errors.New("the fake placed no order")
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				ids[res.Orders[0].OrderID] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return ids
}

func TestOrdersYieldsEachOfTenThousandOrdersOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("places 10,000 orders")
	}
	srv := tradestationtest.RegisterResponders(httpmock.NewMockTransport())
	defer srv.Close()
	api, err := client.NewV3(srv.Session())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	placed := restingOrders(t, api, 10_000)
	t.Logf("placed %d orders in %v", len(placed), time.Since(start))

	seen := map[string]int{}
	pages := 0
	countPages := option.WithRequestEditor(func(context.Context, *http.Request) error { pages++; return nil })
	for o, err := range client.Orders(context.Background(), api, []string{tradestationtest.MarginAccountID}, nil, countPages) {
		if err != nil {
			t.Fatal(err)
		}
		seen[o.OrderID]++
	}
	missing, twice := 0, 0
	for id := range placed {
		switch seen[id] {
		case 0:
			missing++
		case 1:
		default:
			twice++
		}
	}
	if missing > 0 || twice > 0 {
		t.Errorf("of %d orders placed, %d were not yielded and %d more than once", len(placed), missing, twice)
	}
	if want := (len(placed) + client.MaxPageSize - 1) / client.MaxPageSize; pages != want {
		t.Errorf("%d pages fetched, want %d of %d orders", pages, want, client.MaxPageSize)
	}
}

// endless answers every page of orders with two orders and a NextToken.
func endless(t *testing.T) (*v3.Client, *int) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, "https://signin.tradestation.com/oauth/token",
		httpmock.NewStringResponder(200, `{"access_token":"at","expires_in":1200,"token_type":"Bearer"}`))
	requests := 0
	mt.RegisterResponder(http.MethodGet, "=~/v3/brokerage/accounts/1/(historical)?orders", func(*http.Request) (*http.Response, error) {
		requests++
		return httpmock.NewJsonResponse(200, map[string]any{"Orders": []any{map[string]string{"OrderID": "a"}, map[string]string{"OrderID": "b"}}, "NextToken": "more"})
	})
	sess, err := auth.NewSession("id", "secret", "refresh", auth.Sim(), auth.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	api, err := client.NewV3(sess)
	if err != nil {
		t.Fatal(err)
	}
	return api, &requests
}

func TestOrdersEndWithTheContextsErrorWhenItEnds(t *testing.T) {
	api, requests := endless(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []error
	n := 0
	for _, err := range client.Orders(ctx, api, []string{"1"}, nil) {
		got = append(got, err)
		if n++; n == 3 {
			cancel()
		}
		if n > 10 {
			t.Fatal("the sequence goes on after its context ended")
		}
	}
	if len(got) != 4 || got[0] != nil || got[2] != nil || got[3] != context.Canceled {
		t.Errorf("values %v, want three orders, then context.Canceled, last", got)
	}
	if *requests != 2 {
		t.Errorf("%d pages fetched, want 2 (nothing after the context ended)", *requests)
	}
}

func TestHistoricalOrdersYieldNothingAfterTheLoopBreaks(t *testing.T) {
	api, requests := endless(t)
	for range client.HistoricalOrders(context.Background(), api, []string{"1"}, &v3.GetHistoricalOrdersParams{Since: "2026-01-02"}) {
		break
	}
	if *requests != 1 {
		t.Errorf("%d pages fetched, want 1", *requests)
	}
}

func TestOrdersAnEndedContextSendsNothing(t *testing.T) {
	api, requests := endless(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var got []error
	for _, err := range client.Orders(ctx, api, []string{"1"}, nil) {
		got = append(got, err)
	}
	if len(got) != 1 || got[0] != context.Canceled || *requests != 0 {
		t.Errorf("values %v after %d requests, want only context.Canceled and no request", got, *requests)
	}
}

func TestHistoricalOrdersWithoutSinceIsAnErrorNamingIt(t *testing.T) {
	api, requests := endless(t)
	for _, params := range []*v3.GetHistoricalOrdersParams{nil, {PageSize: 10}} {
		var got []error
		for _, err := range client.HistoricalOrders(context.Background(), api, []string{"1"}, params) {
			got = append(got, err)
		}
		if len(got) != 1 || got[0] == nil || !strings.Contains(got[0].Error(), "Since") {
			t.Errorf("params %+v: values %v, want one error naming Since", params, got)
		}
	}
	if *requests != 0 {
		t.Errorf("%d requests sent, want none", *requests)
	}
}
