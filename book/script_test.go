package book

import (
	"context"
	"errors"
	"iter"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// script is a source that a test drives: it sends stream messages one at a
// time (each send returns once the book has taken it), breaks and reopens
// streams, and answers REST listings with the truth it is given.
type script struct {
	t *testing.T

	mu       sync.Mutex
	truth    []v3.Order // what a listing answers, in order
	holdings v3.Positions
	orderErr error         // a listing's failure
	posErr   error         // a position listing's failure
	gate     chan struct{} // when set, a listing waits for it to close
	listings int
	opened   map[string]int // streams opened, by kind

	orderMsgs    chan msg
	positionMsgs chan msg
}

// msg is one thing a scripted stream does.
type msg struct {
	order       *v3.Order
	position    *v3.Position
	endSnapshot bool
	reconnect   bool
	err         error
	end         bool          // the stream ends by itself
	done        chan struct{} // closed once everything sent before is taken
}

func newScript(t *testing.T) *script {
	return &script{t: t, opened: map[string]int{}, orderMsgs: make(chan msg), positionMsgs: make(chan msg)}
}

func (s *script) orders(ctx context.Context) (*v3.Orders, error) {
	s.mu.Lock()
	gate := s.gate
	s.listings++
	s.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.orderErr != nil {
		return nil, s.orderErr
	}
	return &v3.Orders{Orders: slices.Clone(s.truth)}, nil
}

func (s *script) positions(context.Context) (*v3.Positions, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.posErr != nil {
		return nil, s.posErr
	}
	return &v3.Positions{Positions: slices.Clone(s.holdings.Positions), Errors: slices.Clone(s.holdings.Errors)}, nil
}

func (s *script) orderStream(ctx context.Context, h hooks) iter.Seq2[v3.Order, error] {
	return scripted(ctx, s, "orders", s.orderMsgs, h, func(m msg) (v3.Order, bool) {
		if m.order == nil {
			return v3.Order{}, false
		}
		return *m.order, true
	})
}

func (s *script) positionStream(ctx context.Context, h hooks) iter.Seq2[v3.Position, error] {
	return scripted(ctx, s, "positions", s.positionMsgs, h, func(m msg) (v3.Position, bool) {
		if m.position == nil {
			return v3.Position{}, false
		}
		return *m.position, true
	})
}

func scripted[T any](ctx context.Context, s *script, kind string, in chan msg, h hooks, data func(msg) (T, bool)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		s.mu.Lock()
		s.opened[kind]++
		s.mu.Unlock()
		var zero T
		for {
			var m msg
			select {
			case m = <-in:
			case <-ctx.Done():
				return
			}
			if v, ok := data(m); ok {
				if !yield(v, nil) {
					return
				}
				continue
			}
			switch {
			case m.done != nil:
				close(m.done)
			case m.reconnect:
				h.reconnect(errors.New("scripted reconnect"))
			case m.endSnapshot:
				h.endSnapshot()
			case m.err != nil:
				if !yield(zero, m.err) {
					return
				}
			}
			if m.end {
				return
			}
		}
	}
}

// send hands m to a stream, failing the test if no stream takes it.
func (s *script) send(in chan msg, m msg) {
	s.t.Helper()
	select {
	case in <- m:
	case <-time.After(10 * time.Second):
		s.t.Fatal("no stream took the message")
	}
}

// order sends orders on the order stream; each returns once taken.
func (s *script) order(os ...v3.Order) {
	s.t.Helper()
	for _, o := range os {
		s.send(s.orderMsgs, msg{order: &o})
	}
	s.flushOrders()
}

func (s *script) endOrderSnapshot() {
	s.t.Helper()
	s.send(s.orderMsgs, msg{endSnapshot: true})
	s.flushOrders()
}
func (s *script) reconnectOrders() { s.t.Helper(); s.send(s.orderMsgs, msg{reconnect: true}) }
func (s *script) endOrderStream(err error) {
	s.t.Helper()
	s.send(s.orderMsgs, msg{err: err, end: true})
}

// flushOrders returns once the order stream has processed everything sent.
func (s *script) flushOrders() { s.t.Helper(); s.flush(s.orderMsgs) }

func (s *script) flush(in chan msg) {
	s.t.Helper()
	done := make(chan struct{})
	s.send(in, msg{done: done})
	<-done
}

func (s *script) position(ps ...v3.Position) {
	s.t.Helper()
	for _, p := range ps {
		s.send(s.positionMsgs, msg{position: &p})
	}
	s.flush(s.positionMsgs)
}

func (s *script) endPositionSnapshot() {
	s.t.Helper()
	s.send(s.positionMsgs, msg{endSnapshot: true})
	s.flush(s.positionMsgs)
}

func (s *script) reconnectPositions() { s.t.Helper(); s.send(s.positionMsgs, msg{reconnect: true}) }

// setTruth sets what listings answer from now on.
func (s *script) setTruth(os ...v3.Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.truth = os
}

func (s *script) setPositions(ps v3.Positions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdings = ps
}

func (s *script) streamsOpened(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened[kind]
}

// testConfig is a config for tests: no timed reconcile, quick restarts.
func testConfig(t *testing.T, opts ...Option) config {
	t.Helper()
	cfg, err := newConfig(append([]Option{WithReconcileEvery(time.Hour)}, opts...))
	if err != nil {
		t.Fatal(err)
	}
	cfg.restartMin, cfg.restartMax = time.Millisecond, 5*time.Millisecond
	return cfg
}

// openScripted opens a book on s and closes it when the test ends.
func openScripted(t *testing.T, s *script, cfg config) *Book {
	t.Helper()
	b, err := open(context.Background(), s, []string{acct}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// reader takes a book's events on the test's goroutine.
type reader struct {
	t    *testing.T
	b    *Book
	next func() (Event, error, bool)
	stop func()
}

func newReader(t *testing.T, b *Book) *reader {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	next, stop := iter.Pull2(b.Events(ctx))
	r := &reader{t: t, b: b, next: next, stop: func() { stop(); cancel() }}
	t.Cleanup(r.stop)
	return r
}

// drain takes every event already queued, without waiting. Errors fail
// the test unless allowErrors.
func (r *reader) drain() []Event {
	r.t.Helper()
	var evs []Event
	for !r.b.queue.empty() {
		ev, err, ok := r.next()
		if !ok {
			break
		}
		if err != nil {
			r.t.Fatalf("unexpected error event: %v", err)
		}
		evs = append(evs, ev)
	}
	return evs
}

// take waits for n events (the reader's deadline fails the test).
func (r *reader) take(n int) []Event {
	r.t.Helper()
	var evs []Event
	for len(evs) < n {
		ev, err, ok := r.next()
		if !ok {
			r.t.Fatalf("events ended after %d of %d", len(evs), n)
		}
		if err != nil {
			r.t.Fatalf("after %d events: error %v", len(evs), err)
		}
		evs = append(evs, ev)
	}
	return evs
}

// takeError waits for the next item and wants it to be an error.
func (r *reader) takeError() error {
	r.t.Helper()
	ev, err, ok := r.next()
	if !ok || err == nil {
		r.t.Fatalf("want an error, got %v %s %v", ok, brief([]Event{ev}), err)
	}
	return err
}

func (s *script) endPositionStream(err error) {
	s.t.Helper()
	s.send(s.positionMsgs, msg{err: err, end: true})
}
