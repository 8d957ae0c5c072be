package sim

import (
	"slices"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

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

// SpreadTypes is GET /v3/marketdata/options/spreadtypes.
func (s *Sim) SpreadTypes() v3.SpreadTypes {
	var out v3.SpreadTypes
	for _, st := range spreadTypes {
		out.SpreadTypes = append(out.SpreadTypes, st.SpreadType)
	}
	return out
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

// underlying finds a symbol that has listed options.
func (s *Sim) underlying(sym string) (*instrument, error) {
	in, ok := s.mkt.lookup(sym)
	if !ok || in.kind != kindStock {
		return nil, notFoundf("No options are listed on %s.", strings.ToUpper(sym))
	}
	return in, nil
}

// expirationParam picks a listed expiration (default the nearest).
func (s *Sim) expirationParam(raw *string, field string, u *instrument) (time.Time, error) {
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

// Expirations is GET /v3/marketdata/options/expirations/{underlying}.
func (s *Sim) Expirations(underlying string, p v3.GetOptionExpirationsParams) (v3.Expirations, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.underlying(underlying)
	if err != nil {
		return v3.Expirations{}, err
	}
	out := v3.Expirations{Expirations: []v3.Expiration{}}
	if !p.StrikePrice.IsZero() && !u.isListedStrike(amountFromDecimal(p.StrikePrice)) {
		return out, nil
	}
	for _, d := range listedExpirations(s.mkt.now) {
		out.Expirations = append(out.Expirations, v3.Expiration{Date: d, Type: expirationType(d)})
	}
	return out, nil
}

// Strikes is GET /v3/marketdata/options/strikes/{underlying}.
func (s *Sim) Strikes(underlying string, p v3.GetOptionStrikesParams) (v3.Strikes, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.underlying(underlying)
	if err != nil {
		return v3.Strikes{}, err
	}
	i, err := findSpreadType(given(p.SpreadType))
	if err != nil {
		return v3.Strikes{}, err
	}
	st := spreadTypes[i]
	if _, err := s.expirationParam(given(p.Expiration), "expiration", u); err != nil {
		return v3.Strikes{}, err
	}
	if st.ExpirationInterval {
		if p.Expiration2 == "" {
			return v3.Strikes{}, badf("expiration2 is required for %s spreads.", st.Name)
		}
		if _, err := s.expirationParam(given(p.Expiration2), "expiration2", u); err != nil {
			return v3.Strikes{}, err
		}
	}
	step := 1
	if p.StrikeInterval != 0 {
		if p.StrikeInterval < 1 {
			return v3.Strikes{}, badf("strikeInterval %d must be at least 1.", p.StrikeInterval)
		}
		step = int(p.StrikeInterval)
	}
	strikes := u.listedStrikes()
	out := v3.Strikes{SpreadType: st.Name, Strikes: [][]value.Decimal{}}
	for j := 0; j+(st.legs-1)*step < len(strikes); j++ {
		row := make([]value.Decimal, st.legs)
		for k := range st.legs {
			row[k] = strikeDec(strikes[j+k*step])
		}
		out.Strikes = append(out.Strikes, row)
	}
	return out, nil
}

// RiskReward analyses an option trade held to expiration: profit is
// (value of the legs at expiration - SpreadPrice) x 100 per spread.
func (s *Sim) RiskReward(req v3.RiskRewardRequest) (v3.RiskReward, error) {
	s.mu.Lock()
	legs, err := s.riskLegs(req)
	s.mu.Unlock()
	if err != nil {
		return v3.RiskReward{}, err
	}
	return riskReward(legs, req.SpreadPrice), nil
}

func (s *Sim) riskLegs(req v3.RiskRewardRequest) ([]spreadLeg, error) {
	if len(req.Legs) == 0 {
		return nil, badf("Legs is empty.")
	}
	var legs []spreadLeg
	for i, l := range req.Legs {
		in, ok := s.mkt.lookup(l.Symbol)
		switch {
		case !ok || in.kind != kindOption:
			return nil, badf("Legs[%d].Symbol %q is not a listed option (tradestationtest analyses option legs only).", i, l.Symbol)
		case l.Quantity <= 0:
			return nil, badf("Legs[%d].Quantity must be positive.", i)
		case !slices.Contains(riskActions, l.TradeAction):
			return nil, badf("Legs[%d].TradeAction %q is not a buy or a sell.", i, l.TradeAction)
		case len(legs) > 0 && !in.expiry.Equal(legs[0].opt.expiry):
			return nil, badf("Legs[%d] expires on another day; every leg must share one expiration.", i)
		}
		ratio := int(l.Quantity)
		if !isBuy(l.TradeAction) {
			ratio = -ratio
		}
		legs = append(legs, spreadLeg{in, ratio})
	}
	return legs, nil
}

// riskActions are the trade actions a risk/reward leg may take: an
// option's, or plain BUY and SELL.
var riskActions = append(actionsFor(kindOption), v3.TradeActionBuy, v3.TradeActionSell)
