package tradestationtest

import (
	"net/http"
	"reflect"
	"slices"

	"github.com/tradestation-go/tradestation/internal/sim"
	"github.com/tradestation-go/tradestation/v3"
)

// Market depth streams send maxlevels price levels a side, 20 by default.
const (
	defaultDepthLevels = 20
	maxDepthLevels     = 100
)

var onMarket = []sim.ChangeKind{sim.MarketMoved}

// streamQuotes sends a full quote per symbol, then only what changes.
func (s *Server) streamQuotes(w http.ResponseWriter, r *http.Request) {
	var feed *sim.QuoteFeed
	sent := map[string]v3.Quote{}
	s.runStream(w, r, streamFuncs{media: marketDataStream, wakeOn: onMarket,
		open: func() ([]any, error) {
			f, msgs, err := s.sim.OpenQuotes(r.PathValue("symbols"))
			if err != nil {
				return nil, err
			}
			feed = f
			for _, m := range msgs {
				if q, ok := m.(v3.Quote); ok {
					sent[q.Symbol] = q
				}
			}
			return msgs, nil
		},
		update: func([]sim.Change) []any {
			var msgs []any
			for _, q := range feed.Quotes() {
				if diff, ok := changed(sent[q.Symbol], q, "Symbol"); ok {
					msgs = append(msgs, diff)
				}
				sent[q.Symbol] = q
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
	var feed *sim.BarFeed
	s.runStream(w, r, streamFuncs{media: marketDataStream, wakeOn: onMarket,
		open: func() ([]any, error) {
			f, bars, err := s.sim.OpenBars(r.PathValue("symbol"), p)
			feed = f
			return anySlice(bars), err
		},
		update: func([]sim.Change) []any { return anySlice(feed.Next()) },
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
func streamBook[T any](s *Server, w http.ResponseWriter, r *http.Request, build func(string, int) (T, error)) {
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
	symbol := r.PathValue("symbol")
	var last T
	s.runStream(w, r, streamFuncs{media: marketDataStream, wakeOn: onMarket,
		open: func() ([]any, error) {
			var err error
			last, err = build(symbol, levels)
			return []any{last}, err
		},
		update: func([]sim.Change) []any {
			next, err := build(symbol, levels)
			if err != nil || reflect.DeepEqual(next, last) {
				return nil
			}
			last = next
			return []any{next}
		},
	})
}

func (s *Server) streamDepthQuotes(w http.ResponseWriter, r *http.Request) {
	streamBook(s, w, r, s.sim.DepthQuotes)
}

func (s *Server) streamDepthAggregates(w http.ResponseWriter, r *http.Request) {
	streamBook(s, w, r, s.sim.DepthAggregates)
}

// streamSpreads sends a set of spreads, then the ones that change.
func (s *Server) streamSpreads(w http.ResponseWriter, r *http.Request, openFeed func() (*sim.SpreadFeed, error)) {
	var feed *sim.SpreadFeed
	var last []v3.Spread
	s.runStream(w, r, streamFuncs{media: marketDataStream, wakeOn: onMarket,
		open: func() ([]any, error) {
			var err error
			if feed, err = openFeed(); err != nil {
				return nil, err
			}
			last = feed.Spreads()
			return anySlice(last), nil
		},
		update: func([]sim.Change) []any {
			next := feed.Spreads()
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
	s.streamSpreads(w, r, func() (*sim.SpreadFeed, error) { return s.sim.OpenOptionChain(r.PathValue("underlying"), p) })
}

func (s *Server) streamOptionQuotes(w http.ResponseWriter, r *http.Request) {
	var p v3.StreamOptionQuotesParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	s.streamSpreads(w, r, func() (*sim.SpreadFeed, error) { return s.sim.OpenOptionQuotes(p) })
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
	var snap sim.OrderSnapshot
	wanted := func(ev sim.Change) bool {
		return ev.Kind == sim.OrderChanged && ev.Seq > snap.Seq && slices.Contains(snap.AccountIDs, ev.AccountID) &&
			(len(snap.OrderIDs) == 0 || slices.Contains(snap.OrderIDs, ev.Order.OrderID))
	}
	s.runStream(w, r, streamFuncs{media: brokerageStream, wakeOn: []sim.ChangeKind{sim.OrderChanged},
		open: func() ([]any, error) {
			var err error
			if snap, err = s.sim.OrderSnapshot(r.PathValue("accounts"), r.PathValue("orderIds")); err != nil {
				return nil, err
			}
			msgs := accountStreamErrors(snap.Errors)
			for _, o := range snap.Orders {
				msgs = s.orders.send(msgs, o, true)
			}
			return append(msgs, endSnapshot), nil
		},
		update: func(evs []sim.Change) []any {
			var msgs []any
			for _, ev := range evs {
				if wanted(ev) {
					msgs = s.orders.send(msgs, ev.Order, false)
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
	var accounts []string
	sent := map[string]v3.Position{}
	var order []string // position ids in the order they were first seen
	index := func(list []v3.Position) map[string]v3.Position {
		now := map[string]v3.Position{}
		for _, pos := range list {
			now[pos.PositionID] = pos
			if _, seen := sent[pos.PositionID]; !seen && !slices.Contains(order, pos.PositionID) {
				order = append(order, pos.PositionID)
			}
		}
		return now
	}
	s.runStream(w, r, streamFuncs{media: brokerageStream, wakeOn: []sim.ChangeKind{sim.MarketMoved, sim.PositionsChanged},
		open: func() ([]any, error) {
			snap, err := s.sim.PositionSnapshot(r.PathValue("accounts"))
			if err != nil {
				return nil, err
			}
			accounts = snap.AccountIDs
			msgs := accountStreamErrors(snap.Errors)
			now := index(snap.Positions)
			for _, id := range order {
				msgs = append(msgs, now[id])
				sent[id] = now[id]
			}
			return append(msgs, endSnapshot), nil
		},
		update: func([]sim.Change) []any {
			now := index(s.sim.PositionsOf(accounts))
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
