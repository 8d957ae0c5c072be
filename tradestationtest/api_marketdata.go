package tradestationtest

import (
	"net/http"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// symbolsOf splits a {symbols} segment and checks its size.
func symbolsOf(raw string, limit int) ([]string, error) {
	syms := splitList(raw)
	switch {
	case len(syms) == 0:
		return nil, badf("No symbol given.")
	case len(syms) > limit:
		return nil, badf("%d symbols given; at most %d are allowed.", len(syms), limit)
	}
	return syms, nil
}

func (s *Server) getQuotes(w http.ResponseWriter, r *http.Request) {
	syms, err := symbolsOf(r.PathValue("symbols"), 100)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out v3.QuoteSnapshot
	for _, sym := range syms {
		in, ok := s.mkt.lookup(sym)
		if !ok {
			out.Errors = append(out.Errors, v3.SymbolError{Symbol: sym, Error: "FAILED, INVALID SYMBOL"})
			continue
		}
		out.Quotes = append(out.Quotes, s.mkt.quote(in))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getSymbols(w http.ResponseWriter, r *http.Request) {
	syms, err := symbolsOf(r.PathValue("symbols"), 50)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out v3.SymbolDetails
	for _, sym := range syms {
		in, ok := s.mkt.lookup(sym)
		if !ok {
			out.Errors = append(out.Errors, v3.SymbolError{Symbol: sym, Error: "NotFound", Message: "Symbol not found."})
			continue
		}
		out.Symbols = append(out.Symbols, in.detail())
	}
	writeJSON(w, http.StatusOK, out)
}

// detail describes the instrument and its display formats.
func (in *instrument) detail() v3.SymbolDetail {
	d := v3.SymbolDetail{
		Symbol: in.symbol, AssetType: in.assetType(), Country: "United States", Currency: "USD",
		Description: in.description, Exchange: in.exchange, Root: in.root, Underlying: in.underlyingSymbol(),
		OptionType: in.optionType(),
		PriceFormat: v3.PriceFormat{Format: v3.NumberFormatDecimal, Decimals: qtyDec(int64(in.decimals)),
			IncrementStyle: v3.IncrementStyleSimple, Increment: in.tick.dec(in.decimals), PointValue: qtyDec(in.pointValue)},
		QuantityFormat: v3.QuantityFormat{Format: v3.NumberFormatDecimal, Decimals: qtyDec(0),
			IncrementStyle: v3.IncrementStyleSimple, Increment: qtyDec(1), MinimumTradeQuantity: qtyDec(1)},
	}
	switch in.kind {
	case kindOption:
		d.StrikePrice = floatDec(in.strike.float(), strikeDecimals(in.strike))
		d.ExpirationDate = in.expiry
		d.PriceFormat.IncrementStyle, d.PriceFormat.Increment = v3.IncrementStyleSchedule, value.Decimal{}
		d.PriceFormat.IncrementSchedule = []v3.IncrementScheduleRow{
			{StartsAt: qtyDec(0), Increment: amountFromFloat(0.01).dec(2)},
			{StartsAt: qtyDec(3), Increment: amountFromFloat(0.05).dec(2)},
		}
	case kindFuture:
		d.FutureType = "Electronic"
		d.ExpirationDate = in.expiry
	}
	return d
}

func (s *Server) getCryptoNames(w http.ResponseWriter, r *http.Request) {
	var out v3.SymbolNames
	for _, in := range cryptos {
		out.SymbolNames = append(out.SymbolNames, in.symbol)
	}
	writeJSON(w, http.StatusOK, out)
}

// barQuery is a checked GetBars or StreamBars request.
type barQuery struct {
	spec        barSpec
	barsBack    int
	first, last time.Time // first is zero when barsBack counts
}

// parseBarQuery applies TradeStation's bar rules: unit default Daily,
// interval 1 to 1440 and only above 1 for Minute bars, barsback 1 to
// 57,600 and not together with firstdate, lastdate default now.
func (s *Server) parseBarQuery(interval *int32, unit *v3.BarUnit, barsBack *int32, firstDate, lastDate, startDate *string) (barQuery, error) {
	q := barQuery{spec: barSpec{unit: v3.BarUnitDaily, interval: 1}, barsBack: 1, last: s.mkt.now}
	if unit != nil {
		if !unit.Valid() {
			return q, badf("unit %q is not one of Minute, Daily, Weekly, Monthly.", *unit)
		}
		q.spec.unit = *unit
	}
	if interval != nil {
		q.spec.interval = int(*interval)
		switch {
		case q.spec.unit == v3.BarUnitMinute && (q.spec.interval < 1 || q.spec.interval > 1440):
			return q, badf("interval %d is not between 1 and 1440 minutes.", q.spec.interval)
		case q.spec.unit != v3.BarUnitMinute && q.spec.interval != 1:
			return q, badf("interval must be 1 for %s bars; only Minute bars take intervals above 1.", q.spec.unit)
		}
	}
	if barsBack != nil {
		if firstDate != nil {
			return q, badf("Give barsback or firstdate, not both.")
		}
		if *barsBack < 1 || *barsBack > maxBars {
			return q, badf("barsback %d is not between 1 and 57,600.", *barsBack)
		}
		q.barsBack = int(*barsBack)
	}
	if lastDate != nil && startDate != nil {
		return q, badf("Give lastdate or its old name startdate, not both.")
	}
	if startDate != nil {
		lastDate = startDate
	}
	var err error
	if lastDate != nil {
		if q.last, err = barDate(*lastDate, "lastdate", true); err != nil {
			return q, err
		}
		q.last = minTime(q.last, s.mkt.now)
	}
	if firstDate != nil {
		if q.first, err = barDate(*firstDate, "firstdate", false); err != nil {
			return q, err
		}
		if !q.first.Before(q.last) {
			return q, badf("firstdate %s is not before lastdate.", *firstDate)
		}
	}
	return q, nil
}

// windows lists the bars a query asks for.
func (q barQuery) windows(in *instrument) ([]window, error) {
	if q.first.IsZero() {
		return windowsBack(in.kind, q.spec, q.last, q.barsBack), nil
	}
	ws, ok := windowsBetween(in.kind, q.spec, q.first, q.last, maxBars)
	if !ok {
		return nil, badf("The range from firstdate to lastdate holds more than 57,600 bars.")
	}
	return ws, nil
}

func (s *Server) getBars(w http.ResponseWriter, r *http.Request) {
	var p v3.GetBarsParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.mkt.lookup(r.PathValue("symbol"))
	if !ok {
		writeErr(w, r, notFoundf("Symbol %s was not found.", r.PathValue("symbol")))
		return
	}
	q, err := s.parseBarQuery(p.Interval, p.Unit, p.BarsBack, p.FirstDate, p.LastDate, p.StartDate)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	ws, err := q.windows(in)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	mkt := s.mkt
	if q.last.Before(s.mkt.now) {
		mkt = s.mkt.at(q.last)
	}
	out := v3.Bars{Bars: []v3.Bar{}}
	for _, win := range ws {
		out.Bars = append(out.Bars, mkt.bar(in, win))
	}
	if n := len(out.Bars); n > 0 {
		out.Bars[n-1].IsEndOfHistory = true
	}
	writeJSON(w, http.StatusOK, out)
}

// at is a read-only view of the market at an earlier instant, for bars
// that end before now.
func (m *market) at(t time.Time) *market {
	return &market{cat: m.cat, now: t, adjust: m.adjust, days: map[string]*dayStats{}, yearly: map[string]*yearStats{}}
}

func (s *Server) getExpirations(w http.ResponseWriter, r *http.Request) {
	var p v3.GetOptionExpirationsParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.underlying(r.PathValue("underlying"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := v3.Expirations{Expirations: []v3.Expiration{}}
	if p.StrikePrice != nil && !u.isListedStrike(amountFromDecimal(*p.StrikePrice)) {
		writeJSON(w, http.StatusOK, out)
		return
	}
	for _, d := range listedExpirations(s.mkt.now) {
		out.Expirations = append(out.Expirations, v3.Expiration{Date: d, Type: expirationType(d), Root: u.symbol})
	}
	writeJSON(w, http.StatusOK, out)
}

// underlying finds a symbol that has listed options.
func (s *Server) underlying(sym string) (*instrument, error) {
	in, ok := s.mkt.lookup(sym)
	if !ok || in.kind != kindStock {
		return nil, notFoundf("No options are listed on %s.", strings.ToUpper(sym))
	}
	return in, nil
}

// spreadTypes are the spread types the fake lists; the option chain
// stream builds the ones marked chain.
var spreadTypes = []struct {
	v3.SpreadType
	legs  int // strikes per spread
	chain bool
}{
	{v3.SpreadType{Name: "Single"}, 1, true},
	{v3.SpreadType{Name: "Vertical", StrikeInterval: true}, 2, true},
	{v3.SpreadType{Name: "Butterfly", StrikeInterval: true}, 3, true},
	{v3.SpreadType{Name: "Straddle"}, 1, true},
	{v3.SpreadType{Name: "Strangle", StrikeInterval: true}, 2, true},
	{v3.SpreadType{Name: "Condor", StrikeInterval: true}, 4, false},
	{v3.SpreadType{Name: "IronCondor", StrikeInterval: true}, 4, false},
	{v3.SpreadType{Name: "IronButterfly", StrikeInterval: true}, 3, false},
	{v3.SpreadType{Name: "Calendar", ExpirationInterval: true}, 1, false},
	{v3.SpreadType{Name: "Diagonal", StrikeInterval: true, ExpirationInterval: true}, 2, false},
	{v3.SpreadType{Name: "Collar", StrikeInterval: true}, 2, false},
}

func (s *Server) getSpreadTypes(w http.ResponseWriter, r *http.Request) {
	var out v3.SpreadTypes
	for _, st := range spreadTypes {
		out.SpreadTypes = append(out.SpreadTypes, st.SpreadType)
	}
	writeJSON(w, http.StatusOK, out)
}

// findSpreadType looks a spread type up by name (default Single).
func findSpreadType(name *string) (int, error) {
	n := "Single"
	if name != nil && *name != "" {
		n = *name
	}
	for i, st := range spreadTypes {
		if strings.EqualFold(st.Name, n) {
			return i, nil
		}
	}
	return 0, badf("spreadType %q is not a spread type; GET /v3/marketdata/options/spreadtypes lists them.", n)
}

// expirationParam picks a listed expiration (default the nearest).
func (s *Server) expirationParam(raw *string, field string, u *instrument) (time.Time, error) {
	list := listedExpirations(s.mkt.now)
	if raw == nil || *raw == "" {
		return list[0], nil
	}
	t, ok := parseDate(*raw)
	if !ok {
		return t, badf("%s %q is not a date such as 2025-06-20.", field, *raw)
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if !isListedExpiration(d, s.mkt.now) {
		return d, badf("%s %s is not a listed expiration of %s.", field, d.Format(time.DateOnly), u.symbol)
	}
	return d, nil
}

func (s *Server) getStrikes(w http.ResponseWriter, r *http.Request) {
	var p v3.GetOptionStrikesParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.underlying(r.PathValue("underlying"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	i, err := findSpreadType(p.SpreadType)
	if err == nil {
		_, err = s.expirationParam(p.Expiration, "expiration", u)
	}
	if err == nil && spreadTypes[i].ExpirationInterval {
		if p.Expiration2 == nil {
			err = badf("expiration2 is required for %s spreads.", spreadTypes[i].Name)
		} else {
			_, err = s.expirationParam(p.Expiration2, "expiration2", u)
		}
	}
	if err != nil {
		writeErr(w, r, err)
		return
	}
	step := 1
	if p.StrikeInterval != nil {
		if *p.StrikeInterval < 1 {
			writeErr(w, r, badf("strikeInterval %d must be at least 1.", *p.StrikeInterval))
			return
		}
		step = int(*p.StrikeInterval)
	}
	strikes := u.listedStrikes()
	out := v3.Strikes{SpreadType: spreadTypes[i].Name, Strikes: [][]value.Decimal{}}
	n := spreadTypes[i].legs
	for j := 0; j+(n-1)*step < len(strikes); j++ {
		row := make([]value.Decimal, n)
		for k := range n {
			row[k] = strikeDec(strikes[j+k*step])
		}
		out.Strikes = append(out.Strikes, row)
	}
	writeJSON(w, http.StatusOK, out)
}

func strikeDec(s amount) value.Decimal { return floatDec(s.float(), strikeDecimals(s)) }

func (s *Server) getRoutes(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, v3.Routes{Routes: routes})
}

func (s *Server) getActivationTriggers(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, v3.ActivationTriggers{ActivationTriggers: []v3.ActivationTrigger{
		{Key: v3.TriggerKeySingleTradeTick, Name: "Single Trade Tick", Description: "One trade at or through the rule's price activates the order."},
		{Key: v3.TriggerKeySingleTradeTickWithinNBBO, Name: "Single Trade Tick Within NBBO", Description: "One trade at or through the price, inside the national best bid and offer."},
		{Key: v3.TriggerKeySingleBidAskTick, Name: "Single Bid/Ask Tick", Description: "One ask tick for buys, one bid tick for sells, at or through the price."},
		{Key: v3.TriggerKeyDoubleTradeTick, Name: "Double Trade Tick", Description: "Two trades in a row at or through the price."},
		{Key: v3.TriggerKeyTwiceTradeTick, Name: "Twice Trade Tick", Description: "Two trades, not necessarily in a row, at or through the price."},
	}})
}
