// Package retry holds the waiting that the client and stream packages share
// between attempts: a jittered exponential delay, and a sleep that ends with
// its context.
package retry

import (
	"context"
	"math/rand/v2"
	"time"
)

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
