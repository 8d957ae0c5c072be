package sim

import (
	"math"
	"slices"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// spreadLeg is one option of a spread and how many of it (negative sells).
type spreadLeg struct {
	opt   *instrument
	ratio int
}

// spread computes the quote, greeks and probabilities of a spread.
func (m *market) spread(legs []spreadLeg, withGreeks bool, rate float64) v3.Spread {
	spot := m.price(legs[0].opt.underlying).float()
	t := yearsToExpiry(legs[0].opt, lastTradeTime(kindStock, m.now))
	q := m.spreadQuote(legs)
	model := spreadModelOf(legs, spot, t, rate)

	out := v3.Spread{Side: v3.SpreadSideBoth}
	for _, l := range legs {
		in := l.opt
		out.Legs = append(out.Legs, v3.SpreadLeg{Symbol: in.symbol, Ratio: int32(l.ratio), StrikePrice: strikeDec(in.strike),
			Expiration: in.expiry, OptionType: spreadSide(in.call), AssetType: "StockOption"})
		out.Strikes = append(out.Strikes, strikeDec(in.strike))
	}
	if !slices.ContainsFunc(legs, func(l spreadLeg) bool { return l.opt.call != legs[0].opt.call }) {
		out.Side = spreadSide(legs[0].opt.call)
	}
	d2 := func(f float64) value.Decimal { return floatDec(f, 2) }
	mid := (q.bid + q.ask) / 2
	out.Bid, out.Ask, out.Mid, out.Last = d2(q.bid), d2(q.ask), d2(mid), d2(q.last)
	out.BidSize, out.AskSize, out.Volume, out.DailyOpenInterest = q.bidSize, q.askSize, q.volume, q.openInterest
	out.Open, out.High, out.Low, out.Close, out.PreviousClose = d2(q.open), d2(max(q.high, q.low)), d2(min(q.high, q.low)), d2(q.last), d2(q.prevClose)
	out.NetChange = d2(q.last - q.prevClose)
	if q.prevClose != 0 {
		out.NetChangePct = d2(100 * (q.last - q.prevClose) / math.Abs(q.prevClose))
	}
	out.IntrinsicValue, out.ExtrinsicValue = d2(model.intrinsic), d2(mid-model.intrinsic)
	if !withGreeks {
		return out
	}
	d4 := func(f float64) value.Decimal { return floatDec(f, 4) }
	g := model.greeks
	out.TheoreticalValue, out.TheoreticalValueIV = d2(model.theo), d2(model.theoIV)
	out.ImpliedVolatility, out.StandardDeviation = d4(model.iv), d2(spot*model.iv*math.Sqrt(t))
	out.Delta, out.Gamma, out.Theta, out.Vega, out.Rho = d4(g.delta), d4(g.gamma), d4(g.theta), d4(g.vega), d4(g.rho)
	if len(legs) == 1 {
		in, k, vol := legs[0].opt, legs[0].opt.strike.float(), legs[0].opt.underlying.vol
		itm := blackScholes(in.call, spot, k, t, rate, vol).probITM
		itmIV := blackScholes(in.call, spot, k, t, rate, model.iv).probITM
		breakEven := k + q.last
		if !in.call {
			breakEven = k - q.last
		}
		out.ProbabilityITM, out.ProbabilityITMIV = d4(itm), d4(itmIV)
		out.ProbabilityOTM, out.ProbabilityOTMIV = d4(1-itm), d4(1-itmIV)
		out.ProbabilityBE = d4(probBeyond(spot, breakEven, t, rate, vol, !in.call))
		out.ProbabilityBEIV = d4(probBeyond(spot, breakEven, t, rate, model.iv, !in.call))
	}
	return out
}

// spreadQuote is a spread's market: its legs' prices summed by ratio (a
// bought leg at its ask, a sold one at its bid for the spread's ask, and
// the other way round for its bid), and the smallest of their sizes,
// volumes and open interests.
type spreadQuote struct {
	bid, ask, last, open, high, low, prevClose float64
	bidSize, askSize, volume, openInterest     int64
}

func (m *market) spreadQuote(legs []spreadLeg) spreadQuote {
	q := spreadQuote{bidSize: math.MaxInt64, askSize: math.MaxInt64, volume: math.MaxInt64, openInterest: math.MaxInt64}
	sec := secondsFromReference(m.now)
	for _, l := range legs {
		in, r := l.opt, float64(l.ratio)
		p := m.price(in)
		bid, ask := in.bidAsk(p)
		if l.ratio < 0 {
			bid, ask = ask, bid
		}
		ds, ys := m.todayStats(in), m.yearStats(in)
		q.bid += r * bid.float()
		q.ask += r * ask.float()
		q.last += r * p.float()
		q.open += r * ds.open.float()
		q.high += r * ds.high.float()
		q.low += r * ds.low.float()
		q.prevClose += r * ys.prevClose.float()
		q.bidSize = min(q.bidSize, in.quoteSize(sec, 1))
		q.askSize = min(q.askSize, in.quoteSize(sec, 2))
		q.volume = min(q.volume, ds.volume)
		q.openInterest = min(q.openInterest, in.avgVolume*4)
	}
	return q
}

// spreadModel is what the option model makes of a spread, its legs summed
// by ratio: the intrinsic value, the theoretical value at the underlying's
// volatility (theo) and at the legs' implied ones (theoIV), and the greeks
// at the implied ones. iv is the legs' implied volatility, averaged by
// the size of their ratios.
type spreadModel struct {
	intrinsic, theo, theoIV, iv float64
	greeks                      greeks
}

func spreadModelOf(legs []spreadLeg, spot, t, rate float64) spreadModel {
	var sm spreadModel
	var weight float64
	for _, l := range legs {
		in, r, k := l.opt, float64(l.ratio), l.opt.strike.float()
		iv := impliedVol(in, spot)
		atIV := blackScholes(in.call, spot, k, t, rate, iv)
		atVol := blackScholes(in.call, spot, k, t, rate, in.underlying.vol)
		sm.intrinsic += r * intrinsicValue(in.call, spot, k)
		sm.theo += r * atVol.value
		sm.theoIV += r * atIV.value
		g := &sm.greeks
		g.delta, g.gamma, g.theta, g.vega, g.rho = g.delta+r*atIV.delta, g.gamma+r*atIV.gamma, g.theta+r*atIV.theta, g.vega+r*atIV.vega, g.rho+r*atIV.rho
		sm.iv += math.Abs(r) * iv
		weight += math.Abs(r)
	}
	sm.iv /= weight
	return sm
}

func spreadSide(call bool) v3.SpreadSide {
	if call {
		return v3.SpreadSideCall
	}
	return v3.SpreadSidePut
}

// chainQuery is a checked option chain request.
type chainQuery struct {
	u           *instrument
	expiry      time.Time
	proximity   int
	spreadType  string
	step        int
	center      amount
	greeks      bool
	rate        float64
	strikeRange v3.StrikeRange
	optionType  v3.OptionTypeFilter
}

func (s *Sim) parseChain(underlying string, p v3.StreamOptionChainParams) (chainQuery, error) {
	u, err := s.underlying(underlying)
	if err != nil {
		return chainQuery{}, err
	}
	q := chainQuery{u: u, proximity: 5, step: 1, center: s.mkt.price(u), greeks: true, rate: defaultRiskFreeRate,
		strikeRange: v3.StrikeRangeAll, optionType: v3.OptionTypeFilterAll}
	if q.expiry, err = s.expirationParam(given(p.Expiration), "expiration", u); err != nil {
		return q, err
	}
	i, err := findSpreadType(given(p.SpreadType))
	if err != nil {
		return q, err
	}
	if !spreadTypes[i].chain {
		return q, badf("spreadType %s is listed but tradestationtest's option chain builds only Single, Vertical, Butterfly, Straddle and Strangle.", spreadTypes[i].Name)
	}
	q.spreadType = spreadTypes[i].Name
	if p.StrikeProximity != 0 {
		if q.proximity = int(p.StrikeProximity); q.proximity < 1 {
			return q, badf("strikeProximity %d must be at least 1.", q.proximity)
		}
	}
	if p.StrikeInterval != 0 {
		if q.step = int(p.StrikeInterval); q.step < 1 {
			return q, badf("strikeInterval %d must be at least 1.", q.step)
		}
	}
	if !p.PriceCenter.IsZero() {
		q.center = amountFromDecimal(p.PriceCenter)
	}
	if p.EnableGreeks != nil {
		q.greeks = *p.EnableGreeks
	}
	if !p.RiskFreeRate.IsZero() {
		q.rate = p.RiskFreeRate.Float64()
	}
	if p.StrikeRange != "" {
		if !p.StrikeRange.Valid() {
			return q, badf("strikeRange %q is not one of All, ITM, OTM.", p.StrikeRange)
		}
		q.strikeRange = p.StrikeRange
	}
	if p.OptionType != "" {
		if !p.OptionType.Valid() {
			return q, badf("optionType %q is not one of All, Call, Put.", p.OptionType)
		}
		q.optionType = p.OptionType
	}
	return q, nil
}

// chainSpreads lists the spreads of a chain, around the strike nearest the center.
func (q chainQuery) spreads() [][]spreadLeg {
	strikes := q.u.listedStrikes()
	mid := 0
	for i, st := range strikes {
		if abs64(int64(st-q.center)) < abs64(int64(strikes[mid]-q.center)) {
			mid = i
		}
	}
	opt := func(i int, call bool) *instrument {
		return newOption(q.u, q.expiry, strikes[i], call)
	}
	ok := func(i int) bool { return i >= 0 && i < len(strikes) }
	var out [][]spreadLeg
	for i := mid - q.proximity; i <= mid+q.proximity; i++ {
		switch q.spreadType {
		case "Straddle":
			if ok(i) {
				out = append(out, []spreadLeg{{opt(i, true), 1}, {opt(i, false), 1}})
			}
			continue
		case "Strangle":
			if ok(i) && ok(i+q.step) {
				out = append(out, []spreadLeg{{opt(i, false), 1}, {opt(i+q.step, true), 1}})
			}
			continue
		}
		for _, call := range []bool{true, false} {
			if (call && q.optionType == v3.OptionTypeFilterPut) || (!call && q.optionType == v3.OptionTypeFilterCall) {
				continue
			}
			switch {
			case q.spreadType == "Single" && ok(i):
				out = append(out, []spreadLeg{{opt(i, call), 1}})
			case q.spreadType == "Vertical" && ok(i) && ok(i+q.step):
				out = append(out, []spreadLeg{{opt(i, call), 1}, {opt(i+q.step, call), -1}})
			case q.spreadType == "Butterfly" && ok(i-q.step) && ok(i+q.step):
				out = append(out, []spreadLeg{{opt(i-q.step, call), 1}, {opt(i, call), -2}, {opt(i+q.step, call), 1}})
			}
		}
	}
	return out
}

// chain computes the spreads of a chain at the market clock, filtered by
// strike range.
func (m *market) chain(q chainQuery) []v3.Spread {
	var out []v3.Spread
	for _, legs := range q.spreads() {
		sp := m.spread(legs, q.greeks, q.rate)
		itm := sp.IntrinsicValue.Sign() > 0
		if (q.strikeRange == v3.StrikeRangeITM && !itm) || (q.strikeRange == v3.StrikeRangeOTM && itm) {
			continue
		}
		out = append(out, sp)
	}
	return out
}

// optionQuoteLegs reads the legs[N].Symbol/Ratio parameters.
func (s *Sim) optionQuoteLegs(p v3.StreamOptionQuotesParams) ([]spreadLeg, error) {
	syms := []*string{&p.Leg0Symbol, given(p.Leg1Symbol), given(p.Leg2Symbol), given(p.Leg3Symbol)}
	ratios := []*int32{given(p.Leg0Ratio), given(p.Leg1Ratio), given(p.Leg2Ratio), given(p.Leg3Ratio)}
	var legs []spreadLeg
	for i, sym := range syms {
		if sym == nil || *sym == "" {
			continue
		}
		in, ok := s.mkt.lookup(*sym)
		if !ok || in.kind != kindOption {
			return nil, badf("legs[%d].Symbol %q is not a listed option (tradestationtest quotes option legs only).", i, *sym)
		}
		ratio := 1
		if ratios[i] != nil {
			ratio = int(*ratios[i])
		}
		if ratio == 0 {
			return nil, badf("legs[%d].Ratio must not be 0.", i)
		}
		if len(legs) > 0 && (in.underlying != legs[0].opt.underlying) {
			return nil, badf("legs[%d].Symbol %s has another underlying than legs[0].", i, in.symbol)
		}
		legs = append(legs, spreadLeg{in, ratio})
	}
	if len(legs) == 0 {
		return nil, badf("legs[0].Symbol is required.")
	}
	return legs, nil
}

func riskReward(legs []spreadLeg, price float64) v3.RiskReward {
	pl := func(s float64) float64 {
		v := -price
		for _, l := range legs {
			v += float64(l.ratio) * intrinsicValue(l.opt.call, s, l.opt.strike.float())
		}
		return v * 100
	}
	points := []float64{0}
	slope := 0.0 // of the profit beyond the highest strike
	for _, l := range legs {
		points = append(points, l.opt.strike.float())
		if l.opt.call {
			slope += float64(l.ratio)
		}
	}
	slices.Sort(points)
	hi := points[len(points)-1]
	maxGain, maxLoss := pl(0), pl(0)
	for _, p := range points {
		maxGain, maxLoss = max(maxGain, pl(p)), min(maxLoss, pl(p))
	}
	out := v3.RiskReward{MaxGainIsInfinite: slope > 0, MaxLossIsInfinite: slope < 0}
	if !out.MaxGainIsInfinite {
		out.AdjustedMaxGain = floatDec(maxGain, 2)
	}
	if !out.MaxLossIsInfinite {
		out.AdjustedMaxLoss = floatDec(maxLoss, 2)
	}
	points = append(points, hi*2+1)
	for i := 1; i < len(points); i++ {
		a, b := pl(points[i-1]), pl(points[i])
		if (a < 0) != (b < 0) && a != b {
			x := points[i-1] + (points[i]-points[i-1])*(-a)/(b-a)
			out.BreakevenPoints = append(out.BreakevenPoints, floatDec(x, 2))
		}
	}
	return out
}
