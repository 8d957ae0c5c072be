package sim

import (
	"time"

	"github.com/tradestation-go/tradestation/value"
)

// Price is the last trade price of symbol at the market clock.
func (s *Sim) Price(symbol string) (value.Decimal, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.mkt.lookup(symbol)
	if !ok {
		return value.Decimal{}, notFoundf("unknown symbol %q", symbol)
	}
	return s.mkt.price(in).dec(in.decimals), nil
}

// SetPrice moves symbol's price to price now, as a sudden trade would:
// working orders the jump crosses fill, streams see the new quote, and the
// path goes on from the new level (history before now is unchanged). A
// futures symbol moves every contract of its root. Options follow their
// underlying: set the underlying's price instead.
func (s *Sim) SetPrice(symbol string, price value.Decimal) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.mkt.lookup(symbol)
	switch {
	case !ok:
		return notFoundf("unknown symbol %q", symbol)
	case in.kind == kindOption:
		return badf("%s is an option; its price follows %s, set that instead", in.symbol, in.underlying.symbol)
	case price.Rat().Sign() <= 0:
		return badf("price %s for %s must be above zero", price, in.symbol)
	}
	at := lastTradeTime(in.kind, s.mkt.now)
	target := in.roundToTick(amountFromDecimal(price).float())
	s.mkt.adjust[in.seed] = append(s.mkt.adjust[in.seed], priceAdjust{from: at, factor: target.float() / s.mkt.rawPrice(in, at)})
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
func (s *Sim) PriceRange(symbol string, d time.Duration) (low, high value.Decimal, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.mkt.lookup(symbol)
	if !ok {
		return low, high, notFoundf("unknown symbol %q", symbol)
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
