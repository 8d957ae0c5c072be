package apierror

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRateLimitReadsEpochAndRelativeReset(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	cases := []struct {
		reset string
		want  time.Time
	}{
		{"1700000060", time.Unix(1_700_000_060, 0)},
		{"42", now.Add(42 * time.Second)},
		{"1.5", now.Add(1500 * time.Millisecond)},
		{"soon", time.Time{}},
	}
	for _, c := range cases {
		h := http.Header{}
		h.Set("X-RateLimit-Limit", "250")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", c.reset)
		h.Set("X-RateLimit-Resource", "accounts")
		rl := RateLimitAt(h, now)
		if !rl.Reset.Equal(c.want) || rl.Limit != 250 || rl.Remaining != 0 || rl.Resource != "accounts" || !rl.Known {
			t.Errorf("reset %q: got %+v, want reset %v", c.reset, rl, c.want)
		}
	}
	if rl := RateLimitAt(http.Header{}, now); rl.Known {
		t.Errorf("no headers: Known = true")
	}
}

func TestAPIErrorFromEachBodyShape(t *testing.T) {
	cases := []struct {
		name                 string
		status               int
		body                 string
		code, message, trace string
		keepsBody            bool
		errorText            string
	}{
		{"v3", 429, `{"Error":"TooManyRequests","Message":"Rate quota exceeded"}`, "TooManyRequests", "Rate quota exceeded", "", false,
			"tradestation: 429 TooManyRequests: Rate quota exceeded (GET /v3/marketdata/quotes/MSFT)"},
		{"v2", 400, `{"TraceId":"abc-123","StatusCode":400,"Message":"Invalid symbol"}`, "BadRequest", "Invalid symbol", "abc-123", false, ""},
		{"html gateway", 502, "<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>", "BadGateway", "502 Bad Gateway nginx", "", true, ""},
		{"plain text", 403, "Quota Exceeded", "Forbidden", "Quota Exceeded", "", true, ""},
		{"empty", 503, "", "ServiceUnavailable", "", "", false, "tradestation: 503 ServiceUnavailable (GET /v3/marketdata/quotes/MSFT)"},
	}
	for _, c := range cases {
		req := &http.Request{Method: "GET", URL: &url.URL{Path: "/v3/marketdata/quotes/MSFT"}}
		resp := &http.Response{StatusCode: c.status, Header: http.Header{}, Request: req, Body: io.NopCloser(strings.NewReader(c.body))}
		e := Read(resp)
		if e.Code != c.code || e.Message != c.message || e.TraceID != c.trace || (e.Body != nil) != c.keepsBody {
			t.Errorf("%s: got %+v", c.name, e)
		}
		if c.errorText != "" && e.Error() != c.errorText {
			t.Errorf("%s: Error() = %q, want %q", c.name, e.Error(), c.errorText)
		}
	}
}

func TestExcerptIsOneBoundedLine(t *testing.T) {
	long := strings.Repeat("x", 1000)
	if got := Excerpt([]byte(long)); len([]rune(got)) != maxMessageRunes+1 {
		t.Errorf("excerpt of 1000 runes has %d runes", len([]rune(got)))
	}
	if got := Excerpt([]byte{0xff, 0xfe, 0x00}); !strings.Contains(got, "3 bytes") {
		t.Errorf("binary excerpt = %q", got)
	}
}
