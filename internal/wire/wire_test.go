package wire

import (
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
