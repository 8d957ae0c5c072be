package sim

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// stateVersion numbers the layout of a saved state.
const stateVersion = 1

// savedState is what MarshalState writes: the accounts, their positions and
// balances, every order, the clock and the prices SetPrice moved. Amounts
// are in the simulator's exact units (1/10,000).
type savedState struct {
	Version        int            `json:"version"`
	Now            time.Time      `json:"now"`
	Seed           int64          `json:"seed,omitempty"`
	NextOrderID    int64          `json:"nextOrderID"`
	NextPositionID int64          `json:"nextPositionID"`
	Accounts       []savedAccount `json:"accounts"`
	Orders         []savedOrder   `json:"orders"`
	Groups         []savedGroup   `json:"groups,omitempty"`
	Adjustments    []savedAdjust  `json:"adjustments,omitempty"`
}

type savedAccount struct {
	ID         string          `json:"id"`
	Cash       amount          `json:"cash"`
	Realized   amount          `json:"realized"`
	Commission amount          `json:"commission"`
	BOD        savedBOD        `json:"bod"`
	Positions  []savedPosition `json:"positions"`
}

type savedBOD struct {
	Day             time.Time `json:"day"`
	Cash            amount    `json:"cash"`
	Equity          amount    `json:"equity"`
	OpenTradeEquity amount    `json:"openTradeEquity"`
	OptionValue     amount    `json:"optionValue"`
}

type savedPosition struct {
	ID     string    `json:"id"`
	Symbol string    `json:"symbol"`
	Qty    int64     `json:"qty"`
	Avg    amount    `json:"avg"`
	Mark   amount    `json:"mark"`
	Opened time.Time `json:"opened"`
}

type savedOrder struct {
	ID           string         `json:"id"`
	ConfirmID    string         `json:"confirmID,omitempty"`
	Account      string         `json:"account"`
	Legs         []savedLeg     `json:"legs"`
	Type         v3.OrderType   `json:"type"`
	Limit        amount         `json:"limit,omitempty"`
	Stop         amount         `json:"stop,omitempty"`
	HasLimit     bool           `json:"hasLimit,omitempty"`
	HasStop      bool           `json:"hasStop,omitempty"`
	TrailAmount  amount         `json:"trailAmount,omitempty"`
	TrailPercent float64        `json:"trailPercent,omitempty"`
	Extreme      amount         `json:"extreme,omitempty"`
	Triggered    bool           `json:"triggered,omitempty"`
	AllOrNone    bool           `json:"allOrNone,omitempty"`
	Duration     v3.Duration    `json:"duration"`
	GoodTill     time.Time      `json:"goodTill,omitzero"`
	ExpiresAt    time.Time      `json:"expiresAt,omitzero"`
	Route        string         `json:"route"`
	Status       v3.OrderStatus `json:"status"`
	Opened       time.Time      `json:"opened"`
	Closed       time.Time      `json:"closed,omitzero"`
	FilledPrice  amount         `json:"filledPrice,omitempty"`
	Commission   amount         `json:"commission,omitempty"`
	BuyingPower  amount         `json:"buyingPower"`
	Group        int            `json:"group,omitempty"` // 1 + index into Groups; 0 for none
	Parent       string         `json:"parent,omitempty"`
	Children     []int          `json:"children,omitempty"` // 1 + indexes into Groups
}

type savedLeg struct {
	Symbol    string         `json:"symbol"`
	Action    v3.TradeAction `json:"action"`
	Qty       int64          `json:"qty"`
	ExecQty   int64          `json:"execQty,omitempty"`
	ExecPrice amount         `json:"execPrice,omitempty"`
}

type savedGroup struct {
	Type   v3.OrderGroupType `json:"type"`
	Orders []string          `json:"orders"`
}

type savedAdjust struct {
	Seed   uint64    `json:"seed"`
	From   time.Time `json:"from"`
	Factor float64   `json:"factor"`
}

// MarshalState writes the simulator's state (accounts, positions,
// balances, orders, the clock and set prices) as JSON, for Restore.
func (s *Sim) MarshalState() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := savedState{Version: stateVersion, Now: s.mkt.now, Seed: s.seed,
		NextOrderID: s.book.nextID, NextPositionID: s.accts.nextPosID}
	for _, a := range s.accts.list {
		sa := savedAccount{ID: a.id, Cash: a.cash, Realized: a.realized, Commission: a.commission,
			BOD:       savedBOD{Day: a.bod.day, Cash: a.bod.cash, Equity: a.bod.equity, OpenTradeEquity: a.bod.openTradeEquity, OptionValue: a.bod.optionValue},
			Positions: []savedPosition{}}
		for _, p := range a.positions {
			sa.Positions = append(sa.Positions, savedPosition{ID: p.id, Symbol: p.inst.symbol, Qty: p.qty, Avg: p.avg, Mark: p.mark, Opened: p.opened})
		}
		st.Accounts = append(st.Accounts, sa)
	}
	groups := map[*orderGroup]int{}
	groupOf := func(g *orderGroup) int {
		if g == nil {
			return 0
		}
		if n, ok := groups[g]; ok {
			return n
		}
		sg := savedGroup{Type: g.typ}
		for _, o := range g.orders {
			sg.Orders = append(sg.Orders, o.id)
		}
		st.Groups = append(st.Groups, sg)
		groups[g] = len(st.Groups)
		return len(st.Groups)
	}
	st.Orders = []savedOrder{}
	for _, o := range s.book.all {
		so := savedOrder{ID: o.id, ConfirmID: o.confirmID, Account: o.acct.id, Type: o.typ,
			Limit: o.limit, Stop: o.stop, HasLimit: o.hasLimit, HasStop: o.hasStop, TrailAmount: o.trailAmount, TrailPercent: o.trailPercent,
			Extreme: o.extreme, Triggered: o.triggered, AllOrNone: o.allOrNone, Duration: o.duration, GoodTill: o.goodTill, ExpiresAt: o.expiresAt,
			Route: o.route, Status: o.status, Opened: o.opened, Closed: o.closed, FilledPrice: o.filledPrice, Commission: o.commission,
			BuyingPower: o.buyingPower, Group: groupOf(o.group)}
		if o.parent != nil {
			so.Parent = o.parent.id
		}
		for _, g := range o.children {
			so.Children = append(so.Children, groupOf(g))
		}
		for _, l := range o.legs {
			so.Legs = append(so.Legs, savedLeg{Symbol: l.inst.symbol, Action: l.action, Qty: l.qty, ExecQty: l.execQty, ExecPrice: l.execPrice})
		}
		st.Orders = append(st.Orders, so)
	}
	for _, seed := range slices.Sorted(maps.Keys(s.mkt.adjust)) {
		for _, a := range s.mkt.adjust[seed] {
			st.Adjustments = append(st.Adjustments, savedAdjust{Seed: seed, From: a.from, Factor: a.factor})
		}
	}
	return json.MarshalIndent(st, "", "\t")
}

// Restore builds a Sim from what MarshalState wrote. The clock goes on from
// the saved instant: when cfg.Start is later, the market moves there as if
// the simulator had run meanwhile (orders fill or expire on the way); an
// earlier cfg.Start is ignored, the clock never goes back. The saved seed
// replaces cfg.Seed, so that the paths stay the ones the orders saw.
func Restore(cfg Config, data []byte) (*Sim, error) {
	var st savedState
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("the state is not valid JSON: %v", err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("the state has version %d; this simulator reads version %d", st.Version, stateVersion)
	}
	if st.Now.IsZero() {
		return nil, fmt.Errorf("the state has no clock (now)")
	}
	cfg.Seed = st.Seed
	s := newSim(cfg, st.Now.UTC())
	if err := s.restore(st); err != nil {
		return nil, fmt.Errorf("the state is inconsistent: %v", err)
	}
	if start := cfg.startTime(); !cfg.Start.IsZero() && start.After(s.mkt.now) {
		s.mu.Lock()
		s.advanceLocked(start)
		s.mu.Unlock()
	}
	return s, nil
}

// resolve finds a saved symbol, whether or not it is still listed.
func (s *Sim) resolve(symbol string) (*instrument, error) {
	in, ok := s.mkt.cat.find(symbol, s.mkt.now, false)
	if !ok {
		return nil, fmt.Errorf("unknown symbol %q", symbol)
	}
	return in, nil
}

func (s *Sim) restore(st savedState) error {
	for _, sa := range st.Accounts {
		a := s.accts.byID[sa.ID]
		if a == nil {
			return fmt.Errorf("unknown account %q", sa.ID)
		}
		a.cash, a.realized, a.commission = sa.Cash, sa.Realized, sa.Commission
		a.bod = bodSnapshot{day: sa.BOD.Day, cash: sa.BOD.Cash, equity: sa.BOD.Equity, openTradeEquity: sa.BOD.OpenTradeEquity, optionValue: sa.BOD.OptionValue}
		a.positions = nil
		for _, sp := range sa.Positions {
			in, err := s.resolve(sp.Symbol)
			if err != nil {
				return fmt.Errorf("position %s: %v", sp.ID, err)
			}
			a.positions = append(a.positions, &position{id: sp.ID, inst: in, qty: sp.Qty, avg: sp.Avg, mark: sp.Mark, opened: sp.Opened})
		}
	}
	groups := make([]*orderGroup, len(st.Groups))
	for i, sg := range st.Groups {
		groups[i] = &orderGroup{typ: sg.Type}
	}
	group := func(n int) (*orderGroup, error) {
		if n < 0 || n > len(groups) {
			return nil, fmt.Errorf("unknown group %d", n)
		}
		if n == 0 {
			return nil, nil
		}
		return groups[n-1], nil
	}
	for _, so := range st.Orders {
		a := s.accts.byID[so.Account]
		if a == nil {
			return fmt.Errorf("order %s: unknown account %q", so.ID, so.Account)
		}
		if len(so.Legs) == 0 {
			return fmt.Errorf("order %s has no legs", so.ID)
		}
		o := &order{id: so.ID, confirmID: so.ConfirmID, acct: a, typ: so.Type,
			priceTerms: priceTerms{limit: so.Limit, stop: so.Stop, hasLimit: so.HasLimit, hasStop: so.HasStop, trailAmount: so.TrailAmount, trailPercent: so.TrailPercent},
			extreme:    so.Extreme, triggered: so.Triggered, allOrNone: so.AllOrNone, duration: so.Duration, goodTill: so.GoodTill, expiresAt: so.ExpiresAt,
			route: so.Route, status: so.Status, opened: so.Opened, closed: so.Closed, filledPrice: so.FilledPrice, commission: so.Commission,
			buyingPower: so.BuyingPower}
		for _, sl := range so.Legs {
			in, err := s.resolve(sl.Symbol)
			if err != nil {
				return fmt.Errorf("order %s: %v", so.ID, err)
			}
			o.legs = append(o.legs, &orderLeg{inst: in, action: sl.Action, qty: sl.Qty, execQty: sl.ExecQty, execPrice: sl.ExecPrice})
		}
		var err error
		if o.group, err = group(so.Group); err != nil {
			return fmt.Errorf("order %s: %v", so.ID, err)
		}
		for _, n := range so.Children {
			g, err := group(n)
			if err != nil || g == nil {
				return fmt.Errorf("order %s: unknown child group %d", so.ID, n)
			}
			o.children = append(o.children, g)
		}
		if s.book.byID[o.id] != nil {
			return fmt.Errorf("order %s appears twice", o.id)
		}
		s.book.add(o)
	}
	for i, sg := range st.Groups {
		for _, id := range sg.Orders {
			o := s.book.byID[id]
			if o == nil {
				return fmt.Errorf("group %d names unknown order %s", i+1, id)
			}
			groups[i].orders = append(groups[i].orders, o)
		}
	}
	for _, so := range st.Orders {
		if so.Parent == "" {
			continue
		}
		if s.book.byID[so.Parent] == nil {
			return fmt.Errorf("order %s names unknown parent %s", so.ID, so.Parent)
		}
		s.book.byID[so.ID].parent = s.book.byID[so.Parent]
	}
	for _, sa := range st.Adjustments {
		s.mkt.adjust[sa.Seed] = append(s.mkt.adjust[sa.Seed], priceAdjust{from: sa.From, factor: sa.Factor})
	}
	s.book.nextID, s.accts.nextPosID = max(st.NextOrderID, s.book.nextID), max(st.NextPositionID, s.accts.nextPosID)
	return nil
}
