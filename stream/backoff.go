package stream

import (
	"math/rand/v2"
	"time"
)

// backoff is the wait before attempt n+1 after n failures in a row: a
// random time between half and all of lo·2^(n-1), capped at hi.
func backoff(lo, hi time.Duration, n int) time.Duration {
	d := lo
	for i := 1; i < n && d < hi; i++ {
		d *= 2
	}
	if d > hi {
		d = hi
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
