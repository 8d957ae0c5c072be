package value

import (
	"errors"
	"math/big"
	"testing"
)

func TestDecimalAddSubMulAreExactAndKeepTheScale(t *testing.T) {
	cases := []struct {
		a, b          string
		add, sub, mul string
	}{
		{"1.50", "2.5", "4.00", "-1.00", "3.750"},
		{"415.21", "415.18", "830.39", "0.03", "172386.8878"},
		{"-3", "1.25", "-1.75", "-4.25", "-3.75"},
		{"-0.5", "-0.5", "-1.0", "0.0", "0.25"},
		{"0.1", "0.2", "0.3", "-0.1", "0.02"},
		{"0", "-7", "-7", "7", "0"},
		// past 64 bits: the sum, the aligned operand, the product
		{"18446744073709551615", "1", "18446744073709551616", "18446744073709551614", "18446744073709551615"},
		{"1844674407370955161.5", "0.25", "1844674407370955161.75", "1844674407370955161.25", "461168601842738790.375"},
		{"99999999999", "99999999999", "199999999998", "0", "9999999999800000000001"},
		// values that kept their text: many digits, exponents
		{"123456789012345678901234567890.5", "0.5", "123456789012345678901234567891.0", "123456789012345678901234567890.0", "61728394506172839450617283945.25"},
		{"1.5e3", "2", "1502", "1498", "3000"},
		{"2", "1.5e-3", "2.0015", "1.9985", "0.0030"},
		{"-1e2", "1", "-99", "-101", "-100"},
	}
	for _, c := range cases {
		a, b := MustParseDecimal(c.a), MustParseDecimal(c.b)
		for _, op := range []struct {
			name      string
			got, want string
		}{
			{"+", a.Add(b).String(), c.add},
			{"-", a.Sub(b).String(), c.sub},
			{"×", a.Mul(b).String(), c.mul},
		} {
			if op.got != op.want {
				t.Errorf("%s %s %s = %s, want %s", c.a, op.name, c.b, op.got, op.want)
			}
		}
	}
}

func TestDecimalArithmeticWithAnAbsentOperandIsAbsent(t *testing.T) {
	var absent Decimal
	one := MustParseDecimal("1")
	results := map[string]Decimal{
		"absent+1": absent.Add(one), "1+absent": one.Add(absent),
		"absent-1": absent.Sub(one), "1-absent": one.Sub(absent),
		"absent×1": absent.Mul(one), "1×absent": one.Mul(absent),
		"-absent": absent.Neg(), "|absent|": absent.Abs(),
		"round(absent)": absent.Round(2), "trim(absent)": absent.Trim(),
	}
	for name, r := range results {
		if !r.IsZero() {
			t.Errorf("%s = %q, want absent", name, r)
		}
	}
	for _, pair := range [][2]Decimal{{absent, one}, {one, absent}} {
		q, err := pair[0].Quo(pair[1], 2)
		if err != nil || !q.IsZero() {
			t.Errorf("Quo(%q, %q) = %q, %v; want absent, nil", pair[0], pair[1], q, err)
		}
	}
}

func TestDecimalQuoRoundsHalfAwayFromZero(t *testing.T) {
	cases := []struct {
		a, b   string
		places int
		want   string
	}{
		{"10", "3", 4, "3.3333"},
		{"2", "3", 2, "0.67"},
		{"-2", "3", 2, "-0.67"},
		{"1", "8", 2, "0.13"},   // 0.125: a half goes up
		{"-1", "8", 2, "-0.13"}, // and down for negatives
		{"1", "-8", 2, "-0.13"},
		{"-1", "-8", 2, "0.13"},
		{"1", "8", 3, "0.125"},
		{"0.000001", "3", 2, "0.00"},
		{"-0.000001", "3", 2, "0.00"}, // no "-0.00"
		{"426.75", "412.355", 4, "1.0349"},
		{"7", "2", 0, "4"},
		{"-7", "2", 0, "-4"},
		{"1250", "1", -2, "1300"},
		{"-1249", "1", -2, "-1200"},
		{"5", "0.5", 1, "10.0"},
		{"1", "3", 30, "0.333333333333333333333333333333"},
		{"123456789012345678901234567890", "10", 0, "12345678901234567890123456789"},
		{"1.5e3", "4", 1, "375.0"},
	}
	for _, c := range cases {
		got, err := MustParseDecimal(c.a).Quo(MustParseDecimal(c.b), c.places)
		if err != nil {
			t.Errorf("%s / %s: %v", c.a, c.b, err)
			continue
		}
		if got.String() != c.want {
			t.Errorf("%s / %s to %d places = %s, want %s", c.a, c.b, c.places, got, c.want)
		}
	}
	for _, zero := range []string{"0", "0.00", "-0", "0e3"} {
		if _, err := MustParseDecimal("1").Quo(MustParseDecimal(zero), 2); !errors.Is(err, ErrDivisionByZero) {
			t.Errorf("1 / %s: error %v, want ErrDivisionByZero", zero, err)
		}
	}
}

func TestDecimalRoundHalvesNegativesAndPadding(t *testing.T) {
	cases := []struct {
		in     string
		places int
		want   string
	}{
		{"2.345", 2, "2.35"},
		{"-2.345", 2, "-2.35"},
		{"2.344", 2, "2.34"},
		{"-2.344", 2, "-2.34"},
		{"2.5", 0, "3"},
		{"-2.5", 0, "-3"},
		{"0.5", 0, "1"},
		{"-0.4", 0, "0"},
		{"2.5", 2, "2.50"},
		{"7", 3, "7.000"},
		{"1.25", 2, "1.25"},
		{"1250", -2, "1300"},
		{"-1250", -2, "-1300"},
		{"1249.99", -2, "1200"},
		{"0.0000000000000000000005", 21, "0.000000000000000000001"},
		{"99999999999999999999.995", 2, "100000000000000000000.00"},
		{"1.5e-3", 3, "0.002"},
		{"18446744073709551615", 2, "18446744073709551615.00"},
	}
	for _, c := range cases {
		if got := MustParseDecimal(c.in).Round(c.places); got.String() != c.want {
			t.Errorf("Round(%s, %d) = %s, want %s", c.in, c.places, got, c.want)
		}
	}
}

func TestDecimalNegAbsTrimKeepTheNumber(t *testing.T) {
	cases := []struct{ in, neg, abs, trim string }{
		{"1.50", "-1.50", "1.50", "1.5"},
		{"-1.0", "1.0", "1.0", "-1"},
		{"0", "0", "0", "0"},
		{"-0.00", "0.00", "0.00", "0"},
		{"100", "-100", "100", "100"},
		{"1.5e3", "-1.5e3", "1.5e3", "1500"},
		{"-2.50e-1", "2.50e-1", "2.50e-1", "-0.25"},
		{"123456789012345678901234567890.1200", "-123456789012345678901234567890.1200", "123456789012345678901234567890.1200", "123456789012345678901234567890.12"},
	}
	for _, c := range cases {
		d := MustParseDecimal(c.in)
		if got := d.Neg().String(); got != c.neg {
			t.Errorf("Neg(%s) = %s, want %s", c.in, got, c.neg)
		}
		if got := d.Abs().String(); got != c.abs {
			t.Errorf("Abs(%s) = %s, want %s", c.in, got, c.abs)
		}
		if got := d.Trim().String(); got != c.trim {
			t.Errorf("Trim(%s) = %s, want %s", c.in, got, c.trim)
		}
		if d.Trim().Cmp(d) != 0 || d.Neg().Neg().Cmp(d) != 0 {
			t.Errorf("%s: Trim or Neg∘Neg changed the number", c.in)
		}
	}
}

func TestDecimalArithmeticOnSmallValuesDoesNotAllocate(t *testing.T) {
	a, b := MustParseDecimal("415.21"), MustParseDecimal("-3.5")
	var sink Decimal
	allocs := testing.AllocsPerRun(100, func() {
		sink = a.Add(b).Sub(b).Mul(b).Neg().Abs().Round(3).Trim()
		sink, _ = sink.Quo(b, 4)
	})
	if allocs != 0 {
		t.Errorf("arithmetic on 64-bit values allocates %v times", allocs)
	}
	_ = sink
}

// FuzzDecimalArithmeticMatchesBigRat checks every operation against
// math/big, with rounding computed independently from the floor of |x|+½.
func FuzzDecimalArithmeticMatchesBigRat(f *testing.F) {
	for _, s := range [][2]string{{"1.50", "2.5"}, {"-0.125", "8"}, {"18446744073709551615", "0.1"}, {"1e3", "-7"}, {"99999999999999999999.995", "3"}} {
		f.Add(s[0], s[1], 2)
	}
	f.Fuzz(func(t *testing.T, x, y string, places int) {
		a, err1 := ParseDecimal(x)
		b, err2 := ParseDecimal(y)
		if err1 != nil || err2 != nil || len(x) > 40 || len(y) > 40 {
			return
		}
		places = places % 12
		ra, rb := a.Rat(), b.Rat()
		check := func(op string, got Decimal, want *big.Rat) {
			t.Helper()
			if got.Rat().Cmp(want) != 0 {
				t.Fatalf("%s %s %s = %s, want %s", x, op, y, got, want.RatString())
			}
		}
		check("+", a.Add(b), new(big.Rat).Add(ra, rb))
		check("-", a.Sub(b), new(big.Rat).Sub(ra, rb))
		check("×", a.Mul(b), new(big.Rat).Mul(ra, rb))
		check("round", a.Round(places), halfAwayFromZero(ra, places))
		if rb.Sign() != 0 {
			q, err := a.Quo(b, places)
			if err != nil {
				t.Fatal(err)
			}
			check("/", q, halfAwayFromZero(new(big.Rat).Quo(ra, rb), places))
		}
	})
}

func halfAwayFromZero(r *big.Rat, places int) *big.Rat {
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(places))), nil))
	if places < 0 {
		scale.Inv(scale)
	}
	x := new(big.Rat).Mul(new(big.Rat).Abs(r), scale)
	x.Add(x, big.NewRat(1, 2))
	n := new(big.Int).Quo(x.Num(), x.Denom()) // floor, x ≥ 0
	out := new(big.Rat).Quo(new(big.Rat).SetInt(n), scale)
	if r.Sign() < 0 {
		out.Neg(out)
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// The P&L of the example, (last - average) × quantity rounded to cents and
// written out, against the same sum in math/big as the baseline.
func BenchmarkDecimalProfitAndLoss(b *testing.B) {
	last, avg, qty := MustParseDecimal("415.20"), MustParseDecimal("412.355"), MustParseDecimal("150")
	b.ReportAllocs()
	for b.Loop() {
		_ = last.Sub(avg).Mul(qty).Round(2).String()
	}
}

func BenchmarkBigRatProfitAndLoss(b *testing.B) {
	last, avg, qty := big.NewRat(41520, 100), big.NewRat(412355, 1000), big.NewRat(150, 1)
	b.ReportAllocs()
	for b.Loop() {
		pnl := new(big.Rat).Sub(last, avg)
		pnl.Mul(pnl, qty)
		_ = pnl.FloatString(2)
	}
}
