package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// watchdog fails the test instead of hanging when done never closes.
func watchdog(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s never finished: a caller is stuck", what)
	}
}

func TestThousandCallersWithoutTokenShareOneRefresh(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	var calls atomic.Int32
	var started sync.WaitGroup
	started.Add(1000)
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		started.Wait() // answer only once every caller has asked
		return httpmock.NewStringResponse(200, tokenBody("access-1", "")), nil
	})

	tokens := make([]string, 1000)
	errs := make([]error, 1000)
	var wg sync.WaitGroup
	for i := range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started.Done()
			tok, err := s.Token(context.Background())
			errs[i] = err
			if err == nil {
				tokens[i] = tok.AccessToken
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	watchdog(t, done, "1,000 Token calls")

	if n := calls.Load(); n != 1 {
		t.Errorf("token endpoint called %d times, want 1", n)
	}
	for i := range 1000 {
		if errs[i] != nil || tokens[i] != "access-1" {
			t.Fatalf("caller %d got %q, %v; want access-1", i, tokens[i], errs[i])
		}
	}
}

func TestCallersDoNotWaitWhileBackgroundRefreshRuns(t *testing.T) {
	s, mt, clock := newTestSession(t, testRefresh)
	var calls atomic.Int32
	release := make(chan struct{})
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(*http.Request) (*http.Response, error) {
		if calls.Add(1) > 1 {
			<-release // the background refresh hangs until every caller has its token
			return httpmock.NewStringResponse(200, tokenBody("access-2", "")), nil
		}
		return httpmock.NewStringResponse(200, tokenBody("access-1", "")), nil
	})
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(19 * time.Minute) // in the refresh window, still valid

	var wg sync.WaitGroup
	var stale atomic.Int32
	for range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := s.Token(context.Background())
			if err != nil || tok.AccessToken != "access-1" {
				stale.Add(1)
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	watchdog(t, done, "1,000 Token calls during a hanging refresh")
	close(release)
	waitIdle(s)

	if n := stale.Load(); n != 0 {
		t.Errorf("%d callers did not get the still-valid token", n)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("token endpoint called %d times, want 2 (initial + one background refresh)", n)
	}
	if tok, _ := s.Token(context.Background()); tok.AccessToken != "access-2" {
		t.Errorf("after the refresh got %q, want access-2", tok.AccessToken)
	}
}

func TestRotationUnderLoadSavesEveryRefreshTokenInOrder(t *testing.T) {
	const rounds = 30
	store := &memStore{}
	s, mt, clock := newTestSession(t, "refresh-0", WithTokenStore(store))
	var mu sync.Mutex
	issued, wrongToken := 0, 0
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(req *http.Request) (*http.Response, error) {
		_ = req.ParseForm()
		mu.Lock()
		defer mu.Unlock()
		if req.PostForm.Get("refresh_token") != fmt.Sprintf("refresh-%d", issued) {
			wrongToken++ // rotation makes the old one invalid
			return httpmock.NewStringResponse(403, `{"error":"invalid_grant"}`), nil
		}
		issued++
		return httpmock.NewStringResponse(200, tokenBody(fmt.Sprintf("access-%d", issued), fmt.Sprintf("refresh-%d", issued))), nil
	})

	for round := range rounds {
		var wg sync.WaitGroup
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.Token(context.Background()); err != nil {
					t.Errorf("round %d: %v", round, err)
				}
			}()
		}
		wg.Wait()
		waitIdle(s)
		clock.Advance(time.Duration(17+round%4) * time.Minute) // sometimes in the window, sometimes expired
	}

	saved := store.savedTokens()
	mu.Lock()
	defer mu.Unlock()
	if wrongToken != 0 {
		t.Errorf("%d refreshes used a superseded refresh token", wrongToken)
	}
	if len(saved) != issued {
		t.Fatalf("saved %d refresh tokens, the endpoint issued %d", len(saved), issued)
	}
	for i, got := range saved {
		if want := fmt.Sprintf("refresh-%d", i+1); got != want {
			t.Fatalf("save %d was %q, want %q (saves out of order or lost)", i, got, want)
		}
	}
	if issued < rounds/2 {
		t.Errorf("only %d refreshes in %d rounds; the test did not exercise rotation", issued, rounds)
	}
}

func TestForceRefreshFromManyRejectedRequestsFetchesOnce(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	var calls atomic.Int32
	var started sync.WaitGroup
	started.Add(100)
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(*http.Request) (*http.Response, error) {
		n := calls.Add(1)
		if n > 1 {
			started.Wait()
		}
		return httpmock.NewStringResponse(200, tokenBody(fmt.Sprintf("access-%d", n), "")), nil
	})
	tok, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started.Done()
			if err := s.ForceRefresh(context.Background(), tok.AccessToken); err != nil {
				t.Errorf("ForceRefresh: %v", err)
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	watchdog(t, done, "100 ForceRefresh calls")

	if n := calls.Load(); n != 2 {
		t.Errorf("token endpoint called %d times, want 2 (initial + one forced refresh)", n)
	}
	if got, _ := s.Token(context.Background()); got.AccessToken != "access-2" {
		t.Errorf("after ForceRefresh token is %q, want access-2", got.AccessToken)
	}
}

func TestForceRefreshWithSupersededTokenDoesNothing(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	var calls atomic.Int32
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(*http.Request) (*http.Response, error) {
		return httpmock.NewStringResponse(200, tokenBody(fmt.Sprintf("access-%d", calls.Add(1)), "")), nil
	})
	ctx := context.Background()
	if err := s.ForceRefresh(ctx, "access-0"); err != nil || calls.Load() != 0 {
		t.Fatalf("ForceRefresh before any token: %v, %d calls; want nothing to happen", err, calls.Load())
	}
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.ForceRefresh(ctx, "access-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.ForceRefresh(ctx, "access-1"); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("token endpoint called %d times, want 2: a rejection of a replaced token must not refresh", n)
	}
}

func TestForceRefreshReportsRefreshFailure(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(200, tokenBody("access-1", "")).
		Then(httpmock.NewStringResponder(403, `{"error":"invalid_grant"}`)))
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	err := s.ForceRefresh(context.Background(), "access-1")
	if !errors.Is(err, ErrLoginRequired) {
		t.Errorf("err = %v, want ErrLoginRequired", err)
	}
}
