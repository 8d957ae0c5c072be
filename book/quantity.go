package book

import (
	"math/big"

	"github.com/tradestation-go/tradestation/value"
)

// noFill is the Filled of an event that fills nothing: a present 0, so
// that a sum of Filled over events stays a number.
var noFill = value.NewDecimal(0, 0)

// increase adds now − was to sum.
func increase(sum *big.Rat, now, was value.Decimal) {
	sum.Add(sum, now.Rat())
	sum.Sub(sum, was.Rat())
}

// exact writes r, a difference of decimals (so a terminating fraction),
// as a Decimal with as many digits after the point as it needs.
func exact(r *big.Rat) value.Decimal {
	scaled := new(big.Rat).Set(r)
	ten := big.NewRat(10, 1)
	places := 0
	for !scaled.IsInt() && places < 1000 {
		scaled.Mul(scaled, ten)
		places++
	}
	return value.DecimalFromRat(r, places)
}
