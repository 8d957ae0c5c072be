// Package wire turns the body of a 2xx answer into the generated types:
// every REST method of v3 and v2 decodes through Decode, so the JSON
// engine, and the checks that apply to every answer, live here alone.
package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/tradestation-go/tradestation/internal/apierror"
)

// Decode reads resp's body to the end, closes it and decodes it as JSON
// into dst. op names the operation in errors ("v3: GetQuoteSnapshots").
// A 2xx answer that is only TradeStation's error object is returned as
// the *client.APIError it is (see errorOnly), never as an empty result.
func Decode(op string, resp *http.Response, dst any) error {
	body, err := readAll(resp)
	if err != nil {
		return fmt.Errorf("%s: reading the answer: %w", op, err)
	}
	if errorOnly(body) {
		return apierror.New(resp, bytes.TrimSpace(body))
	}
	if err := json.Unmarshal(body, dst); err != nil {
		return fmt.Errorf("%s: the answer is not the JSON the spec describes: %w", op, err)
	}
	return nil
}

// errorOnly reports whether a 2xx body is an error and no data: a
// top-level "Error" string, perhaps a "Message", and nothing else but
// empty values. GetBars answers 200 with {"Error": "Failed", "Message":
// "Not entitled to data for this symbol"} and no bars. Partial failures
// next to data (an "Errors" array beside Quotes, Balances or Orders) are
// no such body: they stay in the typed result.
func errorOnly(body []byte) bool {
	if !bytes.Contains(body, []byte(`"Error"`)) {
		return false // the common case costs one scan, no decoding
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return false
	}
	var code string
	if json.Unmarshal(top["Error"], &code) != nil || code == "" {
		return false
	}
	for key, v := range top {
		if key != "Error" && key != "Message" && !emptyJSON(v) {
			return false
		}
	}
	return true
}

// emptyJSON reports whether v is null, "", [] or {}.
func emptyJSON(v json.RawMessage) bool {
	var x any
	if json.Unmarshal(v, &x) != nil {
		return false
	}
	switch x := x.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// readAll reads and closes resp's body, in one allocation when the length
// is known.
func readAll(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	if n := resp.ContentLength; n > 0 && n < 1<<30 {
		buf := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	return io.ReadAll(resp.Body)
}

// Encode encodes a request body as JSON.
func Encode(v any) ([]byte, error) { return json.Marshal(v) }
