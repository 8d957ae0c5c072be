package sim

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// orderBook holds every order of every account, in placement order.
type orderBook struct {
	nextID      int64
	all         []*order
	byID        map[string]*order
	byConfirmID map[string]*order
	pages       map[string]*pageCursor
}

// firstOrderID is the id of the first order, ten digits as TradeStation's.
const firstOrderID = 1187654330

func newOrderBook() *orderBook {
	return &orderBook{nextID: firstOrderID, byID: map[string]*order{}, byConfirmID: map[string]*order{}, pages: map[string]*pageCursor{}}
}

// order is one order and its state.
type order struct {
	id, confirmID string
	acct          *account
	legs          []*orderLeg
	typ           v3.OrderType
	priceTerms
	extreme     amount // trailing stops: best price since activation
	triggered   bool   // StopLimit: the stop was hit, the order now works as a limit
	allOrNone   bool   // AdvancedOptions.AllOrNone: never fills in parts
	duration    v3.Duration
	goodTill    time.Time // GTC, GTD: the last day
	expiresAt   time.Time // when a working order expires; zero for never
	route       string
	status      v3.OrderStatus
	opened      time.Time
	closed      time.Time
	filledPrice amount
	commission  amount
	buyingPower amount        // PriceUsedForBuyingPower
	group       *orderGroup   // OCO, BRK or NORMAL siblings
	parent      *order        // the order whose fill sends this one (OSO)
	children    []*orderGroup // groups this order sends when it fills
}

// priceTerms are the prices an order names: a limit, a stop, or the
// distance a trailing stop keeps from the best price.
type priceTerms struct {
	limit, stop       amount
	hasLimit, hasStop bool
	trailAmount       amount
	trailPercent      float64
}

func (p priceTerms) trailing() bool { return p.trailAmount != 0 || p.trailPercent != 0 }

type orderLeg struct {
	inst      *instrument
	action    v3.TradeAction
	qty       int64
	execQty   int64
	execPrice amount
}

type orderGroup struct {
	typ    v3.OrderGroupType
	orders []*order
}

func isBuy(a v3.TradeAction) bool {
	switch a {
	case v3.TradeActionBuy, v3.TradeActionBuyToCover, v3.TradeActionBuyToOpen, v3.TradeActionBuyToClose:
		return true
	}
	return false
}

// signedQty is the leg's quantity, negative for sells.
func (l *orderLeg) signedQty() int64 {
	if isBuy(l.action) {
		return l.qty
	}
	return -l.qty
}

func (o *order) working() bool {
	return o.status == v3.OrderStatusSent || o.status == v3.OrderStatusPartialFillAlive
}
func (o *order) held() bool { return o.status == v3.OrderStatusOSOOrder }
func (o *order) open() bool { return o.working() || o.held() }

// executed reports whether any of the order has filled.
func (o *order) executed() bool {
	return slices.ContainsFunc(o.legs, func(l *orderLeg) bool { return l.execQty > 0 })
}

// complete reports whether every leg has filled whole.
func (o *order) complete() bool {
	return !slices.ContainsFunc(o.legs, func(l *orderLeg) bool { return l.execQty < l.qty })
}

// buys reports whether the order pays: a single buy, or a multi-leg order
// bought at a net price (a negative limit is a credit).
func (o *order) buys() bool { return len(o.legs) > 1 || isBuy(o.legs[0].action) }

// quotes are the prices an order is checked against at one tick: the net
// last, bid and ask of its legs, and each leg's.
type quotes struct {
	last, bid, ask amount
	legLast        []amount
	legBid, legAsk []amount
}

func (s *Sim) quotesAt(o *order, t time.Time) quotes {
	var q quotes
	for _, l := range o.legs {
		last := s.mkt.priceAt(l.inst, t)
		bid, ask := l.inst.bidAsk(last)
		q.legLast, q.legBid, q.legAsk = append(q.legLast, last), append(q.legBid, bid), append(q.legAsk, ask)
		if len(o.legs) == 1 {
			q.last, q.bid, q.ask = last, bid, ask
			continue
		}
		// A multi-leg order buys its package: buy legs at the ask, sell legs at the bid.
		if isBuy(l.action) {
			q.last, q.bid, q.ask = q.last+last.times(l.qty), q.bid+bid.times(l.qty), q.ask+ask.times(l.qty)
		} else {
			q.last, q.bid, q.ask = q.last-last.times(l.qty), q.bid-ask.times(l.qty), q.ask-bid.times(l.qty)
		}
	}
	if g := legsGCD(o.legs); g > 1 {
		q.last, q.bid, q.ask = q.last/amount(g), q.bid/amount(g), q.ask/amount(g)
	}
	return q
}

// legsGCD is the common factor of the leg quantities: a 2x2 spread is
// priced per 1x1 unit.
func legsGCD(legs []*orderLeg) int64 {
	if len(legs) < 2 {
		return 1
	}
	g := legs[0].qty
	for _, l := range legs[1:] {
		a, b := g, l.qty
		for b != 0 {
			a, b = b, a%b
		}
		g = a
	}
	return max(g, 1)
}

// marketOpen reports whether every leg's market trades at t.
func (o *order) marketOpen(t time.Time) bool {
	for _, l := range o.legs {
		if _, open := currentSession(l.inst.kind, t); !open {
			return false
		}
	}
	return true
}

// evaluate fills, triggers or expires a working order at tick t.
func (s *Sim) evaluate(o *order, t time.Time) {
	if !o.working() {
		return
	}
	if !o.expiresAt.IsZero() && !t.Before(o.expiresAt) {
		s.closeOrder(o, v3.OrderStatusExpired, t)
		return
	}
	if !o.marketOpen(t) {
		return
	}
	q := s.quotesAt(o, t)
	switch o.typ {
	case v3.OrderTypeMarket:
		s.fill(o, t, marketPrices(o, q))
	case v3.OrderTypeLimit:
		s.tryLimit(o, t, q)
	case v3.OrderTypeStopMarket:
		if o.stopHit(q.last) {
			s.fill(o, t, q.legLast)
		}
	case v3.OrderTypeStopLimit:
		if !o.triggered && o.stopHit(q.last) {
			o.triggered = true
		}
		if o.triggered {
			s.tryLimit(o, t, q)
		}
	}
}

// marketPrices are the legs' fill prices of a market order: asks for buys,
// bids for sells.
func marketPrices(o *order, q quotes) []amount {
	out := make([]amount, len(o.legs))
	for i, l := range o.legs {
		out[i] = q.legBid[i]
		if isBuy(l.action) {
			out[i] = q.legAsk[i]
		}
	}
	return out
}

// tryLimit fills a limit order when it is marketable (at the quote) or
// when a trade prints at or through its price (at the limit, or better
// after a gap).
func (s *Sim) tryLimit(o *order, t time.Time, q quotes) {
	buy := o.buys()
	switch {
	case buy && q.ask <= o.limit, !buy && q.bid >= o.limit:
		s.fill(o, t, marketPrices(o, q))
	case buy && q.last <= o.limit, !buy && q.last >= o.limit:
		if len(o.legs) > 1 {
			s.fill(o, t, q.legLast)
			return
		}
		p := min(o.limit, q.last)
		if !buy {
			p = max(o.limit, q.last)
		}
		s.fill(o, t, []amount{p})
	}
}

// stopHit moves a trailing stop with the market and reports whether the
// last price reached the stop.
func (o *order) stopHit(last amount) bool {
	buy := o.buys()
	if o.trailing() {
		if o.extreme == 0 || (buy && last < o.extreme) || (!buy && last > o.extreme) {
			o.extreme = last
		}
		o.stop = o.trailStop()
	}
	if buy {
		return last >= o.stop
	}
	return last <= o.stop
}

// trailStop is the current stop of a trailing stop order.
func (o *order) trailStop() amount {
	in := o.legs[0].inst
	off := o.trailAmount
	if o.trailPercent != 0 {
		off = amountFromFloat(o.extreme.float() * o.trailPercent / 100)
	}
	if o.buys() {
		return in.roundToTick((o.extreme + off).float())
	}
	return in.roundToTick((o.extreme - off).float())
}

// fill executes every leg at prices, books it to the account and sets off
// what the fill causes: OCO siblings cancel, OSO children go live once the
// order has filled whole. With partial fills on, a single-leg order fills
// only a part (see part) and keeps working, Partial Fill (Alive), until a
// later tick fills the rest.
func (s *Sim) fill(o *order, t time.Time, prices []amount) {
	var net amount
	for i, l := range o.legs {
		q := s.part(o, l)
		c := commissionOf(l.inst, q)
		signed := q
		if !isBuy(l.action) {
			signed = -q
		}
		s.accts.applyFill(o.acct, l.inst, signed, prices[i], c, t)
		l.execPrice = amount((int64(l.execPrice)*l.execQty + int64(prices[i])*q) / (l.execQty + q))
		l.execQty += q
		o.commission += c
		if len(o.legs) == 1 || isBuy(l.action) {
			net += prices[i].times(l.qty)
		} else {
			net -= prices[i].times(l.qty)
		}
	}
	switch {
	case len(o.legs) == 1:
		net = o.legs[0].execPrice
	default:
		net /= amount(legsGCD(o.legs))
	}
	o.filledPrice, o.status = net, v3.OrderStatusPartialFillAlive
	if o.complete() {
		o.status, o.closed = v3.OrderStatusFilled, t
	}
	s.emitOrder(o)
	s.emitPositions(o.acct)
	if o.group != nil && o.group.typ != v3.OrderGroupTypeNormal {
		for _, sib := range o.group.orders {
			if sib != o && sib.open() {
				s.closeOrder(sib, v3.OrderStatusCanceled, t)
			}
		}
	}
	if !o.complete() {
		return
	}
	for _, g := range o.children {
		for _, c := range g.orders {
			if c.held() {
				s.activate(c, t)
			}
		}
	}
	for _, g := range o.children {
		for _, c := range g.orders {
			s.evaluate(c, t)
		}
	}
}

// part is how much of leg l fills now: all that remains, or with partial
// fills on (single-leg orders that are neither all-or-none nor
// fill-or-kill) a random part of it, at most 60%, at least one.
func (s *Sim) part(o *order, l *orderLeg) int64 {
	rest := l.qty - l.execQty
	if !s.partial || len(o.legs) > 1 || o.allOrNone || o.duration == v3.DurationFOK || rest < 2 {
		return rest
	}
	return 1 + s.rng.Int64N(max(rest*6/10, 1))
}

// commissionOf is the fake's fee schedule: stocks free, 0.60 an option
// contract, 1.50 a futures contract.
func commissionOf(in *instrument, qty int64) amount {
	switch in.kind {
	case kindOption:
		return amountFromFloat(0.60).times(qty)
	case kindFuture:
		return amountFromFloat(1.50).times(qty)
	}
	return 0
}

// closeOrder ends an open order without a (further) fill; held children
// die with it. An order that filled in part ends as Partial Fill (UROut).
func (s *Sim) closeOrder(o *order, status v3.OrderStatus, t time.Time) {
	if o.executed() {
		status = v3.OrderStatusPartialFillUROut
	}
	o.status, o.closed = status, t
	s.emitOrder(o)
	for _, g := range o.children {
		for _, c := range g.orders {
			if c.held() {
				s.closeOrder(c, v3.OrderStatusCanceled, t)
			}
		}
	}
}

// activate makes an order work from t: it sets its expiry from its duration.
func (s *Sim) activate(o *order, t time.Time) {
	o.status = v3.OrderStatusSent
	o.expiresAt = expiryOf(o, t)
	s.emitOrder(o)
}

// expiryOf is when an order activated at t stops working.
func expiryOf(o *order, t time.Time) time.Time {
	kind := o.legs[0].inst.kind
	sessionEnd := func(at time.Time) time.Time {
		if s, open := currentSession(kind, at); open {
			return s.end
		}
		return nextSession(kind, at).end
	}
	switch o.duration {
	case v3.DurationGTC, v3.DurationGTCPlus, v3.DurationGTD, v3.DurationGTDPlus:
		if s, ok := sessionOn(kind, o.goodTill); ok {
			return s.end
		}
		return sessionEnd(o.goodTill.Add(24 * time.Hour))
	case v3.DurationOneMinute:
		return t.Add(time.Minute)
	case v3.DurationThreeMinutes:
		return t.Add(3 * time.Minute)
	case v3.DurationFiveMinutes:
		return t.Add(5 * time.Minute)
	case v3.DurationIOC, v3.DurationFOK:
		return t.Add(tickDuration)
	}
	return sessionEnd(t)
}

// working lists the orders that may fill, oldest first.
func (b *orderBook) working() []*order {
	var out []*order
	for _, o := range b.all {
		if o.working() {
			out = append(out, o)
		}
	}
	return out
}

func (b *orderBook) newID() string {
	id := strconv.FormatInt(b.nextID, 10)
	b.nextID++
	return id
}

func (b *orderBook) add(o *order) {
	b.all = append(b.all, o)
	b.byID[o.id] = o
	if o.confirmID != "" {
		b.byConfirmID[o.confirmID] = o
	}
}

// rejection is an order TradeStation refuses inside a 200 answer.
type rejection struct {
	orderID string // set for a duplicate OrderConfirmID: the order placed before
	reason  string
}

func (r *rejection) Error() string { return "Order failed. Reason: " + r.reason }

func reject(format string, args ...any) *rejection {
	return &rejection{reason: fmt.Sprintf(format, args...)}
}

// isRefusal reports whether err is a rejection rather than an HTTP error.
func isRefusal(err error) bool {
	var rej *rejection
	return errors.As(err, &rej)
}

// refusedOrderID is the order a refusal names (the first order of a
// repeated OrderConfirmID), or "".
func refusedOrderID(err error) string {
	var rej *rejection
	if errors.As(err, &rej) {
		return rej.orderID
	}
	return ""
}
