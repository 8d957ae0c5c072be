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
	if err := json.Unmarshal([]byte(`"\/Date(12a)\/"`), &v); err != nil || v.Err() == nil || !strings.Contains(v.Err().Error(), `/Date(12a)/`) {
		t.Errorf("escaped malformed time: decode error %v, Err %v; want no decode error and an Err naming the value", err, v.Err())
	}
}

func TestV2TimeKeepsAnUnreadableStringAsZeroWithAnErrNamingIt(t *testing.T) {
	for _, in := range []string{`"2016-12-27T14:31:00Z"`, `"/Date()/"`, `"/Date(12a)/"`, `"/Date(1-05)/"`, `"/Date(1+2500)/"`, `"/Date(1482849060000"`, `"13/45/2011 2:51:49 PM"`, `"yesterday"`} {
		var v V2Time
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Errorf("decode %s: %v, want no error", in, err)
			continue
		}
		if !v.IsZero() {
			t.Errorf("decode %s = %v, want the zero time", in, v.Time)
		}
		if v.Err() == nil || !strings.Contains(v.Err().Error(), strings.Trim(in, `"`)) {
			t.Errorf("decode %s: Err() = %v, want an error naming the value", in, v.Err())
		}
		if out, _ := json.Marshal(v); string(out) != "null" {
			t.Errorf("decode %s re-encoded as %s, want null", in, out)
		}
	}
	var good V2Time
	if err := json.Unmarshal([]byte(`"/Date(0)/"`), &good); err != nil || good.Err() != nil {
		t.Errorf("a good time: decode %v, Err %v", err, good.Err())
	}
}

func TestV2TimeRejectsJSONThatIsNoString(t *testing.T) {
	for _, in := range []string{`1482849060000`, `{}`, `true`, `["/Date(0)/"]`} {
		var v V2Time
		err := json.Unmarshal([]byte(in), &v)
		if err == nil || !strings.Contains(err.Error(), in) {
			t.Errorf("decode %s: error %v, want one naming the value", in, err)
		}
	}
}

func TestV2TimeReadsTheFormOfOlderServers(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		out  string
	}{
		{`"3/30/2011 2:51:49 PM"`, time.Date(2011, 3, 30, 14, 51, 49, 0, time.UTC), `"3/30/2011 2:51:49 PM"`},
		{`"8/3/2011 12:02:10 AM"`, time.Date(2011, 8, 3, 0, 2, 10, 0, time.UTC), `"8/3/2011 12:02:10 AM"`},
		{`"12/31/2015 12:00:00 PM"`, time.Date(2015, 12, 31, 12, 0, 0, 0, time.UTC), `"12/31/2015 12:00:00 PM"`},
		{`"8\/3\/2011 2:40:42 PM"`, time.Date(2011, 8, 3, 14, 40, 42, 0, time.UTC), `"8/3/2011 2:40:42 PM"`},
		{`"03/09/2011 02:05:09 AM"`, time.Date(2011, 3, 9, 2, 5, 9, 0, time.UTC), `"3/9/2011 2:05:09 AM"`},
		{`"1/1/0001 12:00:00 AM"`, time.Time{}, `null`},
	}
	for _, c := range cases {
		var v V2Time
		if err := json.Unmarshal([]byte(c.in), &v); err != nil || v.Err() != nil {
			t.Fatalf("decode %s: %v, Err %v", c.in, err, v.Err())
		}
		if !v.Equal(c.want) || v.IsZero() != c.want.IsZero() {
			t.Errorf("%s = %v, want %v", c.in, v.Time, c.want)
		}
		if out, _ := json.Marshal(v); string(out) != c.out {
			t.Errorf("%s re-encoded as %s, want %s", c.in, out, c.out)
		}
	}
	if v, err := ParseV2Time("3/30/2011 2:51:49 PM"); err != nil || v.Unix() != 1301496709 {
		t.Errorf("ParseV2Time(legacy) = %v, %v", v.Time, err)
	}
}

// One odd timestamp must not cost the caller every other order of the
// answer: the list decodes, the odd one reports itself.
func TestV2TimeOneOddValueDoesNotLoseTheList(t *testing.T) {
	type order struct {
		OrderID   int64
		TimeStamp V2Time
	}
	body := `[{"OrderID":1,"TimeStamp":"\/Date(1482849060000)\/"},
		{"OrderID":2,"TimeStamp":"sometime on Tuesday"},
		{"OrderID":3,"TimeStamp":"3/30/2011 2:51:49 PM"},
		{"OrderID":4,"TimeStamp":"1/1/0001 12:00:00 AM"}]`
	var orders []order
	if err := json.Unmarshal([]byte(body), &orders); err != nil {
		t.Fatalf("the list failed: %v", err)
	}
	if len(orders) != 4 || orders[3].OrderID != 4 {
		t.Fatalf("decoded %+v, want all 4 orders", orders)
	}
	for i, o := range orders {
		odd := o.TimeStamp.Err() != nil
		if odd != (o.OrderID == 2) {
			t.Errorf("order %d: Err() = %v", o.OrderID, o.TimeStamp.Err())
		}
		if zero := o.TimeStamp.IsZero(); zero != (i == 1 || i == 3) {
			t.Errorf("order %d: IsZero = %v", o.OrderID, zero)
		}
	}
}

func TestV2TimeDecodesTheDateFormWithoutAllocating(t *testing.T) {
	in := []byte(`"/Date(1482849060000-0500)/"`)
	var v V2Time
	_ = v.UnmarshalJSON(in) // caches the zone
	allocs := testing.AllocsPerRun(100, func() {
		if err := v.UnmarshalJSON(in); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("UnmarshalJSON allocates %v times per call", allocs)
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
