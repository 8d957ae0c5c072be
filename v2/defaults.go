package v2

import (
	"github.com/tradestation-go/tradestation/internal/requestconfig"
	"github.com/tradestation-go/tradestation/option"
)

// apiDefaults are the options every Client starts with, before its
// caller's: every v2 request carries APIVersion=20160101, which picks the
// answer shapes this package decodes (PlaceOrder answers one object, not
// an array).
var apiDefaults = []option.RequestOption{requestconfig.WithQuery("APIVersion", "20160101")}
