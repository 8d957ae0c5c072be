package tradestationtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// writeJSON answers v (a value of a generated type) with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body, _ = json.Marshal(v3.ErrorResponse{Error: v3.ErrorCodeInternalServerError, Message: "tradestationtest could not encode its answer: " + err.Error()})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// v3Code is TradeStation's error code for an HTTP status.
func v3Code(status int) v3.ErrorCode {
	switch status {
	case http.StatusBadRequest:
		return v3.ErrorCodeBadRequest
	case http.StatusUnauthorized:
		return v3.ErrorCodeUnauthorized
	case http.StatusForbidden:
		return v3.ErrorCodeForbidden
	case http.StatusNotFound:
		return v3.ErrorCodeNotFound
	case http.StatusTooManyRequests:
		return v3.ErrorCodeTooManyRequests
	case http.StatusNotImplemented:
		return v3.ErrorCodeNotImplemented
	case http.StatusServiceUnavailable:
		return v3.ErrorCodeServiceUnavailable
	case http.StatusGatewayTimeout:
		return v3.ErrorCodeGatewayTimeout
	}
	if status >= 500 {
		return v3.ErrorCodeInternalServerError
	}
	return v3.ErrorCodeBadRequest
}

var traceSeq atomic.Uint64

// writeAPIError answers in the error shape of the API version of the path:
// {"Error","Message"} under /v3, {"TraceId","StatusCode","Message"} under /v2.
func writeAPIError(w http.ResponseWriter, r *http.Request, status int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.HasPrefix(r.URL.Path, "/v2/") {
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

// badRequest is a 400 whose message names the field at fault.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badf(format string, args ...any) error { return &badRequest{fmt.Sprintf(format, args...)} }

// notFound is a 404 for an unknown account, order or symbol.
type notFound struct{ msg string }

func (e *notFound) Error() string { return e.msg }

func notFoundf(format string, args ...any) error { return &notFound{fmt.Sprintf(format, args...)} }

// notImplemented is a 501 for a feature TradeStation has and the fake lacks.
type notImplemented struct{ msg string }

func (e *notImplemented) Error() string { return e.msg }

// writeErr answers err with the status its type calls for.
func writeErr(w http.ResponseWriter, r *http.Request, err error) {
	switch err.(type) {
	case *badRequest:
		writeAPIError(w, r, http.StatusBadRequest, "%s", err.Error())
	case *notFound:
		writeAPIError(w, r, http.StatusNotFound, "%s", err.Error())
	case *notImplemented:
		writeAPIError(w, r, http.StatusNotImplemented, "%s", err.Error())
	default:
		writeAPIError(w, r, http.StatusInternalServerError, "%s", err.Error())
	}
}

// decodeBody reads a JSON request body into v (a generated request type).
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err := dec.Decode(v); err != nil {
		return badf("The request body is not valid JSON of the expected shape: %v.", err)
	}
	return nil
}
