package book

import (
	"reflect"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

var (
	decimalType = reflect.TypeFor[value.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
)

// sameOrder reports whether two observations of an order say the same
// thing: equal numbers ("1" and "1.0"), equal instants (whatever their
// zone), equal everything else. It walks every field, so a field added to
// the spec is compared without a change here.
func sameOrder(a, b v3.Order) bool {
	return same(reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem())
}

// same compares a and b, addressable values of one type (so that taking
// a Decimal's or a Time's address boxes nothing).
func same(a, b reflect.Value) bool {
	switch t := a.Type(); {
	case t == decimalType && a.CanInterface():
		return sameDecimal(*a.Addr().Interface().(*value.Decimal), *b.Addr().Interface().(*value.Decimal))
	case t == timeType && a.CanInterface():
		return a.Addr().Interface().(*time.Time).Equal(*b.Addr().Interface().(*time.Time))
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			if !same(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !same(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return same(a.Elem(), b.Elem())
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	}
	// Maps, interfaces and the like, which orders and positions do not
	// hold today: compared whole where reflection allows, else reported as
	// different (an extra Updated, never a missed change).
	return a.CanInterface() && reflect.DeepEqual(a.Interface(), b.Interface())
}
