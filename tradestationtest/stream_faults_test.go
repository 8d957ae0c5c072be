package tradestationtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

func TestBreakOpenStreamsReachesAStreamPastAnyCount(t *testing.T) {
	srv, api := newFake(t, tradestationtest.WithHeartbeat(5*time.Millisecond))
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	beats := make(chan struct{}, 100)
	reconnected := make(chan error, 1)
	go func() {
		for range stream.Quotes(ctx, api, []string{"MSFT"},
			stream.OnHeartbeat(func(stream.Heartbeat) {
				select {
				case beats <- struct{}{}:
				default:
				}
			}),
			stream.OnReconnect(func(cause error) { reconnected <- cause; cancel() })) {
		}
	}()
	for range 20 { // well past any count BreakStreams could name in advance
		<-beats
	}
	if err := srv.BreakOpenStreams(tradestationtest.GoAway, 1); err != nil {
		t.Fatal(err)
	}
	select {
	case cause := <-reconnected:
		var se *stream.Error
		if !errors.As(cause, &se) || se.Code != "GoAway" {
			t.Errorf("reconnect cause %v, want the GoAway", cause)
		}
	case <-ctx.Done():
		t.Fatal("the open stream was not broken")
	}
	if err := srv.BreakOpenStreams(tradestationtest.StreamFault(9), 1); err == nil {
		t.Error("an unknown fault was accepted")
	}
}

func TestQuotesOfAnUnknownSymbolEndOnTheFake(t *testing.T) {
	_, api := newFake(t, tradestationtest.WithHeartbeat(5*time.Millisecond))
	var errs []error
	for _, err := range stream.Quotes(ctxT(t), api, []string{"NOPE"}) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], stream.ErrAllSubjectsFailed) {
		t.Fatalf("errors %v, want one matching ErrAllSubjectsFailed", errs)
	}
	var se *stream.Error
	if !errors.As(errs[0], &se) || se.Symbol != "NOPE" || se.Verdict != stream.Fatal {
		t.Errorf("final error %+v, want a fatal *stream.Error about NOPE", se)
	}
}

// watched is what one stream of the long test has seen.
type watched struct {
	mu       sync.Mutex
	orders   map[string]v3.OrderStatus // orders streams: the latest status per order
	last     map[string]value.Decimal  // quote streams: the latest price per symbol
	retries  []time.Time               // when each reconnection was decided (OnRetry)
	dead     int                       // errors about the dead symbol
	surprise []error                   // any other error yielded before the end
	end      error                     // the last value of the iterator
	done     chan struct{}
}

func newWatched() *watched {
	return &watched{orders: map[string]v3.OrderStatus{}, last: map[string]value.Decimal{}, done: make(chan struct{})}
}

func (w *watched) options() []stream.Option {
	return []stream.Option{
		// Ten heartbeats: a stall shows within 2 s, and a process starved of
		// CPU for a moment (CI shares its cores) does not look stalled.
		stream.WithIdleTimeout(2 * time.Second),
		stream.WithBackoff(50*time.Millisecond, time.Second),
		// The injected 503s and 429s go to whichever streams reconnect
		// first, so on a loaded machine one stream can meet ten in a row
		// and end by WithMaxReconnects' default. The bound under test is
		// the reconnect budget, which stays at its default.
		stream.WithMaxReconnects(-1),
		stream.OnRetry(func(int, time.Duration, error) {
			w.mu.Lock()
			w.retries = append(w.retries, time.Now())
			w.mu.Unlock()
		}),
	}
}

// follow ranges over seq, keeping what each item says.
func follow[T any](w *watched, seq func(func(T, error) bool), keep func(T)) {
	defer close(w.done)
	var last error
	for v, err := range seq {
		last = err
		if err == nil {
			w.mu.Lock()
			keep(v)
			w.mu.Unlock()
			continue
		}
		var se *stream.Error
		w.mu.Lock()
		if errors.As(err, &se) && se.Symbol == "NOPE" && se.Verdict == stream.PerSubject {
			w.dead++
		} else if !errors.Is(err, context.Canceled) {
			w.surprise = append(w.surprise, err)
		}
		w.mu.Unlock()
	}
	w.end = last
}

// busiestWindow is the most reconnections of one stream within window.
func (w *watched) busiestWindow(window time.Duration) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	most := 0
	for i := range w.retries {
		n := sort.Search(len(w.retries), func(j int) bool { return !w.retries[j].Before(w.retries[i].Add(window)) }) - i
		most = max(most, n)
	}
	return most
}

// countStreams counts the requests that open a stream.
type countStreams struct {
	next http.RoundTripper
	n    *atomic.Int64
}

func (c countStreams) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.Contains(r.URL.Path, "/stream/") {
		c.n.Add(1)
	}
	return c.next.RoundTrip(r)
}

// Two hundred streams, half of them order streams and half quote streams
// (with a dead symbol among the live ones), for a minute, while the fake
// breaks five open streams a second in turn with every fault it has
// (GoAway, a stall, a dropped connection, a dropped connection whose
// reconnection meets 503 or 429, latency), orders are placed, filled and
// cancelled and prices move. Then the faults stop and every stream must
// hold the fake's final state: every order in its last status, every
// price current. Nothing may end a stream, no stream may reconnect more
// often than the default budget allows, every reconnection is one HTTP
// request, and the heap and the goroutines stay bounded.
func TestTwoHundredStreamsUnderEveryFaultLoseNothingAndKeepToTheBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for a minute")
	}
	streams, length := 200, 60*time.Second
	if raceDetector {
		streams, length = 20, 5*time.Second // the same paths, cheap enough for -race
	}
	// Faults strike perTick open streams a second: about two reconnections
	// a stream a minute on average, the busiest well under the budget
	// (a stream over it would end, as it should, and fail the test). An
	// injected 503 or 429 fails one reconnection a tick: the next request,
	// which is often a retry of the stream it failed last, so several a
	// tick would pile onto one unlucky stream, not spread like an outage.
	perTick := max(streams/40, 1)

	srv := tradestationtest.NewServer(tradestationtest.WithHeartbeat(200 * time.Millisecond))
	defer srv.Close()
	var opened atomic.Int64
	base := srv.HTTPClient().Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc := &http.Client{Transport: countStreams{next: base, n: &opened}}
	api, err := client.NewV3(srv.Session(), option.WithMaxRetries(0), option.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	rest, err := client.NewV3(srv.Session(), option.WithBackoff(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	acct := tradestationtest.MarginAccountID
	symbols := []string{"MSFT", "QQQ"}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	all := make([]*watched, streams)
	for i := range all {
		w := newWatched()
		all[i] = w
		if i%2 == 0 {
			go follow(w, stream.Orders(ctx, api, []string{acct}, w.options()...), func(o v3.Order) { w.orders[o.OrderID] = o.Status })
		} else {
			go follow(w, stream.Quotes(ctx, api, append([]string{"NOPE"}, symbols...), w.options()...), func(q v3.Quote) {
				if !q.Last.IsZero() {
					w.last[q.Symbol] = q.Last
				}
			})
		}
	}

	// The market: orders placed, filled and cancelled, prices moving.
	var placed []string
	market := make(chan struct{})
	stopMarket := make(chan struct{})
	go func() {
		defer close(market)
		var open string
		for i := 0; ; i++ {
			select {
			case <-stopMarket:
				return
			case <-time.After(250 * time.Millisecond):
			}
			action := v3.TradeActionBuy
			if i%2 == 1 {
				action = v3.TradeActionSell
			}
			ids, err := placeOrder(ctx, rest, marketOrder(acct, "QQQ", 1, action))
			if err != nil {
				t.Errorf("placing a market order: %v", err)
				return
			}
			placed = append(placed, ids...)
			if i%4 == 0 {
				if open != "" {
					if _, err := rest.CancelOrder(ctx, open); err != nil {
						t.Errorf("cancelling %s: %v", open, err)
						return
					}
				}
				// A limit far below the market stays open until cancelled.
				ids, err := placeOrder(ctx, rest, limitBuy(acct, "MSFT", 1, value.NewDecimal(100, 0)))
				if err != nil {
					t.Errorf("placing a limit order: %v", err)
					return
				}
				placed, open = append(placed, ids...), ids[0]
			}
			srv.Advance(time.Second)
		}
	}()

	// The faults, in turn, perTick open streams at a time.
	faults := []struct {
		name   string
		strike func() error
	}{
		{"GoAway", func() error { return srv.BreakOpenStreams(tradestationtest.GoAway, perTick) }},
		{"stall", func() error { return srv.BreakOpenStreams(tradestationtest.Stall, perTick) }},
		{"drop", func() error { return srv.BreakOpenStreams(tradestationtest.Drop, perTick) }},
		{"drop, then 503", func() error {
			return errors.Join(srv.FailRequests("/v3/brokerage/stream/", http.StatusServiceUnavailable, 1),
				srv.FailRequests("/v3/marketdata/stream/", http.StatusServiceUnavailable, 1),
				srv.BreakOpenStreams(tradestationtest.Drop, perTick))
		}},
		{"GoAway, then 429", func() error {
			return errors.Join(srv.FailRequests("/v3/brokerage/stream/", http.StatusTooManyRequests, 1),
				srv.FailRequests("/v3/marketdata/stream/", http.StatusTooManyRequests, 1),
				srv.BreakOpenStreams(tradestationtest.GoAway, perTick))
		}},
		{"latency", func() error { srv.SetLatency(300 * time.Millisecond); return nil }},
	}
	var heapMid runtime.MemStats
	var goroutinesMid int
	start := time.Now()
	for tick := 0; time.Since(start) < length; tick++ {
		f := faults[tick%len(faults)]
		srv.SetLatency(0)
		if err := f.strike(); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		time.Sleep(length / 60)
		if tick == 15 {
			runtime.GC()
			runtime.ReadMemStats(&heapMid)
			goroutinesMid = runtime.NumGoroutine()
		}
	}
	close(stopMarket)
	<-market
	srv.ClearFaults()

	// The truth, then every stream must come to hold it.
	truth := map[string]v3.OrderStatus{}
	for _, id := range placed {
		resp, err := rest.GetOrdersByOrderID(context.Background(), []string{acct}, []string{id})
		if err != nil || len(resp.Orders) != 1 {
			t.Fatalf("order %s: %v", id, err)
		}
		truth[id] = resp.Orders[0].Status
	}
	quotes, err := rest.GetQuoteSnapshots(context.Background(), []string{strings.Join(symbols, ",")})
	if err != nil {
		t.Fatal(err)
	}
	prices := map[string]value.Decimal{}
	for _, q := range quotes.Quotes {
		prices[q.Symbol] = q.Last
	}
	behind := func() []string {
		var out []string
		for i, w := range all {
			w.mu.Lock()
			if i%2 == 0 {
				for id, status := range truth {
					if w.orders[id] != status {
						out = append(out, fmt.Sprintf("orders stream %d: order %s %q, want %q", i, id, w.orders[id], status))
					}
				}
			} else {
				for sym, p := range prices {
					if w.last[sym].Cmp(p) != 0 {
						out = append(out, fmt.Sprintf("quote stream %d: %s at %v, want %v", i, sym, w.last[sym], p))
					}
				}
			}
			w.mu.Unlock()
		}
		return out
	}
	var lag []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if lag = behind(); len(lag) == 0 {
			break
		}
	}
	for i, l := range lag {
		if i == 10 {
			t.Errorf("... and %d more", len(lag)-10)
			break
		}
		t.Error(l)
	}

	var heapEnd runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&heapEnd)
	goroutinesEnd := runtime.NumGoroutine()
	cancel()

	reconnections, busiest, dead := 0, 0, 0
	for i, w := range all {
		select {
		case <-w.done:
		case <-time.After(10 * time.Second):
			t.Fatalf("stream %d did not end after its context", i)
		}
		if w.end != context.Canceled {
			t.Errorf("stream %d ended with %v before its context", i, w.end)
		}
		for _, err := range w.surprise {
			t.Errorf("stream %d yielded %v", i, err)
		}
		if i%2 == 1 && w.dead == 0 {
			t.Errorf("quote stream %d never reported the dead symbol", i)
		}
		reconnections += len(w.retries)
		busiest = max(busiest, w.busiestWindow(stream.DefaultReconnectWindow))
		dead += w.dead
	}
	t.Logf("%d streams for %v: %d orders, %d reconnections (%.1f a stream, at most %d within a minute), %d stream requests, %d errors about the dead symbol",
		streams, length, len(placed), reconnections, float64(reconnections)/float64(streams), busiest, opened.Load(), dead)
	t.Logf("heap in use %d KiB after a quarter, %d KiB at the end; goroutines %d, then %d",
		heapMid.HeapInuse>>10, heapEnd.HeapInuse>>10, goroutinesMid, goroutinesEnd)
	if busiest > stream.DefaultReconnectBudget {
		t.Errorf("a stream reconnected %d times within a minute, over the budget of %d", busiest, stream.DefaultReconnectBudget)
	}
	if reconnections < streams {
		t.Errorf("%d reconnections for %d streams: the faults did not reach the streams", reconnections, streams)
	}
	if got, want := opened.Load(), int64(streams+reconnections); got != want {
		t.Errorf("%d stream requests for %d streams and %d reconnections: want one request each", got, streams, reconnections)
	}
	if heapEnd.HeapInuse > heapMid.HeapInuse+32<<20 {
		t.Errorf("heap in use grew from %d to %d bytes", heapMid.HeapInuse, heapEnd.HeapInuse)
	}
	if goroutinesEnd > goroutinesMid+streams/2 {
		t.Errorf("goroutines grew from %d to %d", goroutinesMid, goroutinesEnd)
	}
}

// placeOrder places req and returns its order ids, or an error.
func placeOrder(ctx context.Context, api *v3.Client, req v3.OrderRequest) ([]string, error) {
	resp, err := api.PlaceOrder(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(resp.Errors) > 0 || len(resp.Orders) == 0 {
		return nil, fmt.Errorf("refused: %+v", resp)
	}
	var ids []string
	for _, o := range resp.Orders {
		ids = append(ids, o.OrderID)
	}
	return ids, nil
}
