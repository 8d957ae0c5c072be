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

	"github.com/tradestation-go/tradestation/v3"
)

const simBaseURL = "https://sim-api.tradestation.com/v3"

// recorder is an HTTP doer that keeps the request and answers 200 with an
// empty JSON object, so tests can look at exactly what the client sent.
type recorder struct{ req *http.Request }

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
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
	c, err := v3.NewClient(simBaseURL, v3.WithHTTPClient(rec))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, rec
}

func TestPathParametersAreEscapedUnderTheV3Prefix(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		call func(c *v3.Client) (*http.Response, error)
		want string // escaped path as sent on the wire
	}{
		{
			name: "option symbol in quotes",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.GetQuoteSnapshots(ctx, "MSFT 250620C450")
			},
			want: "/v3/marketdata/quotes/MSFT%20250620C450",
		},
		{
			name: "option symbol in symbol details",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.GetSymbolDetails(ctx, "MSFT 250620C450")
			},
			want: "/v3/marketdata/symbols/MSFT%20250620C450",
		},
		{
			name: "option symbol in market depth stream",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.StreamMarketDepthQuotes(ctx, "MSFT 250620C450", nil)
			},
			want: "/v3/marketdata/stream/marketdepth/quotes/MSFT%20250620C450",
		},
		{
			name: "continuous future keeps its @",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.GetBars(ctx, "@ES", nil)
			},
			want: "/v3/marketdata/barcharts/@ES",
		},
		{
			// A list is one path segment: its commas go out as %2C, which
			// the server decodes back to commas.
			name: "comma separated accounts",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.GetBalances(ctx, "11827364,21827366")
			},
			want: "/v3/brokerage/accounts/11827364%2C21827366/balances",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newRecordingClient(t)
			resp, err := tc.call(c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			_ = resp.Body.Close()
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
	five := int32(5)
	minute := v3.BarUnitMinute
	no := false
	cases := []struct {
		name string
		call func(c *v3.Client) (*http.Response, error)
		want string // the query, in any order
	}{
		{
			name: "bars with nil params",
			call: func(c *v3.Client) (*http.Response, error) { return c.GetBars(ctx, "MSFT", nil) },
			want: "",
		},
		{
			name: "bars with empty params",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.GetBars(ctx, "MSFT", &v3.GetBarsParams{})
			},
			want: "",
		},
		{
			name: "bars with barsback and unit",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.GetBars(ctx, "MSFT", &v3.GetBarsParams{BarsBack: &five, Unit: &minute})
			},
			want: "barsback=5&unit=Minute",
		},
		{
			name: "orders without paging",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.GetOrders(ctx, "11827364", &v3.GetOrdersParams{})
			},
			want: "",
		},
		{
			name: "a false flag that was set is sent",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.StreamPositions(ctx, "11827364", &v3.StreamPositionsParams{Changes: &no})
			},
			want: "changes=false",
		},
		{
			name: "required since is always sent",
			call: func(c *v3.Client) (*http.Response, error) {
				return c.GetHistoricalOrders(ctx, "11827364", &v3.GetHistoricalOrdersParams{Since: "2025-04-15"})
			},
			want: "since=2025-04-15",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newRecordingClient(t)
			resp, err := tc.call(c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			_ = resp.Body.Close()
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
