// Package payloadtest holds real TradeStation answers against the SDK's
// types: each payload of ../shared/reference/payloads (recorded by other
// clients and TradeStation's older documentation; never copied into this
// repository) must decode with no unknown field and re-encode with the
// same fields and values. It is a module of its own because it reads files
// outside the repository and is no part of what users build.
package payloadtest
