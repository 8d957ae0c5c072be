package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Local is a StreamLimiter for the programs of one process: a token bucket
// per resource group (golang.org/x/time/rate, sized by Quota.Split) and a
// semaphore per group with a stream cap. Processes that share a login need
// a limiter they share instead, such as redisstore's.
type Local struct {
	rates   map[string]*rate.Limiter
	streams map[string]chan struct{} // a slot per stream allowed; a send takes one
}

var _ StreamLimiter = (*Local)(nil)

// NewLocal returns a Local with quotas by resource group; nil quotas means
// Documented(). A group's Requests per Period become a burst of half of
// them at once and the rest spread evenly, so that no window of Period
// sees more than Requests.
func NewLocal(quotas map[string]Quota) (*Local, error) {
	if quotas == nil {
		quotas = documented
	}
	l := &Local{rates: map[string]*rate.Limiter{}, streams: map[string]chan struct{}{}}
	var errs []error
	for group, q := range quotas {
		if q.Requests < 0 || q.Streams < 0 || (q.Requests > 0 && q.Period <= 0) {
			errs = append(errs, fmt.Errorf("ratelimit: the quota of %s (%d requests per %v, %d streams) is not valid", group, q.Requests, q.Period, q.Streams))
			continue
		}
		if q.Requests > 0 {
			burst, steady := q.Split()
			l.rates[group] = rate.NewLimiter(rate.Every(q.Period/time.Duration(steady)), burst)
		}
		if q.Streams > 0 {
			l.streams[group] = make(chan struct{}, q.Streams)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return l, nil
}

// Wait blocks until the group's budget lets one more request through. It
// fails at once, naming the group, when ctx has ended or the next opening
// comes after ctx's deadline; a request it fails for takes nothing from
// the budget.
func (l *Local) Wait(ctx context.Context, resource string) error {
	lim := l.rates[resource]
	if lim == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("ratelimit: waiting for the %s budget: %w", resource, err)
	}
	r := lim.Reserve() // always OK: the burst is at least 1
	d := r.Delay()
	if d == 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		r.Cancel()
		return fmt.Errorf("ratelimit: the %s budget opens again in %v, after the context's deadline: %w", resource, d.Round(time.Millisecond), context.DeadlineExceeded)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return fmt.Errorf("ratelimit: waiting for the %s budget: %w", resource, ctx.Err())
	}
}

// Acquire blocks until one of the group's streams is free and takes it;
// release gives it back and may be called more than once.
func (l *Local) Acquire(ctx context.Context, resource string) (release func(), err error) {
	slots := l.streams[resource]
	if slots == nil {
		return func() {}, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("ratelimit: waiting for a free %s stream: %w", resource, err)
	}
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("ratelimit: waiting for a free %s stream (all %d open): %w", resource, cap(slots), ctx.Err())
	}
	var once sync.Once
	return func() { once.Do(func() { <-slots }) }, nil
}
