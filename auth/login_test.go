package auth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// freePorts finds n loopback ports that are free at the moment.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return ports
}

// fakeSignIn plays signin.tradestation.com: /authorize redirects back with a
// code (or with denyWith as error), /oauth/token exchanges it.
type fakeSignIn struct {
	*httptest.Server
	denyWith    string
	tokenStatus int
	tokenAnswer string

	mu        sync.Mutex
	authorize url.Values
	exchanges []url.Values
}

func newFakeSignIn(t *testing.T) *fakeSignIn {
	f := &fakeSignIn{tokenStatus: http.StatusOK, tokenAnswer: tokenBody("access-login", "refresh-login")}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f.mu.Lock()
		f.authorize = q
		f.mu.Unlock()
		back := url.Values{"state": {q.Get("state")}}
		if f.denyWith != "" {
			back.Set("error", f.denyWith)
			back.Set("error_description", "The user said no")
		} else {
			back.Set("code", "code-ABC123")
		}
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+back.Encode(), http.StatusFound)
	})
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f.mu.Lock()
		f.exchanges = append(f.exchanges, r.PostForm)
		f.mu.Unlock()
		w.WriteHeader(f.tokenStatus)
		io.WriteString(w, f.tokenAnswer)
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func (f *fakeSignIn) authorizeQuery() url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.authorize
}

func (f *fakeSignIn) exchangeForms() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.exchanges...)
}

// browser follows URLs like a browser would, reaching "localhost" on 127.0.0.1.
type browser struct {
	client   *http.Client
	status   int
	page     string
	visitErr error
}

func newBrowser() *browser {
	dialer := &net.Dialer{}
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, _ := net.SplitHostPort(addr)
		if host == "localhost" {
			addr = net.JoinHostPort("127.0.0.1", port)
		}
		return dialer.DialContext(ctx, network, addr)
	}}
	return &browser{client: &http.Client{Transport: tr}}
}

func (b *browser) get(u string) (int, string, error) {
	resp, err := b.client.Get(u)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// open is a LoginConfig.OpenBrowser that signs in by following the URL.
func (b *browser) open(u string) error {
	b.status, b.page, b.visitErr = b.get(u)
	return nil
}

func loginConfig(f *fakeSignIn, ports []int, out io.Writer, open func(string) error) LoginConfig {
	return LoginConfig{
		ClientID:     testClientID,
		ClientSecret: testSecret,
		SignInURL:    f.URL,
		Ports:        ports,
		Output:       out,
		OpenBrowser:  open,
		Timeout:      time.Minute,
	}
}

func TestLoginCompletesCodeFlowOverLoopback(t *testing.T) {
	f := newFakeSignIn(t)
	port := freePorts(t, 1)[0]
	b := newBrowser()
	var out bytes.Buffer
	store := &memStore{}
	cfg := loginConfig(f, []int{port}, &out, b.open)
	cfg.Prompt, cfg.Store = true, store

	tok, err := Login(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Login: %v (browser: %v)", err, b.visitErr)
	}
	if tok.AccessToken != "access-login" || tok.RefreshToken != "refresh-login" {
		t.Errorf("token = %q / %q", tok.AccessToken, tok.RefreshToken)
	}
	if info, err := UserInfoFromToken(tok); err != nil || info.UserID != "user-access-login" {
		t.Errorf("UserInfoFromToken = %+v, %v", info, err)
	}
	redirect := "http://localhost:" + strconv.Itoa(port)
	q := f.authorizeQuery()
	want := map[string]string{
		"response_type": "code",
		"client_id":     testClientID,
		"redirect_uri":  redirect,
		"audience":      "https://api.tradestation.com",
		"scope":         "openid offline_access profile MarketData ReadAccount Trade",
		"prompt":        "login",
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("authorize %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if len(q.Get("state")) < 43 || q.Has("code_challenge") {
		t.Errorf("state %q too short or unexpected PKCE challenge", q.Get("state"))
	}
	forms := f.exchangeForms()
	if len(forms) != 1 {
		t.Fatalf("%d code exchanges, want 1", len(forms))
	}
	wantForm := map[string]string{"grant_type": "authorization_code", "client_id": testClientID, "client_secret": testSecret, "code": "code-ABC123", "redirect_uri": redirect}
	for k, v := range wantForm {
		if forms[0].Get(k) != v {
			t.Errorf("exchange %s = %q, want %q", k, forms[0].Get(k), v)
		}
	}
	if b.status != http.StatusOK || !strings.Contains(b.page, "Signed in") {
		t.Errorf("browser got %d %q", b.status, b.page)
	}
	if !strings.Contains(out.String(), f.URL+"/authorize?") {
		t.Errorf("output does not show the sign-in URL:\n%s", out.String())
	}
	if got := store.savedTokens(); len(got) != 1 || got[0] != "refresh-login" {
		t.Errorf("store saved %v, want [refresh-login]", got)
	}
	assertNoSecrets(t, "output", out.String(), "refresh-login", "access-login", "code-ABC123")
}

func TestLoginWithPKCESendsChallengeAndVerifier(t *testing.T) {
	f := newFakeSignIn(t)
	b := newBrowser()
	cfg := loginConfig(f, freePorts(t, 1), io.Discard, b.open)
	cfg.PKCE, cfg.ClientSecret = true, ""
	if _, err := Login(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	q, form := f.authorizeQuery(), f.exchangeForms()[0]
	sum := sha256.Sum256([]byte(form.Get("code_verifier")))
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") != base64.RawURLEncoding.EncodeToString(sum[:]) {
		t.Errorf("challenge %q (%s) does not match verifier %q", q.Get("code_challenge"), q.Get("code_challenge_method"), form.Get("code_verifier"))
	}
	if form.Has("client_secret") {
		t.Error("exchange sent a client_secret although none was configured")
	}
}

func TestLoginIgnoresStrayCallbacks(t *testing.T) {
	f := newFakeSignIn(t)
	port := freePorts(t, 1)[0]
	b := newBrowser()
	local := "http://127.0.0.1:" + strconv.Itoa(port)
	var out bytes.Buffer
	stray := map[string]int{}
	var replay int
	open := func(u string) error {
		for _, path := range []string{"/?code=evil&state=wrong", "/?code=evil", "/favicon.ico"} {
			status, _, err := b.get(local + path)
			if err != nil {
				return err
			}
			stray[path] = status
		}
		if err := b.open(u); err != nil {
			return err
		}
		state := f.authorizeQuery().Get("state")
		replay, _, _ = b.get(local + "/?code=again&state=" + url.QueryEscape(state))
		return nil
	}
	tok, err := Login(context.Background(), loginConfig(f, []int{port}, &out, open))
	if err != nil {
		t.Fatalf("Login after stray requests: %v", err)
	}
	want := map[string]int{"/?code=evil&state=wrong": 400, "/?code=evil": 400, "/favicon.ico": 404}
	for path, status := range want {
		if stray[path] != status {
			t.Errorf("stray %s answered %d, want %d", path, stray[path], status)
		}
	}
	if replay != http.StatusConflict {
		t.Errorf("second callback answered %d, want 409", replay)
	}
	if forms := f.exchangeForms(); len(forms) != 1 || forms[0].Get("code") != "code-ABC123" || tok.AccessToken != "access-login" {
		t.Errorf("exchanges %v, want only the real code", forms)
	}
	if !strings.Contains(out.String(), "Ignored a request") {
		t.Errorf("output does not mention the ignored request:\n%s", out.String())
	}
}

func TestLoginEndsWithCallbackErrors(t *testing.T) {
	cases := []struct {
		name     string
		setup    func(*fakeSignIn)
		callback func(state string) string // "" means follow the sign-in
		want     []string
	}{
		{"access denied", func(f *fakeSignIn) { f.denyWith = "access_denied" }, nil,
			[]string{"sign-in was denied (access_denied)", "The user said no"}},
		{"other error", func(f *fakeSignIn) { f.denyWith = "login_required" }, nil,
			[]string{"sign-in failed: login_required"}},
		{"code refused", func(f *fakeSignIn) {
			f.tokenStatus, f.tokenAnswer = 403, `{"error":"invalid_grant","error_description":"Invalid authorization code code-ABC123"}`
		}, nil, []string{"HTTP 403 invalid_grant", "[redacted]"}},
		{"neither code nor error", nil, func(state string) string { return "/?state=" + url.QueryEscape(state) },
			[]string{"neither a code nor an error"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeSignIn(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			port := freePorts(t, 1)[0]
			b := newBrowser()
			open := b.open
			if tc.callback != nil {
				open = func(u string) error {
					parsed, _ := url.Parse(u)
					b.status, b.page, b.visitErr = b.get("http://127.0.0.1:" + strconv.Itoa(port) + tc.callback(parsed.Query().Get("state")))
					return nil
				}
			}
			_, err := Login(context.Background(), loginConfig(f, []int{port}, io.Discard, open))
			if err == nil {
				t.Fatal("Login succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if b.status != http.StatusBadRequest || !strings.Contains(b.page, "Sign-in failed") {
				t.Errorf("browser got %d %q, want the failure page", b.status, b.page)
			}
			assertNoSecrets(t, "error", err.Error(), "code-ABC123")
		})
	}
}

func TestLoginUsesNextPortWhenFirstIsBusy(t *testing.T) {
	f := newFakeSignIn(t)
	ports := freePorts(t, 2)
	busy, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(ports[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	b := newBrowser()
	if _, err := Login(context.Background(), loginConfig(f, ports, io.Discard, b.open)); err != nil {
		t.Fatal(err)
	}
	if got, want := f.authorizeQuery().Get("redirect_uri"), fmt.Sprintf("http://localhost:%d", ports[1]); got != want {
		t.Errorf("redirect_uri = %q, want %q", got, want)
	}
}

func TestLoginFailsClearlyWhenAllPortsAreBusy(t *testing.T) {
	f := newFakeSignIn(t)
	ports := freePorts(t, 2)
	for _, p := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
	}
	opened := false
	_, err := Login(context.Background(), loginConfig(f, ports, io.Discard, func(string) error { opened = true; return nil }))
	if err == nil || !strings.Contains(err.Error(), "no port for the sign-in callback is free") || !strings.Contains(err.Error(), fmt.Sprint(ports)) {
		t.Errorf("err = %v, want one naming the busy ports %v", err, ports)
	}
	if opened {
		t.Error("the browser was opened without a callback server")
	}
}

func TestListenLoopbackBindsOnly127001(t *testing.T) {
	ln, port, err := listenLoopback(freePorts(t, 1))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.Equal(net.IPv4(127, 0, 0, 1)) || addr.Port != port {
		t.Errorf("listening on %v, want 127.0.0.1:%d", addr, port)
	}
}

func TestLoginGivesUpAfterTimeoutAndFreesPort(t *testing.T) {
	f := newFakeSignIn(t)
	port := freePorts(t, 1)[0]
	cfg := loginConfig(f, []int{port}, io.Discard, func(string) error { return nil })
	cfg.Timeout = 20 * time.Millisecond
	_, err := Login(context.Background(), cfg)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no sign-in arrived within 20ms") {
		t.Fatalf("err = %v, want a timeout naming the limit", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("callback port still taken after Login returned: %v", err)
	}
	ln.Close()
}

func TestLoginStopsWhenContextIsCancelled(t *testing.T) {
	f := newFakeSignIn(t)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := Login(ctx, loginConfig(f, freePorts(t, 1), io.Discard, func(string) error { cancel(); return nil }))
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "login cancelled") {
		t.Errorf("err = %v, want a cancellation", err)
	}
}

func TestLoginCarriesOnWhenBrowserCannotOpen(t *testing.T) {
	f := newFakeSignIn(t)
	b := newBrowser()
	var out bytes.Buffer
	open := func(u string) error {
		_ = b.open(u) // the user pasted the URL by hand
		return errors.New("xdg-open: not found")
	}
	if _, err := Login(context.Background(), loginConfig(f, freePorts(t, 1), &out, open)); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if !strings.Contains(out.String(), "Could not open a browser (xdg-open: not found)") {
		t.Errorf("output does not report the browser failure:\n%s", out.String())
	}
}

func TestLoginWarnsWithoutRefreshTokenAndReportsSaveFailure(t *testing.T) {
	f := newFakeSignIn(t)
	f.tokenAnswer = tokenBody("access-login", "")
	b := newBrowser()
	var out bytes.Buffer
	cfg := loginConfig(f, freePorts(t, 1), &out, b.open)
	cfg.Store = &memStore{saveErr: errDiskFull}
	tok, err := Login(context.Background(), cfg)
	if !errors.Is(err, errDiskFull) || tok == nil || tok.AccessToken != "access-login" {
		t.Errorf("Login = %v, %v; want the token together with the save error", tok, err)
	}
	if !strings.Contains(out.String(), "no refresh token") {
		t.Errorf("output does not warn about the missing refresh token:\n%s", out.String())
	}
}

func TestLoginConfigRejectsBadSettings(t *testing.T) {
	good := LoginConfig{ClientID: "id", ClientSecret: "s"}
	cases := []struct {
		name   string
		change func(*LoginConfig)
		want   string
	}{
		{"no client id", func(c *LoginConfig) { c.ClientID = "" }, "ClientID is empty"},
		{"no secret without PKCE", func(c *LoginConfig) { c.ClientSecret = "" }, "ClientSecret is empty"},
		{"port 0", func(c *LoginConfig) { c.Ports = []int{0} }, "port 0 is not between"},
		{"port too high", func(c *LoginConfig) { c.Ports = []int{3000, 70000} }, "port 70000"},
		{"bad sign-in URL", func(c *LoginConfig) { c.SignInURL = "ftp://x" }, `sign-in URL "ftp://x"`},
		{"negative timeout", func(c *LoginConfig) { c.Timeout = -time.Second }, "Timeout -1s is negative"},
		{"scope with space", func(c *LoginConfig) { c.Scopes = []string{"openid Trade"} }, "contains white space"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			tc.change(&cfg)
			_, err := Login(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestLoginConfigDefaults(t *testing.T) {
	c, err := LoginConfig{ClientID: "id", ClientSecret: "s"}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(c.Ports) != "[3000 3001 8080 31022 80]" || c.Timeout != 5*time.Minute ||
		c.SignInURL != "https://signin.tradestation.com" || c.Audience != "https://api.tradestation.com" ||
		c.HTTPClient == nil || c.OpenBrowser == nil || c.Output == nil {
		t.Errorf("defaults not filled in: %+v", c)
	}
}
