package sim

import (
	"testing"
	"time"
)

// lateInTheSession is 15:30 in New York: six hours of a stock session and
// twenty-one of a futures session lie behind the first quote.
var lateInTheSession = time.Date(2025, 5, 13, 19, 30, 0, 0, time.UTC)

// BenchmarkFirstQuote measures what a one-shot command pays for its first
// quote of a symbol on a fresh simulator (its day's open, high, low,
// volume and VWAP so far), without the cost of building the simulator.
func BenchmarkFirstQuote(b *testing.B) {
	for _, sym := range []string{"MSFT", "@ES"} {
		b.Run(sym, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := New(Config{Start: lateInTheSession})
				b.StartTimer()
				if _, err := s.Quotes(sym); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNew is the baseline: building a simulator with its history.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		New(Config{Start: lateInTheSession})
	}
}

// BenchmarkFirstQuoteTickByTick is the same first quote's day figures
// computed tick by tick, as before the path sweep: the baseline of
// BenchmarkFirstQuote.
func BenchmarkFirstQuoteTickByTick(b *testing.B) {
	for _, sym := range []string{"MSFT", "@ES"} {
		b.Run(sym, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := New(Config{Start: lateInTheSession})
				in, _ := s.mkt.lookup(sym)
				b.StartTimer()
				todayStatsTickByTick(s.mkt, in)
			}
		})
	}
}
