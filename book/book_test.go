package book

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
)

func TestBookBeginsWithTheOpeningListing(t *testing.T) {
	s := newScript(t)
	s.setTruth(order("1", ack, "100", "0"), order("2", fll, "5", "5"))
	s.setPositions(v3.Positions{Positions: []v3.Position{{AccountID: acct, Symbol: "MSFT", PositionID: "p1", Quantity: dec("5")}}})
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)

	want := lines("1 Opened 0 reconcile", "2 Opened 0 reconcile", "2 Filled 5 reconcile")
	if got := brief(r.drain()); got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
	if o, ok := b.Order("2"); !ok || o.Status != fll {
		t.Errorf("Order(2) = %v %v, want FLL", o.Status, ok)
	}
	if _, ok := b.Order("3"); ok {
		t.Error("Order(3) found an order nobody reported")
	}
	if got := b.Orders(); len(got) != 2 || got[0].OrderID != "1" || got[1].OrderID != "2" {
		t.Errorf("Orders() = %d orders, want 1 and 2 in order", len(got))
	}
	if got := b.Positions(); len(got) != 1 || got[0].Symbol != "MSFT" {
		t.Errorf("Positions() = %+v", got)
	}
}

func TestBookStreamSnapshotThatRepeatsTheListingCausesNoEvent(t *testing.T) {
	s := newScript(t)
	s.setTruth(order("1", fpr, "100", "30"))
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	r.drain()

	s.order(order("1", fpr, "100", "30"))
	s.endOrderSnapshot()
	if evs := r.drain(); len(evs) != 0 {
		t.Fatalf("the snapshot caused events:\n%s", brief(evs))
	}
}

func TestBookCountsEachFillOnceThroughDuplicatesAndRepeatedSnapshots(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	s.endOrderSnapshot()

	s.order(order("1", ack, "100", "0"), order("1", ack, "100", "0"))
	s.order(order("1", don, "100", "30"), order("1", don, "100", "30"))
	s.reconnectOrders()
	s.order(order("1", fpr, "100", "30")) // the snapshot again
	s.endOrderSnapshot()
	s.order(order("1", ack, "100", "100"), order("1", fll, "100", "100"), order("1", fll, "100", "100"))
	s.reconnectOrders()
	s.order(order("1", fll, "100", "100"))
	s.endOrderSnapshot()

	evs := r.drain()
	want := lines("1 Opened 0 stream", "1 PartiallyFilled 30 stream", "1 Updated 0 reconcile", "1 Filled 70 stream", "1 Updated 0 stream")
	if got := brief(evs); got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
	if got := filledBy(t, evs)["1"]; got != "100" {
		t.Errorf("fills add up to %s, want 100", got)
	}
}

func TestBookFindsAFillMissedOnAReconnectSnapshot(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	s.endOrderSnapshot()
	s.order(order("1", ack, "100", "0"))
	// The FLL is lost with the connection; the next snapshot shows it.
	s.reconnectOrders()
	s.order(order("1", fll, "100", "100"))
	s.endOrderSnapshot()

	want := lines("1 Opened 0 stream", "1 Filled 100 reconcile")
	if got := brief(r.drain()); got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
}

func TestBookFindsAFillMissedOnAHealthyStreamAtTheNextReconcile(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t, WithReconcileEvery(5*time.Millisecond)))
	r := newReader(t, b)
	s.endOrderSnapshot()
	s.order(order("1", ack, "100", "0"))
	if got := brief(r.take(1)); got != lines("1 Opened 0 stream") {
		t.Fatalf("first event: %s", got)
	}
	// The stream stays quiet; TradeStation's REST answer has the fill.
	s.setTruth(order("1", fll, "100", "100"))
	if got := brief(r.take(1)); got != lines("1 Filled 100 reconcile") {
		t.Fatalf("after the reconcile: %s", got)
	}
	// Later reconciles repeat the truth and add nothing; the stream's late
	// FLL adds nothing either.
	s.order(order("1", fll, "100", "100"))
	waitListings(t, s, 3)
	if evs := r.drain(); len(evs) != 0 {
		t.Fatalf("the fill was reported again:\n%s", brief(evs))
	}
}

func waitListings(t *testing.T, s *script, n int) {
	t.Helper()
	s.mu.Lock()
	start := s.listings
	s.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.mu.Lock()
		done := s.listings >= start+n
		s.mu.Unlock()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d listings in 10s", n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestBookAsksRESTWhenASnapshotLacksAnOpenOrder(t *testing.T) {
	s := newScript(t)
	s.setTruth(order("5", ack, "10", "0"))
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	r.drain()

	// The new connection's snapshot does not list order 5: it ended in a
	// way the stream did not say. The book asks REST at once.
	s.setTruth(order("5", rej, "10", "0"))
	s.endOrderSnapshot()
	if got := brief(r.take(1)); got != lines("5 Rejected 0 reconcile") {
		t.Fatalf("events: %s", got)
	}
}

func TestBookReportsOrdersPlacedElsewhereAsOpened(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	s.endOrderSnapshot()

	s.order(order("8", ack, "3", "0")) // placed on the web: the stream shows it
	s.setTruth(order("8", ack, "3", "0"), order("9", fll, "1", "1"))
	if err := b.reconcile(context.Background(), false); err != nil { // 9's messages were lost
		t.Fatal(err)
	}
	want := lines("8 Opened 0 stream", "9 Opened 0 reconcile", "9 Filled 1 reconcile")
	if got := brief(r.drain()); got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
}

func TestBookListingOlderThanTheStreamDoesNotUndoIt(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	s.endOrderSnapshot()
	s.order(withLimit(order("1", ack, "100", "0"), "10"))

	// A listing leaves with the old price and is held while the stream
	// reports a replacement and a fill.
	s.setTruth(withLimit(order("1", ack, "100", "0"), "10"))
	gate := make(chan struct{})
	s.mu.Lock()
	s.gate = gate
	s.mu.Unlock()
	done := make(chan error)
	go func() { done <- b.reconcile(context.Background(), false) }()
	waitFor(t, func() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.listings > 1 })
	s.order(withLimit(order("1", ack, "100", "0"), "11"), withLimit(order("1", fpr, "100", "40"), "11"))
	close(gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	want := lines("1 Opened 0 stream", "1 Replaced 0 stream", "1 PartiallyFilled 40 stream")
	if got := brief(r.drain()); got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
	if o, _ := b.Order("1"); o.LimitPrice.String() != "11" || o.Status != fpr {
		t.Errorf("the order went back to %s %s", o.Status, o.LimitPrice)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10s")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestBookGroupSiblingCanceledOffStreamArrivesFromReconcile(t *testing.T) {
	s := newScript(t)
	a := linked(order("10", ack, "100", "0"), v3.OrderRelationshipOCO, "11")
	c := linked(order("11", ack, "100", "0"), v3.OrderRelationshipOCO, "10")
	s.setTruth(a, c)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	r.drain()
	s.endOrderSnapshot()

	// 10 fills on the stream; TradeStation cancels 11 but that message is lost.
	aFilled := linked(order("10", fll, "100", "100"), v3.OrderRelationshipOCO, "11")
	cCanceled := linked(order("11", can, "100", "0"), v3.OrderRelationshipOCO, "10")
	s.order(aFilled)
	s.setTruth(aFilled, cCanceled)
	if err := b.reconcile(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	evs := r.drain()
	want := lines("10 Filled 100 stream", "11 Canceled 0 reconcile")
	if got := brief(evs); got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
	if links := evs[1].Order.ConditionalOrders; len(links) != 1 || links[0].OrderID != "10" || links[0].Relationship != v3.OrderRelationshipOCO {
		t.Errorf("the canceled sibling lost its link: %+v", links)
	}
}

func TestBookReopensAStreamThatEndedAndReconciles(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	s.endOrderSnapshot()
	s.order(order("1", ack, "10", "0"))
	r.drain()
	listings := func() int { s.mu.Lock(); defer s.mu.Unlock(); return s.listings }
	before := listings()

	s.setTruth(order("1", fll, "10", "10"))
	s.endOrderStream(fmt.Errorf("%w (10 in a row allowed): stream: connection lost", stream.ErrRetriesExhausted))
	if err := r.takeError(); !strings.Contains(err.Error(), "book: order stream: stream: reconnection attempts exhausted") {
		t.Errorf("error = %v", err)
	}
	if got := brief(r.take(1)); got != lines("1 Filled 10 reconcile") {
		t.Fatalf("after the stream ended: %s", got)
	}
	waitFor(t, func() bool { return s.streamsOpened("orders") == 2 })
	if listings() <= before {
		t.Error("no listing after the stream ended")
	}
	s.order(order("2", ack, "1", "0")) // the reopened stream's snapshot
	if got := brief(r.drain()); got != lines("2 Opened 0 reconcile") {
		t.Fatalf("reopened stream: %s", got)
	}
}

func TestBookQueuesStreamErrorsAndGoesOn(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	s.send(s.orderMsgs, msg{err: errors.New("stream: FAILED, EX_INVALID_ACCOUNT")})
	s.order(v3.Order{Status: ack}) // no OrderID
	s.order(order("1", ack, "1", "0"))
	if err := r.takeError(); !strings.Contains(err.Error(), "EX_INVALID_ACCOUNT") {
		t.Errorf("first error = %v", err)
	}
	if err := r.takeError(); !strings.Contains(err.Error(), "without OrderID") {
		t.Errorf("second error = %v", err)
	}
	if got := brief(r.take(1)); got != lines("1 Opened 0 reconcile") {
		t.Errorf("then: %s", got)
	}
}

func TestBookReconcileFailureIsAnErrorEventAndTheNextOneRecovers(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t, WithReconcileEvery(5*time.Millisecond)))
	r := newReader(t, b)
	s.mu.Lock()
	s.orderErr = errors.New("tradestation: 503 ServiceUnavailable")
	s.mu.Unlock()
	if err := r.takeError(); !strings.Contains(err.Error(), "book: listing orders: tradestation: 503") {
		t.Errorf("error = %v", err)
	}
	s.mu.Lock()
	s.orderErr = nil
	s.truth = []v3.Order{order("1", ack, "1", "0")}
	s.mu.Unlock()
	for {
		ev, err, ok := r.next()
		if !ok {
			t.Fatal("events ended")
		}
		if err == nil {
			if got := brief([]Event{ev}); got != lines("1 Opened 0 reconcile") {
				t.Fatalf("after recovery: %s", got)
			}
			return
		}
	}
}

func TestBookMergesTheOrdersOfAReconcileWhosePositionsFailed(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	s.setTruth(order("1", ack, "1", "0"))
	s.mu.Lock()
	s.posErr = errors.New("tradestation: 502 BadGateway")
	s.mu.Unlock()
	err := b.reconcile(context.Background(), false)
	if err == nil || err.Error() != "book: listing positions: tradestation: 502 BadGateway" {
		t.Fatalf("error = %v", err)
	}
	if got := brief(r.drain()); got != lines("1 Opened 0 reconcile") {
		t.Fatalf("the orders were not merged: %s", got)
	}
}

func TestBookKeepsPositionsFromStreamAndListings(t *testing.T) {
	s := newScript(t)
	msft := v3.Position{AccountID: acct, Symbol: "MSFT", PositionID: "p1", Quantity: dec("10")}
	aapl := v3.Position{AccountID: acct, Symbol: "AAPL", PositionID: "p2", Quantity: dec("5")}
	s.setPositions(v3.Positions{Positions: []v3.Position{msft, aapl}})
	b := openScripted(t, s, testConfig(t))
	symbols := func() string {
		var out []string
		for _, p := range b.Positions() {
			out = append(out, p.Symbol+"="+p.Quantity.String())
		}
		return strings.Join(out, " ")
	}
	if got := symbols(); got != "AAPL=5 MSFT=10" {
		t.Fatalf("after Open: %s", got)
	}

	// The stream's snapshot lists MSFT only: AAPL was closed meanwhile.
	s.position(msft)
	s.endPositionSnapshot()
	if got := symbols(); got != "MSFT=10" {
		t.Fatalf("after the snapshot: %s", got)
	}
	// A change, a new position, and a close that names only the PositionID.
	msft.Quantity = dec("12")
	ibm := v3.Position{AccountID: acct, Symbol: "IBM", PositionID: "p3", Quantity: dec("-3")}
	s.position(msft, ibm, v3.Position{PositionID: "p1", Deleted: true})
	if got := symbols(); got != "IBM=-3" {
		t.Fatalf("after live changes: %s", got)
	}

	// A listing older than those messages must not bring MSFT back.
	s.setPositions(v3.Positions{Positions: []v3.Position{msft, aapl}})
	b.mu.Lock()
	b.t.listPositions(&v3.Positions{Positions: []v3.Position{msft}}, 0)
	b.mu.Unlock()
	if got := symbols(); got != "IBM=-3" {
		t.Fatalf("an older listing changed the positions: %s", got)
	}
	// A current listing is the truth: IBM is gone and AAPL is back.
	if err := b.reconcile(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	if got := symbols(); got != "AAPL=5 MSFT=12" {
		t.Fatalf("after a listing: %s", got)
	}
	// A listing that failed for the account proves nothing about its positions.
	s.setPositions(v3.Positions{Errors: []v3.AccountError{{AccountID: acct, Error: "Failed", Message: "try again"}}})
	if err := b.reconcile(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	if got := symbols(); got != "AAPL=5 MSFT=12" {
		t.Fatalf("a failed listing removed positions: %s", got)
	}
}

func TestBookPositionSnapshotAfterReconnectReplacesWhatItHeld(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	s.endPositionSnapshot()
	s.position(v3.Position{AccountID: acct, Symbol: "MSFT", PositionID: "p1", Quantity: dec("1")})
	s.reconnectPositions()
	s.position(v3.Position{AccountID: acct, Symbol: "AAPL", PositionID: "p2", Quantity: dec("2")})
	if got := len(b.Positions()); got != 2 {
		t.Fatalf("before EndSnapshot: %d positions, want 2 (nothing is removed until the snapshot ends)", got)
	}
	s.endPositionSnapshot()
	if got := b.Positions(); len(got) != 1 || got[0].Symbol != "AAPL" {
		t.Fatalf("after EndSnapshot: %+v", got)
	}
	s.endPositionSnapshot() // a second one, with nothing listed since, removes nothing
	if got := len(b.Positions()); got != 1 {
		t.Fatalf("a repeated EndSnapshot removed positions: %d left", got)
	}
}

func TestBookPrunesClosedOrdersAfterTheirTime(t *testing.T) {
	s := newScript(t)
	var mu sync.Mutex
	now := t0
	cfg := testConfig(t, WithPruneClosedAfter(time.Hour), WithReconcileEvery(time.Millisecond))
	cfg.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s.setTruth(order("1", fll, "1", "1"), order("2", ack, "1", "0"))
	b := openScripted(t, s, cfg)
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	waitFor(t, func() bool { _, ok := b.Order("1"); return !ok })
	if _, ok := b.Order("2"); !ok {
		t.Fatal("the open order was pruned")
	}
	r := newReader(t, b)
	waitListings(t, s, 2) // listings still name order 1: it stays forgotten
	for _, ev := range r.drain() {
		if ev.Order.OrderID == "1" && ev.Kind != Opened && ev.Kind != Filled {
			t.Fatalf("pruned order came back: %s", brief([]Event{ev}))
		}
	}
	if len(b.Orders()) != 1 {
		t.Fatalf("%d orders, want 1", len(b.Orders()))
	}
}

func TestBookEventsRunsOneLoopAtATimeAndResumes(t *testing.T) {
	s := newScript(t)
	s.setTruth(order("1", ack, "1", "0"), order("2", ack, "1", "0"))
	b := openScripted(t, s, testConfig(t))
	for ev, err := range b.Events(context.Background()) {
		if err != nil || ev.Order.OrderID != "1" {
			t.Fatalf("first: %v %v", ev.Order.OrderID, err)
		}
		for _, err := range b.Events(context.Background()) {
			if err == nil || !strings.Contains(err.Error(), "another Events loop") {
				t.Fatalf("second loop at once: %v", err)
			}
		}
		break
	}
	for ev, err := range b.Events(context.Background()) {
		if err != nil || ev.Order.OrderID != "2" {
			t.Fatalf("the next loop did not resume at order 2: %v %v", ev.Order.OrderID, err)
		}
		break
	}
}

func TestBookEventsEndsWithTheContextAndAfterClose(t *testing.T) {
	s := newScript(t)
	s.setTruth(order("1", ack, "1", "0"))
	b := openScripted(t, s, testConfig(t))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []error
	for _, err := range b.Events(ctx) {
		got = append(got, err)
		cancel()
	}
	if len(got) != 2 || got[0] != nil || !errors.Is(got[1], context.Canceled) {
		t.Fatalf("with a cancelled context: %v, want [nil context.Canceled]", got)
	}

	s.order(order("2", ack, "1", "0"))
	b.Close()
	n := 0
	for ev, err := range b.Events(context.Background()) {
		if err != nil || ev.Order.OrderID != "2" {
			t.Fatalf("after Close: %v %v", ev.Order.OrderID, err)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("after Close the loop yielded %d events, want the 1 queued", n)
	}
}

func TestBookReturnsCopiesThatCannotChangeIt(t *testing.T) {
	s := newScript(t)
	s.setTruth(order("1", ack, "1", "0"))
	b := openScripted(t, s, testConfig(t))
	o, _ := b.Order("1")
	o.Legs[0].Symbol = "CHANGED"
	for ev := range b.Events(context.Background()) {
		ev.Order.Legs[0].Symbol = "CHANGED"
		break
	}
	b.Orders()[0].Legs[0].Symbol = "CHANGED"
	if o, _ := b.Order("1"); o.Legs[0].Symbol != "MSFT" {
		t.Fatalf("the book's order was changed through a copy: %s", o.Legs[0].Symbol)
	}
}

func TestOpenRefusesBadInput(t *testing.T) {
	many := make([]string, 26)
	for i := range many {
		many[i] = "A" + strings.Repeat("1", i+1)
	}
	tests := []struct {
		name     string
		accounts []string
		opts     []Option
		listErr  error
		failed   []v3.AccountError
		want     string
	}{
		{name: "no accounts", want: "book: no account ids given"},
		{name: "too many accounts", accounts: many, want: "book: 26 account ids given, TradeStation takes at most 25"},
		{name: "an empty account", accounts: []string{acct, " "}, want: `book: account id 1 (" ") is empty or holds a comma`},
		{name: "a comma", accounts: []string{"A,B"}, want: `book: account id 0 ("A,B") is empty or holds a comma`},
		{name: "a bad interval", accounts: []string{acct}, opts: []Option{WithReconcileEvery(0)}, want: "book: invalid option: reconcile interval 0s is not positive"},
		{name: "a bad prune delay", accounts: []string{acct}, opts: []Option{WithPruneClosedAfter(-time.Hour)}, want: "book: invalid option: prune delay -1h0m0s is not positive"},
		{name: "a failed listing", accounts: []string{acct}, listErr: errors.New("tradestation: 401 Unauthorized"), want: "book: listing orders: tradestation: 401 Unauthorized"},
		{name: "an account the listing refused", accounts: []string{acct}, failed: []v3.AccountError{{AccountID: acct, Error: "Forbidden", Message: "Invalid Account ID."}},
			want: "book: listing positions: account " + acct + ": Forbidden: Invalid Account ID."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScript(t)
			s.orderErr = tt.listErr
			s.holdings.Errors = tt.failed
			cfg, err := newConfig(tt.opts)
			if err == nil {
				_, err = open(context.Background(), s, tt.accounts, cfg)
			}
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := Open(context.Background(), nil, []string{acct}); err == nil || err.Error() != "book: nil client (use client.NewV3)" {
		t.Errorf("nil client: %v", err)
	}
}

func TestBookIsSafeForConcurrentReaders(t *testing.T) {
	s := newScript(t)
	b := openScripted(t, s, testConfig(t, WithReconcileEvery(2*time.Millisecond)))
	r := newReader(t, b)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, o := range b.Orders() {
					b.Order(o.OrderID)
				}
				b.Positions()
				time.Sleep(100 * time.Microsecond)
			}
		})
	}
	s.endOrderSnapshot()
	for i := range 100 {
		id := strconv.Itoa(1000 + i)
		s.order(order(id, ack, "2", "0"), order(id, fpr, "2", "1"), order(id, fll, "2", "2"))
		if i%25 == 0 {
			s.setTruth(b.Orders()...)
		}
	}
	close(stop)
	wg.Wait()
	evs := r.take(300) // Opened, PartiallyFilled, Filled for each
	if extra := r.drain(); len(extra) != 0 {
		t.Fatalf("events beyond the 300 expected:\n%s", brief(extra))
	}
	for id, sum := range filledBy(t, evs) {
		if sum != "2" {
			t.Errorf("order %s: fills add up to %s, want 2", id, sum)
		}
	}
}

func TestBookCloseEndsEveryGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 5 {
		s := newScript(t)
		b, err := open(context.Background(), s, []string{acct}, testConfig(t, WithReconcileEvery(time.Millisecond)))
		if err != nil {
			t.Fatal(err)
		}
		s.endOrderSnapshot()
		b.Close()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := newScript(t)
	b, err := open(ctx, s, []string{acct}, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	cancel() // the end of Open's context closes the book too
	b.wg.Wait()
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before })
}
