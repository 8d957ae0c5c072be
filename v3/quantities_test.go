package v3_test

import (
	"encoding/json"
	"testing"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

func dec(s string) value.Decimal { return value.MustParseDecimal(s) }

// The bytes of every v3 body that carries an order quantity, as the client
// sends them (it encodes bodies with json.Marshal).
func TestOrderQuantitiesGoOutWithoutATrailingPointZero(t *testing.T) {
	order := v3.OrderRequest{
		AccountID:   "11827364",
		Symbol:      "MSFT",
		Quantity:    dec("100.0"),
		TradeAction: v3.TradeActionBuy,
		OrderType:   v3.OrderTypeLimit,
		LimitPrice:  dec("415.20"),
		TimeInForce: v3.TimeInForce{Duration: v3.DurationDay},
		AdvancedOptions: v3.AdvancedOptions{
			ShowOnlyQuantity:   dec("10.00"),
			DiscretionaryPrice: dec("0.10"),
		},
		OSOs: []v3.OrderSendsOrder{{
			Type: v3.OrderGroupTypeBracket,
			Orders: []v3.OrderRequest{{
				AccountID: "11827364", Symbol: "MSFT", Quantity: dec("100.00"), TradeAction: v3.TradeActionSell,
				OrderType: v3.OrderTypeLimit, LimitPrice: dec("450.00"), TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC},
			}},
		}},
	}
	spread := v3.OrderRequest{
		AccountID: "11827364", OrderType: v3.OrderTypeLimit, LimitPrice: dec("-1.50"),
		TimeInForce: v3.TimeInForce{Duration: v3.DurationDay},
		Legs: []v3.OrderRequestLeg{
			{Symbol: "MSFT 250620C450", Quantity: dec("1.0"), TradeAction: v3.TradeActionBuyToOpen},
			{Symbol: "MSFT 250620C460", Quantity: dec("1.5e0"), TradeAction: v3.TradeActionSellToOpen},
		},
	}
	cases := []struct {
		name string
		body any
		want string
	}{
		{"order with options and OSO", order, `{"AccountID":"11827364","AdvancedOptions":{"DiscretionaryPrice":"0.10","ShowOnlyQuantity":"10"},` +
			`"LimitPrice":"415.20","OSOs":[{"Orders":[{"AccountID":"11827364","LimitPrice":"450.00","OrderType":"Limit","Quantity":"100","Symbol":"MSFT",` +
			`"TimeInForce":{"Duration":"GTC"},"TradeAction":"SELL"}],"Type":"BRK"}],` +
			`"OrderType":"Limit","Quantity":"100","Symbol":"MSFT","TimeInForce":{"Duration":"DAY"},"TradeAction":"BUY"}`},
		{"spread legs", spread, `{"AccountID":"11827364","Legs":[{"Quantity":"1","Symbol":"MSFT 250620C450","TradeAction":"BUYTOOPEN"},` +
			`{"Quantity":"1.5","Symbol":"MSFT 250620C460","TradeAction":"SELLTOOPEN"}],"LimitPrice":"-1.50","OrderType":"Limit","TimeInForce":{"Duration":"DAY"}}`},
		{"group", v3.GroupOrderRequest{Type: v3.OrderGroupTypeOCO, Orders: []v3.OrderRequest{spread}},
			`{"Orders":[{"AccountID":"11827364","Legs":[{"Quantity":"1","Symbol":"MSFT 250620C450","TradeAction":"BUYTOOPEN"},` +
				`{"Quantity":"1.5","Symbol":"MSFT 250620C460","TradeAction":"SELLTOOPEN"}],"LimitPrice":"-1.50","OrderType":"Limit","TimeInForce":{"Duration":"DAY"}}],"Type":"OCO"}`},
		{"replacement", v3.OrderReplaceRequest{Quantity: dec("50.000"), LimitPrice: dec("416.10"),
			AdvancedOptions: v3.ReplaceAdvancedOptions{ShowOnlyQuantity: dec("5.0")}},
			`{"AdvancedOptions":{"ShowOnlyQuantity":"5"},"LimitPrice":"416.10","Quantity":"50"}`},
		{"fractional quantity keeps its digits", v3.OrderReplaceRequest{Quantity: dec("0.0025")}, `{"Quantity":"0.0025"}`},
		{"absent quantity stays out", v3.OrderReplaceRequest{LimitPrice: dec("1")}, `{"LimitPrice":"1"}`},
	}
	for _, c := range cases {
		got, err := json.Marshal(c.body)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if string(got) != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	if order.Quantity.String() != "100.0" || order.OSOs[0].Orders[0].Quantity.String() != "100.00" {
		t.Errorf("encoding changed the caller's values: %s, %s", order.Quantity, order.OSOs[0].Orders[0].Quantity)
	}
}

// A quantity trimmed on the way out decodes to the same number.
func TestTrimmedOrderDecodesToTheSameOrder(t *testing.T) {
	in := v3.OrderRequest{AccountID: "1", Symbol: "MSFT", Quantity: dec("3.0"), OrderType: v3.OrderTypeMarket,
		TradeAction: v3.TradeActionBuy, TimeInForce: v3.TimeInForce{Duration: v3.DurationDay}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out v3.OrderRequest
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Quantity.Cmp(in.Quantity) != 0 || out.Quantity.String() != "3" || out.Symbol != "MSFT" {
		t.Errorf("round trip gave %+v", out)
	}
}
