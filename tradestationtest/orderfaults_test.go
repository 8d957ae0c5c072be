package tradestationtest_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
)

// orderMessage is what these tests read of an order stream's order.
type orderMessage struct {
	OrderID string
	Status  v3.OrderStatus
	Legs    []struct{ ExecQuantity string }
}

// orderStream opens the margin account's order stream with plain HTTP and
// reads it up to EndSnapshot, returning the snapshot's orders.
func orderStream(t *testing.T, srv *tradestationtest.Server) (*lines, []orderMessage) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctxT(t), http.MethodGet, srv.URL()+"/v3/brokerage/stream/accounts/"+tradestationtest.MarginAccountID+"/orders", nil)
	req.Header.Set("Authorization", "Bearer "+plainToken(t, srv))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("order stream: %d", resp.StatusCode)
	}
	l := readLines(t, resp)
	var snapshot []orderMessage
	for {
		m, status := l.nextOrder(t)
		if status == v3.StreamStatusCodeEndSnapshot {
			return l, snapshot
		}
		snapshot = append(snapshot, m)
	}
}

// nextOrder reads up to the next order or stream status, skipping
// heartbeats.
func (l *lines) nextOrder(t *testing.T) (orderMessage, v3.StreamStatusCode) {
	t.Helper()
	for {
		s, ok := l.next(t)
		if !ok {
			t.Fatal("the order stream ended")
		}
		var m struct {
			orderMessage
			StreamStatus v3.StreamStatusCode
			Heartbeat    *int64
		}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatalf("stream line %q: %v", s, err)
		}
		switch {
		case m.Heartbeat != nil:
		case m.StreamStatus != "":
			return orderMessage{}, m.StreamStatus
		default:
			return m.orderMessage, ""
		}
	}
}

// ordersUntil reads order messages until one of order id; it returns all
// read, that one included.
func (l *lines) ordersUntil(t *testing.T, id string) []orderMessage {
	t.Helper()
	var out []orderMessage
	for {
		m, _ := l.nextOrder(t)
		out = append(out, m)
		if m.OrderID == id {
			return out
		}
	}
}

func sawStatus(msgs []orderMessage, id string, status v3.OrderStatus) int {
	n := 0
	for _, m := range msgs {
		if m.OrderID == id && m.Status == status {
			n++
		}
	}
	return n
}

func TestDroppedFillMessagesLeaveTheRESTAnswersTruthful(t *testing.T) {
	srv, api := newFake(t)
	stream, _ := orderStream(t, srv)
	if err := srv.DropOrderMessages(tradestationtest.OrderMessages{Status: v3.OrderStatusFilled}, 0); err != nil {
		t.Fatal(err)
	}
	filled := place(t, api, marketOrder(tradestationtest.MarginAccountID, "MSFT", 10, v3.TradeActionBuy))
	marker := place(t, api, limitBuy(tradestationtest.MarginAccountID, "MSFT", 1, dec(t, "1.00")))
	seen := stream.ordersUntil(t, marker)
	if sawStatus(seen, filled, v3.OrderStatusSent) != 1 || sawStatus(seen, filled, v3.OrderStatusFilled) != 0 {
		t.Errorf("the stream showed %+v; want the order opened and its fill left out", seen)
	}
	if o := orderStatus(t, api, tradestationtest.MarginAccountID, filled); o.Status != v3.OrderStatusFilled {
		t.Errorf("REST says %s, want FLL", o.Status)
	}
	// A reconnect's snapshot is whole: the fill is there.
	_, snapshot := orderStream(t, srv)
	if sawStatus(snapshot, filled, v3.OrderStatusFilled) != 1 {
		t.Errorf("the snapshot after a reconnect lacks the fill: %+v", snapshot)
	}
}

func TestDroppedOrderCanBeLeftOutOfSnapshotsToo(t *testing.T) {
	srv, api := newFake(t)
	hidden := place(t, api, limitBuy(tradestationtest.MarginAccountID, "AAPL", 1, dec(t, "1.00")))
	shown := place(t, api, limitBuy(tradestationtest.MarginAccountID, "AAPL", 2, dec(t, "1.00")))
	if err := srv.DropOrderMessages(tradestationtest.OrderMessages{OrderID: hidden, Snapshots: true}, 0); err != nil {
		t.Fatal(err)
	}
	if _, snapshot := orderStream(t, srv); sawStatus(snapshot, shown, v3.OrderStatusSent) != 1 || sawStatus(snapshot, hidden, v3.OrderStatusSent) != 0 {
		t.Errorf("snapshot %+v: want %s and not %s", snapshot, shown, hidden)
	}
	if o := orderStatus(t, api, tradestationtest.MarginAccountID, hidden); o.OrderID != hidden {
		t.Errorf("REST lost the order: %+v", o)
	}
}

func TestDuplicatedOrderMessagesComeTwiceInARow(t *testing.T) {
	srv, api := newFake(t)
	stream, _ := orderStream(t, srv)
	if err := srv.DuplicateOrderMessages(tradestationtest.OrderMessages{Status: v3.OrderStatusFilled}, 1); err != nil {
		t.Fatal(err)
	}
	first := place(t, api, marketOrder(tradestationtest.MarginAccountID, "SPY", 1, v3.TradeActionBuy))
	second := place(t, api, marketOrder(tradestationtest.MarginAccountID, "SPY", 1, v3.TradeActionBuy))
	seen := stream.ordersUntil(t, second)
	seen = append(seen, stream.ordersUntil(t, second)...) // the second's fill follows its opening
	if n := sawStatus(seen, first, v3.OrderStatusFilled); n != 2 {
		t.Errorf("the first fill came %d times, want 2: %+v", n, seen)
	}
	if n := sawStatus(seen, second, v3.OrderStatusFilled); n != 1 {
		t.Errorf("the second fill (times was 1) came %d times, want 1: %+v", n, seen)
	}
}

func TestAFractionOfOrderMessagesIsDroppedTheSameWayForTheSameSeed(t *testing.T) {
	dropped := func() []string {
		srv, api := newFake(t)
		stream, _ := orderStream(t, srv)
		// The fault takes openings only, so that the marker's fill, which
		// ends the reading, always comes.
		if err := srv.DropOrderMessages(tradestationtest.OrderMessages{Status: v3.OrderStatusSent, Fraction: 0.5, Seed: 99}, 0); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for range 20 {
			ids = append(ids, place(t, api, limitBuy(tradestationtest.MarginAccountID, "QQQ", 1, dec(t, "1.00"))))
		}
		marker := place(t, api, marketOrder(tradestationtest.MarginAccountID, "QQQ", 1, v3.TradeActionBuy))
		var seen []orderMessage
		for len(seen) == 0 || seen[len(seen)-1].Status != v3.OrderStatusFilled {
			seen = append(seen, stream.ordersUntil(t, marker)...)
		}
		var lost []string
		for _, id := range ids {
			if sawStatus(seen, id, v3.OrderStatusSent) == 0 {
				lost = append(lost, id)
			}
		}
		return lost
	}
	a, b := dropped(), dropped()
	if len(a) == 0 || len(a) == 20 {
		t.Fatalf("half of the messages: %d of 20 dropped", len(a))
	}
	if !slices.Equal(a, b) { // both servers number their orders alike
		t.Errorf("seed 99 dropped %v, then %v", a, b)
	}
}

func TestBadOrderMessageFaultsAreErrors(t *testing.T) {
	srv, _ := newFake(t)
	if err := srv.DropOrderMessages(tradestationtest.OrderMessages{Fraction: 1.5}, 0); err == nil {
		t.Error("a fraction of 1.5 was accepted")
	}
	if err := srv.DuplicateOrderMessages(tradestationtest.OrderMessages{Status: "FILLED"}, 0); err == nil {
		t.Error("status FILLED was accepted")
	}
}

func TestPartialFillsShowOnTheOrderStream(t *testing.T) {
	srv, api := newFake(t, tradestationtest.WithPartialFills(), tradestationtest.WithSeed(4))
	stream, _ := orderStream(t, srv)
	id := place(t, api, marketOrder(tradestationtest.MarginAccountID, "AMZN", 40, v3.TradeActionBuy))
	srv.Advance(time.Minute)
	var seen []orderMessage
	for len(seen) == 0 || seen[len(seen)-1].Status != v3.OrderStatusFilled {
		seen = append(seen, stream.ordersUntil(t, id)...)
	}
	if sawStatus(seen, id, v3.OrderStatusPartialFillAlive) < 1 {
		t.Errorf("no partial fill on the stream: %+v", seen)
	}
	if last := seen[len(seen)-1]; last.Legs[0].ExecQuantity != "40" {
		t.Errorf("the last message executed %s, want 40", last.Legs[0].ExecQuantity)
	}
}
