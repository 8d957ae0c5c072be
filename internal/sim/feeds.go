package sim

import (
	"reflect"
	"slices"

	"github.com/tradestation-go/tradestation/v3"
)

// This file holds what the streams read: a feed is opened once, with its
// request checked, and then asked again whenever the market moves. Each
// call takes the Sim's lock.

// maxStreamBars bounds the bars one update of a bar stream sends: after a
// long Advance, only the latest ones.
const maxStreamBars = 500

// streamQuote is a quote as the stream sends it: NetChangePct as a fraction.
func (m *market) streamQuote(in *instrument) v3.Quote {
	q := m.quote(in)
	q.NetChangePct = floatDec(q.NetChangePct.Float64()/100, 6)
	return q
}

// QuoteFeed follows the quotes of the known symbols of a quote stream.
type QuoteFeed struct {
	s     *Sim
	known []*instrument
}

// OpenQuotes checks the {symbols} segment of a quote stream (1 to 100
// symbols) and returns the feed and its first messages: a full quote per
// known symbol, a v3.StreamError per unknown one.
func (s *Sim) OpenQuotes(symbols string) (*QuoteFeed, []any, error) {
	syms, err := splitLimited(symbols, "symbol", maxQuoteSymbols)
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &QuoteFeed{s: s}
	var msgs []any
	for _, sym := range syms {
		in, ok := s.mkt.lookup(sym)
		if !ok {
			msgs = append(msgs, v3.StreamError{Symbol: sym, Error: "FAILED, EX_INVALID_SYMBOL", Message: "Symbol " + sym + " is not known."})
			continue
		}
		f.known = append(f.known, in)
		msgs = append(msgs, s.mkt.streamQuote(in))
	}
	return f, msgs, nil
}

// Quotes are the full quotes of the feed's known symbols now.
func (f *QuoteFeed) Quotes() []v3.Quote {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	out := make([]v3.Quote, 0, len(f.known))
	for _, in := range f.known {
		out = append(out, f.s.mkt.streamQuote(in))
	}
	return out
}

// BarFeed follows the bars of a bar stream: the bar being built and each
// bar once more when it closes.
type BarFeed struct {
	s       *Sim
	in      *instrument
	q       barQuery
	current window
	last    v3.Bar
}

// OpenBars checks a bar stream's request and returns its feed and its
// history, the last bar marked IsEndOfHistory.
func (s *Sim) OpenBars(symbol string, p v3.StreamBarsParams) (*BarFeed, []v3.Bar, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, err := s.symbolOf(symbol)
	if err != nil {
		return nil, nil, err
	}
	q, err := s.parseBarQuery(given(p.Interval), given(p.Unit), given(p.BarsBack), nil, nil, nil)
	if err != nil {
		return nil, nil, err
	}
	f := &BarFeed{s: s, in: in, q: q}
	ws := windowsBack(in.kind, q.spec, s.mkt.now, q.barsBack)
	var bars []v3.Bar
	for i, win := range ws {
		b := s.mkt.bar(in, win)
		b.IsEndOfHistory = i == len(ws)-1
		bars = append(bars, b)
		f.current, f.last = win, b
	}
	return f, bars, nil
}

// Next returns the bars that changed or closed since the last call.
func (f *BarFeed) Next() []v3.Bar {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	ws, _ := windowsBetween(f.in.kind, f.q.spec, f.current.start, f.s.mkt.now, maxBars)
	if len(ws) > maxStreamBars {
		ws = ws[len(ws)-maxStreamBars:]
	}
	var out []v3.Bar
	for _, win := range ws {
		if win.end.Before(f.current.end) {
			continue
		}
		b := f.s.mkt.bar(f.in, win)
		if win == f.current && reflect.DeepEqual(b, f.last) {
			continue
		}
		out = append(out, b)
		f.current, f.last = win, b
	}
	return out
}

// depthInstrument finds a symbol that has a book.
func (s *Sim) depthInstrument(symbol string) (*instrument, error) {
	in, ok := s.mkt.lookup(symbol)
	if !ok || in.kind == kindCrypto {
		return nil, notFoundf("No market depth for symbol %s.", symbol)
	}
	return in, nil
}

// DepthQuotes is the book of symbol now, levels price levels a side, each
// participant's quote on its own.
func (s *Sim) DepthQuotes(symbol string, levels int) (v3.MarketDepthQuote, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, err := s.depthInstrument(symbol)
	if err != nil {
		return v3.MarketDepthQuote{}, err
	}
	return s.mkt.depthQuotes(in, levels), nil
}

// DepthAggregates is the book of symbol now, levels price levels a side,
// summed per level.
func (s *Sim) DepthAggregates(symbol string, levels int) (v3.MarketDepthAggregate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, err := s.depthInstrument(symbol)
	if err != nil {
		return v3.MarketDepthAggregate{}, err
	}
	return s.mkt.depthAggregates(in, levels), nil
}

// SpreadFeed follows a set of option spreads: an option chain, or the legs
// of an option quote stream.
type SpreadFeed struct {
	s     *Sim
	build func() []v3.Spread // called with s locked
}

// Spreads are the feed's spreads now.
func (f *SpreadFeed) Spreads() []v3.Spread {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	return f.build()
}

// OpenOptionChain checks an option chain stream's request.
func (s *Sim) OpenOptionChain(underlying string, p v3.StreamOptionChainParams) (*SpreadFeed, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, err := s.parseChain(underlying, p)
	if err != nil {
		return nil, err
	}
	return &SpreadFeed{s: s, build: func() []v3.Spread { return s.mkt.chain(q) }}, nil
}

// OpenOptionQuotes checks an option quote stream's legs.
func (s *Sim) OpenOptionQuotes(p v3.StreamOptionQuotesParams) (*SpreadFeed, error) {
	greeks := p.EnableGreeks == nil || *p.EnableGreeks
	rate := defaultRiskFreeRate
	if !p.RiskFreeRate.IsZero() {
		rate = p.RiskFreeRate.Float64()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	legs, err := s.optionQuoteLegs(p)
	if err != nil {
		return nil, err
	}
	return &SpreadFeed{s: s, build: func() []v3.Spread { return []v3.Spread{s.mkt.spread(legs, greeks, rate)} }}, nil
}

// OrderSnapshot is what an order stream sends before EndSnapshot.
type OrderSnapshot struct {
	Errors     []v3.AccountError // one per unknown account
	AccountIDs []string          // the known accounts
	OrderIDs   []string          // the orders asked for; none: every order
	Orders     []v3.Order        // today's and open orders, oldest first
	// Seq is the last change the snapshot includes: changes up to it are
	// in Orders already.
	Seq uint64
}

// OrderSnapshot is the first part of an order stream on the {accounts}
// segment, limited to the {orderIds} segment when it is not empty.
func (s *Sim) OrderSnapshot(accounts, orderIDSegment string) (OrderSnapshot, error) {
	orderIDs := splitList(orderIDSegment)
	if len(orderIDs) > maxOrderIDs {
		return OrderSnapshot{}, badf("%d order ids given; at most %d are allowed.", len(orderIDs), maxOrderIDs)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, errs, err := s.knownAccountsOf(accounts)
	if err != nil {
		return OrderSnapshot{}, err
	}
	snap := OrderSnapshot{Errors: errs, AccountIDs: accountIDs(accts), OrderIDs: orderIDs, Seq: s.seq}
	current := s.currentOrders(accts)
	for i := len(current) - 1; i >= 0; i-- {
		if len(orderIDs) == 0 || slices.Contains(orderIDs, current[i].id) {
			snap.Orders = append(snap.Orders, current[i].v3Order())
		}
	}
	return snap, nil
}

// PositionSnapshot is what a position stream sends before EndSnapshot.
type PositionSnapshot struct {
	Errors     []v3.AccountError // one per unknown account
	AccountIDs []string          // the known accounts
	Positions  []v3.Position
}

// PositionSnapshot is the first part of a position stream on the
// {accounts} segment.
func (s *Sim) PositionSnapshot(accounts string) (PositionSnapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, errs, err := s.knownAccountsOf(accounts)
	if err != nil {
		return PositionSnapshot{}, err
	}
	return PositionSnapshot{Errors: errs, AccountIDs: accountIDs(accts), Positions: s.positionsOf(accts)}, nil
}

// PositionsOf are the open positions of the accounts, as the position
// stream shows them; unknown ids are skipped.
func (s *Sim) PositionsOf(accountIDs []string) []v3.Position {
	s.mu.Lock()
	defer s.mu.Unlock()
	var accts []*account
	for _, id := range accountIDs {
		if a := s.accts.byID[id]; a != nil {
			accts = append(accts, a)
		}
	}
	return s.positionsOf(accts)
}

func (s *Sim) positionsOf(accts []*account) []v3.Position {
	var out []v3.Position
	for _, a := range accts {
		for _, pos := range a.positions {
			out = append(out, a.v3Position(s.mkt, pos))
		}
	}
	return out
}

func accountIDs(accts []*account) []string {
	out := make([]string, len(accts))
	for i, a := range accts {
		out[i] = a.id
	}
	return out
}
