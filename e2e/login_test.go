package e2e

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

const chromiumPath = "/usr/bin/chromium"

// requireChromium skips the test without Chromium, except under CI, where
// a missing browser is a failure (ci-setup installs it).
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is missing: e2e/ci-setup should have installed Debian's chromium", chromiumPath)
	}
	t.Skipf("skipping the browser login test: no Chromium at %s (run e2e/ci-setup, or apt-get install chromium)", chromiumPath)
}

// buildCommand compiles cmd/tradestation into dir.
func buildCommand(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "tradestation")
	build := exec.Command("go", "build", "-o", bin, "./cmd/tradestation")
	build.Dir = ".."
	// The command is a module of its own, joined to the SDK by the root's
	// go.work, which this module's GOWORK=off must not turn off.
	build.Env = append(os.Environ(), "GOWORK=")
	out, err := build.CombinedOutput()
	if err != nil {
		t.Fatalf("building the command: %v\n%s", err, out)
	}
	return bin
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// signInURL reads the command's stderr until the sign-in URL appears, then
// keeps copying the rest into rest.
func signInURL(stderr io.Reader, rest *lockedBuffer) (string, error) {
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		rest.WriteString(line + "\n")
		if u := strings.TrimSpace(line); strings.HasPrefix(u, "http://") && strings.Contains(u, "/authorize?") {
			go func() { _, _ = io.Copy(rest, stderr) }()
			return u, nil
		}
	}
	return "", errors.New("the command ended without printing a sign-in URL")
}

// startLogin starts `tradestation login --fake --no-browser` and returns
// the sign-in URL it printed.
func startLogin(t *testing.T, ctx context.Context, bin, tokenFile string) (*exec.Cmd, string, *bytes.Buffer, *lockedBuffer) {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, "login", "--fake", "--no-browser",
		"--token-file", tokenFile, "--port", fmt.Sprint(freePort(t)), "--timeout", "90s")
	cmd.Env = cleanEnv()
	var stdout bytes.Buffer
	var stderr lockedBuffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	url, err := signInURL(pipe, &stderr)
	if err != nil {
		_ = cmd.Wait()
		t.Fatalf("%v; stderr:\n%s", err, stderr.String())
	}
	return cmd, url, &stdout, &stderr
}

func TestBrowserLoginStoresTheToken(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	bin := buildCommand(t, dir)
	tokenFile := filepath.Join(dir, "config", "token.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	cmd, url, stdout, stderr := startLogin(t, ctx, bin, tokenFile)
	page := browse(t, ctx, dir, url, true)
	if !strings.Contains(page, "Signed in") {
		t.Errorf("the callback page says %q, want the signed-in message", page)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("login failed: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "token stored in "+tokenFile) {
		t.Errorf("stdout does not say where the token is: %q", stdout.String())
	}
	if !strings.Contains(stdout.String(), tradestationtest.UserID) {
		t.Errorf("stdout does not say who signed in: %q", stdout.String())
	}
	tok, err := auth.NewFileStore(tokenFile).Load(context.Background())
	if err != nil {
		t.Fatalf("the token file: %v", err)
	}
	if tok.RefreshToken == "" {
		t.Error("the stored token has no refresh token")
	}
	if fi, err := os.Stat(tokenFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file: %v, want mode 0600", err)
	}
}

func TestBrowserLoginWithoutConsentStoresNothing(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	bin := buildCommand(t, dir)
	tokenFile := filepath.Join(dir, "config", "token.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	cmd, url, _, stderr := startLogin(t, ctx, bin, tokenFile)
	browse(t, ctx, dir, url, false)
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("login without consent ended with %v, want exit status 1", err)
	}
	if !strings.Contains(stderr.String(), "access_denied") {
		t.Errorf("stderr does not say the sign-in was denied:\n%s", stderr.String())
	}
	if _, err := os.Stat(tokenFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a token file exists after a denied sign-in (%v)", err)
	}
}

// browse opens url in headless Chromium, signs in, ticks the consent box
// if consent is true, submits, and returns the text of the page the
// browser ends on (the command's callback page).
func browse(t *testing.T, ctx context.Context, dir, url string, consent bool) string {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(dir, fmt.Sprintf("chromium-profile-%t", consent))),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()

	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), tradestationtest.UserID),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), tradestationtest.DemoPassword),
	}
	if consent {
		steps = append(steps, chromedp.Click(chromedp.CSS(`input[name="consent"]`)))
	}
	if err := chromedp.Do(browserCtx, steps...); err != nil {
		t.Fatalf("filling in the sign-in form: %v", err)
	}
	// Submitting goes through the fake's redirect to the command's callback.
	if _, err := chromedp.RunResponse(browserCtx, chromedp.Click(chromedp.CSS(`button[value="signin"]`))); err != nil {
		t.Fatalf("submitting the sign-in form: %v", err)
	}
	page, err := chromedp.Run(browserCtx, chromedp.Text(chromedp.CSS(`body`)))
	if err != nil {
		t.Fatalf("reading the callback page: %v", err)
	}
	return page
}

// cleanEnv is the test's environment without TradeStation credentials, so
// the command cannot reach a real account.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TRADESTATION_") {
			env = append(env, kv)
		}
	}
	return env
}
