package book

import (
	"reflect"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// TestSameOrderSeesEveryField changes each field of an order, nested ones
// included, and wants sameOrder to see the difference: it fails when the
// spec gives v3.Order a field that sameOrder does not compare.
func TestSameOrderSeesEveryField(t *testing.T) {
	base := v3.Order{
		Legs: []v3.OrderLeg{{}}, ConditionalOrders: []v3.LinkedOrder{{}},
		MarketActivationRules: []v3.MarketActivationRule{{}}, TimeActivationRules: []v3.TimeActivationRule{{}},
	}
	if !sameOrder(base, cloneOrder(base)) {
		t.Fatal("an order differs from its copy")
	}
	leaves := 0
	var walk func(path []int, typ reflect.Type, name string)
	walk = func(path []int, typ reflect.Type, name string) {
		switch {
		case typ == reflect.TypeFor[value.Decimal]() || typ == reflect.TypeFor[time.Time]() || typ.Kind() != reflect.Struct && typ.Kind() != reflect.Slice:
			leaves++
			changed := cloneOrder(base)
			setLeaf(t, at(reflect.ValueOf(&changed).Elem(), path), name)
			if sameOrder(base, changed) || sameOrder(changed, base) {
				t.Errorf("sameOrder misses a change of %s", name)
			}
		case typ.Kind() == reflect.Slice:
			walk(append(path, -1), typ.Elem(), name+"[0]")
		default:
			for i := range typ.NumField() {
				walk(append(append([]int(nil), path...), i), typ.Field(i).Type, name+"."+typ.Field(i).Name)
			}
		}
	}
	walk(nil, reflect.TypeFor[v3.Order](), "Order")
	if leaves < 40 {
		t.Fatalf("only %d fields walked", leaves)
	}
	longer := cloneOrder(base)
	longer.Legs = append(longer.Legs, v3.OrderLeg{})
	if sameOrder(base, longer) {
		t.Error("sameOrder misses an added leg")
	}
}

// at follows path from v: field indexes, -1 for a slice's first element.
func at(v reflect.Value, path []int) reflect.Value {
	for _, i := range path {
		if i < 0 {
			v = v.Index(0)
		} else {
			v = v.Field(i)
		}
	}
	return v
}

func setLeaf(t *testing.T, v reflect.Value, name string) {
	switch {
	case v.Type() == reflect.TypeFor[value.Decimal]():
		v.Set(reflect.ValueOf(dec("1")))
	case v.Type() == reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(t0))
	case v.Kind() == reflect.String:
		v.SetString("x")
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.CanInt():
		v.SetInt(1)
	case v.CanUint():
		v.SetUint(1)
	case v.CanFloat():
		v.SetFloat(1)
	default:
		t.Fatalf("%s: a field of kind %s that the test cannot change", name, v.Kind())
	}
}
