package tradestationtest

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/tradestation-go/tradestation/internal/sim"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// apiError is a request the API refuses with an HTTP status. Its message
// names what is wrong, as a sentence.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

// badf is a 400 whose message names the field at fault.
func badf(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// simStatuses are the HTTP statuses of the simulator's errors.
var simStatuses = []struct {
	err    error
	status int
}{
	{sim.ErrInvalid, http.StatusBadRequest},
	{sim.ErrNotFound, http.StatusNotFound},
	{sim.ErrNotImplemented, http.StatusNotImplemented},
}

// statusOf is the HTTP status of an error of a handler or the simulator;
// any other error is a 500.
func statusOf(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.status
	}
	for _, ss := range simStatuses {
		if errors.Is(err, ss.err) {
			return ss.status
		}
	}
	return http.StatusInternalServerError
}

// writeErr answers err with its status.
func writeErr(w http.ResponseWriter, r *http.Request, err error) {
	writeAPIError(w, r, statusOf(err), "%s", err.Error())
}

// v3Codes are TradeStation's error codes for the statuses the fake answers.
var v3Codes = map[int]v3.ErrorCode{
	http.StatusBadRequest:         v3.ErrorCodeBadRequest,
	http.StatusUnauthorized:       v3.ErrorCodeUnauthorized,
	http.StatusForbidden:          v3.ErrorCodeForbidden,
	http.StatusNotFound:           v3.ErrorCodeNotFound,
	http.StatusTooManyRequests:    v3.ErrorCodeTooManyRequests,
	http.StatusNotImplemented:     v3.ErrorCodeNotImplemented,
	http.StatusServiceUnavailable: v3.ErrorCodeServiceUnavailable,
	http.StatusGatewayTimeout:     v3.ErrorCodeGatewayTimeout,
}

// v3Code is TradeStation's error code for an HTTP status.
func v3Code(status int) v3.ErrorCode {
	if code, ok := v3Codes[status]; ok {
		return code
	}
	if status >= 500 {
		return v3.ErrorCodeInternalServerError
	}
	return v3.ErrorCodeBadRequest
}

// traceSeq numbers v2 error answers, whose TraceId is unique per answer.
var traceSeq atomic.Uint64

// writeAPIError answers in the error shape of the API version of the path:
// {"Error","Message"} under /v3, {"TraceId","StatusCode","Message"} under /v2.
func writeAPIError(w http.ResponseWriter, r *http.Request, status int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if isV2Path(r.URL.Path) {
		n := traceSeq.Add(1)
		writeJSON(w, status, v2.ErrorResponse{
			TraceID:    fmt.Sprintf("7f3c%04x-9a1e-4c52-b7d0-%012x", n&0xffff, n),
			StatusCode: int32(status),
			Message:    msg,
		})
		return
	}
	writeJSON(w, status, v3.ErrorResponse{Error: v3Code(status), Message: msg})
}

// writeFailure answers status for a request the server does not handle
// (an injected fault, a server that is closing): with msg in the API's
// error shape on the API paths, with a gateway's plain status text
// elsewhere.
func writeFailure(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if isV3Path(r.URL.Path) || isV2Path(r.URL.Path) {
		writeAPIError(w, r, status, "%s", msg)
		return
	}
	http.Error(w, http.StatusText(status), status)
}

func isV3Path(path string) bool { return strings.HasPrefix(path, "/v3/") }
func isV2Path(path string) bool { return strings.HasPrefix(path, "/v2/") }
