package payloadtest

import (
	"reflect"

	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// types maps the manifest's go_package.go_type (without a leading []) to
// the SDK type. A manifest row naming a type missing here fails the test,
// so a new kind of payload cannot be skipped by accident.
var types = map[string]reflect.Type{
	"v3.Accounts":           reflect.TypeFor[v3.Accounts](),
	"v3.Balances":           reflect.TypeFor[v3.Balances](),
	"v3.BODBalances":        reflect.TypeFor[v3.BODBalances](),
	"v3.Bars":               reflect.TypeFor[v3.Bars](),
	"v3.Expirations":        reflect.TypeFor[v3.Expirations](),
	"v3.Order":              reflect.TypeFor[v3.Order](),
	"v3.OrderConfirmations": reflect.TypeFor[v3.OrderConfirmations](),
	"v3.OrderRequest":       reflect.TypeFor[v3.OrderRequest](),
	"v3.OrderResult":        reflect.TypeFor[v3.OrderResult](),
	"v3.OrderResults":       reflect.TypeFor[v3.OrderResults](),
	"v3.Orders":             reflect.TypeFor[v3.Orders](),
	"v3.Positions":          reflect.TypeFor[v3.Positions](),
	"v3.Quote":              reflect.TypeFor[v3.Quote](),
	"v3.QuoteSnapshot":      reflect.TypeFor[v3.QuoteSnapshot](),
	"v3.RiskReward":         reflect.TypeFor[v3.RiskReward](),
	"v3.StreamError":        reflect.TypeFor[v3.StreamError](),
	"v3.StreamStatus":       reflect.TypeFor[v3.StreamStatus](),
	"v3.SymbolDetails":      reflect.TypeFor[v3.SymbolDetails](),

	"v2.Account":              reflect.TypeFor[v2.Account](),
	"v2.Balance":              reflect.TypeFor[v2.Balance](),
	"v2.Bar":                  reflect.TypeFor[v2.Bar](),
	"v2.CancelReplaceRequest": reflect.TypeFor[v2.CancelReplaceRequest](),
	"v2.GroupOrderRequest":    reflect.TypeFor[v2.GroupOrderRequest](),
	"v2.Order":                reflect.TypeFor[v2.Order](),
	"v2.OrderConfirmation":    reflect.TypeFor[v2.OrderConfirmation](),
	"v2.OrderRequest":         reflect.TypeFor[v2.OrderRequest](),
	"v2.OrderResult":          reflect.TypeFor[v2.OrderResult](),
	"v2.Position":             reflect.TypeFor[v2.Position](),
	"v2.Quote":                reflect.TypeFor[v2.Quote](),
	"v2.Symbol":               reflect.TypeFor[v2.Symbol](),
	"v2.SymbolList":           reflect.TypeFor[v2.SymbolList](),
	"v2.SymbolListSymbol":     reflect.TypeFor[v2.SymbolListSymbol](),
	"v2.TickBar":              reflect.TypeFor[v2.TickBar](),
}
