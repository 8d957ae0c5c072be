package wire

import (
	"io"
	"net/http"
	"strings"
	"testing"
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
