package redisstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"github.com/tradestation-go/tradestation/ratelimit"
)

// streamSlotTime is how long a stream's slot lasts without renewal, and so
// how long a dead process keeps one; a holder renews it every third of that.
const streamSlotTime = 30 * time.Second

// RateLimiter is a ratelimit.StreamLimiter that every process signed in as
// one user shares through Redis: one request budget per resource group
// (GCRA, after ratelimit.Quota.Split) and one count of open streams. Its keys
// start with "rate:" + key + ":" (the budgets) and key + ":streams:".
type RateLimiter struct {
	rdb      redis.UniversalClient
	limiter  *redis_rate.Limiter
	key      string
	limits   map[string]ratelimit.Quota
	slotTime time.Duration
	err      error
}

var _ ratelimit.StreamLimiter = (*RateLimiter)(nil)

// NewRateLimiter returns the shared budget of the login that key names
// (the same key on every process; no secret in it) with limits by
// resource group; nil limits means ratelimit.Documented(). A problem with
// the arguments is returned by every method.
func NewRateLimiter(rdb redis.UniversalClient, key string, limits map[string]ratelimit.Quota) *RateLimiter {
	l := &RateLimiter{rdb: rdb, key: key, limits: ratelimit.Documented(), slotTime: streamSlotTime}
	if limits != nil {
		l.limits = maps.Clone(limits) // the caller may change its map later
	}
	switch {
	case rdb == nil:
		l.err = errors.New("redisstore: NewRateLimiter was given a nil Redis client")
	case key == "":
		l.err = errors.New("redisstore: NewRateLimiter was given an empty key")
	default:
		l.limiter = redis_rate.NewLimiter(rdb)
	}
	for group, q := range l.limits {
		if q.Requests < 0 || q.Streams < 0 || (q.Requests > 0 && q.Period <= 0) {
			l.err = errors.Join(l.err, fmt.Errorf("redisstore: the quota of %s (%d requests per %v, %d streams) is not valid", group, q.Requests, q.Period, q.Streams))
		}
	}
	return l
}

// Wait blocks until the group's shared budget lets one more request
// through. It fails at once, naming the group, when the next opening comes
// after ctx's deadline.
func (l *RateLimiter) Wait(ctx context.Context, resource string) error {
	if l.err != nil {
		return l.err
	}
	q := l.limits[resource]
	if q.Requests == 0 {
		return nil
	}
	burst, steady := q.Split()
	limit := redis_rate.Limit{Rate: steady, Burst: burst, Period: q.Period}
	for {
		res, err := l.limiter.Allow(ctx, l.key+":"+resource, limit)
		if err != nil {
			return fmt.Errorf("redisstore: the %s budget: %w", resource, err)
		}
		if res.Allowed > 0 {
			return nil
		}
		if err := sleep(ctx, res.RetryAfter, resource); err != nil {
			return err
		}
	}
}

// Acquire blocks until one of the group's streams is free and takes it;
// release gives it back. A slot of a process that died frees itself after
// half a minute.
func (l *RateLimiter) Acquire(ctx context.Context, resource string) (release func(), err error) {
	if l.err != nil {
		return nil, l.err
	}
	q := l.limits[resource]
	if q.Streams == 0 {
		return func() {}, nil
	}
	key := l.key + ":streams:" + resource
	member := newOwner()
	ms := l.slotTime.Milliseconds()
	for poll := 10 * time.Millisecond; ; poll = min(2*poll, time.Second) {
		ok, err := acquireScript.Run(ctx, l.rdb, []string{key}, member, ms, q.Streams).Int()
		if err != nil {
			return nil, fmt.Errorf("redisstore: taking a %s stream: %w", resource, err)
		}
		if ok == 1 {
			break
		}
		if err := sleep(ctx, poll/2+rand.N(poll), resource+" stream"); err != nil {
			return nil, err
		}
	}
	stop := make(chan struct{})
	var renewed sync.WaitGroup
	renewed.Add(1)
	go func() {
		defer renewed.Done()
		t := time.NewTicker(l.slotTime / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), l.slotTime/3)
				_ = renewSlotScript.Run(ctx, l.rdb, []string{key}, member, ms).Err()
				cancel()
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			renewed.Wait()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_ = l.rdb.ZRem(ctx, key, member).Err()
			cancel()
		})
	}, nil
}

// sleep waits d, or fails naming what it waited for when ctx ends first or
// its deadline comes before d has passed.
func sleep(ctx context.Context, d time.Duration, what string) error {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return fmt.Errorf("redisstore: the %s budget opens again in %v, after the context's deadline: %w", what, d.Round(time.Millisecond), context.DeadlineExceeded)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("redisstore: waiting for the %s budget: %w", what, ctx.Err())
	}
}

// acquireScript drops expired slots from the sorted set KEYS[1] and, if
// fewer than ARGV[3] remain, adds member ARGV[1] expiring in ARGV[2] ms: 1,
// else 0. Times are the Redis server's, so that machines' clocks do not
// matter.
var acquireScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`)

// renewSlotScript moves the expiry of member ARGV[1] of KEYS[1], if it is
// still there, ARGV[2] ms ahead.
var renewSlotScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`)
