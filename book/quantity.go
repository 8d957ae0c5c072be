package book

import (
	"math"
	"math/big"
	"strings"

	"github.com/tradestation-go/tradestation/value"
)

// noFill is the Filled of an event that fills nothing: a present 0, so
// that a sum of Filled over events stays a number.
var noFill = value.NewDecimal(0, 0)

// sum adds up differences of decimals exactly. Quantities of up to 18
// digits are added as integers; anything longer goes through math/big.
// (When value.Decimal gains arithmetic, this becomes a.Sub(b) and Add.)
type sum struct {
	coef  int64
	scale int
	big   *big.Rat // set once the integers no longer suffice
}

// add adds now − was.
func (s *sum) add(now, was value.Decimal) {
	if s.big == nil {
		a, as, okA := fixed(now)
		b, bs, okB := fixed(was)
		if okA && okB {
			if sc := max(as, bs, s.scale); sc <= 18 {
				a, okA = rescale(a, as, sc)
				b, okB = rescale(b, bs, sc)
				c, okC := rescale(s.coef, s.scale, sc)
				if okA && okB && okC && noOverflow(c, a, -b) {
					s.coef, s.scale = c+a-b, sc
					return
				}
			}
		}
		s.big = new(big.Rat).SetFrac64(s.coef, pow10(s.scale))
	}
	s.big.Add(s.big, now.Rat())
	s.big.Sub(s.big, was.Rat())
}

// value returns the sum, with as many digits after the point as it needs.
func (s *sum) value() value.Decimal {
	if s.big == nil {
		return value.NewDecimal(s.coef, s.scale)
	}
	scaled := new(big.Rat).Set(s.big)
	ten := big.NewRat(10, 1)
	places := 0
	for !scaled.IsInt() && places < 1000 { // a sum of decimals always ends
		scaled.Mul(scaled, ten)
		places++
	}
	return value.DecimalFromRat(s.big, places)
}

// fixed reads d as coef × 10^-scale when it is plain and short enough.
// An absent Decimal is 0.
func fixed(d value.Decimal) (coef int64, scale int, ok bool) {
	if d.IsZero() {
		return 0, 0, true
	}
	s := d.String()
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && scale == 0 && i > 0:
			scale = len(s) - i - 1
		case c >= '0' && c <= '9':
			if digits++; digits > 18 {
				return 0, 0, false
			}
			coef = coef*10 + int64(c-'0')
		default:
			return 0, 0, false // an exponent, or more digits than fit
		}
	}
	if neg {
		coef = -coef
	}
	return coef, scale, true
}

func rescale(coef int64, from, to int) (int64, bool) {
	for ; from < to; from++ {
		if coef > math.MaxInt64/10 || coef < math.MinInt64/10 {
			return 0, false
		}
		coef *= 10
	}
	return coef, true
}

func noOverflow(xs ...int64) bool {
	var total int64
	for _, x := range xs {
		if (x > 0 && total > math.MaxInt64-x) || (x < 0 && total < math.MinInt64-x) {
			return false
		}
		total += x
	}
	return true
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
