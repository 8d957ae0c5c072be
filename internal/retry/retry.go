// Package retry is the SDK's one retry policy, in the shape of
// go-retryablehttp: Check decides whether an attempt is worth making again,
// Backoff how long to wait first, and Policy puts them together with a
// budget of retries. The client's doer and the stream engine share it.
//
// Whether a request may be sent twice at all (a read may, an order may
// not) is the caller's question; Check only judges the outcome.
package retry

import (
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// MaxWait caps any single wait, whatever the server asks for.
const MaxWait = 30 * time.Second

// Policy is how often and how patiently a request is tried again.
type Policy struct {
	MaxRetries int           // retries after the first attempt; 0 disables them
	First, Max time.Duration // the first backoff delay and the cap of the doubling
}

// Next decides, after attempt n (1 for the first) ended in resp or err,
// whether to try again and how long to wait before. It says no when the
// budget is spent, when Check says no, when the wait would outlive ctx's
// deadline, and when the server asks for a wait longer than MaxWait: a
// retry after MaxWait would meet the same refusal, so the caller hears of
// it at once instead of after a long, futile wait.
func (p Policy) Next(ctx context.Context, n int, resp *http.Response, err error) (time.Duration, bool) {
	if n > p.MaxRetries || !Check(ctx, resp, err) {
		return 0, false
	}
	if resp != nil && ServerWait(resp.Header, time.Now()) > MaxWait {
		return 0, false
	}
	wait := Backoff(p.First, p.Max, n, resp)
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return 0, false
	}
	return wait, true
}

// Check reports whether an attempt that ended in resp or err is worth
// making again: network errors, 429 and 5xx other than 501 are; other
// answers, and anything once ctx has ended, are not.
func Check(ctx context.Context, resp *http.Response, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if err != nil {
		return true
	}
	return resp != nil && Status(resp.StatusCode)
}

// Status reports whether an answer with this status is worth asking for
// again: 429 and 5xx other than 501. The stream engine judges a failed
// connection's *APIError by it.
func Status(code int) bool {
	return code == http.StatusTooManyRequests || (code >= 500 && code != http.StatusNotImplemented)
}

// Backoff is the wait before retry n (1 for the first): Delay(first, max,
// n), raised to what resp asks for (Retry-After, or X-RateLimit-Reset when
// no request is left in the window), and never more than MaxWait.
func Backoff(first, max time.Duration, n int, resp *http.Response) time.Duration {
	wait := Delay(first, max, n)
	if resp != nil {
		if asked := ServerWait(resp.Header, time.Now()); asked > wait {
			wait = asked
		}
	}
	return min(wait, MaxWait)
}

// Delay is the wait before retry n (1 for the first): a random time between
// half and all of first·2^(n-1), capped at max. The jitter keeps clients
// that failed together from retrying together.
func Delay(first, max time.Duration, n int) time.Duration {
	d := first
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// Sleep waits d, or less if ctx ends first; then it returns ctx's error.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ServerWait is how long an answer with header h asks the client to wait:
// its Retry-After (seconds or a date), else the time until X-RateLimit-Reset
// when X-RateLimit-Remaining is 0.
func ServerWait(h http.Header, now time.Time) time.Duration {
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second
		}
		if at, err := http.ParseTime(v); err == nil {
			return at.Sub(now)
		}
	}
	if h.Get("X-RateLimit-Remaining") != "0" {
		return 0
	}
	if reset, ok := ResetTime(h.Get("X-RateLimit-Reset"), now); ok {
		return reset.Sub(now)
	}
	return 0
}

// resetEpochThreshold separates the two readings of X-RateLimit-Reset that
// APIs use: a number above it is a Unix time, below it a count of seconds.
const resetEpochThreshold = 1_000_000_000

// ResetTime reads an X-RateLimit-Reset value, a Unix time or a number of
// seconds from now, as an absolute time.
func ResetTime(v string, now time.Time) (time.Time, bool) {
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || !(n >= 0) || math.IsInf(n, 0) {
		return time.Time{}, false
	}
	if n >= resetEpochThreshold {
		return time.Unix(int64(n), 0), true
	}
	return now.Add(time.Duration(n * float64(time.Second))), true
}
