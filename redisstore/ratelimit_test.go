package redisstore

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tradestation-go/tradestation/ratelimit"
)

func TestStreamSlotsCapConcurrentStreamsAcrossLimiters(t *testing.T) {
	rdb := testRedis(t)
	key := testKey(t, rdb)
	limits := map[string]ratelimit.Quota{ratelimit.OptionChainStream: {Streams: 2}}
	var open, most atomic.Int32
	var wg sync.WaitGroup
	for i := range 9 {
		// Limiters with clients of their own, as processes would have.
		own := redis.NewClient(&redis.Options{Addr: rdb.Options().Addr})
		t.Cleanup(func() { _ = own.Close() })
		l := NewRateLimiter(own, key, limits)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			release, err := l.Acquire(ctx, ratelimit.OptionChainStream)
			if err != nil {
				t.Errorf("stream %d: %v", i, err)
				return
			}
			n := open.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(20 * time.Millisecond)
			open.Add(-1)
			release()
			release() // harmless
		}()
	}
	wg.Wait()
	if m := most.Load(); m != 2 {
		t.Errorf("at most %d streams were open at once, want the cap of 2 reached and kept", m)
	}
}

func TestWaitFailsAtOnceWhenTheBudgetOpensAfterTheDeadline(t *testing.T) {
	rdb := testRedis(t)
	l := NewRateLimiter(rdb, testKey(t, rdb), map[string]ratelimit.Quota{ratelimit.Accounts: {Requests: 2, Period: time.Hour}})
	ctx := context.Background()
	if err := l.Wait(ctx, ratelimit.Accounts); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	err := l.Wait(short, ratelimit.Accounts)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "Accounts budget opens again in") {
		t.Errorf("Wait: %v; want an error at once naming the group and the deadline", err)
	}
	if short.Err() != nil {
		t.Error("Wait waited for the deadline instead of failing at once")
	}
}

func TestGroupsWithoutQuotaNeverWait(t *testing.T) {
	rdb := testRedis(t)
	l := NewRateLimiter(rdb, testKey(t, rdb), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // any wait would fail
	for _, g := range []string{"", "Symbols", ratelimit.OrderStream} {
		if err := l.Wait(ctx, g); err != nil {
			t.Errorf("Wait(%q): %v", g, err)
		}
	}
	release, err := l.Acquire(ctx, ratelimit.Accounts)
	if err != nil {
		t.Fatalf("Acquire of a group without a stream cap: %v", err)
	}
	release()
}

func TestRateLimiterReportsInvalidArguments(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	cases := map[string]struct {
		l    *RateLimiter
		want string
	}{
		"nil client": {NewRateLimiter(nil, "k", nil), "nil Redis client"},
		"empty key":  {NewRateLimiter(rdb, "", nil), "empty key"},
		"no period":  {NewRateLimiter(rdb, "k", map[string]ratelimit.Quota{"X": {Requests: 5}}), "quota of X"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, aerr := tc.l.Acquire(context.Background(), ratelimit.OrderStream)
			for _, err := range []error{tc.l.Wait(context.Background(), ratelimit.Accounts), aerr} {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("err = %v, want one saying %q", err, tc.want)
				}
			}
		})
	}
}
