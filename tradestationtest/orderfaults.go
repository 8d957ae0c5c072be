package tradestationtest

import (
	"fmt"
	"math/rand/v2"
	"sync"

	"github.com/tradestation-go/tradestation/v3"
)

// OrderMessages chooses messages of the order stream for
// DropOrderMessages and DuplicateOrderMessages. Fields left empty match
// every message.
type OrderMessages struct {
	// OrderID chooses the messages of one order.
	OrderID string
	// Status chooses the messages with one status, such as
	// v3.OrderStatusFilled for the fills (v3.OrderStatusPartialFillAlive
	// for the partial ones).
	Status v3.OrderStatus
	// Fraction, between 0 and 1, is the share of the matching messages the
	// fault takes (0 means all of them), picked by a generator seeded with
	// Seed: the same seed picks the same messages when the same messages
	// pass.
	Fraction float64
	Seed     int64
	// Snapshots makes the fault apply to the orders a stream sends before
	// EndSnapshot too. Without it only the updates after EndSnapshot are
	// touched, so that a reconnect, whose snapshot is whole, mends what was
	// lost.
	Snapshots bool
}

// orderFaults are the faults of order streams. They have their own lock:
// streams consult them while requests change them.
type orderFaults struct {
	mu   sync.Mutex
	list []*orderFault
}

type orderFault struct {
	OrderMessages
	copies    int // 0: drop; 2: duplicate
	rng       *rand.Rand
	remaining uses
}

// DropOrderMessages makes order streams leave out the next times messages
// (times <= 0: every one until ClearFaults) that m chooses, as a stream
// that keeps sending heartbeats can lose a fill; the REST answers stay
// truthful, so a client that reconciles finds what it missed.
func (s *Server) DropOrderMessages(m OrderMessages, times int) error {
	return s.orders.add(m, 0, times)
}

// DuplicateOrderMessages makes order streams send the next times messages
// (times <= 0: every one until ClearFaults) that m chooses twice in a row,
// as a client sees the same fill again after a snapshot.
func (s *Server) DuplicateOrderMessages(m OrderMessages, times int) error {
	return s.orders.add(m, 2, times)
}

func (f *orderFaults) add(m OrderMessages, copies, times int) error {
	if m.Fraction < 0 || m.Fraction > 1 {
		return fmt.Errorf("tradestationtest: order message fault Fraction %v is not between 0 and 1", m.Fraction)
	}
	if m.Status != "" && !m.Status.Valid() {
		return fmt.Errorf("tradestationtest: order message fault Status %q is not an order status", m.Status)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, &orderFault{OrderMessages: m, copies: copies,
		rng: rand.New(rand.NewPCG(uint64(m.Seed), 0x6f72646572)), remaining: usesOf(times)})
	return nil
}

func (f *orderFaults) clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = nil
}

// copies is how many times an order stream sends o (0, 1 or 2); snapshot
// says whether o belongs to the snapshot before EndSnapshot. The first
// fault that takes the message decides.
func (f *orderFaults) copies(o v3.Order, snapshot bool) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, of := range f.list {
		if of.chooses(o, snapshot) && of.remaining.take() {
			return of.copies
		}
	}
	return 1
}

// chooses reports whether the fault takes o; the random pick runs only
// for messages that match, so that its sequence depends on them alone.
func (of *orderFault) chooses(o v3.Order, snapshot bool) bool {
	switch {
	case snapshot && !of.Snapshots, of.OrderID != "" && o.OrderID != of.OrderID, of.Status != "" && o.Status != of.Status:
		return false
	case of.Fraction == 0 || of.Fraction == 1:
		return of.remaining != 0
	}
	return of.remaining != 0 && of.rng.Float64() < of.Fraction
}

// send appends o to msgs as many times as the faults say.
func (f *orderFaults) send(msgs []any, o v3.Order, snapshot bool) []any {
	for range f.copies(o, snapshot) {
		msgs = append(msgs, o)
	}
	return msgs
}
