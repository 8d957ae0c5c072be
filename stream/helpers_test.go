package stream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
)

// item is the data type of the engine tests. Its Error field is there to
// prove that a data type's own Error never makes data of an error.
type item struct {
	ID     int
	Name   string `json:",omitempty"`
	Error  string `json:",omitempty"`
	Nested *struct {
		Error string
	} `json:",omitempty"`
}

func line(id int) string { return fmt.Sprintf(`{"ID":%d,"Name":"n%d"}`+"\n", id, id) }

// fast makes reconnections quick in tests: a short backoff, and a floor
// between attempts of 1 ms instead of MinReconnectInterval (callers
// cannot lower it). The watchdog stays far above any test's pauses unless
// a test sets it.
var fast = []Option{WithBackoff(time.Millisecond, 5*time.Millisecond), WithIdleTimeout(5 * time.Second), withFloor(time.Millisecond)}

// withFloor sets the least time between connection attempts.
func withFloor(d time.Duration) Option { return func(c *config) { c.floor = d } }

// script is what the test server does for one connection.
type script func(w http.ResponseWriter, r *http.Request)

// server answers its n-th request with scripts[n], repeating the last one.
type server struct {
	*httptest.Server
	requests atomic.Int32
	client   *http.Client

	mu       sync.Mutex
	arrivals []time.Time // when each request arrived
}

func newServer(t *testing.T, scripts ...script) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.arrivals = append(s.arrivals, time.Now())
		s.mu.Unlock()
		n := int(s.requests.Add(1)) - 1
		scripts[min(n, len(scripts)-1)](w, r)
	}))
	tr := &http.Transport{}
	s.client = &http.Client{Transport: tr}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		s.Close()
	})
	return s
}

// busiestSecond is the most requests that arrived within one second.
func (s *server) busiestSecond() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return mostWithin(s.arrivals, time.Second)
}

// mostWithin is the most of the sorted times that fall within one window
// [t, t+d).
func mostWithin(times []time.Time, d time.Duration) int {
	most, first := 0, 0
	for i, t := range times {
		for t.Sub(times[first]) >= d {
			first++
		}
		most = max(most, i-first+1)
	}
	return most
}

// connect is what a typed wrapper supplies: a GET whose non-2xx answer
// becomes a *client.APIError, as the project's client does.
func (s *server) connect(ctx context.Context) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/stream", nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
	var shape struct{ Error, Message string }
	_ = json.Unmarshal(body, &shape)
	return nil, &client.APIError{StatusCode: resp.StatusCode, Code: shape.Error, Message: shape.Message, RateLimit: client.RateLimitOf(resp)}
}

// send writes each chunk and flushes it, so that every chunk travels as
// its own HTTP chunk.
func send(w http.ResponseWriter, chunks ...string) {
	f := w.(http.Flusher)
	for _, c := range chunks {
		io.WriteString(w, c)
		f.Flush()
	}
}

// Scripts.

// thenEOF sends the chunks and ends the response.
func thenEOF(chunks ...string) script {
	return func(w http.ResponseWriter, r *http.Request) { send(w, chunks...) }
}

// thenHold sends the chunks and keeps the response open until the client
// goes away.
func thenHold(chunks ...string) script {
	return func(w http.ResponseWriter, r *http.Request) {
		send(w, chunks...)
		<-r.Context().Done()
	}
}

// thenReset sends the chunks and drops the TCP connection with a reset.
func thenReset(chunks ...string) script {
	return func(w http.ResponseWriter, r *http.Request) {
		send(w, chunks...)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		if tcp, ok := conn.(*net.TCPConn); ok {
			tcp.SetLinger(0)
		}
		conn.Close()
	}
}

// status answers with code and a TradeStation error body.
func status(code int, headers ...string) script {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"Error":%q,"Message":"test"}`, strings.ReplaceAll(http.StatusText(code), " ", ""))
	}
}

// recorder writes down what the caller of a stream sees, in order.
type recorder struct {
	events     []string
	errs       []error
	causes     []error // OnReconnect causes
	retries    []time.Duration
	heartbeats []Heartbeat
}

func (r *recorder) add(e string) {
	r.events = append(r.events, e)
}

func (r *recorder) options() []Option {
	return []Option{
		OnHeartbeat(func(h Heartbeat) { r.heartbeats = append(r.heartbeats, h); r.add(fmt.Sprintf("heartbeat %d", h.Count)) }),
		OnEndSnapshot(func() { r.add("end-snapshot") }),
		OnReconnect(func(cause error) { r.causes = append(r.causes, cause); r.add("reconnect") }),
		OnRetry(func(attempt int, wait time.Duration, cause error) { r.retries = append(r.retries, wait) }),
	}
}

// drain ranges over seq until it ends, or breaks after stopAfter items
// (0: never). It records items as "item N" and errors as "error".
func (r *recorder) drain(seq iter.Seq2[item, error], stopAfter int) {
	n := 0
	for v, err := range seq {
		if err != nil {
			r.errs = append(r.errs, err)
			r.add("error")
			continue
		}
		r.add(fmt.Sprintf("item %d", v.ID))
		if n++; stopAfter > 0 && n == stopAfter {
			break
		}
	}
}

// stream runs the engine against s with the recorder's callbacks, fast
// backoff and opts, and returns what the caller saw. The context bounds
// a test that would otherwise hang.
func (s *server) stream(t *testing.T, f framing, stopAfter int, opts ...Option) *recorder {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rec := &recorder{}
	all := append(append(append([]Option{}, fast...), rec.options()...), opts...)
	rec.drain(run[item](ctx, s.connect, f, all), stopAfter)
	if ctx.Err() != nil {
		t.Fatalf("stream did not finish; saw %q", rec.events)
	}
	return rec
}

func wantEvents(t *testing.T, rec *recorder, want ...string) {
	t.Helper()
	if strings.Join(rec.events, ", ") != strings.Join(want, ", ") {
		t.Fatalf("caller saw\n  %q\nwant\n  %q\nerrors: %v", rec.events, want, rec.errs)
	}
}

func wantRequests(t *testing.T, s *server, want int) {
	t.Helper()
	if got := int(s.requests.Load()); got != want {
		t.Errorf("server got %d requests, want %d", got, want)
	}
}

// streamError returns the only error the caller saw as an *Error.
func onlyStreamError(t *testing.T, rec *recorder) *Error {
	t.Helper()
	if len(rec.errs) != 1 {
		t.Fatalf("caller saw %d errors (%v), want 1", len(rec.errs), rec.errs)
	}
	var e *Error
	if !errors.As(rec.errs[0], &e) {
		t.Fatalf("error %v (%T) is not a *stream.Error", rec.errs[0], rec.errs[0])
	}
	return e
}

// waitGoroutines waits, polling for at most a few seconds, until no more
// goroutines run than before; it fails with their stacks otherwise.
func waitGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			var buf bytes.Buffer
			pprof.Lookup("goroutine").WriteTo(&buf, 1)
			t.Fatalf("%d goroutines outlive the stream (before: %d):\n%s", runtime.NumGoroutine(), before, buf.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}
