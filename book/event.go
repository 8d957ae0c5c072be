package book

import (
	"fmt"
	"strconv"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// Kind says what happened to an order.
type Kind uint8

// The kinds of event. The zero Kind is none: it is the Kind of the Event
// that comes with an error.
const (
	// Opened: the book sees the order for the first time. It is the first
	// event of every order, whoever placed it and wherever the book saw it.
	Opened Kind = iota + 1
	// PartiallyFilled: more of the order filled and some is still to fill.
	PartiallyFilled
	// Filled: the order is filled in full (every leg's ExecQuantity reached
	// its QuantityOrdered, or TradeStation says FLL).
	Filled
	// Canceled: the order ended with part or none of it filled (CAN, OUT,
	// TSC, SCN, BRO, FLP; see the package doc).
	Canceled
	// Rejected: TradeStation refused the order (REJ).
	Rejected
	// Expired: the order's time ran out (EXP).
	Expired
	// Replaced: the order's terms changed (price, type, quantity) while it
	// stays open, or TradeStation ended it as replaced by another (UCH).
	Replaced
	// Updated: anything else about the order changed, such as its status
	// code or commission, without a fill.
	Updated
)

var kindNames = [...]string{"", "Opened", "PartiallyFilled", "Filled", "Canceled", "Rejected", "Expired", "Replaced", "Updated"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText writes the Kind's name, so that an Event encodes as JSON
// with "Kind": "Filled".
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) < len(kindNames) && k != 0 {
		return []byte(kindNames[k]), nil
	}
	return nil, fmt.Errorf("book: Kind(%d) has no name", uint8(k))
}

// UnmarshalText reads a Kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, name := range kindNames {
		if i > 0 && name == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("book: %q is no Kind", b)
}

// Source says how the book learned what an event reports.
type Source uint8

const (
	// FromStream: a live message of the order stream.
	FromStream Source = iota + 1
	// FromReconcile: a comparison with what TradeStation reports as a
	// whole: the snapshot at the start of each stream connection, or a REST
	// listing (at Open and every WithReconcileEvery). An event from a
	// reconcile is something the live stream did not say.
	FromReconcile
)

func (s Source) String() string {
	switch s {
	case FromStream:
		return "stream"
	case FromReconcile:
		return "reconcile"
	}
	return "Source(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText writes "stream" or "reconcile", as String does.
func (s Source) MarshalText() ([]byte, error) {
	if s != FromStream && s != FromReconcile {
		return nil, fmt.Errorf("book: Source(%d) has no name", uint8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads "stream" or "reconcile".
func (s *Source) UnmarshalText(b []byte) error {
	switch string(b) {
	case "stream":
		*s = FromStream
	case "reconcile":
		*s = FromReconcile
	default:
		return fmt.Errorf("book: %q is no Source", b)
	}
	return nil
}

// An Event is one change of one order.
type Event struct {
	Kind Kind
	// Order is the order as TradeStation reports it now, links to its OCO,
	// bracket and OSO siblings included (ConditionalOrders, GroupName).
	Order v3.Order
	// Filled is the quantity that this event newly fills: positive for
	// PartiallyFilled and Filled (except a Filled whose fills were all
	// reported before it), 0 otherwise. For a multi-leg order it adds up
	// the legs. Over all events of an order, Filled adds up to the order's
	// filled quantity, each fill counted once.
	Filled value.Decimal
	Source Source
}
