package tradestationtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"
)

// Lifetimes of what the sign-in host issues besides access tokens.
const (
	codeLifetime    = 30 * time.Second // an authorization code
	idTokenLifetime = 10 * time.Hour   // the exp claim of an id token
)

// allScopes are the scopes of a refresh token from Server.RefreshToken.
var allScopes = []string{"openid", "offline_access", "profile", "email", "MarketData", "ReadAccount", "Trade", "OptionSpreads", "Matrix"}

// tokenStore keeps every token and authorization code the server issued.
// Token lifetimes follow the wall clock, not the market clock.
type tokenStore struct {
	mu       sync.Mutex
	lifetime time.Duration
	rotation bool
	access   map[string]*accessGrant
	refresh  map[string]*refreshGrant
	codes    map[string]*codeGrant
}

type accessGrant struct {
	expires time.Time
	scopes  []string
}

func (g *accessGrant) has(scope string) bool { return slices.Contains(g.scopes, scope) }

type refreshGrant struct {
	scopes  []string
	retired bool // rotated away or revoked
}

type codeGrant struct {
	redirectURI string
	scopes      []string
	challenge   string // PKCE S256 challenge, if any
	expires     time.Time
}

func newTokenStore(lifetime time.Duration, rotation bool) *tokenStore {
	return &tokenStore{lifetime: lifetime, rotation: rotation,
		access: map[string]*accessGrant{}, refresh: map[string]*refreshGrant{}, codes: map[string]*codeGrant{}}
}

// randomToken returns 32 random bytes, base64url-encoded, behind a prefix
// that says what the token is (so a test failure shows which one leaked).
func randomToken(prefix string) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func (ts *tokenStore) issueRefresh(scopes []string) string {
	tok := randomToken("rt_")
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.refresh[tok] = &refreshGrant{scopes: slices.Clone(scopes)}
	return tok
}

func (ts *tokenStore) issueAccess(scopes []string) (string, time.Duration) {
	tok := randomToken("at_")
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.access[tok] = &accessGrant{expires: time.Now().Add(ts.lifetime), scopes: slices.Clone(scopes)}
	return tok, ts.lifetime
}

func (ts *tokenStore) issueCode(redirectURI string, scopes []string, challenge string) string {
	code := randomToken("code_")
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.codes[code] = &codeGrant{redirectURI: redirectURI, scopes: scopes, challenge: challenge, expires: time.Now().Add(codeLifetime)}
	return code
}

// redeemCode consumes a code; it works once, within codeLifetime.
func (ts *tokenStore) redeemCode(code string) (*codeGrant, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	g, ok := ts.codes[code]
	delete(ts.codes, code)
	if !ok || time.Now().After(g.expires) {
		return nil, false
	}
	return g, true
}

// useRefresh checks a refresh token; with rotation on it retires it and
// returns its successor.
func (ts *tokenStore) useRefresh(tok string) (scopes []string, successor string, ok bool) {
	ts.mu.Lock()
	g, found := ts.refresh[tok]
	if !found || g.retired {
		ts.mu.Unlock()
		return nil, "", false
	}
	scopes, rotate := g.scopes, ts.rotation
	if rotate {
		g.retired = true
	}
	ts.mu.Unlock()
	if rotate {
		successor = ts.issueRefresh(scopes)
	}
	return scopes, successor, true
}

// checkAccess returns the grant of a valid access token, or why it is not.
func (ts *tokenStore) checkAccess(tok string) (*accessGrant, string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	g, ok := ts.access[tok]
	switch {
	case !ok:
		return nil, "The access token is invalid: this server did not issue it."
	case !time.Now().Before(g.expires):
		return nil, "The access token expired."
	}
	return g, ""
}

func (ts *tokenStore) expireAllAccess() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	past := time.Now().Add(-time.Second)
	for _, g := range ts.access {
		g.expires = past
	}
}

func (ts *tokenStore) revokeAllRefresh() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for _, g := range ts.refresh {
		g.retired = true
	}
}

func (ts *tokenStore) setLifetime(d time.Duration) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.lifetime = d
}

func (ts *tokenStore) setRotation(on bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.rotation = on
}

// idToken builds an OpenID id token for the demo user. Its signature is a
// placeholder: clients of the fake must not verify it (auth.UserInfo does not).
func idToken(issuer string, scopes []string, now time.Time) string {
	header := map[string]string{"alg": "RS256", "typ": "JWT", "kid": "tradestationtest"}
	claims := map[string]any{
		"iss": issuer + "/", "sub": UserID, "aud": ClientID,
		"iat": now.Unix(), "exp": now.Add(idTokenLifetime).Unix(),
	}
	if slices.Contains(scopes, "profile") {
		claims["name"], claims["nickname"] = UserName, UserID
	}
	if slices.Contains(scopes, "email") {
		claims["email"], claims["email_verified"] = UserEmail, true
	}
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(header) + "." + enc(claims) + "." + base64.RawURLEncoding.EncodeToString([]byte("tradestationtest-unsigned"))
}

// parseScopes splits a space-separated scope parameter.
func parseScopes(s string) []string { return strings.Fields(s) }

// SetAccessTokenLifetime changes the lifetime of access tokens issued from
// now on (expires_in follows, at least one second); a non-positive d is
// ignored.
func (s *Server) SetAccessTokenLifetime(d time.Duration) {
	if d > 0 {
		s.tokens.setLifetime(d)
	}
}

// SetRefreshTokenRotation turns refresh-token rotation on or off: with it
// on, each refresh answers a new refresh token and the one used dies at once.
func (s *Server) SetRefreshTokenRotation(on bool) { s.tokens.setRotation(on) }
