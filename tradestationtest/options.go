package tradestationtest

import "time"

// Option configures a Server at construction. WithHeartbeat,
// WithAccessTokenLifetime and WithRefreshTokenRotation can also be changed
// while the server runs (SetHeartbeat, SetAccessTokenLifetime,
// SetRefreshTokenRotation); the start time and the real-time clock cannot.
type Option func(*config)

type config struct {
	heartbeat     time.Duration
	tokenLifetime time.Duration
	rotation      bool
	start         time.Time // zero: DefaultStart, or now with realTime
	realTime      bool
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
