package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/v3"
)

// GetBars answers 200 with only an error when the login is not entitled to
// a symbol's data: the caller gets an *APIError, not an empty list of bars,
// and the call is not retried (TradeStation gave its answer).
func TestBarsAnsweredWithAnErrorInsideA200AreAnAPIError(t *testing.T) {
	var calls int
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"at-1","expires_in":1200,"token_type":"Bearer"}`))
	})
	mux.HandleFunc("GET /v3/marketdata/barcharts/{symbol}", func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		if r.PathValue("symbol") == "MSFT" {
			_, _ = w.Write([]byte(`{"Bars":[{"Close":"425.37","TimeStamp":"2026-11-30T21:00:00Z"}]}`))
			return
		}
		_, _ = w.Write([]byte(`{"Error":"Failed","Message":"Not entitled to data for this symbol"}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	sess, err := auth.NewSession("id", "secret", "refresh", auth.WithSignInURL(srv.URL), auth.WithAPIURL(srv.URL), auth.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	api, err := client.NewV3(sess)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	bars, err := api.GetBars(ctx, "ESZ26", &v3.GetBarsParams{Unit: v3.BarUnitMinute, Interval: 5, BarsBack: 10})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || bars != nil {
		t.Fatalf("GetBars = %v, %v; want no bars and an *APIError", bars, err)
	}
	if apiErr.StatusCode != 200 || apiErr.Code != "Failed" || apiErr.Message != "Not entitled to data for this symbol" || apiErr.Path != "/v3/marketdata/barcharts/ESZ26" {
		t.Errorf("APIError = %+v", apiErr)
	}
	if calls != 1 {
		t.Errorf("%d requests, want 1: an answer is not retried", calls)
	}

	bars, err = api.GetBars(ctx, "MSFT", nil)
	if err != nil || len(bars.Bars) != 1 {
		t.Fatalf("GetBars(MSFT) = %+v, %v", bars, err)
	}
}
