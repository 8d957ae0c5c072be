// Package option holds the one option type of the SDK, RequestOption, and
// the options themselves. The same option configures a whole client when
// given to a constructor (client.NewV3, client.NewV2, v3.NewClient,
// v2.NewClient) and one call when given to a method, where it applies
// after the client's own:
//
//	api, err := client.NewV3(sess, option.WithMaxRetries(4))
//	q, err := api.GetQuoteSnapshots(ctx, []string{"MSFT"}, option.WithRequestTimeout(2*time.Second))
//
// A nil RequestOption is skipped. An option given a value it cannot use
// makes the constructor or the call fail with an error that names it.
package option

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/textproto"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/internal/requestconfig"
	"github.com/tradestation-go/tradestation/ratelimit"
)

// RequestOption changes how a client, or one call, sends its requests.
type RequestOption = requestconfig.RequestOption

// maxBackoff caps any wait between attempts, whatever an option or the
// server asks.
const maxBackoff = requestconfig.DefaultMaxBackoff

// WithHTTPClient sends the requests through hc (a custom transport, a
// proxy, httpmock). Without it, client.NewV3 and NewV2 use the session's
// HTTP client (auth.WithHTTPClient) and the bare constructors a new
// http.Client. The SDK sends through a copy of hc that never follows a
// redirect; hc itself is not changed. A Timeout on hc also cuts streams;
// prefer WithRequestTimeout or contexts.
func WithHTTPClient(hc *http.Client) RequestOption {
	return func(c *requestconfig.Config) error {
		if hc == nil {
			return errors.New("option: WithHTTPClient was given a nil *http.Client")
		}
		c.HTTPClient = requestconfig.NoRedirects(hc)
		return nil
	}
}

// WithMaxRetries sets how many times client.NewV3 and NewV2 send a request
// again that is safe to retry (default 2; 0 disables retries). The one
// resend after a 401 does not count. The bare v3.NewClient and v2.NewClient
// never retry.
func WithMaxRetries(n int) RequestOption {
	return func(c *requestconfig.Config) error {
		if n < 0 {
			return fmt.Errorf("option: WithMaxRetries(%d): the number of retries cannot be negative", n)
		}
		c.MaxRetries = n
		return nil
	}
}

// WithBackoff sets the first wait before a retry and the cap of the
// jittered exponential backoff after it (defaults 500 ms and 30 s; no wait
// ever exceeds 30 s, whatever Retry-After asks).
func WithBackoff(first, cap time.Duration) RequestOption {
	return func(c *requestconfig.Config) error {
		if first <= 0 || cap < first {
			return fmt.Errorf("option: WithBackoff(%v, %v): want 0 < first <= cap", first, cap)
		}
		c.MinBackoff, c.MaxBackoff = first, min(cap, maxBackoff)
		return nil
	}
}

// WithRequestTimeout bounds each call, retries and the reading of the
// answer included, by d. For a stream it bounds the wait for the answer's
// headers; the stream then lives as long as its context.
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(c *requestconfig.Config) error {
		if d <= 0 {
			return fmt.Errorf("option: WithRequestTimeout(%v): the timeout must be positive", d)
		}
		c.RequestTimeout = d
		return nil
	}
}

// WithHeader sets a header on every request, replacing a value set by an
// earlier WithHeader for the same key. The Authorization header belongs to
// the session and cannot be set here.
func WithHeader(key, value string) RequestOption {
	return func(c *requestconfig.Config) error {
		canon := textproto.CanonicalMIMEHeaderKey(key)
		switch {
		case key == "" || strings.ContainsAny(key, " \t\r\n:"):
			return fmt.Errorf("option: WithHeader(%q): not a header name", key)
		case strings.ContainsAny(value, "\r\n"):
			return fmt.Errorf("option: WithHeader(%q): the value contains a line break", key)
		case canon == "Authorization":
			return errors.New("option: WithHeader cannot set Authorization; the session's token goes there")
		}
		c.SetHeader(canon, value)
		return nil
	}
}

// WithUserAgent puts ua in front of the SDK's own User-Agent
// ("tradestation-go/<version> (<go version>)"), so that TradeStation's
// logs name the application too.
func WithUserAgent(ua string) RequestOption {
	return func(c *requestconfig.Config) error {
		if ua == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("option: WithUserAgent(%q): want a non-empty value on one line", ua)
		}
		c.UserAgent = []string{ua + " " + strings.Join(c.UserAgent, " ")}
		return nil
	}
}

// WithLogger logs retries and token refreshes at debug level. Records
// carry method, path, status and timing; never headers, bodies or tokens.
func WithLogger(l *slog.Logger) RequestOption {
	return func(c *requestconfig.Config) error {
		if l == nil {
			return errors.New("option: WithLogger was given a nil *slog.Logger")
		}
		c.Logger = l
		return nil
	}
}

// WithBaseURL replaces the URL that operation paths are appended to, with
// the version (https://sim-api.tradestation.com/v3): for a gateway or a
// fake server. It must be an absolute http or https URL without query.
func WithBaseURL(base string) RequestOption {
	return func(c *requestconfig.Config) error {
		c.BaseURL = base
		return nil // checked with the other settings, once all have applied
	}
}

// WithResponseInto stores the HTTP answer of each successful call in *dst,
// for its headers (X-RateLimit-*: see client.RateLimitOf). The body has
// been read and closed by then. A failed call leaves *dst alone; its
// *client.APIError carries the status and rate-limit figures.
func WithResponseInto(dst **http.Response) RequestOption {
	return func(c *requestconfig.Config) error {
		if dst == nil {
			return errors.New("option: WithResponseInto was given a nil **http.Response")
		}
		c.ResponseInto = dst
		return nil
	}
}

// WithAutoOrderConfirmID(false) stops client.NewV3 and NewV2 from giving
// each order of a placement that lacks an OrderConfirmID a fresh one. With
// it on (the default) every placement can be resent safely, so the client
// retries it like a read; with it off, a placement without ids of its own
// is sent exactly once and any doubt ends in client.ErrMaybePlaced.
func WithAutoOrderConfirmID(on bool) RequestOption {
	return func(c *requestconfig.Config) error {
		c.NoAutoConfirmID = !on
		return nil
	}
}

// WithMaxResponseBytes bounds the body of a successful answer (after
// decompression) to n bytes, client.DefaultMaxResponseBytes (64 MiB) by
// default; client.NewV3 and NewV2 refuse a larger body with a
// *client.BodyLimitError, never cut it short. Streams are bounded per line
// by the stream package instead.
func WithMaxResponseBytes(n int64) RequestOption {
	return func(c *requestconfig.Config) error {
		if n <= 0 {
			return fmt.Errorf("option: WithMaxResponseBytes(%d): the limit must be positive", n)
		}
		c.MaxResponseBytes = n
		return nil
	}
}

// WithRequestEditor runs fn on every request just before it is sent, after
// the SDK's own changes (the session's token among them); an error from fn
// stops the request. Editors run in the order given.
func WithRequestEditor(fn func(context.Context, *http.Request) error) RequestOption {
	return func(c *requestconfig.Config) error {
		if fn == nil {
			return errors.New("option: WithRequestEditor was given a nil function")
		}
		c.AddEditor(fn)
		return nil
	}
}

// WithRateLimiter makes every request wait for l before it is sent, each
// retry and resend included, under the resource group of its path
// (ratelimit.Group). A wait that fails ends the call with an error naming
// the group; that attempt was never sent, so it is not retried and, on its
// own, is no reason for client.ErrMaybePlaced. If l is also a
// ratelimit.StreamLimiter, each stream of package stream holds one of its
// group's slots from its start to its end, across reconnections.
//
// Share one l among every client of a login: ratelimit.NewLocal within a
// process, redisstore.NewRateLimiter across processes and machines.
func WithRateLimiter(l ratelimit.Limiter) RequestOption {
	return func(c *requestconfig.Config) error {
		if l == nil {
			return errors.New("option: WithRateLimiter was given a nil ratelimit.Limiter")
		}
		c.RateLimiter = l
		return nil
	}
}
