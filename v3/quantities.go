package v3

import "encoding/json"

// Order quantities go out in their shortest form: TradeStation refuses
// "1.0" for one share, so a Decimal read as "1.0" or "1.50" is sent as "1"
// or "1.5" (value.Decimal.Trim). Prices and every other field keep the
// digits they were given. The plain types below have the fields of the
// generated ones without their methods, so json.Marshal does the rest.

// MarshalJSON writes the order with its quantities trimmed.
func (r OrderRequest) MarshalJSON() ([]byte, error) {
	type plain OrderRequest
	p := plain(r)
	p.Quantity = p.Quantity.Trim()
	return json.Marshal(p)
}

// MarshalJSON writes the leg with its quantity trimmed.
func (l OrderRequestLeg) MarshalJSON() ([]byte, error) {
	type plain OrderRequestLeg
	p := plain(l)
	p.Quantity = p.Quantity.Trim()
	return json.Marshal(p)
}

// MarshalJSON writes the replacement with its quantities trimmed.
func (r OrderReplaceRequest) MarshalJSON() ([]byte, error) {
	type plain OrderReplaceRequest
	p := plain(r)
	p.Quantity = p.Quantity.Trim()
	return json.Marshal(p)
}

// MarshalJSON writes the options with ShowOnlyQuantity trimmed.
func (o AdvancedOptions) MarshalJSON() ([]byte, error) {
	type plain AdvancedOptions
	p := plain(o)
	p.ShowOnlyQuantity = p.ShowOnlyQuantity.Trim()
	return json.Marshal(p)
}

// MarshalJSON writes the options with ShowOnlyQuantity trimmed.
func (o ReplaceAdvancedOptions) MarshalJSON() ([]byte, error) {
	type plain ReplaceAdvancedOptions
	p := plain(o)
	p.ShowOnlyQuantity = p.ShowOnlyQuantity.Trim()
	return json.Marshal(p)
}
