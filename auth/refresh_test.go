package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"
)

func TestRequestEditorSendsRefreshFormAndSetsBearer(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	rec := &formRecorder{bodies: []string{tokenBody("access-1", "")}}
	mt.RegisterResponder(http.MethodPost, testTokenURL, rec.responder)

	req, _ := http.NewRequest(http.MethodGet, "https://sim-api.tradestation.com/v3/brokerage/accounts", nil)
	if err := s.RequestEditor()(context.Background(), req); err != nil {
		t.Fatalf("RequestEditor: %v", err)
	}
	if got := req.Header.Get("Authorization"); got != "Bearer access-1" {
		t.Errorf("Authorization = %q, want %q", got, "Bearer access-1")
	}
	form := rec.form(0)
	want := map[string]string{"grant_type": "refresh_token", "client_id": testClientID, "client_secret": testSecret, "refresh_token": testRefresh}
	for k, v := range want {
		if form.Get(k) != v {
			t.Errorf("form %s = %q, want %q", k, form.Get(k), v)
		}
	}
	if form.Has("scope") {
		t.Errorf("form has scope %q without WithScopes", form.Get("scope"))
	}
	if err := s.RequestEditor()(context.Background(), req); err != nil {
		t.Fatalf("second RequestEditor: %v", err)
	}
	if n := rec.count(); n != 1 {
		t.Errorf("token endpoint called %d times for two requests with a fresh token, want 1", n)
	}
}

func TestTokenIsRefreshedInBackgroundOnlyInItsLastMinutes(t *testing.T) {
	s, mt, clock := newTestSession(t, testRefresh)
	rec := &formRecorder{bodies: []string{tokenBody("access-1", ""), tokenBody("access-2", "")}}
	mt.RegisterResponder(http.MethodPost, testTokenURL, rec.responder)
	ctx := context.Background()

	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	clock.Advance(20*time.Minute - refreshAhead - time.Second)
	tok, err := s.Token(ctx)
	waitIdle(s)
	if err != nil || tok.AccessToken != "access-1" || rec.count() != 1 {
		t.Fatalf("before the refresh window: token %v, err %v, %d calls; want access-1 and 1 call", tok.AccessToken, err, rec.count())
	}

	clock.Advance(2 * time.Second) // now inside the window
	tok, err = s.Token(ctx)
	if err != nil || tok.AccessToken != "access-1" {
		t.Fatalf("inside the window: got %q, %v; want the still-valid access-1", tok.AccessToken, err)
	}
	waitIdle(s)
	if rec.count() != 2 {
		t.Fatalf("token endpoint called %d times, want a background refresh (2)", rec.count())
	}
	tok, err = s.Token(ctx)
	if err != nil || tok.AccessToken != "access-2" {
		t.Fatalf("after the background refresh: got %q, %v; want access-2", tok.AccessToken, err)
	}
	if want := clock.Now().Add(1200 * time.Second); !tok.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v (expires_in after the refresh)", tok.Expiry, want)
	}
	if tok.RefreshToken != "" {
		t.Error("token handed to callers carries the refresh token")
	}
}

func TestRotatedRefreshTokenIsSavedAndUsedNext(t *testing.T) {
	store := &memStore{}
	s, mt, clock := newTestSession(t, testRefresh, WithTokenStore(store))
	rec := &formRecorder{bodies: []string{tokenBody("access-1", "refresh-2"), tokenBody("access-2", "refresh-3")}}
	mt.RegisterResponder(http.MethodPost, testTokenURL, rec.responder)
	ctx := context.Background()

	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	if got := store.savedTokens(); len(got) != 1 || got[0] != "refresh-2" {
		t.Fatalf("saved %v after the first refresh, want [refresh-2]", got)
	}
	if store.tok.AccessToken != "access-1" {
		t.Errorf("saved access token %q, want access-1", store.tok.AccessToken)
	}
	clock.Advance(21 * time.Minute)
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rec.form(1).Get("refresh_token"); got != "refresh-2" {
		t.Errorf("second refresh sent refresh_token %q, want the rotated refresh-2", got)
	}
	if got := store.savedTokens(); len(got) != 2 || got[1] != "refresh-3" {
		t.Errorf("saved %v, want [refresh-2 refresh-3]", got)
	}
}

func TestRefreshWithoutNewRefreshTokenKeepsTheOldOne(t *testing.T) {
	store := &memStore{}
	s, mt, clock := newTestSession(t, testRefresh, WithTokenStore(store))
	rec := &formRecorder{bodies: []string{tokenBody("access-1", ""), tokenBody("access-2", testRefresh)}}
	mt.RegisterResponder(http.MethodPost, testTokenURL, rec.responder)
	ctx := context.Background()

	for range 3 {
		if _, err := s.Token(ctx); err != nil {
			t.Fatal(err)
		}
		clock.Advance(21 * time.Minute)
	}
	for i := range rec.count() {
		if got := rec.form(i).Get("refresh_token"); got != testRefresh {
			t.Errorf("refresh %d sent %q, want the unchanged original", i, got)
		}
	}
	if got := store.savedTokens(); len(got) != 0 {
		t.Errorf("store saved %v although the refresh token never changed", got)
	}
}

func TestInvalidGrantRequiresLogin(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusForbidden} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			s, mt, _ := newTestSession(t, testRefresh)
			mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(status,
				`{"error":"invalid_grant","error_description":"Unknown or invalid refresh token `+testRefresh+`"}`))

			_, err := s.Token(context.Background())
			if !errors.Is(err, ErrLoginRequired) {
				t.Fatalf("err = %v, want ErrLoginRequired", err)
			}
			var te *TokenError
			if !errors.As(err, &te) || te.StatusCode != status || te.Code != "invalid_grant" {
				t.Errorf("err = %#v, want a TokenError with status %d and code invalid_grant", te, status)
			}
			if strings.Contains(err.Error(), "tradestation login") {
				t.Errorf("message %q gives command-line advice; the command adds it", err)
			}
			assertNoSecrets(t, "error", err.Error())
		})
	}
}

func TestTemporaryFailureWhileTokenValidIsRetriedWithBackoff(t *testing.T) {
	failures := map[string]httpmock.Responder{
		"HTTP 503":      httpmock.NewStringResponder(http.StatusServiceUnavailable, "<html>upstream busy</html>"),
		"network error": httpmock.NewErrorResponder(errors.New("connection reset by peer")),
	}
	for name, failure := range failures {
		t.Run(name, func(t *testing.T) {
			s, mt, clock := newTestSession(t, testRefresh)
			rec := &formRecorder{bodies: []string{tokenBody("access-1", ""), tokenBody("access-2", "")}}
			calls := 0
			mt.RegisterResponder(http.MethodPost, testTokenURL, func(req *http.Request) (*http.Response, error) {
				calls++ // serialised: one refresh at a time
				if calls == 2 {
					return failure(req)
				}
				return rec.responder(req)
			})
			ctx := context.Background()
			if _, err := s.Token(ctx); err != nil {
				t.Fatal(err)
			}
			clock.Advance(18 * time.Minute) // inside the refresh window

			for i := range 2 { // the failed background attempt, then a call during the backoff
				tok, err := s.Token(ctx)
				waitIdle(s)
				if err != nil || tok.AccessToken != "access-1" {
					t.Fatalf("call %d while the endpoint fails: %v, %v; want the still-valid access-1", i, tok, err)
				}
			}
			if calls != 2 {
				t.Fatalf("token endpoint called %d times, want 2 (no retry before the backoff ends)", calls)
			}

			clock.Advance(firstBackoff)
			if tok, err := s.Token(ctx); err != nil || tok.AccessToken != "access-1" {
				t.Fatalf("retry call: %v, %v", tok, err)
			}
			waitIdle(s)
			tok, err := s.Token(ctx)
			if err != nil || tok.AccessToken != "access-2" {
				t.Fatalf("after the retry: %v, %v; want access-2", tok, err)
			}
			if got := rec.form(1).Get("refresh_token"); got != testRefresh {
				t.Errorf("retry sent refresh_token %q, want the original", got)
			}
		})
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	now := newFakeClock().Now()
	src := &refresher{now: func() time.Time { return now }}
	var got []time.Duration
	for range 6 {
		src.noteFailure(errors.New("network down"))
		got = append(got, src.retryAt.Sub(now))
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, maxBackoff, maxBackoff}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("backoff after %d failures = %v, want %v", i+1, got[i], want[i])
		}
	}
}

func TestRefusalInBackgroundIsNotRetriedBeforeExpiry(t *testing.T) {
	s, mt, clock := newTestSession(t, testRefresh)
	calls := 0
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(req *http.Request) (*http.Response, error) {
		calls++
		if calls == 1 {
			return httpmock.NewStringResponse(http.StatusOK, tokenBody("access-1", "")), nil
		}
		return httpmock.NewStringResponse(http.StatusForbidden, `{"error":"invalid_grant"}`), nil
	})
	ctx := context.Background()
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	clock.Advance(18 * time.Minute)
	for range 3 {
		if tok, err := s.Token(ctx); err != nil || tok.AccessToken != "access-1" {
			t.Fatalf("still-valid token not handed out: %v, %v", tok, err)
		}
		waitIdle(s)
		clock.Advance(maxBackoff)
	}
	if calls != 2 {
		t.Errorf("token endpoint called %d times, want 2 (a refusal waits for expiry)", calls)
	}
	clock.Advance(time.Minute)
	if _, err := s.Token(ctx); !errors.Is(err, ErrLoginRequired) {
		t.Errorf("after expiry err = %v, want ErrLoginRequired", err)
	}
}

func TestExpiredTokenAndFailingEndpointReturnsErrorThenRecovers(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	calls := 0
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(req *http.Request) (*http.Response, error) {
		calls++
		if calls == 1 {
			return httpmock.NewStringResponse(http.StatusBadGateway, "Bad Gateway"), nil
		}
		return httpmock.NewStringResponse(http.StatusOK, tokenBody("access-1", "")), nil
	})
	_, err := s.Token(context.Background())
	var te *TokenError
	if !errors.As(err, &te) || te.StatusCode != http.StatusBadGateway || errors.Is(err, ErrLoginRequired) {
		t.Fatalf("err = %v, want a 502 TokenError that is not ErrLoginRequired", err)
	}
	tok, err := s.Token(context.Background())
	if err != nil || tok.AccessToken != "access-1" {
		t.Fatalf("second call: %v, %v; want access-1", tok, err)
	}
}

func TestBadTokenAnswerSaysWhatCameBack(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   []string // in the error message
	}{
		{"truncated JSON", 200, `{"access_token":"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.leaky`, []string{"HTTP 200", `\"access_token\":\"[redacted]`}},
		{"HTML with 200", 200, "<html><head><title>Maintenance</title></head></html>", []string{"HTTP 200", "<title>Maintenance</title>"}},
		{"HTML with 502", 502, "<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>", []string{"HTTP 502", "<h1>502 Bad Gateway</h1>"}},
		{"JSON without access token", 200, `{"token_type":"Bearer"}`, []string{"HTTP 200", "token_type"}},
		{"empty body", 500, "", []string{"HTTP 500", "empty body"}},
		{"body echoing the request", 500, "bad request: refresh_token=" + testRefresh + "&client_secret=" + testSecret, []string{"HTTP 500", "[redacted]"}},
		{"OAuth error without description", 401, `{"error":"invalid_client"}`, []string{"HTTP 401 invalid_client", "client id and secret"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, mt, _ := newTestSession(t, testRefresh)
			mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(tc.status, tc.body))
			_, err := s.Token(context.Background())
			if err == nil {
				t.Fatal("Token succeeded on a bad answer")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			assertNoSecrets(t, "error", err.Error(), "leaky")
		})
	}
}

func TestLongBodyExcerptIsShort(t *testing.T) {
	body := "<html>" + strings.Repeat("<p>maintenance window</p>", 500) + "</html>"
	e := endpointError("token", 503, []byte(body), nil)
	if n := len([]rune(e.Excerpt)); n > excerptRunes+3 {
		t.Errorf("excerpt has %d runes, want at most %d", n, excerptRunes+3)
	}
	if !strings.HasPrefix(e.Excerpt, "<html><p>maintenance window</p>") {
		t.Errorf("excerpt %q does not start with the body", e.Excerpt)
	}
}

func TestNonBearerTokenIsRejected(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(200, `{"access_token":"a","token_type":"MAC"}`))
	if _, err := s.Token(context.Background()); err == nil || !strings.Contains(err.Error(), `"MAC"`) {
		t.Errorf("err = %v, want an error naming the MAC token type", err)
	}
}

func TestSaveFailureIsReportedAndNewRefreshTokenKept(t *testing.T) {
	store := &memStore{saveErr: errDiskFull}
	s, mt, clock := newTestSession(t, testRefresh, WithTokenStore(store))
	rec := &formRecorder{bodies: []string{tokenBody("access-1", "refresh-2"), tokenBody("access-2", "refresh-3")}}
	mt.RegisterResponder(http.MethodPost, testTokenURL, rec.responder)
	ctx := context.Background()

	_, err := s.Token(ctx)
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("err = %v, want it to wrap the store's error", err)
	}
	assertNoSecrets(t, "save error", err.Error(), "refresh-2", "access-1")
	tok, err := s.Token(ctx)
	if err != nil || tok.AccessToken != "access-1" || rec.count() != 1 {
		t.Fatalf("after the reported failure: %v, %v, %d calls; want access-1 without a new call", tok, err, rec.count())
	}

	store.mu.Lock()
	store.saveErr = nil
	store.mu.Unlock()
	clock.Advance(21 * time.Minute)
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rec.form(1).Get("refresh_token"); got != "refresh-2" {
		t.Errorf("next refresh sent %q, want refresh-2 kept in memory", got)
	}
	if got := store.savedTokens(); len(got) != 1 || got[0] != "refresh-3" {
		t.Errorf("saved %v, want [refresh-3]", got)
	}
}

func TestBackgroundSaveFailureIsReportedToTheNextCaller(t *testing.T) {
	store := &memStore{}
	s, mt, clock := newTestSession(t, testRefresh, WithTokenStore(store))
	rec := &formRecorder{bodies: []string{tokenBody("access-1", ""), tokenBody("access-2", "refresh-2")}}
	mt.RegisterResponder(http.MethodPost, testTokenURL, rec.responder)
	ctx := context.Background()
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	store.mu.Lock()
	store.saveErr = errDiskFull
	store.mu.Unlock()
	clock.Advance(18 * time.Minute)
	if tok, err := s.Token(ctx); err != nil || tok.AccessToken != "access-1" {
		t.Fatalf("call starting the background refresh: %v, %v", tok, err)
	}
	waitIdle(s)
	if _, err := s.Token(ctx); !errors.Is(err, errDiskFull) {
		t.Fatalf("next call err = %v, want the save failure", err)
	}
	if tok, err := s.Token(ctx); err != nil || tok.AccessToken != "access-2" {
		t.Fatalf("call after the report: %v, %v; want access-2", tok, err)
	}
}

func TestRefreshTokenIsLoadedFromStoreAtFirstUse(t *testing.T) {
	store := &memStore{tok: &oauth2.Token{RefreshToken: "refresh-stored"}}
	s, mt, _ := newTestSession(t, "", WithTokenStore(store))
	rec := &formRecorder{bodies: []string{tokenBody("access-1", "")}}
	mt.RegisterResponder(http.MethodPost, testTokenURL, rec.responder)
	if store.loads != 0 {
		t.Fatal("NewSession read the store")
	}
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := rec.form(0).Get("refresh_token"); got != "refresh-stored" {
		t.Errorf("refresh sent %q, want the stored refresh token", got)
	}
}

func TestStoredValidAccessTokenIsUsedWithoutRefresh(t *testing.T) {
	store := &memStore{}
	s, mt, clock := newTestSession(t, "", WithTokenStore(store))
	store.tok = oauth2Token("access-stored", "refresh-stored", testIDToken(map[string]any{"sub": "u1"}), clock.Now().Add(10*time.Minute))
	tok, err := s.Token(context.Background())
	if err != nil || tok.AccessToken != "access-stored" {
		t.Fatalf("Token = %v, %v; want the stored access token", tok, err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("token endpoint called %d times, want 0", n)
	}
	if info, err := s.UserInfo(); err != nil || info.UserID != "u1" {
		t.Errorf("UserInfo = %+v, %v; want the stored id token's user", info, err)
	}
}

func TestAnswerWithoutExpiresInLastsTwentyMinutes(t *testing.T) {
	s, mt, clock := newTestSession(t, testRefresh)
	mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(200, `{"access_token":"access-1","token_type":"bearer"}`))
	tok, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := clock.Now().Add(20 * time.Minute); !tok.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", tok.Expiry, want)
	}
}

func TestStoreWithoutTokenGivesErrNotLoggedIn(t *testing.T) {
	cases := map[string]TokenStore{
		"missing file":          NewFileStore(t.TempDir() + "/token.json"),
		"token without refresh": &memStore{tok: &oauth2.Token{AccessToken: "a"}},
	}
	for name, store := range cases {
		t.Run(name, func(t *testing.T) {
			s, mt, _ := newTestSession(t, "", WithTokenStore(store))
			_, err := s.Token(context.Background())
			if !errors.Is(err, ErrNotLoggedIn) {
				t.Errorf("err = %v, want ErrNotLoggedIn", err)
			}
			if n := mt.GetTotalCallCount(); n != 0 {
				t.Errorf("token endpoint called %d times without a refresh token", n)
			}
		})
	}
}

func TestWithScopesAreSentOnRefresh(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh, WithScopes("openid", "MarketData"))
	rec := &formRecorder{bodies: []string{tokenBody("access-1", "")}}
	mt.RegisterResponder(http.MethodPost, testTokenURL, rec.responder)
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := rec.form(0).Get("scope"); got != "openid MarketData" {
		t.Errorf("scope = %q, want %q", got, "openid MarketData")
	}
}

func TestWaitingForRefreshEndsWithContextButRefreshContinues(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	release := make(chan struct{})
	mt.RegisterResponder(http.MethodPost, testTokenURL, func(*http.Request) (*http.Response, error) {
		<-release
		return httpmock.NewStringResponse(200, tokenBody("access-1", "")), nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Token(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	close(release)
	waitIdle(s)
	tok, err := s.Token(context.Background())
	if err != nil || tok.AccessToken != "access-1" || mt.GetTotalCallCount() != 1 {
		t.Errorf("after the cancelled wait: %v, %v, %d calls; want the refreshed access-1 from the same request", tok, err, mt.GetTotalCallCount())
	}
}

func TestTokenSourceCarriesIDTokenForUserInfo(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(200, tokenBody("access-1", "")))
	if _, err := s.UserInfo(); err == nil || !strings.Contains(err.Error(), "no id token yet") {
		t.Errorf("UserInfo before any token: %v, want a no-id-token error", err)
	}
	tok, err := s.TokenSource().Token()
	if err != nil {
		t.Fatal(err)
	}
	fromTok, err := UserInfoFromToken(tok)
	if err != nil || fromTok.UserID != "user-access-1" {
		t.Errorf("UserInfoFromToken = %+v, %v", fromTok, err)
	}
	fromSess, err := s.UserInfo()
	if err != nil || fromSess.UserID != "user-access-1" || fromSess.Email != "pat@example.com" {
		t.Errorf("Session.UserInfo = %+v, %v", fromSess, err)
	}
}
