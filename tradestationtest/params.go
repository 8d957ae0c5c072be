package tradestationtest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"github.com/oapi-codegen/runtime"
)

// maxBodyBytes bounds a request body, or a page the Browser reads.
const maxBodyBytes = 1 << 20

// bindQuery fills a generated ...Params struct from the query string, the
// way the generated client wrote it; a value that does not parse is a 400
// naming the parameter.
func bindQuery(r *http.Request, params any) error {
	q := r.URL.Query()
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
		if err := runtime.BindRawQueryParameter("form", true, required, name, r.URL.RawQuery, v.Field(i).Addr().Interface()); err != nil {
			return badf("The query parameter %s has an invalid value %q.", name, q.Get(name))
		}
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
