package tradestationtest

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"sync"

	"github.com/jarcoal/httpmock"
)

var mockMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}

// RegisterResponders answers, on mt, every request to TradeStation's own
// hosts (api.tradestation.com, sim-api.tradestation.com and
// signin.tradestation.com) from a fake server that runs in the process
// without a listener: unit tests get the same accounts, quotes, orders and
// even streams as NewServer, and no socket is opened. The returned server
// has no URL; its HTTPClient goes through mt, and its Session talks to
// the simulator host and the sign-in host through mt. Close removes the
// responders. Like NewServer, it panics when it cannot read WithStateFile's
// file.
func RegisterResponders(mt *httpmock.MockTransport, opts ...Option) *Server {
	s, err := newServer(newConfig(opts))
	if err != nil {
		panic(err.Error())
	}
	s.mock = mt
	s.hc = &http.Client{Transport: mt}
	responder := s.respond
	for _, method := range mockMethods {
		mt.RegisterRegexpResponder(method, mockHosts, responder)
	}
	s.startClock()
	s.startSaver()
	return s
}

// unregisterResponders removes the responders, the last registered first:
// httpmock v1.4.2 removes a regexp responder correctly only when it is the
// last one in its list.
func unregisterResponders(mt *httpmock.MockTransport) {
	for i := len(mockMethods) - 1; i >= 0; i-- {
		mt.RegisterRegexpResponder(mockMethods[i], mockHosts, nil)
	}
}

// respond runs the server's handler on req in a goroutine and returns as
// soon as the status line is written; the body streams through a pipe, so
// streams work too. Closing the body cancels the handler's request.
func (s *Server) respond(req *http.Request) (*http.Response, error) {
	if !s.enter() {
		return httpmock.ConnectionFailure(req)
	}
	ctx, cancel := context.WithCancel(req.Context())
	sreq := req.Clone(ctx)
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:1"
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	pw := newPipeWriter()
	s.pipes.add(pw)
	select {
	case <-s.closing: // Close began after enter; its abortAll may have missed pw
		pw.abort()
	default:
	}
	go func() {
		defer s.wg.Done()
		defer s.pipes.remove(pw)
		defer pw.finish()
		s.handler.ServeHTTP(pw, sreq)
	}()
	<-pw.ready
	resp := &http.Response{
		Status: strconv.Itoa(pw.status) + " " + http.StatusText(pw.status), StatusCode: pw.status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: pw.sent, Body: &pipeBody{PipeReader: pw.pr, cancel: cancel}, ContentLength: -1, Request: req,
	}
	if n, err := strconv.ParseInt(pw.sent.Get("Content-Length"), 10, 64); err == nil {
		resp.ContentLength = n
	}
	return resp, nil
}

// pipeWriter is an http.ResponseWriter whose body is read through a pipe.
type pipeWriter struct {
	header http.Header
	sent   http.Header // the headers at WriteHeader
	status int
	pr     *io.PipeReader
	pw     *io.PipeWriter
	ready  chan struct{}
	once   sync.Once
}

func newPipeWriter() *pipeWriter {
	pr, pw := io.Pipe()
	return &pipeWriter{header: http.Header{}, pr: pr, pw: pw, ready: make(chan struct{})}
}

func (p *pipeWriter) Header() http.Header { return p.header }

func (p *pipeWriter) WriteHeader(status int) {
	p.once.Do(func() {
		p.status, p.sent = status, p.header.Clone()
		close(p.ready)
	})
}

func (p *pipeWriter) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return p.pw.Write(b)
}

// Flush is a no-op: every Write reaches the reader at once.
func (p *pipeWriter) Flush() {}

func (p *pipeWriter) finish() {
	p.WriteHeader(http.StatusOK)
	_ = p.pw.Close()
}

// abort cuts the body short, as a dropped connection would.
func (p *pipeWriter) abort() { _ = p.pw.CloseWithError(io.ErrUnexpectedEOF) }

// pipeBody is the response body; closing it ends the handler's request.
type pipeBody struct {
	*io.PipeReader
	cancel context.CancelFunc
}

func (b *pipeBody) Close() error {
	b.cancel()
	return b.PipeReader.CloseWithError(io.ErrClosedPipe)
}

// pipeSet tracks the bodies in flight, so that Close can cut the ones a
// client never reads to the end.
type pipeSet struct {
	mu    sync.Mutex
	pipes map[*pipeWriter]struct{}
}

func (ps *pipeSet) add(p *pipeWriter) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.pipes == nil {
		ps.pipes = map[*pipeWriter]struct{}{}
	}
	ps.pipes[p] = struct{}{}
}

func (ps *pipeSet) remove(p *pipeWriter) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	delete(ps.pipes, p)
}

func (ps *pipeSet) abortAll() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for p := range ps.pipes {
		p.abort()
	}
}

// The hosts a session reaches when the server has no URL of its own.
const (
	simAPIHost = "https://sim-api.tradestation.com"
	signInHost = "https://signin.tradestation.com"
)

// mockHosts are the hosts whose requests RegisterResponders answers.
var mockHosts = regexp.MustCompile(`^https://(api|sim-api|signin)\.tradestation\.com/`)
