package wire_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/internal/wire"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

func TestUnmarshalMatchesKeysWithoutCase(t *testing.T) {
	// TradeStation's own examples write AccountId for AccountID.
	var a v3.Account
	if err := wire.Unmarshal([]byte(`{"AccountId":"11827364","accounttype":"Margin"}`), &a); err != nil {
		t.Fatal(err)
	}
	if a.AccountID != "11827364" || a.AccountType != v3.AccountTypeMargin {
		t.Errorf("got %+v", a)
	}
}

func TestUnmarshalCallsTheValueTypesDecoders(t *testing.T) {
	var q v3.Quote
	if err := wire.Unmarshal([]byte(`{"Last":"425.370","Bid":425.35,"Ask":null,"TradeTime":"2025-05-13T14:32:41Z"}`), &q); err != nil {
		t.Fatal(err)
	}
	if q.Last.String() != "425.370" || q.Bid.String() != "425.35" || !q.Ask.IsZero() {
		t.Errorf("decimals: Last %q Bid %q Ask %q", q.Last, q.Bid, q.Ask)
	}
	if want := time.Date(2025, 5, 13, 14, 32, 41, 0, time.UTC); !q.TradeTime.Equal(want) {
		t.Errorf("TradeTime %v, want %v", q.TradeTime, want)
	}
	var b v2.Bar
	if err := wire.Unmarshal([]byte(`{"TimeStamp":"\/Date(1482849060000-0500)\/","Close":"227.86"}`), &b); err != nil {
		t.Fatal(err)
	}
	if b.TimeStamp.UnixMilli() != 1482849060000 || b.Close.String() != "227.86" {
		t.Errorf("got TimeStamp %v Close %q", b.TimeStamp, b.Close)
	}
}

func TestUnmarshalIgnoresUnknownFields(t *testing.T) {
	var q v3.Quote
	if err := wire.Unmarshal([]byte(`{"Symbol":"MSFT","NewField":{"a":[1,2,{"b":null}]}}`), &q); err != nil {
		t.Fatal(err)
	}
	if q.Symbol != "MSFT" {
		t.Errorf("Symbol %q", q.Symbol)
	}
}

// TestUnmarshalErrorsAreEncodingJSONs proves that a caller sees the error
// encoding/json gives, of the same type and with the same text, naming the
// field or the position.
func TestUnmarshalErrorsAreEncodingJSONs(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		as       any
	}{
		{"syntax", `{"Symbol":"MSFT"`, new(*json.SyntaxError)},
		{"trailing data", `{"Symbol":"MSFT"} x`, new(*json.SyntaxError)},
		{"wrong kind", `{"Symbol":42}`, new(*json.UnmarshalTypeError)},
		{"wrong kind nested", `{"MarketFlags":{"IsHalted":"no"}}`, new(*json.UnmarshalTypeError)},
		{"bad decimal", `{"Last":"4x"}`, nil},
		{"bad time", `{"TradeTime":"yesterday"}`, new(*time.ParseError)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got, want v3.Quote
			err := wire.Unmarshal([]byte(tc.in), &got)
			wantErr := json.Unmarshal([]byte(tc.in), &want)
			if err == nil || wantErr == nil || err.Error() != wantErr.Error() {
				t.Fatalf("error %v, encoding/json's %v", err, wantErr)
			}
			if tc.as != nil && !errors.As(err, tc.as) {
				t.Errorf("%v is no %T", err, tc.as)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("after the error the value is %+v, encoding/json leaves %+v", got, want)
			}
		})
	}
}

func TestUnmarshalRefusesWhatEncodingJSONRefuses(t *testing.T) {
	var d value.Decimal
	for _, in := range []string{``, `nul`, `"1.5`, `{"a":1}`, `"1.5" "2"`, "\"\x01\""} {
		err := wire.Unmarshal([]byte(in), &d)
		wantErr := json.Unmarshal([]byte(in), new(value.Decimal))
		if (err == nil) != (wantErr == nil) {
			t.Errorf("%q: error %v, encoding/json's %v", in, err, wantErr)
		}
	}
	if err := wire.Unmarshal([]byte(`{}`), v3.Quote{}); err == nil {
		t.Error("a non-pointer destination decoded")
	}
	var invalid *json.InvalidUnmarshalError
	if err := wire.Unmarshal([]byte(`{}`), (*v3.Quote)(nil)); !errors.As(err, &invalid) {
		t.Errorf("nil destination: %v, want *json.InvalidUnmarshalError", err)
	}
}

// TestUnmarshalFromManyGoroutines decodes several types at once, each for
// the first time in this process, as streams of different kinds do; under
// -race it proves that the engine's shared type cache is safe.
func TestUnmarshalFromManyGoroutines(t *testing.T) {
	inputs := []struct {
		data string
		new  func() any
	}{
		{`{"Symbol":"MSFT","Last":"425.37","MarketFlags":{"IsHalted":false}}`, func() any { return new(v3.Quote) }},
		{`{"OrderID":"1","Legs":[{"QuantityOrdered":"10"}]}`, func() any { return new(v3.Order) }},
		{`{"High":"1","TimeStamp":"2025-05-13T14:32:00Z"}`, func() any { return new(v3.Bar) }},
		{`{"Close":"227.86","TimeStamp":"\/Date(1482849060000)\/"}`, func() any { return new(v2.Bar) }},
		{`{"Symbol":"AAPL","Bid":212.85}`, func() any { return new(v2.Quote) }},
	}
	var wg sync.WaitGroup
	for range 4 {
		for _, in := range inputs {
			wg.Go(func() {
				for range 100 {
					got, want := in.new(), in.new()
					if err := wire.Unmarshal([]byte(in.data), got); err != nil {
						t.Error(err)
						return
					}
					if err := json.Unmarshal([]byte(in.data), want); err != nil || !reflect.DeepEqual(got, want) {
						t.Errorf("%s: got %+v, encoding/json %+v (%v)", in.data, got, want, err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
}
