package client

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServerWaitPrefersRetryAfterThenExhaustedQuota(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	cases := []struct {
		name    string
		headers map[string]string
		want    time.Duration
	}{
		{"retry-after seconds", map[string]string{"Retry-After": "3"}, 3 * time.Second},
		{"retry-after date", map[string]string{"Retry-After": now.Add(5 * time.Second).UTC().Format(http.TimeFormat)}, 5 * time.Second},
		{"reset with quota left is ignored", map[string]string{"X-RateLimit-Remaining": "7", "X-RateLimit-Reset": "10"}, 0},
		{"reset with quota exhausted", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "10"}, 10 * time.Second},
		{"nothing", nil, 0},
	}
	for _, c := range cases {
		resp := &http.Response{Header: http.Header{}}
		for k, v := range c.headers {
			resp.Header.Set(k, v)
		}
		if got := serverWait(resp, now); got != c.want {
			t.Errorf("%s: wait %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBackoffGrowsIsJitteredAndCapped(t *testing.T) {
	d := &doer{minBackoff: 100 * time.Millisecond, maxBackoff: time.Second}
	for attempt, nominal := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second} {
		for range 50 {
			w := d.backoff(attempt, nil)
			if w < nominal/2 || w > nominal {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", attempt, w, nominal/2, nominal)
			}
		}
	}
	resp := &http.Response{Header: http.Header{"Retry-After": {"3600"}}}
	if w := d.backoff(0, resp); w != maxWait {
		t.Errorf("Retry-After of an hour: wait %v, want the cap %v", w, maxWait)
	}
}

func newReq(t *testing.T, method, target, body string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestLimitsRejectBeforeSendingAndNameTheLimit(t *testing.T) {
	ids := func(n int) string {
		s := make([]string, n)
		for i := range s {
			s[i] = "11111" + string(rune('A'+i%26))
		}
		return strings.Join(s, ",")
	}
	longID := strings.Repeat("c", 23)
	cases := []struct {
		name, method, target, body string
		what                       string // "" means allowed
	}{
		{"25 accounts ok", "GET", "https://x/v3/brokerage/accounts/" + ids(25) + "/balances", "", ""},
		{"26 accounts", "GET", "https://x/v3/brokerage/accounts/" + ids(26) + "/balances", "", "account ids"},
		{"26 accounts on a stream", "GET", "https://x/v3/brokerage/stream/accounts/" + ids(26) + "/orders", "", "account ids"},
		{"26 accounts v2", "GET", "https://x/v2/accounts/" + ids(26) + "/positions", "", "account ids"},
		{"101 quote symbols", "GET", "https://x/v3/marketdata/quotes/" + ids(101), "", "symbols"},
		{"101 streamed symbols", "GET", "https://x/v3/marketdata/stream/quotes/" + ids(101), "", "symbols"},
		{"100 quote symbols ok", "GET", "https://x/v3/marketdata/quotes/" + ids(100), "", ""},
		{"51 symbol details", "GET", "https://x/v3/marketdata/symbols/" + ids(51), "", "symbols"},
		{"101 v2 quotes", "GET", "https://x/v2/data/quote/" + ids(101), "", "symbols"},
		{"barsback", "GET", "https://x/v3/marketdata/barcharts/MSFT?barsback=57601", "", "barsback"},
		{"barsback ok", "GET", "https://x/v3/marketdata/barcharts/MSFT?barsback=57600", "", ""},
		{"minute interval", "GET", "https://x/v3/marketdata/barcharts/MSFT?unit=Minute&interval=1441", "", "interval"},
		{"daily interval is not minutes", "GET", "https://x/v3/marketdata/barcharts/MSFT?unit=Daily&interval=1441", "", ""},
		{"page size", "GET", "https://x/v3/brokerage/accounts/1/historicalorders?since=2026-01-01&pageSize=601", "", "pageSize"},
		{"confirm id", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":"` + longID + `"}`, "OrderConfirmID length"},
		{"confirm id in a group", "POST", "https://x/v3/orderexecution/ordergroups", `{"Type":"OCO","Orders":[{"OrderConfirmID":"a"},{"OrderConfirmID":"` + longID + `"}]}`, "OrderConfirmID length"},
		{"v2 confirm id", "POST", "https://x/v2/orders", `{"OrderConfirmId":"` + longID + `"}`, "OrderConfirmID length"},
		{"22 chars ok", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":"` + longID[:22] + `"}`, ""},
	}
	for _, c := range cases {
		err := checkLimits(newReq(t, c.method, c.target, c.body))
		var le *LimitError
		switch {
		case c.what == "" && err != nil:
			t.Errorf("%s: unexpected %v", c.name, err)
		case c.what != "" && !errors.As(err, &le):
			t.Errorf("%s: got %v, want a LimitError", c.name, err)
		case c.what != "" && (le.What != c.what || !errors.Is(err, ErrLimitExceeded) || !strings.Contains(err.Error(), c.what)):
			t.Errorf("%s: got %v", c.name, err)
		}
	}
}

func TestOnlyReadsAndIdentifiedPlacementsAreRetryable(t *testing.T) {
	d := &doer{}
	cases := []struct {
		name, method, target, body string
		want                       bool
	}{
		{"get", "GET", "https://x/v3/brokerage/accounts", "", true},
		{"order confirm preview", "POST", "https://x/v3/orderexecution/orderconfirm", `{}`, true},
		{"risk reward", "POST", "https://x/v3/marketdata/options/riskreward", `{}`, true},
		{"place without confirm id", "POST", "https://x/v3/orderexecution/orders", `{"Symbol":"MSFT"}`, false},
		{"place with confirm id", "POST", "https://x/v3/orderexecution/orders", `{"Symbol":"MSFT","OrderConfirmID":"abc"}`, true},
		{"place with empty confirm id", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":""}`, false},
		{"group, every order identified", "POST", "https://x/v3/orderexecution/ordergroups", `{"Type":"OCO","Orders":[{"OrderConfirmID":"a"},{"OrderConfirmID":"b"}]}`, true},
		{"group, one order not identified", "POST", "https://x/v3/orderexecution/ordergroups", `{"Type":"OCO","Orders":[{"OrderConfirmID":"a"},{"Symbol":"MSFT"}]}`, false},
		{"v2 place with confirm id", "POST", "https://x/v2/orders", `{"OrderConfirmId":"abc"}`, true},
		{"replace", "PUT", "https://x/v3/orderexecution/orders/123", `{"Quantity":"5"}`, false},
		{"cancel", "DELETE", "https://x/v3/orderexecution/orders/123", "", false},
		{"v2 cancel", "DELETE", "https://x/v2/orders/123", "", false},
	}
	for _, c := range cases {
		if got := d.retryable(newReq(t, c.method, c.target, c.body)); got != c.want {
			t.Errorf("%s: retryable = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestAcceptHeaderFollowsTheEndpoint(t *testing.T) {
	cases := []struct {
		path string
		v2   bool
		want string
	}{
		{"/v3/brokerage/accounts", false, "application/json"},
		{"/v3/marketdata/stream/quotes/MSFT", false, "application/vnd.tradestation.streams.v2+json"},
		{"/v3/brokerage/stream/accounts/1/orders", false, "application/vnd.tradestation.streams.v3+json"},
		{"/v2/stream/quote/changes/MSFT", true, "application/vnd.tradestation.streams+json"},
	}
	for _, c := range cases {
		if got := acceptFor(c.path, c.v2)[0]; got != c.want {
			t.Errorf("%s: Accept %q, want %q", c.path, got, c.want)
		}
	}
}

func TestPrepareWritesCommasLiterallyAndSpacesAsPercent20(t *testing.T) {
	req := newReq(t, "GET", "https://x/v3/marketdata/quotes/MSFT%2CAAPL%2CMSFT%20250620C450?legs=MSFT+250620C450&x=a%2Bb", "")
	(&doer{}).prepare(req)
	if got, want := req.URL.String(), "https://x/v3/marketdata/quotes/MSFT,AAPL,MSFT%20250620C450?legs=MSFT%20250620C450&x=a%2Bb"; got != want {
		t.Errorf("URL = %s, want %s", got, want)
	}
	if req.URL.Path != "/v3/marketdata/quotes/MSFT,AAPL,MSFT 250620C450" {
		t.Errorf("Path = %q", req.URL.Path)
	}
	slash := newReq(t, "GET", "https://x/v2/data/symbol/EUR%2FUSD%2CGBP%2FUSD", "")
	(&doer{}).prepare(slash)
	if got, want := slash.URL.String(), "https://x/v2/data/symbol/EUR%2FUSD,GBP%2FUSD"; got != want {
		t.Errorf("URL = %s, want %s", got, want)
	}
}
