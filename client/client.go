package client

import (
	"errors"
	"net/http"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/internal/requestconfig"
	"github.com/tradestation-go/tradestation/internal/retry"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// Version is the release this source of the SDK is, such as "0.2.0". The
// User-Agent names the version the build recorded: the same for a tagged
// release, with "-devel" for a build between releases.
const Version = requestconfig.Version

// NewV3 returns the API v3 client for sess: it talks to the session's host
// (live, sim or auth.WithAPIURL) under /v3, through the session's HTTP
// client (auth.WithHTTPClient) unless opts name another, puts the session's
// token on every request and refreshes it after a 401, checks the
// documented limits before sending, retries what is safe to retry, bounds
// answers and returns every non-2xx answer as an *APIError. opts apply to
// every call; a call's own options apply after them.
//
// A session made with auth.V2() names API v2, so NewV3 refuses it rather
// than quietly talk v3; make the session without auth.V2(). NewV2 accepts
// any session, so that one session (one refresh token) can serve both.
func NewV3(sess *auth.Session, opts ...option.RequestOption) (*v3.Client, error) {
	if sess == nil {
		return nil, errors.New("client: NewV3 needs a session (auth.NewSession)")
	}
	if sess.IsV2() {
		return nil, errors.New("client: NewV3 was given a session made with auth.V2(), which names API v2; use NewV2, or make the session without auth.V2()")
	}
	return v3.NewClient(sess.APIURL()+"/v3", withSession(sess, false, opts)...)
}

// NewV2 returns the client of the legacy API v2 under /v2 of the session's
// host, made as NewV3 makes its client; every request also carries
// APIVersion=20160101. It accepts a session made with or without auth.V2():
// that flag only picks what sess.BaseURL() says, and one session may serve
// a v3 and a v2 client at once.
func NewV2(sess *auth.Session, opts ...option.RequestOption) (*v2.Client, error) {
	if sess == nil {
		return nil, errors.New("client: NewV2 needs a session (auth.NewSession)")
	}
	return v2.NewClient(sess.APIURL()+"/v2", withSession(sess, true, opts)...)
}

// withSession puts what a session brings in front of the caller's options:
// the doer, the token, the HTTP client.
func withSession(sess *auth.Session, v2 bool, opts []option.RequestOption) []option.RequestOption {
	all := make([]option.RequestOption, 0, 3+len(opts))
	s := &sender{auth: sess, v2: v2}
	all = append(all, func(c *requestconfig.Config) error { c.Sender = s; return nil }, option.WithRequestEditor(sess.RequestEditor()))
	if hc := sess.HTTPClient(); hc != nil {
		all = append(all, option.WithHTTPClient(hc))
	}
	return append(all, opts...)
}

// sender sends each request of a client from NewV3 or NewV2 through the
// doer, with the settings of that call (HTTP client, retries, backoff,
// logger, OrderConfirmIDs, body limit, rate limiter) and the client's
// session.
type sender struct {
	auth authorizer
	v2   bool
}

func (s *sender) Send(cfg *requestconfig.Config, req *http.Request) (*http.Response, error) {
	d := doer{
		http:          cfg.HTTPClient, // never follows a redirect (requestconfig)
		auth:          s.auth,
		policy:        retry.Policy{MaxRetries: cfg.MaxRetries, First: cfg.MinBackoff, Max: cfg.MaxBackoff},
		log:           cfg.Logger,
		v2:            s.v2,
		autoConfirmID: !cfg.NoAutoConfirmID,
		maxBody:       cfg.MaxResponseBytes,
		limiter:       cfg.RateLimiter,
	}
	return d.Do(req)
}
