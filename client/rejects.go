package client

import (
	"errors"
	"strings"

	"github.com/tradestation-go/tradestation/internal/apierror"
)

// Sentinels for TradeStation's refusals of an order action that a trading
// program must expect and survive. errors.Is matches them on the errors
// the client returns, whether TradeStation refused with a non-2xx answer
// (*APIError) or inside a 200 (*OrderError from Orders and
// HistoricalOrders), and on the *Rejection that ParseRejection reads from
// the message of an Errors entry, an OrderResult or an order's
// RejectReason.
var (
	// ErrOrderNotOpen: the order is already filled, cancelled, rejected
	// or expired; there is nothing left to cancel or replace.
	ErrOrderNotOpen = errors.New("tradestation: the order is not open")
	// ErrInvalidOrderID: TradeStation does not know the order id, as
	// happens once a closed order is purged, the trading day after.
	ErrInvalidOrderID = errors.New("tradestation: invalid order id")
	// ErrCancelAttempted: a cancel of the order was already sent, so it
	// can no longer be replaced; wait for the cancel's outcome.
	ErrCancelAttempted = errors.New("tradestation: a cancel of the order was already attempted")
	// ErrStopTriggered: the stop order triggered before the replacement
	// arrived; it is working or filled as it was.
	ErrStopTriggered = errors.New("tradestation: the stop already triggered")
	// ErrPositionMismatch: the trade action does not fit the position held
	// (a Sell while short, a BuyToCover while long...).
	ErrPositionMismatch = errors.New("tradestation: the trade action does not fit the position")
	// ErrBoxedPosition: the order would hold the symbol long and short at
	// once, which the account may not.
	ErrBoxedPosition = errors.New("tradestation: boxed positions are not permitted")
)

// Rejection is a refusal of an order action, read from the text of
// TradeStation's message. The known ones:
//
//	code                        message, as TradeStation writes it             Reason
//	EC601, EC602, EC701, EC702  "EC602: You are short 0.00 shares!",           ErrPositionMismatch
//	                            "You are long/short N shares."
//	EC804                       "EC804 Boxed positions are not permitted"      ErrBoxedPosition
//	(none)                      "Not an open order."                           ErrOrderNotOpen
//	(none)                      "Invalid order ID."                            ErrInvalidOrderID
//	(none)                      "Cancel/Replace not allowed after cancel       ErrCancelAttempted
//	                            has been attempted"
//	(none)                      "too late: prior stop already triggered"       ErrStopTriggered
//
// Cancelling an order on the day it closed answers "Not an open order.",
// on a later day "Invalid order ID.": either way it no longer works. The
// codes come inside the text, often after a prefix such as "Order failed.
// Reason: ", and are matched there; the texts are matched in any case. A
// message with another ECnnn code is a Rejection with that Code and no
// Reason.
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

// ParseRejection reads a message such as an Errors entry of a 200 answer,
// an OrderResult's Message or an order's RejectReason. It returns nil when
// the message is no refusal the table of Rejection knows and carries no
// ECnnn code.
func ParseRejection(message string) *Rejection {
	code, reason := RejectCode(message), reasonOf(message)
	if code == "" && reason == nil {
		return nil
	}
	return &Rejection{Code: code, Message: message, Reason: reason}
}

// RejectionOf finds the refusal inside an error the client returned: an
// *APIError, *OrderError or *Rejection anywhere in err's chain. It returns
// nil when there is none.
func RejectionOf(err error) *Rejection {
	var r *Rejection
	if errors.As(err, &r) {
		return r
	}
	var api *APIError
	if errors.As(err, &api) {
		return parseEither(api.Message, api.Code)
	}
	var oe *OrderError
	if errors.As(err, &oe) {
		return parseEither(oe.Message, oe.Code)
	}
	return nil
}

// RejectCode returns the ECnnn code inside a message ("EC602" from
// "EC602: You are short 0.00 shares!"), or "".
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

// APIError.Is makes errors.Is(err, ErrOrderNotOpen) and the other refusal
// sentinels true for an answer whose message says so; APIError's type lives
// in internal/apierror, which asks here.
func init() { apierror.IsRefusal = matches }

// Is makes errors.Is(err, ErrOrderNotOpen) and the other refusal
// sentinels true for a failure whose message says so.
func (e *OrderError) Is(target error) bool {
	return matches(e.Message, e.Code, target)
}

func matches(message, code string, target error) bool {
	if !isRefusal(target) {
		return false
	}
	r := parseEither(message, code)
	return r != nil && r.Reason == target
}

// parseEither reads the message, or the code field when the message says
// nothing (some answers put the text in Error).
func parseEither(message, code string) *Rejection {
	if r := ParseRejection(message); r != nil {
		return r
	}
	return ParseRejection(code)
}

func isRefusal(err error) bool {
	switch err {
	case ErrOrderNotOpen, ErrInvalidOrderID, ErrCancelAttempted, ErrStopTriggered, ErrPositionMismatch, ErrBoxedPosition:
		return true
	}
	return false
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
