package sim

import (
	"github.com/tradestation-go/tradestation/v3"
)

// results lists placed orders and refusals the way TradeStation answers a
// placement: HTTP 200 either way.
func results(placed []*order, refused []error) v3.OrderResults {
	var out v3.OrderResults
	for _, o := range placed {
		out.Orders = append(out.Orders, v3.OrderResult{OrderID: o.id, Message: "Sent order: " + o.summary()})
	}
	for _, err := range refused {
		out.Errors = append(out.Errors, v3.OrderResult{OrderID: refusedOrderID(err), Error: "FAILED", Message: err.Error()})
	}
	return out
}

// PlaceOrder is POST /v3/orderexecution/orders. A refused order (unknown
// symbol, no buying power, a repeated OrderConfirmID) answers 200 with the
// refusal in Errors; a repeated OrderConfirmID names, in OrderID, the order
// placed the first time, so a client that retried knows which one it has.
func (s *Sim) PlaceOrder(req v3.OrderRequest) (v3.OrderResults, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp, err := specFromV3(req, "", s.mkt.now)
	if err != nil {
		return v3.OrderResults{}, err
	}
	placed, refused, err := s.placeLocked(sp)
	if err != nil {
		return v3.OrderResults{}, err
	}
	return results(placed, refused), nil
}

// PlaceGroup is POST /v3/orderexecution/ordergroups: the orders of a
// group placed on their own, linked as OCO, bracket or plain group.
func (s *Sim) PlaceGroup(req v3.GroupOrderRequest) (v3.OrderResults, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs, err := groupFromV3(req.Type, req.Orders, "", s.mkt.now)
	if err != nil {
		return v3.OrderResults{}, err
	}
	placed, refused, err := s.placeGroupLocked(gs)
	if err != nil {
		return v3.OrderResults{}, err
	}
	return results(placed, refused), nil
}

// confirmLocked estimates one order.
func (s *Sim) confirmLocked(sp orderSpec, tif v3.TimeInForce) (v3.OrderConfirmation, error) {
	o, err := s.confirmable(s.buildOrder(sp))
	if err != nil {
		return v3.OrderConfirmation{}, err
	}
	return s.confirmation(o, tif), nil
}

// ConfirmOrder is POST /v3/orderexecution/orderconfirm: what placing
// req would cost. Nothing is placed.
func (s *Sim) ConfirmOrder(req v3.OrderRequest) (v3.OrderConfirmations, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp, err := specFromV3(req, "", s.mkt.now)
	if err != nil {
		return v3.OrderConfirmations{}, err
	}
	c, err := s.confirmLocked(sp, req.TimeInForce)
	if err != nil {
		return v3.OrderConfirmations{}, err
	}
	return v3.OrderConfirmations{Confirmations: []v3.OrderConfirmation{c}}, nil
}

// ConfirmGroup is POST /v3/orderexecution/ordergroupconfirm.
func (s *Sim) ConfirmGroup(req v3.GroupOrderRequest) (v3.OrderConfirmations, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs, err := groupFromV3(req.Type, req.Orders, "", s.mkt.now)
	if err != nil {
		return v3.OrderConfirmations{}, err
	}
	var out v3.OrderConfirmations
	for i, sp := range gs.orders {
		c, err := s.confirmLocked(sp, req.Orders[i].TimeInForce)
		if err != nil {
			return v3.OrderConfirmations{}, err
		}
		out.Confirmations = append(out.Confirmations, c)
	}
	return out, nil
}

// ReplaceOrder is PUT /v3/orderexecution/orders/{orderID}.
func (s *Sim) ReplaceOrder(orderID string, req v3.OrderReplaceRequest) (v3.OrderResult, error) {
	rs, err := specFromReplace(req)
	if err != nil {
		return v3.OrderResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.replaceLocked(orderID, rs)
	if err != nil {
		return v3.OrderResult{}, err
	}
	return v3.OrderResult{OrderID: o.id, Message: "Cancel/Replace order sent."}, nil
}

// CancelOrder is DELETE /v3/orderexecution/orders/{orderID}.
func (s *Sim) CancelOrder(orderID string) (v3.OrderResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.cancelLocked(orderID)
	if err != nil {
		return v3.OrderResult{}, err
	}
	return v3.OrderResult{OrderID: o.id, Message: "Cancel request sent"}, nil
}

// Routes is GET /v3/orderexecution/routes.
func (s *Sim) Routes() v3.Routes {
	return v3.Routes{Routes: routes}
}

// ActivationTriggers is GET /v3/orderexecution/activationtriggers.
func (s *Sim) ActivationTriggers() v3.ActivationTriggers {
	return v3.ActivationTriggers{ActivationTriggers: activationTriggers}
}

// activationTriggers are the triggers GetActivationTriggers lists; orders
// that use them are refused with a 501 (see unsupportedOptions).
var activationTriggers = []v3.ActivationTrigger{
	{Key: v3.TriggerKeySingleTradeTick, Name: "Single Trade Tick", Description: "One trade at or through the rule's price activates the order."},
	{Key: v3.TriggerKeySingleTradeTickWithinNBBO, Name: "Single Trade Tick Within NBBO", Description: "One trade at or through the price, inside the national best bid and offer."},
	{Key: v3.TriggerKeySingleBidAskTick, Name: "Single Bid/Ask Tick", Description: "One ask tick for buys, one bid tick for sells, at or through the price."},
	{Key: v3.TriggerKeyDoubleTradeTick, Name: "Double Trade Tick", Description: "Two trades in a row at or through the price."},
	{Key: v3.TriggerKeyTwiceTradeTick, Name: "Twice Trade Tick", Description: "Two trades, not necessarily in a row, at or through the price."},
}
