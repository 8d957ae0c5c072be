package v2

// PlaceOrder and ConfirmOrder answer one object under API version 20160101
// but an array of them under older versions; the spec accepts both (oneOf),
// and these helpers give callers one shape.

import (
	"bytes"
	"fmt"
)

// List returns the order results, whether the API answered one object or
// an array. A body that is neither is an error.
func (t OrderResultOneOrMany) List() ([]OrderResult, error) {
	raw, err := t.MarshalJSON()
	if err != nil {
		return nil, err
	}
	switch jsonKind(raw) {
	case '{':
		one, err := t.AsOrderResult()
		if err != nil {
			return nil, err
		}
		return []OrderResult{one}, nil
	case '[':
		return t.AsOrderResultList()
	}
	return nil, fmt.Errorf("v2: order result is neither an object nor an array: %.60s", raw)
}

// List returns the confirmations, whether the API answered one object or
// an array. A body that is neither is an error.
func (t OrderConfirmationOneOrMany) List() ([]OrderConfirmation, error) {
	raw, err := t.MarshalJSON()
	if err != nil {
		return nil, err
	}
	switch jsonKind(raw) {
	case '{':
		one, err := t.AsOrderConfirmation()
		if err != nil {
			return nil, err
		}
		return []OrderConfirmation{one}, nil
	case '[':
		return t.AsOrderConfirmationList()
	}
	return nil, fmt.Errorf("v2: order confirmation is neither an object nor an array: %.60s", raw)
}

// jsonKind returns the first byte of a JSON value after white space.
func jsonKind(raw []byte) byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}
