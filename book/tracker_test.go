package book

import (
	"strconv"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// step is one observation fed to a tracker.
type step struct {
	o     v3.Order
	from  origin
	since uint64 // listings only
}

func fromStream(o v3.Order) step         { return step{o: o, from: live} }
func inSnapshot(o v3.Order) step         { return step{o: o, from: snapshot} }
func rest(o v3.Order, since uint64) step { return step{o: o, from: listing, since: since} }

func run(steps ...step) (*tracker, []Event) {
	t := newTracker()
	var evs []Event
	for _, s := range steps {
		evs = t.observe(s.o, s.from, s.since, t0, evs)
	}
	return t, evs
}

const (
	ack = v3.OrderStatusReceived
	don = v3.OrderStatusQueued
	fpr = v3.OrderStatusPartialFillAlive
	fll = v3.OrderStatusFilled
	flp = v3.OrderStatusPartialFillUROut
	can = v3.OrderStatusCanceled
	rej = v3.OrderStatusRejected
	exp = v3.OrderStatusExpired
	uch = v3.OrderStatusReplaced
	rjr = v3.OrderStatusChangeRequestRejected
	bro = v3.OrderStatusBroken
	cor = v3.OrderStatusFillCorrected
)

func TestTrackerDerivesEventsFromFillsAndStatus(t *testing.T) {
	tests := []struct {
		name   string
		steps  []step
		want   string
		status v3.OrderStatus // of order 1 at the end
	}{
		{
			name:   "ACK and DON carrying ExecQuantity before FLL count each fill once",
			steps:  []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", don, "100", "40")), fromStream(order("1", ack, "100", "100")), fromStream(order("1", fll, "100", "100"))},
			want:   lines("1 Opened 0 stream", "1 PartiallyFilled 40 stream", "1 Filled 60 stream", "1 Updated 0 stream"),
			status: fll,
		},
		{
			name:   "fills whose messages were lost come whole with the next message that shows them",
			steps:  []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", fll, "100", "100"))},
			want:   lines("1 Opened 0 stream", "1 Filled 100 stream"),
			status: fll,
		},
		{
			name: "a message repeated causes no event",
			steps: []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", ack, "100", "0")), fromStream(order("1", fpr, "100", "30")),
				fromStream(order("1", fpr, "100", "30")), fromStream(order("1", fll, "100", "100")), fromStream(order("1", fll, "100", "100"))},
			want:   lines("1 Opened 0 stream", "1 PartiallyFilled 30 stream", "1 Filled 70 stream"),
			status: fll,
		},
		{
			name: "stale messages after a newer state neither take fills back nor reopen",
			steps: []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", fpr, "100", "50")), fromStream(order("1", fll, "100", "100")),
				fromStream(order("1", fpr, "100", "50")), fromStream(order("1", ack, "100", "0")), fromStream(order("1", ack, "100", "100"))},
			want:   lines("1 Opened 0 stream", "1 PartiallyFilled 50 stream", "1 Filled 50 stream"),
			status: fll,
		},
		{
			name:   "an open message after a cancel does not revive the order",
			steps:  []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", can, "100", "0")), fromStream(order("1", ack, "100", "0"))},
			want:   lines("1 Opened 0 stream", "1 Canceled 0 stream"),
			status: can,
		},
		{
			name:   "a listing that repeats the stream causes no event",
			steps:  []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", fpr, "100", "30")), rest(order("1", fpr, "100", "30"), 2)},
			want:   lines("1 Opened 0 stream", "1 PartiallyFilled 30 stream"),
			status: fpr,
		},
		{
			name:   "a listing finds a fill the stream never sent",
			steps:  []step{fromStream(order("1", ack, "100", "0")), rest(order("1", fll, "100", "100"), 1)},
			want:   lines("1 Opened 0 stream", "1 Filled 100 reconcile"),
			status: fll,
		},
		{
			name:   "a listing finds a rejection the stream never sent",
			steps:  []step{fromStream(order("1", ack, "100", "0")), rest(order("1", rej, "100", "0"), 1)},
			want:   lines("1 Opened 0 stream", "1 Rejected 0 reconcile"),
			status: rej,
		},
		{
			name: "a listing older than the stream brings only fills and endings",
			steps: []step{fromStream(withLimit(order("1", ack, "100", "0"), "10")),
				rest(withLimit(order("1", ack, "100", "0"), "9"), 0),   // sent before the stream's message: ignored
				rest(withLimit(order("1", fpr, "100", "20"), "9"), 0),  // but its fill counts
				rest(withLimit(order("1", fpr, "100", "20"), "11"), 1), // sent after: taken
			},
			want:   lines("1 Opened 0 stream", "1 PartiallyFilled 20 reconcile", "1 Replaced 0 reconcile"),
			status: fpr,
		},
		{
			name:   "an order first seen filled in part and done opens, fills and ends",
			steps:  []step{inSnapshot(order("1", flp, "100", "30"))},
			want:   lines("1 Opened 0 reconcile", "1 PartiallyFilled 30 reconcile", "1 Canceled 0 reconcile"),
			status: flp,
		},
		{
			name:   "EXP is an ending: Expired",
			steps:  []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", exp, "100", "0"))},
			want:   lines("1 Opened 0 stream", "1 Expired 0 stream"),
			status: exp,
		},
		{
			name: "a change of price is Replaced, a change of text is Updated",
			steps: []step{fromStream(withLimit(order("1", ack, "100", "0"), "10")), fromStream(withLimit(order("1", ack, "100", "0"), "10.5")),
				func() step {
					o := withLimit(order("1", ack, "100", "0"), "10.5")
					o.StatusDescription = "Received"
					return fromStream(o)
				}()},
			want:   lines("1 Opened 0 stream", "1 Replaced 0 stream", "1 Updated 0 stream"),
			status: ack,
		},
		{
			name:   "a change of quantity is Replaced",
			steps:  []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", ack, "150", "0"))},
			want:   lines("1 Opened 0 stream", "1 Replaced 0 stream"),
			status: ack,
		},
		{
			name:   "UCH ends the order as Replaced",
			steps:  []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", uch, "100", "0")), fromStream(order("1", ack, "100", "0"))},
			want:   lines("1 Opened 0 stream", "1 Replaced 0 stream"),
			status: uch,
		},
		{
			name:   "RJR leaves the order working",
			steps:  []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", rjr, "100", "0")), fromStream(order("1", fll, "100", "100"))},
			want:   lines("1 Opened 0 stream", "1 Updated 0 stream", "1 Filled 100 stream"),
			status: fll,
		},
		{
			name:   "a broken trade is taken although it shows less filled, and Filled is never negative",
			steps:  []step{fromStream(order("1", fll, "100", "100")), fromStream(order("1", bro, "100", "0"))},
			want:   lines("1 Opened 0 stream", "1 Filled 100 stream", "1 Updated 0 stream"),
			status: bro,
		},
		{
			name:   "BRO on an order not yet final ends it as Canceled",
			steps:  []step{fromStream(order("1", ack, "100", "0")), fromStream(order("1", bro, "100", "0"))},
			want:   lines("1 Opened 0 stream", "1 Canceled 0 stream"),
			status: bro,
		},
		{
			name: "a fill correction downwards is taken, and only fills above the highest seen count later",
			steps: []step{fromStream(order("1", fpr, "100", "50")), fromStream(order("1", cor, "100", "40")),
				fromStream(order("1", fpr, "100", "60")), fromStream(order("1", fll, "100", "100"))},
			want:   lines("1 Opened 0 stream", "1 PartiallyFilled 50 stream", "1 Updated 0 stream", "1 PartiallyFilled 10 stream", "1 Filled 40 stream"),
			status: fll,
		},
		{
			name:   "more filled on a closed order is reported after its ending",
			steps:  []step{fromStream(order("1", fpr, "100", "30")), fromStream(order("1", can, "100", "30")), rest(order("1", can, "100", "45"), 9)},
			want:   lines("1 Opened 0 stream", "1 PartiallyFilled 30 stream", "1 Canceled 0 stream", "1 PartiallyFilled 15 reconcile"),
			status: can,
		},
		{
			name:   "fractional quantities stay exact",
			steps:  []step{fromStream(order("1", ack, "0.3", "0.1")), fromStream(order("1", ack, "0.3", "0.25")), fromStream(order("1", fll, "0.3", "0.30"))},
			want:   lines("1 Opened 0 stream", "1 PartiallyFilled 0.1 stream", "1 PartiallyFilled 0.15 stream", "1 Filled 0.05 stream"),
			status: fll,
		},
		{
			name: "quantities with an exponent or beyond 19 digits stay exact",
			steps: []step{fromStream(order("1", ack, "123456789012345678901", "1e3")), fromStream(order("1", fpr, "123456789012345678901", "123456789012345678900")),
				fromStream(order("1", fll, "123456789012345678901", "123456789012345678901"))},
			want:   lines("1 Opened 0 stream", "1 PartiallyFilled 1000 stream", "1 PartiallyFilled 123456789012345677900 stream", "1 Filled 1 stream"),
			status: fll,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, evs := run(tt.steps...)
			if got := brief(evs); got != tt.want {
				t.Errorf("events:\n%s\nwant:\n%s", got, tt.want)
			}
			if got := tr.orders["1"].order.Status; got != tt.status {
				t.Errorf("order status %s, want %s", got, tt.status)
			}
		})
	}
}

func TestTrackerCountsMultiLegFillsPerLeg(t *testing.T) {
	spread := func(status v3.OrderStatus, exec0, exec1 string) v3.Order {
		o := order("7", status, "2", exec0)
		o.Legs = append(o.Legs, v3.OrderLeg{Symbol: "MSFT 260515C450", QuantityOrdered: dec("2"), ExecQuantity: dec(exec1)})
		return o
	}
	_, evs := run(fromStream(spread(ack, "0", "0")), fromStream(spread(fpr, "2", "1")), fromStream(spread(fpr, "1", "2")), fromStream(spread(fll, "2", "2")))
	// The third message is stale on leg 0 (1 < 2) but news on leg 1: its
	// fill counts, the order stays as the second message left it, and the
	// FLL, which adds no fill, is an Updated.
	want := lines("7 Opened 0 stream", "7 PartiallyFilled 3 stream", "7 Filled 1 stream", "7 Updated 0 stream")
	if got := brief(evs); got != want {
		t.Errorf("events:\n%s\nwant:\n%s", got, want)
	}
}

func TestTrackerKeepsGroupLinksOnEveryEvent(t *testing.T) {
	a := linked(order("10", ack, "100", "0"), v3.OrderRelationshipOCO, "11")
	b := linked(order("11", ack, "100", "0"), v3.OrderRelationshipOCO, "10")
	aFilled := linked(order("10", fll, "100", "100"), v3.OrderRelationshipOCO, "11")
	bCanceled := linked(order("11", can, "100", "0"), v3.OrderRelationshipOCO, "10")
	_, evs := run(fromStream(a), fromStream(b), fromStream(aFilled), fromStream(bCanceled))
	want := lines("10 Opened 0 stream", "11 Opened 0 stream", "10 Filled 100 stream", "11 Canceled 0 stream")
	if got := brief(evs); got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
	for _, ev := range evs {
		if len(ev.Order.ConditionalOrders) != 1 || ev.Order.GroupName == "" {
			t.Errorf("%s %s lost its group: %+v %q", ev.Order.OrderID, ev.Kind, ev.Order.ConditionalOrders, ev.Order.GroupName)
		}
	}
}

func TestTrackerPrunesClosedOrdersAndIgnoresThemWhileRemembered(t *testing.T) {
	tr := newTracker()
	keep := 24 * time.Hour
	tr.observe(order("1", fll, "1", "1"), live, 0, t0, nil)
	tr.observe(order("2", ack, "1", "0"), live, 0, t0, nil)

	tr.prune(t0.Add(keep-time.Second), keep)
	if len(tr.orders) != 2 {
		t.Fatalf("pruned too early: %d orders left", len(tr.orders))
	}
	tr.prune(t0.Add(keep), keep)
	if _, ok := tr.orders["1"]; ok {
		t.Fatal("the filled order was kept past its time")
	}
	if _, ok := tr.orders["2"]; !ok {
		t.Fatal("the open order was pruned")
	}
	if evs := tr.observe(order("1", fll, "1", "1"), listing, tr.seq, t0.Add(keep), nil); len(evs) != 0 {
		t.Fatalf("a forgotten order came back: %s", brief(evs))
	}
	tr.prune(t0.Add(2*keep), keep)
	if len(tr.pruned) != 0 {
		t.Fatalf("%d forgotten ids still remembered after another %v", len(tr.pruned), keep)
	}
}

func TestTrackerOpenNotInListsOpenOrdersOnly(t *testing.T) {
	tr, _ := run(fromStream(order("1", ack, "1", "0")), fromStream(order("2", fll, "1", "1")), fromStream(order("3", ack, "1", "0")))
	got := tr.openNotIn(map[string]struct{}{"3": {}})
	if len(got) != 1 || got[0] != "1" {
		t.Fatalf("openNotIn = %v, want [1]", got)
	}
}

// Over two simulated days of an order every 10 seconds, each filled at once, a
// book that prunes after a day holds at most a day of orders and a day of
// forgotten ids, however long it runs.
func TestTrackerHoldsAtMostThePruneWindowOfClosedOrders(t *testing.T) {
	tr := newTracker()
	keep := 24 * time.Hour
	step := 10 * time.Second
	perDay := int(keep / step)
	now := t0
	for i := range 2 * perDay {
		id := strconv.Itoa(1_000_000 + i)
		tr.observe(order(id, ack, "1", "0"), live, 0, now, nil)
		tr.observe(order(id, fll, "1", "1"), live, 0, now, nil)
		now = now.Add(step)
		if i%60 == 0 { // every 10 minutes
			tr.prune(now, keep)
		}
	}
	if len(tr.orders) > perDay+60 || len(tr.pruned) > perDay+60 {
		t.Fatalf("%d orders and %d forgotten ids held at the end, want at most a day's %d of each", len(tr.orders), len(tr.pruned), perDay)
	}
}
