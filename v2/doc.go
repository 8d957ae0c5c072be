// Package v2 is TradeStation's legacy brokerage API v2, for what v3 does
// not offer or for code written against v2: typed models and a Client with
// one method per REST operation, generated from openapi/v2.yaml, plus the
// bars-back stream that OpenAPI cannot express (barsback.go).
//
// Methods work as in package v3: a context, the path parameters (lists as
// []string), an optional *XxxParams and a body, then the 2xx answer's body
// or an error (*client.APIError for a non-2xx answer). v2 answers many
// lists as JSON arrays: those methods return a pointer to a slice.
//
// Build the client with client.NewV2 (token refresh, retries, limits), or
// with NewClient without them; both send the APIVersion=20160101 that v2
// expects on every request. Prices are value.Decimal and v2's /Date(...)/ times are
// value.V2Time. Package stream reads v2's streams.
package v2
