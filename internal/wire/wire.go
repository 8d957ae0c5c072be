// Package wire turns the body of a 2xx answer into the generated types:
// every REST method of v3 and v2 decodes through Decode, so the JSON
// engine, and the checks that apply to every answer, live here alone.
package wire

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Decode reads resp's body to the end, closes it and decodes it as JSON
// into dst. op names the operation in errors ("v3: GetQuoteSnapshots").
func Decode(op string, resp *http.Response, dst any) error {
	body, err := readAll(resp)
	if err != nil {
		return fmt.Errorf("%s: reading the answer: %w", op, err)
	}
	if err := json.Unmarshal(body, dst); err != nil {
		return fmt.Errorf("%s: the answer is not the JSON the spec describes: %w", op, err)
	}
	return nil
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
