package tradestation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

const (
	liveV3    = "https://api.tradestation.com/v3"
	simV3     = "https://sim-api.tradestation.com/v3"
	liveV2    = "https://api.tradestation.com/v2"
	simV2     = "https://sim-api.tradestation.com/v2"
	tokenURL  = "https://signin.tradestation.com/oauth/token"
	accountID = "11827364"
)

// mockWorld is an httpmock transport that plays TradeStation's sign-in
// host (issuing access tokens at-1, at-2, ...) and whatever API answers a
// test registers.
type mockWorld struct {
	mt     *httpmock.MockTransport
	hc     *http.Client
	tokens atomic.Int32
}

func newMockWorld(t *testing.T) *mockWorld {
	t.Helper()
	w := &mockWorld{mt: httpmock.NewMockTransport()}
	w.hc = &http.Client{Transport: w.mt}
	w.mt.RegisterResponder(http.MethodPost, tokenURL, func(req *http.Request) (*http.Response, error) {
		n := w.tokens.Add(1)
		return httpmock.NewJsonResponse(200, map[string]any{
			"access_token": fmt.Sprintf("at-%d", n),
			"expires_in":   1200,
			"token_type":   "Bearer",
		})
	})
	return w
}

func (w *mockWorld) session(t *testing.T, opts ...auth.Option) *auth.Session {
	t.Helper()
	opts = append([]auth.Option{auth.WithHTTPClient(w.hc)}, opts...)
	sess, err := auth.NewSession("client-id", "client-secret", "refresh-token", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func (w *mockWorld) v3(t *testing.T, opts ...option.RequestOption) *v3.Client {
	t.Helper()
	opts = append([]option.RequestOption{option.WithHTTPClient(w.hc), option.WithBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)
	api, err := client.NewV3(w.session(t, auth.Sim()), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// calls counts the requests that reached the API (the token endpoint
// excluded).
func (w *mockWorld) calls() int {
	n := 0
	for k, c := range w.mt.GetCallCountInfo() {
		if !strings.Contains(k, "signin.tradestation.com") {
			n += c
		}
	}
	return n
}

func jsonResponder(status int, body any) httpmock.Responder {
	return httpmock.NewJsonResponderOrPanic(status, body)
}

var quoteSnapshot = map[string]any{"Quotes": []any{map[string]any{"Symbol": "MSFT", "Last": "425.37", "Bid": "425.36", "Ask": "425.38"}}}

func TestClientsTalkToTheHostAndVersionTheSessionNames(t *testing.T) {
	cases := []struct {
		name    string
		session []auth.Option
		v2      bool
		want    string
	}{
		{"live v3", nil, false, liveV3 + "/brokerage/accounts"},
		{"sim v3", []auth.Option{auth.Sim()}, false, simV3 + "/brokerage/accounts"},
		{"live v2", []auth.Option{auth.V2()}, true, liveV2 + "/data/quote/MSFT"},
		{"sim v2", []auth.Option{auth.Sim(), auth.V2()}, true, simV2 + "/data/quote/MSFT"},
		{"v2 client on a v3 session", []auth.Option{auth.Sim()}, true, simV2 + "/data/quote/MSFT"},
		{"custom host", []auth.Option{auth.WithAPIURL("https://gateway.example.test"), auth.Sim()}, false, "https://gateway.example.test/v3/brokerage/accounts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newMockWorld(t)
			var got string
			w.mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				u := *req.URL
				u.RawQuery = ""
				got = u.String()
				if strings.HasPrefix(req.URL.Path, "/v2/") {
					return httpmock.NewStringResponse(200, `[]`), nil // v2 answers quotes as an array
				}
				return httpmock.NewStringResponse(200, `{}`), nil
			})
			sess := w.session(t, c.session...)
			var err error
			if c.v2 {
				api, _ := client.NewV2(sess, option.WithHTTPClient(w.hc))
				_, err = api.GetQuotes(context.Background(), []string{"MSFT"})
			} else {
				api, _ := client.NewV3(sess, option.WithHTTPClient(w.hc))
				_, err = api.GetAccounts(context.Background())
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("request went to %s, want %s", got, c.want)
			}
		})
	}
}

func TestEveryRequestCarriesTokenAcceptAndUserAgent(t *testing.T) {
	w := newMockWorld(t)
	seen := map[string]http.Header{}
	var mu sync.Mutex
	w.mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		seen[req.URL.Path] = req.Header.Clone()
		mu.Unlock()
		return httpmock.NewStringResponse(200, `{}`), nil
	})
	var editorRan atomic.Bool
	api := w.v3(t, option.WithUserAgent("my-bot/1.2"), option.WithRequestEditor(func(ctx context.Context, req *http.Request) error {
		editorRan.Store(true)
		req.Header.Set("X-Trace", "abc")
		return nil
	}))
	ctx := context.Background()
	if _, err := api.GetAccounts(ctx); err != nil {
		t.Fatal(err)
	}
	for _, err := range stream.Quotes(ctx, api, []string{"MSFT"}, stream.WithMaxReconnects(0)) {
		t.Log(err) // the canned answer is no stream: one connection, then an end
		break
	}
	for _, err := range stream.Orders(ctx, api, []string{accountID}, stream.WithMaxReconnects(0)) {
		t.Log(err)
		break
	}

	wantAccept := map[string]string{
		"/v3/brokerage/accounts":                        "application/json",
		"/v3/marketdata/stream/quotes/MSFT":             "application/vnd.tradestation.streams.v2+json",
		"/v3/brokerage/stream/accounts/11827364/orders": "application/vnd.tradestation.streams.v3+json",
	}
	for path, accept := range wantAccept {
		h, ok := seen[path]
		if !ok {
			t.Errorf("no request to %s", path)
			continue
		}
		if got := h.Get("Authorization"); got != "Bearer at-1" {
			t.Errorf("%s: Authorization %q", path, got)
		}
		if got := h.Get("Accept"); got != accept {
			t.Errorf("%s: Accept %q, want %q", path, got, accept)
		}
		if ua := h.Get("User-Agent"); !strings.HasPrefix(ua, "my-bot/1.2 tradestation-go/"+client.Version) {
			t.Errorf("%s: User-Agent %q", path, ua)
		}
		if h.Get("X-Trace") != "abc" {
			t.Errorf("%s: the caller's request editor did not run", path)
		}
	}
	if !editorRan.Load() {
		t.Error("request editor never ran")
	}
}

func TestEveryV2RequestCarriesAPIVersion(t *testing.T) {
	w := newMockWorld(t)
	var queries []string
	w.mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		queries = append(queries, req.URL.RawQuery)
		return httpmock.NewStringResponse(200, `[]`), nil
	})
	api, err := client.NewV2(w.session(t, auth.V2()), option.WithHTTPClient(w.hc))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := api.GetQuotes(ctx, []string{"MSFT"}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetSymbolLists(ctx); err != nil {
		t.Fatal(err)
	}
	if len(queries) != 2 {
		t.Fatalf("%d requests, want 2", len(queries))
	}
	for _, q := range queries {
		if q != "APIVersion=20160101" {
			t.Errorf("query %q, want APIVersion=20160101", q)
		}
	}
}

func TestA401RefreshesTheTokenAndSendsTheRequestOnceMore(t *testing.T) {
	w := newMockWorld(t)
	var auths []string
	w.mt.RegisterResponder(http.MethodPost, simV3+"/orderexecution/orders", func(req *http.Request) (*http.Response, error) {
		auths = append(auths, req.Header.Get("Authorization"))
		if len(auths) == 1 {
			return httpmock.NewJsonResponse(401, map[string]string{"Error": "Unauthorized", "Message": "token expired"})
		}
		body, _ := io.ReadAll(req.Body)
		if !bytes.Contains(body, []byte(`"Symbol":"MSFT"`)) {
			return httpmock.NewStringResponse(400, "resent without its body"), nil
		}
		return httpmock.NewJsonResponse(200, map[string]any{"Orders": []any{map[string]string{"OrderID": "1001", "Message": "Sent order"}}})
	})
	api := w.v3(t)
	resp, err := api.PlaceOrder(context.Background(), marketOrder(""))
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Orders[0].OrderID; got != "1001" {
		t.Errorf("OrderID %q", got)
	}
	if want := []string{"Bearer at-1", "Bearer at-2"}; fmt.Sprint(auths) != fmt.Sprint(want) {
		t.Errorf("Authorization headers %v, want %v", auths, want)
	}
}

func TestASecond401IsAnAPIError(t *testing.T) {
	w := newMockWorld(t)
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts", jsonResponder(401, map[string]string{"Error": "Unauthorized", "Message": "Key is not entitled"}))
	_, err := w.v3(t).GetAccounts(context.Background())
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Code != "Unauthorized" {
		t.Fatalf("err = %v, want a 401 APIError", err)
	}
	if n := w.calls(); n != 2 {
		t.Errorf("%d API requests, want 2 (the original and one after refreshing)", n)
	}
	if n := w.tokens.Load(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

// waits records the waits that the client logs before each retry.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) Enabled(context.Context, slog.Level) bool { return true }
func (w *waits) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "wait" {
			w.mu.Lock()
			w.d = append(w.d, a.Value.Duration())
			w.mu.Unlock()
		}
		return true
	})
	return nil
}
func (w *waits) WithAttrs([]slog.Attr) slog.Handler { return w }
func (w *waits) WithGroup(string) slog.Handler      { return w }

func TestGetRetriesWaitAsLongAsTheServerAsks(t *testing.T) {
	cases := []struct {
		name    string
		status  int
		headers map[string]string
		atLeast time.Duration
	}{
		{"429 with Retry-After", 429, map[string]string{"Retry-After": "1"}, time.Second},
		{"429 with X-RateLimit-Reset", 429, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"}, 900 * time.Millisecond},
		{"503 with backoff only", 503, nil, 0},
		{"502 with backoff only", 502, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newMockWorld(t)
			first := httpmock.NewStringResponder(c.status, `{"Error":"TooManyRequests","Message":"Rate quota exceeded"}`).HeaderSet(toHeader(c.headers)).Times(1)
			w.mt.RegisterResponder(http.MethodGet, simV3+"/marketdata/quotes/MSFT", first.Then(jsonResponder(200, quoteSnapshot)))
			logged := &waits{}
			resp, err := w.v3(t, option.WithLogger(slog.New(logged))).GetQuoteSnapshots(context.Background(), []string{"MSFT"})
			if err != nil {
				t.Fatal(err)
			}
			if got := resp.Quotes[0].Last.String(); got != "425.37" {
				t.Errorf("Last = %s", got)
			}
			if n := w.calls(); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
			if len(logged.d) != 1 || logged.d[0] < c.atLeast {
				t.Errorf("waits %v, want one of at least %v", logged.d, c.atLeast)
			}
		})
	}
}

func toHeader(m map[string]string) http.Header {
	h := http.Header{}
	for k, v := range m {
		h.Set(k, v)
	}
	return h
}

func TestRetriesStopAtMaxRetriesAndNeverOn501(t *testing.T) {
	cases := []struct {
		name    string
		status  int
		retries int
		want    int
	}{
		{"503 default retries", 503, -1, 3},
		{"503 with retries off", 503, 0, 1},
		{"500 with 4 retries", 500, 4, 5},
		{"501 is not retried", 501, -1, 1},
		{"404 is not retried", 404, -1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newMockWorld(t)
			w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts", httpmock.NewStringResponder(c.status, `{"Error":"X","Message":"no"}`))
			var opts []option.RequestOption
			if c.retries >= 0 {
				opts = append(opts, option.WithMaxRetries(c.retries))
			}
			_, err := w.v3(t, opts...).GetAccounts(context.Background())
			var apiErr *client.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != c.status {
				t.Fatalf("err = %v", err)
			}
			if n := w.calls(); n != c.want {
				t.Errorf("%d requests, want %d", n, c.want)
			}
		})
	}
}

func TestNoRetryWaitsPastTheCallersDeadline(t *testing.T) {
	w := newMockWorld(t)
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts",
		httpmock.NewStringResponder(429, `{"Error":"TooManyRequests","Message":"Rate quota exceeded"}`).HeaderSet(http.Header{"Retry-After": {"20"}}))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := w.v3(t).GetAccounts(ctx)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 {
		t.Fatalf("err = %v, want the 429 at once", err)
	}
	if ctx.Err() != nil {
		t.Error("the client waited until the deadline instead of giving up at once")
	}
	if n := w.calls(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestGetRetriesAfterANetworkError(t *testing.T) {
	w := newMockWorld(t)
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts",
		httpmock.NewErrorResponder(errors.New("read: connection reset by peer")).Times(1).Then(jsonResponder(200, map[string]any{"Accounts": []any{}})))
	if _, err := w.v3(t).GetAccounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := w.calls(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func marketOrder(confirmID string) v3.OrderRequest {
	return v3.OrderRequest{
		AccountID:      accountID,
		Symbol:         "MSFT",
		Quantity:       value.MustParseDecimal("10"),
		OrderType:      v3.OrderTypeMarket,
		TradeAction:    v3.TradeActionBuy,
		TimeInForce:    v3.TimeInForce{Duration: v3.DurationDay},
		Route:          "Intelligent",
		OrderConfirmID: confirmID,
	}
}

// orderCalls are the four calls that move money, each sent through api.
var orderCalls = []struct {
	name, method, url string
	send              func(context.Context, *v3.Client) error
}{
	{"PlaceOrder", http.MethodPost, simV3 + "/orderexecution/orders", func(ctx context.Context, api *v3.Client) error {
		_, err := api.PlaceOrder(ctx, marketOrder(""))
		return err
	}},
	{"PlaceGroupOrder", http.MethodPost, simV3 + "/orderexecution/ordergroups", func(ctx context.Context, api *v3.Client) error {
		_, err := api.PlaceGroupOrder(ctx, v3.GroupOrderRequest{Type: v3.OrderGroupTypeOCO, Orders: []v3.OrderRequest{marketOrder("a1"), marketOrder("")}})
		return err
	}},
	{"ReplaceOrder", http.MethodPut, simV3 + "/orderexecution/orders/1001", func(ctx context.Context, api *v3.Client) error {
		_, err := api.ReplaceOrder(ctx, "1001", v3.OrderReplaceRequest{Quantity: value.MustParseDecimal("5")})
		return err
	}},
	{"CancelOrder", http.MethodDelete, simV3 + "/orderexecution/orders/1001", func(ctx context.Context, api *v3.Client) error {
		_, err := api.CancelOrder(ctx, "1001")
		return err
	}},
}

// A duplicate order is the worst bug this SDK can have.
func TestOrderRequestsThatMayHaveArrivedAreNeverSentTwice(t *testing.T) {
	hang := func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	}
	failures := []struct {
		name      string
		responder httpmock.Responder
		timeout   time.Duration
		maybe     bool // TradeStation may have acted
	}{
		{"500", httpmock.NewStringResponder(500, `{"Error":"InternalServerError","Message":"boom"}`), 0, true},
		{"502 from a gateway", httpmock.NewStringResponder(502, `<html>Bad Gateway</html>`), 0, true},
		{"503", httpmock.NewStringResponder(503, `{"Error":"ServiceUnavailable","Message":"later"}`), 0, true},
		{"429", httpmock.NewStringResponder(429, `{"Error":"TooManyRequests","Message":"Rate quota exceeded"}`), 0, false},
		{"501", httpmock.NewStringResponder(501, `{"Error":"NotImplemented","Message":"no"}`), 0, false},
		{"timeout", hang, 100 * time.Millisecond, true},
		{"dropped connection", httpmock.NewErrorResponder(io.ErrUnexpectedEOF), 0, true},
		{"connection reset", httpmock.NewErrorResponder(errors.New("read tcp 10.0.0.2:51234->1.2.3.4:443: read: connection reset by peer")), 0, true},
		{"200 with an HTML page", httpmock.NewStringResponder(200, `<html>Gateway</html>`), 0, true},
		{"200 with JSON that is not the answer", jsonResponder(200, []string{"ok"}), 0, true},
	}
	for _, c := range orderCalls {
		for _, f := range failures {
			t.Run(c.name+"/"+f.name, func(t *testing.T) {
				w := newMockWorld(t)
				w.mt.RegisterResponder(c.method, c.url, f.responder)
				ctx := context.Background()
				if f.timeout > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, f.timeout)
					defer cancel()
				}
				err := c.send(ctx, w.v3(t, option.WithAutoOrderConfirmID(false)))
				if err == nil {
					t.Fatal("no error")
				}
				if n := w.calls(); n != 1 {
					t.Errorf("%s was sent %d times, want exactly 1", c.name, n)
				}
				if maybe := errors.Is(err, client.ErrMaybePlaced); maybe != f.maybe {
					t.Errorf("errors.Is(%v, ErrMaybePlaced) = %t, want %t", err, maybe, f.maybe)
				}
			})
		}
	}
}

func TestPlacementsWithoutIDsGetFreshOnesAndAreResentWithThem(t *testing.T) {
	for _, c := range orderCalls[:2] {
		t.Run(c.name, func(t *testing.T) {
			w := newMockWorld(t)
			var bodies []string
			w.mt.RegisterResponder(c.method, c.url, func(req *http.Request) (*http.Response, error) {
				b, _ := io.ReadAll(req.Body)
				bodies = append(bodies, string(b))
				return httpmock.NewStringResponse(503, `{"Error":"ServiceUnavailable","Message":"later"}`), nil
			})
			err := c.send(context.Background(), w.v3(t))
			var mp *client.MaybePlacedError
			if !errors.As(err, &mp) || mp.Attempts != 3 {
				t.Fatalf("error %v, want a MaybePlacedError after 3 attempts", err)
			}
			if len(bodies) != 3 || bodies[0] != bodies[1] || bodies[1] != bodies[2] {
				t.Fatalf("bodies sent differ or were not 3:\n%s", strings.Join(bodies, "\n"))
			}
			var sent struct {
				OrderConfirmID string
				Orders         []v3.OrderRequest
			}
			_ = json.Unmarshal([]byte(bodies[0]), &sent)
			ids := []string{sent.OrderConfirmID}
			if len(sent.Orders) > 0 {
				ids = []string{sent.Orders[0].OrderConfirmID, sent.Orders[1].OrderConfirmID}
				if ids[0] != "a1" {
					t.Errorf("the caller's OrderConfirmID a1 became %q", ids[0])
				}
			}
			for _, id := range ids {
				if id == "" || len(id) > client.MaxOrderConfirmIDLen {
					t.Errorf("OrderConfirmIDs sent: %q", ids)
				}
			}
			if fmt.Sprint(mp.ConfirmIDs) != fmt.Sprint(ids) {
				t.Errorf("the error names ids %v, the body carried %v", mp.ConfirmIDs, ids)
			}
		})
	}
}

func TestPlacementWithOrderConfirmIDIsRetriedSafely(t *testing.T) {
	w := newMockWorld(t)
	var ids []string
	w.mt.RegisterResponder(http.MethodPost, simV3+"/orderexecution/orders", func(req *http.Request) (*http.Response, error) {
		var body v3.OrderRequest
		if err := json.NewDecoder(req.Body).Decode(&body); err != nil {
			return nil, err
		}
		ids = append(ids, body.OrderConfirmID)
		if len(ids) == 1 {
			return httpmock.NewStringResponse(503, `{"Error":"ServiceUnavailable","Message":"later"}`), nil
		}
		return httpmock.NewJsonResponse(200, map[string]any{"Orders": []any{map[string]string{"OrderID": "1002"}}})
	})
	resp, err := w.v3(t).PlaceOrder(context.Background(), marketOrder("bot-7f3a-0001"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Orders[0].OrderID != "1002" {
		t.Errorf("answer %+v", resp)
	}
	if fmt.Sprint(ids) != "[bot-7f3a-0001 bot-7f3a-0001]" {
		t.Errorf("sent ids %v, want the same id twice", ids)
	}
}

func TestDocumentedLimitsAreCheckedBeforeSending(t *testing.T) {
	many := func(n int, prefix string) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprintf("%s%d", prefix, i)
		}
		return s
	}
	cases := []struct {
		name  string
		limit string
		send  func(context.Context, *v3.Client) error
	}{
		{"26 accounts", "account ids is 26, the limit is 25", func(ctx context.Context, api *v3.Client) error {
			_, err := api.GetBalances(ctx, many(26, "1182"))
			return err
		}},
		{"101 quote symbols", "symbols is 101, the limit is 100", func(ctx context.Context, api *v3.Client) error {
			_, err := api.GetQuoteSnapshots(ctx, many(101, "S"))
			return err
		}},
		{"51 symbol details", "symbols is 51, the limit is 50", func(ctx context.Context, api *v3.Client) error {
			_, err := api.GetSymbolDetails(ctx, many(51, "S"))
			return err
		}},
		{"barsback", "barsback is 57601, the limit is 57600", func(ctx context.Context, api *v3.Client) error {
			_, err := api.GetBars(ctx, "MSFT", &v3.GetBarsParams{BarsBack: 57601})
			return err
		}},
		{"pageSize", "pageSize is 601, the limit is 600", func(ctx context.Context, api *v3.Client) error {
			_, err := api.GetOrders(ctx, []string{accountID}, &v3.GetOrdersParams{PageSize: 601})
			return err
		}},
		{"OrderConfirmID", "OrderConfirmID length is 23, the limit is 22", func(ctx context.Context, api *v3.Client) error {
			_, err := api.PlaceOrder(ctx, marketOrder(strings.Repeat("x", 23)))
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newMockWorld(t)
			w.mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{}`))
			err := c.send(context.Background(), w.v3(t))
			if !errors.Is(err, client.ErrLimitExceeded) || !strings.Contains(err.Error(), c.limit) {
				t.Errorf("err = %v, want one naming %q", err, c.limit)
			}
			if n := w.calls(); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

func TestOrdersIteratorFollowsNextTokenToTheLastPage(t *testing.T) {
	w := newMockWorld(t)
	var tokens []string
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts/"+accountID+"/orders", func(req *http.Request) (*http.Response, error) {
		next := req.URL.Query().Get("nextToken")
		tokens = append(tokens, next+"|"+req.URL.Query().Get("pageSize"))
		page := map[string]any{}
		switch next {
		case "":
			page = map[string]any{"Orders": []any{map[string]string{"OrderID": "1"}, map[string]string{"OrderID": "2"}}, "NextToken": "p2"}
		case "p2":
			page = map[string]any{"Orders": []any{map[string]string{"OrderID": "3"}}, "Errors": []any{map[string]string{"AccountID": "99", "Error": "NotFound", "Message": "no such account"}}, "NextToken": "p3"}
		case "p3":
			page = map[string]any{"Orders": []any{map[string]string{"OrderID": "4"}}}
		}
		return httpmock.NewJsonResponse(200, page)
	})
	var got []string
	var partial []string
	for o, err := range client.Orders(context.Background(), w.v3(t), []string{accountID}, &v3.GetOrdersParams{PageSize: 2}) {
		var oe *client.OrderError
		switch {
		case errors.As(err, &oe):
			partial = append(partial, oe.AccountID+" "+oe.Code)
		case err != nil:
			t.Fatal(err)
		default:
			got = append(got, o.OrderID)
		}
	}
	if fmt.Sprint(got) != "[1 2 3 4]" || fmt.Sprint(partial) != "[99 NotFound]" {
		t.Errorf("orders %v, partial errors %v", got, partial)
	}
	if fmt.Sprint(tokens) != "[|2 p2|2 p3|2]" {
		t.Errorf("requests (nextToken|pageSize) %v", tokens)
	}
}

func TestHistoricalOrdersFetchOnlyThePagesTheLoopReaches(t *testing.T) {
	w := newMockWorld(t)
	var sizes []string
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts/"+accountID+"/historicalorders", func(req *http.Request) (*http.Response, error) {
		if req.URL.Query().Get("since") != "2026-09-01" {
			return httpmock.NewStringResponse(400, `{"Error":"BadRequest","Message":"since"}`), nil
		}
		sizes = append(sizes, req.URL.Query().Get("pageSize"))
		return httpmock.NewJsonResponse(200, map[string]any{"Orders": []any{map[string]string{"OrderID": "h"}, map[string]string{"OrderID": "h"}}, "NextToken": "more"})
	})
	n := 0
	for _, err := range client.HistoricalOrders(context.Background(), w.v3(t), []string{accountID}, &v3.GetHistoricalOrdersParams{Since: "2026-09-01"}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 6 {
			break
		}
	}
	if w.calls() != 3 {
		t.Errorf("6 orders took %d requests, want 3 pages of 2", w.calls())
	}
	if fmt.Sprint(sizes) != "[600 600 600]" {
		t.Errorf("pageSize sent %v, want 600 on every page so that TradeStation pages", sizes)
	}
	before := w.calls()
	for range client.HistoricalOrders(context.Background(), w.v3(t), []string{accountID}, &v3.GetHistoricalOrdersParams{Since: "2026-09-01"}) {
		break
	}
	if w.calls()-before != 1 {
		t.Errorf("breaking after the first order made %d requests, want 1", w.calls()-before)
	}
}

func TestNonJSONErrorBodiesBecomeAPIErrorsWithTheirText(t *testing.T) {
	w := newMockWorld(t)
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts",
		httpmock.NewStringResponder(403, "<html><head><title>403</title></head><body><h1>Quota Exceeded</h1></body></html>").HeaderSet(http.Header{"Content-Type": {"text/html"}}))
	_, err := w.v3(t).GetAccounts(context.Background())
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an APIError", err)
	}
	if apiErr.StatusCode != 403 || apiErr.Code != "Forbidden" || apiErr.Message != "403 Quota Exceeded" || !bytes.Contains(apiErr.Body, []byte("<h1>")) {
		t.Errorf("APIError %+v", apiErr)
	}
}

func TestAPIErrorCarriesCodeMessageAndRateLimitFigures(t *testing.T) {
	w := newMockWorld(t)
	w.mt.RegisterResponder(http.MethodGet, simV3+"/marketdata/quotes/MSFT",
		httpmock.NewStringResponder(429, `{"Error":"TooManyRequests","Message":"Rate quota exceeded"}`).HeaderSet(http.Header{
			"X-Ratelimit-Limit":     {"30"},
			"X-Ratelimit-Remaining": {"0"},
			"X-Ratelimit-Reset":     {"1"},
			"X-Ratelimit-Resource":  {"quotes"},
		}))
	_, err := w.v3(t, option.WithMaxRetries(0)).GetQuoteSnapshots(context.Background(), []string{"MSFT"})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if got, want := err.Error(), "tradestation: 429 TooManyRequests: Rate quota exceeded (GET /v3/marketdata/quotes/MSFT)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	rl := apiErr.RateLimit
	if rl.Limit != 30 || rl.Remaining != 0 || rl.Resource != "quotes" || rl.Reset.IsZero() {
		t.Errorf("RateLimit %+v", rl)
	}
}

func TestRateLimitOfReadsASuccessfulAnswer(t *testing.T) {
	w := newMockWorld(t)
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts",
		httpmock.NewStringResponder(200, `{"Accounts":[]}`).HeaderSet(http.Header{"X-Ratelimit-Limit": {"250"}, "X-Ratelimit-Remaining": {"249"}}))
	var raw *http.Response
	if _, err := w.v3(t).GetAccounts(context.Background(), option.WithResponseInto(&raw)); err != nil {
		t.Fatal(err)
	}
	if rl := client.RateLimitOf(raw); rl.Limit != 250 || rl.Remaining != 249 {
		t.Errorf("RateLimitOf = %+v", rl)
	}
}

// The stream package reconnects a stream with its own backoff; the doer
// must not retry underneath it, or each reconnect becomes several requests.
func TestAStreamIsNeverRetriedUnderneathItsReader(t *testing.T) {
	w := newMockWorld(t)
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/stream/accounts/"+accountID+"/orders",
		httpmock.NewStringResponder(503, `{"Error":"ServiceUnavailable","Message":"later"}`))
	open := streamhook.Lookup[func(context.Context, *v3.Client, []string, ...option.RequestOption) (*http.Response, error)]("v3.StreamOrders")
	_, err := open(context.Background(), w.v3(t), []string{accountID})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("error %v, want the 503", err)
	}
	if n := w.calls(); n != 1 {
		t.Errorf("the stream was requested %d times, want 1", n)
	}
}

// A refusal is TradeStation's last word only when no earlier attempt may
// have been placed: a resend refused for lack of funds may have been
// refused because the first copy went through.
func TestARefusedResendAfterAnUncertainAttemptIsMaybePlaced(t *testing.T) {
	refusal := map[string]any{"Errors": []any{map[string]string{"OrderID": "0", "Error": "FAILED", "Message": "Insufficient buying power."}}}
	for _, earlier := range []bool{false, true} {
		w := newMockWorld(t)
		answer := jsonResponder(200, refusal)
		if earlier {
			answer = httpmock.NewStringResponder(502, `<html>Bad Gateway</html>`).Times(1).Then(answer)
		}
		w.mt.RegisterResponder(http.MethodPost, simV3+"/orderexecution/orders", answer)
		resp, err := w.v3(t).PlaceOrder(context.Background(), marketOrder("funds-1"))
		switch {
		case earlier && !errors.Is(err, client.ErrMaybePlaced):
			t.Errorf("after a 502, the refused resend gave %v, want ErrMaybePlaced", err)
		case !earlier && (err != nil || len(resp.Errors) != 1):
			t.Errorf("a first refusal gave %v, %+v; want it in the typed result", err, resp)
		}
	}
}

func TestNewV3RefusesASessionMadeForV2(t *testing.T) {
	w := newMockWorld(t)
	_, err := client.NewV3(w.session(t, auth.V2()))
	if err == nil || !strings.Contains(err.Error(), "auth.V2()") || !strings.Contains(err.Error(), "NewV2") {
		t.Fatalf("err = %v, want one naming the auth.V2() session and NewV2", err)
	}
	if _, err := client.NewV2(w.session(t, auth.V2())); err != nil {
		t.Errorf("NewV2 on the same session: %v", err)
	}
}

func TestClientsSendThroughTheSessionsHTTPClient(t *testing.T) {
	w := newMockWorld(t)
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts", jsonResponder(200, map[string]any{"Accounts": []any{}}))
	w.mt.RegisterResponder(http.MethodGet, simV2+"/data/quote/MSFT", jsonResponder(200, []any{}))
	sess := w.session(t, auth.Sim()) // auth.WithHTTPClient(w.hc), no client option
	v3api, err := client.NewV3(sess)
	if err != nil {
		t.Fatal(err)
	}
	v2api, err := client.NewV2(sess)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v3api.GetAccounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := v2api.GetQuotes(context.Background(), []string{"MSFT"}); err != nil {
		t.Fatal(err)
	}
	if n := w.calls(); n != 2 {
		t.Errorf("%d requests reached the session's transport, want 2", n)
	}
}

func TestACallsOwnOptionsReachTheDoer(t *testing.T) {
	w := newMockWorld(t)
	w.mt.RegisterResponder(http.MethodGet, simV3+"/brokerage/accounts", httpmock.NewStringResponder(503, `{"Error":"ServiceUnavailable","Message":"later"}`))
	api := w.v3(t) // two retries by default
	logged := &waits{}
	if _, err := api.GetAccounts(context.Background(), option.WithMaxRetries(1), option.WithLogger(slog.New(logged))); err == nil {
		t.Fatal("no error")
	}
	if n := w.calls(); n != 2 {
		t.Errorf("%d requests with WithMaxRetries(1) on the call, want 2", n)
	}
	if len(logged.d) != 1 {
		t.Errorf("the call's logger saw %d retries, want 1", len(logged.d))
	}
	before := w.calls()
	if _, err := api.GetAccounts(context.Background(), option.WithMaxRetries(0)); err == nil {
		t.Fatal("no error")
	}
	if n := w.calls() - before; n != 1 {
		t.Errorf("%d requests with WithMaxRetries(0) on the call, want 1", n)
	}
	before = w.calls()
	if _, err := api.GetAccounts(context.Background()); err == nil {
		t.Fatal("no error")
	}
	if n := w.calls() - before; n != 3 {
		t.Errorf("%d requests with the client's own setting after those calls, want 3", n)
	}
}

// h2TradeStation is TradeStation's sign-in and API hosts on one loopback
// HTTP/2 server over TLS; it answers every stream request with status (a
// 401 first when unauthorizedFirst), or with one quote and an end when
// status is 200, counting the requests that reach each path.
type h2TradeStation struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]int
	protos   map[string]bool
}

func newH2TradeStation(t *testing.T, status int, unauthorizedFirst bool) *h2TradeStation {
	t.Helper()
	ts := &h2TradeStation{requests: map[string]int{}, protos: map[string]bool{}}
	ts.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		ts.requests[r.URL.Path]++
		n := ts.requests[r.URL.Path]
		ts.protos[r.Proto] = true
		ts.mu.Unlock()
		switch {
		case r.URL.Path == "/oauth/token":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"at-%d","expires_in":1200,"token_type":"Bearer"}`, n)
		case unauthorizedFirst && n == 1:
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"Error":"Unauthorized","Message":"expired"}`)
		case status != http.StatusOK:
			w.WriteHeader(status)
			fmt.Fprint(w, `{"Error":"ServiceUnavailable","Message":"later"}`)
		default:
			w.Header().Set("Content-Type", "application/vnd.tradestation.streams.v2+json")
			fmt.Fprintln(w, `{"Symbol":"MSFT","Last":"425.37"}`)
		}
	}))
	ts.EnableHTTP2 = true
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts
}

func (ts *h2TradeStation) api(t *testing.T) *v3.Client {
	t.Helper()
	sess, err := auth.NewSession("id", "secret", "refresh", auth.WithSignInURL(ts.URL), auth.WithAPIURL(ts.URL), auth.WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	api, err := client.NewV3(sess, option.WithBackoff(time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func (ts *h2TradeStation) count(path string) int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.requests[path]
}

// The doer retries reads; under a stream it must not, or each of the
// stream's reconnections would hide three HTTP requests and two backoffs.
func TestEachStreamReconnectionIsOneHTTPRequest(t *testing.T) {
	ts := newH2TradeStation(t, http.StatusServiceUnavailable, false)
	const reconnects = 3
	var last error
	for _, err := range stream.Quotes(context.Background(), ts.api(t), []string{"MSFT"},
		stream.WithMaxReconnects(reconnects), stream.WithBackoff(time.Millisecond, 2*time.Millisecond)) {
		last = err
	}
	if !errors.Is(last, stream.ErrRetriesExhausted) {
		t.Fatalf("last value %v, want the stream to give up", last)
	}
	if n := ts.count("/v3/marketdata/stream/quotes/MSFT"); n != 1+reconnects {
		t.Errorf("%d HTTP requests for one connection and %d reconnections, want %d", n, reconnects, 1+reconnects)
	}
	if !ts.protos["HTTP/2.0"] || len(ts.protos) != 1 {
		t.Errorf("protocols %v, want HTTP/2.0 only", ts.protos)
	}
}

func TestAStreamIsSentOnceMoreOnlyAfterA401(t *testing.T) {
	ts := newH2TradeStation(t, http.StatusOK, true)
	var got []string
	for q, err := range stream.Quotes(context.Background(), ts.api(t), []string{"MSFT"}, stream.WithMaxReconnects(0)) {
		if err != nil {
			break // the one quote, then the end of the body
		}
		got = append(got, q.Symbol+" "+q.Last.String())
	}
	if fmt.Sprint(got) != "[MSFT 425.37]" {
		t.Errorf("quotes %v, want the one sent after the refresh", got)
	}
	if n := ts.count("/v3/marketdata/stream/quotes/MSFT"); n != 2 {
		t.Errorf("%d HTTP requests, want 2: the first, and one resend with a refreshed token", n)
	}
	if n := ts.count("/oauth/token"); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}
