package book

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEventEncodesKindAndSourceByName(t *testing.T) {
	ev := Event{Kind: PartiallyFilled, Order: order("7", fpr, "10", "4"), Filled: dec("4"), Source: FromReconcile}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); !strings.HasPrefix(s, `{"Kind":"PartiallyFilled","Order":{`) || !strings.HasSuffix(s, `,"Filled":"4","Source":"reconcile"}`) {
		t.Errorf("encoded as %s", s)
	}
	var back Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Kind != ev.Kind || back.Source != ev.Source || back.Filled.Cmp(ev.Filled) != 0 || back.Order.OrderID != "7" {
		t.Errorf("decoded as %+v", back)
	}
}

func TestKindAndSourceRefuseWhatTheyCannotName(t *testing.T) {
	for _, v := range []interface{ MarshalText() ([]byte, error) }{Kind(0), Kind(99), Source(0), Source(9)} {
		if _, err := v.MarshalText(); err == nil {
			t.Errorf("%v encoded", v)
		}
	}
	var k Kind
	var s Source
	for _, in := range []string{"", "filled", "Kind(3)"} {
		if err := k.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("Kind %q decoded as %v", in, k)
		}
	}
	for _, in := range []string{"", "Stream", "rest"} {
		if err := s.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("Source %q decoded as %v", in, s)
		}
	}
	for i := Opened; i <= Updated; i++ {
		text, err := i.MarshalText()
		if err != nil || k.UnmarshalText(text) != nil || k != i {
			t.Errorf("Kind %d: %q %v → %v", i, text, err, k)
		}
	}
}
