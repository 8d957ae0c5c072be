package stream_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// tradeStation is a loopback server that issues tokens and answers each
// stream path with a fixed body, recording what it was asked.
type tradeStation struct {
	*httptest.Server
	mu       sync.Mutex
	bodies   map[string]string // path -> body
	requests []*http.Request
	grant    string // "invalid" makes the token endpoint refuse
}

func newTradeStation(t *testing.T, bodies map[string]string) *tradeStation {
	t.Helper()
	ts := &tradeStation{bodies: bodies}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			w.Header().Set("Content-Type", "application/json")
			if ts.grant == "invalid" {
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, `{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}`)
				return
			}
			fmt.Fprint(w, `{"access_token":"at","expires_in":1200,"token_type":"Bearer"}`)
			return
		}
		ts.mu.Lock()
		ts.requests = append(ts.requests, r.Clone(context.Background()))
		body, ok := ts.bodies[r.URL.Path]
		ts.mu.Unlock()
		if !ok {
			http.Error(w, `{"Error":"NotFound","Message":"no such stream"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		fmt.Fprint(w, body)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *tradeStation) session(t *testing.T) *auth.Session {
	t.Helper()
	sess, err := auth.NewSession("id", "secret", "refresh", auth.WithSignInURL(ts.URL), auth.WithAPIURL(ts.URL))
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func (ts *tradeStation) v3(t *testing.T) *v3.Client {
	t.Helper()
	api, err := client.NewV3(ts.session(t), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func (ts *tradeStation) v2(t *testing.T) *v2.Client {
	t.Helper()
	api, err := client.NewV2(ts.session(t), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func (ts *tradeStation) seen() []*http.Request {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]*http.Request(nil), ts.requests...)
}

// once ends every stream after the server's body: no reconnecting.
var once = []stream.Option{stream.WithMaxReconnects(0), stream.WithBackoff(time.Millisecond, time.Millisecond)}

func TestQuotesYieldsTypedQuotesAndSkipsHeartbeats(t *testing.T) {
	ts := newTradeStation(t, map[string]string{
		"/v3/marketdata/stream/quotes/MSFT,AAPL": `{"Symbol":"MSFT","Last":"425.37","Volume":"9412783"}` + "\n" +
			`{"Heartbeat":1,"Timestamp":"2026-11-26T15:00:05Z"}` + "\n" +
			`{"Symbol":"AAPL","Last":"229.10"}` + "\n",
	})
	var got []string
	for q, err := range stream.Quotes(context.Background(), ts.v3(t), []string{"MSFT", "AAPL"}, once...) {
		if err != nil {
			if errors.Is(err, stream.ErrRetriesExhausted) {
				break
			}
			t.Fatal(err)
		}
		got = append(got, q.Symbol+" "+q.Last.String())
	}
	if fmt.Sprint(got) != "[MSFT 425.37 AAPL 229.10]" {
		t.Errorf("quotes %v", got)
	}
	req := ts.seen()[0]
	if req.Header.Get("Accept") != "application/vnd.tradestation.streams.v2+json" || req.Header.Get("Authorization") != "Bearer at" {
		t.Errorf("headers %v", req.Header)
	}
}

func TestOrdersCallsOnEndSnapshotAfterTheSnapshot(t *testing.T) {
	ts := newTradeStation(t, map[string]string{
		"/v3/brokerage/stream/accounts/11827364,21827366/orders": `{"OrderID":"1001","Status":"OPN","AccountID":"11827364"}` + "\n" +
			`{"StreamStatus":"EndSnapshot"}` + "\n" +
			`{"OrderID":"1001","Status":"FLL","AccountID":"11827364","FilledPrice":"425.37"}` + "\n",
	})
	var events []string
	opts := append([]stream.Option{stream.OnEndSnapshot(func() { events = append(events, "end-snapshot") })}, once...)
	for o, err := range stream.Orders(context.Background(), ts.v3(t), []string{"11827364", "21827366"}, opts...) {
		if err != nil {
			break
		}
		events = append(events, o.OrderID+" "+string(o.Status))
	}
	if fmt.Sprint(events) != "[1001 OPN end-snapshot 1001 FLL]" {
		t.Errorf("events %v", events)
	}
	if got := ts.seen()[0].Header.Get("Accept"); got != "application/vnd.tradestation.streams.v3+json" {
		t.Errorf("Accept %q", got)
	}
}

func TestEveryV3StreamReachesItsPath(t *testing.T) {
	leg := "MSFT 250620C450"
	cases := []struct {
		name string
		path string
		run  func(context.Context, *v3.Client) error
	}{
		{"Bars", "/v3/marketdata/stream/barcharts/MSFT", func(ctx context.Context, api *v3.Client) error {
			return first(stream.Bars(ctx, api, "MSFT", nil, once...))
		}},
		{"MarketDepthQuotes", "/v3/marketdata/stream/marketdepth/quotes/MSFT", func(ctx context.Context, api *v3.Client) error {
			return first(stream.MarketDepthQuotes(ctx, api, "MSFT", nil, once...))
		}},
		{"MarketDepthAggregates", "/v3/marketdata/stream/marketdepth/aggregates/MSFT", func(ctx context.Context, api *v3.Client) error {
			return first(stream.MarketDepthAggregates(ctx, api, "MSFT", nil, once...))
		}},
		{"OptionChain", "/v3/marketdata/stream/options/chains/MSFT", func(ctx context.Context, api *v3.Client) error {
			return first(stream.OptionChain(ctx, api, "MSFT", nil, once...))
		}},
		{"OptionQuotes", "/v3/marketdata/stream/options/quotes", func(ctx context.Context, api *v3.Client) error {
			return first(stream.OptionQuotes(ctx, api, &v3.StreamOptionQuotesParams{Leg0Symbol: leg}, once...))
		}},
		{"OrdersByID", "/v3/brokerage/stream/accounts/11827364/orders/1001,1002", func(ctx context.Context, api *v3.Client) error {
			return first(stream.OrdersByID(ctx, api, []string{"11827364"}, []string{"1001", "1002"}, once...))
		}},
		{"Positions", "/v3/brokerage/stream/accounts/11827364/positions", func(ctx context.Context, api *v3.Client) error {
			return first(stream.Positions(ctx, api, []string{"11827364"}, nil, once...))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ts := newTradeStation(t, map[string]string{c.path: `{"Symbol":"MSFT"}` + "\n"})
			if err := c.run(context.Background(), ts.v3(t)); err != nil {
				t.Fatalf("first message: %v", err)
			}
			if reqs := ts.seen(); len(reqs) == 0 || reqs[0].URL.Path != c.path {
				t.Errorf("requests %v, want %s", reqs, c.path)
			}
		})
	}
}

// first returns the error of a stream's first yield.
func first[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		return err
	}
	return errors.New("the stream yielded nothing")
}

func TestV2StreamsEndCleanlyAtEND(t *testing.T) {
	ts := newTradeStation(t, map[string]string{
		"/v2/stream/quote/changes/MSFT":                    `{"Symbol":"MSFT","Last":425.37}{"Symbol":"MSFT","Last":425.4}` + "\nEND\n",
		"/v2/stream/barchart/MSFT/5/Minute/100/11-25-2026": `{"Close":425.37,"TimeStamp":"\/Date(1764086400000)\/"}` + "\nEND\n",
		"/v2/stream/tickbars/MSFT/10/50":                   `{"Close":425.37}` + "\nERROR - symbol halted\n",
	})
	api := ts.v2(t)
	var last []string
	for q, err := range stream.V2QuoteChanges(context.Background(), api, []string{"MSFT"}) {
		if err != nil {
			t.Fatal(err)
		}
		last = append(last, q.Last.String())
	}
	if fmt.Sprint(last) != "[425.37 425.4]" {
		t.Errorf("v2 quotes %v", last)
	}
	bars := 0
	for b, err := range stream.V2BarsBarsBack(context.Background(), api, "MSFT", 5, v2.BarUnitMinute, 100, "11-25-2026", nil) {
		if err != nil {
			t.Fatal(err)
		}
		if b.TimeStamp.UnixMilli() != 1764086400000 {
			t.Errorf("bar time %v", b.TimeStamp)
		}
		bars++
	}
	if bars != 1 {
		t.Errorf("%d bars, want 1", bars)
	}
	var errs []error
	for _, err := range stream.V2TickBars(context.Background(), api, "MSFT", 10, 50) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var se *stream.Error
	if len(errs) != 1 || !errors.As(errs[0], &se) || !strings.Contains(se.Code, "symbol halted") {
		t.Errorf("tick bar errors %v", errs)
	}
	for _, r := range ts.seen() {
		if r.URL.Query().Get("APIVersion") != "20160101" || r.Header.Get("Accept") != "application/vnd.tradestation.streams+json" {
			t.Errorf("%s: query %q, Accept %q", r.URL.Path, r.URL.RawQuery, r.Header.Get("Accept"))
		}
	}
}

func TestV2HeartbeatsInEitherSpellingAreNotYieldedAsEmptyQuotes(t *testing.T) {
	ts := newTradeStation(t, map[string]string{
		"/v2/stream/quote/changes/MSFT": `{"heartbeat":1,"timestamp":"\/Date(1764086400000)\/"}` +
			`{"Symbol":"MSFT","Last":425.37}` + "\r\n" + `{"Heartbeat":2,"Timestamp":"2026-11-26T15:00:05Z"}` + "\nEND\n",
	})
	var quotes []string
	var beats []int64
	for q, err := range stream.V2QuoteChanges(context.Background(), ts.v2(t), []string{"MSFT"},
		stream.OnHeartbeat(func(h stream.Heartbeat) { beats = append(beats, h.Count) })) {
		if err != nil {
			t.Fatal(err)
		}
		quotes = append(quotes, q.Symbol+" "+q.Last.String())
	}
	if fmt.Sprint(quotes) != "[MSFT 425.37]" || fmt.Sprint(beats) != "[1 2]" {
		t.Errorf("quotes %q, heartbeats %v; want one MSFT quote and heartbeats 1 and 2", quotes, beats)
	}
}

func TestQuotesOfOnlyDeadSymbolsEndWithErrAllSubjectsFailed(t *testing.T) {
	ts := newTradeStation(t, map[string]string{
		"/v3/marketdata/stream/quotes/NOPE,XYZ": `{"Symbol":"NOPE","Error":"FAILED, EX_INVALID_SYMBOL"}` + "\n" +
			`{"Symbol":"XYZ","Error":"FAILED, NOT ENTITLED"}` + "\n" + `{"Heartbeat":1}` + "\n",
	})
	var errs []error
	for _, err := range stream.Quotes(context.Background(), ts.v3(t), []string{"NOPE", "XYZ"}) {
		errs = append(errs, err)
	}
	if len(errs) != 2 || errors.Is(errs[0], stream.ErrAllSubjectsFailed) || !errors.Is(errs[1], stream.ErrAllSubjectsFailed) {
		t.Fatalf("errors %v, want one about NOPE, then the end", errs)
	}
	if n := len(ts.seen()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestOrdersOfOnlyUnknownAccountsEnd(t *testing.T) {
	ts := newTradeStation(t, map[string]string{
		"/v3/brokerage/stream/accounts/999/orders": `{"AccountID":"999","Error":"NotFound","Message":"Account 999 was not found."}` + "\n" +
			`{"StreamStatus":"EndSnapshot"}` + "\n",
	})
	var errs []error
	for _, err := range stream.Orders(context.Background(), ts.v3(t), []string{"999"}) {
		errs = append(errs, err)
	}
	var se *stream.Error
	if len(errs) != 1 || !errors.As(errs[0], &se) || se.AccountID != "999" || se.Verdict != stream.Fatal {
		t.Errorf("errors %v, want one fatal error about account 999", errs)
	}
}

func TestBadArgumentsEndTheStreamBeforeConnecting(t *testing.T) {
	ts := newTradeStation(t, nil)
	api := ts.v3(t)
	ctx := context.Background()
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("S%d", i)
	}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"no symbols", first(stream.Quotes(ctx, api, nil)), "no symbols"},
		{"empty symbol", first(stream.Quotes(ctx, api, []string{"MSFT", " "})), "symbols item 1 is empty"},
		{"no accounts", first(stream.Orders(ctx, api, nil)), "no account ids"},
		{"no order ids", first(stream.OrdersByID(ctx, api, []string{"1"}, nil)), "no order ids"},
		{"no underlying", first(stream.OptionChain(ctx, api, "", nil)), "no underlying"},
		{"no option legs", first(stream.OptionQuotes(ctx, api, nil)), "Leg0Symbol"},
		{"nil client", first(stream.Quotes(ctx, nil, []string{"MSFT"})), "nil client"},
		{"101 symbols", first(stream.Quotes(ctx, api, many)), "symbols is 101, the limit is 100"},
		{"v2 days back without DaysBack", first(stream.V2BarsDaysBack(ctx, ts.v2(t), "MSFT", 1, v2.BarUnitDaily, &v2.StreamBarchartsDaysBackParams{})), "DaysBack"},
		{"v2 days back without params", first(stream.V2BarsDaysBack(ctx, ts.v2(t), "MSFT", 1, v2.BarUnitDaily, nil)), "DaysBack"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: err %v, want one containing %q", c.name, c.err, c.want)
		}
	}
	if n := len(ts.seen()); n != 0 {
		t.Errorf("%d requests reached the server, want none", n)
	}
}

func TestARevokedLoginEndsTheStreamAtOnce(t *testing.T) {
	ts := newTradeStation(t, map[string]string{"/v3/marketdata/stream/quotes/MSFT": "{}\n"})
	ts.grant = "invalid"
	var errs []error
	for _, err := range stream.Quotes(context.Background(), ts.v3(t), []string{"MSFT"}, stream.WithBackoff(time.Millisecond, time.Millisecond)) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], auth.ErrLoginRequired) {
		t.Errorf("errors %v, want one ErrLoginRequired", errs)
	}
}
