package sim

import (
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// invalidSymbol is the Error of a quote of an unknown symbol, in both API
// versions.
const invalidSymbol = "FAILED, INVALID SYMBOL"

// Quotes is GET /v3/marketdata/quotes/{symbols}; unknown symbols are
// errors inside the answer.
func (s *Sim) Quotes(symbols string) (v3.QuoteSnapshot, error) {
	syms, err := splitLimited(symbols, "symbol", maxQuoteSymbols)
	if err != nil {
		return v3.QuoteSnapshot{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out v3.QuoteSnapshot
	for _, sym := range syms {
		in, ok := s.mkt.lookup(sym)
		if !ok {
			out.Errors = append(out.Errors, v3.SymbolError{Symbol: sym, Error: invalidSymbol})
			continue
		}
		out.Quotes = append(out.Quotes, s.mkt.quote(in))
	}
	return out, nil
}

// Symbols is GET /v3/marketdata/symbols/{symbols}.
func (s *Sim) Symbols(symbols string) (v3.SymbolDetails, error) {
	syms, err := splitLimited(symbols, "symbol", maxSymbolDetails)
	if err != nil {
		return v3.SymbolDetails{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out v3.SymbolDetails
	for _, sym := range syms {
		in, ok := s.mkt.lookup(sym)
		if !ok {
			out.Errors = append(out.Errors, v3.SymbolError{Symbol: sym, Error: string(v3.ErrorCodeNotFound), Message: "Symbol " + sym + " was not found."})
			continue
		}
		out.Symbols = append(out.Symbols, in.detail())
	}
	return out, nil
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
		d.StrikePrice = strikeDec(in.strike)
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

// CryptoNames is GET /v3/marketdata/symbollists/cryptopairs/symbolnames.
func (s *Sim) CryptoNames() v3.SymbolNames {
	var out v3.SymbolNames
	for _, in := range cryptos {
		out.SymbolNames = append(out.SymbolNames, in.symbol)
	}
	return out
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
func (s *Sim) parseBarQuery(interval *int32, unit *v3.BarUnit, barsBack *int32, firstDate, lastDate, startDate *string) (barQuery, error) {
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
			return q, badf("barsback %d is not between 1 and %d.", *barsBack, maxBars)
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
		return nil, badf("The range from firstdate to lastdate holds more than %d bars.", maxBars)
	}
	return ws, nil
}

// Bars is GET /v3/marketdata/barcharts/{symbol}.
func (s *Sim) Bars(symbol string, p v3.GetBarsParams) (v3.Bars, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, err := s.symbolOf(symbol)
	if err != nil {
		return v3.Bars{}, err
	}
	q, err := s.parseBarQuery(given(p.Interval), given(p.Unit), given(p.BarsBack), given(p.FirstDate), given(p.LastDate), given(p.StartDate))
	if err != nil {
		return v3.Bars{}, err
	}
	ws, err := q.windows(in)
	if err != nil {
		return v3.Bars{}, err
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
	return out, nil
}

// symbolOf finds the instrument of the path's {symbol}.
func (s *Sim) symbolOf(symbol string) (*instrument, error) {
	in, ok := s.mkt.lookup(symbol)
	if !ok {
		return nil, notFoundf("Symbol %s was not found.", symbol)
	}
	return in, nil
}
