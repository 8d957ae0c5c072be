package book

import (
	"fmt"
	"time"

	"github.com/tradestation-go/tradestation/stream"
)

// DefaultReconcileEvery is how often the book compares itself with
// TradeStation's REST answers unless WithReconcileEvery says otherwise:
// 10 listings of orders (one request a page of 600) and 10 of positions
// in 5 minutes, well inside the 250 in 5 minutes that TradeStation allows
// each.
const DefaultReconcileEvery = 30 * time.Second

// An Option adjusts a Book.
type Option func(*config)

type config struct {
	every      time.Duration
	keepClosed time.Duration // 0: forever
	streamOpts []stream.Option

	// restartMin and restartMax bound the wait before a stream that ended
	// is opened again.
	restartMin, restartMax time.Duration
	now                    func() time.Time

	problem string // the first invalid option, if any
}

func newConfig(opts []Option) (config, error) {
	c := config{
		every:      DefaultReconcileEvery,
		restartMin: time.Second,
		restartMax: time.Minute,
		now:        time.Now,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.problem != "" {
		return c, fmt.Errorf("book: invalid option: %s", c.problem)
	}
	return c, nil
}

func (c *config) reject(format string, args ...any) {
	if c.problem == "" {
		c.problem = fmt.Sprintf(format, args...)
	}
}

// WithReconcileEvery sets how often the book lists the accounts' orders
// and positions over REST and corrects itself where the streams missed
// something (default DefaultReconcileEvery). d must be positive.
func WithReconcileEvery(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.reject("reconcile interval %v is not positive", d)
			return
		}
		c.every = d
	}
}

// WithPruneClosedAfter makes the book forget an order d after it reached
// a final status, so that a book open for days holds about d's worth of
// closed orders (24 hours keeps today's). A forgotten order's id is
// remembered for another d, during which TradeStation's mentions of it
// are ignored rather than taken for a new order. Without this option the
// book keeps every order. d must be positive.
func WithPruneClosedAfter(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.reject("prune delay %v is not positive", d)
			return
		}
		c.keepClosed = d
	}
}

// WithStreamOptions passes options to the order and position streams,
// such as stream.WithIdleTimeout. The book sets OnReconnect and
// OnEndSnapshot itself; its own take precedence.
func WithStreamOptions(opts ...stream.Option) Option {
	return func(c *config) { c.streamOpts = append(c.streamOpts, opts...) }
}
