package tradestationtest

import (
	"sync"

	"github.com/tradestation-go/tradestation/internal/sim"
)

// hub hands every event to every open stream. Publishing never blocks and
// never drops an order event: each stream has an unbounded queue.
type hub struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

type subscriber struct {
	mu     sync.Mutex
	queue  []sim.Change
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

// publish is the simulator's observer: it runs with the simulator locked,
// so streams see changes in the order they happened.
func (h *hub) publish(ev sim.Change) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		sub.push(ev)
	}
}

// push queues ev; consecutive market events collapse into one.
func (sub *subscriber) push(ev sim.Change) {
	sub.mu.Lock()
	if n := len(sub.queue); !(ev.Kind == sim.MarketMoved && n > 0 && sub.queue[n-1].Kind == sim.MarketMoved) {
		sub.queue = append(sub.queue, ev)
	}
	sub.mu.Unlock()
	select {
	case sub.notify <- struct{}{}:
	default:
	}
}

// take empties the queue.
func (sub *subscriber) take() []sim.Change {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	q := sub.queue
	sub.queue = nil
	return q
}
