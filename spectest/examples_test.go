package spectest

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

func newV3(rt http.RoundTripper) any {
	c, err := v3.NewClient("https://sim-api.tradestation.com/v3", option.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		panic(err)
	}
	return c
}

func newV2(rt http.RoundTripper) any {
	c, err := v2.NewClient("https://sim-api.tradestation.com/v2", option.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		panic(err)
	}
	return c
}

func TestV3ExamplesSurviveTheGeneratedTypes(t *testing.T) {
	checkOwnExamples(t, loadSpec(t, "../openapi/v3.yaml"), newV3)
}

func TestV2ExamplesSurviveTheGeneratedTypes(t *testing.T) {
	checkOwnExamples(t, loadSpec(t, "../openapi/v2.yaml"), newV2)
}

// checkOwnExamples proves, for every operation of doc, that it has a
// request example (when it takes a body) and a 2xx response example, and
// that every example decodes into the generated Go types with no field
// left over and re-encodes with the same fields and values. Request
// examples are also checked as the client sends them on the wire.
func checkOwnExamples(t *testing.T, doc *openapi3.T, newClient func(http.RoundTripper) any) {
	for _, o := range operations(doc) {
		t.Run(o.op.OperationID, func(t *testing.T) {
			var requests []example
			if o.op.RequestBody != nil {
				requests = mediaExamples(o.op.RequestBody.Value.Content)
				if len(requests) == 0 {
					t.Fatal("the operation takes a body but has no request example")
				}
			}
			var ok200 *example
			for status, ref := range o.op.Responses.Map() {
				for _, ex := range mediaExamples(ref.Value.Content) {
					if strings.HasPrefix(status, "2") && ok200 == nil {
						ex := ex
						ok200 = &ex
					}
				}
			}
			if ok200 == nil {
				t.Fatal("no 2xx response example")
			}
			firstBody := []byte(nil)
			if len(requests) > 0 {
				firstBody = requests[0].raw
			}
			for _, req := range requests {
				rt := &canned{status: 200, contentType: ok200.contentType, body: ok200.raw}
				if c := call(t, newClient(rt), o, req.raw); c.err != nil {
					t.Fatalf("request example %q: %v", req.name, c.err)
				}
				if err := sameJSON(req.raw, rt.sent, true); err != nil {
					t.Errorf("request example %q on the wire: %v", req.name, err)
				}
			}
			for status, ref := range o.op.Responses.Map() {
				for _, ex := range mediaExamples(ref.Value.Content) {
					code, err := strconv.Atoi(status)
					if err != nil {
						t.Fatalf("response %q is not a status code", status)
					}
					rt := &canned{status: code, contentType: ex.contentType, body: ex.raw}
					checkResponseExample(t, call(t, newClient(rt), o, firstBody), status, ex)
				}
			}
		})
	}
}

// checkResponseExample checks ex, the example answer of status, against
// what the call gave: a 2xx example must decode into the answer's Go type
// (a stream's message union as the concrete kind the example is: data,
// heartbeat, status or error); any other must come back as a
// *client.APIError carrying its status and message, and decode into the
// version's error type.
func checkResponseExample(t *testing.T, c called, status string, ex example) {
	t.Helper()
	code, err := strconv.Atoi(status)
	if err != nil {
		t.Fatalf("response %q is not a status code", status)
	}
	typ := c.typ
	if code/100 != 2 || errorOnly(ex.raw) && streamKind(typ, ex.raw) == nil {
		var apiErr *client.APIError
		if !errors.As(c.err, &apiErr) || apiErr.StatusCode != code {
			t.Errorf("%s example %q: the call gave %v, want a *client.APIError with status %d", status, ex.name, c.err, code)
			return
		}
		if !strings.Contains(ex.contentType, "json") {
			return // a gateway's HTML or text: the APIError keeps it in Body
		}
		var shape struct{ Message string }
		if json.Unmarshal(ex.raw, &shape) == nil && apiErr.Message != shape.Message {
			t.Errorf("%s example %q: APIError.Message %q, want %q", status, ex.name, apiErr.Message, shape.Message)
		}
		if code/100 != 2 {
			typ = errorBodies[c.pkg]
		} // an error inside a 200 still decodes into the answer's type
	} else if c.err != nil {
		t.Errorf("%s example %q: %v", status, ex.name, c.err)
		return
	}
	if kind := streamKind(typ, ex.raw); kind != nil {
		typ = kind
	}
	into := reflect.New(typ)
	if err := strictDecode(ex.raw, into.Interface()); err != nil {
		t.Errorf("%s example %q does not decode into %s: %v", status, ex.name, typ, err)
		return
	}
	again, err := json.Marshal(into.Interface())
	if err != nil {
		t.Errorf("%s example %q: re-encoding %s: %v", status, ex.name, typ, err)
		return
	}
	if err := sameJSON(ex.raw, again, true); err != nil {
		t.Errorf("%s example %q through %s: %v", status, ex.name, typ, err)
	}
}

// streamKind returns the concrete type that a union (a generated type with
// AsXxx methods) holds for raw: for a stream message told apart by its keys
// as the stream package does, for another oneOf the first member that raw
// fits. It is nil when typ is not a union.
func streamKind(typ reflect.Type, raw []byte) reflect.Type {
	ptr := reflect.PointerTo(typ)
	kinds := map[string]reflect.Type{}
	var data []reflect.Type
	for i := range ptr.NumMethod() {
		m := ptr.Method(i)
		name, ok := strings.CutPrefix(m.Name, "As")
		if !ok || m.Type.NumOut() != 2 {
			continue
		}
		out := m.Type.Out(0)
		switch name {
		case "Heartbeat", "StreamStatus", "StreamError":
			kinds[name] = out
		default:
			data = append(data, out)
		}
	}
	if len(kinds) == 0 {
		// A plain oneOf: the first member the example strictly fits.
		for _, d := range data {
			if strictDecode(raw, reflect.New(d).Interface()) == nil {
				return d
			}
		}
		return nil
	}
	if len(data) != 1 {
		return nil
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return data[0]
	}
	for key, kind := range map[string]string{"Heartbeat": "Heartbeat", "StreamStatus": "StreamStatus", "Error": "StreamError"} {
		if _, ok := keys[key]; ok && kinds[kind] != nil && len(keys) <= 5 {
			return kinds[kind]
		}
	}
	return data[0]
}

// referenceOperation maps TradeStation's operation ids to the project's
// where they differ.
var referenceOperation = map[string]string{
	"GetOptionChain":        "StreamOptionChain",
	"GetOptionQuotes":       "StreamOptionQuotes",
	"GetQuoteChangeStream":  "StreamQuotes",
	"Routes":                "GetRoutes",
	"StreamOrdersByOrderId": "StreamOrdersByOrderID",
}

// TestTradeStationsOwnExamplesLoseNoField decodes every example of
// TradeStation's published v3 description into the project's generated
// types. The file is not part of the project: point
// TRADESTATION_REFERENCE_V3 at it to run this test.
func TestTradeStationsOwnExamplesLoseNoField(t *testing.T) {
	path := os.Getenv("TRADESTATION_REFERENCE_V3")
	if path == "" {
		t.Skip("set TRADESTATION_REFERENCE_V3 to TradeStation's tradestation-v3-openapi.json to run")
	}
	ref, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]operation{}
	for _, o := range operations(loadSpec(t, "../openapi/v3.yaml")) {
		ours[o.op.OperationID] = o
	}
	checked := 0
	for _, r := range operations(ref) {
		if !strings.HasPrefix(r.path, "/v3/") {
			continue // the /v2 operations the reference mixes in
		}
		id := r.op.OperationID
		if mapped, ok := referenceOperation[id]; ok {
			id = mapped
		}
		o, ok := ours[id]
		if !ok {
			t.Errorf("TradeStation's %s (%s %s) has no operation here", r.op.OperationID, r.method, r.path)
			continue
		}
		t.Run(id, func(t *testing.T) {
			var bodies []example
			if r.op.RequestBody != nil {
				bodies = mediaExamples(r.op.RequestBody.Value.Content)
			}
			var ourBody []byte
			if o.op.RequestBody != nil {
				ourBody = mediaExamples(o.op.RequestBody.Value.Content)[0].raw
			}
			for _, b := range bodies {
				rt := &canned{status: 200, contentType: "application/json", body: []byte(`{}`)}
				if c := call(t, newV3(rt), o, b.raw); c.err != nil {
					t.Fatalf("request example %q: %v", b.name, c.err)
				}
				if err := sameJSON(b.raw, rt.sent, true); err != nil {
					t.Errorf("request example %q: %v", b.name, err)
				}
				checked++
			}
			for status, refResp := range r.op.Responses.Map() {
				if !strings.HasPrefix(status, "2") {
					continue
				}
				for _, ex := range mediaExamples(refResp.Value.Content) {
					for _, msg := range splitArray(ex) {
						rt := &canned{status: 200, contentType: ex.contentType, body: msg.raw}
						checkResponseExample(t, call(t, newV3(rt), o, ourBody), status, msg)
						checked++
					}
				}
			}
		})
	}
	t.Logf("%d of TradeStation's examples checked", checked)
}

// splitArray turns a stream example that TradeStation wrote as a JSON array
// of messages into one example per message.
func splitArray(ex example) []example {
	if !strings.Contains(ex.contentType, "stream") || len(ex.raw) == 0 || ex.raw[0] != '[' {
		return []example{ex}
	}
	var msgs []json.RawMessage
	if json.Unmarshal(ex.raw, &msgs) != nil {
		return []example{ex}
	}
	out := make([]example, len(msgs))
	for i, m := range msgs {
		out[i] = example{ex.name + "[" + strconv.Itoa(i) + "]", ex.contentType, m}
	}
	return out
}

// errorOnly reports whether a 2xx example is TradeStation's error object
// and no data ({"Error": "Failed", "Message": "Not entitled..."} on
// GetBars), which the client returns as an *APIError with status 200.
// (On a stream such an object is a message of the stream.)
func errorOnly(raw []byte) bool {
	var top map[string]any
	if json.Unmarshal(raw, &top) != nil {
		return false
	}
	code, _ := top["Error"].(string)
	for k := range top {
		if k != "Error" && k != "Message" {
			return false
		}
	}
	return code != ""
}
