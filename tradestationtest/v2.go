package tradestationtest

import (
	"fmt"
	"net/http"

	"github.com/tradestation-go/tradestation/v2"
)

// maxV2QuoteSymbols is v2's limit on the symbols of one quote request.
const maxV2QuoteSymbols = 50

func (s *Server) v2Accounts(r *http.Request) (any, error) {
	if user := r.PathValue("userID"); user != UserID {
		return nil, &apiError{http.StatusForbidden, fmt.Sprintf("User %s is not the signed-in user.", user)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []v2.Account{}
	for _, a := range s.accts.list {
		out = append(out, a.v2Account())
	}
	return out, nil
}

func (s *Server) v2Balances(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	balances, _, err := forAccounts(s, r.PathValue("accountKeys"), func(a *account) v2.Balance { return a.v2Balance(s.mkt) })
	if err != nil {
		return nil, err
	}
	return balances, nil
}

// v2Positions lists every position of the accounts; the $filter parameter
// is checked but not applied.
func (s *Server) v2Positions(r *http.Request, _ v2.GetPositionsByAccountsParams) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, _, err := s.accountsOf(r.PathValue("accountKeys"))
	if err != nil {
		return nil, err
	}
	out := []v2.Position{}
	for _, a := range accts {
		for _, pos := range a.positions {
			out = append(out, a.v2Position(s.mkt, pos))
		}
	}
	return out, nil
}

// v2Orders lists today's and open orders, and with since the historical
// ones too, a page (pageSize, pageNum) at a time.
func (s *Server) v2Orders(r *http.Request, p v2.GetOrdersByAccountsParams) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, _, err := s.accountsOf(r.PathValue("accountKeys"))
	if err != nil {
		return nil, err
	}
	list := s.currentOrders(accts)
	if p.Since != "" {
		since, err := s.sinceParam(p.Since)
		if err != nil {
			return nil, err
		}
		list = append(list, s.historicalOrders(accts, since)...)
	}
	size, num := maxPageSize, 1
	if r.URL.Query().Has("pageSize") {
		size = int(p.PageSize)
	}
	if r.URL.Query().Has("pageNum") {
		num = int(p.PageNum)
	}
	if size < 1 || size > maxPageSize || num < 1 {
		return nil, badf("pageSize must be 1 to %d and pageNum at least 1.", maxPageSize)
	}
	from := min((num-1)*size, len(list))
	out := []v2.Order{}
	for _, o := range list[from:min(from+size, len(list))] {
		out = append(out, o.v2Order())
	}
	return out, nil
}

func (s *Server) v2Quotes(r *http.Request) (any, error) {
	syms, err := splitLimited(r.PathValue("symbols"), "symbol", maxV2QuoteSymbols)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []v2.Quote{}
	for _, sym := range syms {
		in, ok := s.mkt.lookup(sym)
		if !ok {
			out = append(out, v2.Quote{Symbol: sym, Error: invalidSymbol})
			continue
		}
		out = append(out, s.mkt.v2Quote(in))
	}
	return out, nil
}

func (s *Server) v2Symbol(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, err := s.symbolOf(r)
	if err != nil {
		return nil, err
	}
	return in.v2Symbol(), nil
}
