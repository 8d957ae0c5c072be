// Package ratelimit names TradeStation's rate-limit groups, holds their
// documented quotas and defines the Limiter that the SDK's client waits on
// before each request (option.WithRateLimiter), stream connections and
// retries included.
//
// TradeStation counts requests per login, not per process: every program
// signed in as one user shares one quota per group. A Limiter that all of
// them share (redisstore.NewRateLimiter) keeps a fleet under the quota;
// Local (NewLocal) keeps the clients of one process under it. Both take
// their figures from Documented, and both let at most Requests through in
// any window of Period: half of them at once in a burst and the other half
// spread evenly (see Quota.Split), so that no placement of TradeStation's
// own window sees more.
package ratelimit

import (
	"context"
	"maps"
	"strings"
	"time"
)

// Limiter spaces requests so that they stay within the quotas. Wait blocks
// until a request to the resource group may be sent, or returns an error
// that names the group when ctx ends first (or would end before the
// group's next opening). A resource without a quota ("", or a group the
// limiter does not know) never waits.
type Limiter interface {
	Wait(ctx context.Context, resource string) error
}

// StreamLimiter is a Limiter that also caps concurrent streams. A stream
// of package stream calls Acquire once when its iteration starts, keeps the
// slot across its reconnections (each of which calls Wait) and calls
// release when the iteration ends; Acquire blocks while the group's streams
// are all taken. A group without a stream cap gets a release that does
// nothing.
type StreamLimiter interface {
	Limiter
	Acquire(ctx context.Context, resource string) (release func(), err error)
}

// The resource groups that TradeStation documents quotas for. Group maps a
// request to its group.
const (
	Accounts          = "Accounts"          // the accounts list
	Orders            = "Orders"            // order details: orders and historical orders, by account or id
	Balances          = "Balances"          // balances and beginning-of-day balances
	Positions         = "Positions"         // positions
	QuoteSnapshots    = "QuoteSnapshots"    // quote snapshots
	QuoteStream       = "QuoteStream"       // quote streams (v2: quote changes and snapshot streams)
	Bars              = "Bars"              // bar charts and their streams
	TickBars          = "TickBars"          // v2 tick-bar streams
	OptionExpirations = "OptionExpirations" // option expirations
	OptionStrikes     = "OptionStrikes"     // option strikes
	OptionSpreadTypes = "OptionSpreadTypes" // option spread types
	OptionRiskReward  = "OptionRiskReward"  // option risk/reward analysis
	OptionChainStream = "OptionChainStream" // option chain streams
	OptionQuoteStream = "OptionQuoteStream" // option quote streams
	MarketDepth       = "MarketDepth"       // market depth quote and aggregate streams
	OrderStream       = "OrderStream"       // order streams
	PositionStream    = "PositionStream"    // position streams
)

// Quota is what TradeStation allows one login in one resource group.
type Quota struct {
	Requests int           // requests (or stream connections) per Period; 0: no such quota
	Period   time.Duration // the window Requests are counted in
	Streams  int           // streams open at once; 0: no cap
}

// Split divides Requests into a burst, let through at once, and a steady
// number per Period, spread evenly, each at least 1. A limiter that lets the
// burst through and then one request every Period/steady admits at most
// burst + steady - 1 requests in a window shorter than Period, and their
// sum is Requests (2 for a quota of 1), so no window of TradeStation's sees
// more than Requests, however it lies.
func (q Quota) Split() (burst, steady int) {
	burst = max(1, q.Requests/2)
	return burst, max(1, q.Requests-burst)
}

// documented are TradeStation's published quotas (fixed five-minute or
// one-minute windows, and concurrent-stream caps).
var documented = map[string]Quota{
	Accounts:          {Requests: 250, Period: 5 * time.Minute},
	Orders:            {Requests: 250, Period: 5 * time.Minute},
	Balances:          {Requests: 250, Period: 5 * time.Minute},
	Positions:         {Requests: 250, Period: 5 * time.Minute},
	QuoteStream:       {Requests: 500, Period: 5 * time.Minute},
	Bars:              {Requests: 500, Period: 5 * time.Minute},
	TickBars:          {Requests: 500, Period: 5 * time.Minute},
	QuoteSnapshots:    {Requests: 30, Period: time.Minute},
	OptionExpirations: {Requests: 90, Period: time.Minute},
	OptionStrikes:     {Requests: 90, Period: time.Minute},
	OptionSpreadTypes: {Requests: 90, Period: time.Minute},
	OptionRiskReward:  {Requests: 90, Period: time.Minute},
	MarketDepth:       {Requests: 30, Period: time.Minute, Streams: 10},
	OptionChainStream: {Streams: 10},
	OptionQuoteStream: {Streams: 10},
	OrderStream:       {Streams: 40},
	PositionStream:    {Streams: 40},
}

// Documented returns TradeStation's documented quotas by group, a copy
// the caller may change.
func Documented() map[string]Quota { return maps.Clone(documented) }

// Group names the resource group of a request by its URL path, or "" for
// a request without a documented quota (order placement, symbol details,
// ...). The path may carry a prefix before its /v3 or /v2 segment.
func Group(path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		at := func(j int) string {
			if i+1+j < len(segs) {
				return segs[i+1+j]
			}
			return ""
		}
		switch s {
		case "v3":
			return v3Group(at)
		case "v2":
			return v2Group(at)
		}
	}
	return ""
}

var (
	v3Options       = map[string]string{"expirations": OptionExpirations, "strikes": OptionStrikes, "spreadtypes": OptionSpreadTypes, "riskreward": OptionRiskReward}
	v3OptionStreams = map[string]string{"chains": OptionChainStream, "quotes": OptionQuoteStream}
	v2Accounts      = map[string]string{"balances": Balances, "positions": Positions, "orders": Orders}
	v2Streams       = map[string]string{"quote": QuoteStream, "barchart": Bars, "tickbars": TickBars}
)

// v3Group reads a v3 path; at(i) is its segment i after /v3, or "".
func v3Group(at func(int) string) string {
	switch at(0) {
	case "brokerage":
		if at(1) == "stream" {
			switch at(4) {
			case "orders":
				return OrderStream
			case "positions":
				return PositionStream
			}
			return ""
		}
		if at(1) != "accounts" {
			return ""
		}
		switch at(3) {
		case "":
			return Accounts
		case "balances", "bodbalances":
			return Balances
		case "positions":
			return Positions
		case "orders", "historicalorders":
			return Orders
		}
	case "marketdata":
		switch at(1) {
		case "quotes":
			return QuoteSnapshots
		case "barcharts":
			return Bars
		case "options":
			return v3Options[at(2)]
		case "stream":
			switch at(2) {
			case "quotes":
				return QuoteStream
			case "barcharts":
				return Bars
			case "marketdepth":
				return MarketDepth
			case "options":
				return v3OptionStreams[at(3)]
			}
		}
	}
	return ""
}

// v2Group reads a v2 path; at(i) is its segment i after /v2, or "".
func v2Group(at func(int) string) string {
	switch {
	case at(0) == "users" && at(2) == "accounts":
		return Accounts
	case at(0) == "accounts":
		return v2Accounts[at(2)]
	case at(0) == "data" && at(1) == "quote":
		return QuoteSnapshots
	case at(0) == "stream":
		return v2Streams[at(1)]
	}
	return ""
}
