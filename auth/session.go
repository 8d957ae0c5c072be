package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// Session is a signed-in TradeStation API key: it knows which host and API
// version to talk to and keeps a fresh access token. It is safe for
// concurrent use. Printing or logging it shows no secret.
type Session struct {
	apiURL    string
	signInURL string
	sim, v2   bool
	hc        *http.Client // token and revoke requests
	given     *http.Client // the client of WithHTTPClient, if any
	src       *tokenSource
}

// NewSession builds a session from an API key and a refresh token. It does no
// network I/O. The refresh token may be empty only with WithTokenStore, in
// which case it is loaded from the store at the first Token call (an empty
// store then gives ErrNotLoggedIn). Without options the session talks to the
// live v3 API.
func NewSession(clientID, clientSecret, refreshToken string, opts ...Option) (*Session, error) {
	var c config
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if clientID == "" {
		c.errs = append(c.errs, errors.New("auth: client id is empty"))
	}
	if clientSecret == "" {
		c.errs = append(c.errs, errors.New("auth: client secret is empty"))
	}
	if refreshToken == "" && c.store == nil {
		c.errs = append(c.errs, errors.New("auth: refresh token is empty and no token store was given to load one from (WithTokenStore)"))
	}
	if err := errors.Join(c.errs...); err != nil {
		return nil, err
	}

	s := &Session{apiURL: liveAPIURL, signInURL: defaultSignInURL, sim: c.sim, v2: c.v2, hc: c.hc, given: c.hc}
	if c.sim {
		s.apiURL = simAPIURL
	}
	if c.apiURL != "" {
		s.apiURL = c.apiURL
	}
	if c.signInURL != "" {
		s.signInURL = c.signInURL
	}
	if s.hc == nil {
		s.hc = &http.Client{Timeout: tokenRequestTimeout}
	}
	s.src = &tokenSource{&refresher{
		clientID:     clientID,
		clientSecret: clientSecret,
		tokenURL:     s.signInURL + "/oauth/token",
		scopes:       c.scopes,
		hc:           s.hc,
		store:        c.store,
		now:          time.Now,
		refreshToken: refreshToken,
		needLoad:     refreshToken == "",
	}}
	return s, nil
}

// BaseURL is the API root that request paths are appended to, such as
// https://sim-api.tradestation.com/v3.
func (s *Session) BaseURL() string {
	if s.v2 {
		return s.apiURL + "/v2"
	}
	return s.apiURL + "/v3"
}

// APIURL is the API host without the version, such as
// https://api.tradestation.com.
func (s *Session) APIURL() string { return s.apiURL }

// HTTPClient returns the client given with WithHTTPClient, or nil without
// it. client.NewV3 and NewV2 send the API requests through it too, so that
// one transport (a proxy, httpmock) serves the whole session.
func (s *Session) HTTPClient() *http.Client { return s.given }

// IsSim reports whether the Sim option was given. With WithAPIURL the host is
// the given one either way.
func (s *Session) IsSim() bool { return s.sim }

// IsV2 reports whether the V2 option was given.
func (s *Session) IsV2() bool { return s.v2 }

// Token returns a valid access token. It waits only when there is none or
// the current one has expired; in a token's last minutes it starts a
// background refresh and returns the current one. ctx bounds only the wait: a
// refresh is shared by all callers and not cancelled with one of them.
//
// The token carries the id token as its "id_token" extra but no refresh
// token. If saving a rotated refresh token to the store fails, the call that
// waited for that refresh (or, after a background refresh, the next call)
// returns an error wrapping the store's error; the session keeps using the
// new tokens.
func (s *Session) Token(ctx context.Context) (*oauth2.Token, error) {
	return s.src.token(ctx)
}

// TokenSource adapts the session to oauth2.TokenSource (without a context).
func (s *Session) TokenSource() oauth2.TokenSource { return sessionTokenSource{s.src} }

// RequestEditor returns a function that sets "Authorization: Bearer <access
// token>" on a request: pass it to option.WithRequestEditor for a bare
// v3.NewClient or v2.NewClient (client.NewV3 and NewV2 install it).
func (s *Session) RequestEditor() func(context.Context, *http.Request) error {
	return func(ctx context.Context, req *http.Request) error {
		h, err := s.src.authorization(ctx)
		if err != nil {
			return err
		}
		req.Header["Authorization"] = h
		return nil
	}
}

// ForceRefresh is called after the API answered 401 to a request that carried
// the access token rejected. If that token is still the current one it is
// dropped and a new one fetched, sharing the refresh with any other caller; if
// a newer token already exists nothing happens.
func (s *Session) ForceRefresh(ctx context.Context, rejected string) error {
	return s.src.forceRefresh(ctx, rejected)
}

// UserInfo returns the claims of the id token that came with the latest
// access token. They are NOT verified: the signature is not checked, so use
// them for display, never for access decisions. Before the first Token call
// the session has no id token and UserInfo returns an error.
func (s *Session) UserInfo() (UserInfo, error) {
	idToken := s.src.currentIDToken()
	if idToken == "" {
		return UserInfo{}, errors.New("auth: the session has no id token yet; it arrives with the first access token (call Token first, and sign in with the openid scope)")
	}
	return parseIDToken(idToken)
}

func (s *Session) environment() string {
	if s.sim {
		return "sim"
	}
	return "live"
}

// String describes the session without secrets.
func (s *Session) String() string {
	if s == nil {
		return "auth.Session(nil)"
	}
	return fmt.Sprintf("auth.Session{env: %s, api: %s, client_id: %s}", s.environment(), s.BaseURL(), s.src.clientID)
}

// GoString is String: the fields hold secrets.
func (s *Session) GoString() string { return s.String() }

// Format makes every fmt verb print String, so no verb reaches the secrets.
func (s *Session) Format(f fmt.State, verb rune) { writeRedacted(f, verb, s.String(), s.GoString()) }

// LogValue shows the session in slog output without secrets.
func (s *Session) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("auth.Session(nil)")
	}
	return slog.GroupValue(
		slog.String("env", s.environment()),
		slog.String("api", s.BaseURL()),
		slog.String("client_id", s.src.clientID),
	)
}

// sessionTokenSource is the oauth2.TokenSource view of a session; it holds
// only a pointer so that printing it shows no secret.
type sessionTokenSource struct{ src *tokenSource }

func (ts sessionTokenSource) Token() (*oauth2.Token, error) {
	return ts.src.token(context.Background())
}
