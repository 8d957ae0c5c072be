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
	if err := Unmarshal(body, dst); err != nil {
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
	return !holdsData(body) && isErrorObject(body)
}

// holdsData reports whether body is an object with a top-level key other
// than Error and Message whose value is not empty, reading no further
// than the start of that value: a body with data beside an "Error"
// somewhere (a partial failure) costs no decoding. It reads the keys and
// values before that one without validating them and says false whenever
// it is unsure (an escape in a key, an Error or Message that is no plain
// string, the end); isErrorObject decides then.
func holdsData(b []byte) bool {
	i := space(b, 0)
	if i == len(b) || b[i] != '{' {
		return false
	}
	for i++; ; i++ {
		i = space(b, i)
		key, end := plainString(b, i)
		if end < 0 {
			return false
		}
		if i = space(b, end); i == len(b) || b[i] != ':' {
			return false
		}
		i = space(b, i+1)
		switch string(key) {
		case "Error", "Message":
			if _, i = plainString(b, i); i < 0 {
				return false
			}
		default:
			n := emptyLen(b[i:])
			if n == 0 {
				return true
			}
			i += n
		}
		if i = space(b, i); i == len(b) || b[i] != ',' {
			return false
		}
	}
}

// plainString returns the contents of the string that opens at b[i] and
// the index after it, or -1 when there is none or it holds an escape.
func plainString(b []byte, i int) ([]byte, int) {
	if i == len(b) || b[i] != '"' {
		return nil, -1
	}
	n := bytes.IndexByte(b[i+1:], '"')
	if n < 0 || bytes.IndexByte(b[i+1:i+1+n], '\\') >= 0 {
		return nil, -1
	}
	return b[i+1 : i+1+n], i + n + 2
}

// emptyLen returns the length of the empty value (null, "", [] or {},
// white space inside allowed) that b starts with, or 0.
func emptyLen(b []byte) int {
	switch {
	case bytes.HasPrefix(b, []byte("null")):
		return len("null")
	case bytes.HasPrefix(b, []byte(`""`)):
		return len(`""`)
	case bytes.HasPrefix(b, []byte("[")):
		if i := space(b, 1); i < len(b) && b[i] == ']' {
			return i + 1
		}
	case bytes.HasPrefix(b, []byte("{")):
		if i := space(b, 1); i < len(b) && b[i] == '}' {
			return i + 1
		}
	}
	return 0
}

// space returns the index of the first byte at or after b[i] that is not
// JSON white space.
func space(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// isErrorObject is errorOnly's exact test: body is a JSON object, its
// "Error" a non-empty string, and every other key but "Message" empty.
func isErrorObject(body []byte) bool {
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
