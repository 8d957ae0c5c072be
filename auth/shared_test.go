package auth

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"
)

// newFleet returns n sessions that share store, one token endpoint (the
// returned rotatingEndpoint, whose first good refresh token is refresh-0)
// and one clock, as processes of one fleet would.
func newFleet(t *testing.T, n int, store TokenStore) ([]*Session, *rotatingEndpoint, *fakeClock) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	ep := &rotatingEndpoint{valid: "refresh-0"}
	mt.RegisterResponder(http.MethodPost, testTokenURL, ep.responder)
	clock := newFakeClock()
	sessions := make([]*Session, n)
	for i := range sessions {
		s, err := NewSession(testClientID, testSecret, "", WithHTTPClient(&http.Client{Transport: mt}), WithSignInURL(testSignIn), WithTokenStore(store))
		if err != nil {
			t.Fatal(err)
		}
		s.src.now = clock.Now
		sessions[i] = s
	}
	return sessions, ep, clock
}

func TestSharedStoreGivesEverySessionTheTokenOneOfThemFetched(t *testing.T) {
	store := newSharedMemStore(oauth2Token("", "refresh-0", "", time.Time{}))
	fleet, ep, _ := newFleet(t, 3, store)
	ctx := context.Background()
	for i, s := range fleet {
		tok, err := s.Token(ctx)
		if err != nil || tok.AccessToken != "access-1" {
			t.Fatalf("session %d: %v, %v; want access-1", i, tok, err)
		}
	}
	if issued, refused := ep.counts(); issued != 1 || refused != 0 {
		t.Errorf("token endpoint issued %d and refused %d, want one request for the fleet", issued, refused)
	}
	if n := store.locks.Load(); n != 3 {
		t.Errorf("store locked %d times, want once per session", n)
	}
}

func TestSharedStoreRotationsCostOneRequestEach(t *testing.T) {
	store := newSharedMemStore(oauth2Token("", "refresh-0", "", time.Time{}))
	fleet, ep, clock := newFleet(t, 3, store)
	ctx := context.Background()
	const rounds = 10
	for round := range rounds {
		var wg sync.WaitGroup
		for _, s := range fleet {
			for range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := s.Token(ctx); err != nil {
						t.Errorf("round %d: %v", round, err)
					}
				}()
			}
		}
		wg.Wait()
		for _, s := range fleet {
			waitIdle(s)
		}
		// Sometimes inside the refresh window, sometimes past expiry.
		clock.Advance(time.Duration(17+round%5) * time.Minute)
	}
	issued, refused := ep.counts()
	if refused != 0 {
		t.Errorf("%d refresh requests used a retired refresh token", refused)
	}
	if issued > rounds+1 || issued < rounds/2 {
		t.Errorf("%d token requests in %d rounds, want about one per round for the whole fleet", issued, rounds)
	}
	if saved := store.savedTokens(); len(saved) != issued || saved[len(saved)-1] != ep.valid {
		t.Errorf("store saved %v; want each of the %d refresh tokens once, the last one %s", saved, issued, ep.valid)
	}
}

func TestRefusedRefreshTokenIsRetriedWithTheOneTheStoreNowHolds(t *testing.T) {
	for name, shared := range map[string]bool{"plain store": false, "shared store": true} {
		t.Run(name, func(t *testing.T) {
			// Another process rotated refresh-0 into refresh-1 and saved it
			// after this session had read refresh-0.
			var store TokenStore = &memStore{tok: oauth2Token("", "refresh-1", "", time.Time{})}
			if shared {
				store = newSharedMemStore(oauth2Token("", "refresh-1", "", time.Time{}))
			}
			s, mt, _ := newTestSession(t, "refresh-0", WithTokenStore(store))
			ep := &rotatingEndpoint{valid: "refresh-1", issued: 1}
			mt.RegisterResponder(http.MethodPost, testTokenURL, ep.responder)
			tok, err := s.Token(context.Background())
			if err != nil || tok.AccessToken != "access-2" {
				t.Fatalf("Token: %v, %v; want access-2 from the stored refresh token", tok, err)
			}
			if issued, refused := ep.counts(); issued != 2 || refused > 1 {
				t.Errorf("issued %d, refused %d; want one new token after at most one refusal", issued, refused)
			}
		})
	}
}

func TestRefusalWithUnchangedStoreRequiresLoginAfterOneRequest(t *testing.T) {
	store := newSharedMemStore(oauth2Token("", "refresh-dead", "", time.Time{}))
	s, mt, _ := newTestSession(t, "", WithTokenStore(store))
	ep := &rotatingEndpoint{valid: "refresh-other"}
	mt.RegisterResponder(http.MethodPost, testTokenURL, ep.responder)
	_, err := s.Token(context.Background())
	if !errors.Is(err, ErrLoginRequired) {
		t.Fatalf("err = %v, want ErrLoginRequired", err)
	}
	if _, refused := ep.counts(); refused != 1 {
		t.Errorf("refused %d requests, want 1: the store had no other refresh token to try", refused)
	}
	assertNoSecrets(t, "error", err.Error(), "refresh-dead")
}

func TestRejectedTokenMakesSessionReadTheStoreFirst(t *testing.T) {
	for name, shared := range map[string]bool{"plain store": false, "shared store": true} {
		t.Run(name, func(t *testing.T) {
			mem := &memStore{}
			var store TokenStore = mem
			var sh *sharedMemStore
			if shared {
				sh = newSharedMemStore(nil)
				store, mem = sh, &sh.memStore
			}
			s, mt, clock := newTestSession(t, "refresh-0", WithTokenStore(store))
			ep := &rotatingEndpoint{valid: "refresh-0"}
			mt.RegisterResponder(http.MethodPost, testTokenURL, ep.responder)
			ctx := context.Background()
			if _, err := s.Token(ctx); err != nil {
				t.Fatal(err)
			}
			// Another process refreshed meanwhile and stored access-9.
			mem.mu.Lock()
			mem.tok = oauth2Token("access-9", ep.valid, "", clock.Now().Add(20*time.Minute))
			mem.mu.Unlock()
			if err := s.ForceRefresh(ctx, "access-1"); err != nil {
				t.Fatal(err)
			}
			tok, err := s.Token(ctx)
			if err != nil || tok.AccessToken != "access-9" {
				t.Fatalf("after the 401: %v, %v; want the stored access-9", tok, err)
			}
			if issued, _ := ep.counts(); issued != 1 {
				t.Errorf("token endpoint issued %d tokens, want 1: the 401 should have been answered from the store", issued)
			}
		})
	}
}

func TestSharedStoreIsNotReadBackWhileItHoldsTheSessionsOwnToken(t *testing.T) {
	store := newSharedMemStore(oauth2Token("", "refresh-0", "", time.Time{}))
	fleet, ep, clock := newFleet(t, 1, store)
	s, ctx := fleet[0], context.Background()
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	clock.Advance(18 * time.Minute) // in the refresh window; the store holds access-1 too
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	waitIdle(s)
	if tok, _ := s.Token(ctx); tok.AccessToken != "access-2" {
		t.Errorf("after the background refresh: %s, want access-2 (the stored access-1 is the session's own, due for refresh)", tok.AccessToken)
	}
	if issued, _ := ep.counts(); issued != 2 {
		t.Errorf("issued %d tokens, want 2", issued)
	}
}

func TestSharedStoreSaveIsRetriedBeforeTheTokenIsUsed(t *testing.T) {
	store := newSharedMemStore(oauth2Token("", "refresh-0", "", time.Time{}))
	fails := 2
	flaky := &flakyStore{sharedMemStore: store, fails: &fails}
	s, mt, _ := newTestSession(t, "", WithTokenStore(flaky))
	ep := &rotatingEndpoint{valid: "refresh-0"}
	mt.RegisterResponder(http.MethodPost, testTokenURL, ep.responder)
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatalf("Token: %v; want the save retried past two failures", err)
	}
	if got := store.savedTokens(); len(got) != 1 || got[0] != "refresh-1" {
		t.Errorf("saved %v, want [refresh-1]", got)
	}
}

func TestUnsavedRotatedTokenIsUsedAndSavedAtTheNextRefresh(t *testing.T) {
	store := newSharedMemStore(oauth2Token("", "refresh-0", "", time.Time{}))
	fails := saveAttempts // every attempt of the first refresh fails
	flaky := &flakyStore{sharedMemStore: store, fails: &fails}
	s, mt, clock := newTestSession(t, "", WithTokenStore(flaky))
	ep := &rotatingEndpoint{valid: "refresh-0"}
	mt.RegisterResponder(http.MethodPost, testTokenURL, ep.responder)
	ctx := context.Background()
	_, err := s.Token(ctx)
	if !errors.Is(err, errDiskFull) || !strings.Contains(err.Error(), "keeps it in memory") {
		t.Fatalf("first Token: %v; want the save failure reported", err)
	}
	clock.Advance(21 * time.Minute)
	tok, err := s.Token(ctx)
	if err != nil || tok.AccessToken != "access-2" {
		t.Fatalf("second Token: %v, %v; want access-2 from the unsaved refresh-1", tok, err)
	}
	if _, refused := ep.counts(); refused != 0 {
		t.Errorf("%d refusals: the session sent the store's retired refresh-0 instead of its own refresh-1", refused)
	}
	if got := store.savedTokens(); len(got) != 1 || got[0] != "refresh-2" {
		t.Errorf("saved %v, want [refresh-2]", got)
	}
}

func TestSharedStoreThatCannotLockFailsWithoutATokenRequest(t *testing.T) {
	store := newSharedMemStore(oauth2Token("", "refresh-0", "", time.Time{}))
	store.lockErr = errors.New("connection refused")
	s, mt, _ := newTestSession(t, "", WithTokenStore(store))
	_, err := s.Token(context.Background())
	if err == nil || !strings.Contains(err.Error(), "auth: locking the token store: connection refused") {
		t.Fatalf("err = %v, want the lock failure", err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d token requests without the lock", n)
	}
}

// flakyStore fails the first *fails saves with errDiskFull.
type flakyStore struct {
	*sharedMemStore
	fails *int
}

func (f *flakyStore) Save(ctx context.Context, tok *oauth2.Token) error {
	f.mu.Lock()
	fail := *f.fails > 0
	if fail {
		*f.fails--
	}
	f.mu.Unlock()
	if fail {
		return errDiskFull
	}
	return f.sharedMemStore.Save(ctx, tok)
}

func TestFileStoreLockExcludesOtherHoldersUntilUnlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tradestation", "token.json")
	a, b := NewFileStore(path), NewFileStore(path)
	unlock, err := a.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := b.Lock(ctx); !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "token.json.lock") {
		t.Fatalf("second Lock while held: %v, want it to wait until its context ends", err)
	}
	unlock()
	unlock() // harmless
	unlockB, err := b.Lock(context.Background())
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	unlockB()
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path + ".lock")
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("lock file: %v, %v; want mode 0600", fi, err)
		}
	}
}

func TestFileStoreKeepsTheAccessTokensLifetime(t *testing.T) {
	store := NewFileStore(filepath.Join(t.TempDir(), "token.json"))
	tok := oauth2Token("a", "r", "", time.Now().Add(time.Minute))
	tok.ExpiresIn = 60
	ctx := context.Background()
	if err := store.Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	got, err := store.Load(ctx)
	if err != nil || got.ExpiresIn != 60 {
		t.Errorf("loaded %v, %v; want expires_in 60", got, err)
	}
}

var _ SharedTokenStore = (*FileStore)(nil)
