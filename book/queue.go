package book

import "sync"

// item is one value for Events: an event, or an error.
type item struct {
	ev  Event
	err error
}

// queue holds the items that no Events loop has taken yet, in order.
type queue struct {
	mu    sync.Mutex
	items []item
	head  int
	wake  chan struct{} // signalled after each push
}

func (q *queue) push(evs []Event, errs []error) {
	if len(evs) == 0 && len(errs) == 0 {
		return
	}
	q.mu.Lock()
	for _, ev := range evs {
		q.items = append(q.items, item{ev: ev})
	}
	for _, err := range errs {
		q.items = append(q.items, item{err: err})
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *queue) pop() (item, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.head == len(q.items) {
		return item{}, false
	}
	it := q.items[q.head]
	q.items[q.head] = item{}
	q.head++
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
		if cap(q.items) > 4096 {
			q.items = nil // let a burst's array go
		}
	} else if q.head >= 1024 && q.head*2 >= len(q.items) {
		q.items = append(q.items[:0], q.items[q.head:]...)
		q.head = 0
	}
	return it, true
}

func (q *queue) empty() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.head == len(q.items)
}
