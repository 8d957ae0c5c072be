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

	// DefaultReconnectBudget reconnections are allowed within any
	// DefaultReconnectWindow (see WithReconnectBudget).
	DefaultReconnectBudget = 20
	DefaultReconnectWindow = time.Minute
)

// MinReconnectInterval is the least time between the starts of two
// connection attempts of one stream, whatever the server sends and
// whatever the options say: no stream makes more than 10 attempts a
// second. A GoAway on a working connection is honoured after a jittered
// delay between one and two of these.
const MinReconnectInterval = 100 * time.Millisecond

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
	budget        int           // reconnections allowed within window
	window        time.Duration // the budget's window
	floor         time.Duration // MinReconnectInterval; the package's tests lower it
	subjects      subjects      // what the stream was opened for

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
		budget:        DefaultReconnectBudget,
		window:        DefaultReconnectWindow,
		floor:         MinReconnectInterval,
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

// WithIdleTimeout sets the watchdog: when no complete message (data,
// heartbeat, status or error) arrives for d, the connection is closed and
// opened again. TradeStation sends a heartbeat about every 5 seconds on
// an idle stream; bytes that do not complete a message, such as white
// space, do not count. Time the caller spends in the loop body does not
// count either. d must be positive.
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
// longer than max. Attempts never start less than MinReconnectInterval
// apart, whatever min is.
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
// ErrRetriesExhausted. A connection works when it delivers data, an
// EndSnapshot or a yielded *Error (per-subject or unclassified) and is
// not then ended by a transient error from TradeStation: the count then
// starts again. Heartbeats alone do not make a connection work. 0 means
// never reconnect; a negative n means no bound (WithReconnectBudget still
// applies).
func WithMaxReconnects(n int) Option {
	return func(c *config) { c.maxReconnects = n }
}

// WithReconnectBudget allows at most n reconnections within any window
// of length per (default DefaultReconnectBudget within
// DefaultReconnectWindow: 20 a minute), however well each connection
// worked; the reconnection after that ends the stream with an error
// matching ErrReconnectBudget. It keeps a server that keeps asking for
// new connections from burning the login's request quota, which order
// and account calls share. n and per must be positive.
func WithReconnectBudget(n int, per time.Duration) Option {
	return func(c *config) {
		if n <= 0 || per <= 0 {
			c.reject("reconnect budget %d per %v: both must be positive", n, per)
			return
		}
		c.budget, c.window = n, per
	}
}

// subjects are the symbols or the accounts a stream was opened for: once
// each has failed for good (an error of Verdict PerSubject naming it), the
// stream ends with ErrAllSubjectsFailed.
type subjects struct {
	names    []string
	accounts bool // names are account ids, not symbols
}

// name puts a subject's name into an error that named none.
func (s subjects) name(e *Error, name string) {
	if s.accounts {
		e.AccountID = name
	} else {
		e.Symbol = name
	}
}

// withSymbols and withAccounts tell the engine the stream's subjects; the
// typed constructors put them before the caller's options.
func withSymbols(opts []Option, symbols ...string) []Option {
	return append([]Option{func(c *config) { c.subjects = subjects{names: symbols} }}, opts...)
}

func withAccounts(opts []Option, accountIDs ...string) []Option {
	return append([]Option{func(c *config) { c.subjects = subjects{names: accountIDs, accounts: true} }}, opts...)
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
