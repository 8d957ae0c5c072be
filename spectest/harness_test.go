package spectest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// loadSpec reads and validates one of the project's OpenAPI documents.
func loadSpec(t testing.TB, path string) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("%s is not a valid OpenAPI document: %v", path, err)
	}
	return doc
}

// operation is one method+path of a document.
type operation struct {
	method, path string
	op           *openapi3.Operation
}

func operations(doc *openapi3.T) []operation {
	var ops []operation
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Find(path).Operations() {
			ops = append(ops, operation{method, path, op})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].op.OperationID < ops[j].op.OperationID })
	return ops
}

// example is one example body of a request or response.
type example struct {
	name        string
	contentType string
	raw         []byte
}

func mediaExamples(content openapi3.Content) []example {
	var out []example
	types := make([]string, 0, len(content))
	for ct := range content {
		types = append(types, ct)
	}
	sort.Strings(types)
	for _, ct := range types {
		mt := content[ct]
		if mt.Example != nil {
			out = append(out, example{"example", ct, mustJSON(mt.Example)})
		}
		names := make([]string, 0, len(mt.Examples))
		for name := range mt.Examples {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if ex := mt.Examples[name]; ex != nil && ex.Value != nil {
				out = append(out, example{name, ct, mustJSON(ex.Value.Value)})
			}
		}
	}
	return out
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// canned answers every request with one prepared response and records the
// request body it was sent.
type canned struct {
	status      int
	contentType string
	body        []byte
	sent        []byte
	path        string
}

func (c *canned) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		c.sent, _ = io.ReadAll(req.Body)
	}
	c.path = req.URL.EscapedPath()
	return &http.Response{
		StatusCode: c.status,
		Header:     http.Header{"Content-Type": {c.contentType}},
		Body:       io.NopCloser(bytes.NewReader(c.body)),
		Request:    req,
	}, nil
}

// call invokes <OperationID>WithResponse on client (a generated
// *ClientWithResponses built on rt) with path parameters from the
// document's examples and, when the operation has one, body as the JSON
// request body. It returns the typed response struct.
func call(t *testing.T, client any, o operation, body []byte) reflect.Value {
	t.Helper()
	return callWith(t, client, o, body, nil)
}

// callWith is call with some parameters' values replaced: override maps a
// path or query parameter name to the value to send.
func callWith(t *testing.T, client any, o operation, body []byte, override map[string]string) reflect.Value {
	t.Helper()
	name := o.op.OperationID + "WithResponse"
	m := reflect.ValueOf(client).MethodByName(name)
	if !m.IsValid() {
		t.Fatalf("%s: the generated client has no method %s", o.op.OperationID, name)
	}
	mt := m.Type()
	valueOf := func(p *openapi3.Parameter) string {
		if v, ok := override[p.Name]; ok {
			return v
		}
		return paramExample(p)
	}
	var pathValues []string
	required := map[string]string{} // query parameters the call must carry
	for _, p := range o.op.Parameters {
		switch {
		case p.Value.In == openapi3.ParameterInPath:
			pathValues = append(pathValues, valueOf(p.Value))
		case p.Value.In == openapi3.ParameterInQuery && p.Value.Required:
			required[p.Value.Name] = valueOf(p.Value)
		}
	}
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	last := mt.NumIn() - 1 // the variadic editors
	hasBody := o.op.RequestBody != nil
	for i := 1; i < last; i++ {
		in := mt.In(i)
		switch {
		case hasBody && i == last-1:
			v := reflect.New(in)
			if err := strictDecode(body, v.Interface()); err != nil {
				t.Fatalf("%s: request example does not decode into %s: %v", o.op.OperationID, in, err)
			}
			args = append(args, v.Elem())
		case in.Kind() == reflect.Pointer && in.Elem().Kind() == reflect.Struct:
			args = append(args, queryParams(t, in.Elem(), required))
		default:
			if len(pathValues) == 0 {
				t.Fatalf("%s: argument %d (%s) has no path parameter to fill it", o.op.OperationID, i, in)
			}
			args = append(args, scalar(t, in, pathValues[0]))
			pathValues = pathValues[1:]
		}
	}
	out := m.Call(args)
	if err, _ := out[1].Interface().(error); err != nil {
		t.Fatalf("%s: %v", o.op.OperationID, err)
	}
	return out[0].Elem()
}

// queryParams builds a generated XxxParams value holding the required query
// parameters (the optional ones, pointers, stay unset).
func queryParams(t *testing.T, typ reflect.Type, values map[string]string) reflect.Value {
	t.Helper()
	v := reflect.New(typ)
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("form"), ",")
		if s, ok := values[name]; ok && f.Type.Kind() != reflect.Pointer {
			v.Elem().Field(i).Set(scalar(t, f.Type, s))
		}
	}
	return v
}

func paramExample(p *openapi3.Parameter) string {
	switch {
	case p.Example != nil:
		return fmt.Sprint(p.Example)
	case p.Schema != nil && p.Schema.Value.Example != nil:
		return fmt.Sprint(p.Schema.Value.Example)
	case p.Schema != nil && len(p.Schema.Value.Enum) > 0:
		return fmt.Sprint(p.Schema.Value.Enum[0])
	}
	return "1"
}

func scalar(t *testing.T, typ reflect.Type, s string) reflect.Value {
	t.Helper()
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("path parameter example %q is not an integer", s)
		}
		v.SetInt(n)
	default:
		if u, ok := v.Addr().Interface().(interface{ UnmarshalText([]byte) error }); ok {
			if err := u.UnmarshalText([]byte(s)); err != nil {
				t.Fatalf("path parameter example %q: %v", s, err)
			}
			break
		}
		t.Fatalf("cannot fill a path parameter of type %s", typ)
	}
	return v
}

// typedBody returns the decoded body field of a generated response struct
// for status (JSON200, ApplicationvndTradestationStreamsV2JSON200, ...).
func typedBody(resp reflect.Value, status string) (reflect.Value, bool) {
	typ := resp.Type()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if strings.HasSuffix(f.Name, "JSON"+status) || strings.HasSuffix(f.Name, "Json"+status) {
			v := resp.Field(i)
			return v, !v.IsNil()
		}
	}
	return reflect.Value{}, false
}

// strictDecode decodes like the generated client does, but refuses fields
// that the Go type has no place for: a dropped field is an error.
func strictDecode(raw []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(into)
}

// sameJSON compares an example with what the Go types re-encode it as. A
// decimal written as a JSON number and re-encoded as a string is the same
// value; so are two spellings of one RFC 3339 instant. With zeroMayVanish,
// a field whose example value is a zero (false, 0, "", [], {}) may be
// missing from the re-encoding: optional fields are plain values with
// omitzero, and reading them back gives the same zero.
func sameJSON(want, got []byte, zeroMayVanish bool) error {
	var w, g any
	if err := decodeNumbers(want, &w); err != nil {
		return fmt.Errorf("example is not JSON: %v", err)
	}
	if err := decodeNumbers(got, &g); err != nil {
		return fmt.Errorf("re-encoding is not JSON: %v", err)
	}
	return sameValue("$", w, g, zeroMayVanish)
}

func decodeNumbers(b []byte, v *any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

func sameValue(at string, w, g any, zeroMayVanish bool) error {
	switch wv := w.(type) {
	case map[string]any:
		gv, ok := g.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: object became %s", at, short(g))
		}
		matched := map[string]bool{}
		for k, x := range wv {
			gk := foldKey(gv, k)
			y, present := gv[gk]
			matched[gk] = present
			if !present {
				if zeroMayVanish && isZero(x) {
					continue
				}
				return fmt.Errorf("%s.%s: dropped (was %s)", at, k, short(x))
			}
			if err := sameValue(at+"."+k, x, y, zeroMayVanish); err != nil {
				return err
			}
		}
		for k, y := range gv {
			if !matched[k] {
				return fmt.Errorf("%s.%s: appeared from nowhere (%s)", at, k, short(y))
			}
		}
		return nil
	case []any:
		gv, ok := g.([]any)
		if !ok || len(gv) != len(wv) {
			return fmt.Errorf("%s: array of %d became %s", at, len(wv), short(g))
		}
		for i := range wv {
			if err := sameValue(fmt.Sprintf("%s[%d]", at, i), wv[i], gv[i], zeroMayVanish); err != nil {
				return err
			}
		}
		return nil
	}
	if scalarEqual(w, g) {
		return nil
	}
	return fmt.Errorf("%s: %s became %s", at, short(w), short(g))
}

// foldKey finds k in m as encoding/json does when decoding: the exact key,
// or else one equal under case folding ("AccountId" fills AccountID).
func foldKey(m map[string]any, k string) string {
	if _, ok := m[k]; ok {
		return k
	}
	for mk := range m {
		if strings.EqualFold(mk, k) {
			return mk
		}
	}
	return k
}

func scalarEqual(w, g any) bool {
	if w == g {
		return true
	}
	ws, wIsText := scalarText(w)
	gs, gIsText := scalarText(g)
	if !wIsText || !gIsText {
		return false
	}
	if ws == gs {
		return true
	}
	if a, ok := new(big.Rat).SetString(ws); ok {
		if b, ok := new(big.Rat).SetString(gs); ok {
			return a.Cmp(b) == 0
		}
	}
	if a, err := time.Parse(time.RFC3339Nano, ws); err == nil {
		if b, err := time.Parse(time.RFC3339Nano, gs); err == nil {
			return a.Equal(b)
		}
	}
	return false
}

func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	}
	return "", false
}

func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		return x == ""
	case json.Number:
		r, ok := new(big.Rat).SetString(x.String())
		return ok && r.Sign() == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
