package stream

import (
	"context"
	"fmt"
	"iter"

	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// The readers of a client's rate limiter (option.WithRateLimiter),
// generated in packages v3 and v2.
var (
	limiterV3 = streamhook.Limiter[func(*v3.Client) ratelimit.Limiter]("v3")
	limiterV2 = streamhook.Limiter[func(*v2.Client) ratelimit.Limiter]("v2")
)

// holdSlot makes seq hold one of group's stream slots while it runs, if l
// is a ratelimit.StreamLimiter: taken once before the first connection,
// kept across reconnections, given back however the iteration ends (the
// caller's break, the context, an error that ends the stream, a panic in
// the loop's body). Each connection still waits on l itself, in the
// client. A stream that cannot get a slot yields why and ends.
func holdSlot[T any](ctx context.Context, l ratelimit.Limiter, group string, seq iter.Seq2[T, error]) iter.Seq2[T, error] {
	sl, ok := l.(ratelimit.StreamLimiter)
	if !ok || ctx == nil { // the engine reports a nil context
		return seq
	}
	return func(yield func(T, error) bool) {
		release, err := sl.Acquire(ctx, group)
		if err != nil {
			var zero T
			yield(zero, fmt.Errorf("stream: no free %s stream: %w", group, err))
			return
		}
		defer release()
		seq(yield)
	}
}
