package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// harness runs the command in-process against a fake TradeStation and
// records every API request the command sends.
type harness struct {
	t        *testing.T
	srv      *tradestationtest.Server
	live     bool           // hand out a session that is not for the simulator
	terminal bool           // pretend stdout is a terminal
	loc      *time.Location // the local time zone; UTC unless set
	env      []string       // KEY=VALUE pairs the command sees
	// fakeAllowed lets the command "start" the built-in fake: it gets the
	// test's server, and sessions built from credentials reach it too.
	fakeAllowed bool
	// loseAnswers, when set, lets requests to paths ending so reach the
	// fake and then fails them as if the connection dropped.
	loseAnswers string

	mu       sync.Mutex
	requests []recorded
	connects int
}

type recorded struct {
	method, path string
	body         []byte
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	srv := newFakeServer(t)
	return &harness{t: t, srv: srv}
}

// recorder is an http.RoundTripper that notes each request before sending it.
type recorder struct {
	h    *harness
	next http.RoundTripper
}

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		// The client gives no GetBody (so that net/http never resends an
		// order): read the body and pass on a copy.
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.h.mu.Lock()
	r.h.requests = append(r.h.requests, recorded{req.Method, req.URL.Path, body})
	lose := r.h.loseAnswers != "" && strings.HasSuffix(req.URL.Path, r.h.loseAnswers)
	r.h.mu.Unlock()
	resp, err := r.next.RoundTrip(req)
	if err == nil && lose {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

func (h *harness) connect(*globals) (*conn, error) {
	h.mu.Lock()
	h.connects++
	h.mu.Unlock()
	var opts []auth.Option
	if !h.live {
		opts = append(opts, auth.Sim())
	}
	hc := &http.Client{Transport: recorder{h: h, next: http.DefaultTransport}}
	return &conn{
		sess:       h.srv.Session(opts...),
		clientOpts: []option.RequestOption{option.WithHTTPClient(hc), option.WithBackoff(time.Millisecond, 10*time.Millisecond)},
		close:      func() {},
	}, nil
}

// sent lists "METHOD path" of every API request so far.
func (h *harness) sent() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.requests {
		out = append(out, r.method+" "+r.path)
	}
	return out
}

func (h *harness) sentTo(method, suffix string) []recorded {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []recorded
	for _, r := range h.requests {
		if r.method == method && strings.HasSuffix(r.path, suffix) {
			out = append(out, r)
		}
	}
	return out
}

type result struct {
	stdout, stderr string
	code           int
}

func (h *harness) run(args ...string) result {
	return h.runCtx(context.Background(), "", nil, nil, args...)
}

func (h *harness) runInput(stdin string, args ...string) result {
	return h.runCtx(context.Background(), stdin, nil, nil, args...)
}

// runCtx runs the command with ctx and stdin; out and errOut, when set, also
// receive stdout and stderr as they are written.
func (h *harness) runCtx(ctx context.Context, stdin string, out, errOut io.Writer, args ...string) result {
	h.t.Helper()
	var stdout, stderr bytes.Buffer
	var w, ew io.Writer = &stdout, &stderr
	if out != nil {
		w = io.MultiWriter(&stdout, out)
	}
	if errOut != nil {
		ew = io.MultiWriter(&stderr, errOut)
	}
	a := newApp(strings.NewReader(stdin), &syncWriter{w: w}, &syncWriter{w: ew}, h.getenv)
	a.connect = h.connect
	a.loc = time.UTC
	if h.loc != nil {
		a.loc = h.loc
	}
	a.terminal = h.terminal
	a.startFake = func() (fake, error) {
		if !h.fakeAllowed {
			h.t.Error("the command started its own fake instead of using the test's session")
			return fake{}, os.ErrInvalid
		}
		f := fakeOn(h.srv)
		f.close = func() {} // the test's server outlives the command
		return f, nil
	}
	if h.fakeAllowed {
		a.authOptions = []auth.Option{auth.WithSignInURL(h.srv.URL()), auth.WithAPIURL(h.srv.URL()), auth.WithHTTPClient(h.srv.HTTPClient())}
	}
	code := a.main(ctx, args)
	return result{stdout.String(), stderr.String(), code}
}

func (h *harness) getenv(key string) string {
	for _, kv := range h.env {
		if k, v, _ := strings.Cut(kv, "="); k == key {
			return v
		}
	}
	return ""
}

// syncWriter lets a stream's callbacks and the test read the same buffer.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// isOneLine checks that s is exactly one line starting with "tradestation: ".
func isOneLine(t *testing.T, s string) {
	t.Helper()
	if !strings.HasPrefix(s, "tradestation: ") || strings.Count(s, "\n") != 1 || !strings.HasSuffix(s, "\n") {
		t.Errorf("stderr is not one \"tradestation: ...\" line: %q", s)
	}
}
