// Package sidebyside runs a benchmark of the SDK against the plain code a
// user would write without it, in one process, in alternating rounds, so
// that the machine's load moves both alike, and reports the medians and
// their ratio. Only tests import it.
package sidebyside

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// Run runs b.N rounds of each side, alternating which goes first; a round
// is one call of sdk or plain, doing ops operations (messages, calls).
// It reports, per operation, each side's median time and mean allocations
// and bytes, and two medians of the per-round ratios: time-ratio (the
// SDK's time over the plain code's, lower is better) and speed-ratio (its
// inverse, the SDK's throughput as a multiple of the plain code's).
func Run(b *testing.B, ops int, sdk, plain func(b *testing.B)) {
	b.Helper()
	var sdkRounds, plainRounds []round
	var ratios []float64
	for i := range b.N {
		var s, p round
		if i%2 == 0 {
			s, p = measure(b, sdk), measure(b, plain)
		} else {
			p, s = measure(b, plain), measure(b, sdk)
		}
		sdkRounds, plainRounds = append(sdkRounds, s), append(plainRounds, p)
		ratios = append(ratios, float64(s.elapsed)/float64(p.elapsed))
	}
	report(b, "sdk", ops, sdkRounds)
	report(b, "plain", ops, plainRounds)
	r := median(ratios)
	b.ReportMetric(r, "time-ratio")
	b.ReportMetric(1/r, "speed-ratio")
}

func report(b *testing.B, side string, ops int, rounds []round) {
	times := make([]float64, len(rounds))
	var allocs, bytes uint64
	for i, r := range rounds {
		times[i] = float64(r.elapsed)
		allocs, bytes = allocs+r.allocs, bytes+r.bytes
	}
	n := float64(ops * len(rounds))
	b.ReportMetric(median(times)/float64(ops), side+"-ns/op")
	b.ReportMetric(float64(allocs)/n, side+"-allocs/op")
	b.ReportMetric(float64(bytes)/n, side+"-B/op")
}

type round struct {
	elapsed       time.Duration
	allocs, bytes uint64
}

// measure runs one round after a collection, so that neither side pays
// for the other's garbage.
func measure(b *testing.B, f func(b *testing.B)) round {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f(b)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return round{elapsed, after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc}
}

// median is the middle value of xs, sorted in place (the upper middle one
// of an even count).
func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}
