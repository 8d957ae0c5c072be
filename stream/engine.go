package stream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/internal/retry"
)

// connectFunc opens one connection: a GET through the project's client
// that answers a 2xx response with its body unread, or an error (a
// non-2xx answer as *client.APIError).
type connectFunc func(ctx context.Context) (*http.Response, error)

// run is the engine under every typed stream: it connects, splits the
// body by f, tells the message kinds apart, decodes data into T and
// yields it, and reconnects whenever the connection fails, until ctx ends,
// the caller stops iterating, or an error ends the stream.
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

	failures  int   // reconnections in a row since the last healthy connection
	delivered bool  // an earlier connection delivered a message
	cause     error // why the last healthy connection ended
}

func (r *runner[T]) loop(ctx context.Context) {
	for {
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
				r.yieldError(err)
				return
			}
			cause = err
		default:
			done, healthy, c := r.consume(ctx, resp)
			if done {
				return
			}
			if healthy {
				r.cause = c
			}
			cause = c
		}
		r.failures++
		if r.cfg.maxReconnects >= 0 && r.failures > r.cfg.maxReconnects {
			r.yieldError(fmt.Errorf("%w (%d in a row allowed): %w", ErrRetriesExhausted, r.cfg.maxReconnects, cause))
			return
		}
		wait := r.delay(cause)
		if r.cfg.onRetry != nil {
			r.cfg.onRetry(r.failures, wait, cause)
		}
		if retry.Sleep(ctx, wait) != nil {
			return
		}
	}
}

// consume reads one connection until it ends. done means the iteration
// is over; otherwise cause says why the connection ended. healthy
// reports whether the connection delivered a message (see markHealthy).
func (r *runner[T]) consume(ctx context.Context, resp *http.Response) (done, healthy bool, cause error) {
	body := watch(resp.Body, r.cfg.idle)
	// Cancellation closes the body to end a Read that waits; the loop
	// condition keeps messages already buffered from being yielded.
	stopOnCancel := context.AfterFunc(ctx, func() { resp.Body.Close() })
	defer func() {
		stopOnCancel()
		body.stop()
		resp.Body.Close()
	}()
	r.split.reset(body)
	for ctx.Err() == nil {
		msg, err := r.split.next()
		var s step
		if err != nil {
			s, cause = r.readFailed(ctx, err, body)
		} else {
			s, cause = r.handle(msg, &healthy)
		}
		switch s {
		case stop:
			return true, healthy, nil
		case reconnect:
			return false, healthy, cause
		}
	}
	return true, healthy, nil
}

// step is what consume does after a message or a failed read.
type step uint8

const (
	proceed   step = iota // read the next message
	stop                  // end the iteration
	reconnect             // end the connection, then reconnect
)

// readFailed decides what a splitter error means.
func (r *runner[T]) readFailed(ctx context.Context, err error, body *watchedBody) (step, error) {
	var msgErr *MessageError
	var streamErr *Error
	switch {
	case ctx.Err() != nil, errors.Is(err, errEnd):
		return stop, nil
	case errors.As(err, &msgErr):
		return r.yieldError(err), nil
	case errors.As(err, &streamErr): // a v2 ERROR line
		r.yieldError(err)
		return stop, nil
	case body.timedOut():
		return reconnect, fmt.Errorf("%w of %v", ErrIdleTimeout, r.cfg.idle)
	}
	return reconnect, fmt.Errorf("%w: %w", ErrConnectionLost, err)
}

// handle acts on one message. healthy is the connection's state, set at
// its first message that shows it works.
func (r *runner[T]) handle(msg []byte, healthy *bool) (step, error) {
	k, err := classify(msg)
	if err != nil {
		return r.yieldError(newMessageError(msg, err)), nil
	}
	var itemErr *Error // an error about one symbol or account
	switch k {
	case kindGoAway:
		return reconnect, &Error{Code: "GoAway", Message: `the server sent StreamStatus "GoAway"`}
	case kindOtherStatus:
		return proceed, nil
	case kindError:
		e, err := parseError(msg)
		if err != nil {
			return r.yieldError(newMessageError(msg, err)), nil
		}
		switch actionOf(e) {
		case actGoAway, actReconnect:
			return reconnect, e
		case actYieldEnd:
			e.Fatal = true
			r.yieldError(e)
			return stop, nil
		}
		itemErr = e
	}

	if !*healthy {
		*healthy = true
		r.markHealthy()
	}
	switch k {
	case kindHeartbeat:
		if r.cfg.onHeartbeat != nil {
			r.cfg.onHeartbeat(parseHeartbeat(msg))
		}
	case kindEndSnapshot:
		if r.cfg.onEndSnapshot != nil {
			r.cfg.onEndSnapshot()
		}
	case kindError:
		return r.yieldError(itemErr), nil
	case kindData:
		var v T
		if err := json.Unmarshal(msg, &v); err != nil {
			return r.yieldError(newMessageError(msg, err)), nil
		}
		if !r.yield(v, nil) {
			return stop, nil
		}
	}
	return proceed, nil
}

// yieldError yields err and says whether to go on.
func (r *runner[T]) yieldError(err error) step {
	var zero T
	if r.yield(zero, err) {
		return proceed
	}
	return stop
}

// markHealthy runs at the first message of a connection that is neither a
// reconnection request nor a transient error: the connection works, so
// the failure count restarts, and the caller hears of the reconnection.
func (r *runner[T]) markHealthy() {
	r.failures = 0
	if r.delivered && r.cfg.onReconnect != nil {
		r.cfg.onReconnect(r.cause)
	}
	r.delivered = true
}

// delay is how long to wait before the next attempt.
func (r *runner[T]) delay(cause error) time.Duration {
	var streamErr *Error
	if r.failures == 1 && errors.As(cause, &streamErr) && strings.EqualFold(streamErr.Code, "GoAway") {
		return 0 // the server asked for it on a working connection: go now
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
		s := apiErr.StatusCode
		return s == http.StatusTooManyRequests || s >= 500 && s != http.StatusNotImplemented
	}
	return !errors.Is(err, client.ErrLimitExceeded) && !errors.Is(err, auth.ErrLoginRequired) && !errors.Is(err, auth.ErrNotLoggedIn)
}

// statusError stands in for the client's error when connect hands over a
// non-2xx response.
func statusError(resp *http.Response) error {
	resp.Body.Close()
	e := &client.APIError{
		StatusCode: resp.StatusCode,
		Code:       strings.ReplaceAll(http.StatusText(resp.StatusCode), " ", ""),
		RateLimit:  client.RateLimitOf(resp),
	}
	if resp.Request != nil && resp.Request.URL != nil {
		e.Method, e.Path = resp.Request.Method, resp.Request.URL.Path
	}
	return e
}
