package tradestationtest

import "net/http"

// routesV3 maps API v3, path by path as openapi/v3.yaml lists them.
func (s *Server) routesV3(mux *http.ServeMux) {
	read, data, trade := "ReadAccount", "MarketData", "Trade"
	routes := []struct {
		pattern, scope string
		h              http.HandlerFunc
	}{
		{"GET /v3/brokerage/accounts", read, s.getAccounts},
		{"GET /v3/brokerage/accounts/{accounts}/balances", read, s.getBalances},
		{"GET /v3/brokerage/accounts/{accounts}/bodbalances", read, s.getBODBalances},
		{"GET /v3/brokerage/accounts/{accounts}/positions", read, s.getPositions},
		{"GET /v3/brokerage/accounts/{accounts}/orders", read, s.getOrders},
		{"GET /v3/brokerage/accounts/{accounts}/orders/{orderIds}", read, s.getOrdersByID},
		{"GET /v3/brokerage/accounts/{accounts}/historicalorders", read, s.getHistoricalOrders},
		{"GET /v3/brokerage/accounts/{accounts}/historicalorders/{orderIds}", read, s.getHistoricalOrdersByID},
		{"GET /v3/brokerage/stream/accounts/{accounts}/orders", read, s.streamOrders},
		{"GET /v3/brokerage/stream/accounts/{accounts}/orders/{orderIds}", read, s.streamOrders},
		{"GET /v3/brokerage/stream/accounts/{accounts}/positions", read, s.streamPositions},

		{"GET /v3/marketdata/barcharts/{symbol}", data, s.getBars},
		{"GET /v3/marketdata/stream/barcharts/{symbol}", data, s.streamBars},
		{"GET /v3/marketdata/quotes/{symbols}", data, s.getQuotes},
		{"GET /v3/marketdata/stream/quotes/{symbols}", data, s.streamQuotes},
		{"GET /v3/marketdata/symbols/{symbols}", data, s.getSymbols},
		{"GET /v3/marketdata/symbollists/cryptopairs/symbolnames", data, s.getCryptoNames},
		{"GET /v3/marketdata/options/expirations/{underlying}", data, s.getExpirations},
		{"GET /v3/marketdata/options/strikes/{underlying}", data, s.getStrikes},
		{"GET /v3/marketdata/options/spreadtypes", data, s.getSpreadTypes},
		{"POST /v3/marketdata/options/riskreward", data, s.postRiskReward},
		{"GET /v3/marketdata/stream/options/chains/{underlying}", data, s.streamOptionChain},
		{"GET /v3/marketdata/stream/options/quotes", data, s.streamOptionQuotes},
		{"GET /v3/marketdata/stream/marketdepth/quotes/{symbol}", data, s.streamDepthQuotes},
		{"GET /v3/marketdata/stream/marketdepth/aggregates/{symbol}", data, s.streamDepthAggregates},

		{"POST /v3/orderexecution/orders", trade, s.placeOrder},
		{"POST /v3/orderexecution/ordergroups", trade, s.placeGroup},
		{"POST /v3/orderexecution/orderconfirm", trade, s.confirmOrder},
		{"POST /v3/orderexecution/ordergroupconfirm", trade, s.confirmGroup},
		{"PUT /v3/orderexecution/orders/{orderID}", trade, s.replaceOrder},
		{"DELETE /v3/orderexecution/orders/{orderID}", trade, s.cancelOrder},
		{"GET /v3/orderexecution/routes", trade, s.getRoutes},
		{"GET /v3/orderexecution/activationtriggers", trade, s.getActivationTriggers},
	}
	for _, rt := range routes {
		mux.Handle(rt.pattern, s.api(rt.scope, rt.h))
	}
}
