package client

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

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
		_, err := readRequest(newReq(t, c.method, c.target, c.body), false)
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

// readRequest runs the doer's checks and body reading on req, as Do does
// before sending, with OrderConfirmID autofill on or off.
func readRequest(req *http.Request, autofill bool) (*call, error) {
	if err := checkLimits(req); err != nil {
		return nil, err
	}
	c := &call{d: &doer{autoConfirmID: autofill, v2: strings.Contains(req.URL.Path, "/v2/")}, req: req, kind: classify(req), safe: true}
	return c, c.takeBody()
}

func TestOnlyReadsAndIdentifiedPlacementsAreRetryable(t *testing.T) {
	cases := []struct {
		name, method, target, body string
		want, withAutofill         bool
	}{
		{"get", "GET", "https://x/v3/brokerage/accounts", "", true, true},
		{"order confirm preview", "POST", "https://x/v3/orderexecution/orderconfirm", `{}`, true, true},
		{"risk reward", "POST", "https://x/v3/marketdata/options/riskreward", `{}`, true, true},
		{"place without confirm id", "POST", "https://x/v3/orderexecution/orders", `{"Symbol":"MSFT"}`, false, true},
		{"place with confirm id", "POST", "https://x/v3/orderexecution/orders", `{"Symbol":"MSFT","OrderConfirmID":"abc"}`, true, true},
		{"place with empty confirm id", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":""}`, false, false},
		{"place with the id twice", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":"a","OrderConfirmID":"a"}`, false, false},
		{"place with v2's spelling on v3", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmId":"abc"}`, false, false},
		{"place with the id and another spelling", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":"abc","orderConfirmID":"abd"}`, false, false},
		{"place with a numeric id", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":12345}`, false, false},
		{"place with a null id", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":null}`, false, false},
		{"place with a body that is not JSON", "POST", "https://x/v3/orderexecution/orders", `Symbol=MSFT`, false, false},
		{"place with two JSON values", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":"a"}{"Symbol":"MSFT"}`, false, false},
		{"place with an OSO child lacking an id", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":"a","OSOs":[{"Type":"NORMAL","Orders":[{"Symbol":"MSFT"}]}]}`, false, true},
		{"place with identified OSO children", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":"a","OSOs":[{"Type":"NORMAL","Orders":[{"OrderConfirmID":"b"}]}]}`, true, true},
		{"place with OSOs spelled twice", "POST", "https://x/v3/orderexecution/orders", `{"OrderConfirmID":"a","OSOs":[],"osos":[{"Orders":[{}]}]}`, false, false},
		{"group, every order identified", "POST", "https://x/v3/orderexecution/ordergroups", `{"Type":"OCO","Orders":[{"OrderConfirmID":"a"},{"OrderConfirmID":"b"}]}`, true, true},
		{"group, one order not identified", "POST", "https://x/v3/orderexecution/ordergroups", `{"Type":"OCO","Orders":[{"OrderConfirmID":"a"},{"Symbol":"MSFT"}]}`, false, true},
		{"group without orders", "POST", "https://x/v3/orderexecution/ordergroups", `{"Type":"OCO","Orders":[]}`, false, false},
		{"group with Orders twice", "POST", "https://x/v3/orderexecution/ordergroups", `{"Orders":[{"OrderConfirmID":"a"}],"Orders":[{"Symbol":"MSFT"}]}`, false, false},
		{"group with orders in lower case", "POST", "https://x/v3/orderexecution/ordergroups", `{"orders":[{"OrderConfirmID":"a"}]}`, false, false},
		{"v2 place with confirm id", "POST", "https://x/v2/orders", `{"OrderConfirmId":"abc"}`, true, true},
		{"v2 place with v3's spelling", "POST", "https://x/v2/orders", `{"OrderConfirmID":"abc"}`, false, false},
		{"v2 group", "POST", "https://x/v2/orders/groups", `{"Type":"BRK","Orders":[{"OrderConfirmId":"a"},{}]}`, false, true},
		{"replace", "PUT", "https://x/v3/orderexecution/orders/123", `{"Quantity":"5"}`, false, false},
		{"cancel", "DELETE", "https://x/v3/orderexecution/orders/123", "", false, false},
		{"v2 cancel", "DELETE", "https://x/v2/orders/123", "", false, false},
	}
	for _, c := range cases {
		for _, autofill := range []bool{false, true} {
			want := c.want || (autofill && c.withAutofill)
			got, err := readRequest(newReq(t, c.method, c.target, c.body), autofill)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got.safe != want {
				t.Errorf("%s (autofill %t): safe to resend = %v, want %v", c.name, autofill, got.safe, want)
			}
		}
	}
}

func TestPrepareWritesCommasLiterallyAndSpacesAsPercent20(t *testing.T) {
	req := newReq(t, "GET", "https://x/v3/marketdata/quotes/MSFT%2CAAPL%2CMSFT%20250620C450?legs=MSFT+250620C450&x=a%2Bb", "")
	prepare(req)
	if got, want := req.URL.String(), "https://x/v3/marketdata/quotes/MSFT,AAPL,MSFT%20250620C450?legs=MSFT%20250620C450&x=a%2Bb"; got != want {
		t.Errorf("URL = %s, want %s", got, want)
	}
	if req.URL.Path != "/v3/marketdata/quotes/MSFT,AAPL,MSFT 250620C450" {
		t.Errorf("Path = %q", req.URL.Path)
	}
	slash := newReq(t, "GET", "https://x/v2/data/symbol/EUR%2FUSD%2CGBP%2FUSD", "")
	prepare(slash)
	if got, want := slash.URL.String(), "https://x/v2/data/symbol/EUR%2FUSD,GBP%2FUSD"; got != want {
		t.Errorf("URL = %s, want %s", got, want)
	}
}
