// Package apierror builds the error of every non-2xx TradeStation answer,
// in one place for the generated clients, the doer and the streams.
// Package client names its types: client.APIError is Error,
// client.RateLimit is RateLimit.
package apierror

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tradestation-go/tradestation/internal/retry"
)

// Error is a TradeStation answer that is not 2xx; see client.APIError.
type Error struct {
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
	// Location is where a 3xx answer pointed. The SDK never follows a
	// redirect: it would carry the bearer token and an order elsewhere.
	Location string
}

// Error reads like "tradestation: 429 TooManyRequests: Rate quota exceeded
// (GET /v3/marketdata/quotes/MSFT)".
func (e *Error) Error() string {
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

// Is makes errors.Is(err, client.ErrOrderNotOpen) and the other refusal
// sentinels true for an answer whose message says so.
func (e *Error) Is(target error) bool {
	return IsRefusal(e.Message, e.Code, target)
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

// MaxBody bounds how much of an error body is read and kept.
const MaxBody = 64 << 10

// maxMessageRunes bounds the Message taken from a non-JSON body.
const maxMessageRunes = 200

// Read consumes and closes resp's body (at most MaxBody of it) and returns
// the error it describes.
func Read(resp *http.Response) *Error {
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	return New(resp, bytes.TrimSpace(body))
}

// New builds the error for a non-2xx answer from its (already read,
// bounded) body. It accepts v3's {"Error","Message"}, v2's
// {"TraceId","StatusCode","Message"} and anything else as text.
func New(resp *http.Response, body []byte) *Error {
	e := &Error{
		StatusCode: resp.StatusCode,
		RateLimit:  RateLimitOf(resp),
	}
	if resp.Request != nil && resp.Request.URL != nil {
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
		e.Message = Excerpt(body)
	}
	if e.Code == "" {
		e.Code = strings.ReplaceAll(http.StatusText(resp.StatusCode), " ", "")
	}
	return e
}

// Excerpt turns a non-JSON body into one short line: tags and runs of
// white space collapse, the text is cut at 200 characters.
func Excerpt(body []byte) string {
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

// RateLimit is what an answer's X-RateLimit-* headers say; see
// client.RateLimit.
type RateLimit struct {
	Limit     int       // requests allowed in the window
	Remaining int       // requests left in the window
	Reset     time.Time // when the window resets
	Resource  string    // the resource group the quota applies to
	Known     bool
}

// RateLimitOf reads the X-RateLimit-* headers of resp (nil gives the zero
// RateLimit).
func RateLimitOf(resp *http.Response) RateLimit {
	if resp == nil {
		return RateLimit{}
	}
	return RateLimitAt(resp.Header, time.Now())
}

// RateLimitAt reads the X-RateLimit-* headers of h; X-RateLimit-Reset may be
// a Unix time or a number of seconds from now (retry.ResetTime).
func RateLimitAt(h http.Header, now time.Time) RateLimit {
	var rl RateLimit
	if v := h.Get("X-RateLimit-Limit"); v != "" {
		rl.Limit, _ = strconv.Atoi(v)
		rl.Known = true
	}
	if v := h.Get("X-RateLimit-Remaining"); v != "" {
		rl.Remaining, _ = strconv.Atoi(v)
		rl.Known = true
	}
	if reset, ok := retry.ResetTime(h.Get("X-RateLimit-Reset"), now); ok {
		rl.Reset, rl.Known = reset, true
	}
	if v := h.Get("X-RateLimit-Resource"); v != "" {
		rl.Resource = v
		rl.Known = true
	}
	return rl
}
