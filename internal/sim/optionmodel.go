package sim

import (
	"math"
	"time"
)

// defaultRiskFreeRate stands in for the 13-week T-bill yield.
const defaultRiskFreeRate = 0.043

// expiryInstant is when an option stops trading: 16:00 New York time.
func expiryInstant(in *instrument) time.Time { return nyTime(in.expiry, 16, 0) }

// yearsToExpiry is the time left at t, in years (0 once expired).
func yearsToExpiry(in *instrument, t time.Time) float64 {
	return max(expiryInstant(in).Sub(t).Seconds()/secsPerYear, 0)
}

// impliedVol is the option's volatility: the underlying's, raised away
// from the money (a smile), a little more for puts (a skew).
func impliedVol(in *instrument, spot float64) float64 {
	m := math.Log(in.strike.float() / spot)
	iv := in.underlying.vol * (1 + 1.5*m*m)
	if !in.call {
		iv *= 1.04
	}
	return iv
}

// optionPrice is the Black-Scholes value of in at t, rounded to its tick.
func (m *market) optionPrice(in *instrument, t time.Time) amount {
	tt := lastTradeTime(kindStock, t)
	spot := m.priceAt(in.underlying, tt).float()
	g := blackScholes(in.call, spot, in.strike.float(), yearsToExpiry(in, tt), defaultRiskFreeRate, impliedVol(in, spot))
	return in.roundToTick(g.value)
}

// greeks is an option's model value and sensitivities.
type greeks struct {
	value, delta, gamma, theta, vega, rho float64
	probITM                               float64 // risk-neutral probability of expiring in the money
}

// intrinsicValue is what an option on an underlying at s with strike k is
// worth if exercised now.
func intrinsicValue(call bool, s, k float64) float64 {
	if call {
		return max(s-k, 0)
	}
	return max(k-s, 0)
}

// blackScholes values a European option; theta is per calendar day, vega
// and rho per percentage point.
func blackScholes(call bool, s, k, t, r, sigma float64) greeks {
	intrinsic := intrinsicValue(call, s, k)
	if t <= 0 || sigma <= 0 || s <= 0 {
		g := greeks{value: intrinsic}
		if intrinsic > 0 {
			g.probITM = 1
			g.delta = 1
			if !call {
				g.delta = -1
			}
		}
		return g
	}
	sq := math.Sqrt(t)
	d1 := (math.Log(s/k) + (r+sigma*sigma/2)*t) / (sigma * sq)
	d2 := d1 - sigma*sq
	disc := math.Exp(-r * t)
	g := greeks{
		gamma: normPDF(d1) / (s * sigma * sq),
		vega:  s * normPDF(d1) * sq / 100,
	}
	if call {
		g.value = s*normCDF(d1) - k*disc*normCDF(d2)
		g.delta = normCDF(d1)
		g.theta = (-s*normPDF(d1)*sigma/(2*sq) - r*k*disc*normCDF(d2)) / 365
		g.rho = k * t * disc * normCDF(d2) / 100
		g.probITM = normCDF(d2)
	} else {
		g.value = k*disc*normCDF(-d2) - s*normCDF(-d1)
		g.delta = normCDF(d1) - 1
		g.theta = (-s*normPDF(d1)*sigma/(2*sq) + r*k*disc*normCDF(-d2)) / 365
		g.rho = -k * t * disc * normCDF(-d2) / 100
		g.probITM = normCDF(-d2)
	}
	g.value = max(g.value, intrinsic*disc)
	return g
}

// probBeyond is the risk-neutral probability that the underlying ends above
// (or, with below, under) level at expiry.
func probBeyond(s, level, t, r, sigma float64, below bool) float64 {
	if t <= 0 || sigma <= 0 || level <= 0 {
		if (s > level) != below {
			return 1
		}
		return 0
	}
	d2 := (math.Log(s/level) + (r-sigma*sigma/2)*t) / (sigma * math.Sqrt(t))
	if below {
		return normCDF(-d2)
	}
	return normCDF(d2)
}

func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

func normPDF(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
