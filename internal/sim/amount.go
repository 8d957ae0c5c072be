package sim

import (
	"math"
	"math/big"
	"strconv"

	"github.com/tradestation-go/tradestation/value"
)

// amount is an exact money figure or price in units of 1/10,000. Prices on
// the fake's ticks (0.01, 0.25, ...) and integer quantities keep balances
// exact; only the option model and percentages go through float64.
type amount int64

const amountScale = 10_000

func amountOf(units int64) amount { return amount(units * amountScale) }

// amountFromFloat rounds f to the nearest 1/10,000.
func amountFromFloat(f float64) amount { return amount(math.Round(f * amountScale)) }

// amountFromDecimal converts a request's decimal, rounding beyond four places.
func amountFromDecimal(d value.Decimal) amount {
	r := d.Rat()
	r.Mul(r, big.NewRat(amountScale, 1))
	f, _ := r.Float64()
	return amount(math.Round(f))
}

func (a amount) float() float64 { return float64(a) / amountScale }

// times multiplies by an integer quantity.
func (a amount) times(q int64) amount { return a * amount(q) }

// dec renders a with exactly places digits after the point (0 to 4),
// rounding half away from zero.
func (a amount) dec(places int) value.Decimal {
	return value.DecimalFromRat(big.NewRat(int64(a), amountScale), min(max(places, 0), 4))
}

// money renders a with two decimals, as TradeStation shows balances.
func (a amount) money() value.Decimal { return a.dec(2) }

// display renders a as text with thousands separators: 41520 -> "41,520.00".
func (a amount) display() string {
	s := a.dec(2).String()
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	var out []byte
	for i, c := range []byte(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	if neg {
		return "-" + string(out) + frac
	}
	return string(out) + frac
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// qtyDec renders an integer quantity.
func qtyDec(q int64) value.Decimal { return value.NewDecimal(q, 0) }

// floatDec renders a computed figure (greeks, percentages) with places digits.
func floatDec(f float64, places int) value.Decimal {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		f = 0
	}
	d, err := value.ParseDecimal(strconv.FormatFloat(f, 'f', places, 64))
	if err != nil {
		return value.NewDecimal(0, 0)
	}
	return d
}
