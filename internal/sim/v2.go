package sim

import (
	"github.com/tradestation-go/tradestation/v2"
)

// maxV2QuoteSymbols is v2's limit on the symbols of one quote request.
const maxV2QuoteSymbols = 50

// V2Accounts is GET /v2/users/{userID}/accounts for the signed-in user.
func (s *Sim) V2Accounts() []v2.Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []v2.Account{}
	for _, a := range s.accts.list {
		out = append(out, a.v2Account())
	}
	return out
}

// V2Balances is GET /v2/accounts/{accountKeys}/balances.
func (s *Sim) V2Balances(accountKeys string) ([]v2.Balance, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, _, err := s.knownAccountsOf(accountKeys)
	if err != nil {
		return nil, err
	}
	balances := make([]v2.Balance, 0, len(accts))
	for _, a := range accts {
		balances = append(balances, a.v2Balance(s.mkt))
	}
	return balances, nil
}

// V2Positions lists every position of the accounts; the $filter parameter
// is checked but not applied.
func (s *Sim) V2Positions(accountKeys string, _ v2.GetPositionsByAccountsParams) ([]v2.Position, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, _, err := s.knownAccountsOf(accountKeys)
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

// V2Orders lists today's and open orders, and with since the historical
// ones too, a page (pageSize, pageNum) at a time.
func (s *Sim) V2Orders(accountKeys string, p v2.GetOrdersByAccountsParams) ([]v2.Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, _, err := s.knownAccountsOf(accountKeys)
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
	if p.PageSize != 0 { // zero: not sent
		size = int(p.PageSize)
	}
	if p.PageNum != 0 {
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

// V2Quotes is GET /v2/data/quote/{symbols}.
func (s *Sim) V2Quotes(symbols string) ([]v2.Quote, error) {
	syms, err := splitLimited(symbols, "symbol", maxV2QuoteSymbols)
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

// V2Symbol is GET /v2/data/symbol/{symbol}.
func (s *Sim) V2Symbol(symbol string) (v2.Symbol, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, err := s.symbolOf(symbol)
	if err != nil {
		return v2.Symbol{}, err
	}
	return in.v2Symbol(), nil
}
