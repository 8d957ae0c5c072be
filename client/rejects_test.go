package client

import (
	"errors"
	"fmt"
	"testing"
)

func TestParseRejectionReadsEveryRefusalOfTheTable(t *testing.T) {
	cases := []struct {
		message string
		code    string
		reason  error
	}{
		{"EC602: You are short 0.00 shares!", "EC602", ErrPositionMismatch},
		{"Order failed. Reason: EC701: You are long/short 100 shares.", "EC701", ErrPositionMismatch},
		{"EC601 You are long 200 shares", "EC601", ErrPositionMismatch},
		{"Order failed. Reason: EC702", "EC702", ErrPositionMismatch},
		{"EC804 Boxed positions are not permitted", "EC804", ErrBoxedPosition},
		{"Boxed positions are not permitted.", "", ErrBoxedPosition},
		{"Not an open order.", "", ErrOrderNotOpen},
		{"NOT AN OPEN ORDER", "", ErrOrderNotOpen},
		{"Invalid order ID.", "", ErrInvalidOrderID},
		{"Cancel/Replace not allowed after cancel has been attempted", "", ErrCancelAttempted},
		{"too late: prior stop already triggered", "", ErrStopTriggered},
		{"You are short 10 shares!", "", ErrPositionMismatch},
		{"Order failed. Reason: EC105: Something new", "EC105", nil},
	}
	for _, c := range cases {
		r := ParseRejection(c.message)
		if r == nil {
			t.Errorf("%q: no rejection", c.message)
			continue
		}
		if r.Code != c.code || r.Reason != c.reason || r.Message != c.message {
			t.Errorf("%q: got %+v, want code %q, reason %v", c.message, r, c.code, c.reason)
		}
		if c.reason != nil && !errors.Is(r, c.reason) {
			t.Errorf("%q: errors.Is(rejection, %v) is false", c.message, c.reason)
		}
		if want := "tradestation: order refused: " + c.message; r.Error() != want {
			t.Errorf("%q: Error() = %q, want %q", c.message, r.Error(), want)
		}
	}
}

func TestParseRejectionIgnoresMessagesThatRefuseNothing(t *testing.T) {
	for _, m := range []string{
		"", "Sent order: Buy 100 MSFT @ 415.20 Limit", "Cancel order sent.", "Order replaced.",
		"SPEC602 is a symbol", "EC60 is too short", "DEC6021", "EC602x",
	} {
		if r := ParseRejection(m); r != nil {
			t.Errorf("%q read as a rejection: %+v", m, r)
		}
	}
	var none *Rejection
	if errors.Is(none, ErrOrderNotOpen) || none.Error() != "<nil>" {
		t.Error("a nil *Rejection must match nothing and print safely")
	}
}

func TestRejectCodeFindsTheCodeInsideTheText(t *testing.T) {
	cases := map[string]string{
		"EC602: You are short 0.00 shares!":     "EC602",
		"Order failed. Reason: EC701: You are…": "EC701",
		"(EC804) Boxed":   "EC804",
		"code EC1234 end": "EC1234",
		"EC60":            "",
		"XEC602":          "",
		"EC602a":          "",
		"no code here":    "",
	}
	for in, want := range cases {
		if got := RejectCode(in); got != want {
			t.Errorf("RejectCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrorsIsMatchesRefusalsOnTheClientsErrors(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		reason error
	}{
		{"non-2xx cancel of a filled order", &APIError{StatusCode: 400, Code: "BadRequest", Message: "Not an open order."}, ErrOrderNotOpen},
		{"wrapped", fmt.Errorf("cancel 1187654330: %w", &APIError{StatusCode: 400, Code: "BadRequest", Message: "Invalid order ID."}), ErrInvalidOrderID},
		{"text in the code field", &APIError{StatusCode: 400, Code: "Cancel/Replace not allowed after cancel has been attempted"}, ErrCancelAttempted},
		{"paging iterator's failure", &OrderError{OrderID: "1187654330", Code: "FAILED", Message: "EC804 Boxed positions are not permitted"}, ErrBoxedPosition},
		{"replace after the stop fired", &APIError{StatusCode: 400, Code: "BadRequest", Message: "too late: prior stop already triggered"}, ErrStopTriggered},
	}
	all := []error{ErrOrderNotOpen, ErrInvalidOrderID, ErrCancelAttempted, ErrStopTriggered, ErrPositionMismatch, ErrBoxedPosition}
	for _, c := range cases {
		for _, s := range all {
			if got := errors.Is(c.err, s); got != (s == c.reason) {
				t.Errorf("%s: errors.Is(err, %q) = %v", c.name, s, got)
			}
		}
		r := RejectionOf(c.err)
		if r == nil || r.Reason != c.reason {
			t.Errorf("%s: RejectionOf = %+v, want reason %v", c.name, r, c.reason)
		}
	}
	other := &APIError{StatusCode: 404, Code: "NotFound", Message: "No such symbol"}
	for _, s := range all {
		if errors.Is(other, s) {
			t.Errorf("a plain 404 matches %v", s)
		}
	}
	if RejectionOf(other) != nil || RejectionOf(nil) != nil || RejectionOf(errors.New("boom")) != nil {
		t.Error("RejectionOf found a refusal where there is none")
	}
	if r := RejectionOf(fmt.Errorf("place: %w", ParseRejection("EC602: You are short 0.00 shares!"))); r == nil || r.Code != "EC602" {
		t.Errorf("RejectionOf a wrapped *Rejection = %+v", r)
	}
	if !errors.Is(&LimitError{What: "symbols", Got: 101, Limit: 100}, ErrLimitExceeded) {
		t.Error("LimitError no longer matches ErrLimitExceeded")
	}
}
