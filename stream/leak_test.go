package stream

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"testing"
	"time"
)

// endsWithoutLeak runs body (which ranges over a stream) on its own
// goroutine, fails unless it returns within a bound, then checks that no
// goroutine the stream started is left.
func endsWithoutLeak(t *testing.T, s *server, body func()) {
	t.Helper()
	before := runtime.NumGoroutine()
	done := make(chan struct{})
	go func() {
		defer close(done)
		body()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the iterator did not return")
	}
	s.client.Transport.(*http.Transport).CloseIdleConnections()
	waitGoroutines(t, before)
}

func streamForever(w http.ResponseWriter, r *http.Request) {
	for i := 1; r.Context().Err() == nil; i++ {
		send(w, line(i))
		time.Sleep(time.Millisecond)
	}
}

func TestBreakMidStreamReturnsAndLeavesNoGoroutine(t *testing.T) {
	s := newServer(t, streamForever)
	endsWithoutLeak(t, s, func() {
		n := 0
		for _, err := range run[item](t.Context(), s.connect, lineDelimited, fast) {
			if err != nil {
				t.Errorf("unexpected error %v", err)
			}
			if n++; n == 5 {
				break
			}
		}
	})
}

func TestContextCancelYieldsCtxErrLastAndLeavesNoGoroutine(t *testing.T) {
	tests := []struct {
		name   string
		script script
		// armed returns an option that reports, through the channel, the
		// moment the stream is where the test wants to cancel it.
		armed func(chan<- struct{}) []Option
	}{
		{"while reading a quiet connection", thenHold(line(1)), nil},
		{"while waiting to reconnect", status(http.StatusServiceUnavailable), func(c chan<- struct{}) []Option {
			return []Option{WithBackoff(time.Hour, time.Hour), OnRetry(func(int, time.Duration, error) { c <- struct{}{} })}
		}},
		{"while connecting", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			where := make(chan struct{}, 1)
			script := tt.script
			if script == nil { // the server takes the request and never answers
				script = func(w http.ResponseWriter, r *http.Request) {
					where <- struct{}{}
					<-r.Context().Done()
				}
			}
			s := newServer(t, script)
			opts := append([]Option{}, fast...)
			if tt.armed != nil {
				opts = append(opts, tt.armed(where)...)
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			endsWithoutLeak(t, s, func() {
				go func() {
					<-where
					cancel()
				}()
				var errs []error
				for v, err := range run[item](ctx, s.connect, lineDelimited, opts) {
					if err != nil {
						errs = append(errs, err)
					}
					if v.ID == 1 {
						where <- struct{}{} // the engine goes back to a read that waits
					}
				}
				if len(errs) != 1 || errs[0] != context.Canceled {
					t.Errorf("cancellation yielded %v; want context.Canceled, once", errs)
				}
			})
		})
	}
}

func TestCancelInsideTheLoopYieldsNoBufferedItemThenCtxErr(t *testing.T) {
	s := newServer(t, thenHold(line(1)+line(2)+line(3)))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var seen []string
	for v, err := range run[item](ctx, s.connect, lineDelimited, fast) {
		if err != nil {
			seen = append(seen, err.Error())
			continue
		}
		seen = append(seen, fmt.Sprint(v.ID))
		cancel()
	}
	if fmt.Sprint(seen) != "[1 context canceled]" {
		t.Errorf("saw %q after cancelling at the first item", seen)
	}
}

func TestDeadlineYieldsDeadlineExceededLast(t *testing.T) {
	s := newServer(t, thenHold(line(1)))
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	var errs []error
	for _, err := range run[item](ctx, s.connect, lineDelimited, fast) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) != 1 || errs[0] != context.DeadlineExceeded {
		t.Errorf("errors %v, want context.DeadlineExceeded, once", errs)
	}
}

func TestBreakAfterAnErrorYieldsNothingMore(t *testing.T) {
	s := newServer(t, thenHold(`{"Error":"SomethingNew"}`+"\n"+line(1)))
	n := 0
	for _, err := range run[item](t.Context(), s.connect, lineDelimited, fast) {
		n++
		if err != nil {
			break
		}
	}
	if n != 1 {
		t.Errorf("%d values after breaking at the first", n)
	}
}
