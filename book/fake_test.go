package book_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/book"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// The tests in this file run a book through the SDK's real client and
// streams against the fake TradeStation over loopback, while the fake
// drops, repeats and breaks what it sends; REST stays truthful, and at the
// end the events must agree with it. Everything random is seeded: the
// fake's prices and partial fills (WithSeed), the faults' picks, the
// orders the tests place.

const account = tradestationtest.MarginAccountID

// onFake is a book on a fake TradeStation, with a tap on its streams.
type onFake struct {
	t       *testing.T
	srv     *tradestationtest.Server
	api     *v3.Client // the book's client
	tap     *wireTap
	b       *book.Book
	evs     *events
	retries atomic.Int64 // reconnection waits of the book's streams (stream.OnRetry)
}

// openOnFake starts a fake with partial fills seeded by seed and opens a
// book on it (see open).
func openOnFake(t *testing.T, seed int64, opts ...book.Option) *onFake {
	t.Helper()
	f := newFake(t, seed)
	f.open(nil, opts...)
	return f
}

// newFake starts a fake with partial fills seeded by seed that sends a
// heartbeat every 50 ms.
func newFake(t *testing.T, seed int64) *onFake {
	t.Helper()
	f := &onFake{t: t}
	f.srv = tradestationtest.NewServer(tradestationtest.WithPartialFills(), tradestationtest.WithSeed(seed),
		tradestationtest.WithHeartbeat(50*time.Millisecond))
	t.Cleanup(f.srv.Close)
	base := f.srv.HTTPClient().Transport
	if base == nil {
		base = http.DefaultTransport
	}
	f.tap = &wireTap{base: base, conns: map[string]int{}}
	return f
}

// open opens the book, on a session made with sessOpts whose requests go
// through the tap. The book reconciles every 150 ms and gives up on a
// silent stream after 400 ms.
func (f *onFake) open(sessOpts []auth.Option, opts ...book.Option) {
	f.t.Helper()
	api, err := client.NewV3(f.srv.Session(append(sessOpts, auth.WithHTTPClient(&http.Client{Transport: f.tap}))...))
	if err != nil {
		f.t.Fatal(err)
	}
	f.api = api
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	f.t.Cleanup(cancel)
	streamOpts := book.WithStreamOptions(stream.WithIdleTimeout(400*time.Millisecond), stream.WithBackoff(20*time.Millisecond, 200*time.Millisecond),
		stream.OnRetry(func(int, time.Duration, error) { f.retries.Add(1) }))
	f.b, err = book.Open(ctx, api, []string{account}, append([]book.Option{book.WithReconcileEvery(150 * time.Millisecond), streamOpts}, opts...)...)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(f.b.Close)
	f.evs = collect(ctx, f.b)
}

// newClient is another program's client on the same fake account.
func (f *onFake) newClient() *v3.Client {
	f.t.Helper()
	api, err := client.NewV3(f.srv.Session())
	if err != nil {
		f.t.Fatal(err)
	}
	return api
}

// place places one order and returns its id.
func (f *onFake) place(api *v3.Client, req v3.OrderRequest) string {
	f.t.Helper()
	req.AccountID = account
	if req.TimeInForce.Duration == "" {
		req.TimeInForce.Duration = v3.DurationGTC
	}
	res, err := api.PlaceOrder(context.Background(), req)
	if err != nil {
		f.t.Fatal(err)
	}
	want := 1
	for _, g := range req.OSOs {
		want += len(g.Orders)
	}
	if len(res.Errors) > 0 || len(res.Orders) != want {
		f.t.Fatalf("placing %s %s %s: %+v", req.TradeAction, req.Quantity, req.Symbol, res)
	}
	return res.Orders[0].OrderID // the parent's, for an order with OSOs
}

// placeGroup places a group and returns its orders' ids.
func (f *onFake) placeGroup(typ v3.OrderGroupType, reqs ...v3.OrderRequest) []string {
	f.t.Helper()
	for i := range reqs {
		reqs[i].AccountID = account
		reqs[i].TimeInForce.Duration = v3.DurationGTC
	}
	res, err := f.api.PlaceGroupOrder(context.Background(), v3.GroupOrderRequest{Type: typ, Orders: reqs})
	if err != nil {
		f.t.Fatal(err)
	}
	if len(res.Errors) > 0 || len(res.Orders) != len(reqs) {
		f.t.Fatalf("placing a %s group: %+v", typ, res)
	}
	var ids []string
	for _, o := range res.Orders {
		ids = append(ids, o.OrderID)
	}
	return ids
}

func (f *onFake) cancel(id string) {
	f.t.Helper()
	if _, err := f.api.CancelOrder(context.Background(), id); err != nil {
		f.t.Fatal(err)
	}
}

// price is a price of symbol over the next ten minutes: the low, the
// high, or k times the low.
func (f *onFake) price(symbol string, pick func(low, high value.Decimal) value.Decimal) value.Decimal {
	f.t.Helper()
	low, high, err := f.srv.PriceRange(symbol, 10*time.Minute)
	if err != nil {
		f.t.Fatal(err)
	}
	return pick(low, high)
}

// breakOrderStream makes the fake break the book's order stream with
// fault and waits for the stream to connect again. The fault goes to the
// next stream that sends anything, which may be the position stream: then
// it is asked for again.
func (f *onFake) breakOrderStream(fault tradestationtest.StreamFault) {
	f.t.Helper()
	before := f.tap.connections("orders")
	deadline := time.Now().Add(10 * time.Second)
	for f.tap.connections("orders") == before {
		positions := f.tap.connections("positions")
		if err := f.srv.BreakOpenStreams(fault, 1); err != nil {
			f.t.Fatal(err)
		}
		for f.tap.connections("orders") == before && f.tap.connections("positions") == positions {
			if time.Now().After(deadline) {
				f.t.Fatalf("the order stream did not reconnect within 10s of a %s", fault)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
}

// truth lists every order of the account over REST.
func (f *onFake) truth() []v3.Order {
	f.t.Helper()
	var all []v3.Order
	for o, err := range client.Orders(context.Background(), f.api, []string{account}, nil) {
		if err != nil {
			f.t.Fatal(err)
		}
		all = append(all, o)
	}
	return all
}

// settle clears the faults and waits until the book's events and state
// agree with REST about every order (the reconciles make them agree),
// then closes the book and returns the truth and every event.
func (f *onFake) settle() ([]v3.Order, []book.Event) {
	f.t.Helper()
	f.srv.ClearFaults()
	deadline := time.Now().Add(15 * time.Second)
	for {
		truth := f.truth()
		disagree := f.disagreement(truth)
		if disagree == "" {
			f.b.Close()
			<-f.evs.done
			if len(f.evs.errs) > 0 {
				f.t.Errorf("the book yielded errors: %v", f.evs.errs)
			}
			return truth, f.evs.all
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("15s after the faults ended the book still disagrees with REST: %s", disagree)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// disagreement says where the book differs from truth, or "".
func (f *onFake) disagreement(truth []v3.Order) string {
	f.evs.mu.Lock()
	filled := filledByOrder(f.evs.all)
	f.evs.mu.Unlock()
	for _, o := range truth {
		mine, ok := f.b.Order(o.OrderID)
		switch {
		case !ok:
			return "order " + o.OrderID + " unknown"
		case mine.Status != o.Status:
			return fmt.Sprintf("order %s is %s in the book, %s at TradeStation", o.OrderID, mine.Status, o.Status)
		case filled[o.OrderID].Cmp(execOf(o)) != 0:
			return fmt.Sprintf("order %s: events filled %s, TradeStation says %s", o.OrderID, filled[o.OrderID], execOf(o))
		}
	}
	return ""
}

func filledByOrder(evs []book.Event) map[string]value.Decimal {
	sums := map[string]value.Decimal{}
	for _, ev := range evs {
		s, ok := sums[ev.Order.OrderID]
		if !ok {
			s = value.NewDecimal(0, 0)
		}
		sums[ev.Order.OrderID] = s.Add(ev.Filled)
	}
	return sums
}

// execOf is how much of o has filled, over its legs.
func execOf(o v3.Order) value.Decimal {
	sum := value.NewDecimal(0, 0)
	for _, l := range o.Legs {
		if !l.ExecQuantity.IsZero() {
			sum = sum.Add(l.ExecQuantity)
		}
	}
	return sum
}

func orderedOf(o v3.Order) value.Decimal {
	sum := value.NewDecimal(0, 0)
	for _, l := range o.Legs {
		sum = sum.Add(l.QuantityOrdered)
	}
	return sum
}

// final reports whether status ends an order, by the package doc's table.
func final(status v3.OrderStatus) bool {
	switch status {
	case v3.OrderStatusFilled, v3.OrderStatusPartialFillUROut, v3.OrderStatusCanceled, v3.OrderStatusUROut,
		v3.OrderStatusTradeServerCanceled, v3.OrderStatusRecalled, v3.OrderStatusBroken, v3.OrderStatusExpired,
		v3.OrderStatusRejected, v3.OrderStatusReplaced:
		return true
	}
	return false
}

// tally is what the events of a run showed.
type tally struct {
	orders, fills, fillsFromReconcile int
	kinds                             map[book.Kind]int
}

// checkAgainstTruth checks every order's events against TradeStation's
// truth: one Opened, first; fills whose Filled is the rise of the order's
// filled quantity (so no fill counted twice) and add up to TradeStation's;
// PartiallyFilled only while some is left; one ending, only for an order
// TradeStation reports final, and after it no fill and nothing but
// Updated.
func checkAgainstTruth(t *testing.T, truth []v3.Order, evs []book.Event) tally {
	t.Helper()
	byOrder := map[string][]book.Event{}
	for _, ev := range evs {
		byOrder[ev.Order.OrderID] = append(byOrder[ev.Order.OrderID], ev)
	}
	n := tally{orders: len(truth), kinds: map[book.Kind]int{}}
	for _, o := range truth {
		list := byOrder[o.OrderID]
		delete(byOrder, o.OrderID)
		if len(list) == 0 || list[0].Kind != book.Opened {
			t.Errorf("order %s: events %s, want Opened first", o.OrderID, kinds(list))
			continue
		}
		cum := value.NewDecimal(0, 0)
		ended := false
		for i, ev := range list {
			n.kinds[ev.Kind]++
			fill := ev.Kind == book.PartiallyFilled || (ev.Kind == book.Filled && ev.Filled.Sign() > 0)
			switch {
			case i > 0 && ev.Kind == book.Opened:
				t.Errorf("order %s opened again: %s", o.OrderID, kinds(list))
			case fill && ended:
				t.Errorf("order %s: a fill after its ending: %s", o.OrderID, kinds(list))
			case fill && ev.Filled.Sign() <= 0:
				t.Errorf("order %s: %s of %s", o.OrderID, ev.Kind, ev.Filled)
			case !fill && ev.Filled.Sign() != 0:
				t.Errorf("order %s: %s with Filled %s", o.OrderID, ev.Kind, ev.Filled)
			case ended && ev.Kind != book.Updated:
				t.Errorf("order %s: %s after its ending: %s", o.OrderID, ev.Kind, kinds(list))
			}
			if fill {
				n.fills++
				if ev.Source == book.FromReconcile {
					n.fillsFromReconcile++
				}
				cum = cum.Add(ev.Filled)
				if got := execOf(ev.Order); got.Cmp(cum) != 0 {
					t.Errorf("order %s: a fill of %s brings the events to %s, but the order shows %s filled", o.OrderID, ev.Filled, cum, got)
				}
				if ev.Kind == book.PartiallyFilled && cum.Cmp(orderedOf(o)) >= 0 {
					t.Errorf("order %s: PartiallyFilled with all %s filled", o.OrderID, cum)
				}
			}
			switch ev.Kind {
			case book.Filled, book.Canceled, book.Rejected, book.Expired:
				ended = true
			case book.Replaced:
				ended = final(ev.Order.Status)
			}
		}
		if cum.Cmp(execOf(o)) != 0 {
			t.Errorf("order %s: events filled %s, TradeStation says %s", o.OrderID, cum, execOf(o))
		}
		if ended != final(o.Status) {
			t.Errorf("order %s is %s at TradeStation; its events %s", o.OrderID, o.Status, kinds(list))
		}
	}
	for id, list := range byOrder {
		t.Errorf("events for order %s that TradeStation does not list: %s", id, kinds(list))
	}
	return n
}

func kinds(evs []book.Event) string {
	var b strings.Builder
	for i, ev := range evs {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s", ev.Kind)
		if ev.Filled.Sign() != 0 {
			fmt.Fprintf(&b, "(%s)", ev.Filled)
		}
		if ev.Source == book.FromReconcile {
			b.WriteString("[r]")
		}
	}
	return "[" + b.String() + "]"
}

// wireTap counts, below the client, the stream connections and what the
// order streams deliver.
type wireTap struct {
	base http.RoundTripper

	mu         sync.Mutex
	conns      map[string]int // stream connections, by "orders" and "positions"
	frames     int            // order messages received
	duplicates int            // order messages equal to the one before on their connection
}

func (w *wireTap) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := w.base.RoundTrip(req)
	p := req.URL.Path
	kind := ""
	if strings.Contains(p, "/brokerage/stream/accounts/") {
		kind = p[strings.LastIndex(p, "/")+1:]
	}
	if err != nil || kind == "" || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	w.mu.Lock()
	w.conns[kind]++
	w.mu.Unlock()
	if kind == "orders" {
		resp.Body = &tappedBody{ReadCloser: resp.Body, tap: w}
	}
	return resp, nil
}

func (w *wireTap) connections(kind string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.conns[kind]
}

func (w *wireTap) counts() (frames, duplicates int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.frames, w.duplicates
}

type tappedBody struct {
	io.ReadCloser
	tap        *wireTap
	part, prev []byte
}

func (b *tappedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.part = append(b.part, p[:n]...)
	for {
		i := bytes.IndexByte(b.part, '\n')
		if i < 0 {
			break
		}
		line := bytes.TrimSpace(b.part[:i])
		if bytes.Contains(line, []byte(`"OrderID"`)) {
			b.tap.mu.Lock()
			b.tap.frames++
			if bytes.Equal(line, b.prev) {
				b.tap.duplicates++
			}
			b.tap.mu.Unlock()
			b.prev = append(b.prev[:0], line...)
		}
		b.part = b.part[i+1:]
	}
	return n, err
}

var symbols = []string{"MSFT", "AAPL", "SPY", "QQQ", "TSLA", "NVDA", "AMZN"}

// trade places n orders of seeded sizes and kinds through placers (in
// turn), cancels and replaces some, and moves the clock second by second
// while the order stream is broken by GoAway, Stall and Drop. It returns
// the ids of the orders placed through each placer.
func (f *onFake) trade(rng *rand.Rand, n int, placers ...*v3.Client) map[*v3.Client][]string {
	f.t.Helper()
	placed := map[*v3.Client][]string{}
	var farOff []string // limits that will not fill: replaced, then cancelled
	for i := range n {
		api := placers[i%len(placers)]
		sym := symbols[rng.IntN(len(symbols))]
		req := v3.OrderRequest{Symbol: sym, Quantity: value.NewDecimal(int64(8+rng.IntN(33)), 0), OrderType: v3.OrderTypeMarket, TradeAction: v3.TradeActionBuy}
		if rng.IntN(2) == 0 {
			req.TradeAction = v3.TradeActionSellShort
		}
		switch i % 5 {
		case 3: // a marketable limit: it fills in parts at the quote
			req.OrderType = v3.OrderTypeLimit
			req.LimitPrice = f.price(sym, func(low, high value.Decimal) value.Decimal {
				if req.TradeAction == v3.TradeActionBuy {
					return high
				}
				return low
			})
		case 4: // a limit far from the market
			req.OrderType, req.TradeAction = v3.OrderTypeLimit, v3.TradeActionBuy
			req.LimitPrice = f.price(sym, func(low, _ value.Decimal) value.Decimal { return low.Mul(value.MustParseDecimal("0.5")).Round(2) })
		}
		id := f.place(api, req)
		placed[api] = append(placed[api], id)
		switch {
		case i%5 == 4:
			farOff = append(farOff, id)
		case i%7 == 6:
			f.cancel(id) // partly filled at once: it ends Partial Fill (UROut)
		}
	}
	for _, id := range farOff[:len(farOff)/2] {
		o, _ := f.b.Order(id)
		if _, err := f.api.ReplaceOrder(context.Background(), id, v3.OrderReplaceRequest{LimitPrice: o.LimitPrice.Add(value.MustParseDecimal("0.01"))}); err != nil {
			f.t.Fatal(err)
		}
	}
	breaks := map[int]tradestationtest.StreamFault{3: tradestationtest.GoAway, 7: tradestationtest.Stall, 11: tradestationtest.Drop}
	for step := range 20 {
		if fault, ok := breaks[step]; ok {
			f.breakOrderStream(fault)
		}
		f.srv.Advance(time.Second)
		time.Sleep(10 * time.Millisecond)
	}
	for _, id := range farOff {
		f.cancel(id)
	}
	return placed
}

// dropAndRepeat sets the order-message faults: the first three fills
// (FLL) dropped, a seeded quarter of the partial fills (FPR) dropped, the
// first cancellation dropped, a seeded third of what is left sent twice.
func (f *onFake) dropAndRepeat(seed int64) {
	f.t.Helper()
	for _, err := range []error{
		f.srv.DropOrderMessages(tradestationtest.OrderMessages{Status: v3.OrderStatusFilled}, 3),
		f.srv.DropOrderMessages(tradestationtest.OrderMessages{Status: v3.OrderStatusPartialFillAlive, Fraction: 0.25, Seed: seed}, 0),
		f.srv.DropOrderMessages(tradestationtest.OrderMessages{Status: v3.OrderStatusCanceled}, 1),
		f.srv.DuplicateOrderMessages(tradestationtest.OrderMessages{Fraction: 0.33, Seed: seed + 1}, 0),
	} {
		if err != nil {
			f.t.Fatal(err)
		}
	}
}

// report logs and checks what a run went through, so that a run whose
// faults did not happen cannot pass.
func (f *onFake) report(n tally) {
	f.t.Helper()
	frames, dups := f.tap.counts()
	conns := f.tap.connections("orders")
	f.t.Logf("%d orders, %d fill events (%d found by a reconcile), kinds %v; on the wire: %d order frames, %d duplicated, %d order-stream connections, %d reconnection waits",
		n.orders, n.fills, n.fillsFromReconcile, n.kinds, frames, dups, conns, f.retries.Load())
	switch {
	case dups == 0:
		f.t.Error("no order frame came twice: the duplicate fault did nothing")
	case conns < 4:
		f.t.Errorf("%d order-stream connections, want at least 4 (three breaks)", conns)
	case n.fillsFromReconcile == 0:
		f.t.Error("no fill was found by a reconcile: the drop faults did nothing")
	case n.kinds[book.PartiallyFilled] == 0 || n.kinds[book.Canceled] == 0 || n.kinds[book.Replaced] == 0:
		f.t.Errorf("kinds %v: want partial fills, cancellations and replacements", n.kinds)
	}
}

func TestBookOnTheFakeCountsEachPartialFillOnceThroughLostRepeatedFramesAndBrokenStreams(t *testing.T) {
	const seed = 20260423
	f := openOnFake(t, seed)
	f.dropAndRepeat(seed)
	f.trade(rand.New(rand.NewPCG(seed, 1)), 30, f.api)
	truth, evs := f.settle()
	f.report(checkAgainstTruth(t, truth, evs))
}

func TestBookOnTheFakeOpensOrdersPlacedByASecondClient(t *testing.T) {
	const seed = 7
	f := openOnFake(t, seed)
	f.dropAndRepeat(seed)
	other := f.newClient()
	placed := f.trade(rand.New(rand.NewPCG(seed, 2)), 30, f.api, other)
	// One more, whose only stream message is lost: a reconcile finds it.
	f.srv.ClearFaults() // the first fault that picks a message decides
	if err := f.srv.DropOrderMessages(tradestationtest.OrderMessages{Status: v3.OrderStatusSent}, 1); err != nil {
		t.Fatal(err)
	}
	unseen := f.place(other, v3.OrderRequest{Symbol: "MSFT", Quantity: value.NewDecimal(3, 0), OrderType: v3.OrderTypeLimit, TradeAction: v3.TradeActionBuy,
		LimitPrice: f.price("MSFT", func(low, _ value.Decimal) value.Decimal { return low.Mul(value.MustParseDecimal("0.5")).Round(2) })})
	if ev := f.evs.waitFor(t, unseen, book.Opened); ev.Source != book.FromReconcile {
		t.Errorf("the order whose message was lost opened from %s, want a reconcile", ev.Source)
	}
	truth, evs := f.settle()
	n := checkAgainstTruth(t, truth, evs)
	f.report(n)
	first := map[string]book.Event{}
	for _, ev := range evs {
		if _, ok := first[ev.Order.OrderID]; !ok {
			first[ev.Order.OrderID] = ev
		}
	}
	for _, id := range placed[other] {
		if ev, ok := first[id]; !ok || ev.Kind != book.Opened {
			t.Errorf("order %s of the second client: first event %+v, want Opened", id, ev.Kind)
		}
	}
	if len(placed[other]) != 15 {
		t.Errorf("the second client placed %d orders, want 15", len(placed[other]))
	}
}

// half is half the low of the next ten minutes: a price no order reaches.
func half(low, _ value.Decimal) value.Decimal { return low.Mul(value.MustParseDecimal("0.5")).Round(2) }

func TestBookOnTheFakeReportsEveryLegOfOCOAndBracketGroups(t *testing.T) {
	const seed = 99
	f := openOnFake(t, seed)
	// A position for the bracket to exit, filled before the faults.
	f.place(f.api, v3.OrderRequest{Symbol: "AAPL", Quantity: value.NewDecimal(20, 0), OrderType: v3.OrderTypeMarket, TradeAction: v3.TradeActionBuy})
	for range 30 {
		f.srv.Advance(time.Second)
	}
	// Every cancellation lost on the stream: the cancelled legs must come
	// from reconciles. A third of the rest sent twice.
	if err := f.srv.DropOrderMessages(tradestationtest.OrderMessages{Status: v3.OrderStatusCanceled}, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.DuplicateOrderMessages(tradestationtest.OrderMessages{Fraction: 0.33, Seed: seed}, 0); err != nil {
		t.Fatal(err)
	}

	// OCO: a buy at the low of the next ten minutes fills; the buy at half
	// of it is cancelled.
	oco := f.placeGroup(v3.OrderGroupTypeOCO,
		v3.OrderRequest{Symbol: "MSFT", Quantity: value.NewDecimal(30, 0), OrderType: v3.OrderTypeLimit, TradeAction: v3.TradeActionBuy,
			LimitPrice: f.price("MSFT", func(low, _ value.Decimal) value.Decimal { return low })},
		v3.OrderRequest{Symbol: "MSFT", Quantity: value.NewDecimal(30, 0), OrderType: v3.OrderTypeLimit, TradeAction: v3.TradeActionBuy,
			LimitPrice: f.price("MSFT", half)})
	// Bracket exiting the AAPL position: the take-profit at the high of
	// the next ten minutes fills; the stop at half the low is cancelled.
	brk := f.placeGroup(v3.OrderGroupTypeBracket,
		v3.OrderRequest{Symbol: "AAPL", Quantity: value.NewDecimal(20, 0), OrderType: v3.OrderTypeLimit, TradeAction: v3.TradeActionSell,
			LimitPrice: f.price("AAPL", func(_, high value.Decimal) value.Decimal { return high })},
		v3.OrderRequest{Symbol: "AAPL", Quantity: value.NewDecimal(20, 0), OrderType: v3.OrderTypeStopMarket, TradeAction: v3.TradeActionSell,
			StopPrice: f.price("AAPL", half)})
	// An entry with a bracket sent once it fills (OSO): the exits wait,
	// then the take-profit at the low fills at once and the stop is cancelled.
	entry := f.place(f.api, v3.OrderRequest{Symbol: "NVDA", Quantity: value.NewDecimal(12, 0), OrderType: v3.OrderTypeMarket, TradeAction: v3.TradeActionBuy,
		OSOs: []v3.OrderSendsOrder{{Type: v3.OrderGroupTypeBracket, Orders: []v3.OrderRequest{
			{AccountID: account, Symbol: "NVDA", Quantity: value.NewDecimal(12, 0), OrderType: v3.OrderTypeLimit, TradeAction: v3.TradeActionSell,
				LimitPrice: f.price("NVDA", func(low, _ value.Decimal) value.Decimal { return low }), TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC}},
			{AccountID: account, Symbol: "NVDA", Quantity: value.NewDecimal(12, 0), OrderType: v3.OrderTypeStopMarket, TradeAction: v3.TradeActionSell,
				StopPrice: f.price("NVDA", half), TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC}},
		}}}})

	// The ten minutes the prices were picked from, with the order stream
	// cut in the middle.
	for minute := range 10 {
		if minute == 5 {
			f.breakOrderStream(tradestationtest.Drop)
		}
		f.srv.Advance(time.Minute)
		time.Sleep(10 * time.Millisecond)
	}
	exits := f.evs.waitFor(t, entry, book.Filled).Order.ConditionalOrders
	// What is still open of the legs that fill (the limit may have been
	// touched once only) is cancelled: it ends Partial Fill (UROut).
	for _, id := range []string{oco[0], brk[0]} {
		if o, _ := f.b.Order(id); !final(o.Status) {
			f.cancel(id)
		}
	}
	truth, evs := f.settle()
	checkAgainstTruth(t, truth, evs)

	byOrder := map[string][]book.Event{}
	for _, ev := range evs {
		byOrder[ev.Order.OrderID] = append(byOrder[ev.Order.OrderID], ev)
	}
	var osoExits []string
	for _, l := range exits {
		if l.Relationship == v3.OrderRelationshipOSOChild {
			osoExits = append(osoExits, l.OrderID)
		}
	}
	if len(osoExits) != 2 {
		t.Fatalf("the entry's links %+v, want two OSO children", exits)
	}
	groups := []struct {
		name        string
		filled, off string
		rel         v3.OrderRelationship
	}{
		{"OCO", oco[0], oco[1], v3.OrderRelationshipOCO},
		{"bracket", brk[0], brk[1], v3.OrderRelationshipBracket},
		{"OSO bracket", osoExits[0], osoExits[1], v3.OrderRelationshipBracket},
	}
	for _, g := range groups {
		filled, off := byOrder[g.filled], byOrder[g.off]
		if len(filled) == 0 || len(off) == 0 {
			t.Errorf("%s: events %s for the leg that fills, %s for the other", g.name, kinds(filled), kinds(off))
			continue
		}
		if sum := filledByOrder(filled)[g.filled]; sum.Sign() <= 0 {
			t.Errorf("%s: the leg that fills has events %s", g.name, kinds(filled))
		}
		last := off[len(off)-1]
		if last.Kind != book.Canceled || last.Source != book.FromReconcile {
			t.Errorf("%s: the other leg's events %s, want it Canceled by a reconcile (its CAN was dropped)", g.name, kinds(off))
		}
		// A leg placed before its sibling may open without the link; once
		// an event shows it, every later one does, the ending included.
		for _, pair := range [][2][]book.Event{{filled, off}, {off, filled}} {
			sibling, seen := pair[1][0].Order.OrderID, false
			for i, ev := range pair[0] {
				has := linkedTo(ev.Order, sibling, g.rel)
				if (seen || i == len(pair[0])-1) && !has {
					t.Errorf("%s: %s of order %s lacks its link to %s: %+v", g.name, ev.Kind, ev.Order.OrderID, sibling, ev.Order.ConditionalOrders)
				}
				seen = seen || has
			}
		}
		t.Logf("%s: %s %s; %s %s", g.name, g.filled, kinds(filled), g.off, kinds(off))
	}
}

func linkedTo(o v3.Order, id string, rel v3.OrderRelationship) bool {
	for _, l := range o.ConditionalOrders {
		if l.OrderID == id && l.Relationship == rel {
			return true
		}
	}
	return false
}

// stopError waits for the book's events to end and returns the last error.
func (f *onFake) stopError() error {
	f.t.Helper()
	select {
	case <-f.evs.done:
	case <-time.After(15 * time.Second):
		f.t.Fatal("the book's events still run 15s after the fault")
	}
	if len(f.evs.errs) == 0 {
		f.t.Fatal("the book's events ended without an error")
	}
	return f.evs.errs[len(f.evs.errs)-1]
}

// opensNothingMore checks that the stopped book opens no stream in the
// next half second, while the fault that stopped it would let it.
func (f *onFake) opensNothingMore() {
	f.t.Helper()
	orders, positions := f.tap.connections("orders"), f.tap.connections("positions")
	time.Sleep(500 * time.Millisecond)
	if o, p := f.tap.connections("orders"), f.tap.connections("positions"); o != orders || p != positions {
		f.t.Errorf("the stopped book connected again: order streams %d → %d, position streams %d → %d", orders, o, positions, p)
	}
}

func TestBookOnTheFakeStopsWhenTheReconnectBudgetIsSpent(t *testing.T) {
	f := openOnFake(t, 1, book.WithStreamOptions(stream.WithReconnectBudget(3, time.Minute)))
	if err := f.srv.BreakOpenStreams(tradestationtest.GoAway, 0); err != nil { // every message a GoAway, until cleared
		t.Fatal(err)
	}
	err := f.stopError()
	if !errors.Is(err, book.ErrStopped) || !errors.Is(err, stream.ErrReconnectBudget) {
		t.Fatalf("last error %v, want one matching book.ErrStopped and stream.ErrReconnectBudget", err)
	}
	f.opensNothingMore()
	t.Logf("%v after %d order-stream and %d position-stream connections", err, f.tap.connections("orders"), f.tap.connections("positions"))
}

func TestBookOnTheFakeStopsWhenTheLoginIsRevoked(t *testing.T) {
	f := openOnFake(t, 1)
	f.srv.RevokeRefreshTokens()
	f.srv.ExpireAccessTokens()
	if err := f.srv.BreakOpenStreams(tradestationtest.Drop, 0); err != nil {
		t.Fatal(err)
	}
	err := f.stopError()
	if !errors.Is(err, book.ErrStopped) || !errors.Is(err, auth.ErrLoginRequired) {
		t.Fatalf("last error %v, want one matching book.ErrStopped and auth.ErrLoginRequired", err)
	}
	f.opensNothingMore()
	t.Logf("%v", err)
}

func TestBookOnTheFakeStopsOnDualLogon(t *testing.T) {
	f := newFake(t, 1)
	// A proxy in front of the fake adds, after the order stream's first
	// snapshot, the error TradeStation sends when another session takes
	// the login.
	target, err := url.Parse(f.srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.FlushInterval = -1
	proxy.ErrorLog = log.New(io.Discard, "", 0) // the streams cut when the book stops
	proxy.ModifyResponse = func(resp *http.Response) error {
		if strings.HasSuffix(resp.Request.URL.Path, "/orders") && strings.Contains(resp.Request.URL.Path, "/brokerage/stream/") {
			resp.Body = &afterSnapshot{r: bufio.NewReader(resp.Body), c: resp.Body,
				add: []byte(`{"Error":"DualLogon","Message":"Another session signed in with this login."}` + "\n")}
		}
		return nil
	}
	front := httptest.NewServer(proxy)
	defer front.Close()
	f.open([]auth.Option{auth.WithAPIURL(front.URL)})

	err = f.stopError()
	var se *stream.Error
	if !errors.Is(err, book.ErrStopped) || !errors.As(err, &se) || se.Code != "DualLogon" {
		t.Fatalf("last error %v, want one matching book.ErrStopped and wrapping the DualLogon *stream.Error", err)
	}
	f.opensNothingMore()
	if n := f.tap.connections("orders"); n != 1 {
		t.Errorf("%d order-stream connections, want the one that got DualLogon", n)
	}
	t.Logf("%v", err)
}

// afterSnapshot passes a stream through and adds add after its first
// EndSnapshot.
type afterSnapshot struct {
	r    *bufio.Reader
	c    io.Closer
	add  []byte
	out  []byte
	err  error
	done bool
}

func (a *afterSnapshot) Read(p []byte) (int, error) {
	for len(a.out) == 0 && a.err == nil {
		var line []byte
		line, a.err = a.r.ReadBytes('\n')
		a.out = append(a.out, line...)
		if !a.done && bytes.Contains(line, []byte(`"EndSnapshot"`)) {
			a.out, a.done = append(a.out, a.add...), true
		}
	}
	if len(a.out) == 0 {
		return 0, a.err
	}
	n := copy(p, a.out)
	a.out = a.out[n:]
	return n, nil
}

func (a *afterSnapshot) Close() error { return a.c.Close() }
