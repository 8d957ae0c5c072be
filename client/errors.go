package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// APIError is a TradeStation answer that is not 2xx. Every XxxWithResponse
// method of a client from NewV3 or NewV2 returns it as its error, so
//
//	var apiErr *client.APIError
//	if errors.As(err, &apiErr) && apiErr.StatusCode == 404 { ... }
//
// works and no caller has to remember to inspect a status code.
type APIError struct {
	StatusCode int    // HTTP status
	Code       string // TradeStation's error code ("TooManyRequests"); v2 and non-JSON answers: the status text without spaces
	Message    string // TradeStation's message, or the start of a non-JSON body
	TraceID    string // v2 only: TradeStation's trace id, for support requests

	// RateLimit holds the X-RateLimit-* figures of the answer, when present.
	RateLimit RateLimit
	// Body is the raw body when it was not JSON (gateways answer HTML or
	// plain text); nil for JSON answers.
	Body []byte
	// Method and Path name the request that failed (no host, no query).
	Method, Path string
	// Location is where a 3xx answer pointed. The client never follows a
	// redirect: it would carry the bearer token and an order elsewhere.
	Location string
}

// Error reads like "tradestation: 429 TooManyRequests: Rate quota exceeded".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tradestation: %d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Location != "" {
		b.WriteString(": redirect to " + withoutQuery(e.Location) + " not followed")
	}
	if e.Method != "" {
		fmt.Fprintf(&b, " (%s %s)", e.Method, e.Path)
	}
	return b.String()
}

// withoutQuery is a URL without user info, query or fragment, which may
// hold secrets that do not belong in an error message.
func withoutQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unreadable URL)"
	}
	u.User, u.RawQuery, u.Fragment, u.RawFragment = nil, "", "", ""
	return u.String()
}

// maxErrorBody bounds how much of an error body is read and kept.
const maxErrorBody = 64 << 10

// maxMessageRunes bounds the Message taken from a non-JSON body.
const maxMessageRunes = 200

// newAPIError builds the error for a non-2xx answer from its (already
// read, bounded) body. It accepts v3's {"Error","Message"}, v2's
// {"TraceId","StatusCode","Message"} and anything else as text.
func newAPIError(resp *http.Response, body []byte) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		RateLimit:  RateLimitOf(resp),
	}
	if resp.Request != nil {
		e.Method, e.Path = resp.Request.Method, resp.Request.URL.Path
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		e.Location = resp.Header.Get("Location")
	}
	var shape struct {
		Error   string `json:"Error"`
		Message string `json:"Message"`
		TraceID string `json:"TraceId"`
	}
	if json.Unmarshal(body, &shape) == nil && (shape.Error != "" || shape.Message != "" || shape.TraceID != "") {
		e.Code, e.Message, e.TraceID = shape.Error, shape.Message, shape.TraceID
	} else if len(body) > 0 {
		e.Body = body
		e.Message = excerpt(body)
	}
	if e.Code == "" {
		e.Code = strings.ReplaceAll(http.StatusText(resp.StatusCode), " ", "")
	}
	return e
}

// excerpt turns a non-JSON body into one short line: tags and runs of
// white space collapse, the text is cut at maxMessageRunes.
func excerpt(body []byte) string {
	if !utf8.Valid(body) {
		return fmt.Sprintf("%d bytes of non-text body", len(body))
	}
	var b strings.Builder
	inTag, space := false, false
	n := 0
	for _, r := range string(body) {
		switch {
		case r == '<':
			inTag = true
			continue
		case r == '>' && inTag:
			inTag = false
			space = true
			continue
		case inTag:
			continue
		case r == ' ' || r == '\n' || r == '\r' || r == '\t':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		b.WriteRune(r)
		n++
		if n >= maxMessageRunes {
			b.WriteString("…")
			break
		}
	}
	return b.String()
}

// ErrLimitExceeded is matched by every *LimitError.
var ErrLimitExceeded = errors.New("tradestation: request exceeds a documented limit")

// LimitError rejects a request before it is sent because it breaks a limit
// that TradeStation documents (25 accounts, 100 symbols, 57,600 bars...).
type LimitError struct {
	What  string // what was counted: "account ids", "symbols", "barsback"...
	Got   int
	Limit int
	Path  string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("tradestation: %s is %d, the limit is %d (request %s not sent)", e.What, e.Got, e.Limit, e.Path)
}

// Is makes errors.Is(err, ErrLimitExceeded) true.
func (e *LimitError) Is(target error) bool { return target == ErrLimitExceeded }
