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
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
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

// Streams of the SDK's clients that share a Redis budget share its stream
// cap: with one option-chain stream allowed, a second one waits while the
// first runs and gets the slot once the first ends.
func TestSDKStreamsOfTwoClientsShareTheStreamCap(t *testing.T) {
	rdb := testRedis(t)
	key := testKey(t, rdb)
	srv := tradestationtest.NewServer()
	t.Cleanup(srv.Close)
	limits := map[string]ratelimit.Quota{ratelimit.OptionChainStream: {Streams: 1}}
	newAPI := func() *v3.Client {
		own := redis.NewClient(&redis.Options{Addr: rdb.Options().Addr}) // as another process would have
		t.Cleanup(func() { _ = own.Close() })
		api, err := client.NewV3(srv.Session(), option.WithRateLimiter(NewRateLimiter(own, key, limits)))
		if err != nil {
			t.Fatal(err)
		}
		return api
	}
	first, second := newAPI(), newAPI()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	holding, proceed, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		for _, err := range stream.OptionChain(ctx, first, "MSFT", nil) {
			if err != nil {
				done <- err
				return
			}
			close(holding)
			<-proceed // holds the only slot while it stays in the loop
			break
		}
		done <- nil
	}()
	select {
	case <-holding:
	case err := <-done:
		t.Fatalf("the first stream: %v", err)
	}
	if n := rdb.ZCard(ctx, key+":streams:"+ratelimit.OptionChainStream).Val(); n != 1 {
		t.Errorf("%d slots taken in Redis while the first stream runs, want 1", n)
	}
	short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	var errs []error
	for _, err := range stream.OptionChain(short, second, "MSFT", nil) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.DeadlineExceeded) || !strings.HasPrefix(errs[0].Error(), "stream: no free OptionChainStream stream: ") {
		t.Errorf("the second stream while the first runs yielded %v; want one error naming the group", errs)
	}
	close(proceed)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := rdb.ZCard(ctx, key+":streams:"+ratelimit.OptionChainStream).Val(); n != 0 {
		t.Errorf("%d slots taken in Redis after the first stream ended, want 0", n)
	}
	for _, err := range stream.OptionChain(ctx, second, "MSFT", nil) {
		if err != nil {
			t.Errorf("the second stream after the first ended: %v", err)
		}
		break
	}
}
