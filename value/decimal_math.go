package value

import (
	"errors"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// ErrDivisionByZero is the error of Quo when the divisor is 0.
var ErrDivisionByZero = errors.New("value: division by zero")

// Arithmetic is exact. Add, Sub and Mul never round: a sum keeps as many
// digits after the point as the longer operand ("1.50" + "2.5" is
// "4.00"), a product the digits of both ("1.5" × "0.25" is "0.375").
// Quo and Round round half away from zero (2.345 → 2.35, -2.345 → -2.35),
// as DecimalFromRat does; no other rounding happens anywhere in the
// package. An absent operand makes the result absent, so a field missing
// from an answer never turns into a plausible wrong number: test the result
// with IsZero. A running total therefore starts at NewDecimal(0, 0), not at
// the zero Decimal, which would stay absent. Values of up to 19 significant digits are computed without
// allocating; longer ones go through math/big.

// Add returns d + e.
func (d Decimal) Add(e Decimal) Decimal {
	if !d.set || !e.set {
		return Decimal{}
	}
	if d.text == "" && e.text == "" {
		if r, ok := addSmall(d, e); ok {
			return r
		}
	}
	a, as := d.unscaled()
	b, bs := e.unscaled()
	s := max(as, bs)
	a.Mul(a, pow10Big(s-as))
	b.Mul(b, pow10Big(s-bs))
	return fromBig(a.Add(a, b), s)
}

// Sub returns d - e.
func (d Decimal) Sub(e Decimal) Decimal { return d.Add(e.Neg()) }

// Mul returns d × e.
func (d Decimal) Mul(e Decimal) Decimal {
	if !d.set || !e.set {
		return Decimal{}
	}
	if d.text == "" && e.text == "" {
		hi, lo := bits.Mul64(d.coef, e.coef)
		if s := int64(d.scale) + int64(e.scale); hi == 0 && s <= math.MaxInt32 {
			return Decimal{coef: lo, scale: int32(s), neg: d.neg != e.neg && lo != 0, set: true}
		}
	}
	a, as := d.unscaled()
	b, bs := e.unscaled()
	return fromBig(a.Mul(a, b), as+bs)
}

// Quo returns d / e rounded half away from zero to places digits after the
// point ("10" / "3" to 4 places is "3.3333", "2" / "3" to 2 places is
// "0.67"); a negative places rounds to tens, hundreds... and gives an
// integer. Dividing by 0 returns ErrDivisionByZero.
func (d Decimal) Quo(e Decimal, places int) (Decimal, error) {
	if !d.set || !e.set {
		return Decimal{}, nil
	}
	if e.Sign() == 0 {
		return Decimal{}, ErrDivisionByZero
	}
	if d.text == "" && e.text == "" && places >= 0 && places <= math.MaxInt32 {
		if r, ok := quoSmall(d, e, places); ok {
			return r, nil
		}
	}
	a, as := d.unscaled()
	b, bs := e.unscaled()
	// d / e × 10^places = a × 10^(bs-as+places) / b
	if k := bs - as + places; k >= 0 {
		a.Mul(a, pow10Big(k))
	} else {
		b.Mul(b, pow10Big(-k))
	}
	q := roundQuo(a, b)
	if places < 0 {
		return fromBig(q.Mul(q, pow10Big(-places)), 0), nil
	}
	return fromBig(q, places), nil
}

// Round returns d rounded half away from zero to places digits after the
// point, padding with zeros where d has fewer: "2.345" to 2 places is
// "2.35", "-2.345" is "-2.35", "2.5" is "2.50". A negative places rounds
// to tens, hundreds... and gives an integer ("1250" to -2 places is
// "1300").
func (d Decimal) Round(places int) Decimal {
	if !d.set {
		return d
	}
	if d.text == "" && places >= 0 && places <= math.MaxInt32 {
		s := int(d.scale)
		switch {
		case places == s:
			return d
		case places > s:
			if c, ok := mulPow10(d.coef, places-s); ok {
				return Decimal{coef: c, scale: int32(places), neg: d.neg && c != 0, set: true}
			}
		case s-places < len(pow10u):
			p := pow10u[s-places]
			q, r := d.coef/p, d.coef%p
			if r >= p-r {
				q++ // cannot overflow: q ≤ MaxUint64/10
			}
			return Decimal{coef: q, scale: int32(places), neg: d.neg && q != 0, set: true}
		}
	}
	a, s := d.unscaled()
	if places >= s {
		return fromBig(a.Mul(a, pow10Big(places-s)), places)
	}
	q := roundQuo(a, pow10Big(s-places))
	if places < 0 {
		return fromBig(q.Mul(q, pow10Big(-places)), 0)
	}
	return fromBig(q, places)
}

// Neg returns -d, with the same digits.
func (d Decimal) Neg() Decimal {
	switch {
	case !d.set:
	case d.text != "":
		if t, ok := strings.CutPrefix(d.text, "-"); ok {
			d.text = t
		} else {
			d.text = "-" + d.text
		}
		d.neg = !d.neg
	default:
		d.neg = !d.neg && d.coef != 0
	}
	return d
}

// Abs returns |d|, with the same digits.
func (d Decimal) Abs() Decimal {
	d.neg = false
	d.text = strings.TrimPrefix(d.text, "-")
	return d
}

// Trim returns the same number written in its shortest plain form: no
// trailing zeros after the point and no exponent ("1.50" is "1.5", "1.0"
// is "1", "1.5e3" is "1500"). Order quantities go out this way, since
// TradeStation refuses "1.0" for one share.
func (d Decimal) Trim() Decimal {
	if !d.set {
		return d
	}
	if d.text == "" {
		for d.scale > 0 && d.coef%10 == 0 {
			d.coef /= 10
			d.scale--
		}
		d.neg = d.neg && d.coef != 0
		return d
	}
	a, s := d.unscaled()
	ten, q, r := big.NewInt(10), new(big.Int), new(big.Int)
	for s > 0 {
		if q.QuoRem(a, ten, r); r.Sign() != 0 {
			break
		}
		a, q = q, a
		s--
	}
	return fromBig(a, s)
}

// addSmall adds two Decimals held in coef when the sum fits too.
func addSmall(d, e Decimal) (Decimal, bool) {
	a, b, s := d.coef, e.coef, d.scale
	var ok bool
	switch {
	case d.scale < e.scale:
		if a, ok = mulPow10(a, int(e.scale-d.scale)); !ok {
			return Decimal{}, false
		}
		s = e.scale
	case e.scale < d.scale:
		if b, ok = mulPow10(b, int(d.scale-e.scale)); !ok {
			return Decimal{}, false
		}
	}
	r := Decimal{scale: s, set: true}
	switch {
	case d.neg == e.neg:
		sum, carry := bits.Add64(a, b, 0)
		if carry != 0 {
			return Decimal{}, false
		}
		r.coef, r.neg = sum, d.neg
	case a >= b:
		r.coef, r.neg = a-b, d.neg
	default:
		r.coef, r.neg = b-a, e.neg
	}
	r.neg = r.neg && r.coef != 0
	return r, true
}

// quoSmall divides two Decimals held in coef when the scaled dividend and
// divisor fit in 64 bits.
func quoSmall(d, e Decimal, places int) (Decimal, bool) {
	num, den := d.coef, e.coef
	var ok bool
	if k := int(e.scale) - int(d.scale) + places; k >= 0 {
		num, ok = mulPow10(num, k)
	} else {
		den, ok = mulPow10(den, -k)
	}
	if !ok {
		return Decimal{}, false
	}
	q, r := num/den, num%den
	if r >= den-r {
		q++ // cannot overflow: den ≥ 2 whenever r > 0
	}
	return Decimal{coef: q, scale: int32(places), neg: d.neg != e.neg && q != 0, set: true}, true
}

// mulPow10 returns x × 10^n and whether it fits in 64 bits.
func mulPow10(x uint64, n int) (uint64, bool) {
	if x == 0 {
		return 0, true
	}
	if n >= len(pow10u) {
		return 0, false
	}
	hi, lo := bits.Mul64(x, pow10u[n])
	return lo, hi == 0
}

// unscaled returns d as n × 10^-scale with scale ≥ 0, in a new big.Int.
func (d Decimal) unscaled() (*big.Int, int) {
	if d.text == "" {
		n := new(big.Int).SetUint64(d.coef)
		if d.neg {
			n.Neg(n)
		}
		return n, int(d.scale)
	}
	// parse has checked the text: [-]digits[.digits][e[±]digits]
	s, neg := strings.CutPrefix(d.text, "-")
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], s[i+1:]
	}
	whole, frac, _ := strings.Cut(mant, ".")
	n, _ := new(big.Int).SetString(whole+frac, 10)
	scale := len(frac)
	if exp != "" {
		x, _ := strconv.Atoi(exp)
		scale -= x
	}
	if scale < 0 {
		n.Mul(n, pow10Big(-scale))
		scale = 0
	}
	if neg {
		n.Neg(n)
	}
	return n, scale
}

// fromBig returns n × 10^-scale; n is consumed.
func fromBig(n *big.Int, scale int) Decimal {
	d := Decimal{set: true, neg: n.Sign() < 0}
	n.Abs(n)
	if n.IsUint64() && scale <= math.MaxInt32 {
		d.coef, d.scale = n.Uint64(), int32(scale)
		d.neg = d.neg && d.coef != 0
		return d
	}
	d.text = formatDigits(n.String(), scale, d.neg)
	return d
}

// roundQuo returns num / den rounded half away from zero.
func roundQuo(num, den *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Abs(r).Lsh(r, 1).CmpAbs(den) >= 0 {
		if (num.Sign() < 0) != (den.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

var pow10u = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}
