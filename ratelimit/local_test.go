package ratelimit

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func newLocal(t *testing.T, quotas map[string]Quota) *Local {
	t.Helper()
	l, err := NewLocal(quotas)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// mostWithin is the most of the sorted times that fall within one window
// [t, t+d), wherever it lies.
func mostWithin(times []time.Time, d time.Duration) int {
	most, first := 0, 0
	for i, t := range times {
		for t.Sub(times[first]) >= d {
			first++
		}
		most = max(most, i-first+1)
	}
	return most
}

// A caller that asks every millisecond of a simulated clock, for five
// periods, gets no more than the quota through in any window of a period,
// and not much less over the whole run.
func TestLocalLetsNoMoreThanTheQuotaThroughInAnyWindow(t *testing.T) {
	for group, q := range Documented() {
		if q.Requests == 0 {
			continue
		}
		lim := newLocal(t, nil).rates[group]
		start := time.Date(2026, 11, 26, 14, 30, 0, 0, time.UTC)
		step := q.Period / 1000
		var admitted []time.Time
		for at := start; at.Before(start.Add(5 * q.Period)); at = at.Add(step) {
			if lim.AllowN(at, 1) {
				admitted = append(admitted, at)
			}
		}
		burst, steady := q.Split()
		if most := mostWithin(admitted, q.Period); most > q.Requests {
			t.Errorf("%s (%d per %v): %d let through within one period", group, q.Requests, q.Period, most)
		}
		if least := burst + 5*steady - 1; len(admitted) < least {
			t.Errorf("%s: %d let through in five periods, want at least %d", group, len(admitted), least)
		}
	}
}

func TestLocalLetsABurstThroughAtOnceAndTheRestEvenly(t *testing.T) {
	l := newLocal(t, map[string]Quota{QuoteSnapshots: {Requests: 30, Period: time.Minute}})
	lim := l.rates[QuoteSnapshots]
	if lim.Burst() != 15 || lim.Limit() != 0.25 { // 15 at once, then 15 a minute
		t.Errorf("burst %d, rate %v a second; want 15 and 0.25", lim.Burst(), lim.Limit())
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for i := range 15 {
		if err := l.Wait(ctx, QuoteSnapshots); err != nil {
			t.Fatalf("request %d of the burst: %v", i+1, err)
		}
	}
	err := l.Wait(ctx, QuoteSnapshots)
	if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		t.Errorf("request 16: %v; want a refusal at once, the next opening being 4 s away", err)
	}
}

func TestLocalWaitFailsAtOnceWhenTheNextOpeningIsPastTheDeadline(t *testing.T) {
	l := newLocal(t, map[string]Quota{Accounts: {Requests: 2, Period: time.Hour}})
	ctx := context.Background()
	if err := l.Wait(ctx, Accounts); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	err := l.Wait(short, Accounts)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "ratelimit: the Accounts budget opens again in ") || !strings.Contains(err.Error(), "after the context's deadline") {
		t.Errorf("Wait: %v; want an error naming the group and the wait", err)
	}
	if short.Err() != nil {
		t.Error("Wait waited for the deadline instead of failing at once")
	}
	if tokens := l.rates[Accounts].Tokens(); tokens < -0.5 {
		t.Errorf("the refused request kept its reservation: %.2f tokens left", tokens)
	}
}

func TestLocalWaitEndsWithTheContext(t *testing.T) {
	l := newLocal(t, map[string]Quota{Orders: {Requests: 2, Period: time.Hour}})
	if err := l.Wait(context.Background(), Orders); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel) // no deadline: Wait must wait, then see the cancellation
	err := l.Wait(ctx, Orders)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "Orders budget") {
		t.Errorf("Wait: %v; want the cancellation, naming the group", err)
	}
	if err := l.Wait(ctx, Orders); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait with an ended context: %v", err)
	}
}

func TestLocalAcquireCapsConcurrentStreams(t *testing.T) {
	l := newLocal(t, map[string]Quota{OrderStream: {Streams: 3}})
	var open, most atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			release, err := l.Acquire(context.Background(), OrderStream)
			if err != nil {
				t.Error(err)
				return
			}
			n := open.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(5 * time.Millisecond)
			open.Add(-1)
			release()
		})
	}
	wg.Wait()
	if m := most.Load(); m != 3 {
		t.Errorf("at most %d streams were open at once, want the cap of 3 reached and kept", m)
	}
}

func TestLocalAcquireWaitsForAFreeStreamAndReleaseGivesBackOneOnly(t *testing.T) {
	l := newLocal(t, map[string]Quota{MarketDepth: {Requests: 30, Period: time.Minute, Streams: 2}})
	ctx := context.Background()
	first, err := l.Acquire(ctx, MarketDepth)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Acquire(ctx, MarketDepth); err != nil {
		t.Fatal(err)
	}
	full, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := l.Acquire(full, MarketDepth); !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "MarketDepth stream (all 2 open)") {
		t.Errorf("a third stream: %v; want to wait, then fail naming the group", err)
	}
	first()
	first() // the second call gives back nothing more
	if _, err := l.Acquire(ctx, MarketDepth); err != nil {
		t.Fatal(err)
	}
	full2, cancel2 := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel2()
	if _, err := l.Acquire(full2, MarketDepth); err == nil {
		t.Error("a release called twice freed two streams")
	}
}

func TestLocalGroupsWithoutQuotaNeverWait(t *testing.T) {
	l := newLocal(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // any wait would fail
	for _, g := range []string{"", "Symbols", OrderStream, OptionChainStream} {
		if err := l.Wait(ctx, g); err != nil {
			t.Errorf("Wait(%q): %v", g, err)
		}
	}
	release, err := l.Acquire(ctx, Accounts)
	if err != nil {
		t.Fatalf("Acquire of a group without a stream cap: %v", err)
	}
	release()
}

func TestNewLocalTakesTheDocumentedQuotasByDefault(t *testing.T) {
	l := newLocal(t, nil)
	for group, q := range Documented() {
		lim, slots := l.rates[group], l.streams[group]
		if (lim != nil) != (q.Requests > 0) || (slots != nil) != (q.Streams > 0) {
			t.Errorf("%s (%+v): rate limiter %v, stream slots %v", group, q, lim != nil, slots != nil)
			continue
		}
		if burst, _ := q.Split(); lim != nil && lim.Burst() != burst {
			t.Errorf("%s: burst %d, want %d", group, lim.Burst(), burst)
		}
		if slots != nil && cap(slots) != q.Streams {
			t.Errorf("%s: %d stream slots, want %d", group, cap(slots), q.Streams)
		}
	}
}

func TestNewLocalRefusesQuotasItCannotKeep(t *testing.T) {
	cases := map[string]Quota{
		"no period":         {Requests: 5},
		"negative requests": {Requests: -1, Period: time.Minute},
		"negative streams":  {Streams: -2},
	}
	for name, q := range cases {
		l, err := NewLocal(map[string]Quota{"X": q})
		if l != nil || err == nil || !strings.Contains(err.Error(), "ratelimit: the quota of X") {
			t.Errorf("%s: %v, %v; want an error naming the group", name, l, err)
		}
	}
}
