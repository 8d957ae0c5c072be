package client

import (
	"errors"

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
	ErrOrderNotOpen = apierror.ErrOrderNotOpen
	// ErrInvalidOrderID: TradeStation does not know the order id, as
	// happens once a closed order is purged, the trading day after.
	ErrInvalidOrderID = apierror.ErrInvalidOrderID
	// ErrCancelAttempted: a cancel of the order was already sent, so it
	// can no longer be replaced; wait for the cancel's outcome.
	ErrCancelAttempted = apierror.ErrCancelAttempted
	// ErrStopTriggered: the stop order triggered before the replacement
	// arrived; it is working or filled as it was.
	ErrStopTriggered = apierror.ErrStopTriggered
	// ErrPositionMismatch: the trade action does not fit the position held
	// (a Sell while short, a BuyToCover while long...).
	ErrPositionMismatch = apierror.ErrPositionMismatch
	// ErrBoxedPosition: the order would hold the symbol long and short at
	// once, which the account may not.
	ErrBoxedPosition = apierror.ErrBoxedPosition
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
type Rejection = apierror.Rejection

// ParseRejection reads a message such as an Errors entry of a 200 answer,
// an OrderResult's Message or an order's RejectReason. It returns nil when
// the message is no refusal the table of Rejection knows and carries no
// ECnnn code.
func ParseRejection(message string) *Rejection { return apierror.ParseRejection(message) }

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
		return apierror.ParseEither(api.Message, api.Code)
	}
	var oe *OrderError
	if errors.As(err, &oe) {
		return apierror.ParseEither(oe.Message, oe.Code)
	}
	return nil
}

// RejectCode returns the ECnnn code inside a message ("EC602" from
// "EC602: You are short 0.00 shares!"), or "".
func RejectCode(message string) string { return apierror.RejectCode(message) }

// Is makes errors.Is(err, ErrOrderNotOpen) and the other refusal
// sentinels true for a failure whose message says so.
func (e *OrderError) Is(target error) bool {
	return apierror.IsRefusal(e.Message, e.Code, target)
}
