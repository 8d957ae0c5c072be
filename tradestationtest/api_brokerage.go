package tradestationtest

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// accountsOf resolves the {accounts} segment: 1 to 25 ids; unknown ones
// become per-account errors, and when none is known the request is a 404.
func (s *Server) accountsOf(raw string) ([]*account, []v3.AccountError, error) {
	ids := splitList(raw)
	switch {
	case len(ids) == 0:
		return nil, nil, badf("No account id given.")
	case len(ids) > 25:
		return nil, nil, badf("%d account ids given; at most 25 are allowed.", len(ids))
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
		errs = append(errs, v3.AccountError{AccountID: id, Error: "NotFound", Message: "Account " + id + " was not found."})
	}
	if len(found) == 0 {
		return nil, nil, notFoundf("Account %s was not found.", strings.Join(ids, ","))
	}
	return found, errs, nil
}

func (s *Server) getAccounts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out v3.Accounts
	for _, a := range s.accts.list {
		out.Accounts = append(out.Accounts, a.v3Account())
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getBalances(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, errs, err := s.accountsOf(r.PathValue("accounts"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := v3.Balances{Errors: errs}
	for _, a := range accts {
		out.Balances = append(out.Balances, a.v3Balance(s.mkt))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getBODBalances(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, errs, err := s.accountsOf(r.PathValue("accounts"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := v3.BODBalances{Errors: errs}
	for _, a := range accts {
		out.BODBalances = append(out.BODBalances, a.v3BODBalance())
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getPositions(w http.ResponseWriter, r *http.Request) {
	var params v3.GetPositionsParams
	if err := bindQuery(r, &params); err != nil {
		writeErr(w, r, err)
		return
	}
	var filters []string
	if params.Symbol != nil {
		filters = splitList(*params.Symbol)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, errs, err := s.accountsOf(r.PathValue("accounts"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := v3.Positions{Errors: errs}
	for _, a := range accts {
		for _, p := range a.positions {
			if symbolMatches(p.inst.symbol, filters) {
				out.Positions = append(out.Positions, a.v3Position(s.mkt, p))
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
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

// today is the start of the market clock's trading day (New York midnight).
func (s *Server) today() time.Time {
	d := dateOf(s.mkt.now)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, newYork)
}

// currentOrders are today's orders and every open order of accts, newest first.
func (s *Server) currentOrders(accts []*account) []*order {
	start := s.today()
	var out []*order
	for _, o := range s.book.all {
		if inAccounts(o, accts) && (o.open() || !o.closed.Before(start) || !o.opened.Before(start)) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].opened.After(out[j].opened) })
	return out
}

// historicalOrders are the orders of accts closed before today and on or
// after since, most recently closed first.
func (s *Server) historicalOrders(accts []*account, since time.Time) []*order {
	start := s.today()
	var out []*order
	for _, o := range s.book.all {
		if inAccounts(o, accts) && !o.open() && o.closed.Before(start) && !o.closed.Before(since) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].closed.After(out[j].closed) })
	return out
}

func inAccounts(o *order, accts []*account) bool {
	for _, a := range accts {
		if o.acct == a {
			return true
		}
	}
	return false
}

// pageCursor is where a NextToken continues; it works once, for an hour.
type pageCursor struct {
	key     string
	offset  int
	expires time.Time
}

// page cuts one page out of orders, honouring pageSize and nextToken.
func (s *Server) page(orders []*order, key string, pageSize *int32, nextToken *string) ([]*order, string, error) {
	offset := 0
	if nextToken != nil && *nextToken != "" {
		c, ok := s.book.pages[*nextToken]
		delete(s.book.pages, *nextToken)
		if !ok || c.key != key || time.Now().After(c.expires) {
			return nil, "", badf("nextToken is invalid, was already used or expired.")
		}
		offset = c.offset
	}
	size := 600
	if pageSize != nil {
		if *pageSize < 1 || *pageSize > 600 {
			return nil, "", badf("pageSize %d is not between 1 and 600.", *pageSize)
		}
		size = int(*pageSize)
	}
	offset = min(offset, len(orders))
	end := min(offset+size, len(orders))
	if end == len(orders) || pageSize == nil {
		return orders[offset:end], "", nil
	}
	token := randomToken("")
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

func (s *Server) getOrders(w http.ResponseWriter, r *http.Request) {
	var params v3.GetOrdersParams
	if err := bindQuery(r, &params); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, errs, err := s.accountsOf(r.PathValue("accounts"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	list, next, err := s.page(s.currentOrders(accts), "orders:"+r.PathValue("accounts"), params.PageSize, params.NextToken)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v3.Orders{Orders: v3Orders(list), NextToken: next, Errors: orderErrors(errs)})
}

func orderErrors(errs []v3.AccountError) []v3.OrderError {
	var out []v3.OrderError
	for _, e := range errs {
		out = append(out, v3.OrderError{AccountID: e.AccountID, Error: e.Error, Message: e.Message})
	}
	return out
}

// ordersByID picks ids out of pool; ids not in it become errors, and a
// lookup that finds nothing is a 404.
func ordersByID(pool []*order, rawIDs, accounts string) ([]*order, []v3.OrderError, error) {
	ids := splitList(rawIDs)
	if len(ids) == 0 || len(ids) > 50 {
		return nil, nil, badf("Give 1 to 50 order ids, not %d.", len(ids))
	}
	var found []*order
	var errs []v3.OrderError
	for _, id := range ids {
		if strings.Contains(id, "-") {
			return nil, nil, badf("Order id %s must be digits only, without dashes.", id)
		}
		var hit *order
		for _, o := range pool {
			if o.id == id {
				hit = o
			}
		}
		if hit == nil {
			errs = append(errs, v3.OrderError{AccountID: accounts, OrderID: id, Error: "NotFound", Message: "Order not found."})
			continue
		}
		found = append(found, hit)
	}
	if len(found) == 0 {
		return nil, nil, notFoundf("Order %s was not found.", strings.Join(ids, ","))
	}
	return found, errs, nil
}

func (s *Server) getOrdersByID(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, _, err := s.accountsOf(r.PathValue("accounts"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	found, errs, err := ordersByID(s.currentOrders(accts), r.PathValue("orderIds"), r.PathValue("accounts"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v3.Orders{Orders: v3Orders(found), Errors: errs})
}

// sinceParam reads the since of historical orders: at most 90 days back.
func (s *Server) sinceParam(raw string) (time.Time, error) {
	t, ok := parseDate(raw)
	if !ok {
		return t, badf("since %q is not a date such as 2025-04-15 or 04-15-2025.", raw)
	}
	since := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, newYork)
	if since.Before(s.today().AddDate(0, 0, -90)) {
		return t, badf("since %s is more than 90 days back.", raw)
	}
	return since, nil
}

func (s *Server) getHistoricalOrders(w http.ResponseWriter, r *http.Request) {
	var params v3.GetHistoricalOrdersParams
	if err := bindQuery(r, &params); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	since, err := s.sinceParam(params.Since)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	accts, errs, err := s.accountsOf(r.PathValue("accounts"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	key := "history:" + r.PathValue("accounts") + ":" + params.Since
	list, next, err := s.page(s.historicalOrders(accts, since), key, params.PageSize, params.NextToken)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v3.Orders{Orders: v3Orders(list), NextToken: next, Errors: orderErrors(errs)})
}

func (s *Server) getHistoricalOrdersByID(w http.ResponseWriter, r *http.Request) {
	var params v3.GetHistoricalOrdersByOrderIDParams
	if err := bindQuery(r, &params); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	since, err := s.sinceParam(params.Since)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	accts, _, err := s.accountsOf(r.PathValue("accounts"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	found, errs, err := ordersByID(s.historicalOrders(accts, since), r.PathValue("orderIds"), r.PathValue("accounts"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v3.Orders{Orders: v3Orders(found), Errors: errs})
}
