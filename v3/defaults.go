package v3

import "github.com/tradestation-go/tradestation/option"

// apiDefaults are the options every Client starts with, before its
// caller's: none for v3 (v2 sends its APIVersion).
var apiDefaults []option.RequestOption
