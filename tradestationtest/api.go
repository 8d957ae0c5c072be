package tradestationtest

import (
	"fmt"
	"net/http"

	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// The REST handlers: each reads the path, the query or the body and asks
// the simulator.

func (s *Server) getAccounts(*http.Request) (any, error) { return s.sim.Accounts(), nil }

func (s *Server) getBalances(r *http.Request) (any, error) {
	return s.sim.Balances(r.PathValue("accounts"))
}

func (s *Server) getBODBalances(r *http.Request) (any, error) {
	return s.sim.BODBalances(r.PathValue("accounts"))
}

func (s *Server) getPositions(r *http.Request, p v3.GetPositionsParams) (any, error) {
	return s.sim.Positions(r.PathValue("accounts"), p)
}

func (s *Server) getOrders(r *http.Request, p v3.GetOrdersParams) (any, error) {
	return s.sim.Orders(r.PathValue("accounts"), p)
}

func (s *Server) getOrdersByID(r *http.Request) (any, error) {
	return s.sim.OrdersByID(r.PathValue("accounts"), r.PathValue("orderIds"))
}

func (s *Server) getHistoricalOrders(r *http.Request, p v3.GetHistoricalOrdersParams) (any, error) {
	return s.sim.HistoricalOrders(r.PathValue("accounts"), p)
}

func (s *Server) getHistoricalOrdersByID(r *http.Request, p v3.GetHistoricalOrdersByOrderIDParams) (any, error) {
	return s.sim.HistoricalOrdersByID(r.PathValue("accounts"), r.PathValue("orderIds"), p)
}

func (s *Server) getBars(r *http.Request, p v3.GetBarsParams) (any, error) {
	return s.sim.Bars(r.PathValue("symbol"), p)
}

func (s *Server) getQuotes(r *http.Request) (any, error) {
	return s.sim.Quotes(r.PathValue("symbols"))
}

func (s *Server) getSymbols(r *http.Request) (any, error) {
	return s.sim.Symbols(r.PathValue("symbols"))
}

func (s *Server) getCryptoNames(*http.Request) (any, error) { return s.sim.CryptoNames(), nil }

func (s *Server) getExpirations(r *http.Request, p v3.GetOptionExpirationsParams) (any, error) {
	return s.sim.Expirations(r.PathValue("underlying"), p)
}

func (s *Server) getStrikes(r *http.Request, p v3.GetOptionStrikesParams) (any, error) {
	return s.sim.Strikes(r.PathValue("underlying"), p)
}

func (s *Server) getSpreadTypes(*http.Request) (any, error) { return s.sim.SpreadTypes(), nil }

func (s *Server) postRiskReward(_ *http.Request, req v3.RiskRewardRequest) (any, error) {
	return s.sim.RiskReward(req)
}

func (s *Server) placeOrder(_ *http.Request, req v3.OrderRequest) (any, error) {
	return s.sim.PlaceOrder(req)
}

func (s *Server) placeGroup(_ *http.Request, req v3.GroupOrderRequest) (any, error) {
	return s.sim.PlaceGroup(req)
}

func (s *Server) confirmOrder(_ *http.Request, req v3.OrderRequest) (any, error) {
	return s.sim.ConfirmOrder(req)
}

func (s *Server) confirmGroup(_ *http.Request, req v3.GroupOrderRequest) (any, error) {
	return s.sim.ConfirmGroup(req)
}

func (s *Server) replaceOrder(r *http.Request, req v3.OrderReplaceRequest) (any, error) {
	return s.sim.ReplaceOrder(r.PathValue("orderID"), req)
}

func (s *Server) cancelOrder(r *http.Request) (any, error) {
	return s.sim.CancelOrder(r.PathValue("orderID"))
}

func (s *Server) getRoutes(*http.Request) (any, error) { return s.sim.Routes(), nil }

func (s *Server) getActivationTriggers(*http.Request) (any, error) {
	return s.sim.ActivationTriggers(), nil
}

func (s *Server) v2Accounts(r *http.Request) (any, error) {
	if user := r.PathValue("userID"); user != UserID {
		return nil, &apiError{http.StatusForbidden, fmt.Sprintf("User %s is not the signed-in user.", user)}
	}
	return s.sim.V2Accounts(), nil
}

func (s *Server) v2Balances(r *http.Request) (any, error) {
	return s.sim.V2Balances(r.PathValue("accountKeys"))
}

func (s *Server) v2Positions(r *http.Request, p v2.GetPositionsByAccountsParams) (any, error) {
	return s.sim.V2Positions(r.PathValue("accountKeys"), p)
}

func (s *Server) v2Orders(r *http.Request, p v2.GetOrdersByAccountsParams) (any, error) {
	return s.sim.V2Orders(r.PathValue("accountKeys"), p)
}

func (s *Server) v2Quotes(r *http.Request) (any, error) {
	return s.sim.V2Quotes(r.PathValue("symbols"))
}

func (s *Server) v2Symbol(r *http.Request) (any, error) {
	return s.sim.V2Symbol(r.PathValue("symbol"))
}

func (s *Server) v2Confirm(_ *http.Request, req v2.OrderRequest) (any, error) {
	return s.sim.V2Confirm(req)
}

func (s *Server) v2Place(_ *http.Request, req v2.OrderRequest) (any, error) {
	return s.sim.V2Place(req)
}

func (s *Server) v2Replace(r *http.Request, req v2.CancelReplaceRequest) (any, error) {
	return s.sim.V2Replace(r.PathValue("orderID"), req)
}

func (s *Server) v2Cancel(r *http.Request) (any, error) {
	return s.sim.V2Cancel(r.PathValue("orderID"))
}

func (s *Server) v2ConfirmGroup(_ *http.Request, req v2.GroupOrderRequest) (any, error) {
	return s.sim.V2ConfirmGroup(req)
}

func (s *Server) v2PlaceGroup(_ *http.Request, req v2.GroupOrderRequest) (any, error) {
	return s.sim.V2PlaceGroup(req)
}
