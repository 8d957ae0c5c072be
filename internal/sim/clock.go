package sim

import "time"

// maxSteps bounds the ticks one Advance checks orders at (and PriceRange
// looks at); a longer move checks them every d/maxSteps instead of every
// second.
const maxSteps = 100_000

// stepFor is the tick between the instants a move of d looks at.
func stepFor(d time.Duration) time.Duration {
	if d/tickDuration > maxSteps {
		return (d / maxSteps).Truncate(tickDuration) + tickDuration
	}
	return tickDuration
}

// Now is the market clock: the time of quotes, bars and fills.
func (s *Sim) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mkt.now
}

// Advance moves the market clock forward by d (whole seconds). Prices
// follow their paths; working orders are checked against every tick on the
// way, so a limit order fills when the path crosses its price; day orders
// expire at the close; open streams get the new quotes, bars, books,
// orders and positions. Markets move only in their sessions: US stocks and
// options 9:30 to 16:00 New York time on weekdays, futures nearly around the
// clock on weekdays, crypto always.
func (s *Sim) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceLocked(s.mkt.now.Add(d))
}

func (s *Sim) advanceLocked(to time.Time) {
	from := s.mkt.now
	to = to.Truncate(tickDuration)
	if !to.After(from) {
		return
	}
	step := stepFor(to.Sub(from))
	day := dateOf(from)
	for t := from.Add(step); !t.After(to); t = t.Add(step) {
		live := s.book.working()
		if len(live) == 0 {
			break
		}
		s.mkt.now = t
		if d := dateOf(t); !d.Equal(day) {
			day = d
			s.accts.rollover(s.mkt)
		}
		for _, o := range live {
			s.evaluate(o, t)
		}
	}
	s.mkt.now = to
	s.accts.rollover(s.mkt)
	s.emitMarket()
}
