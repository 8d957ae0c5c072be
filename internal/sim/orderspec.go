package sim

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// orderSpec is a validated order request, whichever API version sent it.
type orderSpec struct {
	accountID string
	legs      []legSpec
	typ       v3.OrderType
	priceTerms
	duration    v3.Duration
	goodThrough time.Time // GTD and GDP
	route       string
	confirmID   string
	allOrNone   bool
	osos        []groupSpec
}

type legSpec struct {
	symbol string
	action v3.TradeAction
	qty    int64
}

type groupSpec struct {
	typ    v3.OrderGroupType
	orders []orderSpec
}

// routes are the routes GetRoutes lists and orders may name.
var routes = []v3.Route{
	{ID: "Intelligent", Name: "Intelligent", AssetTypes: []v3.AssetType{v3.AssetTypeStock, v3.AssetTypeStockOption, v3.AssetTypeIndexOption}},
	{ID: "ARCA", Name: "ARCX", AssetTypes: []v3.AssetType{v3.AssetTypeStock}},
	{ID: "NSDQ", Name: "NSDQ", AssetTypes: []v3.AssetType{v3.AssetTypeStock}},
	{ID: "EDGX", Name: "EDGX", AssetTypes: []v3.AssetType{v3.AssetTypeStock}},
	{ID: "CBOE", Name: "CBOE", AssetTypes: []v3.AssetType{v3.AssetTypeStockOption, v3.AssetTypeIndexOption}},
	{ID: "CME", Name: "CME", AssetTypes: []v3.AssetType{v3.AssetTypeFuture}},
	{ID: "NYMEX", Name: "NYMEX", AssetTypes: []v3.AssetType{v3.AssetTypeFuture}},
}

func validRoute(id string) bool {
	return slices.ContainsFunc(routes, func(r v3.Route) bool { return strings.EqualFold(r.ID, id) })
}

// wholeQuantity reads a positive whole quantity; field names it in errors.
func wholeQuantity(d value.Decimal, field string) (int64, error) {
	if d.IsZero() {
		return 0, badf("%s is required.", field)
	}
	r := d.Rat()
	if r.Sign() <= 0 {
		return 0, badf("%s must be positive, not %s.", field, d)
	}
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, badf("%s must be a whole number of shares or contracts, not %s.", field, d)
	}
	return r.Num().Int64(), nil
}

// positivePrice reads a price that must be above zero.
func positivePrice(d value.Decimal, field string) (amount, error) {
	if d.Rat().Cmp(new(big.Rat)) <= 0 {
		return 0, badf("%s must be above zero, not %s.", field, d)
	}
	return amountFromDecimal(d), nil
}

// specFromV3 checks a v3 order request; prefix names the order in errors
// ("" or "Orders[1].").
func specFromV3(req v3.OrderRequest, prefix string, now time.Time) (orderSpec, error) {
	sp := orderSpec{accountID: strings.TrimSpace(req.AccountID), typ: req.OrderType, duration: req.TimeInForce.Duration,
		route: req.Route, confirmID: req.OrderConfirmID, allOrNone: req.AdvancedOptions.AllOrNone}
	if sp.accountID == "" {
		return sp, badf("%sAccountID is required.", prefix)
	}
	if !req.OrderType.Valid() {
		return sp, badf("%sOrderType %q is not one of Market, Limit, StopMarket, StopLimit.", prefix, req.OrderType)
	}
	if err := sp.readLegs(req, prefix); err != nil {
		return sp, err
	}
	if err := sp.readPrices(req.LimitPrice, req.StopPrice, req.AdvancedOptions.TrailingStop, prefix); err != nil {
		return sp, err
	}
	if err := sp.readDuration(req.TimeInForce, prefix, now); err != nil {
		return sp, err
	}
	if err := unsupportedOptions(req.AdvancedOptions, prefix); err != nil {
		return sp, err
	}
	if len(sp.confirmID) > maxConfirmIDChars {
		return sp, badf("%sOrderConfirmID is %d characters long; at most %d are allowed.", prefix, len(sp.confirmID), maxConfirmIDChars)
	}
	if sp.route != "" && !validRoute(sp.route) {
		return sp, badf("%sRoute %q is not a known route; GET /v3/orderexecution/routes lists them.", prefix, sp.route)
	}
	for i, oso := range req.OSOs {
		g, err := groupFromV3(oso.Type, oso.Orders, fmt.Sprintf("%sOSOs[%d].", prefix, i), now)
		if err != nil {
			return sp, err
		}
		sp.osos = append(sp.osos, g)
	}
	return sp, nil
}

// unsupportedOptions refuses, with a 501, the advanced options that would
// change when or at what price an order fills and that the fake does not
// model. Display options (ShowOnlyQuantity, NonDisplay, BookOnly,
// AddLiquidity) and AllOrNone (such an order never fills in parts) are
// accepted.
func unsupportedOptions(ao v3.AdvancedOptions, prefix string) error {
	var what string
	switch {
	case len(ao.MarketActivationRules) > 0:
		what = "MarketActivationRules"
	case len(ao.TimeActivationRules) > 0:
		what = "TimeActivationRules"
	case ao.PegValue != "":
		what = "PegValue"
	case !ao.DiscretionaryPrice.IsZero():
		what = "DiscretionaryPrice"
	default:
		return nil
	}
	return notImplementedf("%sAdvancedOptions.%s is not implemented by tradestationtest.", prefix, what)
}

func (sp *orderSpec) readLegs(req v3.OrderRequest, prefix string) error {
	if len(req.Legs) > 0 {
		if req.Symbol != "" || !req.Quantity.IsZero() || req.TradeAction != "" {
			return badf("%sGive either Symbol, Quantity and TradeAction, or Legs, not both.", prefix)
		}
		for i, l := range req.Legs {
			field := fmt.Sprintf("%sLegs[%d].", prefix, i)
			qty, err := wholeQuantity(l.Quantity, field+"Quantity")
			if err != nil {
				return err
			}
			if strings.TrimSpace(l.Symbol) == "" {
				return badf("%sSymbol is required.", field)
			}
			if !l.TradeAction.Valid() {
				return badf("%sTradeAction %q is not a known trade action.", field, l.TradeAction)
			}
			sp.legs = append(sp.legs, legSpec{symbol: strings.ToUpper(strings.TrimSpace(l.Symbol)), action: l.TradeAction, qty: qty})
		}
		return nil
	}
	if strings.TrimSpace(req.Symbol) == "" {
		return badf("%sSymbol is required (or Legs, for a multi-leg order).", prefix)
	}
	qty, err := wholeQuantity(req.Quantity, prefix+"Quantity")
	if err != nil {
		return err
	}
	if !req.TradeAction.Valid() {
		return badf("%sTradeAction %q is not one of BUY, SELL, BUYTOCOVER, SELLSHORT, BUYTOOPEN, BUYTOCLOSE, SELLTOOPEN, SELLTOCLOSE.", prefix, req.TradeAction)
	}
	sp.legs = []legSpec{{symbol: strings.ToUpper(strings.TrimSpace(req.Symbol)), action: req.TradeAction, qty: qty}}
	return nil
}

// readPrices checks the prices an order type needs. A multi-leg limit
// may be negative (a credit).
func (sp *orderSpec) readPrices(limit, stop value.Decimal, trail v3.TrailingStop, prefix string) error {
	var err error
	needLimit := sp.typ == v3.OrderTypeLimit || sp.typ == v3.OrderTypeStopLimit
	needStop := sp.typ == v3.OrderTypeStopMarket || sp.typ == v3.OrderTypeStopLimit
	switch {
	case needLimit && limit.IsZero():
		return badf("%sLimitPrice is required for %s orders.", prefix, sp.typ)
	case !needLimit && !limit.IsZero():
		return badf("%sLimitPrice does not apply to %s orders.", prefix, sp.typ)
	case needLimit && len(sp.legs) > 1:
		sp.limit, sp.hasLimit = amountFromDecimal(limit), true
	case needLimit:
		if sp.limit, err = positivePrice(limit, prefix+"LimitPrice"); err != nil {
			return err
		}
		sp.hasLimit = true
	}
	if !trail.Amount.IsZero() || !trail.Percent.IsZero() {
		if sp.typ != v3.OrderTypeStopMarket {
			return badf("%sAdvancedOptions.TrailingStop applies to StopMarket orders only.", prefix)
		}
		if !trail.Amount.IsZero() && !trail.Percent.IsZero() {
			return badf("%sAdvancedOptions.TrailingStop takes Amount or Percent, not both.", prefix)
		}
		if !trail.Amount.IsZero() {
			sp.trailAmount, err = positivePrice(trail.Amount, prefix+"AdvancedOptions.TrailingStop.Amount")
		} else {
			var p amount
			p, err = positivePrice(trail.Percent, prefix+"AdvancedOptions.TrailingStop.Percent")
			sp.trailPercent = p.float()
		}
		return err
	}
	switch {
	case needStop && stop.IsZero():
		return badf("%sStopPrice is required for %s orders.", prefix, sp.typ)
	case !needStop && !stop.IsZero():
		return badf("%sStopPrice does not apply to %s orders.", prefix, sp.typ)
	case needStop:
		if sp.stop, err = positivePrice(stop, prefix+"StopPrice"); err != nil {
			return err
		}
		sp.hasStop = true
	}
	return nil
}

func (sp *orderSpec) readDuration(tif v3.TimeInForce, prefix string, now time.Time) error {
	switch {
	case tif.Duration == "":
		return badf("%sTimeInForce.Duration is required.", prefix)
	case !tif.Duration.Valid():
		return badf("%sTimeInForce.Duration %q is not one of DAY, DYP, GTC, GCP, GTD, GDP, OPG, CLO, IOC, FOK, 1, 3, 5.", prefix, tif.Duration)
	case tif.Duration == v3.DurationGTD || tif.Duration == v3.DurationGTDPlus:
		if tif.Expiration.IsZero() {
			return badf("%sTimeInForce.Expiration is required for %s orders.", prefix, tif.Duration)
		}
		d := time.Date(tif.Expiration.Year(), tif.Expiration.Month(), tif.Expiration.Day(), 0, 0, 0, 0, time.UTC)
		if d.Before(dateOf(now)) || d.After(dateOf(now).AddDate(0, 0, maxGoodTillDays)) {
			return badf("%sTimeInForce.Expiration %s must be between today and %d days from now.", prefix, d.Format(time.DateOnly), maxGoodTillDays)
		}
		sp.goodThrough = d
	case !tif.Expiration.IsZero():
		return badf("%sTimeInForce.Expiration applies to GTD and GDP orders only.", prefix)
	}
	return nil
}

// groupFromV3 checks a group of orders (ordergroups, or an OSO's orders).
func groupFromV3(typ v3.OrderGroupType, reqs []v3.OrderRequest, prefix string, now time.Time) (groupSpec, error) {
	g := groupSpec{typ: typ}
	if !typ.Valid() {
		return g, badf("%sType %q is not one of NORMAL, OCO, BRK.", prefix, typ)
	}
	if len(reqs) == 0 {
		return g, badf("%sOrders is empty; a group needs at least one order.", prefix)
	}
	if typ != v3.OrderGroupTypeNormal && len(reqs) < 2 {
		return g, badf("%sAn %s group needs at least two orders.", prefix, typ)
	}
	for i, req := range reqs {
		sp, err := specFromV3(req, fmt.Sprintf("%sOrders[%d].", prefix, i), now)
		if err != nil {
			return g, err
		}
		g.orders = append(g.orders, sp)
	}
	return g, g.checkBracket(prefix)
}

// checkBracket: the orders of a bracket exit one position, so they share
// the account, the symbol and the side.
func (g groupSpec) checkBracket(prefix string) error {
	if g.typ != v3.OrderGroupTypeBracket {
		return nil
	}
	first := g.orders[0]
	for i, o := range g.orders[1:] {
		if o.accountID != first.accountID || len(o.legs) != 1 || len(first.legs) != 1 ||
			o.legs[0].symbol != first.legs[0].symbol || isBuy(o.legs[0].action) != isBuy(first.legs[0].action) {
			return badf("%sOrders[%d]: the orders of a BRK group must share the account, the symbol and the side.", prefix, i+1)
		}
	}
	return nil
}
