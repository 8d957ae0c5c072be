package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

const (
	// refreshAhead is how long before expiry a background refresh starts
	// while callers keep getting the current token.
	refreshAhead = 3 * time.Minute
	// expiryMargin is how long before expiry a token is no longer handed
	// out, so that it does not expire on its way to the API. Tokens that
	// live less than four times as long keep a quarter of their lifetime.
	expiryMargin = 10 * time.Second
	// firstBackoff and maxBackoff bound the wait between background
	// attempts after a network error or 5xx from the token endpoint.
	firstBackoff = 2 * time.Second
	maxBackoff   = 30 * time.Second
	// saveAttempts and firstSaveBackoff bound how hard a session tries to
	// save a token to a SharedTokenStore (a store restarting, a dropped
	// connection) before it reports the failure.
	saveAttempts     = 5
	firstSaveBackoff = 100 * time.Millisecond
)

var errRevoked = fmt.Errorf("auth: the session's refresh token was revoked; %w", ErrLoginRequired)

// tokenSource is the session's handle on its refresher. The extra pointer
// keeps secrets out of fmt: printing a copied Session or the TokenSource with
// an unsupported verb expands one pointer, and that one holds only another.
type tokenSource struct{ *refresher }

// refresher keeps the session's tokens. At most one refresh (a flight) runs
// at a time; callers that need a token while one runs share its result.
type refresher struct {
	clientID     string
	clientSecret string
	tokenURL     string
	scopes       []string
	hc           *http.Client
	store        TokenStore
	now          func() time.Time // replaced by tests

	mu           sync.Mutex
	refreshToken string
	needLoad     bool // refresh token still to be read from store
	unsaved      bool // refreshToken is newer than the store's: saving it failed
	revoked      bool
	current      *issued // nil until the first token, or after ForceRefresh
	idToken      string
	flight       *flight
	failures     int       // failed refreshes in a row
	retryAt      time.Time // no background refresh before this
	unreported   error     // save failure of a background refresh, for the next caller
}

// issued is an access token as the session keeps it.
type issued struct {
	accessToken string
	expiry      time.Time
	usableUntil time.Time // handed out before this
	refreshAt   time.Time // replaced in the background from this
	header      []string  // {"Bearer <accessToken>"}, shared by every request
}

// newIssued schedules a token that expires at expiry after lifetime (0 when
// not known, as for a stored token saved without expires_in): it is
// replaced refreshAhead before expiry, or halfway for short-lived tokens.
func newIssued(accessToken string, expiry time.Time, lifetime time.Duration) *issued {
	if lifetime <= 0 {
		lifetime = defaultLifetime
	}
	return &issued{
		accessToken: accessToken,
		expiry:      expiry,
		usableUntil: expiry.Add(-min(expiryMargin, lifetime/4)),
		refreshAt:   expiry.Add(-min(refreshAhead, lifetime/2)),
		header:      []string{"Bearer " + accessToken},
	}
}

// flight is one refresh in progress.
type flight struct {
	done    chan struct{}
	tok     *oauth2.Token
	err     error
	waiters int
}

func (f *flight) wait(ctx context.Context) (*oauth2.Token, error) {
	select {
	case <-f.done:
		if f.err != nil {
			return nil, f.err
		}
		tok := *f.tok // each waiter gets its own copy
		return &tok, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("auth: waiting for a token refresh: %w", ctx.Err())
	}
}

func (s *refresher) token(ctx context.Context) (*oauth2.Token, error) {
	cur, idToken, f, err := s.acquire(ctx)
	switch {
	case err != nil:
		return nil, err
	case cur != nil:
		return oauth2Token(cur.accessToken, "", idToken, cur.expiry), nil
	}
	return f.wait(ctx)
}

// authorization is the Authorization header value for the current token.
// It is the hot path of every API request: with a valid token it takes a
// lock and allocates nothing.
func (s *refresher) authorization(ctx context.Context) ([]string, error) {
	cur, _, f, err := s.acquire(ctx)
	switch {
	case err != nil:
		return nil, err
	case cur != nil:
		return cur.header, nil
	}
	tok, err := f.wait(ctx)
	if err != nil {
		return nil, err
	}
	return []string{"Bearer " + tok.AccessToken}, nil
}

// acquire returns the current token when it may be handed out (starting a
// background refresh in its last minutes), or else the refresh to wait for.
func (s *refresher) acquire(ctx context.Context) (cur *issued, idToken string, f *flight, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.unreported; err != nil {
		s.unreported = nil
		return nil, "", nil, err
	}
	now := s.now()
	if s.current != nil && now.Before(s.current.usableUntil) {
		if s.flight == nil && !now.Before(s.current.refreshAt) && !now.Before(s.retryAt) {
			s.startLocked(ctx, "")
		}
		return s.current, s.idToken, nil, nil
	}
	f = s.flight
	if f == nil {
		f = s.startLocked(ctx, "")
	}
	f.waiters++
	return nil, "", f, nil
}

func (s *refresher) forceRefresh(ctx context.Context, rejected string) error {
	s.mu.Lock()
	switch {
	case s.current != nil && s.current.accessToken != rejected:
		s.mu.Unlock()
		return nil // a newer token already replaced the rejected one
	case s.current != nil:
		s.current = nil
	case s.flight == nil:
		s.mu.Unlock()
		return nil // no token to drop; the next Token call refreshes
	}
	f := s.flight
	if f == nil {
		f = s.startLocked(ctx, rejected)
	}
	f.waiters++
	s.mu.Unlock()
	_, err := f.wait(ctx)
	return err
}

// startLocked starts a refresh. The refresh outlives ctx's cancellation
// because other callers may wait for it, but keeps ctx's values. rejected is
// the access token the API refused, if a 401 asked for the refresh.
func (s *refresher) startLocked(ctx context.Context, rejected string) *flight {
	f := &flight{done: make(chan struct{})}
	s.flight = f
	go s.run(context.WithoutCancel(ctx), f, rejected)
	return f
}

func (s *refresher) run(ctx context.Context, f *flight, rejected string) {
	ctx, cancel := context.WithTimeout(ctx, tokenRequestTimeout)
	defer cancel()
	tok, err := s.refresh(ctx, rejected)
	s.mu.Lock()
	defer s.mu.Unlock()
	f.tok, f.err = tok, err
	if err != nil && tok != nil && f.waiters == 0 {
		s.unreported = err // a save failure nobody waited for
	}
	s.flight = nil
	close(f.done)
}

// refresh brings a new access token. With a SharedTokenStore it holds the
// store's lock throughout and first reads the store: an access token that
// another process saved and that is still good is used instead of asking
// the token endpoint, so that a fleet makes one token request per rotation.
// A refusal (invalid_grant) is final only after a second round has read the
// store again and found no other refresh token to try. On a save failure it
// returns both the token and the error.
func (s *refresher) refresh(ctx context.Context, rejected string) (*oauth2.Token, error) {
	s.mu.Lock()
	revoked := s.revoked
	s.mu.Unlock()
	if revoked {
		return nil, errRevoked
	}
	var refused []string // refresh tokens the endpoint turned down
	var refusal error
	for range 2 {
		r := s.round(ctx, rejected, len(refused) > 0, refused)
		if r.refused == "" {
			if r.tok == nil && r.err == nil {
				break // no other refresh token to try
			}
			if r.tok == nil {
				s.noteFailure(r.err)
			}
			return r.tok, r.err
		}
		refused, refusal = append(refused, r.refused), r.err
	}
	s.noteFailure(refusal)
	return nil, refusal
}

// roundResult is the outcome of one round of refresh. refused is the
// refresh token that invalid_grant refused, for the next round to skip;
// nothing at all means that no refresh token was left to try.
type roundResult struct {
	tok     *oauth2.Token
	err     error
	refused string
}

// round is one attempt of refresh: lock and read the store if needed, adopt
// a stored token or ask the token endpoint with the best refresh token not
// yet refused, save and publish.
func (s *refresher) round(ctx context.Context, rejected string, again bool, refused []string) roundResult {
	shared, _ := s.store.(SharedTokenStore)
	if shared != nil {
		unlock, err := shared.Lock(ctx)
		if err != nil {
			return roundResult{err: fmt.Errorf("auth: locking the token store: %w", err)}
		}
		defer unlock()
	}
	s.mu.Lock()
	needLoad, unsaved := s.needLoad, s.unsaved
	s.mu.Unlock()

	// A shared store is read every time; another store when the session
	// has no refresh token yet, after a 401 (another process may have a
	// newer token) and after a refusal.
	var stored *oauth2.Token
	if s.store != nil && (shared != nil || needLoad || again || rejected != "") {
		tok, err := s.store.Load(ctx)
		switch {
		case err == nil:
			stored = tok
		case errors.Is(err, ErrNotLoggedIn) && !needLoad:
			// an empty store: the session's own token is the one to use
		case shared != nil || needLoad:
			return roundResult{err: fmt.Errorf("auth: loading the token store: %w", err)}
		}
	}
	if tok := s.adopt(stored, rejected, unsaved); tok != nil {
		return roundResult{tok: tok}
	}
	rt := s.pick(stored, unsaved, refused)
	if rt == "" {
		if len(refused) > 0 {
			return roundResult{}
		}
		return roundResult{err: fmt.Errorf("auth: the token store holds no refresh token: %w", ErrNotLoggedIn)}
	}

	form := url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {s.clientID},
		"client_secret": {s.clientSecret},
		"refresh_token": {rt},
	}
	if len(s.scopes) > 0 {
		form.Set("scope", strings.Join(s.scopes, " "))
	}
	// The lifetime counts from the request, not the answer: TradeStation's
	// clock started no earlier, so the token is never thought valid longer
	// than it is.
	sent := s.now()
	resp, err := requestToken(ctx, s.hc, s.tokenURL, form, []string{s.clientSecret, rt})
	if err != nil {
		if errors.Is(err, ErrLoginRequired) && s.store != nil {
			return roundResult{err: err, refused: rt}
		}
		return roundResult{err: err}
	}
	lifetime := resp.lifetime()
	expiry := sent.Add(lifetime)
	next := resp.RefreshToken
	if next == "" {
		next = rt
	}
	rotated := next != rt
	s.mu.Lock()
	s.refreshToken, s.needLoad = next, false
	if rotated {
		s.unsaved = s.store != nil
	}
	unsaved = s.unsaved
	s.mu.Unlock()

	// A shared store gets every access token, for the other processes.
	var saveErr error
	if s.store != nil && (shared != nil || unsaved) {
		full := oauth2Token(resp.AccessToken, next, resp.IDToken, expiry)
		full.ExpiresIn = int64(lifetime / time.Second)
		err := s.save(ctx, full, shared != nil, rt)
		s.mu.Lock()
		switch {
		case err == nil, errors.Is(err, errSuperseded):
			s.unsaved = false
		case unsaved:
			saveErr = fmt.Errorf("auth: TradeStation issued a new refresh token but the token store could not save it (the session keeps it in memory and saves again at the next refresh): %w", err)
		}
		s.mu.Unlock()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if resp.IDToken != "" {
		s.idToken = resp.IDToken
	}
	s.failures, s.retryAt = 0, time.Time{}
	if s.revoked {
		return roundResult{err: errRevoked}
	}
	s.current = newIssued(resp.AccessToken, expiry, lifetime)
	return roundResult{tok: oauth2Token(resp.AccessToken, "", s.idToken, expiry), err: saveErr}
}

// adopt makes a stored access token the current one when it may still be
// handed out, is not the one the API rejected and is not the session's own
// (whose refresh is due). With an unsaved refresh token the session holds
// the newest token and reads nothing from the store.
func (s *refresher) adopt(stored *oauth2.Token, rejected string, unsaved bool) *oauth2.Token {
	if stored == nil || unsaved || stored.AccessToken == "" || stored.AccessToken == rejected {
		return nil
	}
	cand := newIssued(stored.AccessToken, stored.Expiry, time.Duration(stored.ExpiresIn)*time.Second)
	if !s.now().Before(cand.usableUntil) {
		return nil
	}
	idToken, _ := stored.Extra("id_token").(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil && s.current.accessToken == stored.AccessToken {
		return nil
	}
	s.current, s.needLoad = cand, false
	if stored.RefreshToken != "" {
		s.refreshToken = stored.RefreshToken
	}
	if idToken != "" {
		s.idToken = idToken
	}
	s.failures, s.retryAt = 0, time.Time{}
	return oauth2Token(cand.accessToken, "", s.idToken, cand.expiry)
}

// pick chooses the refresh token to send: the session's own while it is
// newer than the store's, else the stored one, else the session's; never
// one that was refused already.
func (s *refresher) pick(stored *oauth2.Token, unsaved bool, refused []string) string {
	s.mu.Lock()
	own := s.refreshToken
	s.mu.Unlock()
	var fromStore string
	if stored != nil {
		fromStore = stored.RefreshToken
	}
	order := []string{fromStore, own}
	if unsaved {
		order = []string{own, fromStore}
	}
	for _, rt := range order {
		if rt != "" && !slices.Contains(refused, rt) {
			return rt
		}
	}
	return ""
}

// errSuperseded ends the attempts to save a token once the store holds a
// newer one than the session started from: another process saved it (the
// store refused this save, as a SharedTokenStore must after a lost lock).
var errSuperseded = errors.New("auth: the token store holds a newer token")

// save stores tok. A shared store is tried again a few times with backoff,
// because every process depends on it; started is the refresh token the
// session sent, to tell a newer stored token from the one it replaced.
func (s *refresher) save(ctx context.Context, tok *oauth2.Token, retry bool, started string) error {
	backoff := firstSaveBackoff
	for attempt := 1; ; attempt++ {
		err := s.store.Save(ctx, tok)
		if err == nil || !retry || attempt == saveAttempts {
			return err
		}
		if stored, lerr := s.store.Load(ctx); lerr == nil && stored.RefreshToken != started && stored.RefreshToken != tok.RefreshToken {
			return errSuperseded
		}
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return err
		}
		backoff *= 2
	}
}

// noteFailure schedules the next background attempt: soon, with
// exponential backoff, after a temporary failure; not before the current
// token expires after a refusal.
func (s *refresher) noteFailure(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures++
	if !isTemporary(err) && s.current != nil {
		s.retryAt = s.current.expiry
		return
	}
	backoff := firstBackoff
	for i := 1; i < s.failures && backoff < maxBackoff; i++ {
		backoff *= 2
	}
	s.retryAt = s.now().Add(min(backoff, maxBackoff))
}

// refreshTokenForRevoke returns the refresh token to revoke: the store's
// when the session has none yet or shares the store, unless the session's
// own is newer.
func (s *refresher) refreshTokenForRevoke(ctx context.Context) (string, error) {
	s.mu.Lock()
	revoked, needLoad, unsaved, own := s.revoked, s.needLoad, s.unsaved, s.refreshToken
	s.mu.Unlock()
	if revoked {
		return "", errors.New("auth: the session's refresh token was already revoked")
	}
	_, shared := s.store.(SharedTokenStore)
	if !needLoad && (!shared || unsaved) {
		return own, nil
	}
	stored, err := s.store.Load(ctx)
	switch {
	case err == nil && stored.RefreshToken != "":
		return stored.RefreshToken, nil
	case !needLoad:
		return own, nil
	case err != nil:
		return "", fmt.Errorf("auth: loading the token store: %w", err)
	}
	return "", fmt.Errorf("auth: the token store holds no refresh token: %w", ErrNotLoggedIn)
}

// markRevoked forgets every token: later Token calls fail with ErrLoginRequired.
func (s *refresher) markRevoked() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked, s.refreshToken, s.current, s.idToken = true, "", nil, ""
}

func (s *refresher) currentIDToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.idToken
}
