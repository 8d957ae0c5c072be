package stream

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/internal/apierror"
	"github.com/tradestation-go/tradestation/internal/retry"
	"github.com/tradestation-go/tradestation/internal/wire"
)

// connectFunc opens one connection: a GET through the project's client
// that answers a 2xx response with its body unread, or an error (a
// non-2xx answer as *client.APIError).
type connectFunc func(ctx context.Context) (*http.Response, error)

// run is the engine under every typed stream: it connects, splits the
// body by f, tells the message kinds apart, decodes data into T and
// yields it, and reconnects whenever the connection fails, until ctx ends
// (then it yields ctx.Err() last), the caller stops iterating, or an
// error ends the stream.
func run[T any](ctx context.Context, connect connectFunc, f framing, opts []Option) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		cfg, err := newConfig(opts)
		if err != nil {
			yield(zero, err)
			return
		}
		if ctx == nil {
			yield(zero, errors.New("stream: nil context"))
			return
		}
		r := &runner[T]{cfg: cfg, connect: connect, split: newSplitter(f, cfg.maxLine), yield: yield}
		r.loop(ctx)
		if !r.over {
			yield(zero, ctx.Err()) // the context ended the stream: say so, once
		}
	}
}

// runner is the state of one iteration of a stream. Everything runs on
// the iterating goroutine; only the watchdog and context.AfterFunc close
// the body from elsewhere.
type runner[T any] struct {
	cfg     config
	connect connectFunc
	split   splitter
	yield   func(T, error) bool
	// data is where data messages decode, reused so that a message costs
	// no allocation of its own; it is zeroed first, so a yielded message
	// shares no pointer or slice with the next.
	data T

	// over: the iteration ended otherwise than by the context (the caller
	// broke out, or the stream ended with END or a final error).
	over bool

	failures    int         // reconnections since the last working connection
	delivered   bool        // an earlier connection delivered a message
	cause       error       // why the last connection that delivered ended
	lastAttempt time.Time   // when the latest connection attempt started
	recent      []time.Time // reconnections within the budget's window
	dead        []string    // subjects that failed for good
}

// conn is what one connection has shown so far.
type conn struct {
	delivered bool // it sent a message, heartbeats included
	useful    bool // it sent data, an EndSnapshot or a yielded *Error
}

func (r *runner[T]) loop(ctx context.Context) {
	for {
		r.lastAttempt = time.Now()
		var cause error
		resp, err := r.connect(ctx)
		if err == nil && resp == nil {
			err = errors.New("stream: connect returned neither a response nor an error")
		}
		if err == nil && resp.StatusCode/100 != 2 {
			err = statusError(resp)
		}
		switch {
		case ctx.Err() != nil:
			if err == nil {
				resp.Body.Close()
			}
			return
		case err != nil:
			if !retriable(err) {
				r.end(err)
				return
			}
			cause = err
		default:
			var done, working bool
			done, working, cause = r.consume(ctx, resp)
			if done {
				return
			}
			if working {
				r.failures = 0
			}
		}
		if !r.pause(ctx, cause) {
			return
		}
	}
}

// pause waits before the next attempt; it reports false when the stream
// must end instead (an exhausted bound, or the context).
func (r *runner[T]) pause(ctx context.Context, cause error) bool {
	r.failures++
	if r.cfg.maxReconnects >= 0 && r.failures > r.cfg.maxReconnects {
		r.end(fmt.Errorf("%w (%d in a row allowed): %w", ErrRetriesExhausted, r.cfg.maxReconnects, cause))
		return false
	}
	now := time.Now()
	if !r.spend(now) {
		r.end(fmt.Errorf("%w (%d reconnections within %v allowed): %w", ErrReconnectBudget, r.cfg.budget, r.cfg.window, cause))
		return false
	}
	wait := max(r.delay(cause), r.cfg.floor-now.Sub(r.lastAttempt))
	if r.cfg.onRetry != nil {
		r.cfg.onRetry(r.failures, wait, cause)
	}
	return retry.Sleep(ctx, wait) == nil
}

// spend takes one reconnection from the budget, unless the window already
// holds as many as it allows.
func (r *runner[T]) spend(now time.Time) bool {
	keep := 0
	for keep < len(r.recent) && now.Sub(r.recent[keep]) >= r.cfg.window {
		keep++
	}
	r.recent = append(r.recent[:0], r.recent[keep:]...)
	if len(r.recent) >= r.cfg.budget {
		return false
	}
	r.recent = append(r.recent, now)
	return true
}

// consume reads one connection until it ends. done means the iteration
// is over; otherwise cause says why the connection ended, and working
// whether it counts as a working connection (see WithMaxReconnects).
func (r *runner[T]) consume(ctx context.Context, resp *http.Response) (done, working bool, cause error) {
	body := watch(resp.Body, r.cfg.idle)
	// Cancellation closes the body to end a Read that waits; the loop
	// condition keeps messages already buffered from being yielded.
	stopOnCancel := context.AfterFunc(ctx, func() { resp.Body.Close() })
	defer func() {
		stopOnCancel()
		body.disarm()
		resp.Body.Close()
	}()
	r.split.reset(body)
	var c conn
	for ctx.Err() == nil {
		body.arm()
		msg, err := r.split.next()
		body.disarm()
		var s step
		if err != nil {
			s, cause = r.readFailed(ctx, err, body, &c)
		} else {
			s, cause = r.handle(msg, &c)
		}
		switch s {
		case stop:
			return true, false, nil
		case reconnect:
			if c.delivered {
				r.cause = cause
			}
			return false, c.useful && !sentTransient(cause), cause
		}
	}
	return true, false, nil
}

// sentTransient tells a connection that TradeStation ended with a
// transient error (other than GoAway, its normal request to move): the
// backoff then goes on growing, however much the connection delivered.
func sentTransient(cause error) bool {
	var e *Error
	return errors.As(cause, &e) && e.Verdict == Transient && normalize(e.Code) != "GOAWAY"
}

// step is what consume does after a message or a failed read.
type step uint8

const (
	proceed   step = iota // read the next message
	stop                  // end the iteration
	reconnect             // end the connection, then reconnect
)

// readFailed decides what a splitter error means.
func (r *runner[T]) readFailed(ctx context.Context, err error, body *watchedBody, c *conn) (step, error) {
	var msgErr *MessageError
	var streamErr *Error
	switch {
	case ctx.Err() != nil:
		return stop, nil
	case errors.Is(err, errEnd):
		r.over = true
		return stop, nil
	case errors.As(err, &msgErr):
		r.first(c)
		return r.yieldError(err), nil
	case errors.As(err, &streamErr):
		return r.errorLine(streamErr)
	case body.timedOut():
		return reconnect, fmt.Errorf("%w of %v", ErrIdleTimeout, r.cfg.idle)
	}
	return reconnect, fmt.Errorf("%w: %w", ErrConnectionLost, err)
}

// errorLine handles a v2 "ERROR - reason" line, after which the server
// closes the stream: a transient reason reconnects, any other ends the
// stream.
func (r *runner[T]) errorLine(e *Error) (step, error) {
	if e.Verdict == Transient {
		return reconnect, e
	}
	if e.Verdict == PerSubject && r.subjectFailed(e) {
		return r.endAllFailed(e), nil
	}
	e.Verdict = Fatal
	r.end(e)
	return stop, nil
}

// handle acts on one message.
func (r *runner[T]) handle(msg []byte, c *conn) (step, error) {
	k, err := classify(msg)
	if err != nil {
		r.first(c)
		return r.yieldError(newMessageError(msg, err)), nil
	}
	switch k {
	case kindGoAway:
		return reconnect, &Error{Code: "GoAway", Message: `the server sent StreamStatus "GoAway"`, Verdict: Transient}
	case kindOtherStatus:
		return proceed, nil
	case kindHeartbeat:
		r.first(c)
		if r.cfg.onHeartbeat != nil {
			r.cfg.onHeartbeat(parseHeartbeat(msg))
		}
		return proceed, nil
	case kindEndSnapshot:
		r.first(c)
		c.useful = true
		if r.cfg.onEndSnapshot != nil {
			r.cfg.onEndSnapshot()
		}
		return proceed, nil
	case kindError:
		e, err := parseError(msg)
		if err != nil {
			r.first(c)
			return r.yieldError(newMessageError(msg, err)), nil
		}
		return r.streamError(e, c)
	}
	r.first(c)
	c.useful = true
	var zero T
	r.data = zero
	if err := wire.Unmarshal(msg, &r.data); err != nil {
		return r.yieldError(newMessageError(msg, err)), nil
	}
	if !r.yield(r.data, nil) {
		r.over = true
		return stop, nil
	}
	return proceed, nil
}

// streamError applies an error message's verdict.
func (r *runner[T]) streamError(e *Error, c *conn) (step, error) {
	switch e.Verdict {
	case Transient:
		return reconnect, e
	case Fatal:
		r.end(e)
		return stop, nil
	}
	r.first(c)
	c.useful = true
	if e.Verdict == PerSubject && r.subjectFailed(e) {
		return r.endAllFailed(e), nil
	}
	return r.yieldError(e), nil
}

// subjectFailed notes that the subject of a per-subject error is dead and
// reports whether every subject of the stream now is. An error that names
// no subject concerns the stream's only subject, if it has one; it then
// gets that subject's name.
func (r *runner[T]) subjectFailed(e *Error) bool {
	subjects := r.cfg.subjects.names
	name := e.Subject()
	if name == "" {
		if len(subjects) != 1 {
			return false
		}
		name = subjects[0]
		r.cfg.subjects.name(e, name)
	}
	known := false
	for _, s := range subjects {
		known = known || sameSubject(s, name)
	}
	if !known {
		return false
	}
	for _, d := range r.dead {
		if sameSubject(d, name) {
			return false // already dead: the stream went on without it
		}
	}
	r.dead = append(r.dead, name)
	return len(r.dead) == countDistinct(subjects)
}

func sameSubject(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// countDistinct counts subjects, a name given twice once.
func countDistinct(names []string) int {
	n := 0
	for i, a := range names {
		dup := false
		for _, b := range names[:i] {
			dup = dup || sameSubject(a, b)
		}
		if !dup {
			n++
		}
	}
	return n
}

// endAllFailed ends the stream with the error about its last subject.
func (r *runner[T]) endAllFailed(e *Error) step {
	e.Verdict = Fatal
	e.subjects = len(r.dead)
	r.end(e)
	return stop
}

// first runs at the first message of a connection: if it replaces one
// that had delivered messages, the caller hears of the reconnection.
func (r *runner[T]) first(c *conn) {
	if c.delivered {
		return
	}
	c.delivered = true
	if r.delivered && r.cfg.onReconnect != nil {
		r.cfg.onReconnect(r.cause)
	}
	r.delivered = true
}

// yieldError yields err and says whether to go on.
func (r *runner[T]) yieldError(err error) step {
	var zero T
	if r.yield(zero, err) {
		return proceed
	}
	r.over = true
	return stop
}

// end yields the error that ends the stream.
func (r *runner[T]) end(err error) {
	var zero T
	r.yield(zero, err)
	r.over = true
}

// delay is how long to wait before the next attempt, before the floor
// between attempts applies.
func (r *runner[T]) delay(cause error) time.Duration {
	var streamErr *Error
	if r.failures == 1 && errors.As(cause, &streamErr) && normalize(streamErr.Code) == "GOAWAY" {
		// The server asked for it on a working connection: go soon, but
		// not at once. retry.Delay draws between half and all of its first
		// delay: one to two floors.
		return retry.Delay(2*r.cfg.floor, 2*r.cfg.floor, 1)
	}
	d := retry.Delay(r.cfg.minBackoff, r.cfg.maxBackoff, r.failures)
	var apiErr *client.APIError
	if errors.As(cause, &apiErr) && apiErr.StatusCode == http.StatusTooManyRequests && !apiErr.RateLimit.Reset.IsZero() {
		d = max(d, time.Until(apiErr.RateLimit.Reset))
	}
	return min(d, r.cfg.maxBackoff)
}

// retriable tells a connect error worth another attempt: 429, 5xx other
// than 501, and errors that are not TradeStation answers (network
// failures). Other answers (400, 401, 403, 404...), requests refused
// before sending and a session that must log in again are final.
func retriable(err error) bool {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return retry.Status(apiErr.StatusCode)
	}
	return !errors.Is(err, client.ErrLimitExceeded) && !errors.Is(err, auth.ErrLoginRequired) && !errors.Is(err, auth.ErrNotLoggedIn)
}

// statusError stands in for the client's error when connect hands over a
// non-2xx response (the client's openers never do; the engine's own tests
// connect without them).
func statusError(resp *http.Response) error { return apierror.Read(resp) }
