package v3_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

const simBaseURL = "https://sim-api.tradestation.com/v3"

// recorder is an HTTP transport that keeps the request and answers 200
// with an empty JSON object, so tests can look at exactly what the client
// sent.
type recorder struct{ req *http.Request }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.req = req
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": []string{"application/json"}},
		Body:       io.NopCloser(strings.NewReader("{}")),
		Request:    req,
	}, nil
}

func newRecordingClient(t *testing.T) (*v3.Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	c, err := v3.NewClient(simBaseURL, option.WithHTTPClient(&http.Client{Transport: rec}))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, rec
}

func TestPathParametersAreEscapedUnderTheV3Prefix(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		call func(c *v3.Client) error
		want string // escaped path as sent on the wire
	}{
		{
			name: "option symbol in quotes",
			call: func(c *v3.Client) error {
				_, err := c.GetQuoteSnapshots(ctx, []string{"MSFT 250620C450"})
				return err
			},
			want: "/v3/marketdata/quotes/MSFT%20250620C450",
		},
		{
			name: "option symbol in symbol details",
			call: func(c *v3.Client) error {
				_, err := c.GetSymbolDetails(ctx, []string{"MSFT 250620C450"})
				return err
			},
			want: "/v3/marketdata/symbols/MSFT%20250620C450",
		},
		{
			name: "continuous future keeps its @",
			call: func(c *v3.Client) error {
				_, err := c.GetBars(ctx, "@ES", nil)
				return err
			},
			want: "/v3/marketdata/barcharts/@ES",
		},
		{
			// A list is one path segment, its items joined by literal
			// commas as TradeStation documents, each item escaped.
			name: "a list of accounts",
			call: func(c *v3.Client) error {
				_, err := c.GetBalances(ctx, []string{"11827364", "21827366"})
				return err
			},
			want: "/v3/brokerage/accounts/11827364,21827366/balances",
		},
		{
			name: "a list of symbols with spaces and a slash",
			call: func(c *v3.Client) error {
				_, err := c.GetQuoteSnapshots(ctx, []string{"MSFT 250620C450", "EUR/USD", "@ES"})
				return err
			},
			want: "/v3/marketdata/quotes/MSFT%20250620C450,EUR%2FUSD,@ES",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newRecordingClient(t)
			if err := tc.call(c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if got := rec.req.URL.EscapedPath(); got != tc.want {
				t.Errorf("path = %q, want %q", got, tc.want)
			}
			if rec.req.URL.Host != "sim-api.tradestation.com" {
				t.Errorf("host = %q, want sim-api.tradestation.com", rec.req.URL.Host)
			}
		})
	}
}

func TestOptionalQueryParametersAreSentOnlyWhenSet(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		call func(c *v3.Client) error
		want string // the query, in any order
	}{
		{
			name: "bars with nil params",
			call: func(c *v3.Client) error { _, err := c.GetBars(ctx, "MSFT", nil); return err },
			want: "",
		},
		{
			name: "bars with empty params",
			call: func(c *v3.Client) error { _, err := c.GetBars(ctx, "MSFT", &v3.GetBarsParams{}); return err },
			want: "",
		},
		{
			name: "bars with plain values",
			call: func(c *v3.Client) error {
				_, err := c.GetBars(ctx, "MSFT", &v3.GetBarsParams{Unit: v3.BarUnitMinute, Interval: 5, BarsBack: 30})
				return err
			},
			want: "barsback=30&interval=5&unit=Minute",
		},
		{
			name: "orders without paging",
			call: func(c *v3.Client) error {
				_, err := c.GetOrders(ctx, []string{"11827364"}, &v3.GetOrdersParams{})
				return err
			},
			want: "",
		},
		{
			name: "a list query parameter is one comma-separated value",
			call: func(c *v3.Client) error {
				_, err := c.GetPositions(ctx, []string{"11827364"}, &v3.GetPositionsParams{Symbol: []string{"MSFT", "MSFT *"}})
				return err
			},
			want: "symbol=MSFT,MSFT%20*",
		},
		{
			// value.Decimal's zero value is absent; a parsed 0 is present.
			name: "a decimal that was set to 0 is sent",
			call: func(c *v3.Client) error {
				_, err := c.GetOptionExpirations(ctx, "MSFT", &v3.GetOptionExpirationsParams{StrikePrice: value.MustParseDecimal("0")})
				return err
			},
			want: "strikePrice=0",
		},
		{
			name: "required since is always sent",
			call: func(c *v3.Client) error {
				_, err := c.GetHistoricalOrders(ctx, []string{"11827364"}, &v3.GetHistoricalOrdersParams{Since: "2025-04-15"})
				return err
			},
			want: "since=2025-04-15",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newRecordingClient(t)
			if err := tc.call(c); err != nil {
				t.Fatalf("call: %v", err)
			}
			want, err := url.ParseQuery(tc.want)
			if err != nil {
				t.Fatalf("bad want %q: %v", tc.want, err)
			}
			if got := rec.req.URL.Query(); !reflect.DeepEqual(got, want) {
				t.Errorf("query = %q, want %q", rec.req.URL.RawQuery, tc.want)
			}
		})
	}
}

func TestDecimalFieldsDecodeFromStringsAndNumbers(t *testing.T) {
	cases := []struct {
		name string
		json string
		want string
	}{
		{"string", `{"Symbol":"MSFT","Last":"425.37"}`, "425.37"},
		{"number", `{"Symbol":"MSFT","Last":425.37}`, "425.37"},
		{"trailing zeros kept", `{"Symbol":"MSFT","Last":"425.30"}`, "425.30"},
		{"integer number", `{"Symbol":"MSFT","Last":425}`, "425"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var q v3.Quote
			if err := json.Unmarshal([]byte(tc.json), &q); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if got := q.Last.String(); got != tc.want {
				t.Errorf("Last = %q, want %q", got, tc.want)
			}
			out, err := json.Marshal(q)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if want := `"Last":"` + tc.want + `"`; !strings.Contains(string(out), want) {
				t.Errorf("re-encoded %s, want it to contain %s", out, want)
			}
		})
	}
}

func TestOptionalFieldsStayOutOfOrderRequests(t *testing.T) {
	var req v3.OrderRequest
	if err := json.Unmarshal([]byte(`{
		"AccountID": "11827364",
		"OrderType": "Limit",
		"LimitPrice": "2.15",
		"TimeInForce": {"Duration": "DAY"},
		"Legs": [
			{"Symbol": "MSFT 250620C450", "Quantity": 1, "TradeAction": "BUYTOOPEN"},
			{"Symbol": "MSFT 250620C460", "Quantity": "1", "TradeAction": "SELLTOOPEN"}
		]
	}`), &req); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	out, err := json.Marshal(req)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("Unmarshal re-encoded: %v", err)
	}
	// A multi-leg order has no Symbol, Quantity or TradeAction of its own;
	// sending empty ones would make TradeStation reject it.
	for _, absent := range []string{"Symbol", "Quantity", "TradeAction", "StopPrice", "AdvancedOptions", "OSOs", "Route"} {
		if v, ok := got[absent]; ok {
			t.Errorf("%s = %v was sent, want it left out", absent, v)
		}
	}
	legs, _ := got["Legs"].([]any)
	if len(legs) != 2 {
		t.Fatalf("Legs = %v, want 2 legs", got["Legs"])
	}
	if q := legs[0].(map[string]any)["Quantity"]; q != "1" {
		t.Errorf("numeric leg Quantity re-encoded as %#v, want the string \"1\"", q)
	}
}

type ctxKey struct{}

func TestClientMethodsSendTheCallersContext(t *testing.T) {
	ctx := context.WithValue(context.Background(), ctxKey{}, "caller")
	calls := map[string]func(c *v3.Client, opt option.RequestOption) error{
		"GetQuoteSnapshots": func(c *v3.Client, opt option.RequestOption) error {
			_, err := c.GetQuoteSnapshots(ctx, []string{"MSFT"}, opt)
			return err
		},
		"GetBars": func(c *v3.Client, opt option.RequestOption) error {
			_, err := c.GetBars(ctx, "MSFT", &v3.GetBarsParams{}, opt)
			return err
		},
		"PlaceOrder": func(c *v3.Client, opt option.RequestOption) error {
			_, err := c.PlaceOrder(ctx, v3.OrderRequest{}, opt)
			return err
		},
		"CancelOrder": func(c *v3.Client, opt option.RequestOption) error {
			_, err := c.CancelOrder(ctx, "123", opt)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			c, rec := newRecordingClient(t)
			var edited context.Context
			err := call(c, option.WithRequestEditor(func(ctx context.Context, req *http.Request) error {
				edited = req.Context()
				return nil
			}))
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if rec.req.Context() != ctx {
				t.Errorf("the sent request's context is not the caller's")
			}
			if edited != ctx {
				t.Errorf("the editor saw a request without the caller's context")
			}
		})
	}
}

func TestAZeroClientIsAnErrorNotAPanic(t *testing.T) {
	var c v3.Client
	if _, err := c.GetAccounts(context.Background()); err == nil || !strings.Contains(err.Error(), "NewClient") {
		t.Errorf("err = %v, want one pointing at NewClient", err)
	}
}
