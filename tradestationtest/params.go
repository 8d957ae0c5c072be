package tradestationtest

import (
	"encoding"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"github.com/oapi-codegen/runtime"
)

// maxBodyBytes bounds a request body, or a page the Browser reads.
const maxBodyBytes = 1 << 20

// bindQuery fills a generated ...Params struct from the query string, the
// way the generated client wrote it; a value that does not parse is a 400
// naming the parameter. Parameter names are matched without regard to
// case (barsback, barsBack and BarsBack are one parameter): TradeStation's
// documentation mixes conventions (barsback beside pageSize), clients
// written from it guess either way, and nothing says that TradeStation
// itself refuses a name for its case, so the fake does not either.
func bindQuery(r *http.Request, params any) error {
	q := canonicalQuery(r.URL.Query(), params)
	raw := q.Encode()
	v := reflect.ValueOf(params).Elem()
	for i := range v.NumField() {
		tag := v.Type().Field(i).Tag.Get("form")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			continue
		}
		required := !strings.Contains(opts, "omitempty")
		if required && q.Get(name) == "" {
			return badf("The query parameter %s is required.", name)
		}
		if err := bindField(v.Field(i), name, q, raw, required); err != nil {
			return badf("The query parameter %s has an invalid value %q.", name, q.Get(name))
		}
	}
	return nil
}

// given is v, or nil when v is its zero value: the generated params are
// plain values, and the checks still tell a parameter that was not sent
// from one that was.
func given[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// canonicalQuery renames the query's parameters to the spelling of the
// matching form tag of params, when one matches without regard to case.
func canonicalQuery(q url.Values, params any) url.Values {
	t := reflect.TypeOf(params).Elem()
	out := url.Values{}
	for key, vals := range q {
		name := key
		for i := range t.NumField() {
			if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("form"), ","); tag != "" && strings.EqualFold(tag, key) {
				name = tag
				break
			}
		}
		out[name] = append(out[name], vals...)
	}
	return out
}

// bindField sets one field: types that read themselves from text (such as
// value.Decimal, which the generator's runtime would take for an object)
// directly, the others through the runtime.
func bindField(f reflect.Value, name string, q url.Values, raw string, required bool) error {
	target := f
	if f.Kind() == reflect.Pointer {
		target = reflect.New(f.Type().Elem()).Elem()
	}
	tu, ok := target.Addr().Interface().(encoding.TextUnmarshaler)
	if !ok {
		return runtime.BindRawQueryParameter("form", true, required, name, raw, f.Addr().Interface())
	}
	if !q.Has(name) {
		return nil
	}
	if err := tu.UnmarshalText([]byte(q.Get(name))); err != nil {
		return err
	}
	if f.Kind() == reflect.Pointer {
		f.Set(target.Addr())
	}
	return nil
}

// decodeBody reads a JSON request body into v (a generated request type).
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err := dec.Decode(v); err != nil {
		return badf("The request body is not valid JSON of the expected shape: %v.", err)
	}
	return nil
}
