package sim

import (
	"testing"
	"time"
)

// todayStatsTickByTick is the day's figures computed as the fake did before
// its path sweep: every tick's price through priceAt, every tick's volume
// through tickVolume. It is the reference the sweep must equal.
func todayStatsTickByTick(m *market, in *instrument) dayStats {
	s, _ := currentSession(in.kind, m.now)
	last := lastTradeTime(in.kind, m.now)
	p := m.priceAt(in, s.start)
	ds := dayStats{session: s, open: p, high: p, low: p}
	for t := s.start; !t.After(last); t = t.Add(tickDuration) {
		p := m.priceAt(in, t)
		v := in.tickVolume(t, sessionTicks(in.kind))
		ds.high, ds.low = max(ds.high, p), min(ds.low, p)
		ds.volume += v
		ds.turnover += p.float() * float64(v)
		ds.through = t
	}
	ds.through = ds.through.UTC()
	return ds
}

// utc is the figures with their times in UTC, for comparison.
func utc(ds dayStats) dayStats {
	ds.through = ds.through.UTC()
	return ds
}

func TestPathSweepGivesPathLogsVeryValues(t *testing.T) {
	for _, seed := range []uint64{seedOf("MSFT"), seedOf("@ES"), 1} {
		w := newPathSweep(seed, 0.3)
		for _, start := range []int64{-90_000, -1, 0, 1, 4095, 1 << 26} {
			for sec := start; sec < start+5000; sec++ {
				if got, want := w.at(sec), pathLog(seed, 0.3, sec); got != want {
					t.Fatalf("seed %d, second %d: sweep %v, pathLog %v", seed, sec, got, want)
				}
			}
		}
		w = newPathSweep(seed, 0.3)
		for _, start := range []int64{-90_000, -4, 0, 4096, 1<<26 - 400} {
			for sec := start; sec < start+5000; sec += 4 {
				x0, x1, x2, x3 := w.at4(sec)
				for j, got := range []float64{x0, x1, x2, x3} {
					if want := pathLog(seed, 0.3, sec+int64(j)); got != want {
						t.Fatalf("seed %d, second %d: at4 %v, pathLog %v", seed, sec+int64(j), got, want)
					}
				}
			}
		}
	}
}

func TestDayStatsEqualTheTickByTickFigures(t *testing.T) {
	for _, start := range []time.Time{DefaultStart, lateInTheSession, time.Date(2025, 5, 17, 12, 0, 0, 0, time.UTC)} {
		for _, sym := range []string{"MSFT", "TSLA", "@ES", "CLN25", "BTCUSD"} {
			s := New(Config{Start: start})
			in, ok := s.mkt.lookup(sym)
			if !ok {
				t.Fatalf("%s is not listed at %v", sym, start)
			}
			want := todayStatsTickByTick(s.mkt, in)
			if got := utc(*s.mkt.todayStats(in)); got != want {
				t.Errorf("%s at %v: sweep %+v, tick by tick %+v", sym, start, got, want)
			}
		}
	}
}

func TestDayStatsStayExactAsTheClockMovesAndAfterSetPrice(t *testing.T) {
	s := New(Config{})
	in, _ := s.mkt.lookup("NVDA")
	s.mkt.todayStats(in)
	s.Advance(17 * time.Minute)
	if err := s.SetPrice("NVDA", dec("150")); err != nil {
		t.Fatal(err)
	}
	s.Advance(43 * time.Minute)
	if got, want := utc(*s.mkt.todayStats(in)), todayStatsTickByTick(s.mkt, in); got != want {
		t.Errorf("sweep %+v, tick by tick %+v", got, want)
	}
}
