package client

import (
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/tradestation-go/tradestation/internal/retry"
)

// Version is this SDK's version, sent in the User-Agent.
const Version = "0.1.0"

// Option configures a client built by NewV3 or NewV2.
type Option func(*settings)

type settings struct {
	httpClient    *http.Client
	userAgent     string
	maxRetries    int
	minBackoff    time.Duration
	maxBackoff    time.Duration
	logger        *slog.Logger
	editors       []func(context.Context, *http.Request) error
	autoConfirmID bool
	maxBody       int64
}

func defaultSettings() settings {
	return settings{
		httpClient:    &http.Client{}, // no Timeout: streams stay open for hours; contexts bound calls
		userAgent:     "tradestation-go/" + Version + " (" + runtime.Version() + ")",
		maxRetries:    2,
		minBackoff:    500 * time.Millisecond,
		maxBackoff:    retry.MaxWait,
		logger:        slog.New(slog.DiscardHandler),
		autoConfirmID: true,
		maxBody:       DefaultMaxResponseBytes,
	}
}

// WithHTTPClient sends requests through c (for a custom transport or
// httpmock). A Timeout on c also cuts streams; prefer contexts. The client
// sends through a copy of c that never follows redirects; c itself is not
// changed.
func WithHTTPClient(c *http.Client) Option {
	return func(s *settings) {
		if c != nil {
			s.httpClient = c
		}
	}
}

// WithUserAgent puts ua in front of the SDK's own User-Agent, so that
// TradeStation's logs name the application too.
func WithUserAgent(ua string) Option {
	return func(s *settings) {
		if ua != "" {
			s.userAgent = ua + " " + s.userAgent
		}
	}
}

// WithMaxRetries sets how many times a retryable request is sent again
// (default 2; 0 disables retries). The one resend after a 401 does not count.
func WithMaxRetries(n int) Option {
	return func(s *settings) { s.maxRetries = max(n, 0) }
}

// WithBackoff sets the first retry delay and the cap of the exponential
// backoff between retries (defaults 500 ms and 30 s; no wait ever exceeds
// 30 s).
func WithBackoff(first, cap time.Duration) Option {
	return func(s *settings) {
		if first > 0 {
			s.minBackoff = first
		}
		if cap > 0 {
			s.maxBackoff = min(cap, retry.MaxWait)
		}
	}
}

// WithLogger logs retries and refreshes at debug level. Logs carry method,
// path, status and timing; never headers, bodies or tokens.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) {
		if l != nil {
			s.logger = l
		}
	}
}

// WithRequestEditor adds an editor that runs on every request after the
// SDK's own (tracing headers, say).
func WithRequestEditor(fn func(context.Context, *http.Request) error) Option {
	return func(s *settings) {
		if fn != nil {
			s.editors = append(s.editors, fn)
		}
	}
}

// WithAutoOrderConfirmID(false) stops the client from giving each order of
// a placement that lacks an OrderConfirmID a fresh one. With it on (the
// default) every placement can be resent safely, so the client retries it
// like a read; with it off, a placement without ids of its own is sent
// exactly once and any doubt ends in ErrMaybePlaced.
func WithAutoOrderConfirmID(on bool) Option {
	return func(s *settings) { s.autoConfirmID = on }
}

// WithMaxResponseBytes bounds the body of a successful answer (after
// decompression) to n bytes, DefaultMaxResponseBytes (64 MiB) by default; a
// larger body is a *BodyLimitError, never cut short. Streams are bounded
// per line by the stream package instead. n <= 0 keeps the default.
func WithMaxResponseBytes(n int64) Option {
	return func(s *settings) {
		if n > 0 {
			s.maxBody = n
		}
	}
}
