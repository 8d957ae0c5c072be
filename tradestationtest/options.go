package tradestationtest

import "time"

// Option configures a Server at construction. WithHeartbeat,
// WithAccessTokenLifetime and WithRefreshTokenRotation can also be changed
// while the server runs (SetHeartbeat, SetAccessTokenLifetime,
// SetRefreshTokenRotation); the others cannot.
type Option func(*config)

type config struct {
	heartbeat     time.Duration
	tokenLifetime time.Duration
	rotation      bool
	start         time.Time // zero: DefaultStart, or now with realTime
	realTime      bool
	addr          string // "" for a free loopback port
	remote        bool   // WithRemoteAccess
	statePath     string
	seed          int64
	partialFills  bool
}

func newConfig(opts []Option) config {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	return cfg
}

func defaultConfig() config {
	return config{
		heartbeat:     5 * time.Second,
		tokenLifetime: 20 * time.Minute,
	}
}

// startTime is where the market clock starts.
func (c config) startTime() time.Time {
	switch {
	case !c.start.IsZero():
		return c.start
	case c.realTime:
		return time.Now().UTC().Truncate(time.Second)
	}
	return DefaultStart
}

// WithHeartbeat sets how long a stream stays silent before it sends a
// heartbeat (default 5 s, as TradeStation; tests use milliseconds). A
// non-positive d keeps the default.
func WithHeartbeat(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.heartbeat = d
		}
	}
}

// WithAccessTokenLifetime sets the lifetime of the access tokens the server
// issues (default 20 minutes, expires_in 1200). A non-positive d keeps the
// default.
func WithAccessTokenLifetime(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.tokenLifetime = d
		}
	}
}

// WithRefreshTokenRotation makes every refresh answer a new refresh token
// and retire the one used, as TradeStation does for keys with rotation on.
func WithRefreshTokenRotation() Option {
	return func(c *config) { c.rotation = true }
}

// WithStartTime sets the market clock's first instant (default
// DefaultStart, a Tuesday morning with the US markets open; with
// WithRealTime, the wall clock's now). Account history is laid out in the
// days before it.
func WithStartTime(t time.Time) Option {
	return func(c *config) {
		if !t.IsZero() {
			c.start = t.UTC().Truncate(time.Second)
		}
	}
}

// WithRealTime makes the market clock follow the wall clock, moving prices,
// filling orders and feeding streams every second, for demos and for
// clients that expect today's dates: it starts at the wall clock's now
// (unless WithStartTime says otherwise), so that bars, the 90 days of
// historical orders and order times are relative to today. Without it
// the clock moves only when Advance is called.
func WithRealTime() Option {
	return func(c *config) { c.realTime = true }
}

// WithAddr makes NewServer and Start listen on addr (host:port, such as
// 127.0.0.1:8080; port 0 picks a free port) instead of a free loopback
// port, so that clients started beforehand know where to go. The host
// must be a loopback address (127.0.0.1, ::1 or localhost) unless
// WithRemoteAccess is given. RegisterResponders ignores it.
func WithAddr(addr string) Option {
	return func(c *config) { c.addr = addr }
}

// WithRemoteAccess lets WithAddr name an address that other machines can
// reach, such as 0.0.0.0:8080 for a container. Whoever reaches it can use
// the fake's accounts and tokens and switch its faults on.
func WithRemoteAccess() Option {
	return func(c *config) { c.remote = true }
}

// WithStateFile keeps the accounts, positions, balances and orders (and
// the market clock) in the file at path, so that they survive a restart:
// a server starts from the file if it exists (its clock then goes on from
// the saved instant, see WithStartTime and WithRealTime) and otherwise
// creates it; it writes the file after every change of an account or an
// order and when it closes, atomically (a new file renamed over the old,
// mode 0600). Tokens are not kept: a restarted server issues new ones.
func WithStateFile(path string) Option {
	return func(c *config) { c.statePath = path }
}

// WithSeed varies the price paths: every seed gives other paths, still
// deterministic (0, the default, gives the documented paths through each
// symbol's anchor price at DefaultStart). It also seeds WithPartialFills.
// A state file keeps the seed it was made with.
func WithSeed(seed int64) Option {
	return func(c *config) { c.seed = seed }
}

// WithPartialFills makes single-leg orders fill in parts: each tick that
// an order would fill, a random part of what remains (at most 60%, seeded
// by WithSeed) fills, the order reports Partial Fill (Alive), FPR, until
// the rest has filled too. A cancelled or expired remainder ends the order
// as Partial Fill (UROut), FLP; AllOrNone and FOK orders fill whole; OSO
// orders wait for the whole fill. Without it every fill is whole.
func WithPartialFills() Option {
	return func(c *config) { c.partialFills = true }
}
