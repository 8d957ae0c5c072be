package sim

import (
	"errors"
	"slices"
	"strings"

	"github.com/tradestation-go/tradestation/v3"
)

// actionsFor are the trade actions an asset kind accepts.
func actionsFor(kind assetKind) []v3.TradeAction {
	switch kind {
	case kindOption:
		return []v3.TradeAction{v3.TradeActionBuyToOpen, v3.TradeActionBuyToClose, v3.TradeActionSellToOpen, v3.TradeActionSellToClose}
	case kindFuture:
		return []v3.TradeAction{v3.TradeActionBuy, v3.TradeActionSell}
	}
	return []v3.TradeAction{v3.TradeActionBuy, v3.TradeActionSell, v3.TradeActionSellShort, v3.TradeActionBuyToCover}
}

// buildOrder turns a validated spec into an unregistered order, or says
// why TradeStation would refuse it: a *notFound for an unknown account, a
// *rejection for the rest.
func (s *Sim) buildOrder(sp orderSpec) (*order, error) {
	a := s.accts.byID[sp.accountID]
	if a == nil {
		return nil, notFoundf("Account %s was not found.", sp.accountID)
	}
	if prev := s.book.byConfirmID[sp.confirmID]; sp.confirmID != "" && prev != nil {
		return nil, &rejection{orderID: prev.id, reason: "Duplicate OrderConfirmID " + sp.confirmID + ": it was already used by order " + prev.id + "."}
	}
	o := &order{acct: a, typ: sp.typ, priceTerms: sp.priceTerms, duration: sp.duration, route: sp.route,
		confirmID: sp.confirmID, opened: s.mkt.now}
	for _, ls := range sp.legs {
		in, ok := s.mkt.lookup(ls.symbol)
		if !ok {
			return nil, reject("Invalid symbol %s.", ls.symbol)
		}
		if ok, why := a.trades(in); !ok {
			return nil, reject("%s", why)
		}
		allowed := actionsFor(in.kind)
		if !slices.Contains(allowed, ls.action) {
			return nil, reject("TradeAction %s does not apply to %s; use one of %s.", ls.action, in.symbol, joinActions(allowed))
		}
		o.legs = append(o.legs, &orderLeg{inst: in, action: ls.action, qty: ls.qty})
	}
	if o.route == "" {
		o.route = "Intelligent"
		if o.legs[0].inst.kind == kindFuture {
			o.route = o.legs[0].inst.exchange
		}
	}
	o.goodTill = sp.goodThrough
	if o.duration == v3.DurationGTC || o.duration == v3.DurationGTCPlus {
		o.goodTill = dateOf(s.mkt.now).AddDate(0, 0, maxGoodTillDays)
	}
	o.buyingPower = s.priceForBuyingPower(o)
	return o, nil
}

// newOrder is buildOrder for an order to be placed, with what only
// filling needs.
func (s *Sim) newOrder(sp orderSpec) (*order, error) {
	o, err := s.buildOrder(sp)
	if err == nil {
		o.allOrNone = sp.allOrNone
	}
	return o, err
}

func joinActions(list []v3.TradeAction) string {
	parts := make([]string, len(list))
	for i, a := range list {
		parts[i] = string(a)
	}
	return strings.Join(parts, ", ")
}

// priceForBuyingPower is the price an order is charged at: its limit or
// stop, else the side of the quote it would take.
func (s *Sim) priceForBuyingPower(o *order) amount {
	switch {
	case o.hasLimit:
		return o.limit
	case o.hasStop:
		return o.stop
	}
	q := s.quotesAt(o, s.mkt.now)
	if o.buys() {
		return q.ask
	}
	return q.bid
}

// checkFunds refuses single-leg orders the account cannot pay for, and
// short sales in a cash account.
func (s *Sim) checkFunds(o *order) error {
	if len(o.legs) != 1 {
		return nil
	}
	l, a := o.legs[0], o.acct
	held := int64(0)
	if p := a.position(l.inst.symbol); p != nil {
		held = p.qty
	}
	reduces := (held > 0 && !isBuy(l.action)) || (held < 0 && isBuy(l.action))
	if a.typ == v3.AccountTypeCash && !isBuy(l.action) && l.qty > max(held, 0) {
		return reject("Account %s is a cash account and cannot sell short: it holds %d %s.", a.id, max(held, 0), l.inst.symbol)
	}
	if reduces && l.qty <= abs64(held) {
		return nil
	}
	f := a.figures(s.mkt)
	need := o.buyingPower.times(l.qty * l.inst.pointValue)
	switch {
	case l.inst.kind == kindFuture:
		need = l.inst.margin.times(l.qty)
	case l.inst.kind == kindOption && a.typ == v3.AccountTypeMargin:
		f.buyingPower = max(a.cash, 0)
	}
	if !isBuy(l.action) && l.inst.kind == kindStock {
		need = need * 3 / 2 // a short sale ties up 150% of its value
	}
	if need > f.buyingPower {
		return reject("Insufficient buying power: the order needs %s USD, account %s has %s USD.", need.display(), a.id, f.buyingPower.display())
	}
	return nil
}

// confirmable is buildOrder's result checked as placing would check it,
// for a confirmation: confirmations have no Errors list, so what placing
// would refuse is a 400 here.
func (s *Sim) confirmable(o *order, err error) (*order, error) {
	if err == nil {
		err = s.checkFunds(o)
	}
	var rej *rejection
	if errors.As(err, &rej) {
		return nil, badf("%s", rej.reason)
	}
	return o, err
}

// placeLocked places one order and its OSO children. It returns the orders
// placed (parent first) and the refusals (of the order, or of children that
// could not be placed), which TradeStation answers inside a 200; err is for
// an answer that is an HTTP error.
func (s *Sim) placeLocked(sp orderSpec) (placed []*order, refused []error, err error) {
	o, err := s.newOrder(sp)
	if err == nil {
		err = s.checkFunds(o)
	}
	if isRefusal(err) {
		return nil, []error{err}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	s.register(o, nil)
	placed = []*order{o}
	for _, gs := range sp.osos {
		g := &orderGroup{typ: gs.typ}
		for _, csp := range gs.orders {
			c, err := s.newOrder(csp)
			if err != nil {
				refused = append(refused, err)
				continue
			}
			c.parent, c.group = o, g
			g.orders = append(g.orders, c)
			s.register(c, o)
			placed = append(placed, c)
		}
		o.children = append(o.children, g)
	}
	s.evaluate(o, s.mkt.now)
	s.cancelUnfilledImmediate(o)
	return placed, refused, nil
}

// placeGroupLocked places the orders of a group on their own, linked as
// OCO, bracket or plain group, and returns them and the refusals of the
// others. Unknown accounts fail the whole request.
func (s *Sim) placeGroupLocked(gs groupSpec) (placed []*order, refused []error, err error) {
	for _, sp := range gs.orders {
		if s.accts.byID[sp.accountID] == nil {
			return nil, nil, notFoundf("Account %s was not found.", sp.accountID)
		}
	}
	g := &orderGroup{typ: gs.typ}
	for _, sp := range gs.orders {
		o, err := s.newOrder(sp)
		if err == nil {
			err = s.checkFunds(o)
		}
		if err != nil {
			refused = append(refused, err)
			continue
		}
		o.group = g
		g.orders = append(g.orders, o)
		s.register(o, nil)
		placed = append(placed, o)
	}
	for _, o := range placed {
		s.evaluate(o, s.mkt.now)
		s.cancelUnfilledImmediate(o)
	}
	return placed, refused, nil
}

// register adds an order to the book: working at once, or held until its
// OSO parent fills.
func (s *Sim) register(o *order, parent *order) {
	o.id = s.book.newID()
	s.book.add(o)
	if parent != nil {
		o.status = v3.OrderStatusOSOOrder
		s.emitOrder(o)
		return
	}
	s.activate(o, s.mkt.now)
}

// cancelUnfilledImmediate cancels an IOC or FOK order that did not fill at once.
func (s *Sim) cancelUnfilledImmediate(o *order) {
	if o.working() && (o.duration == v3.DurationIOC || o.duration == v3.DurationFOK) {
		s.closeOrder(o, v3.OrderStatusCanceled, s.mkt.now)
	}
}

// replaceSpec is a validated replace request: the new quantity (0 keeps
// it), the new prices, or a change to a market order.
type replaceSpec struct {
	qty int64
	priceTerms
	toMarket bool
}

func specFromReplace(req v3.OrderReplaceRequest) (replaceSpec, error) {
	var rs replaceSpec
	var err error
	if !req.Quantity.IsZero() {
		if rs.qty, err = wholeQuantity(req.Quantity, "Quantity"); err != nil {
			return rs, err
		}
	}
	if !req.LimitPrice.IsZero() {
		if rs.limit, err = positivePrice(req.LimitPrice, "LimitPrice"); err != nil {
			return rs, err
		}
		rs.hasLimit = true
	}
	if !req.StopPrice.IsZero() {
		if rs.stop, err = positivePrice(req.StopPrice, "StopPrice"); err != nil {
			return rs, err
		}
		rs.hasStop = true
	}
	switch req.OrderType {
	case "":
	case v3.OrderTypeMarket:
		rs.toMarket = true
	default:
		return rs, badf("OrderType can only be changed to Market, not %s.", req.OrderType)
	}
	if tr := req.AdvancedOptions.TrailingStop; !tr.Amount.IsZero() {
		rs.trailAmount, err = positivePrice(tr.Amount, "AdvancedOptions.TrailingStop.Amount")
	} else if !tr.Percent.IsZero() {
		var p amount
		p, err = positivePrice(tr.Percent, "AdvancedOptions.TrailingStop.Percent")
		rs.trailPercent = p.float()
	}
	if err != nil {
		return rs, err
	}
	if rs.qty == 0 && !rs.hasLimit && !rs.hasStop && !rs.toMarket && !rs.trailing() {
		return rs, badf("Send at least one of Quantity, LimitPrice, StopPrice, OrderType or AdvancedOptions.TrailingStop.")
	}
	return rs, nil
}

// lookupOrder finds an order by the id of a replace or cancel path. The
// refusals of replace and cancel are worded as TradeStation words them
// (Invalid order ID., Not an open order., Cancel/Replace not allowed after
// cancel has been attempted), since programs, the SDK's client.Rejection
// among them, read the reason from the text.
func (s *Sim) lookupOrder(id string) (*order, error) {
	if strings.Contains(id, "-") {
		return nil, badf("Order id %s must be digits only, without dashes.", id)
	}
	o := s.book.byID[id]
	if o == nil {
		return nil, notFoundf("Invalid order ID.")
	}
	return o, nil
}

// replaceLocked changes an open order.
func (s *Sim) replaceLocked(id string, rs replaceSpec) (*order, error) {
	o, err := s.lookupOrder(id)
	if err != nil {
		return nil, err
	}
	if !o.open() {
		if o.status == v3.OrderStatusCanceled {
			return nil, badf("Cancel/Replace not allowed after cancel has been attempted")
		}
		return nil, badf("Not an open order.")
	}
	trailing := o.trailing()
	switch {
	case rs.qty != 0 && len(o.legs) > 1:
		return nil, badf("Quantity cannot be replaced on a multi-leg order; cancel it and place a new one.")
	case rs.qty != 0 && rs.qty <= o.legs[0].execQty:
		return nil, badf("Quantity %d is not more than the %d already filled of order %s.", rs.qty, o.legs[0].execQty, id)
	case rs.hasLimit && !o.hasLimit:
		return nil, badf("LimitPrice does not apply to order %s, a %s order.", id, o.typ)
	case rs.hasStop && (!o.hasStop || trailing):
		return nil, badf("StopPrice does not apply to order %s, a %s order.", id, o.typ)
	case rs.trailing() && !trailing:
		return nil, badf("AdvancedOptions.TrailingStop applies to trailing stop orders only.")
	}
	if rs.qty != 0 {
		o.legs[0].qty = rs.qty
	}
	if rs.hasLimit {
		o.limit = rs.limit
	}
	if rs.hasStop {
		o.stop = rs.stop
	}
	if rs.trailing() {
		o.trailAmount, o.trailPercent = rs.trailAmount, rs.trailPercent
	}
	if rs.toMarket {
		o.typ, o.priceTerms = v3.OrderTypeMarket, priceTerms{}
	}
	o.buyingPower = s.priceForBuyingPower(o)
	s.emitOrder(o)
	s.evaluate(o, s.mkt.now)
	return o, nil
}

// cancelLocked cancels an open order (and the OSO children it holds).
func (s *Sim) cancelLocked(id string) (*order, error) {
	o, err := s.lookupOrder(id)
	if err != nil {
		return nil, err
	}
	if !o.open() {
		return nil, badf("Not an open order.")
	}
	s.closeOrder(o, v3.OrderStatusCanceled, s.mkt.now)
	return o, nil
}
