// Package tradestation is the root of the Go SDK for TradeStation's brokerage
// API. It holds no code of its own: the typed clients live in the packages v3
// and v2, generated from the OpenAPI descriptions in openapi/ by the lines
// below; auth, client, stream and tradestationtest supply what a generator
// cannot (sessions, errors and retries, streams, a fake server). The
// generator's module (tools/) stands outside go.work, hence GOWORK=off.
package tradestation

//go:generate env GOWORK=off go tool -modfile=tools/go.mod oapi-codegen -config openapi/v3.config.yaml openapi/v3.yaml
//go:generate env GOWORK=off go tool -modfile=tools/go.mod oapi-codegen -config openapi/v2.config.yaml openapi/v2.yaml
