package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
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
	// out, so that it does not expire on its way to the API.
	expiryMargin = 10 * time.Second
	// firstBackoff and maxBackoff bound the wait between background
	// attempts after a network error or 5xx from the token endpoint.
	firstBackoff = 2 * time.Second
	maxBackoff   = 30 * time.Second
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
	revoked      bool
	current      *issued // nil until the first token, or after ForceRefresh
	refreshAt    time.Time
	idToken      string
	flight       *flight
	failures     int       // failed refreshes in a row
	retryAt      time.Time // no background refresh before this
	unreported   error     // save failure of a background refresh, for the next caller
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
	if s.current != nil && now.Before(s.current.expiry.Add(-expiryMargin)) {
		if s.flight == nil && !now.Before(s.refreshAt) && !now.Before(s.retryAt) {
			s.startLocked(ctx)
		}
		return s.current, s.idToken, nil, nil
	}
	f = s.flight
	if f == nil {
		f = s.startLocked(ctx)
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
		f = s.startLocked(ctx)
	}
	f.waiters++
	s.mu.Unlock()
	_, err := f.wait(ctx)
	return err
}

// startLocked starts a refresh. The refresh outlives ctx's cancellation
// because other callers may wait for it, but keeps ctx's values.
func (s *refresher) startLocked(ctx context.Context) *flight {
	f := &flight{done: make(chan struct{})}
	s.flight = f
	go s.run(context.WithoutCancel(ctx), f)
	return f
}

func (s *refresher) run(ctx context.Context, f *flight) {
	ctx, cancel := context.WithTimeout(ctx, tokenRequestTimeout)
	defer cancel()
	tok, err := s.refresh(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	f.tok, f.err = tok, err
	if err != nil && tok != nil && f.waiters == 0 {
		s.unreported = err // a save failure nobody waited for
	}
	s.flight = nil
	close(f.done)
}

// refresh loads the refresh token if needed, asks the token endpoint for a new
// access token and saves a rotated refresh token before publishing it. On a
// save failure it returns both the token and the error.
func (s *refresher) refresh(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	revoked, needLoad := s.revoked, s.needLoad
	s.mu.Unlock()
	if revoked {
		return nil, errRevoked
	}
	if needLoad {
		if tok, err := s.load(ctx); err != nil || tok != nil {
			return tok, err
		}
	}
	s.mu.Lock()
	rt := s.refreshToken
	s.mu.Unlock()

	form := url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {s.clientID},
		"client_secret": {s.clientSecret},
		"refresh_token": {rt},
	}
	if len(s.scopes) > 0 {
		form.Set("scope", strings.Join(s.scopes, " "))
	}
	resp, err := requestToken(ctx, s.hc, s.tokenURL, form, []string{s.clientSecret, rt})
	now := s.now()
	if err != nil {
		s.mu.Lock()
		s.noteFailureLocked(now, err)
		s.mu.Unlock()
		return nil, err
	}
	expiry := now.Add(resp.lifetime())

	var saveErr error
	if resp.RefreshToken != "" && resp.RefreshToken != rt {
		s.mu.Lock()
		s.refreshToken = resp.RefreshToken
		s.mu.Unlock()
		if s.store != nil {
			full := oauth2Token(resp.AccessToken, resp.RefreshToken, resp.IDToken, expiry)
			if err := s.store.Save(ctx, full); err != nil {
				saveErr = fmt.Errorf("auth: TradeStation issued a new refresh token but the token store could not save it (the session keeps it in memory and saves again at the next rotation): %w", err)
			}
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if resp.IDToken != "" {
		s.idToken = resp.IDToken
	}
	s.failures, s.retryAt = 0, time.Time{}
	if s.revoked {
		return nil, errRevoked
	}
	s.current = newIssued(resp.AccessToken, expiry)
	s.refreshAt = refreshTime(now, expiry)
	return oauth2Token(resp.AccessToken, "", s.idToken, expiry), saveErr
}

// noteFailureLocked schedules the next background attempt: soon, with
// exponential backoff, after a temporary failure; not before the current
// token expires after a refusal.
func (s *refresher) noteFailureLocked(now time.Time, err error) {
	s.failures++
	if !isTemporary(err) && s.current != nil {
		s.retryAt = s.current.expiry
		return
	}
	backoff := firstBackoff
	for i := 1; i < s.failures && backoff < maxBackoff; i++ {
		backoff *= 2
	}
	s.retryAt = now.Add(min(backoff, maxBackoff))
}

// refreshTime is when a token issued at now and expiring at expiry should be
// replaced: refreshAhead before expiry, or halfway for short-lived tokens.
func refreshTime(now, expiry time.Time) time.Time {
	return expiry.Add(-min(refreshAhead, expiry.Sub(now)/2))
}

// load reads the refresh token (and a still-valid access token) from the
// store. It returns a token only when the stored access token can be used.
func (s *refresher) load(ctx context.Context) (*oauth2.Token, error) {
	stored, err := s.store.Load(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: loading the refresh token: %w", err)
	}
	if stored == nil || stored.RefreshToken == "" {
		return nil, fmt.Errorf("auth: the token store holds no refresh token: %w", ErrNotLoggedIn)
	}
	idToken, _ := stored.Extra("id_token").(string)
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refreshToken, s.needLoad = stored.RefreshToken, false
	if idToken != "" {
		s.idToken = idToken
	}
	if stored.AccessToken == "" || !now.Before(stored.Expiry.Add(-expiryMargin)) {
		return nil, nil
	}
	s.current = newIssued(stored.AccessToken, stored.Expiry)
	s.refreshAt = stored.Expiry.Add(-refreshAhead)
	return oauth2Token(stored.AccessToken, "", s.idToken, stored.Expiry), nil
}

// refreshTokenForRevoke returns the refresh token, loading it if needed.
func (s *refresher) refreshTokenForRevoke(ctx context.Context) (string, error) {
	s.mu.Lock()
	revoked, needLoad := s.revoked, s.needLoad
	s.mu.Unlock()
	if revoked {
		return "", errors.New("auth: the session's refresh token was already revoked")
	}
	if needLoad {
		if _, err := s.load(ctx); err != nil {
			return "", err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshToken, nil
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
