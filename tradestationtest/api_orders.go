package tradestationtest

import (
	"errors"
	"net/http"

	"github.com/tradestation-go/tradestation/v3"
)

// results lists placed orders and refusals the way TradeStation answers a
// placement: HTTP 200 either way.
func results(placed []*order, errs []error) v3.OrderResults {
	var out v3.OrderResults
	for _, o := range placed {
		out.Orders = append(out.Orders, v3.OrderResult{OrderID: o.id, Message: "Sent order: " + o.summary()})
	}
	for _, err := range errs {
		res := v3.OrderResult{Error: "FAILED", Message: err.Error()}
		var rej *rejection
		if errors.As(err, &rej) {
			res.OrderID = rej.orderID
		}
		out.Errors = append(out.Errors, res)
	}
	return out
}

// placeOrder is POST /v3/orderexecution/orders. A refused order (unknown
// symbol, no buying power, a repeated OrderConfirmID) answers 200 with the
// refusal in Errors; a repeated OrderConfirmID names, in OrderID, the order
// placed the first time, so a client that retried knows which one it has.
func (s *Server) placeOrder(w http.ResponseWriter, r *http.Request) {
	var req v3.OrderRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sp, err := specFromV3(req, "", s.mkt.now)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	placed, childErrs, err := s.placeLocked(sp)
	var rej *rejection
	switch {
	case errors.As(err, &rej):
		writeJSON(w, http.StatusOK, results(nil, []error{rej}))
	case err != nil:
		writeErr(w, r, err)
	default:
		writeJSON(w, http.StatusOK, results(placed, childErrs))
	}
}

func (s *Server) placeGroup(w http.ResponseWriter, r *http.Request) {
	var req v3.GroupOrderRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	gs, err := groupFromV3(req.Type, req.Orders, "", s.mkt.now)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	placed, errs, err := s.placeGroupLocked(gs)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, results(placed, errs))
}

// confirmLocked estimates one order; what placing would refuse is a 400 here.
func (s *Server) confirmLocked(sp orderSpec, tif v3.TimeInForce) (v3.OrderConfirmation, error) {
	o, err := s.buildOrder(sp)
	if err == nil {
		err = s.checkFunds(o)
	}
	var rej *rejection
	if errors.As(err, &rej) {
		return v3.OrderConfirmation{}, badf("%s", rej.reason)
	}
	if err != nil {
		return v3.OrderConfirmation{}, err
	}
	return s.confirmation(o, tif), nil
}

func (s *Server) confirmOrder(w http.ResponseWriter, r *http.Request) {
	var req v3.OrderRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sp, err := specFromV3(req, "", s.mkt.now)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	c, err := s.confirmLocked(sp, req.TimeInForce)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v3.OrderConfirmations{Confirmations: []v3.OrderConfirmation{c}})
}

func (s *Server) confirmGroup(w http.ResponseWriter, r *http.Request) {
	var req v3.GroupOrderRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	gs, err := groupFromV3(req.Type, req.Orders, "", s.mkt.now)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	var out v3.OrderConfirmations
	for i, sp := range gs.orders {
		c, err := s.confirmLocked(sp, req.Orders[i].TimeInForce)
		if err != nil {
			writeErr(w, r, err)
			return
		}
		out.Confirmations = append(out.Confirmations, c)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) replaceOrder(w http.ResponseWriter, r *http.Request) {
	var req v3.OrderReplaceRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	rs, err := specFromReplace(req)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.replaceLocked(r.PathValue("orderID"), rs)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v3.OrderResult{OrderID: o.id, Message: "Cancel/Replace order sent."})
}

func (s *Server) cancelOrder(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.cancelLocked(r.PathValue("orderID"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v3.OrderResult{OrderID: o.id, Message: "Cancel request sent"})
}
