package ratelimit

import (
	"testing"
	"time"
)

func TestGroupNamesTheQuotaOfEveryPathWithOne(t *testing.T) {
	cases := map[string]string{
		"/v3/brokerage/accounts":                            Accounts,
		"/v3/brokerage/accounts/1,2/balances":               Balances,
		"/v3/brokerage/accounts/1/bodbalances":              Balances,
		"/v3/brokerage/accounts/1/positions":                Positions,
		"/v3/brokerage/accounts/1/orders":                   Orders,
		"/v3/brokerage/accounts/1/orders/7,8":               Orders,
		"/v3/brokerage/accounts/1/historicalorders/7":       Orders,
		"/v3/brokerage/stream/accounts/1/orders":            OrderStream,
		"/v3/brokerage/stream/accounts/1/orders/7":          OrderStream,
		"/v3/brokerage/stream/accounts/1/positions":         PositionStream,
		"/v3/marketdata/quotes/MSFT,AAPL":                   QuoteSnapshots,
		"/v3/marketdata/stream/quotes/MSFT":                 QuoteStream,
		"/v3/marketdata/barcharts/MSFT":                     Bars,
		"/v3/marketdata/stream/barcharts/MSFT":              Bars,
		"/v3/marketdata/options/expirations/MSFT":           OptionExpirations,
		"/v3/marketdata/options/strikes/MSFT":               OptionStrikes,
		"/v3/marketdata/options/spreadtypes":                OptionSpreadTypes,
		"/v3/marketdata/options/riskreward":                 OptionRiskReward,
		"/v3/marketdata/stream/options/chains/MSFT":         OptionChainStream,
		"/v3/marketdata/stream/options/quotes":              OptionQuoteStream,
		"/v3/marketdata/stream/marketdepth/quotes/MSFT":     MarketDepth,
		"/v3/marketdata/stream/marketdepth/aggregates/MSFT": MarketDepth,
		"/v3/marketdata/symbols/MSFT":                       "",
		"/v3/orderexecution/orders":                         "",
		"/v3/orderexecution/routes":                         "",
		"/prefix/v3/brokerage/accounts":                     Accounts,
		"/v2/users/demo/accounts":                           Accounts,
		"/v2/accounts/1/balances":                           Balances,
		"/v2/accounts/1/positions":                          Positions,
		"/v2/accounts/1/orders":                             Orders,
		"/v2/data/quote/MSFT":                               QuoteSnapshots,
		"/v2/stream/quote/changes/MSFT":                     QuoteStream,
		"/v2/stream/barchart/MSFT/1/Minute":                 Bars,
		"/v2/stream/tickbars/MSFT/1/10":                     TickBars,
		"/v2/orders":                                        "",
		"/v2/data/symbol/MSFT":                              "",
		"/":                                                 "",
		"/v3":                                               "",
	}
	for path, want := range cases {
		if got := Group(path); got != want {
			t.Errorf("Group(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestEveryGroupHasADocumentedQuota(t *testing.T) {
	docs := Documented()
	for _, g := range []string{Accounts, Orders, Balances, Positions, QuoteSnapshots, QuoteStream, Bars, TickBars,
		OptionExpirations, OptionStrikes, OptionSpreadTypes, OptionRiskReward, OptionChainStream, OptionQuoteStream,
		MarketDepth, OrderStream, PositionStream} {
		q, ok := docs[g]
		if !ok || (q.Requests == 0 && q.Streams == 0) || (q.Requests > 0 && q.Period <= 0) {
			t.Errorf("group %s: quota %+v", g, q)
		}
	}
	if got := docs[QuoteSnapshots]; got != (Quota{Requests: 30, Period: time.Minute}) {
		t.Errorf("quote snapshots: %+v, want 30 a minute", got)
	}
	docs[Accounts] = Quota{}
	if Documented()[Accounts].Requests != 250 {
		t.Error("Documented returned the package's own map")
	}
}

func TestSplitNeverExceedsTheQuota(t *testing.T) {
	for _, n := range []int{1, 2, 29, 30, 90, 250, 500} {
		burst, steady := Quota{Requests: n, Period: time.Minute}.Split()
		// A window shorter than the period sees the burst and steady-1 more.
		if burst+steady-1 > n || burst < 1 || steady < 1 || burst > steady {
			t.Errorf("Split of %d = %d + %d", n, burst, steady)
		}
	}
}
