package client

import (
	"net/http"

	"github.com/tradestation-go/tradestation/internal/apierror"
)

// RateLimit is what an answer's X-RateLimit-* headers say about the quota
// of the resource group it belongs to: Limit (requests allowed in the
// window), Remaining, Reset (when the window resets) and Resource (the
// group). Fields are zero when a header is missing; Known reports whether
// any was present.
type RateLimit = apierror.RateLimit

// RateLimitOf reads the X-RateLimit-* headers of resp, such as the one that
// option.WithResponseInto hands back. X-RateLimit-Reset may be a Unix time
// or a number of seconds from now; both are returned as an absolute time.
func RateLimitOf(resp *http.Response) RateLimit { return apierror.RateLimitOf(resp) }
