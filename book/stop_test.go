package book

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/stream"
)

// stopped waits until the book has stopped by itself: its goroutines have
// ended without Close, and the cause is an error matching ErrStopped.
func stopped(t *testing.T, b *Book) error {
	t.Helper()
	ended := make(chan struct{})
	go func() { b.wg.Wait(); close(ended) }()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the book's goroutines still run 10s after a final error")
	}
	why := context.Cause(b.ctx)
	if !errors.Is(why, ErrStopped) {
		t.Fatalf("the book ended because of %v, want an error matching ErrStopped", why)
	}
	return why
}

func TestBookStopsOnAStreamErrorThatMoreAttemptsCannotMend(t *testing.T) {
	dualLogon := &stream.Error{Code: "DualLogon", Message: "another session signed in", Verdict: stream.Fatal}
	allFailed := fmt.Errorf("stream: every account failed: %w", stream.ErrAllSubjectsFailed)
	budget := fmt.Errorf("%w (20 reconnections within 1m0s allowed): %w", stream.ErrReconnectBudget,
		&stream.Error{Code: "GoAway", Verdict: stream.Transient})
	unauthorized := &client.APIError{StatusCode: 401, Code: "Unauthorized"}
	revoked := fmt.Errorf("client: refreshing the token: %w", auth.ErrLoginRequired)
	tests := []struct {
		name      string
		positions bool // the position stream ends, not the order stream
		err       error
		want      string
	}{
		{"DualLogon", false, dualLogon, "book: stopped: order stream: stream: DualLogon: another session signed in"},
		{"every account refused", false, allFailed, "book: stopped: order stream: stream: every account failed: stream: every subject failed"},
		{"reconnect budget spent", false, budget, "book: stopped: order stream: stream: reconnect budget exhausted (20 reconnections within 1m0s allowed): stream: GoAway"},
		{"401 after the refresh", false, unauthorized, "book: stopped: order stream: " + unauthorized.Error()},
		{"refresh token refused", true, revoked, "book: stopped: position stream: " + revoked.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScript(t)
			b := openScripted(t, s, testConfig(t))
			r := newReader(t, b)
			s.endOrderSnapshot()
			s.order(order("1", ack, "10", "0"))
			if tt.positions {
				s.endPositionStream(tt.err)
			} else {
				s.endOrderStream(tt.err)
			}
			why := stopped(t, b)
			if !errors.Is(why, tt.err) || why.Error() != tt.want {
				t.Errorf("cause = %v\nwant    %s, wrapping the stream's error", why, tt.want)
			}
			if got := brief(r.take(1)); got != lines("1 Opened 0 stream") {
				t.Errorf("events before the stop: %s", got)
			}
			if err := r.takeError(); err != why {
				t.Errorf("the loop's last error = %v, want the cause", err)
			}
			if _, _, ok := r.next(); ok {
				t.Error("the loop goes on after the stop")
			}
			if n := s.streamsOpened("orders"); n != 1 {
				t.Errorf("order stream opened %d times, want 1: a stopped book opens nothing", n)
			}
			// A later loop learns it too, and the state stays readable.
			var last error
			for _, err := range b.Events(context.Background()) {
				last = err
			}
			if last != why {
				t.Errorf("a later loop ended with %v", last)
			}
			if _, ok := b.Order("1"); !ok {
				t.Error("the stopped book forgot its orders")
			}
		})
	}
}

func TestBookReopensAfterExhaustedAttemptsAndKeepsPerAccountErrors(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	s.endOrderSnapshot()
	perAccount := &stream.Error{Code: "FAILED, EX_NOT_ENTITLED", AccountID: acct, Verdict: stream.PerSubject}
	s.send(s.orderMsgs, msg{err: perAccount})
	s.order(order("1", ack, "10", "0"))
	if err := r.takeError(); !errors.Is(err, perAccount) {
		t.Errorf("per-account error = %v", err)
	}
	s.endOrderStream(fmt.Errorf("%w (10 in a row allowed): %w", stream.ErrRetriesExhausted, stream.ErrConnectionLost))
	waitFor(t, func() bool { return s.streamsOpened("orders") == 2 })
	if b.ctx.Err() != nil {
		t.Fatalf("the book ended: %v", context.Cause(b.ctx))
	}
	r.take(1) // order 1's Opened
	if err := r.takeError(); !errors.Is(err, stream.ErrRetriesExhausted) || errors.Is(err, ErrStopped) {
		t.Errorf("exhausted attempts: %v, want a queued error that is no stop", err)
	}
}

func TestBookQueuesAnEndingErrorWhenTheStreamGoesOnAfterIt(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	odd := errors.New("stream: something the stream says it ends with")
	s.send(s.orderMsgs, msg{err: odd})
	s.order(order("1", ack, "10", "0"))
	if err := r.takeError(); !errors.Is(err, odd) {
		t.Errorf("error = %v", err)
	}
	if got := brief(r.take(1)); got != lines("1 Opened 0 reconcile") {
		t.Errorf("then: %s", got)
	}
	if b.ctx.Err() != nil {
		t.Errorf("the book ended: %v", context.Cause(b.ctx))
	}
}

func TestBookStopsWhenAListingFindsTheLoginGone(t *testing.T) {
	for _, cause := range []error{
		fmt.Errorf("client: refreshing the token: %w", auth.ErrLoginRequired),
		&client.APIError{StatusCode: 401, Code: "Unauthorized"},
	} {
		s := newScript(t)
		b := openScripted(t, s, testConfig(t, WithReconcileEvery(5*time.Millisecond)))
		r := newReader(t, b)
		s.mu.Lock()
		s.orderErr = cause
		s.mu.Unlock()
		why := stopped(t, b)
		if !errors.Is(why, cause) || why.Error() != "book: stopped: listing orders: "+cause.Error() {
			t.Errorf("cause = %v", why)
		}
		if err := r.takeError(); err != why {
			t.Errorf("the loop's last error = %v, want the cause", err)
		}
	}
}

func TestBookEventsEndsWithTheErrorOfOpensContext(t *testing.T) {
	s := newScript(t)
	ctx, cancel := context.WithCancel(context.Background())
	b, err := open(ctx, s, []string{acct}, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cancel()
	var last error
	for _, err := range b.Events(context.Background()) {
		last = err
	}
	if !errors.Is(last, context.Canceled) || errors.Is(last, ErrStopped) {
		t.Errorf("last = %v, want Open's context's error", last)
	}
}
