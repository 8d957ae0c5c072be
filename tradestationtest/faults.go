package tradestationtest

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// StreamFault is a way for a stream to go wrong; see Server.BreakStreams.
type StreamFault int

const (
	// GoAway sends {"StreamStatus":"GoAway"} and ends the stream cleanly,
	// as TradeStation does before it restarts a server.
	GoAway StreamFault = iota + 1
	// Stall stops sending anything, heartbeats included, and keeps the
	// connection open until the client gives up or the server closes.
	Stall
	// Drop closes the connection in the middle of the body, without the
	// end of the chunked encoding: the client reads an unexpected EOF.
	Drop
)

func (f StreamFault) String() string {
	switch f {
	case GoAway:
		return "GoAway"
	case Stall:
		return "Stall"
	case Drop:
		return "Drop"
	}
	return "StreamFault(" + strconv.Itoa(int(f)) + ")"
}

// faults holds the trouble a test asked for, and the stream timing. It
// has its own lock: faults can change while requests run.
type faults struct {
	mu        sync.Mutex
	heartbeat time.Duration
	latency   time.Duration
	requests  []*requestFault
	streams   []*streamFault
	rate      rateLimit
}

type requestMode int

const (
	failBefore requestMode = iota // answer the status without handling the request
	failAfter                     // handle it, then answer the status instead
	dropBody                      // handle it, send half the answer, cut the connection
)

type requestFault struct {
	method, path string
	subtree      bool
	mode         requestMode
	status       int
	remaining    uses
}

type streamFault struct {
	kind      StreamFault
	after     int // messages sent before the fault; anyCount: whatever
	remaining uses
}

// anyCount makes a stream fault strike at the next message of a stream
// that has sent one already, however many (BreakOpenStreams).
const anyCount = -1

// uses counts how many more times a fault applies; a negative count
// never runs out.
type uses int

// usesOf is times uses, or for times <= 0 uses until ClearFaults.
func usesOf(times int) uses {
	if times <= 0 {
		return -1
	}
	return uses(times)
}

// take uses the fault once, if it has a use left.
func (u *uses) take() bool {
	if *u == 0 {
		return false
	}
	if *u > 0 {
		*u--
	}
	return true
}

func newFaults(heartbeat time.Duration) *faults { return &faults{heartbeat: heartbeat} }

// parsePattern reads "[METHOD ]/path"; a path ending in / matches its
// subtree, "" or "/" matches every path.
func parsePattern(pattern string) (method, path string, subtree bool, err error) {
	pattern = strings.TrimSpace(pattern)
	if m, p, ok := strings.Cut(pattern, " "); ok {
		method, pattern = m, strings.TrimSpace(p)
		if method != strings.ToUpper(method) {
			return "", "", false, fmt.Errorf("tradestationtest: method %q in pattern must be upper case", method)
		}
	}
	if pattern == "" {
		pattern = "/"
	}
	if !strings.HasPrefix(pattern, "/") {
		return "", "", false, fmt.Errorf("tradestationtest: pattern path %q must start with /", pattern)
	}
	return method, pattern, strings.HasSuffix(pattern, "/"), nil
}

func (rf *requestFault) matches(r *http.Request) bool {
	if rf.method != "" && rf.method != r.Method {
		return false
	}
	if rf.subtree {
		return strings.HasPrefix(r.URL.Path, rf.path)
	}
	return r.URL.Path == rf.path
}

func (f *faults) addRequest(pattern string, mode requestMode, status, times int) error {
	method, path, subtree, err := parsePattern(pattern)
	if err != nil {
		return err
	}
	if mode != dropBody && (status < 400 || status > 599) {
		return fmt.Errorf("tradestationtest: fault status %d is not an error status (400-599)", status)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, &requestFault{method: method, path: path, subtree: subtree, mode: mode, status: status, remaining: usesOf(times)})
	return nil
}

// claimRequest returns the first fault that applies to r, using up one of
// its times.
func (f *faults) claimRequest(r *http.Request) (requestFault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, rf := range f.requests {
		if rf.matches(r) && rf.remaining.take() {
			return *rf, true
		}
	}
	return requestFault{}, false
}

// claimStream returns the fault a stream that has sent sent messages must
// suffer now, if any.
func (f *faults) claimStream(sent int) (StreamFault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, sf := range f.streams {
		if (sf.after == sent || sf.after == anyCount && sent > 0) && sf.remaining.take() {
			return sf.kind, true
		}
	}
	return 0, false
}

func (f *faults) heartbeatInterval() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.heartbeat
}

// wrap applies latency and request faults to every request of the server.
func (f *faults) wrap(next http.Handler, closing <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		delay := f.latency
		f.mu.Unlock()
		if delay > 0 && !sleep(r, closing, delay) {
			return
		}
		rf, ok := f.claimRequest(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		switch rf.mode {
		case failBefore:
			writeFault(w, r, rf.status)
		case failAfter:
			next.ServeHTTP(newBufferedWriter(), r)
			writeFault(w, r, rf.status)
		case dropBody:
			buf := newBufferedWriter()
			next.ServeHTTP(buf, r)
			dropHalfway(w, buf)
		}
	})
}

// sleep waits d unless the request or the server ends first.
func sleep(r *http.Request, closing <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-closing:
	}
	return false
}

// writeFault answers the status of an injected failure.
func writeFault(w http.ResponseWriter, r *http.Request, status int) {
	writeFailure(w, r, status, fmt.Sprintf("tradestationtest: injected failure (%d %s).", status, http.StatusText(status)))
}

// aborter is a response writer that can cut its body short (the httpmock
// bridge); without it the connection is hijacked and closed.
type aborter interface{ abort() }

// dropHalfway sends the status, headers and half the body of an answer,
// then cuts the connection.
func dropHalfway(w http.ResponseWriter, buf *bufferedWriter) {
	body := buf.body.Bytes()
	for k, v := range buf.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(buf.statusOr200())
	_, _ = w.Write(body[:len(body)/2])
	cutConnection(w)
}

// cutConnection ends the response abruptly, as a network failure would.
func cutConnection(w http.ResponseWriter) {
	if a, ok := w.(aborter); ok {
		a.abort()
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	if conn, _, err := rc.Hijack(); err == nil {
		_ = conn.Close()
	}
}

// bufferedWriter keeps an answer in memory.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedWriter() *bufferedWriter { return &bufferedWriter{header: http.Header{}} }

func (b *bufferedWriter) Header() http.Header { return b.header }
func (b *bufferedWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}
func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}
func (b *bufferedWriter) statusOr200() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}

// FailRequests makes the next times requests that match pattern answer
// status (400-599) without being handled; times <= 0 means every matching
// request until ClearFaults. pattern is "[METHOD ]/path", like a ServeMux
// pattern: "POST /v3/orderexecution/orders" matches that path only,
// "/v3/marketdata/" every path below it, "" every request (the sign-in
// endpoints included). API paths answer in TradeStation's error shape.
func (s *Server) FailRequests(pattern string, status, times int) error {
	return s.faults.addRequest(pattern, failBefore, status, times)
}

// FailResponses is FailRequests for a server that acts and then loses the
// answer, like a gateway timing out: the request is carried out (an order
// is placed) and the client gets status instead of the result. It is meant
// for REST calls; a matching stream would never answer.
func (s *Server) FailResponses(pattern string, status, times int) error {
	return s.faults.addRequest(pattern, failAfter, status, times)
}

// DropResponses carries out the next times matching requests (times <= 0:
// every one until ClearFaults), sends the status line, the headers and half
// the body, then closes the connection.
// It is meant for REST calls; BreakStreams drops streams.
func (s *Server) DropResponses(pattern string, times int) error {
	return s.faults.addRequest(pattern, dropBody, 0, times)
}

// SetLatency delays every request by d before it is handled (0: none).
func (s *Server) SetLatency(d time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.latency = max(d, 0)
}

// BreakStreams makes the next streams streams (<= 0: every stream until
// ClearFaults) that reach after messages (data, status and heartbeat lines
// all count) suffer f. Streams already open are affected too.
func (s *Server) BreakStreams(f StreamFault, after, streams int) error {
	if f < GoAway || f > Drop {
		return fmt.Errorf("tradestationtest: unknown stream fault %v", f)
	}
	if after < 0 {
		return fmt.Errorf("tradestationtest: BreakStreams after %d messages: the count cannot be negative", after)
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.streams = append(s.faults.streams, &streamFault{kind: f, after: after, remaining: usesOf(streams)})
	return nil
}

// BreakOpenStreams makes the next streams streams (<= 0: every stream
// until ClearFaults) to send a message (data, status or heartbeat) after
// their first suffer f, however many they have sent: unlike BreakStreams,
// it reaches streams that have long been open. A stream's first message
// always goes out, so that a fault spread over many streams does not fall
// again and again on the ones that have just reconnected.
func (s *Server) BreakOpenStreams(f StreamFault, streams int) error {
	if f < GoAway || f > Drop {
		return fmt.Errorf("tradestationtest: unknown stream fault %v", f)
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.streams = append(s.faults.streams, &streamFault{kind: f, after: anyCount, remaining: usesOf(streams)})
	return nil
}

// ClearFaults removes every request fault, stream fault, order message
// fault, latency and rate limit. Token settings stay as they are.
func (s *Server) ClearFaults() {
	s.orders.clear()
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.requests, s.faults.streams, s.faults.latency, s.faults.rate = nil, nil, 0, rateLimit{}
}

// SetHeartbeat changes the heartbeat interval of streams (new and open);
// a non-positive d is ignored.
func (s *Server) SetHeartbeat(d time.Duration) {
	if d <= 0 {
		return
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.heartbeat = d
}

// ExpireAccessTokens makes every access token issued so far expired: the
// API answers 401 until the client refreshes.
func (s *Server) ExpireAccessTokens() { s.tokens.expireAllAccess() }

// RevokeRefreshTokens retires every refresh token: refreshing answers 403
// invalid_grant, which auth reports as auth.ErrLoginRequired.
func (s *Server) RevokeRefreshTokens() { s.tokens.revokeAllRefresh() }
