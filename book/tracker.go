package book

import (
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// origin is where an observation of an order or a position comes from.
type origin uint8

const (
	live     origin = iota // a stream message after the snapshot
	snapshot               // a stream message of the snapshot that opens each connection
	listing                // a REST answer
)

func (o origin) source() Source {
	if o == live {
		return FromStream
	}
	return FromReconcile
}

// orderState is what the book knows of one order.
type orderState struct {
	order    v3.Order        // the latest observation accepted
	filled   []value.Decimal // per leg, the highest ExecQuantity seen
	final    bool            // the order is in a final status
	ended    bool            // its terminal event has been emitted
	finalAt  time.Time       // when the book saw it final
	streamed uint64          // tracker.seq at its last stream observation
}

// tracker is the book's state without locks or I/O: it merges observations
// and says which events they cause.
type tracker struct {
	orders map[string]*orderState
	pruned map[string]time.Time // ids of orders forgotten, and when

	positions map[string]*positionState // by positionKey
	byID      map[string]string         // PositionID to positionKey
	closed    map[string]uint64         // positionKey to tracker.seq, for positions the stream closed

	// seq counts stream observations. A REST answer is older than any
	// stream observation made after its request was sent: since, the seq
	// at that moment, tells them apart.
	seq uint64
}

func newTracker() *tracker {
	return &tracker{
		orders:    map[string]*orderState{},
		pruned:    map[string]time.Time{},
		positions: map[string]*positionState{},
		byID:      map[string]string{},
		closed:    map[string]uint64{},
	}
}

// observe merges one observation of an order and appends to out the
// events it causes. since matters for a listing only (see tracker.seq).
// The package doc gives the rules; in short: an order never seen is
// Opened; fills are the rise of each leg's ExecQuantity over the highest
// seen, whatever the message's label; a stale observation (open after
// final, or less filled unless COR) still counts fills where they are
// higher but does not replace the order; a listing that may be older than
// the stream replaces it only with a fill or a final status; each
// observation that changes the order causes at least one event.
func (t *tracker) observe(o v3.Order, from origin, since uint64, now time.Time, out []Event) []Event {
	id := o.OrderID
	if len(t.pruned) > 0 {
		if _, gone := t.pruned[id]; gone {
			return out
		}
	}
	src := from.source()
	st, known := t.orders[id]
	if !known {
		st = &orderState{}
		t.orders[id] = st
		out = append(out, Event{Kind: Opened, Order: o, Filled: noFill, Source: src})
	}
	if from != listing {
		t.seq++
		st.streamed = t.seq
	}

	up, behind := st.compareFills(o)
	_, finalNow := ending(o.Status)
	// An order is final once, so an older message is never final: a final
	// one is news even with less filled (a broken trade). A fill
	// correction (COR) may lower the fill too.
	stale := !finalNow && (st.final || (behind && o.Status != v3.OrderStatusFillCorrected))
	progress := up || (finalNow && !st.final)
	accept := !stale && (!known || progress || from != listing || st.streamed <= since)

	prev := st.order
	if accept {
		st.order = o
	}
	changed := false
	if up {
		kind := PartiallyFilled
		added := st.raise(o)
		if st.complete() || (accept && o.Status == v3.OrderStatusFilled) {
			kind = Filled
			st.ended = true
		}
		out = append(out, Event{Kind: kind, Order: st.order, Filled: added, Source: src})
		changed = true
	}
	if accept && finalNow && !st.final {
		st.final, st.finalAt = true, now
		if !st.ended {
			st.ended = true
			kind, _ := ending(o.Status)
			out = append(out, Event{Kind: kind, Order: o, Filled: noFill, Source: src})
			changed = true
		}
	}
	if accept && known && !changed && !sameOrder(prev, o) {
		kind := Updated
		if !finalNow && termsChanged(prev, o) {
			kind = Replaced
		}
		out = append(out, Event{Kind: kind, Order: o, Filled: noFill, Source: src})
	}
	return out
}

// compareFills reports whether o shows more filled than seen on some leg
// (up), and less on some leg (behind). Legs are matched by position, as
// TradeStation keeps them in order.
func (st *orderState) compareFills(o v3.Order) (up, behind bool) {
	for i, leg := range o.Legs {
		var seen value.Decimal
		if i < len(st.filled) {
			seen = st.filled[i]
		}
		switch leg.ExecQuantity.Cmp(seen) {
		case 1:
			up = true
		case -1:
			behind = true
		}
	}
	for _, seen := range st.filled[min(len(o.Legs), len(st.filled)):] {
		if seen.Sign() > 0 {
			behind = true // a leg with fills is missing
		}
	}
	return up, behind
}

// raise lifts the per-leg high-water marks to o and returns the sum of
// the increases.
func (st *orderState) raise(o v3.Order) value.Decimal {
	for len(st.filled) < len(o.Legs) {
		st.filled = append(st.filled, value.Decimal{})
	}
	added := noFill
	for i, leg := range o.Legs {
		if leg.ExecQuantity.Cmp(st.filled[i]) > 0 {
			added = added.Add(leg.ExecQuantity.Sub(present(st.filled[i])))
			st.filled[i] = leg.ExecQuantity
		}
	}
	return added
}

// noFill is the Filled of an event that fills nothing: a present 0, so
// that a sum of Filled over events stays a number (value.Decimal's
// arithmetic makes anything with an absent operand absent).
var noFill = value.NewDecimal(0, 0)

// present is d, or 0 where d is absent (a leg that has not filled yet).
func present(d value.Decimal) value.Decimal {
	if d.IsZero() {
		return noFill
	}
	return d
}

// complete reports whether every leg of the order has filled its
// QuantityOrdered.
func (st *orderState) complete() bool {
	legs := st.order.Legs
	if len(legs) == 0 {
		return false
	}
	for i, leg := range legs {
		if leg.QuantityOrdered.Sign() <= 0 || i >= len(st.filled) || st.filled[i].Cmp(leg.QuantityOrdered) < 0 {
			return false
		}
	}
	return true
}

// termsChanged reports whether a replacement changed the order's terms:
// its type, prices, trailing stop or a leg's quantity.
func termsChanged(a, b v3.Order) bool {
	if a.OrderType != b.OrderType || len(a.Legs) != len(b.Legs) ||
		!sameDecimal(a.LimitPrice, b.LimitPrice) || !sameDecimal(a.StopPrice, b.StopPrice) ||
		!sameDecimal(a.TrailingStop.Amount, b.TrailingStop.Amount) || !sameDecimal(a.TrailingStop.Percent, b.TrailingStop.Percent) {
		return true
	}
	for i := range a.Legs {
		if !sameDecimal(a.Legs[i].QuantityOrdered, b.Legs[i].QuantityOrdered) {
			return true
		}
	}
	return false
}

// openNotIn lists the orders that are not final and not in seen.
func (t *tracker) openNotIn(seen map[string]struct{}) []string {
	var ids []string
	for id, st := range t.orders {
		if _, ok := seen[id]; !ok && !st.final {
			ids = append(ids, id)
		}
	}
	return ids
}

// prune forgets the orders final for keep or longer, and the ids it
// forgot keep or longer ago. While an id is remembered, observations of
// it are ignored, so an old order that a listing brings back is not
// Opened and filled again.
func (t *tracker) prune(now time.Time, keep time.Duration) {
	for id, at := range t.pruned {
		if now.Sub(at) >= keep {
			delete(t.pruned, id)
		}
	}
	for id, st := range t.orders {
		if st.final && now.Sub(st.finalAt) >= keep {
			delete(t.orders, id)
			t.pruned[id] = now
		}
	}
}
