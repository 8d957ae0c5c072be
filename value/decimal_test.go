package value

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
)

func TestDecimalKeepsEveryDigitThroughJSON(t *testing.T) {
	cases := []struct{ in, want string }{
		{`"212.85"`, `"212.85"`},
		{`"212.850"`, `"212.850"`},
		{`"0.0001"`, `"0.0001"`},
		{`"-3.5"`, `"-3.5"`},
		{`"+7"`, `"7"`},
		{`10`, `"10"`},
		{`212.85`, `"212.85"`},
		{`"0"`, `"0"`},
		{`".5"`, `"0.5"`},
		{`"123456789012345678901234567890.123"`, `"123456789012345678901234567890.123"`},
		{`"1.5e3"`, `"1.5e3"`},
		{`null`, `null`},
		{`""`, `null`},
	}
	for _, c := range cases {
		var d Decimal
		if err := json.Unmarshal([]byte(c.in), &d); err != nil {
			t.Fatalf("decode %s: %v", c.in, err)
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("encode %s: %v", c.in, err)
		}
		if string(out) != c.want {
			t.Errorf("%s re-encoded as %s, want %s", c.in, out, c.want)
		}
	}
}

func TestDecimalRejectsNonNumbersNamingTheValue(t *testing.T) {
	for _, in := range []string{`"abc"`, `"1.2.3"`, `"-"`, `"."`, `"12 "`, `true`, `"1e"`, `"1e99999"`, `"NaN"`, `[1]`} {
		var d Decimal
		err := json.Unmarshal([]byte(in), &d)
		if err == nil {
			t.Errorf("decode %s: no error", in)
			continue
		}
		if !strings.Contains(err.Error(), strings.Trim(in, `"`)) {
			t.Errorf("decode %s: error %q does not name the value", in, err)
		}
	}
	if _, err := ParseDecimal(""); err == nil {
		t.Error(`ParseDecimal(""): no error`)
	}
}

func TestDecimalZeroValueMeansAbsent(t *testing.T) {
	var absent Decimal
	zero := MustParseDecimal("0")
	if !absent.IsZero() || zero.IsZero() {
		t.Fatalf("IsZero: absent=%v, present 0=%v", absent.IsZero(), zero.IsZero())
	}
	type body struct {
		LimitPrice Decimal `json:",omitzero"`
		Quantity   Decimal `json:",omitzero"`
	}
	out, _ := json.Marshal(body{Quantity: zero})
	if string(out) != `{"Quantity":"0"}` {
		t.Errorf("omitzero body = %s", out)
	}
}

func TestDecimalConversions(t *testing.T) {
	cases := []struct {
		in   string
		f    float64
		rat  string
		sign int
	}{
		{"212.85", 212.85, "4257/20", 1},
		{"-0.001", -0.001, "-1/1000", -1},
		{"0.00", 0, "0", 0},
		{"100000000000000000000.5", 1e20, "200000000000000000001/2", 1},
		{"1.5e3", 1500, "1500", 1},
	}
	for _, c := range cases {
		d := MustParseDecimal(c.in)
		if got := d.Float64(); got != c.f {
			t.Errorf("%s.Float64() = %v, want %v", c.in, got, c.f)
		}
		if got := d.Rat().RatString(); got != c.rat {
			t.Errorf("%s.Rat() = %s, want %s", c.in, got, c.rat)
		}
		if got := d.Sign(); got != c.sign {
			t.Errorf("%s.Sign() = %d, want %d", c.in, got, c.sign)
		}
	}
}

func TestDecimalCmpComparesNumbersNotText(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"1.0", "1.00", 0},
		{"1.01", "1.1", -1},
		{"-2", "-3", 1},
		{"-2", "1", -1},
		{"-0", "0", 0},
		{"99999999999999999999999", "1", 1},
	}
	for _, c := range cases {
		if got := MustParseDecimal(c.a).Cmp(MustParseDecimal(c.b)); got != c.want {
			t.Errorf("Cmp(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestDecimalConstructors(t *testing.T) {
	cases := []struct {
		got  Decimal
		want string
	}{
		{NewDecimal(21285, 2), "212.85"},
		{NewDecimal(-5, 3), "-0.005"},
		{NewDecimal(15, -2), "1500"},
		{DecimalFromRat(big.NewRat(1, 3), 4), "0.3333"},
		{DecimalFromRat(big.NewRat(-5, 8), 2), "-0.63"},
		{DecimalFromRat(big.NewRat(5, 8), 2), "0.63"},
	}
	for _, c := range cases {
		if c.got.String() != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	f, err := DecimalFromFloat(101.2549, 2)
	if err != nil || f.String() != "101.25" {
		t.Errorf("DecimalFromFloat = %v, %v", f, err)
	}
	if _, err := DecimalFromFloat(1/zeroFloat(), 2); err == nil {
		t.Error("DecimalFromFloat(+Inf): no error")
	}
}

func zeroFloat() float64 { return 0 }

func TestDecimalTextForms(t *testing.T) {
	var d Decimal
	if err := d.UnmarshalText([]byte("42.10")); err != nil || d.String() != "42.10" {
		t.Fatalf("UnmarshalText: %v %v", d, err)
	}
	if b, _ := d.MarshalText(); string(b) != "42.10" {
		t.Errorf("MarshalText = %s", b)
	}
	if err := d.UnmarshalText([]byte("4x")); err == nil || !strings.Contains(err.Error(), "4x") {
		t.Errorf("UnmarshalText(4x) error = %v", err)
	}
}

func TestDecimalDecodesWithoutAllocating(t *testing.T) {
	in := []byte(`"212.85"`)
	var d Decimal
	allocs := testing.AllocsPerRun(100, func() {
		if err := d.UnmarshalJSON(in); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("UnmarshalJSON allocates %v times per call", allocs)
	}
}

func FuzzDecimalNeverPanicsAndRoundTrips(f *testing.F) {
	for _, s := range []string{"212.85", "-0.001", "1e5", "", "abc", "99999999999999999999999.9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		again, err := ParseDecimal(d.String())
		if err != nil {
			t.Fatalf("%q parsed, but its String %q does not: %v", s, d.String(), err)
		}
		if again.Cmp(d) != 0 {
			t.Fatalf("%q and its String %q differ", s, d.String())
		}
	})
}

func BenchmarkDecimalUnmarshalJSON(b *testing.B) {
	in := []byte(`"212.85"`)
	var d Decimal
	b.ReportAllocs()
	for b.Loop() {
		_ = d.UnmarshalJSON(in)
	}
}
