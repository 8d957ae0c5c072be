package sim

import (
	"math"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// market is the fake's market data: the clock, the catalogue, the price
// adjustments made by SetPrice and caches of per-day figures. The server's
// mutex guards it.
type market struct {
	cat    *catalogue
	now    time.Time
	seed   uint64                   // mixed into every path; 0 keeps the documented paths
	adjust map[uint64][]priceAdjust // by path seed
	days   map[string]*dayStats     // by symbol
	yearly map[string]*yearStats    // by symbol
	// refLogs caches each path's log offset at the reference instant, by
	// path seed; shared with the views made by at.
	refLogs map[uint64]float64
}

// priceAdjust scales a path from an instant on, so that SetPrice moves the
// price without rewriting history.
type priceAdjust struct {
	from   time.Time
	factor float64
}

func newMarket(start time.Time, seed uint64) *market {
	return &market{cat: newCatalogue(), now: start, seed: seed, adjust: map[uint64][]priceAdjust{},
		days: map[string]*dayStats{}, yearly: map[string]*yearStats{}, refLogs: map[uint64]float64{}}
}

// at is a read-only view of the market at an earlier instant, for bars
// that end before now.
func (m *market) at(t time.Time) *market {
	return &market{cat: m.cat, now: t, seed: m.seed, adjust: m.adjust, days: map[string]*dayStats{}, yearly: map[string]*yearStats{}, refLogs: m.refLogs}
}

func (m *market) lookup(symbol string) (*instrument, bool) { return m.cat.lookup(symbol, m.now) }

// factor is the SetPrice scaling in force at t.
func (m *market) factor(seed uint64, t time.Time) float64 {
	f := 1.0
	for _, a := range m.adjust[seed] {
		if !a.from.After(t) {
			f = a.factor
		}
	}
	return f
}

// priceAt is the last trade price of in at t (the close of the last
// session while the market is closed).
func (m *market) priceAt(in *instrument, t time.Time) amount {
	if in.kind == kindOption {
		return m.optionPrice(in, t)
	}
	tt := lastTradeTime(in.kind, t)
	return in.roundToTick(m.rawPrice(in, tt) * m.factor(in.seed, tt))
}

func (m *market) price(in *instrument) amount { return m.priceAt(in, m.now) }

// spreadTicks is the width of the bid/ask spread in ticks.
func (in *instrument) spreadTicks(last amount) int64 {
	switch in.kind {
	case kindFuture:
		return 1
	case kindOption:
		return max(int64(math.Ceil(last.float()*0.015/in.tick.float())), 1)
	}
	return max(int64(math.Round(last.float()*1e-4/in.tick.float())), 1)
}

// bidAsk brackets the last price with the instrument's spread.
func (in *instrument) bidAsk(last amount) (bid, ask amount) {
	n := in.spreadTicks(last)
	bid = last - in.tick.times(n/2)
	if bid < in.tick {
		bid = in.tick
	}
	return bid, bid + in.tick.times(n)
}

// dayStats are the running figures of one session, extended tick by tick
// as the clock moves.
type dayStats struct {
	session         session
	through         time.Time // last tick included
	open, high, low amount
	volume          int64
	turnover        float64 // Σ price·volume, for the VWAP
}

// sessionTicks is the number of ticks in a full session of the kind.
func sessionTicks(kind assetKind) int64 {
	switch kind {
	case kindFuture:
		return 23 * 3600 // 18:00 to 17:00
	case kindCrypto:
		return 24 * 3600
	}
	return 6*3600 + 1800 // 9:30 to 16:00
}

// todayStats returns the figures of the session at m.now, brought up to date.
func (m *market) todayStats(in *instrument) *dayStats {
	s, _ := currentSession(in.kind, m.now)
	last := lastTradeTime(in.kind, m.now)
	ds := m.days[in.symbol]
	if ds == nil || !ds.session.start.Equal(s.start) {
		p := m.priceAt(in, s.start)
		ds = &dayStats{session: s, through: s.start.Add(-tickDuration), open: p, high: p, low: p}
		m.days[in.symbol] = ds
	}
	if in.kind == kindOption {
		p := m.priceAt(in, last)
		ds.high, ds.low, ds.through = max(ds.high, p), min(ds.low, p), last
		ds.volume = int64(float64(in.avgVolume) * last.Sub(s.start).Seconds() / float64(sessionTicks(in.kind)))
		ds.turnover = float64(ds.volume) * (ds.open.float() + p.float()) / 2
		return ds
	}
	// Every tick from through to last is inside the session, where
	// priceAt(t) is the path's price at t itself: one sweep along the path
	// gives the same prices, operation for operation, at a fraction of the
	// cost.
	sweep := newPathSweep(m.pathSeed(in), in.vol)
	ref, adjusted := m.logAtReference(in), len(m.adjust[in.seed]) > 0
	n := sessionTicks(in.kind)
	first, end := secondsFromReference(ds.through)+1, secondsFromReference(last)
	minute, volume := int64(math.MinInt64), int64(0)
	add := func(sec int64, x float64) {
		raw := in.anchor * math.Exp(x-ref)
		if adjusted {
			raw *= m.factor(in.seed, referenceInstant.Add(time.Duration(sec)*tickDuration))
		}
		p := in.roundToTick(raw)
		if mm := floorDiv(sec, 60); mm != minute {
			minute, volume = mm, in.minuteVolume(mm, n)
		}
		ds.high, ds.low = max(ds.high, p), min(ds.low, p)
		ds.volume += volume
		ds.turnover += p.float() * float64(volume)
	}
	sec := first
	for ; sec <= end && sec%4 != 0; sec++ {
		add(sec, sweep.at(sec))
	}
	for ; sec+3 <= end; sec += 4 {
		x0, x1, x2, x3 := sweep.at4(sec)
		add(sec, x0)
		add(sec+1, x1)
		add(sec+2, x2)
		add(sec+3, x3)
	}
	for ; sec <= end; sec++ {
		add(sec, sweep.at(sec))
	}
	if end >= first {
		ds.through = last
	}
	return ds
}

// sessionVolume sums the tick volumes of a whole session.
func (in *instrument) sessionVolume(s session) int64 {
	if in.kind == kindOption {
		return int64(float64(in.avgVolume) * (0.5 + uniform(in.seed, s.day.Unix(), 5)))
	}
	return in.windowVolume(s.start, s.end)
}

// yearStats are the 52-week extremes (of daily closes) and the previous
// session's figures, computed once per session.
type yearStats struct {
	session           session
	prevClose         amount
	prevVolume        int64
	high52, low52     amount
	high52At, low52At time.Time
}

// yearStats returns the figures of the session at m.now, computed on the
// first call of the session.
func (m *market) yearStats(in *instrument) *yearStats {
	s, _ := currentSession(in.kind, m.now)
	ys := m.yearly[in.symbol]
	if ys != nil && ys.session.start.Equal(s.start) {
		return ys
	}
	prev := previousSession(in.kind, s)
	ys = &yearStats{session: s, prevClose: m.priceAt(in, prev.end.Add(-tickDuration)), prevVolume: in.sessionVolume(prev)}
	if in.kind != kindOption {
		ys.high52, ys.low52 = ys.prevClose, ys.prevClose
		ys.high52At, ys.low52At = prev.day, prev.day
		for p, i := prev, 0; i < 260; p, i = previousSession(in.kind, p), i+1 {
			c := m.priceAt(in, p.end.Add(-tickDuration))
			if c > ys.high52 {
				ys.high52, ys.high52At = c, p.day
			}
			if c < ys.low52 {
				ys.low52, ys.low52At = c, p.day
			}
		}
	}
	m.yearly[in.symbol] = ys
	return ys
}

// quote is the full level-one quote of in at the market clock.
func (m *market) quote(in *instrument) v3.Quote {
	ds, ys := m.todayStats(in), m.yearStats(in)
	last := m.price(in)
	bid, ask := in.bidAsk(last)
	tradeTime := lastTradeTime(in.kind, m.now)
	sec := secondsFromReference(tradeTime)
	q := v3.Quote{
		Symbol:            in.symbol,
		Open:              ds.open.dec(in.decimals),
		High:              ds.high.dec(in.decimals),
		Low:               ds.low.dec(in.decimals),
		PreviousClose:     ys.prevClose.dec(in.decimals),
		Last:              last.dec(in.decimals),
		Close:             last.dec(in.decimals),
		Bid:               bid.dec(in.decimals),
		Ask:               ask.dec(in.decimals),
		BidSize:           qtyDec(in.quoteSize(sec, 1)),
		AskSize:           qtyDec(in.quoteSize(sec, 2)),
		LastSize:          qtyDec(in.quoteSize(sec, 3)),
		LastVenue:         in.venue,
		NetChange:         (last - ys.prevClose).dec(in.decimals),
		NetChangePct:      floatDec(100*(last-ys.prevClose).float()/ys.prevClose.float(), 4),
		Volume:            qtyDec(ds.volume),
		PreviousVolume:    qtyDec(ys.prevVolume),
		DailyOpenInterest: qtyDec(0),
		TradeTime:         tradeTime.UTC(),
		TickSizeTier:      "0",
		MarketFlags:       &v3.MarketFlags{},
	}
	if ds.volume > 0 {
		q.VWAP = floatDec(ds.turnover/float64(ds.volume), 4)
	}
	if in.kind != kindOption {
		q.High52Week, q.Low52Week = max(ys.high52, ds.high).dec(in.decimals), min(ys.low52, ds.low).dec(in.decimals)
		q.High52WeekTimestamp, q.Low52WeekTimestamp = ys.high52At, ys.low52At
	}
	switch in.kind {
	case kindFuture, kindOption:
		q.DailyOpenInterest = qtyDec(in.avgVolume / 2)
	}
	if in.kind == kindFuture {
		q.LastTradingDate = in.expiry
		q.FirstNoticeDate = in.expiry.AddDate(0, 0, -3)
		q.MaxPrice = (ys.prevClose + amountFromFloat(ys.prevClose.float()*0.07)/in.tick*in.tick).dec(in.decimals)
		q.MinPrice = (ys.prevClose - amountFromFloat(ys.prevClose.float()*0.07)/in.tick*in.tick).dec(in.decimals)
	}
	return q
}

// quoteSize is a plausible bid, ask or trade size for the second sec.
func (in *instrument) quoteSize(sec int64, which int64) int64 {
	u := uniform(in.seed, sec, which)
	switch in.kind {
	case kindStock:
		return (1 + int64(u*9)) * 100
	case kindFuture:
		return 3 + int64(u*40)
	case kindOption:
		return 1 + int64(u*60)
	}
	return 1 + int64(u*4)
}
