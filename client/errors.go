package client

import (
	"errors"
	"fmt"

	"github.com/tradestation-go/tradestation/internal/apierror"
)

// APIError is a TradeStation answer that is not 2xx. Every method of a
// client from NewV3 or NewV2 (and of the bare v3.NewClient and v2.NewClient)
// returns it as its error, so
//
//	var apiErr *client.APIError
//	if errors.As(err, &apiErr) && apiErr.StatusCode == 404 { ... }
//
// works and no caller has to remember to inspect a status code. Its fields
// are StatusCode, Code and Message (TradeStation's), TraceID (v2),
// RateLimit, Body (a non-JSON body, such as a gateway's HTML), the Method
// and Path of the request, and Location (where a 3xx pointed: the client
// never follows a redirect).
type APIError = apierror.Error

// maxErrorBody bounds how much of an unwanted body is read.
const maxErrorBody = apierror.MaxBody

// excerpt turns a non-JSON body into one short line.
func excerpt(body []byte) string { return apierror.Excerpt(body) }

// ErrLimitExceeded is matched by every *LimitError.
var ErrLimitExceeded = errors.New("client: request exceeds a documented limit")

// LimitError rejects a request before it is sent because it breaks a limit
// that TradeStation documents (25 accounts, 100 symbols, 57,600 bars...).
type LimitError struct {
	What  string // what was counted: "account ids", "symbols", "barsback"...
	Got   int
	Limit int
	Path  string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("client: %s is %d, the limit is %d (request %s not sent)", e.What, e.Got, e.Limit, e.Path)
}

// Is makes errors.Is(err, ErrLimitExceeded) true.
func (e *LimitError) Is(target error) bool { return target == ErrLimitExceeded }
