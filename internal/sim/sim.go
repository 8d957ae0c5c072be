// Package sim is the fake TradeStation's world without HTTP: the market
// clock, the price paths and their calendar, the accounts, the order engine
// and the option model. Its methods answer as TradeStation's operations do,
// in the generated v3 and v2 types, and report every change to an Observer;
// package tradestationtest serves them over HTTP.
//
// A Sim is safe for concurrent use: every exported method takes its lock.
package sim

import (
	crand "crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// The demo user's three accounts: a margin account with stock positions, a
// cash account (no short sales) and a futures account.
const (
	MarginAccountID  = "11827364"
	CashAccountID    = "11827365"
	FuturesAccountID = "21827366"
)

// DefaultStart is where the market clock starts unless Config.Start says
// otherwise: Tuesday 13 May 2025, 10:30 in New York, an hour into the
// session. Every price path passes through its symbol's anchor price then,
// whatever the start.
var DefaultStart = time.Date(2025, 5, 13, 14, 30, 0, 0, time.UTC)

// Config sets up a Sim.
type Config struct {
	// Start is the market clock's first instant (zero: DefaultStart). The
	// accounts' history is laid out in the sessions before it.
	Start time.Time
	// Observer hears of every change; nil for none.
	Observer Observer
	// Seed varies the price paths (0 keeps the documented ones, through
	// each symbol's anchor price at DefaultStart) and seeds the sizes of
	// partial fills.
	Seed int64
	// PartialFills makes single-leg orders fill in parts, tick after tick,
	// instead of whole (see fill).
	PartialFills bool
}

// Sim is the simulated market and brokerage.
type Sim struct {
	mu    sync.Mutex // guards everything below
	mkt   *market
	accts *accounts
	book  *orderBook
	obs   Observer
	seq   uint64 // numbers the changes

	seed    int64      // Config.Seed
	partial bool       // Config.PartialFills
	rng     *rand.Rand // sizes of partial fills
}

// New builds a market at cfg.Start and the demo user's accounts with their
// history.
func New(cfg Config) *Sim {
	s := newSim(cfg, cfg.startTime())
	s.seedHistory()
	return s
}

func (cfg Config) startTime() time.Time {
	if cfg.Start.IsZero() {
		return DefaultStart
	}
	return cfg.Start.UTC().Truncate(tickDuration)
}

// newSim is a Sim at start with the accounts' opening balances and no
// history.
func newSim(cfg Config, start time.Time) *Sim {
	var mix uint64
	if cfg.Seed != 0 {
		mix = splitmix(uint64(cfg.Seed))
	}
	return &Sim{mkt: newMarket(start, mix), accts: newAccounts(), book: newOrderBook(), obs: cfg.Observer,
		seed: cfg.Seed, partial: cfg.PartialFills, rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x7472616465))}
}

// ChangeKind says what changed.
type ChangeKind int

const (
	// MarketMoved: the clock moved or a price was set.
	MarketMoved ChangeKind = iota + 1
	// OrderChanged: an order was placed or changed; Change.Order is its
	// new state.
	OrderChanged
	// PositionsChanged: the positions of Change.AccountID changed.
	PositionsChanged
)

// Change is one thing that changed in the simulator.
type Change struct {
	// Seq numbers the changes from 1, in the order they happened; a
	// snapshot taken after change n reports n (see OrderSnapshot).
	Seq       uint64
	Kind      ChangeKind
	AccountID string   // OrderChanged and PositionsChanged
	Order     v3.Order // OrderChanged
}

// Observer hears of every change. It is called with the Sim locked, in the
// order the changes happen, so it must not block nor call the Sim.
type Observer func(Change)

func (s *Sim) emit(c Change) {
	s.seq++
	if s.obs == nil {
		return
	}
	c.Seq = s.seq
	s.obs(c)
}

// emitOrder publishes the order's new state.
func (s *Sim) emitOrder(o *order) {
	s.emit(Change{Kind: OrderChanged, AccountID: o.acct.id, Order: o.v3Order()})
}

// emitPositions tells the position streams that a's positions changed.
func (s *Sim) emitPositions(a *account) {
	s.emit(Change{Kind: PositionsChanged, AccountID: a.id})
}

// emitMarket tells the streams that prices moved.
func (s *Sim) emitMarket() { s.emit(Change{Kind: MarketMoved}) }

// Errors of the simulator: what TradeStation would answer with an HTTP
// error status. Every error a method returns wraps one of them, with a
// message that names the problem.
var (
	ErrInvalid        = errors.New("invalid request") // 400
	ErrNotFound       = errors.New("not found")       // 404
	ErrNotImplemented = errors.New("not implemented") // 501
)

// requestError is a refused request: its message is the sentence a client
// reads; kind is one of the Err values.
type requestError struct {
	kind error
	msg  string
}

func (e *requestError) Error() string { return e.msg }
func (e *requestError) Unwrap() error { return e.kind }

// badf is an ErrInvalid whose message names the field at fault.
func badf(format string, args ...any) error {
	return &requestError{ErrInvalid, fmt.Sprintf(format, args...)}
}

// notFoundf is an ErrNotFound for an unknown account, order or symbol.
func notFoundf(format string, args ...any) error {
	return &requestError{ErrNotFound, fmt.Sprintf(format, args...)}
}

// notImplementedf is an ErrNotImplemented for a feature TradeStation has
// and the fake lacks.
func notImplementedf(format string, args ...any) error {
	return &requestError{ErrNotImplemented, fmt.Sprintf(format, args...)}
}

// randomToken returns 24 random bytes, base64url-encoded.
func randomToken() string {
	b := make([]byte, 24)
	_, _ = crand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}
