package wire

import (
	"encoding/json"
	"reflect"

	fastjson "github.com/segmentio/encoding/json"
)

// Unmarshal decodes data into v, a pointer to a zero value, and gives the
// result encoding/json gives: the same value, keys matched without regard
// to case, unknown fields ignored, the types' own UnmarshalJSON methods
// called. The work is done by segmentio/encoding, about three times
// faster; when it fails, encoding/json decodes data again from a zero
// value and its answer stands, so an error is always encoding/json's own
// (*json.SyntaxError, *json.UnmarshalTypeError, naming the field), and a
// value that segmentio/encoding would refuse but encoding/json accepts
// still decodes. The differential tests in spectest/ prove the rest.
//
// Every body and stream message of the SDK is decoded here; requests are
// encoded with encoding/json.
func Unmarshal(data []byte, v any) error {
	if fastjson.Unmarshal(data, v) == nil {
		return nil
	}
	if p := reflect.ValueOf(v); p.Kind() == reflect.Pointer && !p.IsNil() {
		p.Elem().SetZero()
	}
	return json.Unmarshal(data, v)
}
