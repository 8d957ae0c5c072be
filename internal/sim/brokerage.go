package sim

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// accountsOf resolves the {accounts} segment of a REST list: 1 to 25 ids.
// An id the user does not hold is a per-account error inside the 200, as
// TradeStation answers it, even when no id of the segment is known:
// {"Positions": [], "Errors": [{"AccountID": "123", "Error": "Forbidden",
// "Message": "Invalid Account ID."}]}.
func (s *Sim) accountsOf(raw string) ([]*account, []v3.AccountError, error) {
	ids, err := splitLimited(raw, "account id", maxAccountIDs)
	if err != nil {
		return nil, nil, err
	}
	var found []*account
	var errs []v3.AccountError
	for _, id := range ids {
		if !accountIDPattern.MatchString(id) {
			return nil, nil, badf("Invalid account ID: %s.", id)
		}
		if a := s.accts.byID[id]; a != nil {
			found = append(found, a)
			continue
		}
		errs = append(errs, v3.AccountError{AccountID: id, Error: string(v3.ErrorCodeForbidden), Message: invalidAccountID})
	}
	return found, errs, nil
}

// invalidAccountID is TradeStation's message for an account id that is not
// the user's.
const invalidAccountID = "Invalid Account ID."

// knownAccountsOf is accountsOf for the calls that act on the accounts
// (streams, lookups by order id, API v2): when none of the ids is known
// the request is a 404.
func (s *Sim) knownAccountsOf(raw string) ([]*account, []v3.AccountError, error) {
	found, errs, err := s.accountsOf(raw)
	if err == nil && len(found) == 0 {
		return nil, nil, notFoundf("Account %s was not found.", strings.Join(splitList(raw), ","))
	}
	return found, errs, err
}

// Accounts is GET /v3/brokerage/accounts.
func (s *Sim) Accounts() v3.Accounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out v3.Accounts
	for _, a := range s.accts.list {
		out.Accounts = append(out.Accounts, a.v3Account())
	}
	return out
}

// forAccounts is view of every known account of the {accounts} segment
// raw, and the errors of the unknown ones.
func forAccounts[T any](s *Sim, raw string, view func(*account) T) ([]T, []v3.AccountError, error) {
	accts, errs, err := s.accountsOf(raw)
	if err != nil {
		return nil, nil, err
	}
	out := make([]T, 0, len(accts))
	for _, a := range accts {
		out = append(out, view(a))
	}
	return out, errs, nil
}

// Balances is GET /v3/brokerage/accounts/{accounts}/balances.
func (s *Sim) Balances(accounts string) (v3.Balances, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	balances, errs, err := forAccounts(s, accounts, func(a *account) v3.Balance { return a.v3Balance(s.mkt) })
	if err != nil {
		return v3.Balances{}, err
	}
	return v3.Balances{Balances: balances, Errors: errs}, nil
}

// BODBalances is GET /v3/brokerage/accounts/{accounts}/bodbalances.
func (s *Sim) BODBalances(accounts string) (v3.BODBalances, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	balances, errs, err := forAccounts(s, accounts, (*account).v3BODBalance)
	if err != nil {
		return v3.BODBalances{}, err
	}
	return v3.BODBalances{BODBalances: balances, Errors: errs}, nil
}

// Positions is GET /v3/brokerage/accounts/{accounts}/positions.
func (s *Sim) Positions(accounts string, p v3.GetPositionsParams) (v3.Positions, error) {
	var filters []string
	for _, sym := range p.Symbol {
		filters = append(filters, splitList(sym)...)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, errs, err := s.accountsOf(accounts)
	if err != nil {
		return v3.Positions{}, err
	}
	out := v3.Positions{Errors: errs}
	for _, a := range accts {
		for _, pos := range a.positions {
			if symbolMatches(pos.inst.symbol, filters) {
				out.Positions = append(out.Positions, a.v3Position(s.mkt, pos))
			}
		}
	}
	return out, nil
}

// symbolMatches applies GetPositions' symbol filter, where * matches any
// run of characters ("MSFT *" is every MSFT option).
func symbolMatches(symbol string, filters []string) bool {
	if len(filters) == 0 {
		return true
	}
	for _, f := range filters {
		if wildcard(strings.ToUpper(f), symbol) {
			return true
		}
	}
	return false
}

func wildcard(pattern, s string) bool {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return pattern == s
	}
	if !strings.HasPrefix(s, pattern[:star]) {
		return false
	}
	rest := pattern[star+1:]
	for i := star; i <= len(s); i++ {
		if wildcard(rest, s[i:]) {
			return true
		}
	}
	return false
}

// startOfDay is the start of the market clock's trading day (New York midnight).
func (s *Sim) startOfDay() time.Time {
	d := dateOf(s.mkt.now)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, newYork)
}

// currentOrders are today's orders and every open order of accts, newest first.
func (s *Sim) currentOrders(accts []*account) []*order {
	start := s.startOfDay()
	var out []*order
	for _, o := range s.book.all {
		if slices.Contains(accts, o.acct) && (o.open() || !o.closed.Before(start) || !o.opened.Before(start)) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].opened.After(out[j].opened) })
	return out
}

// historicalOrders are the orders of accts closed before today and on or
// after since, most recently closed first.
func (s *Sim) historicalOrders(accts []*account, since time.Time) []*order {
	start := s.startOfDay()
	var out []*order
	for _, o := range s.book.all {
		if slices.Contains(accts, o.acct) && !o.open() && o.closed.Before(start) && !o.closed.Before(since) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].closed.After(out[j].closed) })
	return out
}

// pageCursor is where a NextToken continues; it works once, for an hour.
type pageCursor struct {
	key     string
	offset  int
	expires time.Time
}

// page cuts one page out of orders, honouring pageSize and nextToken
// (zero when not sent: the generated params are plain values).
func (s *Sim) page(orders []*order, key string, pageSize int32, nextToken string) ([]*order, string, error) {
	sized := pageSize != 0
	offset := 0
	if nextToken != "" {
		c, ok := s.book.pages[nextToken]
		delete(s.book.pages, nextToken)
		if !ok || c.key != key || time.Now().After(c.expires) {
			return nil, "", badf("nextToken is invalid, was already used or expired.")
		}
		offset = c.offset
	}
	size := maxPageSize
	if sized {
		if pageSize < 1 || pageSize > maxPageSize {
			return nil, "", badf("pageSize %d is not between 1 and %d.", pageSize, maxPageSize)
		}
		size = int(pageSize)
	}
	offset = min(offset, len(orders))
	end := min(offset+size, len(orders))
	if end == len(orders) || !sized {
		return orders[offset:end], "", nil
	}
	token := randomToken()
	s.book.pages[token] = &pageCursor{key: key, offset: end, expires: time.Now().Add(time.Hour)}
	return orders[offset:end], token, nil
}

func v3Orders(list []*order) []v3.Order {
	out := make([]v3.Order, 0, len(list))
	for _, o := range list {
		out = append(out, o.v3Order())
	}
	return out
}

func orderErrors(errs []v3.AccountError) []v3.OrderError {
	var out []v3.OrderError
	for _, e := range errs {
		out = append(out, v3.OrderError{AccountID: e.AccountID, Error: e.Error, Message: e.Message})
	}
	return out
}

// orderPool picks orders of the accounts: today's and open ones, or the
// historical ones.
type orderPool func(accts []*account) []*order

// orderPage answers one page of the orders pool picks from the accounts of
// the path; listing names the list the page belongs to, for its NextToken.
func (s *Sim) orderPage(accounts string, pool orderPool, listing string, pageSize int32, nextToken string) (v3.Orders, error) {
	accts, errs, err := s.accountsOf(accounts)
	if err != nil {
		return v3.Orders{}, err
	}
	list, next, err := s.page(pool(accts), listing+":"+accounts, pageSize, nextToken)
	if err != nil {
		return v3.Orders{}, err
	}
	return v3.Orders{Orders: v3Orders(list), NextToken: next, Errors: orderErrors(errs)}, nil
}

// ordersByID answers the orders of the path's {orderIds} that pool holds
// for the path's accounts; ids it does not hold are errors, and a lookup
// that finds nothing is a 404.
func (s *Sim) ordersByID(accounts, orderIDs string, pool orderPool) (v3.Orders, error) {
	accts, _, err := s.knownAccountsOf(accounts)
	if err != nil {
		return v3.Orders{}, err
	}
	ids, err := splitLimited(orderIDs, "order id", maxOrderIDs)
	if err != nil {
		return v3.Orders{}, err
	}
	held := pool(accts)
	var out v3.Orders
	for _, id := range ids {
		if strings.Contains(id, "-") {
			return v3.Orders{}, badf("Order id %s must be digits only, without dashes.", id)
		}
		i := slices.IndexFunc(held, func(o *order) bool { return o.id == id })
		if i < 0 {
			out.Errors = append(out.Errors, v3.OrderError{AccountID: accounts, OrderID: id, Error: string(v3.ErrorCodeNotFound), Message: "Order " + id + " was not found."})
			continue
		}
		out.Orders = append(out.Orders, held[i].v3Order())
	}
	if len(out.Orders) == 0 {
		return v3.Orders{}, notFoundf("Order %s was not found.", strings.Join(ids, ","))
	}
	return out, nil
}

// Orders is GET /v3/brokerage/accounts/{accounts}/orders: today's and
// open orders, newest first, a page at a time.
func (s *Sim) Orders(accounts string, p v3.GetOrdersParams) (v3.Orders, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.orderPage(accounts, s.currentOrders, "orders", p.PageSize, p.NextToken)
}

// OrdersByID is GET /v3/brokerage/accounts/{accounts}/orders/{orderIds}.
func (s *Sim) OrdersByID(accounts, orderIDs string) (v3.Orders, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ordersByID(accounts, orderIDs, s.currentOrders)
}

// sinceParam reads the since of historical orders: at most historyDays back.
func (s *Sim) sinceParam(raw string) (time.Time, error) {
	t, ok := parseDate(raw)
	if !ok {
		return t, badf("since %q is not a date such as 2025-04-15 or 04-15-2025.", raw)
	}
	since := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, newYork)
	if since.Before(s.startOfDay().AddDate(0, 0, -historyDays)) {
		return t, badf("since %s is more than %d days back.", raw, historyDays)
	}
	return since, nil
}

// historicalPool is the pool of orders closed since.
func (s *Sim) historicalPool(since time.Time) orderPool {
	return func(accts []*account) []*order { return s.historicalOrders(accts, since) }
}

// HistoricalOrders is GET /v3/brokerage/accounts/{accounts}/historicalorders:
// orders closed before today, since p.Since.
func (s *Sim) HistoricalOrders(accounts string, p v3.GetHistoricalOrdersParams) (v3.Orders, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	since, err := s.sinceParam(p.Since)
	if err != nil {
		return v3.Orders{}, err
	}
	return s.orderPage(accounts, s.historicalPool(since), "history:"+p.Since, p.PageSize, p.NextToken)
}

// HistoricalOrdersByID is GET
// /v3/brokerage/accounts/{accounts}/historicalorders/{orderIds}.
func (s *Sim) HistoricalOrdersByID(accounts, orderIDs string, p v3.GetHistoricalOrdersByOrderIDParams) (v3.Orders, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	since, err := s.sinceParam(p.Since)
	if err != nil {
		return v3.Orders{}, err
	}
	return s.ordersByID(accounts, orderIDs, s.historicalPool(since))
}
