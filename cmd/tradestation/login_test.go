package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

// signInDriver reads what login prints and, at the sign-in URL, lets the
// fake's stand-in browser sign in.
func signInDriver(t *testing.T, browser func(string) error) io.Writer {
	pr, pw := io.Pipe()
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u := strings.TrimSpace(sc.Text()); strings.HasPrefix(u, "http") && strings.Contains(u, "/authorize?") {
				if err := browser(u); err != nil {
					t.Errorf("browser: %v", err)
				}
			}
		}
	}()
	t.Cleanup(func() { pw.Close() })
	return pw
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

func TestLoginStoresTheTokenAndLogoutRevokesIt(t *testing.T) {
	h := newHarness(t)
	h.fakeAllowed = true
	tokenFile := filepath.Join(t.TempDir(), "tradestation", "token.json")
	browser := signInDriver(t, h.srv.Browser(tradestationtest.UserID, tradestationtest.DemoPassword, true))

	r := h.runCtx(context.Background(), "", nil, browser, "login", "--fake", "--no-browser", "--token-file", tokenFile, "--port", freePort(t))
	if r.code != 0 {
		t.Fatalf("login: exit %d\n%s", r.code, r.stderr)
	}
	if want := fmt.Sprintf("signed in as %s (%s); token stored in %s\n", tradestationtest.UserName, tradestationtest.UserID, tokenFile); r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	if !strings.Contains(r.stderr, "/authorize?") {
		t.Errorf("the sign-in URL was not printed on stderr:\n%s", r.stderr)
	}
	tok, err := auth.NewFileStore(tokenFile).Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	h.env = []string{envClientID + "=" + tradestationtest.ClientID, envClientSecret + "=" + tradestationtest.ClientSecret}
	r = h.run("logout", "--token-file", tokenFile)
	if r.code != 0 {
		t.Fatalf("logout: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(tokenFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the token file is still there after logout (%v)", err)
	}
	sess, err := auth.NewSession(tradestationtest.ClientID, tradestationtest.ClientSecret, tok.RefreshToken,
		auth.WithSignInURL(h.srv.URL()), auth.WithHTTPClient(h.srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Token(context.Background()); !errors.Is(err, auth.ErrLoginRequired) {
		t.Errorf("the logged-out refresh token still works (err %v)", err)
	}
}

func TestFakeLoginKeepsTheDefaultTokenFileUntouched(t *testing.T) {
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config) // where the default token file lives on Linux
	t.Setenv("HOME", config)
	h := newHarness(t)
	h.fakeAllowed = true
	browser := signInDriver(t, h.srv.Browser(tradestationtest.UserID, tradestationtest.DemoPassword, true))
	r := h.runCtx(context.Background(), "", nil, browser, "login", "--fake", "--no-browser", "--port", freePort(t))
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "was not stored") {
		t.Errorf("stdout %q should say the fake's token was not stored", r.stdout)
	}
	path, err := auth.DefaultTokenPath()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(path, config) {
		t.Fatalf("the default token path %s is outside the test's config dir", path)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a fake login wrote the default token file %s (%v)", path, err)
	}
}

func TestLoginWithoutAnAPIKeyExplains(t *testing.T) {
	h := newHarness(t)
	r := h.run("login", "--no-browser")
	if r.code != exitUsage {
		t.Errorf("exit %d, want %d", r.code, exitUsage)
	}
	isOneLine(t, r.stderr)
	if !strings.Contains(r.stderr, "--client-id") {
		t.Errorf("stderr %q", r.stderr)
	}
}
