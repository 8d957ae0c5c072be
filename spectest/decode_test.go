package spectest

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tradestation-go/tradestation/internal/wire"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// The differential test of the SDK's JSON decoding: every example of both
// specs, every recorded payload, inputs made to be hard and every fuzzed
// input is decoded into the generated types by encoding/json and by the
// decoder of every SDK body and stream message, and the two must agree on
// success or failure, on the error's text and on the value decoded.

// decode is the SDK's decoder under test.
var decode = wire.Unmarshal

// clients are the generated REST clients; every type their methods take or
// return, directly or inside, is a type the SDK decodes, and so are the
// stream messages and the error bodies (clients_test.go).
var clients = []reflect.Type{
	reflect.TypeFor[*v3.Client](),
	reflect.TypeFor[*v2.Client](),
}

// generatedTypes returns every named type of packages v3 and v2 that a
// generated client, a stream message or an error body reaches
// (parameters, results, their fields and element types, and the members
// of unions through their AsXxx methods), keyed "v3.Quote", "v2.Bar".
func generatedTypes() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		if t.Name() != "" {
			pkg := path.Base(t.PkgPath())
			if pkg != "v3" && pkg != "v2" {
				return // time.Time, value.Decimal, net/http: not generated
			}
			if t.Kind() != reflect.Interface && !isWrapper(t) {
				out[pkg+"."+t.Name()] = t
			}
			pt := reflect.PointerTo(t)
			for i := range pt.NumMethod() {
				m := pt.Method(i)
				if strings.HasPrefix(m.Name, "As") && m.Type.NumIn() == 1 && m.Type.NumOut() == 2 {
					walk(m.Type.Out(0))
				}
			}
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(t.Elem())
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
		case reflect.Struct:
			for i := range t.NumField() {
				if f := t.Field(i); f.IsExported() {
					walk(f.Type)
				}
			}
		case reflect.Func:
			for i := range t.NumIn() {
				walk(t.In(i))
			}
			for i := range t.NumOut() {
				walk(t.Out(i))
			}
		}
	}
	for _, c := range clients {
		for i := range c.NumMethod() {
			walk(c.Method(i).Type)
		}
	}
	for _, t := range streamMessages {
		walk(t)
	}
	for _, t := range errorBodies {
		walk(t)
	}
	return out
}

// isWrapper tells the generated types that are not JSON bodies: clients,
// and response wrappers holding an *http.Response.
func isWrapper(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i).Type
		if f.Kind() == reflect.Interface || f.Kind() == reflect.Func || f.Kind() == reflect.Pointer && f.Elem().PkgPath() == "net/http" {
			return true
		}
	}
	return false
}

// typeNamed resolves a manifest's or a spec's type name: "Quote" in pkg,
// or "[]Quote" for a JSON array of them.
func typeNamed(types map[string]reflect.Type, pkg, name string) (reflect.Type, bool) {
	if elem, ok := strings.CutPrefix(name, "[]"); ok {
		t, ok := types[pkg+"."+elem]
		if !ok {
			return nil, false
		}
		return reflect.SliceOf(t), true
	}
	t, ok := types[pkg+"."+name]
	return t, ok
}

// decodeCase is one JSON text and the type it is meant for. mustDecode
// says that encoding/json is known to accept it (the spec's own examples),
// so that a comparison of two failures cannot pass for agreement.
type decodeCase struct {
	name       string
	typ        reflect.Type
	raw        []byte
	mustDecode bool
}

// specCases returns every example of the document at file (media examples
// of requests and responses, and examples of component schemas and
// responses) with the generated type of pkg its schema names. A stream
// example is also a case of the concrete message kind it is.
func specCases(t testing.TB, types map[string]reflect.Type, pkg, file string) []decodeCase {
	t.Helper()
	doc := loadSpec(t, file)
	var out []decodeCase
	add := func(where string, mt *openapi3.MediaType, exs []example) {
		for _, ex := range exs {
			if !strings.Contains(ex.contentType, "json") {
				continue
			}
			name := where + " " + ex.name
			typ, ok := schemaType(types, pkg, mt.Schema)
			if !ok {
				t.Errorf("%s: no generated type for its schema", name)
				continue
			}
			out = append(out, decodeCase{name, typ, ex.raw, true})
			if kind := streamKind(typ, ex.raw); kind != nil {
				out = append(out, decodeCase{name + " as " + kind.Name(), kind, ex.raw, true})
			}
		}
	}
	content := func(where string, c openapi3.Content) {
		for ct, mt := range c {
			add(where, mt, mediaExamples(openapi3.Content{ct: mt}))
		}
	}
	for _, o := range operations(doc) {
		if o.op.RequestBody != nil {
			content(pkg+" "+o.op.OperationID+" request", o.op.RequestBody.Value.Content)
		}
		for status, ref := range o.op.Responses.Map() {
			if ref.Ref == "" { // shared responses are checked once below
				content(pkg+" "+o.op.OperationID+" "+status, ref.Value.Content)
			}
		}
	}
	for _, name := range sortedKeys(doc.Components.Responses) {
		content(pkg+" response "+name, doc.Components.Responses[name].Value.Content)
	}
	for _, name := range sortedKeys(doc.Components.Schemas) {
		s := doc.Components.Schemas[name]
		if s.Value.Example == nil {
			continue
		}
		typ, ok := typeNamed(types, pkg, name)
		if !ok {
			continue // a schema no client reaches (an enum inlined elsewhere...)
		}
		out = append(out, decodeCase{pkg + " schema " + name, typ, mustJSON(s.Value.Example), true})
	}
	return out
}

// schemaType is the generated type of a media type's schema: a component
// reference, or an array of one.
func schemaType(types map[string]reflect.Type, pkg string, s *openapi3.SchemaRef) (reflect.Type, bool) {
	if s == nil {
		return nil, false
	}
	if name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
		return typeNamed(types, pkg, name)
	}
	if s.Value != nil && s.Value.Items != nil && s.Value.Type.Is("array") {
		if elem, ok := schemaType(types, pkg, s.Value.Items); ok {
			return reflect.SliceOf(elem), true
		}
	}
	return nil, false
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// payloadDir is where the recorded payloads are when the shared reference
// sits beside the checkout (they are never copied into the repository).
const payloadDir = "../../shared/reference/payloads"

// payloadCases returns every recorded payload with the type its manifest
// names (from payloadDir, or the folder TRADESTATION_PAYLOADS names), or
// nil when the payloads are not there. Old v2 documentation
// bodies may not fit the 20160101 types: they must fail alike, not decode.
func payloadCases(t testing.TB, types map[string]reflect.Type) []decodeCase {
	t.Helper()
	dir := os.Getenv("TRADESTATION_PAYLOADS")
	if dir == "" {
		dir = payloadDir
	}
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []decodeCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		cols := strings.Split(sc.Text(), "\t")
		if n == 1 || len(cols) < 3 {
			continue // the header
		}
		file, pkg, name := cols[0], cols[1], cols[2]
		typ, ok := typeNamed(types, pkg, name)
		if !ok {
			t.Errorf("manifest line %d: %s.%s is no generated type", n, pkg, name)
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, decodeCase{"payload " + file, typ, raw, false})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// allCases is every spec example and recorded payload.
func allCases(t testing.TB, types map[string]reflect.Type) []decodeCase {
	t.Helper()
	cases := specCases(t, types, "v3", "../openapi/v3.yaml")
	cases = append(cases, specCases(t, types, "v2", "../openapi/v2.yaml")...)
	return append(cases, payloadCases(t, types)...)
}

// hardInputs are where JSON decoders tend to part ways: keys in another
// case, escaped or folded beyond ASCII (ſ is s, K is k), duplicate keys,
// invalid UTF-8 and lone surrogates, numbers out of range or malformed,
// null and "" where a value type decodes them, v2 /Date()/ forms, trailing
// data, a byte order mark.
var hardInputs = []string{
	`{"symbol":"MSFT"}`, `{"SYMBOL":"MSFT"}`, `{"Symbol":"A","symbol":"B"}`, `{"symbol":"B","Symbol":"A"}`,
	`{"\u0053ymbol":"MSFT"}`, `{"Symbo\u006c":"MSFT"}`, "{\"Symbol\":\"\xff\xfe\"}", `{"Symbol":"\ud800"}`,
	`{"ſymbol":"MSFT"}`, `{"\u212aind":"x"}`, `{"AccountId":"1"}`, `{"accountid":"1","AccountID":"2"}`,
	`{"Last":"1.5"}`, `{"Last":1.5}`, `{"Last":1e400}`, `{"Last":-0}`, `{"Last":"-0"}`, `{"Last":null}`, `{"Last":""}`,
	`{"Last":"\u0031"}`, `{"Last":true}`, `{"Last":[1]}`, `{"Last":{}}`, `{"Last":01}`, `{"Last":1.}`, `{"Last":.1}`,
	`{"TradeTime":"2024-11-18T15:19:00Z"}`, `{"TradeTime":"2024-11-18T15:19:00+01:00"}`, `{"TradeTime":null}`, `{"TradeTime":""}`,
	`{"TradeTime":"2024-11-18 15:19:00Z"}`, `{"TradeTime":"2024-11-18T15:19:00.123456789Z"}`, `{"TradeTime":"2024-11-18T25:19:00Z"}`,
	`{"MarketFlags":null}`, `{"MarketFlags":{"IsBats":1}}`, `{"MarketFlags":{"isbats":true}}`, `{"MarketFlags":{"IsBats":null}}`,
	`{"Restrictions":null}`, `{"Restrictions":[]}`, `{"Restrictions":["a",null]}`, `{"Restrictions":"a"}`,
	`{"Quantity":"1"}`, `{"Quantity":1}`, `{"Quantity":1.0}`, `{"Quantity":1e2}`, `{"Quantity":99999999999999999999}`, `{"Quantity":-1}`,
	`{"TimeStamp":"/Date(1700000000000)/"}`, `{"TimeStamp":"\/Date(1700000000000-0500)\/"}`, `{"TimeStamp":null}`, `{"TimeStamp":1}`,
	`{"Legs":[{"Quantity":"1"},null]}`, `{"Legs":{}}`, `{"Unknown":{"a":[1,2,{"b":null}]}}`, `{"Unknown":1e999}`, "{\"Unknown\":\"\x01\"}",
	"{\"Symbol\":\"a\tb\"}", `{"Symbol":"a\/b\"c\\d\u00e9\n"}`, `{"Symbol":123}`, `{"Symbol":1,"Last":"x"}`,
	`{"Symbol":"MSFT"} `, `{"Symbol":"MSFT"}x`, ` {"Symbol":"MSFT"}`, "\ufeff{}", `{}{}`, `[]`, `null`, `""`, `1`,
	`{"Symbol":"MSFT",}`, `{"Symbol":"MSFT"`, `{"Symbol" "MSFT"}`, ``, ` `,
}

// sameDecoding decodes raw into a new typ with encoding/json and with
// decode and describes the first difference ("" when they agree). ok
// reports whether encoding/json accepted raw.
func sameDecoding(typ reflect.Type, raw []byte) (diff string, ok bool) {
	want, got := reflect.New(typ), reflect.New(typ)
	wantErr := json.Unmarshal(raw, want.Interface())
	gotErr := decode(raw, got.Interface())
	switch {
	case wantErr == nil && gotErr != nil:
		return "encoding/json decodes it, the SDK fails: " + gotErr.Error(), true
	case wantErr != nil && gotErr == nil:
		return "encoding/json fails (" + wantErr.Error() + "), the SDK decodes it", false
	case wantErr != nil:
		if wantErr.Error() != gotErr.Error() {
			return "errors differ: encoding/json " + wantErr.Error() + "; the SDK " + gotErr.Error(), false
		}
		return "", false
	}
	if !reflect.DeepEqual(want.Interface(), got.Interface()) {
		w, _ := json.Marshal(want.Interface())
		g, _ := json.Marshal(got.Interface())
		return "values differ:\nencoding/json " + string(w) + "\nthe SDK       " + string(g), true
	}
	return "", true
}

func TestSDKDecodesEveryExampleAndPayloadAsEncodingJSONDoes(t *testing.T) {
	types := generatedTypes()
	cases := allCases(t, types)
	decoded := 0
	for _, c := range cases {
		diff, ok := sameDecoding(c.typ, c.raw)
		if diff != "" {
			t.Errorf("%s into %s: %s", c.name, c.typ, diff)
		}
		if c.mustDecode && !ok {
			t.Errorf("%s: encoding/json does not decode it into %s", c.name, c.typ)
		}
		if ok {
			decoded++
		}
	}
	if decoded < 100 {
		t.Errorf("only %d inputs decoded: the comparison proves little", decoded)
	}
	t.Logf("%d inputs compared, %d decoded by both, %d refused by both", len(cases), decoded, len(cases)-decoded)
}

// TestSDKAgreesWithEncodingJSONOnEveryExampleIntoEveryType decodes each
// input into every generated type, not only its own: most of these fail,
// and they must fail alike, with the same error, wherever a field's kind
// does not fit.
func TestSDKAgreesWithEncodingJSONOnEveryExampleIntoEveryType(t *testing.T) {
	types := generatedTypes()
	names := sortedKeys(types)
	cases := allCases(t, types)
	if testing.Short() {
		cases = cases[:min(len(cases), 20)]
	}
	compared, decoded := 0, 0
	for _, c := range cases {
		for _, name := range names {
			diff, ok := sameDecoding(types[name], c.raw)
			if diff != "" {
				t.Errorf("%s into %s: %s", c.name, name, diff)
			}
			compared++
			if ok {
				decoded++
			}
		}
	}
	t.Logf("%d decodings compared, %d succeeded", compared, decoded)
}

func TestSDKDecodesHardInputsAsEncodingJSONDoes(t *testing.T) {
	types := generatedTypes()
	compared, decoded := 0, 0
	for _, in := range hardInputs {
		for _, name := range sortedKeys(types) {
			for _, typ := range []reflect.Type{types[name], reflect.SliceOf(types[name])} {
				diff, ok := sameDecoding(typ, []byte(in))
				if diff != "" {
					t.Errorf("%q into %s: %s", in, typ, diff)
				}
				compared++
				if ok {
					decoded++
				}
			}
		}
	}
	t.Logf("%d hard inputs into %d types and slices of them: %d decodings compared, %d succeeded", len(hardInputs), len(types), compared, decoded)
}

// FuzzSDKDecodesAsEncodingJSON mutates the examples and payloads and the
// type they are decoded into (an index into the sorted generated types).
//
//	cd spectest && go test -run '^$' -fuzz FuzzSDKDecodesAsEncodingJSON -fuzztime 5m
func FuzzSDKDecodesAsEncodingJSON(f *testing.F) {
	types := generatedTypes()
	names := sortedKeys(types)
	index := map[reflect.Type]uint16{}
	for i, n := range names {
		index[types[n]] = uint16(i)
	}
	for _, c := range allCases(f, types) {
		i, ok := index[c.typ]
		if !ok { // a slice of a generated type
			i = index[c.typ.Elem()]
		}
		f.Add(i, c.raw)
	}
	for i, in := range hardInputs {
		f.Add(uint16(i), []byte(in))
	}
	f.Fuzz(func(t *testing.T, i uint16, raw []byte) {
		typ := types[names[int(i)%len(names)]]
		for _, typ := range []reflect.Type{typ, reflect.SliceOf(typ)} {
			if diff, _ := sameDecoding(typ, raw); diff != "" {
				t.Errorf("%q into %s: %s", raw, typ, diff)
			}
		}
	})
}
