package book

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tradestation-go/tradestation/internal/retry"
	"github.com/tradestation-go/tradestation/v3"
)

// maxAccounts is TradeStation's limit of accounts in one request.
const maxAccounts = 25

// A Book is the live state of the orders and positions of some accounts.
// Its methods are safe for concurrent use.
type Book struct {
	src source
	cfg config

	mu      sync.RWMutex // guards t and scratch
	t       *tracker
	scratch []Event // reused for the events of one stream message

	reconciling  sync.Mutex    // one REST reconcile at a time
	reconcileNow chan struct{} // asks the reconcile loop for one at once

	queue   queue
	reading atomic.Bool // an Events loop is running

	ctx    context.Context         // ends when the book closes or stops; its cause says which
	cancel context.CancelCauseFunc // errClosed, or an error matching ErrStopped
	wg     sync.WaitGroup
}

// Open lists the orders and positions of accountIDs (1 to 25 accounts),
// starts their streams and returns the book that merges both. It fails
// when the first listing fails or reports an error for an account. The
// book lives until Close is called, ctx ends, or it stops by itself (see
// Events).
func Open(ctx context.Context, api *v3.Client, accountIDs []string, opts ...Option) (*Book, error) {
	if api == nil {
		return nil, errors.New("book: nil client (use client.NewV3)")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	accountIDs = slices.Clone(accountIDs) // the caller may reuse the slice
	return open(ctx, &clientSource{api: api, accounts: accountIDs, opts: cfg.streamOpts}, accountIDs, cfg)
}

func open(ctx context.Context, src source, accountIDs []string, cfg config) (*Book, error) {
	if err := checkAccounts(accountIDs); err != nil {
		return nil, err
	}
	bctx, cancel := context.WithCancelCause(ctx)
	b := &Book{
		src:          src,
		cfg:          cfg,
		t:            newTracker(),
		reconcileNow: make(chan struct{}, 1),
		queue:        queue{wake: make(chan struct{}, 1)},
		ctx:          bctx,
		cancel:       cancel,
	}
	if err := b.reconcile(bctx, true); err != nil {
		cancel(errClosed)
		return nil, err
	}
	b.wg.Add(3)
	go b.runOrders()
	go b.runPositions()
	go b.runReconcile()
	return b, nil
}

func checkAccounts(ids []string) error {
	switch {
	case len(ids) == 0:
		return errors.New("book: no account ids given")
	case len(ids) > maxAccounts:
		return fmt.Errorf("book: %d account ids given, TradeStation takes at most %d", len(ids), maxAccounts)
	}
	for i, id := range ids {
		if strings.TrimSpace(id) == "" || strings.Contains(id, ",") {
			return fmt.Errorf("book: account id %d (%q) is empty or holds a comma", i, id)
		}
	}
	return nil
}

// Close stops the streams and the reconciling and waits for them to end.
// The book's last state stays readable; an Events loop yields what was
// already queued and ends. Close a book that stopped by itself too.
func (b *Book) Close() {
	b.cancel(errClosed)
	b.wg.Wait()
}

// Order returns the order with id as TradeStation last reported it.
func (b *Book) Order(id string) (v3.Order, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	st, ok := b.t.orders[id]
	if !ok {
		return v3.Order{}, false
	}
	return cloneOrder(st.order), true
}

// Orders returns every order the book knows, open and closed, in the order
// TradeStation numbered them.
func (b *Book) Orders() []v3.Order {
	b.mu.RLock()
	out := make([]v3.Order, 0, len(b.t.orders))
	for _, st := range b.t.orders {
		out = append(out, cloneOrder(st.order))
	}
	b.mu.RUnlock()
	slices.SortFunc(out, func(x, y v3.Order) int {
		return cmp.Or(cmp.Compare(len(x.OrderID), len(y.OrderID)), strings.Compare(x.OrderID, y.OrderID))
	})
	return out
}

// Positions returns the open positions, by account and symbol.
func (b *Book) Positions() []v3.Position {
	b.mu.RLock()
	out := make([]v3.Position, 0, len(b.t.positions))
	for _, ps := range b.t.positions {
		out = append(out, ps.pos)
	}
	b.mu.RUnlock()
	slices.SortFunc(out, func(x, y v3.Position) int {
		return cmp.Or(strings.Compare(x.AccountID, y.AccountID), strings.Compare(x.Symbol, y.Symbol))
	})
	return out
}

// Events yields the book's events in the order they happened, beginning
// with those of the listing that Open made (an Opened, and the fills and
// ending it showed, for each order), each event once: events wait in the
// book until a loop takes them, and a loop that breaks and a later one
// continue where the first stopped. One loop may run at a time; a second
// yields an error and ends.
//
// Errors are yielded as (Event{}, err) and the book goes on, unless it
// has stopped (see the package doc, "When the book stops"): then every
// loop yields the events queued and ends with an error that matches
// ErrStopped and wraps the cause. A loop ends with ctx.Err() when ctx
// ends, after the last queued event once the book is closed, and with the
// context's error once Open's context has ended.
//
// Events not taken are kept: a program that never reads them should still
// run a loop that drops them, or the book grows with every change.
func (b *Book) Events(ctx context.Context) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		if !b.reading.CompareAndSwap(false, true) {
			yield(Event{}, errors.New("book: another Events loop is running"))
			return
		}
		defer b.reading.Store(false)
		for {
			if it, ok := b.queue.pop(); ok {
				if it.err == nil {
					it.ev.Order = cloneOrder(it.ev.Order)
				}
				if !yield(it.ev, it.err) {
					return
				}
				continue
			}
			select {
			case <-b.queue.wake:
			case <-ctx.Done():
				yield(Event{}, ctx.Err())
				return
			case <-b.ctx.Done():
				if b.queue.empty() {
					if why := context.Cause(b.ctx); why != errClosed {
						yield(Event{}, why)
					}
					return
				}
			}
		}
	}
}

// reconcile lists orders and positions over REST and merges what it got.
// At Open (strict) any failure, an error about one account included,
// fails it; later, failures of a listing are returned, errors about an
// account are queued, and the rest is merged.
func (b *Book) reconcile(ctx context.Context, strict bool) error {
	b.reconciling.Lock()
	defer b.reconciling.Unlock()
	b.mu.RLock()
	since := b.t.seq
	b.mu.RUnlock()

	orders, errOrders := b.src.orders(ctx)
	if errOrders != nil {
		if !strict && loginGone(errOrders) {
			b.stop("listing orders", errOrders)
			return nil
		}
		errOrders = fmt.Errorf("book: listing orders: %w", errOrders)
		if strict {
			return errOrders
		}
	}
	positions, errPositions := b.src.positions(ctx)
	if errPositions != nil {
		if !strict && loginGone(errPositions) {
			b.stop("listing positions", errPositions)
			return nil
		}
		errPositions = fmt.Errorf("book: listing positions: %w", errPositions)
		if strict {
			return errPositions
		}
	}
	var problems []error
	if orders != nil {
		for _, e := range orders.Errors {
			problems = append(problems, fmt.Errorf("book: listing orders: account %s: %s: %s", e.AccountID, e.Error, e.Message))
		}
	}
	if positions != nil {
		for _, e := range positions.Errors {
			problems = append(problems, fmt.Errorf("book: listing positions: account %s: %s: %s", e.AccountID, e.Error, e.Message))
		}
	}
	if strict && len(problems) > 0 {
		return errors.Join(problems...)
	}

	now := b.cfg.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	var evs []Event
	if orders != nil {
		for _, o := range orders.Orders {
			if o.OrderID == "" {
				problems = append(problems, errors.New("book: listing orders: an order without OrderID was ignored"))
				continue
			}
			evs = b.t.observe(o, listing, since, now, evs)
		}
	}
	if positions != nil {
		b.t.listPositions(positions, since)
	}
	b.queue.push(evs, problems)
	return errors.Join(errOrders, errPositions)
}

func (b *Book) requestReconcile() {
	select {
	case b.reconcileNow <- struct{}{}:
	default:
	}
}

// runReconcile reconciles every interval and when asked, and prunes.
func (b *Book) runReconcile() {
	defer b.wg.Done()
	tick := time.NewTicker(b.cfg.every)
	defer tick.Stop()
	for {
		select {
		case <-b.ctx.Done():
			return
		case <-tick.C:
		case <-b.reconcileNow:
		}
		if err := b.reconcile(b.ctx, false); err != nil && b.ctx.Err() == nil {
			b.queue.push(nil, []error{err})
		}
		if b.cfg.keepClosed > 0 {
			b.mu.Lock()
			b.t.prune(b.cfg.now(), b.cfg.keepClosed)
			b.mu.Unlock()
		}
	}
}

// connection is what a stream loop remembers of its current connection.
type connection struct {
	inSnapshot bool
	seen       map[string]struct{} // what the snapshot listed so far
}

func (c *connection) begin() { c.inSnapshot, c.seen = true, map[string]struct{}{} }

// keepStreaming runs a stream until the book closes or stops. run reads
// one stream until it ends, and returns whether it delivered anything and
// the error that ended it. A stream ended by an error that stops the book
// stops it; otherwise a reconcile is asked for and the stream is opened
// again after a pause that grows while it keeps failing.
func (b *Book) keepStreaming(name string, run func(*connection) (delivered bool, end error)) {
	defer b.wg.Done()
	var c connection
	for failures := 0; ; {
		c.begin()
		delivered, end := run(&c)
		if b.ctx.Err() != nil {
			return
		}
		if end != nil && stopsBook(end) {
			b.stop(name, end)
			return
		}
		if end != nil {
			b.queue.push(nil, []error{fmt.Errorf("book: %s: %w", name, end)})
		}
		if delivered {
			failures = 0
		}
		b.requestReconcile()
		failures++
		if retry.Sleep(b.ctx, retry.Delay(b.cfg.restartMin, b.cfg.restartMax, failures)) != nil {
			return
		}
	}
}

// streamErrors sorts the errors of one stream: those after which it goes
// on are queued at once; one that ends it is held as the stream's end for
// keepStreaming (and queued after all, should the stream go on).
type streamErrors struct {
	b    *Book
	name string
	end  error
}

// add takes an error the stream yielded.
func (e *streamErrors) add(err error) {
	e.resume()
	if endsStream(err) {
		e.end = err
		return
	}
	e.b.queue.push(nil, []error{fmt.Errorf("book: %s: %w", e.name, err)})
}

// resume runs when the stream yields a value: an end held was not one.
func (e *streamErrors) resume() {
	if e.end != nil {
		e.b.queue.push(nil, []error{fmt.Errorf("book: %s: %w", e.name, e.end)})
		e.end = nil
	}
}

func (b *Book) runOrders() {
	const name = "order stream"
	b.keepStreaming(name, func(c *connection) (delivered bool, end error) {
		h := hooks{
			reconnect:   func(error) { c.begin() },
			endSnapshot: func() { delivered = true; b.endOrderSnapshot(c) },
		}
		errs := streamErrors{b: b, name: name}
		for o, err := range b.src.orderStream(b.ctx, h) {
			if b.ctx.Err() != nil {
				return delivered, nil
			}
			if err != nil {
				errs.add(err)
				continue
			}
			errs.resume()
			delivered = true
			b.streamOrder(o, c)
		}
		return delivered, errs.end
	})
}

func (b *Book) streamOrder(o v3.Order, c *connection) {
	if o.OrderID == "" {
		b.queue.push(nil, []error{errors.New("book: order stream: an order without OrderID was ignored")})
		return
	}
	from := live
	if c.inSnapshot {
		from = snapshot
		c.seen[o.OrderID] = struct{}{}
	}
	now := b.cfg.now()
	b.mu.Lock()
	b.scratch = b.t.observe(o, from, 0, now, b.scratch[:0])
	b.queue.push(b.scratch, nil)
	clear(b.scratch) // let the orders go
	b.mu.Unlock()
}

// endOrderSnapshot ends a snapshot. An open order that the snapshot did
// not list has ended in a way the book has not seen: a reconcile finds how.
func (b *Book) endOrderSnapshot(c *connection) {
	if !c.inSnapshot {
		return
	}
	b.mu.RLock()
	missing := len(b.t.openNotIn(c.seen)) > 0
	b.mu.RUnlock()
	c.inSnapshot, c.seen = false, nil
	if missing {
		b.requestReconcile()
	}
}

func (b *Book) runPositions() {
	const name = "position stream"
	b.keepStreaming(name, func(c *connection) (delivered bool, end error) {
		h := hooks{
			reconnect: func(error) { c.begin() },
			endSnapshot: func() {
				delivered = true
				if !c.inSnapshot {
					return // a second EndSnapshot: nothing was listed since the first
				}
				b.mu.Lock()
				b.t.closePositionsNotIn(c.seen)
				b.mu.Unlock()
				c.inSnapshot, c.seen = false, nil
			},
		}
		errs := streamErrors{b: b, name: name}
		for p, err := range b.src.positionStream(b.ctx, h) {
			if b.ctx.Err() != nil {
				return delivered, nil
			}
			if err != nil {
				errs.add(err)
				continue
			}
			errs.resume()
			delivered = true
			from := live
			if c.inSnapshot {
				from = snapshot
			}
			b.mu.Lock()
			key, ok := b.t.position(p, from, 0)
			b.mu.Unlock()
			switch {
			case !ok:
				b.queue.push(nil, []error{fmt.Errorf("book: position stream: a position without AccountID and Symbol, and an unknown PositionID %q, was ignored", p.PositionID)})
			case c.inSnapshot && !p.Deleted:
				c.seen[key] = struct{}{}
			}
		}
		return delivered, errs.end
	})
}

// cloneOrder copies o's slices, so that a caller who changes what the book
// returned changes nothing in the book.
func cloneOrder(o v3.Order) v3.Order {
	o.Legs = slices.Clone(o.Legs)
	o.ConditionalOrders = slices.Clone(o.ConditionalOrders)
	o.MarketActivationRules = slices.Clone(o.MarketActivationRules)
	o.TimeActivationRules = slices.Clone(o.TimeActivationRules)
	return o
}
