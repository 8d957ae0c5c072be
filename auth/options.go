package auth

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	liveAPIURL       = "https://api.tradestation.com"
	simAPIURL        = "https://sim-api.tradestation.com"
	defaultSignInURL = "https://signin.tradestation.com"
	defaultAudience  = "https://api.tradestation.com"

	// tokenRequestTimeout bounds one call to the token or revoke endpoint when
	// the caller's HTTP client has no timeout of its own.
	tokenRequestTimeout = 30 * time.Second
)

// Option changes how NewSession and SessionFromEnv build a Session.
type Option func(*config)

type config struct {
	sim, v2   bool
	hc        *http.Client
	signInURL string
	apiURL    string
	store     TokenStore
	scopes    []string
	errs      []error
}

// Sim selects the simulator (paper trading) host. It has no effect together
// with WithAPIURL.
func Sim() Option { return func(c *config) { c.sim = true } }

// V2 selects the legacy v2 API paths; it combines with Sim.
func V2() Option { return func(c *config) { c.v2 = true } }

// WithHTTPClient sets the client used for token and revoke requests.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) {
		if hc == nil {
			c.errs = append(c.errs, errors.New("auth: WithHTTPClient was given a nil *http.Client"))
			return
		}
		c.hc = hc
	}
}

// WithSignInURL replaces https://signin.tradestation.com for the authorize,
// token and revoke endpoints (for a fake server in tests).
func WithSignInURL(base string) Option {
	return func(c *config) {
		u, err := parseBaseURL("sign-in URL", base)
		if err != nil {
			c.errs = append(c.errs, err)
			return
		}
		c.signInURL = u
	}
}

// WithAPIURL replaces the API host (live or simulator) with base, which must
// not include the version: the session appends /v3 or /v2 itself.
func WithAPIURL(base string) Option {
	return func(c *config) {
		u, err := parseBaseURL("API URL", base)
		if err == nil && (strings.HasSuffix(u, "/v3") || strings.HasSuffix(u, "/v2")) {
			err = fmt.Errorf("auth: API URL %q must not end with the API version; the session appends /v3 or /v2", u)
		}
		if err != nil {
			c.errs = append(c.errs, err)
			return
		}
		c.apiURL = u
	}
}

// WithTokenStore makes the session save every rotated refresh token to store
// and, when NewSession gets no refresh token, load it from store at the first
// Token call. A SharedTokenStore is read at every refresh, under its lock,
// and gets every access token too; see SharedTokenStore.
func WithTokenStore(store TokenStore) Option {
	return func(c *config) {
		if store == nil {
			c.errs = append(c.errs, errors.New("auth: WithTokenStore was given a nil TokenStore"))
			return
		}
		c.store = store
	}
}

// WithScopes asks for these scopes when refreshing; they must be a subset of
// the scopes granted at sign-in. Without it the refresh keeps the granted ones.
func WithScopes(scopes ...string) Option {
	return func(c *config) {
		for _, s := range scopes {
			if s == "" || strings.ContainsAny(s, " \t\r\n") {
				c.errs = append(c.errs, fmt.Errorf("auth: scope %q is empty or contains white space; pass one scope per argument", s))
				return
			}
		}
		c.scopes = append([]string(nil), scopes...)
	}
}

// parseBaseURL checks that raw is an absolute http(s) URL without query,
// fragment or user info, and returns it without a trailing slash.
func parseBaseURL(what, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("auth: %s %q is not a valid URL: %v", what, raw, errors.Unwrap(err))
	}
	shown := raw
	if u.User != nil {
		shown = u.Redacted()
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("auth: %s %q must start with http:// or https://", what, shown)
	case u.Host == "":
		return "", fmt.Errorf("auth: %s %q has no host", what, shown)
	case u.User != nil:
		return "", fmt.Errorf("auth: %s %q must not contain a user name or password", what, shown)
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return "", fmt.Errorf("auth: %s %q must not have a query or fragment", what, shown)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		// The client secret, tokens and orders would cross the network in clear.
		return "", fmt.Errorf("auth: %s %q must use https:// (http:// only for a loopback address)", what, shown)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// isLoopback reports whether host names this machine only: localhost or a
// loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
