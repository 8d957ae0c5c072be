package stream

import (
	"fmt"
	"time"
)

// Defaults of the options below.
const (
	DefaultIdleTimeout   = 15 * time.Second // three heartbeat periods
	DefaultMinBackoff    = 500 * time.Millisecond
	DefaultMaxBackoff    = 30 * time.Second
	DefaultMaxLineSize   = 1 << 20
	DefaultMaxReconnects = 10
)

// maxMaxLineSize bounds WithMaxLineSize: one message of a gigabyte is
// already absurd.
const maxMaxLineSize = 1 << 30

// An Option adjusts one stream.
type Option func(*config)

type config struct {
	idle          time.Duration
	minBackoff    time.Duration
	maxBackoff    time.Duration
	maxLine       int
	maxReconnects int

	onEndSnapshot func()
	onHeartbeat   func(Heartbeat)
	onReconnect   func(cause error)
	onRetry       func(attempt int, wait time.Duration, cause error)

	problem string // the first invalid option, if any
}

func newConfig(opts []Option) (config, error) {
	c := config{
		idle:          DefaultIdleTimeout,
		minBackoff:    DefaultMinBackoff,
		maxBackoff:    DefaultMaxBackoff,
		maxLine:       DefaultMaxLineSize,
		maxReconnects: DefaultMaxReconnects,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.problem != "" {
		return c, fmt.Errorf("stream: invalid option: %s", c.problem)
	}
	return c, nil
}

func (c *config) reject(format string, args ...any) {
	if c.problem == "" {
		c.problem = fmt.Sprintf(format, args...)
	}
}

// WithIdleTimeout sets the watchdog: when the server sends no byte for d
// (TradeStation sends a heartbeat about every 5 seconds on an idle
// stream), the connection is closed and opened again. Time the caller
// spends in the loop body does not count. d must be positive.
func WithIdleTimeout(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.reject("idle timeout %v is not positive", d)
			return
		}
		c.idle = d
	}
}

// WithBackoff sets the delays between reconnection attempts: the first
// waits about min, each further one in a row doubles, up to max. Delays
// are jittered. A 429 answer waits until its X-RateLimit-Reset, but never
// longer than max.
func WithBackoff(min, max time.Duration) Option {
	return func(c *config) {
		if min <= 0 || max < min {
			c.reject("backoff (%v, %v) must satisfy 0 < min <= max", min, max)
			return
		}
		c.minBackoff, c.maxBackoff = min, max
	}
}

// WithMaxLineSize bounds one message, in bytes. A longer one is skipped
// without being buffered, and reported as a *MessageError that matches
// ErrMessageTooLong; the stream goes on.
func WithMaxLineSize(n int) Option {
	return func(c *config) {
		if n <= 0 || n > maxMaxLineSize {
			c.reject("max line size %d is not between 1 and %d", n, maxMaxLineSize)
			return
		}
		c.maxLine = n
	}
}

// WithMaxReconnects bounds the reconnections attempted in a row without
// a working connection; one more ends the stream with an error matching
// ErrRetriesExhausted. A connection works once it delivers a message
// (data, heartbeat, EndSnapshot, a per-symbol error): the count then
// starts again. 0 means never reconnect; a negative n means reconnect for
// as long as the context lives.
func WithMaxReconnects(n int) Option {
	return func(c *config) { c.maxReconnects = n }
}

// OnEndSnapshot registers f, called when the server says the initial
// snapshot is complete (orders and positions streams): every item yielded
// before the call belongs to the snapshot. After a reconnection a new
// snapshot follows and f is called again.
func OnEndSnapshot(f func()) Option {
	return func(c *config) { c.onEndSnapshot = f }
}

// OnHeartbeat registers f, called for every heartbeat. Heartbeats are
// never yielded as data.
func OnHeartbeat(f func(Heartbeat)) Option {
	return func(c *config) { c.onHeartbeat = f }
}

// OnReconnect registers f, called before the first message of each new
// connection that replaces one that had delivered messages. cause is what
// ended the previous connection (see the package doc). What follows is a
// fresh snapshot: reconcile your state against it; OnEndSnapshot will be
// called again where the stream has one.
func OnReconnect(f func(cause error)) Option {
	return func(c *config) { c.onReconnect = f }
}

// OnRetry registers f, called each time the stream is about to wait and
// reconnect: attempt is 1 for the first reconnection since the last
// working connection and counts up, wait is the delay before it, cause is
// why. It is meant for logging; causes are never yielded.
func OnRetry(f func(attempt int, wait time.Duration, cause error)) Option {
	return func(c *config) { c.onRetry = f }
}
