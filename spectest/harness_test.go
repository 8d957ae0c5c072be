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
func loadSpec(t *testing.T, path string) *openapi3.T {
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

// called is what one call of an operation gave: the Go type of its 2xx
// body (a REST method's answer, or a stream's message) and the error, if
// the call failed.
type called struct {
	pkg string // "v3" or "v2"
	typ reflect.Type
	err error
}

// call invokes operation o on c (a generated *v3.Client or *v2.Client built
// on the canned transport) with path parameters from the document's examples
// and, when the operation has one, body as the JSON request body. A REST
// operation is the client's method of that name; a stream operation is the
// opener that package stream uses (internal/streamhook).
func call(t *testing.T, c any, o operation, body []byte) called {
	t.Helper()
	return callWith(t, c, o, body, nil)
}

// callWith is call with some parameters' values replaced: override maps a
// path or query parameter name to the value to send.
func callWith(t *testing.T, c any, o operation, body []byte, override map[string]string) called {
	t.Helper()
	pkg := strings.TrimPrefix(reflect.TypeOf(c).Elem().PkgPath(), "github.com/tradestation-go/tradestation/")
	fn := reflect.ValueOf(c).MethodByName(o.op.OperationID)
	stream := !fn.IsValid()
	if stream {
		open := openerOf(pkg + "." + o.op.OperationID)
		if open == nil {
			t.Fatalf("%s: the generated client has no method %s and no stream opener", o.op.OperationID, o.op.OperationID)
		}
		fn = reflect.ValueOf(open)
	}
	ft := fn.Type()
	valueOf := func(p *openapi3.Parameter) any {
		if v, ok := override[p.Name]; ok {
			return v
		}
		return paramExample(p)
	}
	var pathValues []any
	required := map[string]any{} // query parameters the call must carry
	for _, p := range o.op.Parameters {
		switch {
		case p.Value.In == openapi3.ParameterInPath:
			pathValues = append(pathValues, valueOf(p.Value))
		case p.Value.In == openapi3.ParameterInQuery && p.Value.Required:
			required[p.Value.Name] = valueOf(p.Value)
		}
	}
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	first := 1
	if stream {
		args = append(args, reflect.ValueOf(c))
		first = 2
	}
	last := ft.NumIn() - 1 // the variadic options
	hasBody := o.op.RequestBody != nil
	for i := first; i < last; i++ {
		in := ft.In(i)
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
	out := fn.Call(args)
	err, _ := out[1].Interface().(error)
	if stream {
		if resp, ok := out[0].Interface().(*http.Response); ok && resp != nil {
			resp.Body.Close()
		}
		return called{pkg: pkg, typ: messageType(t, pkg, o), err: err}
	}
	return called{pkg: pkg, typ: ft.Out(0).Elem(), err: err}
}

// messageType is the Go type of a stream operation's messages: the type
// named by its 2xx answer's schema.
func messageType(t *testing.T, pkg string, o operation) reflect.Type {
	t.Helper()
	for status, ref := range o.op.Responses.Map() {
		if !strings.HasPrefix(status, "2") {
			continue
		}
		for _, mt := range ref.Value.Content {
			name := pkg + "." + mt.Schema.Ref[strings.LastIndex(mt.Schema.Ref, "/")+1:]
			if typ, ok := streamMessages[name]; ok {
				return typ
			}
			t.Fatalf("%s: no Go type listed for stream messages %s", o.op.OperationID, name)
		}
	}
	t.Fatalf("%s: no 2xx answer", o.op.OperationID)
	return nil
}

// queryParams builds a generated XxxParams value holding the required query
// parameters (the optional ones stay unset).
func queryParams(t *testing.T, typ reflect.Type, values map[string]any) reflect.Value {
	t.Helper()
	v := reflect.New(typ)
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("form"), ",")
		if s, ok := values[name]; ok {
			v.Elem().Field(i).Set(scalar(t, f.Type, s))
		}
	}
	return v
}

func paramExample(p *openapi3.Parameter) any {
	switch {
	case p.Example != nil:
		return p.Example
	case p.Schema != nil && p.Schema.Value.Example != nil:
		return p.Schema.Value.Example
	case p.Schema != nil && len(p.Schema.Value.Enum) > 0:
		return p.Schema.Value.Enum[0]
	}
	return "1"
}

// scalar makes a parameter value of type typ from an example: a list
// (a YAML list, or a comma-separated override) for a []string, else the
// example's text.
func scalar(t *testing.T, typ reflect.Type, example any) reflect.Value {
	t.Helper()
	v := reflect.New(typ).Elem()
	if typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.String {
		var items []string
		switch ex := example.(type) {
		case []any:
			for _, it := range ex {
				items = append(items, fmt.Sprint(it))
			}
		default:
			items = strings.Split(fmt.Sprint(ex), ",")
		}
		for _, it := range items {
			v = reflect.Append(v, reflect.ValueOf(it).Convert(typ.Elem()))
		}
		return v
	}
	s := fmt.Sprint(example)
	switch typ.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("parameter example %q is not an integer", s)
		}
		v.SetInt(n)
	default:
		if u, ok := v.Addr().Interface().(interface{ UnmarshalText([]byte) error }); ok {
			if err := u.UnmarshalText([]byte(s)); err != nil {
				t.Fatalf("parameter example %q: %v", s, err)
			}
			break
		}
		t.Fatalf("cannot fill a parameter of type %s", typ)
	}
	return v
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
