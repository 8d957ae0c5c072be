package v2_test

import (
	"encoding/json"
	"testing"

	v2 "github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/value"
)

// The bytes of every v2 body that carries an order quantity, as the client
// sends them (it encodes bodies with json.Marshal).
func TestV2OrderQuantitiesGoOutWithoutATrailingPointZero(t *testing.T) {
	d := value.MustParseDecimal
	order := v2.OrderRequest{
		AccountKey: "11823641", AssetType: v2.AssetTypeEquity, Symbol: "MSFT", Quantity: d("50.0"),
		TradeAction: v2.TradeActionBuy, OrderType: v2.OrderTypeLimit, LimitPrice: d("446.50"), Duration: v2.DurationDay,
		Legs: []v2.OrderRequestLeg{{Symbol: "MSFT", Quantity: d("50.00"), TradeAction: v2.TradeActionBuy}},
		OSOs: []v2.OSO{{Type: v2.OrderGroupTypeNormal, Orders: []v2.OrderRequest{{
			AccountKey: "11823641", AssetType: v2.AssetTypeEquity, Symbol: "MSFT", Quantity: d("5e1"),
			TradeAction: v2.TradeActionSell, OrderType: v2.OrderTypeLimit, LimitPrice: d("460.00"), Duration: v2.DurationDay,
		}}}},
	}
	cases := []struct {
		name string
		body any
		want string
	}{
		{"order with a leg and an OSO", order, `{"AccountKey":"11823641","AssetType":"EQ","Duration":"DAY",` +
			`"Legs":[{"Quantity":"50","Symbol":"MSFT","TradeAction":"BUY"}],"LimitPrice":"446.50",` +
			`"OSOs":[{"Orders":[{"AccountKey":"11823641","AssetType":"EQ","Duration":"DAY","LimitPrice":"460.00","OrderType":"Limit","Quantity":"50","Symbol":"MSFT","TradeAction":"SELL"}],"Type":"NORMAL"}],` +
			`"OrderType":"Limit","Quantity":"50","Symbol":"MSFT","TradeAction":"BUY"}`},
		{"group", v2.GroupOrderRequest{Type: v2.OrderGroupTypeOCO, Orders: []v2.OrderRequest{order.OSOs[0].Orders[0]}},
			`{"Orders":[{"AccountKey":"11823641","AssetType":"EQ","Duration":"DAY","LimitPrice":"460.00","OrderType":"Limit","Quantity":"50","Symbol":"MSFT","TradeAction":"SELL"}],"Type":"OCO"}`},
		{"replacement", v2.CancelReplaceRequest{Symbol: "MSFT", OrderType: v2.OrderTypeLimit, Quantity: d("25.0"), LimitPrice: d("447.00")},
			`{"LimitPrice":"447.00","OrderType":"Limit","Quantity":"25","Symbol":"MSFT"}`},
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
	if order.Quantity.String() != "50.0" {
		t.Errorf("encoding changed the caller's quantity to %s", order.Quantity)
	}
}
