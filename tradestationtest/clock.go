package tradestationtest

import (
	"fmt"
	"time"

	"github.com/tradestation-go/tradestation/value"
)

// realTimeTick is how often WithRealTime's clock moves.
const realTimeTick = time.Second

// Now is the market clock: the time of quotes, bars and fills.
func (s *Server) Now() time.Time { return s.sim.Now() }

// Advance moves the market clock forward by d (whole seconds). Prices
// follow their paths; working orders are checked against every tick on the
// way, so a limit order fills when the path crosses its price; day orders
// expire at the close; open streams get the new quotes, bars, books,
// orders and positions. Markets move only in their sessions: US stocks and
// options 9:30 to 16:00 New York time on weekdays, futures nearly around the
// clock on weekdays, crypto always.
func (s *Server) Advance(d time.Duration) { s.sim.Advance(d) }

// Price is the last trade price of symbol at the market clock.
func (s *Server) Price(symbol string) (value.Decimal, error) {
	p, err := s.sim.Price(symbol)
	if err != nil {
		return p, fmt.Errorf("tradestationtest: %w", err)
	}
	return p, nil
}

// SetPrice moves symbol's price to price now, as a sudden trade would:
// working orders the jump crosses fill, streams see the new quote, and the
// path goes on from the new level (history before now is unchanged). A
// futures symbol moves every contract of its root. Options follow their
// underlying: set the underlying's price instead.
func (s *Server) SetPrice(symbol string, price value.Decimal) error {
	if err := s.sim.SetPrice(symbol, price); err != nil {
		return fmt.Errorf("tradestationtest: %w", err)
	}
	return nil
}

// PriceRange is the lowest and highest trade price of symbol over the next
// d of market time (the ticks after now, up to now+d), without moving the
// clock. Tests use it to pick a limit price that the path will cross.
func (s *Server) PriceRange(symbol string, d time.Duration) (low, high value.Decimal, err error) {
	low, high, err = s.sim.PriceRange(symbol, d)
	if err != nil {
		return low, high, fmt.Errorf("tradestationtest: %w", err)
	}
	return low, high, nil
}

// startClock runs the real-time clock of WithRealTime: every tick it moves
// the market clock by the wall time that passed.
func (s *Server) startClock() {
	if !s.realTime {
		return
	}
	if !s.enter() {
		return
	}
	go func() {
		defer s.wg.Done()
		tick := time.NewTicker(realTimeTick)
		defer tick.Stop()
		last := time.Now()
		for {
			select {
			case <-s.closing:
				return
			case now := <-tick.C:
				s.Advance(now.Sub(last).Truncate(time.Second))
				last = last.Add(now.Sub(last).Truncate(time.Second))
			}
		}
	}()
}
