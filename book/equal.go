package book

import (
	"slices"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// sameOrder reports whether two observations of an order say the same
// thing: equal numbers ("1" and "1.0"), equal instants (whatever their
// zone), equal everything else. It names every field, for speed (it runs
// on every message); TestSameOrderSeesEveryField fails when the spec adds
// a field that it does not compare.
func sameOrder(a, b v3.Order) bool {
	return a.AccountID == b.AccountID && a.OrderID == b.OrderID && a.Status == b.Status &&
		a.StatusDescription == b.StatusDescription && a.OrderType == b.OrderType &&
		a.AdvancedOptions == b.AdvancedOptions && a.Currency == b.Currency && a.Duration == b.Duration &&
		a.GroupName == b.GroupName && a.RejectReason == b.RejectReason && a.Routing == b.Routing && a.Spread == b.Spread &&
		a.OpenedDateTime.Equal(b.OpenedDateTime) && a.ClosedDateTime.Equal(b.ClosedDateTime) && a.GoodTillDate.Equal(b.GoodTillDate) &&
		sameDecimal(a.LimitPrice, b.LimitPrice) && sameDecimal(a.StopPrice, b.StopPrice) &&
		sameDecimal(a.FilledPrice, b.FilledPrice) && sameDecimal(a.CommissionFee, b.CommissionFee) &&
		sameDecimal(a.ConversionRate, b.ConversionRate) && sameDecimal(a.PriceUsedForBuyingPower, b.PriceUsedForBuyingPower) &&
		sameDecimal(a.ShowOnlyQuantity, b.ShowOnlyQuantity) && sameDecimal(a.UnbundledRouteFee, b.UnbundledRouteFee) &&
		sameDecimal(a.TrailingStop.Amount, b.TrailingStop.Amount) && sameDecimal(a.TrailingStop.Percent, b.TrailingStop.Percent) &&
		slices.EqualFunc(a.Legs, b.Legs, sameLeg) &&
		slices.Equal(a.ConditionalOrders, b.ConditionalOrders) &&
		slices.EqualFunc(a.MarketActivationRules, b.MarketActivationRules, sameMarketRule) &&
		slices.EqualFunc(a.TimeActivationRules, b.TimeActivationRules, func(x, y v3.TimeActivationRule) bool { return x.TimeUtc.Equal(y.TimeUtc) })
}

func sameLeg(a, b v3.OrderLeg) bool {
	return a.Symbol == b.Symbol && a.Underlying == b.Underlying && a.AssetType == b.AssetType &&
		a.BuyOrSell == b.BuyOrSell && a.OpenOrClose == b.OpenOrClose && a.OptionType == b.OptionType &&
		a.ExpirationDate.Equal(b.ExpirationDate) &&
		sameDecimal(a.ExecQuantity, b.ExecQuantity) && sameDecimal(a.ExecutionPrice, b.ExecutionPrice) &&
		sameDecimal(a.QuantityOrdered, b.QuantityOrdered) && sameDecimal(a.QuantityRemaining, b.QuantityRemaining) &&
		sameDecimal(a.StrikePrice, b.StrikePrice)
}

func sameMarketRule(a, b v3.MarketActivationRule) bool {
	return a.RuleType == b.RuleType && a.Symbol == b.Symbol && a.Predicate == b.Predicate &&
		a.TriggerKey == b.TriggerKey && a.LogicOperator == b.LogicOperator && sameDecimal(a.Price, b.Price)
}

// sameDecimal reports whether a and b are both absent or the same number.
// Different float64s mean different numbers, which saves Cmp's math/big
// for numbers of different scales ("10" and "10.05").
func sameDecimal(a, b value.Decimal) bool {
	return a.IsZero() == b.IsZero() && a.Float64() == b.Float64() && a.Cmp(b) == 0
}
