package value_test

import (
	"fmt"

	"github.com/tradestation-go/tradestation/value"
)

// The spread of a quote, exact to the cent: no float64 in between.
func ExampleDecimal_spread() {
	bid := value.MustParseDecimal("415.18")
	ask := value.MustParseDecimal("415.21")
	spread := ask.Sub(bid)
	mid, _ := ask.Add(bid).Quo(value.NewDecimal(2, 0), 3)
	fmt.Println("spread", spread, "mid", mid)
	// Output: spread 0.03 mid 415.195
}

// The profit or loss of a position from its average price, the last
// price and the quantity, as TradeStation sends them.
func ExampleDecimal_profitAndLoss() {
	average := value.MustParseDecimal("412.355")
	last := value.MustParseDecimal("415.20")
	quantity := value.MustParseDecimal("150")

	pnl := last.Sub(average).Mul(quantity)
	pct, err := last.Sub(average).Quo(average, 6)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("P&L", pnl, "rounded", pnl.Round(2))
	fmt.Println("return", pct.Mul(value.NewDecimal(100, 0)).Round(2), "%")

	// A price the answer lacked makes the result absent, not wrong.
	var missing value.Decimal
	fmt.Println("absent:", missing.Sub(average).Mul(quantity).IsZero())
	// Output:
	// P&L 426.750 rounded 426.75
	// return 0.69 %
	// absent: true
}
