package apierror

import (
	"errors"
	"strings"
)

// The refusals of an order action that a trading program must expect and
// survive; package client exports them and documents the table.
var (
	ErrOrderNotOpen     = errors.New("tradestation: the order is not open")
	ErrInvalidOrderID   = errors.New("tradestation: invalid order id")
	ErrCancelAttempted  = errors.New("tradestation: a cancel of the order was already attempted")
	ErrStopTriggered    = errors.New("tradestation: the stop already triggered")
	ErrPositionMismatch = errors.New("tradestation: the trade action does not fit the position")
	ErrBoxedPosition    = errors.New("tradestation: boxed positions are not permitted")
)

// Rejection is a refusal of an order action read from the text of
// TradeStation's message; see client.Rejection.
type Rejection struct {
	Code    string // "EC602"; "" for the refusals that carry no code
	Message string // the whole message, as TradeStation wrote it
	Reason  error  // the sentinel (ErrOrderNotOpen...) the message matches, or nil
}

// Error reads like "tradestation: order refused: EC602: You are short 0.00 shares!".
func (r *Rejection) Error() string {
	if r == nil {
		return "<nil>"
	}
	return "tradestation: order refused: " + r.Message
}

// Unwrap returns Reason, so that errors.Is(r, ErrOrderNotOpen) works.
func (r *Rejection) Unwrap() error {
	if r == nil {
		return nil
	}
	return r.Reason
}

// ParseRejection reads a message; nil when it is no refusal the table
// knows and carries no ECnnn code.
func ParseRejection(message string) *Rejection {
	code, reason := RejectCode(message), reasonOf(message)
	if code == "" && reason == nil {
		return nil
	}
	return &Rejection{Code: code, Message: message, Reason: reason}
}

// RejectCode returns the ECnnn code inside a message, or "".
func RejectCode(message string) string {
	for i := 0; i+5 <= len(message); i++ {
		if message[i] != 'E' || message[i+1] != 'C' || (i > 0 && isAlnum(message[i-1])) {
			continue
		}
		j := i + 2
		for j < len(message) && message[j] >= '0' && message[j] <= '9' {
			j++
		}
		if j-i-2 >= 3 && (j == len(message) || !isAlnum(message[j])) {
			return message[i:j]
		}
	}
	return ""
}

// ParseEither reads the message, or the code field when the message says
// nothing (some answers put the text in Error).
func ParseEither(message, code string) *Rejection {
	if r := ParseRejection(message); r != nil {
		return r
	}
	return ParseRejection(code)
}

// IsRefusal reports whether an answer's message and code say that it is
// the refusal target.
func IsRefusal(message, code string, target error) bool {
	switch target {
	case ErrOrderNotOpen, ErrInvalidOrderID, ErrCancelAttempted, ErrStopTriggered, ErrPositionMismatch, ErrBoxedPosition:
	default:
		return false
	}
	r := ParseEither(message, code)
	return r != nil && r.Reason == target
}

var codeReasons = map[string]error{
	"EC601": ErrPositionMismatch,
	"EC602": ErrPositionMismatch,
	"EC701": ErrPositionMismatch,
	"EC702": ErrPositionMismatch,
	"EC804": ErrBoxedPosition,
}

// textReasons are matched in lower case anywhere in a message.
var textReasons = []struct {
	text   string
	reason error
}{
	{"not an open order", ErrOrderNotOpen},
	{"invalid order id", ErrInvalidOrderID},
	{"not allowed after cancel has been attempted", ErrCancelAttempted},
	{"prior stop already triggered", ErrStopTriggered},
	{"boxed positions are not permitted", ErrBoxedPosition},
	{"you are long", ErrPositionMismatch},
	{"you are short", ErrPositionMismatch},
}

func reasonOf(message string) error {
	if r, ok := codeReasons[RejectCode(message)]; ok {
		return r
	}
	lower := strings.ToLower(message)
	for _, t := range textReasons {
		if strings.Contains(lower, t.text) {
			return t.reason
		}
	}
	return nil
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
