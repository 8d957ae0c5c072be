package client

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tradestation-go/tradestation/internal/retry"
)

// RateLimit is what an answer's X-RateLimit-* headers say about the quota
// of the resource group it belongs to. Fields are zero when a header is
// missing; Known reports whether any was present.
type RateLimit struct {
	Limit     int       // requests allowed in the window
	Remaining int       // requests left in the window
	Reset     time.Time // when the window resets
	Resource  string    // the resource group the quota applies to
	Known     bool
}

// RateLimitOf reads the X-RateLimit-* headers of resp. X-RateLimit-Reset
// may be a Unix time or a number of seconds from now; both are returned as
// an absolute time.
func RateLimitOf(resp *http.Response) RateLimit {
	if resp == nil {
		return RateLimit{}
	}
	return rateLimitAt(resp.Header, time.Now())
}

func rateLimitAt(h http.Header, now time.Time) RateLimit {
	var rl RateLimit
	if v := h.Get("X-RateLimit-Limit"); v != "" {
		rl.Limit, _ = strconv.Atoi(v)
		rl.Known = true
	}
	if v := h.Get("X-RateLimit-Remaining"); v != "" {
		rl.Remaining, _ = strconv.Atoi(v)
		rl.Known = true
	}
	if reset, ok := retry.ResetTime(h.Get("X-RateLimit-Reset"), now); ok {
		rl.Reset, rl.Known = reset, true
	}
	if v := h.Get("X-RateLimit-Resource"); v != "" {
		rl.Resource = v
		rl.Known = true
	}
	return rl
}
