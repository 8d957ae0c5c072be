package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"
)

const (
	testClientID = "client-id-123"
	testSecret   = "client-secret-XYZ"
	testRefresh  = "refresh-token-ORIGINAL"
	testSignIn   = "https://signin.test"
	testTokenURL = testSignIn + "/oauth/token"
)

// fakeClock is the session's clock in tests: time moves only by Advance.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 4, 14, 30, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestSession returns a session whose token endpoint is the returned mock
// transport and whose clock is the returned fake.
func newTestSession(t *testing.T, refreshToken string, opts ...Option) (*Session, *httpmock.MockTransport, *fakeClock) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	base := []Option{WithHTTPClient(&http.Client{Transport: mt}), WithSignInURL(testSignIn)}
	s, err := NewSession(testClientID, testSecret, refreshToken, append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewSession: %v", err)
	}
	clock := newFakeClock()
	s.src.now = clock.Now
	return s, mt, clock
}

// tokenBody is a token endpoint answer; refresh may be empty (no rotation).
func tokenBody(access, refresh string) string {
	m := map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 1200, "scope": "openid MarketData"}
	if refresh != "" {
		m["refresh_token"] = refresh
	}
	m["id_token"] = testIDToken(map[string]any{"sub": "user-" + access, "name": "Pat Trader", "email": "pat@example.com"})
	b, _ := json.Marshal(m)
	return string(b)
}

func testIDToken(claims map[string]any) string {
	payload, _ := json.Marshal(claims)
	return "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(payload) + ".c2lnbmF0dXJl"
}

// formRecorder answers token requests with the bodies in turn (the last one
// repeats) and records the forms it received.
type formRecorder struct {
	mu     sync.Mutex
	forms  []url.Values
	status int
	bodies []string
}

func (r *formRecorder) responder(req *http.Request) (*http.Response, error) {
	if err := req.ParseForm(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.forms = append(r.forms, req.PostForm)
	i := min(len(r.forms), len(r.bodies)) - 1
	status := r.status
	if status == 0 {
		status = http.StatusOK
	}
	return httpmock.NewStringResponse(status, r.bodies[i]), nil
}

func (r *formRecorder) form(i int) url.Values {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.forms[i]
}

func (r *formRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.forms)
}

// waitIdle blocks until the session has no refresh in flight.
func waitIdle(s *Session) {
	s.src.mu.Lock()
	f := s.src.flight
	s.src.mu.Unlock()
	if f != nil {
		<-f.done
	}
}

// memStore is a TokenStore in memory that records what it saved.
type memStore struct {
	mu      sync.Mutex
	tok     *oauth2.Token
	saved   []string // refresh tokens, in order
	loadErr error
	saveErr error
	loads   int
}

func (m *memStore) Load(context.Context) (*oauth2.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.loads++
	if m.loadErr != nil {
		return nil, m.loadErr
	}
	if m.tok == nil {
		return nil, ErrNotLoggedIn
	}
	return m.tok, nil
}

func (m *memStore) Save(_ context.Context, tok *oauth2.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.saveErr != nil {
		return m.saveErr
	}
	m.tok = tok
	m.saved = append(m.saved, tok.RefreshToken)
	return nil
}

func (m *memStore) savedTokens() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.saved...)
}

// assertNoSecrets fails when text contains any of the test secrets.
func assertNoSecrets(t *testing.T, what, text string, extra ...string) {
	t.Helper()
	for _, secret := range append([]string{testSecret, testRefresh}, extra...) {
		if secret != "" && strings.Contains(text, secret) {
			t.Errorf("%s shows secret %q: %s", what, secret, text)
		}
	}
}

var errDiskFull = errors.New("disk full")

// sharedMemStore is a memStore with a lock, as several processes would
// share it: sessions on it take turns to refresh.
type sharedMemStore struct {
	memStore
	sem     chan struct{}
	locks   atomic.Int32
	lockErr error
}

func newSharedMemStore(tok *oauth2.Token) *sharedMemStore {
	return &sharedMemStore{memStore: memStore{tok: tok}, sem: make(chan struct{}, 1)}
}

func (m *sharedMemStore) Lock(ctx context.Context) (func(), error) {
	if m.lockErr != nil {
		return nil, m.lockErr
	}
	select {
	case m.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	m.locks.Add(1)
	var once sync.Once
	return func() { once.Do(func() { <-m.sem }) }, nil
}

// rotatingEndpoint answers refresh-token grants as TradeStation does with
// rotation on: each good refresh token works once and is replaced by
// refresh-N+1; a used one is refused with invalid_grant.
type rotatingEndpoint struct {
	mu      sync.Mutex
	valid   string // the one refresh token that works now
	issued  int
	refused int
}

func (e *rotatingEndpoint) responder(req *http.Request) (*http.Response, error) {
	_ = req.ParseForm()
	e.mu.Lock()
	defer e.mu.Unlock()
	if req.PostForm.Get("refresh_token") != e.valid {
		e.refused++
		return httpmock.NewStringResponse(http.StatusForbidden, `{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}`), nil
	}
	e.issued++
	e.valid = fmt.Sprintf("refresh-%d", e.issued)
	return httpmock.NewStringResponse(http.StatusOK, tokenBody(fmt.Sprintf("access-%d", e.issued), e.valid)), nil
}

func (e *rotatingEndpoint) counts() (issued, refused int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.issued, e.refused
}
