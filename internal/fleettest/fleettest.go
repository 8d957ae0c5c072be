//go:build unix

// Package fleettest runs a fleet for tests: child processes of the test
// binary that share one login, against a fake TradeStation behind a proxy
// that counts and can hold token requests. Tests of auth and redisstore use
// it to prove what must hold across real processes.
//
// A test package that spawns children calls Role in its TestMain and, when
// it is not empty, runs that child's part instead of the tests.
package fleettest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"golang.org/x/oauth2"
)

// roleVar names the child's part in the environment of a child.
const roleVar = "FLEETTEST_ROLE"

// Role is the part this process plays when a test started it as a child,
// or "" in the test process itself.
func Role() string { return os.Getenv(roleVar) }

// Child is a running child process of the test binary.
type Child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	stderr strings.Builder
	done   chan struct{}
	err    error
}

// Start runs the test binary again as a child playing role, with env
// (NAME=value) added to the environment. The child is killed when the test
// ends, if it still runs.
func Start(t testing.TB, role string, env ...string) *Child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), roleVar+"="+role), env...)
	c := &Child{cmd: cmd, lines: make(chan string, 64), done: make(chan struct{})}
	cmd.Stderr = &syncWriter{b: &c.stderr}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting child %s: %v", role, err)
	}
	c.stdin = stdin
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
		c.err = cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-c.done
	})
	return c
}

// syncWriter guards a builder that the exec package writes from a goroutine.
type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// Line returns the child's next line of output, failing the test when the
// child ends first or says nothing for three minutes.
func (c *Child) Line(t testing.TB) string {
	t.Helper()
	select {
	case line, ok := <-c.lines:
		if !ok {
			<-c.done
			t.Fatalf("child ended without the expected output (%v); stderr:\n%s", c.err, c.Stderr())
		}
		return line
	case <-time.After(3 * time.Minute):
		t.Fatalf("child silent for three minutes; stderr:\n%s", c.Stderr())
	}
	return ""
}

// Result decodes the child's next line, its JSON result, into v.
func (c *Child) Result(t testing.TB, v any) {
	t.Helper()
	line := c.Line(t)
	if err := json.Unmarshal([]byte(line), v); err != nil {
		t.Fatalf("child's result %q: %v; stderr:\n%s", line, err, c.Stderr())
	}
}

// Send writes a line to the child's standard input.
func (c *Child) Send(t testing.TB, line string) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, line+"\n"); err != nil {
		t.Fatalf("writing to child: %v", err)
	}
}

// Kill ends the child at once (SIGKILL) and waits for it.
func (c *Child) Kill() {
	_ = c.cmd.Process.Kill()
	<-c.done
}

// Pause stops the child (SIGSTOP) until Resume.
func (c *Child) Pause() error { return c.cmd.Process.Signal(syscall.SIGSTOP) }

// Resume continues a paused child (SIGCONT).
func (c *Child) Resume() error { return c.cmd.Process.Signal(syscall.SIGCONT) }

// Stderr is what the child wrote to its standard error so far.
func (c *Child) Stderr() string {
	w := c.cmd.Stderr.(*syncWriter)
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// Emit writes v as the child's JSON result line.
func Emit(v any) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

// Proxy is a reverse proxy on loopback in front of a fake TradeStation. It
// counts the token requests by outcome and can hold them.
type Proxy struct {
	URL string
	srv *httptest.Server
	tr  *http.Transport

	mu      sync.Mutex
	ok      int
	refused int // 4xx answers of the token endpoint
	hold    chan struct{}
	held    chan struct{}
	dropped chan struct{}
}

// NewProxy starts a proxy for the server at target (a fake's URL).
func NewProxy(target string) *Proxy {
	u, err := url.Parse(target)
	if err != nil {
		panic(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	tr := &http.Transport{DialContext: (&net.Dialer{}).DialContext, MaxIdleConnsPerHost: 64}
	rp.Transport = tr
	rp.ErrorLog = log.New(io.Discard, "", 0) // clients cut short at the end of a run
	p := &Proxy{tr: tr}
	rp.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.URL.Path == "/oauth/token" {
			p.mu.Lock()
			if resp.StatusCode == http.StatusOK {
				p.ok++
			} else {
				p.refused++
			}
			p.mu.Unlock()
		}
		return nil
	}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			// Read the body first: only then does the server notice a client
			// that goes away.
			body, err := io.ReadAll(r.Body)
			if err != nil {
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			if !p.wait(r.Context()) {
				return // the client went away while held: nothing reaches the fake
			}
		}
		rp.ServeHTTP(w, r)
	}))
	p.URL = p.srv.URL
	return p
}

// wait blocks a token request while requests are held; false means that
// its client went away meanwhile.
func (p *Proxy) wait(ctx context.Context) bool {
	p.mu.Lock()
	hold, held, dropped := p.hold, p.held, p.dropped
	p.mu.Unlock()
	if hold == nil {
		return true
	}
	select {
	case held <- struct{}{}:
	default:
	}
	select {
	case <-hold:
		return ctx.Err() == nil
	case <-ctx.Done():
		select {
		case dropped <- struct{}{}:
		default:
		}
		return false
	}
}

// Hold makes token requests wait until Release. held receives when one
// arrives, dropped when a held one's client goes away (it never reaches
// the fake).
func (p *Proxy) Hold() (held, dropped <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hold, p.held, p.dropped = make(chan struct{}), make(chan struct{}, 1), make(chan struct{}, 1)
	return p.held, p.dropped
}

// Release lets held token requests through, and later ones at once.
func (p *Proxy) Release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.hold != nil {
		close(p.hold)
		p.hold = nil
	}
}

// TokenRequests counts the token requests that reached the fake: answered
// with a token, and refused.
func (p *Proxy) TokenRequests() (ok, refused int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ok, p.refused
}

// Close stops the proxy.
func (p *Proxy) Close() {
	p.Release()
	p.srv.Close()
	p.tr.CloseIdleConnections()
}

// Session builds a session on the fake behind url that loads its refresh
// token from store, as every process of a fleet does.
func Session(url string, store auth.TokenStore) (*auth.Session, error) {
	return auth.NewSession(tradestationtest.ClientID, tradestationtest.ClientSecret, "",
		auth.WithSignInURL(url), auth.WithAPIURL(url), auth.WithTokenStore(store), auth.WithHTTPClient(HTTPClient()))
}

// HTTPClient reaches the loopback proxy without an environment proxy.
func HTTPClient() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: (&net.Dialer{}).DialContext, MaxIdleConnsPerHost: 64}}
}

// Report is what Hammer did.
type Report struct {
	Calls  int      // API calls answered 200
	Failed int      // API calls that failed
	Errors []string // the first few failures
}

// Hammer calls GET url+path with sess's token from goroutines goroutines,
// each pausing about pause between calls, until ctx ends. A 401 makes a
// goroutine call ForceRefresh and try once more, as the SDK's client does.
func Hammer(ctx context.Context, sess *auth.Session, hc *http.Client, url string, goroutines int, pause time.Duration) Report {
	var mu sync.Mutex
	var rep Report
	record := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if err == nil {
			rep.Calls++
			return
		}
		rep.Failed++
		if len(rep.Errors) < 5 {
			rep.Errors = append(rep.Errors, err.Error())
		}
	}
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			delay := time.Duration(rand.Int64N(int64(pause) + 1))
			for {
				select {
				case <-ctx.Done():
					return
				case <-time.After(delay):
				}
				err := Call(ctx, sess, hc, url)
				if ctx.Err() != nil {
					return // cut short by the end of the run
				}
				record(err)
				delay = pause/2 + time.Duration(rand.Int64N(int64(pause)+1))
			}
		}()
	}
	wg.Wait()
	return rep
}

// StatusError is an API answer other than 200.
type StatusError struct {
	Path   string
	Status int
	Body   string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.Path, e.Status, e.Body)
}

// Call makes one API call (GET url with sess's token), once more after a
// 401.
func Call(ctx context.Context, sess *auth.Session, hc *http.Client, url string) error {
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if err := sess.RequestEditor()(ctx, req); err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusOK:
			return nil
		case resp.StatusCode == http.StatusUnauthorized && attempt == 0:
			rejected := strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")
			if err := sess.ForceRefresh(ctx, rejected); err != nil {
				return err
			}
		default:
			return &StatusError{Path: req.URL.Path, Status: resp.StatusCode, Body: strings.TrimSpace(string(body))}
		}
	}
}

// Login is the token a user's sign-in leaves in a store: a fresh refresh
// token of the fake, and no access token yet.
func Login(srv *tradestationtest.Server) *oauth2.Token {
	return &oauth2.Token{RefreshToken: srv.RefreshToken()}
}

// Rotations is how many rotations a fleet test waits for, and MaxRun how
// long it waits for them at most.
const (
	Rotations = 4
	MaxRun    = time.Minute
)

// UntilStopped is a context for a child's run that ends when the parent
// says stop (a line, or the end of standard input) or after MaxRun.
func UntilStopped() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), MaxRun)
	go func() {
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
		cancel()
	}()
	return ctx, cancel
}

// CheckFleet lets children hammer through proxy, with access tokens that
// live lifetime, until the fleet has seen Rotations rotations; then stops
// them, collects their Reports and fails the test unless every call
// succeeded and every token request brought a new token (one request per
// rotation), with no more rotations than one fleet-wide refresh per half
// lifetime makes.
func CheckFleet(t testing.TB, children []*Child, proxy *Proxy, lifetime time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		if ok, refused := proxy.TokenRequests(); ok+refused >= Rotations || time.Since(start) > MaxRun {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, c := range children {
		c.Send(t, "stop")
	}
	var total Report
	for i, c := range children {
		var rep Report
		c.Result(t, &rep)
		t.Logf("process %d: %d calls, %d failed %q", i, rep.Calls, rep.Failed, rep.Errors)
		total.Calls += rep.Calls
		total.Failed += rep.Failed
		if rep.Calls == 0 {
			t.Errorf("process %d made no call", i)
		}
	}
	run := time.Since(start)
	rotations, refused := proxy.TokenRequests()
	requests := rotations + refused
	t.Logf("fleet of %d processes in %v: %d calls, %d failed; %d token requests for %d rotations", len(children), run.Round(time.Millisecond), total.Calls, total.Failed, requests, rotations)
	if total.Failed != 0 {
		t.Errorf("%d calls failed", total.Failed)
	}
	if refused != 0 {
		t.Errorf("%d token requests were refused: %d requests for %d rotations, want one each", refused, requests, rotations)
	}
	if most := int(run/(lifetime/2)) + 2; rotations < Rotations || rotations > most {
		t.Errorf("%d rotations in %v with %v tokens; want between %d and %d (one refresh for the fleet each half lifetime)", rotations, run, lifetime, Rotations, most)
	}
}
