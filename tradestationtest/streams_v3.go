package tradestationtest

import (
	"net/http"
	"reflect"
	"slices"

	"github.com/tradestation-go/tradestation/v3"
)

// maxStreamBars bounds the bars one update of a bar stream sends: after a
// long Advance, only the latest ones.
const maxStreamBars = 500

// Market depth streams send maxlevels price levels a side, 20 by default.
const (
	defaultDepthLevels = 20
	maxDepthLevels     = 100
)

// streamQuote is a quote as the stream sends it: NetChangePct as a fraction.
func (m *market) streamQuote(in *instrument) v3.Quote {
	q := m.quote(in)
	q.NetChangePct = floatDec(q.NetChangePct.Float64()/100, 6)
	return q
}

// streamQuotes sends a full quote per symbol, then only what changes.
func (s *Server) streamQuotes(w http.ResponseWriter, r *http.Request) {
	syms, err := splitLimited(r.PathValue("symbols"), "symbol", maxQuoteSymbols)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	var known []*instrument
	sent := map[string]v3.Quote{}
	s.runStream(w, r, streamFuncs{media: marketDataStream, wakeOn: []eventKind{evMarket},
		open: func() ([]any, error) {
			var msgs []any
			for _, sym := range syms {
				in, ok := s.mkt.lookup(sym)
				if !ok {
					msgs = append(msgs, v3.StreamError{Symbol: sym, Error: "FAILED, EX_INVALID_SYMBOL", Message: "Symbol " + sym + " is not known."})
					continue
				}
				q := s.mkt.streamQuote(in)
				known, sent[in.symbol] = append(known, in), q
				msgs = append(msgs, q)
			}
			return msgs, nil
		},
		update: func([]event) []any {
			var msgs []any
			for _, in := range known {
				q := s.mkt.streamQuote(in)
				if diff, ok := changed(sent[in.symbol], q, "Symbol"); ok {
					msgs = append(msgs, diff)
				}
				sent[in.symbol] = q
			}
			return msgs
		},
	})
}

// streamBars sends the history, then the bar being built on every change
// and each bar once more when it closes.
func (s *Server) streamBars(w http.ResponseWriter, r *http.Request) {
	var p v3.StreamBarsParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	var in *instrument
	var q barQuery
	var current window
	var last v3.Bar
	s.runStream(w, r, streamFuncs{media: marketDataStream, wakeOn: []eventKind{evMarket},
		open: func() ([]any, error) {
			var err error
			if in, err = s.symbolOf(r); err != nil {
				return nil, err
			}
			if q, err = s.parseBarQuery(given(p.Interval), given(p.Unit), given(p.BarsBack), nil, nil, nil); err != nil {
				return nil, err
			}
			ws := windowsBack(in.kind, q.spec, s.mkt.now, q.barsBack)
			var msgs []any
			for i, win := range ws {
				b := s.mkt.bar(in, win)
				b.IsEndOfHistory = i == len(ws)-1
				msgs = append(msgs, b)
				current, last = win, b
			}
			return msgs, nil
		},
		update: func([]event) []any {
			ws, _ := windowsBetween(in.kind, q.spec, current.start, s.mkt.now, maxBars)
			if len(ws) > maxStreamBars {
				ws = ws[len(ws)-maxStreamBars:]
			}
			var msgs []any
			for _, win := range ws {
				if win.end.Before(current.end) {
					continue
				}
				b := s.mkt.bar(in, win)
				if win == current && reflect.DeepEqual(b, last) {
					continue
				}
				msgs = append(msgs, b)
				current, last = win, b
			}
			return msgs
		},
	})
}

// depthLevels reads maxlevels.
func depthLevels(p *int32) (int, error) {
	if p == nil {
		return defaultDepthLevels, nil
	}
	if *p < 1 || *p > maxDepthLevels {
		return 0, badf("maxlevels %d is not between 1 and %d.", *p, maxDepthLevels)
	}
	return int(*p), nil
}

// streamBook sends the book now and again whenever it changes.
func streamBook[T any](s *Server, w http.ResponseWriter, r *http.Request, build func(*instrument, int) T) {
	var p v3.StreamMarketDepthQuotesParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	levels, err := depthLevels(given(p.MaxLevels))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	var in *instrument
	var last T
	s.runStream(w, r, streamFuncs{media: marketDataStream, wakeOn: []eventKind{evMarket},
		open: func() ([]any, error) {
			var ok bool
			if in, ok = s.mkt.lookup(r.PathValue("symbol")); !ok || in.kind == kindCrypto {
				return nil, notFoundf("No market depth for symbol %s.", r.PathValue("symbol"))
			}
			last = build(in, levels)
			return []any{last}, nil
		},
		update: func([]event) []any {
			next := build(in, levels)
			if reflect.DeepEqual(next, last) {
				return nil
			}
			last = next
			return []any{next}
		},
	})
}

func (s *Server) streamDepthQuotes(w http.ResponseWriter, r *http.Request) {
	streamBook(s, w, r, s.mkt.depthQuotes)
}

func (s *Server) streamDepthAggregates(w http.ResponseWriter, r *http.Request) {
	streamBook(s, w, r, s.mkt.depthAggregates)
}

// streamSpreads sends a set of spreads, then the ones that change.
func (s *Server) streamSpreads(w http.ResponseWriter, r *http.Request, build func() ([]v3.Spread, error)) {
	var last []v3.Spread
	s.runStream(w, r, streamFuncs{media: marketDataStream, wakeOn: []eventKind{evMarket},
		open: func() ([]any, error) {
			spreads, err := build()
			if err != nil {
				return nil, err
			}
			last = spreads
			return anySlice(spreads), nil
		},
		update: func([]event) []any {
			next, _ := build()
			var msgs []any
			for i, sp := range next {
				if i >= len(last) || !reflect.DeepEqual(sp, last[i]) {
					msgs = append(msgs, sp)
				}
			}
			last = next
			return msgs
		},
	})
}

func anySlice[T any](in []T) []any {
	out := make([]any, len(in))
	for i, v := range in {
		out[i] = v
	}
	return out
}

func (s *Server) streamOptionChain(w http.ResponseWriter, r *http.Request) {
	var p v3.StreamOptionChainParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	var q *chainQuery
	s.streamSpreads(w, r, func() ([]v3.Spread, error) {
		if q == nil {
			cq, err := s.parseChain(r.PathValue("underlying"), p)
			if err != nil {
				return nil, err
			}
			q = &cq
		}
		return s.mkt.chain(*q), nil
	})
}

func (s *Server) streamOptionQuotes(w http.ResponseWriter, r *http.Request) {
	var p v3.StreamOptionQuotesParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	greeks := p.EnableGreeks == nil || *p.EnableGreeks
	rate := defaultRiskFreeRate
	if !p.RiskFreeRate.IsZero() {
		rate = p.RiskFreeRate.Float64()
	}
	var legs []spreadLeg
	s.streamSpreads(w, r, func() ([]v3.Spread, error) {
		if legs == nil {
			var err error
			if legs, err = s.optionQuoteLegs(p); err != nil {
				return nil, err
			}
		}
		return []v3.Spread{s.mkt.spread(legs, greeks, rate)}, nil
	})
}

// accountStreamErrors are the first messages of a brokerage stream: one
// error per unknown account.
func accountStreamErrors(errs []v3.AccountError) []any {
	var msgs []any
	for _, e := range errs {
		msgs = append(msgs, v3.StreamError{AccountID: e.AccountID, Error: e.Error, Message: e.Message})
	}
	return msgs
}

var endSnapshot = v3.StreamStatus{StreamStatus: v3.StreamStatusCodeEndSnapshot}

// streamOrders sends today's and open orders of the accounts (or of the
// chosen order ids), EndSnapshot, then every change as it happens.
func (s *Server) streamOrders(w http.ResponseWriter, r *http.Request) {
	var accts []*account
	ids := splitList(r.PathValue("orderIds"))
	wanted := func(accountID, orderID string) bool {
		if len(ids) > 0 && !slices.Contains(ids, orderID) {
			return false
		}
		return slices.ContainsFunc(accts, func(a *account) bool { return a.id == accountID })
	}
	s.runStream(w, r, streamFuncs{media: brokerageStream, wakeOn: []eventKind{evOrder},
		open: func() ([]any, error) {
			var errs []v3.AccountError
			var err error
			if accts, errs, err = s.accountsOf(r.PathValue("accounts")); err != nil {
				return nil, err
			}
			if len(ids) > maxOrderIDs {
				return nil, badf("%d order ids given; at most %d are allowed.", len(ids), maxOrderIDs)
			}
			msgs := accountStreamErrors(errs)
			current := s.currentOrders(accts)
			for i := len(current) - 1; i >= 0; i-- {
				if wanted(current[i].acct.id, current[i].id) {
					msgs = append(msgs, current[i].v3Order())
				}
			}
			return append(msgs, endSnapshot), nil
		},
		update: func(evs []event) []any {
			var msgs []any
			for _, ev := range evs {
				if ev.kind == evOrder && wanted(ev.accountID, ev.order.OrderID) {
					msgs = append(msgs, ev.order)
				}
			}
			return msgs
		},
	})
}

// streamPositions sends every position of the accounts, EndSnapshot, then
// the positions that change: whole, or with changes=true only PositionID
// and the changed fields; a closed position as {PositionID, Deleted: true}.
func (s *Server) streamPositions(w http.ResponseWriter, r *http.Request) {
	var p v3.StreamPositionsParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	onlyChanges := p.Changes
	var accts []*account
	sent := map[string]v3.Position{}
	var order []string // position ids in the order they were first seen
	snapshot := func() map[string]v3.Position {
		now := map[string]v3.Position{}
		for _, a := range accts {
			for _, pos := range a.positions {
				now[pos.id] = a.v3Position(s.mkt, pos)
				if _, seen := sent[pos.id]; !seen && !slices.Contains(order, pos.id) {
					order = append(order, pos.id)
				}
			}
		}
		return now
	}
	s.runStream(w, r, streamFuncs{media: brokerageStream, wakeOn: []eventKind{evMarket, evPositions},
		open: func() ([]any, error) {
			var errs []v3.AccountError
			var err error
			if accts, errs, err = s.accountsOf(r.PathValue("accounts")); err != nil {
				return nil, err
			}
			msgs := accountStreamErrors(errs)
			now := snapshot()
			for _, id := range order {
				msgs = append(msgs, now[id])
				sent[id] = now[id]
			}
			return append(msgs, endSnapshot), nil
		},
		update: func([]event) []any {
			now := snapshot()
			var msgs []any
			for _, id := range slices.Clone(order) {
				prev, had := sent[id]
				cur, has := now[id]
				switch {
				case had && !has:
					msgs = append(msgs, v3.Position{PositionID: id, Deleted: true})
					delete(sent, id)
					order = slices.DeleteFunc(order, func(x string) bool { return x == id })
				case !had && has:
					msgs = append(msgs, cur)
					sent[id] = cur
				case has:
					if diff, ok := changed(prev, cur, "PositionID"); ok {
						if !onlyChanges {
							diff = cur
						}
						msgs = append(msgs, diff)
					}
					sent[id] = cur
				}
			}
			return msgs
		},
	})
}
