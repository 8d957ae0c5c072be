package book

import "github.com/tradestation-go/tradestation/v3"

// ending reports whether status is final, and the Kind of the event that
// says so. Every other status, known or not, leaves the order open. The
// package doc has the whole table and the reasons.
func ending(status v3.OrderStatus) (Kind, bool) {
	switch status {
	case v3.OrderStatusFilled:
		return Filled, true
	case v3.OrderStatusPartialFillUROut, // FLP: partly filled, the rest is out
		v3.OrderStatusCanceled, v3.OrderStatusUROut, v3.OrderStatusTradeServerCanceled, v3.OrderStatusRecalled,
		v3.OrderStatusBroken: // BRO: broken after execution
		return Canceled, true
	case v3.OrderStatusExpired:
		return Expired, true
	case v3.OrderStatusRejected:
		return Rejected, true
	case v3.OrderStatusReplaced: // UCH: this id is done, its successor has its own
		return Replaced, true
	}
	return 0, false
}
