package sim

import (
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// seedHistory gives the accounts a past: the fills that built today's
// positions and a few weeks of closed trades, laid out in the sessions
// before the start, at the prices the paths had then. Cash balances are
// then set to round, plausible figures.
func (s *Sim) seedHistory() {
	m := s.mkt
	margin, cash, futures := s.accts.byID[MarginAccountID], s.accts.byID[CashAccountID], s.accts.byID[FuturesAccountID]
	day := func(back int, hh, mm int) time.Time { return nyTime(sessionsBack(m.now, back), hh, mm) }
	stock := func(sym string) *instrument { in, _ := m.lookup(sym); return in }

	s.seedFill(margin, stock("MSFT"), v3.TradeActionBuy, 100, v3.OrderTypeLimit, day(14, 10, 5))
	s.seedFill(cash, stock("AAPL"), v3.TradeActionBuy, 50, v3.OrderTypeLimit, day(25, 11, 12))
	for j := range 10 {
		s.seedFill(margin, stock("SPY"), v3.TradeActionBuy, 20, v3.OrderTypeMarket, day(2*j+3, 10, 15))
		s.seedFill(margin, stock("SPY"), v3.TradeActionSell, 20, v3.OrderTypeLimit, day(2*j+2, 15, 20))
	}
	s.seedFill(cash, stock("AMZN"), v3.TradeActionBuy, 15, v3.OrderTypeMarket, day(20, 9, 48))
	s.seedFill(cash, stock("AMZN"), v3.TradeActionSell, 15, v3.OrderTypeLimit, day(12, 14, 2))
	s.seedClosed(margin, stock("MSFT"), v3.TradeActionSell, 50, v3.OrderTypeStopMarket, day(9, 9, 45), day(6, 15, 12), v3.OrderStatusCanceled)
	s.seedClosed(margin, stock("QQQ"), v3.TradeActionBuy, 10, v3.OrderTypeLimit, day(5, 10, 40), day(5, 16, 0), v3.OrderStatusExpired)

	es := findRoot("ES")
	for _, back := range []int{8, 3} {
		front := es.frontContract(day(back, 10, 0))
		in := es.contractInstrument(front.code, front.expiry)
		s.seedFill(futures, in, v3.TradeActionBuy, 1, v3.OrderTypeMarket, day(back, 10, 0))
		s.seedFill(futures, in, v3.TradeActionSell, 1, v3.OrderTypeLimit, day(back, 14, 30))
	}

	margin.cash, cash.cash, futures.cash = amountFromFloat(45_853.14), amountFromFloat(14_211.87), amountOf(50_000)
	for _, a := range s.accts.list {
		a.realized, a.commission = 0, 0
	}
	s.accts.rollover(m)
}

// sessionsBack is the date of the stock session n sessions before now's.
func sessionsBack(now time.Time, n int) time.Time {
	sess, _ := currentSession(kindStock, now)
	for range n {
		sess = previousSession(kindStock, sess)
	}
	return sess.day
}

// seedFillDelay is how long after it was placed a seeded order filled.
const seedFillDelay = 3 * time.Second

// seedFill records an order filled at the path's price, just after t.
func (s *Sim) seedFill(a *account, in *instrument, action v3.TradeAction, qty int64, typ v3.OrderType, t time.Time) {
	o := s.seedOrder(a, in, action, qty, typ, t)
	price := s.mkt.priceAt(in, t)
	if typ == v3.OrderTypeLimit {
		o.limit, o.hasLimit = price, true
	}
	o.buyingPower = price
	l := o.legs[0]
	c := commissionOf(in, qty)
	s.accts.applyFill(a, in, l.signedQty(), price, c, t.Add(seedFillDelay))
	l.execQty, l.execPrice = qty, price
	o.status, o.closed, o.filledPrice, o.commission = v3.OrderStatusFilled, t.Add(seedFillDelay), price, c
}

// seedClosed records an order that ended without a fill: a limit or a stop
// far enough below the market that it never traded.
func (s *Sim) seedClosed(a *account, in *instrument, action v3.TradeAction, qty int64, typ v3.OrderType, opened, closed time.Time, status v3.OrderStatus) {
	o := s.seedOrder(a, in, action, qty, typ, opened)
	price := s.mkt.priceAt(in, opened)
	switch typ {
	case v3.OrderTypeLimit:
		o.limit, o.hasLimit = price-in.tick.times(150), true
		o.buyingPower = o.limit
	case v3.OrderTypeStopMarket:
		o.stop, o.hasStop = price-in.tick.times(900), true
		o.buyingPower, o.duration = o.stop, v3.DurationGTC
		o.goodTill = dateOf(opened).AddDate(0, 0, maxGoodTillDays)
	}
	o.status, o.closed = status, closed
}

// seedOrder records a day order, not yet filled or closed.
func (s *Sim) seedOrder(a *account, in *instrument, action v3.TradeAction, qty int64, typ v3.OrderType, t time.Time) *order {
	o := &order{id: s.book.newID(), acct: a, typ: typ, duration: v3.DurationDay, route: "Intelligent", opened: t,
		legs: []*orderLeg{{inst: in, action: action, qty: qty}}}
	if in.kind == kindFuture {
		o.route = in.exchange
	}
	s.book.add(o)
	return o
}
