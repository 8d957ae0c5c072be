package spectest

import (
	"reflect"
	"slices"

	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// openerOf returns the stream opener registered for op ("v3.StreamQuotes"),
// or nil.
func openerOf(op string) any {
	if !slices.Contains(streamhook.Ops(), op) {
		return nil
	}
	return streamhook.Lookup[any](op)
}

// streamMessages are the Go types of the stream messages the specs name.
var streamMessages = map[string]reflect.Type{
	"v3.BarStreamMessage":                  reflect.TypeFor[v3.BarStreamMessage](),
	"v3.MarketDepthAggregateStreamMessage": reflect.TypeFor[v3.MarketDepthAggregateStreamMessage](),
	"v3.MarketDepthQuoteStreamMessage":     reflect.TypeFor[v3.MarketDepthQuoteStreamMessage](),
	"v3.OrderStreamMessage":                reflect.TypeFor[v3.OrderStreamMessage](),
	"v3.PositionStreamMessage":             reflect.TypeFor[v3.PositionStreamMessage](),
	"v3.QuoteStreamMessage":                reflect.TypeFor[v3.QuoteStreamMessage](),
	"v3.SpreadStreamMessage":               reflect.TypeFor[v3.SpreadStreamMessage](),
	"v2.Quote":                             reflect.TypeFor[v2.Quote](),
	"v2.Bar":                               reflect.TypeFor[v2.Bar](),
	"v2.TickBar":                           reflect.TypeFor[v2.TickBar](),
}

// errorBodies are the types of each version's error answers.
var errorBodies = map[string]reflect.Type{
	"v3": reflect.TypeFor[v3.ErrorResponse](),
	"v2": reflect.TypeFor[v2.ErrorResponse](),
}
