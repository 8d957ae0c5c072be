// Package value holds the value types that the v3 and v2 clients share: an
// exact decimal for the prices, quantities and balances that TradeStation
// sends as strings, and the /Date(...)/ timestamp of API v2.
package value

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
)

// Decimal is an exact decimal number. It decodes from a JSON string
// ("212.85") or number (212.85), keeps every digit it was given (trailing
// zeros too), and encodes as a JSON string. The zero Decimal means "absent":
// it decodes from null or "", encodes as null, and IsZero reports true, so
// optional fields tagged omitzero disappear from requests.
//
// Values of up to 19 significant digits are held without allocating;
// longer ones keep their text. Add, Sub, Mul, Quo and Round compute
// exactly, rounding only where Quo and Round are asked to (half away from
// zero).
type Decimal struct {
	coef  uint64 // the digits, without point or sign
	scale int32  // digits after the point
	neg   bool
	set   bool
	text  string // the literal, when the digits do not fit in coef
}

var errSyntax = errors.New("not a decimal number")

// ParseDecimal reads a decimal number such as "212.85", "-0.5", "10" or
// "1.5e3". The empty string is an error; use the zero Decimal for absent.
func ParseDecimal(s string) (Decimal, error) {
	var d Decimal
	if err := d.parse([]byte(s)); err != nil {
		return Decimal{}, fmt.Errorf("value: invalid decimal %q: %w", s, err)
	}
	return d, nil
}

// MustParseDecimal is ParseDecimal for literals known to be valid; it panics
// on bad input.
func MustParseDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// NewDecimal returns coef × 10^-scale: NewDecimal(21285, 2) is 212.85.
// A negative scale multiplies: NewDecimal(15, -2) is 1500.
func NewDecimal(coef int64, scale int) Decimal {
	if scale < 0 {
		r := new(big.Rat).SetInt(new(big.Int).Mul(big.NewInt(coef), pow10Big(-scale)))
		return DecimalFromRat(r, 0)
	}
	d := Decimal{scale: int32(scale), set: true}
	if coef < 0 {
		d.neg = true
		d.coef = uint64(-(coef + 1)) + 1 // also right for math.MinInt64
	} else {
		d.coef = uint64(coef)
	}
	return d
}

// DecimalFromFloat returns f rounded to places digits after the point.
// It is meant for computed values (a fill price, a P&L); values received
// from the API are already exact Decimals.
func DecimalFromFloat(f float64, places int) (Decimal, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Decimal{}, fmt.Errorf("value: %v is not a decimal number", f)
	}
	return ParseDecimal(strconv.FormatFloat(f, 'f', places, 64))
}

// DecimalFromRat returns r rounded half away from zero to places digits
// after the point.
func DecimalFromRat(r *big.Rat, places int) Decimal {
	if places < 0 {
		places = 0
	}
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(pow10Big(places)))
	return fromBig(roundQuo(scaled.Num(), scaled.Denom()), places)
}

// IsZero reports whether d is absent (never set). A present 0 is not zero
// in this sense; use Sign to test the number.
func (d Decimal) IsZero() bool { return !d.set }

// Sign returns -1, 0 or +1. An absent Decimal has sign 0.
func (d Decimal) Sign() int {
	switch {
	case !d.set:
		return 0
	case d.text != "":
		return d.Rat().Sign()
	case d.coef == 0:
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// Cmp compares d and e as numbers: -1 if d < e, 0 if equal, +1 if d > e.
// "1.0" and "1.00" are equal. An absent Decimal compares as 0.
func (d Decimal) Cmp(e Decimal) int {
	if d.text == "" && e.text == "" && d.scale == e.scale && d.neg == e.neg {
		switch {
		case d.coef == e.coef:
			return 0
		case (d.coef < e.coef) != d.neg:
			return -1
		default:
			return 1
		}
	}
	return d.Rat().Cmp(e.Rat())
}

// String returns the number as it was given ("212.850" stays "212.850"),
// or "" for an absent Decimal.
func (d Decimal) String() string {
	if !d.set {
		return ""
	}
	if d.text != "" {
		return d.text
	}
	var buf [48]byte
	return string(d.appendTo(buf[:0]))
}

// Float64 returns the nearest float64. Use Rat where exactness matters.
func (d Decimal) Float64() float64 {
	if !d.set {
		return 0
	}
	if d.text == "" && d.coef < 1<<53 && d.scale < int32(len(pow10f)) {
		f := float64(d.coef) / pow10f[d.scale]
		if d.neg {
			f = -f
		}
		return f
	}
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

// Rat returns the exact value as a new *big.Rat (0 for an absent Decimal).
func (d Decimal) Rat() *big.Rat {
	r := new(big.Rat)
	switch {
	case !d.set:
	case d.text != "":
		r.SetString(d.text)
	default:
		r.SetFrac(new(big.Int).SetUint64(d.coef), pow10Big(int(d.scale)))
		if d.neg {
			r.Neg(r)
		}
	}
	return r
}

// MarshalJSON writes a JSON string, or null for an absent Decimal.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if !d.set {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 24)
	b = append(b, '"')
	if d.text != "" {
		b = append(b, d.text...)
	} else {
		b = d.appendTo(b)
	}
	return append(b, '"'), nil
}

// UnmarshalJSON accepts a JSON string or number; null and "" leave d absent.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Decimal{}
		return nil
	}
	lit := b
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		lit = b[1 : len(b)-1]
		if len(lit) == 0 {
			*d = Decimal{}
			return nil
		}
	}
	if err := d.parse(lit); err != nil {
		return fmt.Errorf("value: invalid decimal %s: %w", b, err)
	}
	return nil
}

// MarshalText writes the digits ("" when absent), for query strings and
// text encodings.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the digits; "" leaves d absent.
func (d *Decimal) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Decimal{}
		return nil
	}
	if err := d.parse(b); err != nil {
		return fmt.Errorf("value: invalid decimal %q: %w", b, err)
	}
	return nil
}

// parse sets d from a literal without allocating when the digits fit.
func (d *Decimal) parse(b []byte) error {
	i, n := 0, len(b)
	neg := false
	if i < n && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	var coef uint64
	var scale int32
	digits, overflow, point := 0, false, false
	for ; i < n; i++ {
		c := b[i]
		if c == '.' {
			if point {
				return errSyntax
			}
			point = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		digits++
		if point {
			scale++
		}
		if coef > (math.MaxUint64-9)/10 {
			overflow = true
			continue
		}
		coef = coef*10 + uint64(c-'0')
	}
	if digits == 0 {
		return errSyntax
	}
	exp := false
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < n && (b[i] == '-' || b[i] == '+') {
			i++
		}
		start := i
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == start || i-start > 4 {
			return errSyntax
		}
		exp = true
	}
	if i != n {
		return errSyntax
	}
	if overflow || exp {
		s := string(b)
		if s[0] == '+' {
			s = s[1:]
		}
		*d = Decimal{text: s, set: true, neg: neg}
		return nil
	}
	*d = Decimal{coef: coef, scale: scale, neg: neg, set: true}
	return nil
}

func (d Decimal) appendTo(b []byte) []byte {
	var digits [24]byte
	ds := strconv.AppendUint(digits[:0], d.coef, 10)
	if d.neg {
		b = append(b, '-')
	}
	scale := int(d.scale)
	if scale == 0 {
		return append(b, ds...)
	}
	if len(ds) <= scale {
		b = append(b, '0', '.')
		for range scale - len(ds) {
			b = append(b, '0')
		}
		return append(b, ds...)
	}
	b = append(b, ds[:len(ds)-scale]...)
	b = append(b, '.')
	return append(b, ds[len(ds)-scale:]...)
}

// formatDigits places a point scale digits from the right of an unsigned
// digit string.
func formatDigits(ds string, scale int, neg bool) string {
	for len(ds) <= scale {
		ds = "0" + ds
	}
	s := ds
	if scale > 0 {
		s = ds[:len(ds)-scale] + "." + ds[len(ds)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

var pow10f = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func pow10Big(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}
