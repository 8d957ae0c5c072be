package sim

import "github.com/tradestation-go/tradestation/value"

func dec(s string) value.Decimal { return value.MustParseDecimal(s) }
