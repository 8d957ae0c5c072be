// Package requestconfig holds the settings that package option changes,
// for a whole client and for one call, and sends the requests of the
// generated clients with them. It is the one path from a generated method
// to the network: headers and editors, the sender (client's doer, or a
// plain *http.Client), the *APIError of a non-2xx answer and the decoding
// of a 2xx one.
package requestconfig

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/internal/apierror"
	"github.com/tradestation-go/tradestation/internal/retry"
	"github.com/tradestation-go/tradestation/internal/version"
	"github.com/tradestation-go/tradestation/internal/wire"
	"github.com/tradestation-go/tradestation/ratelimit"
)

// Version is the release this source is (internal/version.Source).
const Version = version.Source

// Defaults of the settings that options change.
const (
	DefaultMaxRetries       = 2
	DefaultMinBackoff       = 500 * time.Millisecond
	DefaultMaxBackoff       = retry.MaxWait
	DefaultMaxResponseBytes = 64 << 20 // far above TradeStation's largest answers, far below a gzip bomb's
)

// RequestOption changes a Config; option.RequestOption is its public name.
type RequestOption func(*Config) error

// Editor changes a request just before it is sent.
type Editor = func(context.Context, *http.Request) error

// Sender sends one request with the settings of cfg and returns its answer,
// whatever its status. client.NewV3 and NewV2 install one (the doer, with
// limits, retries and token refresh); without it a request goes straight to
// cfg.HTTPClient.
type Sender interface {
	Send(cfg *Config, req *http.Request) (*http.Response, error)
}

// Config is the effective setting of one client or one call. A client's
// Config is never changed after NewClient: a call with options works on a
// copy, and options replace slices and maps rather than write into them.
type Config struct {
	BaseURL        string       // scheme, host and path prefix, ending in "/"
	HTTPClient     *http.Client // never follows a redirect (see NoRedirects)
	MaxRetries     int
	MinBackoff     time.Duration
	MaxBackoff     time.Duration
	RequestTimeout time.Duration
	Logger         *slog.Logger
	UserAgent      []string    // the User-Agent header's value, shared by every request
	Header         http.Header // extra headers, shared by every request
	Query          string      // an encoded query every request carries, such as v2's APIVersion=20160101
	Editors        []Editor
	ResponseInto   **http.Response
	Sender         Sender
	RateLimiter    ratelimit.Limiter // waited on before every attempt; nil: none

	// Settings that only client's doer reads.
	NoAutoConfirmID  bool  // leave a placement's missing OrderConfirmIDs missing
	MaxResponseBytes int64 // the largest successful answer read
}

var (
	discard          = slog.New(slog.DiscardHandler)
	defaultUserAgent = "tradestation-go/" + version.SDK() + " (" + runtime.Version() + ")"
)

// New returns the Config of a client for baseURL after opts. A nil option
// is skipped.
func New(baseURL string, opts []RequestOption) (Config, error) {
	c := Config{
		BaseURL:    baseURL,
		MaxRetries: DefaultMaxRetries,
		MinBackoff: DefaultMinBackoff,
		MaxBackoff: DefaultMaxBackoff,
		Logger:     discard,
		UserAgent:  []string{defaultUserAgent},

		MaxResponseBytes: DefaultMaxResponseBytes,
	}
	if err := c.apply(opts); err != nil {
		return Config{}, err
	}
	if c.HTTPClient == nil {
		// No Timeout: streams stay open for hours.
		c.HTTPClient = &http.Client{CheckRedirect: refuseRedirect}
	}
	if err := c.checkBaseURL(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// With returns the Config of one call: c itself without options, else a
// copy with opts applied.
func (c *Config) With(opts []RequestOption) (*Config, error) {
	if len(opts) == 0 {
		return c, nil
	}
	cp := *c
	if err := cp.apply(opts); err != nil {
		return nil, err
	}
	if cp.BaseURL != c.BaseURL {
		if err := cp.checkBaseURL(); err != nil {
			return nil, err
		}
	}
	return &cp, nil
}

func (c *Config) apply(opts []RequestOption) error {
	var errs []error
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// checkBaseURL refuses a base URL that is not an absolute http or https URL
// and gives it the trailing slash that operation paths are resolved
// against.
func (c *Config) checkBaseURL() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return fmt.Errorf("option: base URL %q: %w", c.BaseURL, err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("option: base URL %q is not an absolute http or https URL", c.BaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("option: base URL %q has a query or fragment", c.BaseURL)
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	return nil
}

// WithQuery makes every request carry the query parameter name=value: how
// an API that wants one on every request (v2's APIVersion) says so.
func WithQuery(name, value string) RequestOption {
	return func(c *Config) error {
		q := url.Values{name: {value}}.Encode()
		if c.Query != "" {
			q = c.Query + "&" + q
		}
		c.Query = q
		return nil
	}
}

// NoRedirects is a shallow copy of hc that never follows a redirect: one
// would carry the bearer token, the client secret or an order to an address
// the caller never chose, so a 3xx comes back as the answer (an
// *apierror.Error naming its Location). hc itself is left as it is.
func NoRedirects(hc *http.Client) *http.Client {
	c := *hc
	c.CheckRedirect = refuseRedirect
	return &c
}

func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// AddEditor adds fn after the editors c has, without writing into a slice
// that another Config shares.
func (c *Config) AddEditor(fn Editor) {
	c.Editors = append(slices.Clip(c.Editors), fn)
}

// SetHeader sets one extra header, without writing into a map that another
// Config shares.
func (c *Config) SetHeader(key, value string) {
	h := c.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set(key, value)
	c.Header = h
}

func noop() {}

// WithTimeout bounds ctx by the request timeout, if there is one.
func (c *Config) WithTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.RequestTimeout <= 0 {
		return ctx, noop
	}
	return context.WithTimeout(ctx, c.RequestTimeout)
}

// Do sends req and decodes a 2xx answer into dst; op names the operation in
// errors ("v3: GetAccounts"). A non-2xx answer is an *apierror.Error.
func (c *Config) Do(op string, req *http.Request, dst any) error {
	resp, err := c.send(op, req)
	if err != nil {
		return err
	}
	return wire.Decode(op, resp, dst)
}

// Open sends the request of a stream that build makes, once: no retries
// underneath the stream's own reconnections (a 401 is still answered by a
// token refresh and one resend). It returns a 2xx answer with its body
// unread, for the caller to close. The request timeout, if any, bounds the
// wait for the answer's headers, not the stream. op names the operation
// in errors ("v3: StreamQuotes").
func (c *Config) Open(ctx context.Context, op string, build func(ctx context.Context, baseURL string) (*http.Request, error)) (*http.Response, error) {
	once := *c
	once.MaxRetries = 0
	if c.RequestTimeout <= 0 {
		req, err := build(ctx, c.BaseURL)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		return once.send(op, req)
	}
	ctx, cancel := context.WithCancel(ctx)
	timer := time.AfterFunc(c.RequestTimeout, cancel)
	req, err := build(ctx, c.BaseURL)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	resp, err := once.send(op, req)
	if !timer.Stop() {
		// The timeout cancelled the request, perhaps just as it answered.
		if err == nil {
			resp.Body.Close()
		}
		cancel()
		return nil, fmt.Errorf("%s: no answer within the request timeout of %v: %w", op, c.RequestTimeout, context.DeadlineExceeded)
	}
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = cancelOnClose{resp.Body, cancel}
	return resp, nil
}

// cancelOnClose releases the context of a stream when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// send prepares req, sends it and turns a non-2xx answer into an
// *apierror.Error.
func (c *Config) send(op string, req *http.Request) (*http.Response, error) {
	if c.HTTPClient == nil {
		return nil, fmt.Errorf("%s: the client was not made by NewClient (or client.NewV3, NewV2)", op)
	}
	if c.UserAgent != nil {
		req.Header["User-Agent"] = c.UserAgent
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if c.Query != "" {
		if req.URL.RawQuery == "" {
			req.URL.RawQuery = c.Query
		} else {
			req.URL.RawQuery += "&" + c.Query
		}
	}
	for _, edit := range c.Editors {
		if err := edit(req.Context(), req); err != nil {
			return nil, err
		}
	}
	var resp *http.Response
	var err error
	if c.Sender != nil {
		resp, err = c.Sender.Send(c, req) // waits on the rate limiter before each attempt
	} else {
		if err := c.wait(op, req); err != nil {
			return nil, err
		}
		resp, err = c.HTTPClient.Do(req)
	}
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, apierror.Read(resp)
	}
	if c.ResponseInto != nil {
		*c.ResponseInto = resp
	}
	return resp, nil
}

// wait holds req until the rate limiter, if any, lets it go.
func (c *Config) wait(op string, req *http.Request) error {
	if c.RateLimiter == nil {
		return nil
	}
	group := ratelimit.Group(req.URL.Path)
	if err := c.RateLimiter.Wait(req.Context(), group); err != nil {
		return fmt.Errorf("%s: not sent: %s: %w", op, WaitFailed(group), err)
	}
	return nil
}

// WaitFailed says in an error that the rate limiter's wait for group
// failed.
func WaitFailed(group string) string {
	if group == "" {
		return "waiting for the rate limiter (no quota group) failed"
	}
	return "waiting for the rate limiter (group " + group + ") failed"
}
