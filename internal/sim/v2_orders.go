package sim

import (
	"strconv"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// v2Durations maps v2's durations to v3's.
var v2Durations = map[v2.Duration]v3.Duration{
	v2.DurationDay: v3.DurationDay, v2.DurationDayPlus: v3.DurationDayPlus, v2.DurationGoodTillCanceled: v3.DurationGTC,
	v2.DurationGoodTillCanceledPlus: v3.DurationGTCPlus, v2.DurationGoodThroughDate: v3.DurationGTD,
	v2.DurationGoodThroughDatePlus: v3.DurationGTDPlus, v2.DurationAtOpening: v3.DurationOPG, v2.DurationAtClose: v3.DurationCLO,
	v2.DurationImmediateOrCancel: v3.DurationIOC, v2.DurationFillOrKill: v3.DurationFOK,
	v2.DurationOneMinute: v3.DurationOneMinute, v2.DurationThreeMinutes: v3.DurationThreeMinutes, v2.DurationFiveMinutes: v3.DurationFiveMinutes,
	"1": v3.DurationOneMinute, "3": v3.DurationThreeMinutes, "5": v3.DurationFiveMinutes,
}

// specFromV2 checks a v2 order request (with v2's field names in errors)
// and turns it into the engine's spec; it returns the AssetType the
// request names, which v3 requests do not carry.
func specFromV2(req v2.OrderRequest, prefix string, now time.Time) (orderSpec, v2.AssetType, error) {
	switch {
	case strings.TrimSpace(req.AccountKey) == "":
		return orderSpec{}, "", badf("%sAccountKey is required.", prefix)
	case req.AssetType == "":
		return orderSpec{}, "", badf("%sAssetType is required (EQ, OP or FU).", prefix)
	case req.Duration == "":
		return orderSpec{}, "", badf("%sDuration is required.", prefix)
	}
	dur, ok := v2Durations[req.Duration]
	if !ok {
		return orderSpec{}, "", badf("%sDuration %q is not a v2 duration such as DAY, GTC or 1 MIN.", prefix, req.Duration)
	}
	v3req := v3.OrderRequest{AccountID: req.AccountKey, Symbol: req.Symbol, Quantity: req.Quantity, OrderType: v3.OrderType(req.OrderType),
		LimitPrice: req.LimitPrice, StopPrice: req.StopPrice, TradeAction: v3.TradeAction(req.TradeAction), Route: req.Route,
		OrderConfirmID: req.OrderConfirmID, TimeInForce: v3.TimeInForce{Duration: dur},
		AdvancedOptions: v3.AdvancedOptions{TrailingStop: v3Trail(req.AdvancedOptions.TrailingStop)}}
	if req.GTDDate != "" {
		t, ok := parseDate(req.GTDDate)
		if !ok {
			return orderSpec{}, "", badf("%sGTDDate %q is not a date such as 06/20/2025.", prefix, req.GTDDate)
		}
		v3req.TimeInForce.Expiration = t
	}
	for _, l := range req.Legs {
		v3req.Legs = append(v3req.Legs, v3.OrderRequestLeg{Symbol: l.Symbol, Quantity: l.Quantity, TradeAction: v3.TradeAction(l.TradeAction)})
	}
	if len(v3req.Legs) > 0 {
		v3req.Symbol, v3req.Quantity, v3req.TradeAction = "", value.Decimal{}, ""
	}
	sp, err := specFromV3(v3req, prefix, now)
	if err != nil {
		return sp, req.AssetType, err
	}
	for i, oso := range req.OSOs {
		g := groupSpec{typ: v3.OrderGroupType(oso.Type)}
		if !g.typ.Valid() {
			return sp, req.AssetType, badf("%sOSOs[%d].Type %q is not one of NORMAL, OCO, BRK.", prefix, i, oso.Type)
		}
		for j, c := range oso.Orders {
			csp, _, err := specFromV2(c, prefix+"OSOs["+strconv.Itoa(i)+"].Orders["+strconv.Itoa(j)+"].", now)
			if err != nil {
				return sp, req.AssetType, err
			}
			g.orders = append(g.orders, csp)
		}
		sp.osos = append(sp.osos, g)
	}
	return sp, req.AssetType, nil
}

func v3Trail(t v2.TrailingStop) v3.TrailingStop {
	return v3.TrailingStop{Amount: t.Amount, Percent: t.Percent}
}

// buildV2Order is buildOrder for a v2 request, which also refuses an
// AssetType that does not match the symbol.
func (s *Sim) buildV2Order(sp orderSpec, at v2.AssetType) (*order, error) {
	o, err := s.buildOrder(sp)
	if err != nil {
		return nil, err
	}
	if got := v2AssetType(o.legs[0].inst); got != at {
		return nil, reject("AssetType %s does not match %s, which is %s.", at, o.legs[0].inst.symbol, got)
	}
	return o, nil
}

// v2Result is v2's answer for one order placed, or refused with err.
func v2Result(o *order, err error) v2.OrderResult {
	if err != nil {
		return v2.OrderResult{OrderID: refusedOrderID(err), OrderStatus: v2.OrderResultStatusFailed, Message: err.Error()}
	}
	return v2.OrderResult{OrderID: o.id, OrderStatus: v2.OrderResultStatusOk, Message: "Sent order: " + o.summary()}
}

// V2Place places one v2 order. A refusal answers 200 with status Failed.
func (s *Sim) V2Place(req v2.OrderRequest) (v2.OrderResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp, at, err := specFromV2(req, "", s.mkt.now)
	if err != nil {
		return v2.OrderResult{}, err
	}
	if _, err := s.buildV2Order(sp, at); err != nil {
		return v2Refused(err)
	}
	placed, refused, err := s.placeLocked(sp)
	if err != nil {
		return v2.OrderResult{}, err
	}
	if len(placed) == 0 {
		return v2Result(nil, refused[0]), nil
	}
	return v2Result(placed[0], nil), nil
}

// v2Refused answers a refusal as a Failed result (HTTP 200), any other
// error as the HTTP error it is.
func v2Refused(err error) (v2.OrderResult, error) {
	if isRefusal(err) {
		return v2Result(nil, err), nil
	}
	return v2.OrderResult{}, err
}

// V2PlaceGroup is POST /v2/orders/groups.
func (s *Sim) V2PlaceGroup(req v2.GroupOrderRequest) ([]v2.OrderResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := groupSpec{typ: v3.OrderGroupType(req.Type)}
	if !gs.typ.Valid() {
		return nil, badf("Type %q is not one of NORMAL, OCO, BRK.", req.Type)
	}
	for i, o := range req.Orders {
		sp, _, err := specFromV2(o, "Orders["+strconv.Itoa(i)+"].", s.mkt.now)
		if err != nil {
			return nil, err
		}
		gs.orders = append(gs.orders, sp)
	}
	if err := gs.checkBracket(""); err != nil {
		return nil, err
	}
	placed, refused, err := s.placeGroupLocked(gs)
	if err != nil {
		return nil, err
	}
	out := []v2.OrderResult{}
	for _, o := range placed {
		out = append(out, v2Result(o, nil))
	}
	for _, e := range refused {
		out = append(out, v2Result(nil, e))
	}
	return out, nil
}

// v2Confirmation estimates one v2 order.
func (s *Sim) v2Confirmation(req v2.OrderRequest, prefix string) (v2.OrderConfirmation, error) {
	sp, at, err := specFromV2(req, prefix, s.mkt.now)
	if err != nil {
		return v2.OrderConfirmation{}, err
	}
	o, err := s.confirmable(s.buildV2Order(sp, at))
	if err != nil {
		return v2.OrderConfirmation{}, err
	}
	c := s.confirmation(o, v3.TimeInForce{Duration: sp.duration})
	return v2.OrderConfirmation{Account: o.acct.id, Duration: string(req.Duration), Route: c.Route, SummaryMessage: c.SummaryMessage,
		OrderConfirmID: c.OrderConfirmID, EstimatedPrice: c.EstimatedPrice, EstimatedPriceDisplay: c.EstimatedPriceDisplay,
		EstimatedCost: c.EstimatedCost, EstimatedCostDisplay: c.EstimatedCostDisplay,
		EstimatedCommission: c.EstimatedCommission, EstimatedCommissionDisplay: c.EstimatedCommissionDisplay,
		DebitCreditEstimatedCost: c.DebitCreditEstimatedCost, DebitCreditEstimatedCostDisplay: c.DebitCreditEstimatedCostDisplay,
		InitialMarginDisplay: c.InitialMarginDisplay, ProductCurrency: c.ProductCurrency, AccountCurrency: c.AccountCurrency}, nil
}

// V2Confirm is POST /v2/orders/confirm.
func (s *Sim) V2Confirm(req v2.OrderRequest) (v2.OrderConfirmation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v2Confirmation(req, "")
}

// V2ConfirmGroup is POST /v2/orders/groups/confirm.
func (s *Sim) V2ConfirmGroup(req v2.GroupOrderRequest) ([]v2.OrderConfirmation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []v2.OrderConfirmation{}
	for i, o := range req.Orders {
		c, err := s.v2Confirmation(o, "Orders["+strconv.Itoa(i)+"].")
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// V2Cancel is DELETE /v2/orders/{orderID}.
func (s *Sim) V2Cancel(orderID string) (v2.OrderResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.cancelLocked(orderID)
	if err != nil {
		return v2.OrderResult{}, err
	}
	return v2.OrderResult{OrderID: o.id, OrderStatus: v2.OrderResultStatusOk}, nil
}

// V2Replace changes an open order; a Symbol in the request must be the
// order's own.
func (s *Sim) V2Replace(orderID string, req v2.CancelReplaceRequest) (v2.OrderResult, error) {
	v3req := v3.OrderReplaceRequest{Quantity: req.Quantity, LimitPrice: req.LimitPrice, StopPrice: req.StopPrice,
		AdvancedOptions: v3.ReplaceAdvancedOptions{TrailingStop: v3Trail(req.AdvancedOptions.TrailingStop)}}
	if req.OrderType == v2.OrderTypeMarket {
		v3req.OrderType = v3.OrderTypeMarket
	}
	rs, err := specFromReplace(v3req)
	if err != nil {
		return v2.OrderResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := orderID
	if o, err := s.lookupOrder(id); err == nil && req.Symbol != "" && !strings.EqualFold(req.Symbol, o.legs[0].inst.symbol) {
		return v2.OrderResult{}, badf("Symbol %s is not the symbol of order %s.", req.Symbol, o.id)
	}
	o, err := s.replaceLocked(id, rs)
	if err != nil {
		return v2.OrderResult{}, err
	}
	return v2.OrderResult{OrderID: o.id, OrderStatus: v2.OrderResultStatusOk, Message: "Order replaced: " + o.summary()}, nil
}
