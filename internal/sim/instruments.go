package sim

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// assetKind is what an instrument is; it decides its sessions, tick,
// multiplier and which accounts may trade it.
type assetKind int

const (
	kindStock assetKind = iota
	kindFuture
	kindCrypto
	kindOption
)

// instrument is one tradable (or quotable) symbol of the fake market.
type instrument struct {
	symbol      string // as the API names it: MSFT, @ES, ESM25, BTCUSD, MSFT 250620C450
	root        string // MSFT, ES, BTCUSD
	description string
	kind        assetKind
	exchange    string
	venue       string  // LastVenue of its trades
	anchor      float64 // price at the reference instant
	vol         float64 // annual volatility of the price path
	tick        amount  // price increment
	decimals    int     // digits after the point in prices
	pointValue  int64   // currency per point: 1 for stocks, 100 for options, 50 for ES
	avgVolume   int64   // shares or contracts a day
	margin      amount  // futures: initial margin per contract
	seed        uint64  // picks the price path

	// Futures contracts.
	contract string    // ESM25: the contract of a continuous symbol, or itself
	expiry   time.Time // futures and options: the last trading day (date only)

	// Options.
	underlying *instrument
	strike     amount
	call       bool
}

// The listed stocks, futures roots and crypto pairs. Anchors are the prices
// at DefaultStart; volatilities and volumes are of the right size.
var (
	stocks = []*instrument{
		stock("MSFT", "Microsoft Corp", "NASDAQ", "NSDQ", 425.37, 0.24, 21_800_000),
		stock("AAPL", "Apple Inc", "NASDAQ", "NSDQ", 212.93, 0.28, 54_100_000),
		stock("SPY", "SPDR S&P 500 ETF Trust", "NYSE Arca", "ARCX", 586.84, 0.16, 68_300_000),
		stock("QQQ", "Invesco QQQ Trust Series 1", "NASDAQ", "NSDQ", 515.59, 0.20, 41_900_000),
		stock("TSLA", "Tesla Inc", "NASDAQ", "NSDQ", 334.07, 0.62, 105_000_000),
		stock("NVDA", "NVIDIA Corp", "NASDAQ", "NSDQ", 129.93, 0.50, 245_000_000),
		stock("AMZN", "Amazon.com Inc", "NASDAQ", "NSDQ", 208.64, 0.32, 44_600_000),
	}
	futureRoots = []*futureRoot{
		{root: "ES", name: "E-mini S&P 500", exchange: "CME", anchor: 5897.25, vol: 0.17, tick: 2500, decimals: 2, pointValue: 50, avgVolume: 1_450_000, margin: amountOf(12_650), months: "HMUZ"},
		{root: "NQ", name: "E-mini Nasdaq-100", exchange: "CME", anchor: 21138.50, vol: 0.22, tick: 2500, decimals: 2, pointValue: 20, avgVolume: 560_000, margin: amountOf(19_800), months: "HMUZ"},
		{root: "CL", name: "Crude Oil WTI", exchange: "NYMEX", anchor: 63.67, vol: 0.35, tick: 100, decimals: 2, pointValue: 1000, avgVolume: 310_000, margin: amountOf(6_200), months: "FGHJKMNQUVXZ"},
	}
	cryptos = []*instrument{
		crypto("BTCUSD", "Bitcoin / US Dollar", 103_912.40, 0.55),
		crypto("ETHUSD", "Ethereum / US Dollar", 2_678.35, 0.70),
		crypto("LTCUSD", "Litecoin / US Dollar", 101.82, 0.75),
		crypto("BCHUSD", "Bitcoin Cash / US Dollar", 417.55, 0.75),
	}
)

func stock(sym, desc, exchange, venue string, anchor, vol float64, avgVolume int64) *instrument {
	return &instrument{symbol: sym, root: sym, description: desc, kind: kindStock, exchange: exchange, venue: venue,
		anchor: anchor, vol: vol, tick: 100, decimals: 2, pointValue: 1, avgVolume: avgVolume, seed: seedOf(sym)}
}

func crypto(sym, desc string, anchor, vol float64) *instrument {
	return &instrument{symbol: sym, root: sym, description: desc, kind: kindCrypto, exchange: "CRYPTO", venue: "CRYPTO",
		anchor: anchor, vol: vol, tick: 100, decimals: 2, pointValue: 1, avgVolume: 25_000, seed: seedOf(sym)}
}

// futureRoot describes a futures product; its contracts share one price path.
type futureRoot struct {
	root, name, exchange string
	anchor, vol          float64
	tick                 amount
	decimals             int
	pointValue           int64
	avgVolume            int64
	margin               amount
	months               string // listed contract months, as month codes
}

const monthCodes = "FGHJKMNQUVXZ"

func seedOf(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// catalogue resolves symbols against the market clock: which futures
// contract is front, which options are listed.
type catalogue struct {
	bySymbol map[string]*instrument
}

func newCatalogue() *catalogue {
	c := &catalogue{bySymbol: map[string]*instrument{}}
	for _, in := range stocks {
		c.bySymbol[in.symbol] = in
	}
	for _, in := range cryptos {
		c.bySymbol[in.symbol] = in
	}
	return c
}

// lookup finds a symbol as of now: stocks, crypto pairs, continuous futures
// (@ES), futures contracts (ESM25) and listed options (MSFT 250620C450).
func (c *catalogue) lookup(symbol string, now time.Time) (*instrument, bool) {
	return c.find(symbol, now, true)
}

// find is lookup; with listed false it also finds contracts and options
// that are no longer (or not yet) listed at now, for the orders and
// positions of a saved state.
func (c *catalogue) find(symbol string, now time.Time, listed bool) (*instrument, bool) {
	symbol = strings.ToUpper(strings.TrimSpace(symbol))
	if in, ok := c.bySymbol[symbol]; ok {
		return in, true
	}
	switch {
	case strings.HasPrefix(symbol, "@"):
		return c.continuous(symbol[1:], now)
	case strings.Contains(symbol, " "):
		return c.option(symbol, now, listed)
	default:
		return c.futureContract(symbol, now, listed)
	}
}

func findRoot(root string) *futureRoot {
	for _, fr := range futureRoots {
		if fr.root == root {
			return fr
		}
	}
	return nil
}

// continuous is @ES: the front contract under the continuous name.
func (c *catalogue) continuous(root string, now time.Time) (*instrument, bool) {
	fr := findRoot(root)
	if fr == nil {
		return nil, false
	}
	front := fr.frontContract(now)
	in := fr.contractInstrument(front.code, front.expiry)
	in.symbol = "@" + root
	in.description = fmt.Sprintf("%s Continuous Contract [%s]", fr.name, front.label)
	return in, true
}

// futureContract is ESM25: a listed contract that has not expired.
func (c *catalogue) futureContract(symbol string, now time.Time, listed bool) (*instrument, bool) {
	if len(symbol) < 4 {
		return nil, false
	}
	root, month, yy := symbol[:len(symbol)-3], symbol[len(symbol)-3], symbol[len(symbol)-2:]
	fr := findRoot(root)
	y, err := strconv.Atoi(yy)
	if fr == nil || err != nil || !strings.ContainsRune(fr.months, rune(month)) {
		return nil, false
	}
	m := time.Month(strings.IndexByte(monthCodes, month) + 1)
	expiry := thirdFriday(2000+y, m)
	if listed && (expiry.Before(dateOf(now)) || expiry.After(dateOf(now).AddDate(2, 0, 0))) {
		return nil, false
	}
	in := fr.contractInstrument(symbol, expiry)
	in.description = fmt.Sprintf("%s %s %d", fr.name, m.String()[:3], 2000+y)
	return in, true
}

type contractMonth struct {
	code, label string
	expiry      time.Time
}

// frontContract is the nearest listed contract, rolled eight days before
// its expiry as traders do.
func (fr *futureRoot) frontContract(now time.Time) contractMonth {
	d := dateOf(now)
	for i := 0; ; i++ {
		t := time.Date(d.Year(), d.Month()+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		code := monthCodes[t.Month()-1]
		exp := thirdFriday(t.Year(), t.Month())
		// Every root lists at least one month a quarter, so this ends
		// within four iterations.
		if !strings.ContainsRune(fr.months, rune(code)) || exp.AddDate(0, 0, -8).Before(d) {
			continue
		}
		yy := fmt.Sprintf("%02d", t.Year()%100)
		return contractMonth{code: fr.root + string(code) + yy, label: t.Month().String()[:3] + yy, expiry: exp}
	}
}

func (fr *futureRoot) contractInstrument(symbol string, expiry time.Time) *instrument {
	return &instrument{symbol: symbol, root: fr.root, description: fr.name, kind: kindFuture, exchange: fr.exchange,
		venue: fr.exchange, anchor: fr.anchor, vol: fr.vol, tick: fr.tick, decimals: fr.decimals, pointValue: fr.pointValue,
		avgVolume: fr.avgVolume, margin: fr.margin, seed: seedOf("@" + fr.root), contract: symbol, expiry: expiry}
}

// option parses "MSFT 250620C450" and checks that it is listed now.
func (c *catalogue) option(symbol string, now time.Time, listed bool) (*instrument, bool) {
	root, rest, _ := strings.Cut(symbol, " ")
	u, ok := c.bySymbol[root]
	if !ok || u.kind != kindStock || len(rest) < 8 {
		return nil, false
	}
	expiry, err := time.Parse("060102", rest[:6])
	if err != nil {
		return nil, false
	}
	side := rest[6]
	if side != 'C' && side != 'P' {
		return nil, false
	}
	strikeF, err := strconv.ParseFloat(rest[7:], 64)
	if err != nil {
		return nil, false
	}
	strike := amountFromFloat(strikeF)
	if (listed && !isListedExpiration(expiry, now)) || !u.isListedStrike(strike) {
		return nil, false
	}
	return newOption(u, expiry, strike, side == 'C'), true
}

func newOption(u *instrument, expiry time.Time, strike amount, call bool) *instrument {
	kind := "Call"
	side := "C"
	if !call {
		kind, side = "Put", "P"
	}
	sym := fmt.Sprintf("%s %s%s%s", u.symbol, expiry.Format("060102"), side, strikeText(strike))
	return &instrument{symbol: sym, root: u.symbol, kind: kindOption, exchange: "OPRA", venue: "OPRA",
		description: fmt.Sprintf("%s %s %s %s", u.symbol, expiry.Format("Jan 02 2006"), strikeText(strike), kind),
		tick:        100, decimals: 2, pointValue: 100, avgVolume: 4_000, seed: seedOf(sym),
		underlying: u, expiry: expiry, strike: strike, call: call}
}

// strikeText writes a strike the way option symbols do: 450, 252.5.
func strikeText(strike amount) string {
	return strconv.FormatFloat(strike.float(), 'f', -1, 64)
}

// strikeStep is the distance between listed strikes of an underlying.
func (in *instrument) strikeStep() amount {
	switch {
	case in.anchor < 50:
		return amountOf(1)
	case in.anchor < 200:
		return amountFromFloat(2.5)
	case in.anchor < 1000:
		return amountOf(5)
	}
	return amountOf(10)
}

// listedStrikes are the strikes from half to one and a half times the anchor.
func (in *instrument) listedStrikes() []amount {
	step := in.strikeStep()
	lo := amountFromFloat(in.anchor*0.5) / step * step
	hi := amountFromFloat(in.anchor * 1.5)
	var out []amount
	for s := lo + step; s <= hi; s += step {
		out = append(out, s)
	}
	return out
}

func (in *instrument) isListedStrike(s amount) bool {
	step := in.strikeStep()
	return s%step == 0 && s > amountFromFloat(in.anchor*0.5) && s <= amountFromFloat(in.anchor*1.5)
}

// listedExpirations are the option expirations as of now: every Friday of
// the next eight weeks and the third Friday of the next twelve months.
func listedExpirations(now time.Time) []time.Time {
	today := dateOf(now)
	seen := map[time.Time]bool{}
	var out []time.Time
	add := func(d time.Time) {
		if !d.Before(today) && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	fri := today.AddDate(0, 0, (int(time.Friday)-int(today.Weekday())+7)%7)
	for i := range 8 {
		add(fri.AddDate(0, 0, 7*i))
	}
	for i := range 13 {
		m := time.Date(today.Year(), today.Month()+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		add(thirdFriday(m.Year(), m.Month()))
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

func isListedExpiration(d time.Time, now time.Time) bool {
	return slices.ContainsFunc(listedExpirations(now), d.Equal)
}

// expirationType names an expiration's cycle.
func expirationType(d time.Time) v3.ExpirationType {
	if !d.Equal(thirdFriday(d.Year(), d.Month())) {
		return v3.ExpirationTypeWeekly
	}
	if d.Month()%3 == 0 {
		return v3.ExpirationTypeQuarterly
	}
	return v3.ExpirationTypeMonthly
}

func thirdFriday(year int, m time.Month) time.Time {
	first := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC)
	offset := (int(time.Friday) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, offset+14)
}

// assetType is the v3 name of the instrument's kind.
func (in *instrument) assetType() v3.AssetType {
	switch in.kind {
	case kindFuture:
		return v3.AssetTypeFuture
	case kindOption:
		return v3.AssetTypeStockOption
	case kindCrypto:
		return v3.AssetTypeUnknown // the v3 enum has no crypto kind
	}
	return v3.AssetTypeStock
}

func (in *instrument) optionType() v3.OptionType {
	if in.kind != kindOption {
		return ""
	}
	if in.call {
		return v3.OptionTypeCall
	}
	return v3.OptionTypePut
}

// underlyingSymbol is what an option is written on or a continuous future's contract.
func (in *instrument) underlyingSymbol() string {
	switch {
	case in.kind == kindOption:
		return in.underlying.symbol
	case in.kind == kindFuture && in.contract != in.symbol:
		return in.contract
	}
	return ""
}
