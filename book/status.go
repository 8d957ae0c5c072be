package book

import "github.com/tradestation-go/tradestation/v3"

// endings maps each final status to the event that ends the order. Every
// other status, known or not, leaves the order open. The package doc has
// the whole table and the reasons.
var endings = map[v3.OrderStatus]Kind{
	v3.OrderStatusFilled:              Filled,
	v3.OrderStatusPartialFillUROut:    Canceled, // FLP: partly filled, the rest is out
	v3.OrderStatusCanceled:            Canceled,
	v3.OrderStatusUROut:               Canceled,
	v3.OrderStatusTradeServerCanceled: Canceled,
	v3.OrderStatusRecalled:            Canceled,
	v3.OrderStatusBroken:              Canceled, // BRO: broken after execution
	v3.OrderStatusExpired:             Expired,
	v3.OrderStatusRejected:            Rejected,
	v3.OrderStatusReplaced:            Replaced, // UCH: this id is done, its successor has its own
}

// ending reports whether status is final, and the Kind of the event that
// says so.
func ending(status v3.OrderStatus) (Kind, bool) {
	k, ok := endings[status]
	return k, ok
}
