package tradestationtest

import (
	"fmt"
	"time"

	"github.com/tradestation-go/tradestation/value"
)

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

// realTimeTick is how often WithRealTime's clock moves.
const realTimeTick = time.Second

// Now is the market clock: the time of quotes, bars and fills.
func (s *Server) Now() time.Time {
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
func (s *Server) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceLocked(s.mkt.now.Add(d))
}

func (s *Server) advanceLocked(to time.Time) {
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
				s.Advance(now.Sub(last).Truncate(tickDuration))
				last = last.Add(now.Sub(last).Truncate(tickDuration))
			}
		}
	}()
}

// Price is the last trade price of symbol at the market clock.
func (s *Server) Price(symbol string) (value.Decimal, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.mkt.lookup(symbol)
	if !ok {
		return value.Decimal{}, fmt.Errorf("tradestationtest: unknown symbol %q", symbol)
	}
	return s.mkt.price(in).dec(in.decimals), nil
}

// SetPrice moves symbol's price to price now, as a sudden trade would:
// working orders the jump crosses fill, streams see the new quote, and the
// path goes on from the new level (history before now is unchanged). A
// futures symbol moves every contract of its root. Options follow their
// underlying: set the underlying's price instead.
func (s *Server) SetPrice(symbol string, price value.Decimal) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.mkt.lookup(symbol)
	switch {
	case !ok:
		return fmt.Errorf("tradestationtest: unknown symbol %q", symbol)
	case in.kind == kindOption:
		return fmt.Errorf("tradestationtest: %s is an option; its price follows %s, set that instead", in.symbol, in.underlying.symbol)
	case price.Rat().Sign() <= 0:
		return fmt.Errorf("tradestationtest: price %s for %s must be above zero", price, in.symbol)
	}
	at := lastTradeTime(in.kind, s.mkt.now)
	target := in.roundToTick(amountFromDecimal(price).float())
	s.mkt.adjust[in.seed] = append(s.mkt.adjust[in.seed], priceAdjust{from: at, factor: target.float() / in.rawPrice(at)})
	clear(s.mkt.days)
	for _, o := range s.book.working() {
		s.evaluate(o, s.mkt.now)
	}
	s.emitMarket()
	return nil
}

// PriceRange is the lowest and highest trade price of symbol over the next
// d of market time (the ticks after now, up to now+d), without moving the
// clock. Tests use it to pick a limit price that the path will cross.
func (s *Server) PriceRange(symbol string, d time.Duration) (low, high value.Decimal, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.mkt.lookup(symbol)
	if !ok {
		return low, high, fmt.Errorf("tradestationtest: unknown symbol %q", symbol)
	}
	step := stepFor(d)
	lo, hi := s.mkt.price(in), s.mkt.price(in)
	first := true
	for t := s.mkt.now.Add(step); !t.After(s.mkt.now.Add(d)); t = t.Add(step) {
		if _, open := currentSession(in.kind, t); !open && in.kind != kindOption {
			continue
		}
		p := s.mkt.priceAt(in, t)
		if first {
			lo, hi, first = p, p, false
		}
		lo, hi = min(lo, p), max(hi, p)
	}
	return lo.dec(in.decimals), hi.dec(in.decimals), nil
}
