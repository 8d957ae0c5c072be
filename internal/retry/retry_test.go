package retry

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestDelayDoublesWithinHalfAndWholeAndStopsAtMax(t *testing.T) {
	lo, hi := 100*time.Millisecond, time.Second
	for n, ceiling := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 60: time.Second} {
		for range 50 {
			if d := Delay(lo, hi, n); d < ceiling/2 || d > ceiling {
				t.Fatalf("Delay(%d) = %v, want within [%v, %v]", n, d, ceiling/2, ceiling)
			}
		}
	}
}

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); err != context.Canceled {
		t.Errorf("Sleep on a cancelled context = %v, want context.Canceled", err)
	}
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("Sleep = %v, want nil", err)
	}
	if err := Sleep(ctx, 0); err != context.Canceled {
		t.Errorf("Sleep(0) on a cancelled context = %v, want context.Canceled", err)
	}
}

func status(code int) *http.Response { return &http.Response{StatusCode: code, Header: http.Header{}} }

func TestCheckRetriesNetworkErrors429And5xxButNot501(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		resp *http.Response
		err  error
		want bool
	}{
		{"network error", nil, errors.New("connection reset by peer"), true},
		{"429", status(429), nil, true},
		{"500", status(500), nil, true},
		{"502", status(502), nil, true},
		{"503", status(503), nil, true},
		{"501", status(501), nil, false},
		{"400", status(400), nil, false},
		{"404", status(404), nil, false},
		{"307", status(307), nil, false},
		{"200", status(200), nil, false},
	}
	for _, c := range cases {
		if got := Check(ctx, c.resp, c.err); got != c.want {
			t.Errorf("%s: Check = %t, want %t", c.name, got, c.want)
		}
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if Check(done, status(503), nil) || Check(done, nil, errors.New("reset")) {
		t.Error("Check retried after its context ended")
	}
}

func TestServerWaitPrefersRetryAfterThenAnExhaustedQuota(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	cases := []struct {
		name    string
		headers map[string]string
		want    time.Duration
	}{
		{"retry-after seconds", map[string]string{"Retry-After": "3"}, 3 * time.Second},
		{"retry-after date", map[string]string{"Retry-After": now.Add(5 * time.Second).UTC().Format(http.TimeFormat)}, 5 * time.Second},
		{"reset with quota left is ignored", map[string]string{"X-RateLimit-Remaining": "7", "X-RateLimit-Reset": "10"}, 0},
		{"relative reset with quota exhausted", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "10"}, 10 * time.Second},
		{"epoch reset with quota exhausted", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1700000042"}, 42 * time.Second},
		{"reset that is not a number", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "NaN"}, 0},
		{"nothing", nil, 0},
	}
	for _, c := range cases {
		h := http.Header{}
		for k, v := range c.headers {
			h.Set(k, v)
		}
		if got := ServerWait(h, now); got != c.want {
			t.Errorf("%s: wait %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBackoffGrowsIsJitteredRaisedByTheServerAndCapped(t *testing.T) {
	first, max := 100*time.Millisecond, time.Second
	for n, nominal := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second} {
		for range 50 {
			if w := Backoff(first, max, n+1, nil); w < nominal/2 || w > nominal {
				t.Fatalf("retry %d: wait %v outside [%v, %v]", n+1, w, nominal/2, nominal)
			}
		}
	}
	asks := func(v string) *http.Response { return &http.Response{Header: http.Header{"Retry-After": {v}}} }
	if w := Backoff(first, max, 1, asks("3")); w != 3*time.Second {
		t.Errorf("Retry-After 3: wait %v, want 3s", w)
	}
	if w := Backoff(first, max, 1, asks("3600")); w != MaxWait {
		t.Errorf("Retry-After of an hour: wait %v, want the cap %v", w, MaxWait)
	}
}

func TestPolicyStopsAtItsBudgetAndBeforeTheDeadline(t *testing.T) {
	p := Policy{MaxRetries: 2, First: time.Millisecond, Max: time.Millisecond}
	ctx := context.Background()
	for n, want := range map[int]bool{1: true, 2: true, 3: false} {
		if _, ok := p.Next(ctx, n, status(503), nil); ok != want {
			t.Errorf("after attempt %d: retry %t, want %t", n, ok, want)
		}
	}
	if _, ok := p.Next(ctx, 1, status(400), nil); ok {
		t.Error("a 400 was retried")
	}
	if _, ok := (Policy{}).Next(ctx, 1, status(503), nil); ok {
		t.Error("MaxRetries 0 retried")
	}
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	slow := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"10"}}}
	if _, ok := p.Next(short, 1, slow, nil); ok {
		t.Error("the policy waits 10s past a deadline 1s away")
	}
}

func TestPolicyGivesUpAtOnceWhenTheServerAsksForMoreThanMaxWait(t *testing.T) {
	p := Policy{MaxRetries: 2, First: time.Millisecond, Max: time.Second}
	ctx := context.Background()
	reset := strconv.FormatInt(time.Now().Add(55*time.Second).Unix(), 10)
	far := &http.Response{StatusCode: 429, Header: http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {reset}}}
	if wait, ok := p.Next(ctx, 1, far, nil); ok {
		t.Errorf("retries after %v although the quota resets in 55s, past MaxWait", wait)
	}
	near := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"2"}}}
	if wait, ok := p.Next(ctx, 1, near, nil); !ok || wait < 2*time.Second {
		t.Errorf("a 2s Retry-After gave %v, %v; want a retry after 2s", wait, ok)
	}
}
