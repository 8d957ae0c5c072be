package sim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// statusWords are TradeStation's words for the status codes the fake uses.
var statusWords = map[v3.OrderStatus]string{
	v3.OrderStatusSent: "Sent", v3.OrderStatusFilled: "Filled", v3.OrderStatusCanceled: "Canceled",
	v3.OrderStatusExpired: "Expired", v3.OrderStatusRejected: "Rejected", v3.OrderStatusOSOOrder: "OSO Order",
	v3.OrderStatusReceived: "Received", v3.OrderStatusPartialFillAlive: "Partial Fill (Alive)",
	v3.OrderStatusPartialFillUROut: "Partial Fill (UROut)",
}

// statusDescription is TradeStation's word for a status code.
func statusDescription(s v3.OrderStatus) string { return wordFor(statusWords, s) }

// tradeActionWords is how order summaries spell the trade actions.
var tradeActionWords = map[v3.TradeAction]string{
	v3.TradeActionBuy: "Buy", v3.TradeActionSell: "Sell", v3.TradeActionSellShort: "Sell Short",
	v3.TradeActionBuyToCover: "Buy to Cover", v3.TradeActionBuyToOpen: "Buy to Open",
	v3.TradeActionBuyToClose: "Buy to Close", v3.TradeActionSellToOpen: "Sell to Open",
	v3.TradeActionSellToClose: "Sell to Close",
}

// actionWords is how order summaries spell a trade action.
func actionWords(a v3.TradeAction) string { return wordFor(tradeActionWords, a) }

// wordFor looks code up in words, falling back to the code itself.
func wordFor[K ~string](words map[K]string, code K) string {
	if w, ok := words[code]; ok {
		return w
	}
	return string(code)
}

// sideOf is the v3 side of a leg.
func sideOf(a v3.TradeAction) v3.OrderSide {
	switch a {
	case v3.TradeActionSellShort:
		return v3.OrderSideSellShort
	case v3.TradeActionBuyToCover:
		return v3.OrderSideBuyToCover
	}
	if isBuy(a) {
		return v3.OrderSideBuy
	}
	return v3.OrderSideSell
}

// openOrClose says whether a leg opens or closes a position.
func openOrClose(a v3.TradeAction) v3.PositionEffect {
	switch a {
	case v3.TradeActionSell, v3.TradeActionBuyToCover, v3.TradeActionBuyToClose, v3.TradeActionSellToClose:
		return v3.PositionEffectClose
	}
	return v3.PositionEffectOpen
}

// priceText writes a price with the decimals of the order's first leg.
func (o *order) priceText(a amount) string { return a.dec(o.legs[0].inst.decimals).String() }

// summary is the order in words: "Buy 100 MSFT @ 415.20 Limit".
func (o *order) summary() string {
	var b strings.Builder
	for i, l := range o.legs {
		if i > 0 {
			b.WriteString(" / ")
		}
		fmt.Fprintf(&b, "%s %d %s", actionWords(l.action), l.qty, l.inst.symbol)
	}
	b.WriteString(" @ ")
	switch {
	case o.typ == v3.OrderTypeMarket:
		b.WriteString("Market")
	case o.typ == v3.OrderTypeLimit:
		b.WriteString(o.priceText(o.limit) + " Limit")
	case o.trailPercent != 0:
		b.WriteString("Trailing Stop " + strconv.FormatFloat(o.trailPercent, 'f', -1, 64) + "%")
	case o.trailAmount != 0:
		b.WriteString("Trailing Stop " + o.priceText(o.trailAmount))
	case o.typ == v3.OrderTypeStopMarket:
		b.WriteString(o.priceText(o.stop) + " Stop Market")
	default:
		b.WriteString(o.priceText(o.limit) + " Stop Limit, stop " + o.priceText(o.stop))
	}
	return b.String()
}

// groupName is shared by the orders of an OCO or bracket group.
func (o *order) groupName() string {
	if o.group == nil || o.group.typ == v3.OrderGroupTypeNormal {
		return ""
	}
	return string(o.group.typ) + " " + o.group.orders[0].id
}

// advancedText is TradeStation's short notation of the order's options.
func (o *order) advancedText() string {
	var b strings.Builder
	if name := o.groupName(); name != "" {
		b.WriteString("OCA=" + o.group.orders[0].id + ";")
	}
	switch {
	case o.trailPercent != 0:
		b.WriteString("TRL=" + strconv.FormatFloat(o.trailPercent, 'f', -1, 64) + "%;")
	case o.trailAmount != 0:
		b.WriteString("TRL=" + o.priceText(o.trailAmount) + ";")
	}
	return b.String()
}

// links are the orders related to o and how.
func (o *order) links() []v3.LinkedOrder {
	var out []v3.LinkedOrder
	if o.group != nil && o.group.typ != v3.OrderGroupTypeNormal {
		rel := v3.OrderRelationshipOCO
		if o.group.typ == v3.OrderGroupTypeBracket {
			rel = v3.OrderRelationshipBracket
		}
		for _, sib := range o.group.orders {
			if sib != o {
				out = append(out, v3.LinkedOrder{OrderID: sib.id, Relationship: rel})
			}
		}
	}
	if o.parent != nil {
		out = append(out, v3.LinkedOrder{OrderID: o.parent.id, Relationship: v3.OrderRelationshipOSOParent})
	}
	for _, g := range o.children {
		for _, c := range g.orders {
			out = append(out, v3.LinkedOrder{OrderID: c.id, Relationship: v3.OrderRelationshipOSOChild})
		}
	}
	return out
}

// v3Order is the order as the order endpoints and the order stream show it.
func (o *order) v3Order() v3.Order {
	dec := o.legs[0].inst.decimals
	out := v3.Order{
		AccountID: o.acct.id, OrderID: o.id, OrderType: o.typ, Duration: o.duration,
		Status: o.status, StatusDescription: statusDescription(o.status),
		OpenedDateTime: o.opened.UTC(), CommissionFee: o.commission.money(), ConversionRate: qtyDec(1),
		Currency: "USD", Routing: o.route, PriceUsedForBuyingPower: o.buyingPower.dec(dec),
		UnbundledRouteFee: qtyDec(0), GroupName: o.groupName(), AdvancedOptions: o.advancedText(),
		ConditionalOrders: o.links(), GoodTillDate: o.goodTill,
	}
	if o.hasLimit {
		out.LimitPrice = o.limit.dec(dec)
	}
	if o.hasStop || o.stop != 0 {
		out.StopPrice = o.stop.dec(dec)
	}
	if o.trailPercent != 0 {
		out.TrailingStop.Percent = floatDec(o.trailPercent, 2)
	} else if o.trailAmount != 0 {
		out.TrailingStop.Amount = o.trailAmount.dec(dec)
	}
	if !o.open() {
		out.ClosedDateTime = o.closed.UTC()
	}
	if o.executed() {
		out.FilledPrice = o.filledPrice.dec(dec)
	}
	if len(o.legs) > 1 {
		out.Spread = spreadName(o.legs)
	}
	for _, l := range o.legs {
		out.Legs = append(out.Legs, l.v3Leg())
	}
	return out
}

func (l *orderLeg) v3Leg() v3.OrderLeg {
	in := l.inst
	leg := v3.OrderLeg{
		AssetType: in.assetType(), BuyOrSell: sideOf(l.action), OpenOrClose: openOrClose(l.action), Symbol: in.symbol,
		QuantityOrdered: qtyDec(l.qty), ExecQuantity: qtyDec(l.execQty), QuantityRemaining: qtyDec(l.qty - l.execQty),
		Underlying: in.underlyingSymbol(), OptionType: in.optionType(),
	}
	if l.execQty > 0 {
		leg.ExecutionPrice = l.execPrice.dec(in.decimals)
	}
	if in.kind == kindOption || in.kind == kindFuture {
		leg.ExpirationDate = in.expiry
	}
	if in.kind == kindOption {
		leg.StrikePrice = strikeDec(in.strike)
	}
	return leg
}

// strikeDec renders a strike with as few decimals as it needs.
func strikeDec(s amount) value.Decimal { return floatDec(s.float(), strikeDecimals(s)) }

// strikeDecimals is 0 for whole strikes, else as many as needed.
func strikeDecimals(s amount) int {
	for d := 0; d < 4; d++ {
		div := amount(1)
		for range 4 - d {
			div *= 10
		}
		if s%div == 0 {
			return d
		}
	}
	return 4
}

// spreadName names a multi-leg option order by its shape.
func spreadName(legs []*orderLeg) string {
	switch len(legs) {
	case 2:
		if legs[0].inst.expiry.Equal(legs[1].inst.expiry) {
			if legs[0].inst.strike == legs[1].inst.strike {
				return "Straddle"
			}
			if legs[0].inst.call == legs[1].inst.call {
				return "Vertical"
			}
			return "Strangle"
		}
		return "Calendar"
	case 3:
		return "Butterfly"
	case 4:
		return "Condor"
	}
	return "Combo"
}

// assetCategory is the confirmation's asset category of an order.
func (o *order) assetCategory() v3.OrderAssetCategory {
	switch o.legs[0].inst.kind {
	case kindFuture:
		return v3.OrderAssetCategoryFuture
	case kindOption:
		return v3.OrderAssetCategoryStockOption
	}
	return v3.OrderAssetCategoryEquity
}

// confirmation estimates what placing o would cost.
func (s *Sim) confirmation(o *order, tif v3.TimeInForce) v3.OrderConfirmation {
	in := o.legs[0].inst
	price := o.buyingPower
	qty := legsGCD(o.legs) // a spread is priced per unit of its legs
	if len(o.legs) == 1 {
		qty = o.legs[0].qty
	}
	cost := price.times(qty * in.pointValue)
	if cost < 0 {
		cost = -cost
	}
	var commission amount
	for _, l := range o.legs {
		commission += commissionOf(l.inst, l.qty)
	}
	debit := cost + commission
	if !o.buys() || (len(o.legs) > 1 && price < 0) {
		debit = -cost + commission
	}
	c := v3.OrderConfirmation{
		AccountID: o.acct.id, Route: o.route, SummaryMessage: o.summary(), OrderAssetCategory: o.assetCategory(),
		OrderConfirmID: o.confirmID, Currency: "USD", TimeInForce: tif,
		EstimatedPrice: price.dec(in.decimals), EstimatedPriceDisplay: price.dec(in.decimals).String(),
		EstimatedCost: cost.money(), EstimatedCostDisplay: cost.display(),
		EstimatedCommission: commission.money(), EstimatedCommissionDisplay: commission.display(),
		DebitCreditEstimatedCost: debit.money(), DebitCreditEstimatedCostDisplay: debit.display(),
	}
	if c.OrderConfirmID == "" {
		c.OrderConfirmID = confirmIDFor(o)
	}
	if o.hasLimit {
		c.LimitPrice = o.limit.dec(in.decimals)
	}
	if o.hasStop {
		c.StopPrice = o.stop.dec(in.decimals)
	}
	if in.kind == kindFuture {
		margin := in.margin.times(qty)
		c.EstimatedCost, c.EstimatedCostDisplay = margin.money(), margin.display()
		c.InitialMarginDisplay = margin.display()
		c.ProductCurrency, c.AccountCurrency = "USD", "USD"
	}
	if len(o.legs) > 1 {
		c.Spread = spreadName(o.legs)
	}
	if in.kind == kindOption {
		c.Underlying = in.underlying.symbol
		for _, l := range o.legs {
			c.Legs = append(c.Legs, v3.OrderConfirmationLeg{ExpirationDate: l.inst.expiry, OptionType: l.inst.optionType(),
				Quantity: qtyDec(l.qty), StrikePrice: strikeDec(l.inst.strike),
				Symbol: l.inst.symbol, TradeAction: l.action})
		}
	}
	return c
}

// confirmIDFor makes a 22-character confirmation id for an order that was
// confirmed without one.
func confirmIDFor(o *order) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	seed := seedOf(o.summary() + o.opened.String())
	b := make([]byte, 22)
	for i := range b {
		seed = splitmix(seed)
		b[i] = alphabet[seed%uint64(len(alphabet))]
	}
	return string(b)
}
