package tradestationtest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/tradestation-go/tradestation/v3"
)

// The OAuth scopes that guard the API.
const (
	scopeRead  = "ReadAccount"
	scopeData  = "MarketData"
	scopeTrade = "Trade"
)

// v2APIVersion is the APIVersion query parameter every v2 request carries.
const v2APIVersion = "20160101"

// route is one API operation: its ServeMux pattern, the scope its access
// token needs and its handler.
type route struct {
	pattern, scope string
	h              http.HandlerFunc
}

// routes maps every path of the sign-in host and both API versions, and
// the control endpoint, which no fault touches.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", s.authorizePage)
	mux.HandleFunc("POST /authorize", s.authorizeSubmit)
	mux.HandleFunc("POST /oauth/token", s.tokenEndpoint)
	mux.HandleFunc("POST /oauth/revoke", s.revokeEndpoint)
	for _, rt := range slices.Concat(s.v3Routes(), s.v2Routes()) {
		mux.Handle(rt.pattern, s.api(rt.scope, rt.h))
	}
	unknown := func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, r, http.StatusNotFound, "No endpoint at %s %s.", r.Method, r.URL.Path)
	}
	mux.Handle("/v3/", s.api("", unknown))
	mux.Handle("/v2/", s.api("", unknown))
	top := http.NewServeMux()
	top.Handle(ControlPath, s.control())
	top.Handle("/", s.faults.wrap(mux, s.closing))
	return top
}

// v3Routes are the operations of API v3, path by path as openapi/v3.yaml
// lists them.
func (s *Server) v3Routes() []route {
	return []route{
		{"GET /v3/brokerage/accounts", scopeRead, answer(s.getAccounts)},
		{"GET /v3/brokerage/accounts/{accounts}/balances", scopeRead, answer(s.getBalances)},
		{"GET /v3/brokerage/accounts/{accounts}/bodbalances", scopeRead, answer(s.getBODBalances)},
		{"GET /v3/brokerage/accounts/{accounts}/positions", scopeRead, withQuery(s.getPositions)},
		{"GET /v3/brokerage/accounts/{accounts}/orders", scopeRead, withQuery(s.getOrders)},
		{"GET /v3/brokerage/accounts/{accounts}/orders/{orderIds}", scopeRead, answer(s.getOrdersByID)},
		{"GET /v3/brokerage/accounts/{accounts}/historicalorders", scopeRead, withQuery(s.getHistoricalOrders)},
		{"GET /v3/brokerage/accounts/{accounts}/historicalorders/{orderIds}", scopeRead, withQuery(s.getHistoricalOrdersByID)},
		{"GET /v3/brokerage/stream/accounts/{accounts}/orders", scopeRead, s.streamOrders},
		{"GET /v3/brokerage/stream/accounts/{accounts}/orders/{orderIds}", scopeRead, s.streamOrders},
		{"GET /v3/brokerage/stream/accounts/{accounts}/positions", scopeRead, s.streamPositions},

		{"GET /v3/marketdata/barcharts/{symbol}", scopeData, withQuery(s.getBars)},
		{"GET /v3/marketdata/stream/barcharts/{symbol}", scopeData, s.streamBars},
		{"GET /v3/marketdata/quotes/{symbols}", scopeData, answer(s.getQuotes)},
		{"GET /v3/marketdata/stream/quotes/{symbols}", scopeData, s.streamQuotes},
		{"GET /v3/marketdata/symbols/{symbols}", scopeData, answer(s.getSymbols)},
		{"GET /v3/marketdata/symbollists/cryptopairs/symbolnames", scopeData, answer(s.getCryptoNames)},
		{"GET /v3/marketdata/options/expirations/{underlying}", scopeData, withQuery(s.getExpirations)},
		{"GET /v3/marketdata/options/strikes/{underlying}", scopeData, withQuery(s.getStrikes)},
		{"GET /v3/marketdata/options/spreadtypes", scopeData, answer(s.getSpreadTypes)},
		{"POST /v3/marketdata/options/riskreward", scopeData, withBody(s.postRiskReward)},
		{"GET /v3/marketdata/stream/options/chains/{underlying}", scopeData, s.streamOptionChain},
		{"GET /v3/marketdata/stream/options/quotes", scopeData, s.streamOptionQuotes},
		{"GET /v3/marketdata/stream/marketdepth/quotes/{symbol}", scopeData, s.streamDepthQuotes},
		{"GET /v3/marketdata/stream/marketdepth/aggregates/{symbol}", scopeData, s.streamDepthAggregates},

		{"POST /v3/orderexecution/orders", scopeTrade, withBody(s.placeOrder)},
		{"POST /v3/orderexecution/ordergroups", scopeTrade, withBody(s.placeGroup)},
		{"POST /v3/orderexecution/orderconfirm", scopeTrade, withBody(s.confirmOrder)},
		{"POST /v3/orderexecution/ordergroupconfirm", scopeTrade, withBody(s.confirmGroup)},
		{"PUT /v3/orderexecution/orders/{orderID}", scopeTrade, withBody(s.replaceOrder)},
		{"DELETE /v3/orderexecution/orders/{orderID}", scopeTrade, answer(s.cancelOrder)},
		{"GET /v3/orderexecution/routes", scopeTrade, answer(s.getRoutes)},
		{"GET /v3/orderexecution/activationtriggers", scopeTrade, answer(s.getActivationTriggers)},
	}
}

// v2Routes are the legacy API v2 operations the SDK's v2 client uses.
// Errors answer in v2's {"TraceId","StatusCode","Message"} shape and
// times as /Date(...)/.
func (s *Server) v2Routes() []route {
	return []route{
		{"GET /v2/users/{userID}/accounts", scopeRead, answer(s.v2Accounts)},
		{"GET /v2/accounts/{accountKeys}/balances", scopeRead, answer(s.v2Balances)},
		{"GET /v2/accounts/{accountKeys}/positions", scopeRead, withQuery(s.v2Positions)},
		{"GET /v2/accounts/{accountKeys}/orders", scopeRead, withQuery(s.v2Orders)},
		{"GET /v2/data/quote/{symbols}", scopeData, answer(s.v2Quotes)},
		{"GET /v2/data/symbol/{symbol}", scopeData, answer(s.v2Symbol)},
		{"POST /v2/orders/confirm", scopeTrade, withBody(s.v2Confirm)},
		{"POST /v2/orders", scopeTrade, withBody(s.v2Place)},
		{"PUT /v2/orders/{orderID}", scopeTrade, withBody(s.v2Replace)},
		{"DELETE /v2/orders/{orderID}", scopeTrade, answer(s.v2Cancel)},
		{"POST /v2/orders/groups/confirm", scopeTrade, withBody(s.v2ConfirmGroup)},
		{"POST /v2/orders/groups", scopeTrade, withBody(s.v2PlaceGroup)},
	}
}

// answer adapts a REST handler that returns its answer: a value of a
// generated type, sent as JSON with 200, or an error, sent in the API's
// error shape with the error's status.
func answer(h func(*http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		out, err := h(r)
		if err != nil {
			writeErr(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// withQuery is answer for a handler that takes the request's query
// parameters, bound into a generated ...Params struct; a parameter that
// does not parse is a 400 naming it.
func withQuery[P any](h func(*http.Request, P) (any, error)) http.HandlerFunc {
	return answer(func(r *http.Request) (any, error) {
		var p P
		if err := bindQuery(r, &p); err != nil {
			return nil, err
		}
		return h(r, p)
	})
}

// withBody is answer for a handler that takes the request's JSON body,
// decoded into a generated request type; a body that does not decode is a
// 400.
func withBody[T any](h func(*http.Request, T) (any, error)) http.HandlerFunc {
	return answer(func(r *http.Request) (any, error) {
		var body T
		if err := decodeBody(r, &body); err != nil {
			return nil, err
		}
		return h(r, body)
	})
}

// presentLists are the arrays that TradeStation sends even when they are
// empty, by answer type: {"Positions": [], "Errors": []}, never {}. The
// generated types leave empty slices out.
var presentLists = map[reflect.Type][]string{
	reflect.TypeFor[v3.Balances]():      {"Balances", "Errors"},
	reflect.TypeFor[v3.BODBalances]():   {"BODBalances", "Errors"},
	reflect.TypeFor[v3.Positions]():     {"Positions", "Errors"},
	reflect.TypeFor[v3.Orders]():        {"Orders", "Errors"},
	reflect.TypeFor[v3.QuoteSnapshot](): {"Quotes", "Errors"},
	reflect.TypeFor[v3.SymbolDetails](): {"Symbols", "Errors"},
}

// marshal encodes v, with the arrays presentLists names for its type.
func marshal(v any) ([]byte, error) {
	body, err := json.Marshal(v)
	keys := presentLists[reflect.TypeOf(v)]
	if err != nil || len(keys) == 0 {
		return body, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, err
	}
	var missing []string
	for _, k := range keys {
		if _, ok := fields[k]; !ok {
			missing = append(missing, strconv.Quote(k)+":[]")
		}
	}
	if len(missing) == 0 {
		return body, nil
	}
	rest := body[1:] // after the opening brace
	if len(fields) > 0 {
		missing = append(missing, "")
	}
	return append([]byte("{"+strings.Join(missing, ",")), rest...), nil
}

// queryValue is the query parameter name of r, its name matched without
// regard to case (see bindQuery).
func queryValue(r *http.Request, name string) string {
	for k, vs := range r.URL.Query() {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// writeJSON answers v (a value of a generated type) with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body, _ = json.Marshal(v3.ErrorResponse{Error: v3.ErrorCodeInternalServerError, Message: "tradestationtest could not encode its answer: " + err.Error()})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// api guards an API handler: a valid access token with the scope, the
// rate limit, and for v2 the APIVersion parameter.
func (s *Server) api(scope string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(w, r, scope) || !s.faults.admit(w, r) {
			return
		}
		if v := queryValue(r, "APIVersion"); isV2Path(r.URL.Path) && v != v2APIVersion {
			writeAPIError(w, r, http.StatusBadRequest, "The APIVersion query parameter must be %s (got %q).", v2APIVersion, v)
			return
		}
		h(w, r)
	})
}

// authorized checks the bearer token and its scope, answering 401 or 403
// in TradeStation's shape when they do not do. The scheme is matched
// without regard to case ("bearer" works), as HTTP says.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, scope string) bool {
	scheme, raw, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if raw = strings.TrimSpace(raw); !strings.EqualFold(scheme, "Bearer") || raw == "" {
		writeAPIError(w, r, http.StatusUnauthorized, "The request carries no bearer access token.")
		return false
	}
	grant, problem := s.tokens.checkAccess(raw)
	if problem != "" {
		writeAPIError(w, r, http.StatusUnauthorized, "%s", problem)
		return false
	}
	if scope != "" && !grant.has(scope) {
		writeAPIError(w, r, http.StatusForbidden, "The access token does not carry the %s scope.", scope)
		return false
	}
	return true
}
