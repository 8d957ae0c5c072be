package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tradestation-go/tradestation/internal/apierror"
)

// body records whether it was closed.
type body struct {
	io.Reader
	closed bool
}

func (b *body) Close() error { b.closed = true; return nil }

func TestDecodeReadsKnownAndUnknownLengthsAndClosesTheBody(t *testing.T) {
	const doc = `{"Symbol":"MSFT","Last":"425.37"}`
	for name, length := range map[string]int64{"known length": int64(len(doc)), "unknown length": -1} {
		b := &body{Reader: strings.NewReader(doc)}
		var v struct{ Symbol, Last string }
		if err := Decode("v3: GetQuoteSnapshots", &http.Response{Body: b, ContentLength: length}, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if v.Symbol != "MSFT" || v.Last != "425.37" || !b.closed {
			t.Errorf("%s: decoded %+v, closed %v", name, v, b.closed)
		}
	}
}

func TestDecodeErrorsNameTheOperation(t *testing.T) {
	cases := map[string]*http.Response{
		"the answer is not the JSON": {Body: &body{Reader: strings.NewReader(`<html>`)}, ContentLength: -1},
		"reading the answer":         {Body: &body{Reader: strings.NewReader(`{"a"`)}, ContentLength: 40}, // cut short
	}
	for want, resp := range cases {
		var v map[string]any
		err := Decode("v3: GetAccounts", resp, &v)
		if err == nil || !strings.HasPrefix(err.Error(), "v3: GetAccounts: "+want) {
			t.Errorf("err = %v, want one starting %q", err, "v3: GetAccounts: "+want)
		}
	}
}

func TestA2xxThatIsOnlyAnErrorIsAnAPIError(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "https://api.example/v3/marketdata/barcharts/MSFT?unit=Minute", nil)
	for _, doc := range []string{
		`{"Error":"Failed","Message":"Not entitled to data for this symbol"}`,
		`{"Error":"Failed"}`,
		` {"Bars": [], "Error": "Failed", "Message": "Not entitled to data for this symbol"}` + "\n",
		`{"Bars":null,"Error":"Failed","Message":""}`,
	} {
		resp := &http.Response{StatusCode: 200, Header: http.Header{}, Request: req, Body: &body{Reader: strings.NewReader(doc)}, ContentLength: -1}
		var bars struct{ Bars []any }
		err := Decode("v3: GetBars", resp, &bars)
		var apiErr *apierror.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("%s: err = %v, want an *APIError", doc, err)
		}
		if apiErr.StatusCode != 200 || apiErr.Code != "Failed" || apiErr.Method != "GET" || apiErr.Path != "/v3/marketdata/barcharts/MSFT" {
			t.Errorf("%s: %+v", doc, apiErr)
		}
	}
}

func TestPartialFailuresBesideDataStayInTheResult(t *testing.T) {
	for _, doc := range []string{
		`{"Quotes":[{"Symbol":"MSFT"}],"Errors":[{"Symbol":"NOPE","Error":"Failed","Message":"Symbol not found"}]}`,
		`{"Bars":[{"Close":"1"}],"Error":"Failed","Message":"partial"}`,
		`{"Error":"","Message":"nothing wrong"}`,
		`{"Error":{"Code":"x"}}`,
		`["Error"]`,
	} {
		resp := &http.Response{StatusCode: 200, Body: &body{Reader: strings.NewReader(doc)}, ContentLength: -1}
		var v any
		if err := Decode("v3: GetQuoteSnapshots", resp, &v); err != nil {
			t.Errorf("%s: %v, want the data decoded", doc, err)
		}
	}
}

// errorOnlyCases are 2xx bodies with "Error" in them, and whether each is
// only an error.
var errorOnlyCases = []struct {
	body string
	want bool
}{
	{`{"Error":"Failed","Message":"Not entitled to data for this symbol"}`, true},
	{"\t{ \"Bars\" : [ \n ] , \"Error\" : \"Failed\" }\r\n", true},
	{`{"Bars":{},"Symbol":"","Next":null,"Error":"Failed"}`, true},
	{`{"B\u0061rs":[],"Error":"Failed"}`, true},
	{`{"Error":"Failed","Message":{"Text":"an object"}}`, true},
	{`{"Error":"Fa\"iled"}`, true},
	{`{"Error":"","Error":"Failed"}`, true},
	{`{"Quotes":[{"Symbol":"MSFT"}],"Errors":[{"Symbol":"NOPE","Error":"Failed"}]}`, false},
	{`{"Orders":[{"Error":"FAILED","Message":"Order failed"}]}`, false},
	{`{"Bars":[],"Error":"Failed","Next":0}`, false},
	{`{"\u0042ars":[1],"Error":"Failed"}`, false},
	{`{"Bars":[],"Error":"Failed"`, false},
	{`{"Bars":[] "Error":"Failed"}`, false},
	{`{"Error":"Failed"} {}`, false},
	{`{"Error":null}`, false},
	{`{"Error":"Failed","error":"x"}`, false},
	{`[{"Error":"Failed"}]`, false},
}

func TestErrorOnlyTellsAnErrorBodyFromData(t *testing.T) {
	for _, c := range errorOnlyCases {
		if got := errorOnly([]byte(c.body)); got != c.want {
			t.Errorf("errorOnly(%s) = %v, want %v", c.body, got, c.want)
		}
	}
}

// TestErrorOnlyDecodesNothingWhenDataComesFirst proves that a partial
// failure costs a scan and no decoding: the data before the "Error" is
// never read past its first byte.
func TestErrorOnlyDecodesNothingWhenDataComesFirst(t *testing.T) {
	body := []byte(`{"Quotes":[` + strings.Repeat(`{"Symbol":"MSFT","Last":"425.37"},`, 100) + `{"Symbol":"AAPL"}],` +
		`"Errors":[{"Symbol":"NOPE","Error":"Failed","Message":"Symbol not found"}]}`)
	if errorOnly(body) {
		t.Fatal("a snapshot with quotes is only an error")
	}
	if n := testing.AllocsPerRun(100, func() { errorOnly(body) }); n != 0 {
		t.Errorf("errorOnly allocates %v times on a partial failure", n)
	}
}

// FuzzErrorOnlyIsTheExactTest proves that the scan in front changes no
// answer: errorOnly says what the map decoding of isErrorObject says,
// on every body whose top-level keys are distinct (of a key given twice,
// the map keeps the last value; holdsData calls any non-empty one data).
//
//	go test -run '^$' -fuzz FuzzErrorOnlyIsTheExactTest -fuzztime 2m ./internal/wire
func FuzzErrorOnlyIsTheExactTest(f *testing.F) {
	for _, c := range errorOnlyCases {
		f.Add([]byte(c.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if repeatsATopLevelKey(body) {
			return
		}
		want := bytes.Contains(body, []byte(`"Error"`)) && isErrorObject(body)
		if got := errorOnly(body); got != want {
			t.Errorf("errorOnly(%q) = %v, the map decoding says %v", body, got, want)
		}
	})
}

// repeatsATopLevelKey reports whether body is an object that names one
// key twice.
func repeatsATopLevelKey(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok {
			return false
		}
		if seen[key] {
			return true
		}
		seen[key] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}
