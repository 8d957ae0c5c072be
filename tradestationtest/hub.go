package tradestationtest

import (
	"sync"

	"github.com/tradestation-go/tradestation/v3"
)

// eventKind says what changed.
type eventKind int

const (
	evMarket    eventKind = iota // the clock moved or a price was set
	evOrder                      // an order changed; order holds its new state
	evPositions                  // an account's positions changed
)

type event struct {
	kind      eventKind
	accountID string
	order     v3.Order
}

// hub hands every event to every open stream. Publishing never blocks and
// never drops an order event: each stream has an unbounded queue.
type hub struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

type subscriber struct {
	mu     sync.Mutex
	queue  []event
	notify chan struct{} // holds one token while the queue is not empty
}

func newHub() *hub { return &hub{subs: map[*subscriber]struct{}{}} }

func (h *hub) subscribe() *subscriber {
	sub := &subscriber{notify: make(chan struct{}, 1)}
	h.mu.Lock()
	h.subs[sub] = struct{}{}
	h.mu.Unlock()
	return sub
}

func (h *hub) unsubscribe(sub *subscriber) {
	h.mu.Lock()
	delete(h.subs, sub)
	h.mu.Unlock()
}

func (h *hub) idle() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs) == 0
}

func (h *hub) publish(ev event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		sub.push(ev)
	}
}

// push queues ev; consecutive market events collapse into one.
func (sub *subscriber) push(ev event) {
	sub.mu.Lock()
	if n := len(sub.queue); !(ev.kind == evMarket && n > 0 && sub.queue[n-1].kind == evMarket) {
		sub.queue = append(sub.queue, ev)
	}
	sub.mu.Unlock()
	select {
	case sub.notify <- struct{}{}:
	default:
	}
}

// take empties the queue.
func (sub *subscriber) take() []event {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	q := sub.queue
	sub.queue = nil
	return q
}

// emitOrder publishes the order's new state. It is called with s.mu held,
// so streams see changes in the order they happened.
// Building the order's view costs, so nothing is built while no stream
// listens.
func (s *Server) emitOrder(o *order) {
	if s.hub.idle() {
		return
	}
	s.hub.publish(event{kind: evOrder, accountID: o.acct.id, order: o.v3Order()})
}

// emitPositions tells the position streams that a's positions changed.
func (s *Server) emitPositions(a *account) {
	s.hub.publish(event{kind: evPositions, accountID: a.id})
}

// emitMarket tells the streams that prices moved.
func (s *Server) emitMarket() { s.hub.publish(event{kind: evMarket}) }
