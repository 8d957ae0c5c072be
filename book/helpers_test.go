package book

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

const acct = "SIM1234567M"

func dec(s string) value.Decimal { return value.MustParseDecimal(s) }

// order builds a one-leg order: ordered and exec are quantities.
func order(id string, status v3.OrderStatus, ordered, exec string) v3.Order {
	o := v3.Order{
		AccountID: acct, OrderID: id, Status: status, OrderType: v3.OrderTypeLimit, LimitPrice: dec("10"),
		Legs: []v3.OrderLeg{{Symbol: "MSFT", BuyOrSell: v3.OrderSideBuy, QuantityOrdered: dec(ordered), ExecQuantity: dec(exec)}},
	}
	o.Legs[0].QuantityRemaining = o.Legs[0].QuantityOrdered.Sub(present(o.Legs[0].ExecQuantity))
	return o
}

func withLimit(o v3.Order, limit string) v3.Order {
	o.LimitPrice = dec(limit)
	return o
}

func linked(o v3.Order, rel v3.OrderRelationship, ids ...string) v3.Order {
	for _, id := range ids {
		o.ConditionalOrders = append(o.ConditionalOrders, v3.LinkedOrder{OrderID: id, Relationship: rel})
	}
	o.GroupName = "OCO " + ids[0]
	return o
}

// brief writes events as "id Kind filled source" lines, for comparing.
func brief(evs []Event) string {
	var b strings.Builder
	for _, ev := range evs {
		fmt.Fprintf(&b, "%s %s %s %s\n", ev.Order.OrderID, ev.Kind, ev.Filled, ev.Source)
	}
	return b.String()
}

func lines(ls ...string) string {
	if len(ls) == 0 {
		return ""
	}
	return strings.Join(ls, "\n") + "\n"
}

// filledBy adds up Filled over the events of each order.
func filledBy(t *testing.T, evs []Event) map[string]string {
	t.Helper()
	sums := map[string]value.Decimal{}
	for _, ev := range evs {
		if ev.Filled.IsZero() {
			t.Fatalf("event %s %s of %s has an absent Filled", ev.Kind, ev.Source, ev.Order.OrderID)
		}
		sums[ev.Order.OrderID] = present(sums[ev.Order.OrderID]).Add(ev.Filled)
	}
	out := map[string]string{}
	for id, s := range sums {
		out[id] = s.String()
	}
	return out
}

var t0 = time.Date(2026, 4, 23, 14, 30, 0, 0, time.UTC)
