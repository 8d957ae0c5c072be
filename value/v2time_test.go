package value

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestV2TimeRoundTripsBothForms(t *testing.T) {
	cases := []struct {
		in     string
		wantAt time.Time
		offset int
	}{
		{`"/Date(1482849060000)/"`, time.Date(2016, 12, 27, 14, 31, 0, 0, time.UTC), 0},
		{`"/Date(1482849060000-0500)/"`, time.Date(2016, 12, 27, 14, 31, 0, 0, time.UTC), -5 * 3600},
		{`"/Date(1482849060000+0530)/"`, time.Date(2016, 12, 27, 14, 31, 0, 0, time.UTC), 5*3600 + 30*60},
		{`"/Date(-86400000)/"`, time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), 0},
	}
	for _, c := range cases {
		var v V2Time
		if err := json.Unmarshal([]byte(c.in), &v); err != nil {
			t.Fatalf("decode %s: %v", c.in, err)
		}
		if !v.Equal(c.wantAt) {
			t.Errorf("%s = %v, want %v", c.in, v.Time, c.wantAt)
		}
		if _, off := v.Zone(); off != c.offset {
			t.Errorf("%s offset = %d, want %d", c.in, off, c.offset)
		}
		out, _ := json.Marshal(v)
		if string(out) != c.in {
			t.Errorf("%s re-encoded as %s", c.in, out)
		}
	}
}

func TestV2TimeDecodesTheEscapedSlashesThatV2Sends(t *testing.T) {
	cases := []struct {
		in, out string
	}{
		{`"\/Date(1482849060000)\/"`, `"/Date(1482849060000)/"`},
		{`"\/Date(1482849060000-0500)\/"`, `"/Date(1482849060000-0500)/"`},
		{`"\u002FDate(1482849060000)\u002F"`, `"/Date(1482849060000)/"`},
	}
	for _, c := range cases {
		var v V2Time
		if err := json.Unmarshal([]byte(c.in), &v); err != nil {
			t.Fatalf("decode %s: %v", c.in, err)
		}
		if v.UnixMilli() != 1482849060000 {
			t.Errorf("%s = %v, want 1482849060000 ms", c.in, v.Time)
		}
		out, _ := json.Marshal(v)
		if string(out) != c.out {
			t.Errorf("%s re-encoded as %s, want %s", c.in, out, c.out)
		}
	}
	var v V2Time
	if err := json.Unmarshal([]byte(`"\/Date(12a)\/"`), &v); err == nil || !strings.Contains(err.Error(), `12a`) {
		t.Errorf("escaped malformed time: error %v does not name the value", err)
	}
}

func TestV2TimeRejectsMalformedNamingTheValue(t *testing.T) {
	for _, in := range []string{`"2016-12-27T14:31:00Z"`, `"/Date()/"`, `"/Date(12a)/"`, `"/Date(1-05)/"`, `"/Date(1+2500)/"`, `"/Date(1482849060000"`, `1482849060000`} {
		var v V2Time
		err := json.Unmarshal([]byte(in), &v)
		if err == nil {
			t.Errorf("decode %s: no error", in)
			continue
		}
		if !strings.Contains(err.Error(), strings.Trim(in, `"`)) {
			t.Errorf("decode %s: error %q does not name the value", in, err)
		}
	}
}

func TestV2TimeZeroIsAbsent(t *testing.T) {
	var v V2Time
	for _, in := range []string{`null`, `""`} {
		if err := json.Unmarshal([]byte(in), &v); err != nil || !v.IsZero() {
			t.Errorf("decode %s: %v, zero=%v", in, err, v.IsZero())
		}
	}
	out, _ := json.Marshal(struct {
		At V2Time `json:",omitzero"`
	}{})
	if string(out) != `{}` {
		t.Errorf("omitzero = %s", out)
	}
}

func TestV2TimeTextAndParse(t *testing.T) {
	v, err := ParseV2Time("/Date(1000+0100)/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := v.MarshalText()
	if string(b) != "/Date(1000+0100)/" {
		t.Errorf("MarshalText = %s", b)
	}
	var w V2Time
	if err := w.UnmarshalText(b); err != nil || !w.Equal(v.Time) {
		t.Errorf("UnmarshalText = %v, %v", w, err)
	}
	if _, err := ParseV2Time("yesterday"); err == nil || !strings.Contains(err.Error(), "yesterday") {
		t.Errorf("ParseV2Time(yesterday) error = %v", err)
	}
}
