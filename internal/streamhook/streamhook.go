// Package streamhook hands the stream operations of v3 and v2 to package
// stream. A stream's endless body is no method of the REST clients: the
// generated code registers one opener per stream operation here, under its
// operation id, and package stream looks each up by its exact function
// type. An opener sends one request and returns the 2xx answer with its
// body unread.
package streamhook

import "fmt"

var openers = map[string]any{}

// Register records open as the opener of op ("v3.StreamQuotes"). It is
// called from init functions only.
func Register(op string, open any) {
	if _, dup := openers[op]; dup {
		panic("streamhook: " + op + " registered twice")
	}
	openers[op] = open
}

// Lookup returns the opener of op, which must have type F. It panics when
// there is none or its type differs: the generated code and package stream
// disagree, which the SDK's own tests catch.
func Lookup[F any](op string) F {
	open, ok := openers[op].(F)
	if !ok {
		var want F
		panic(fmt.Sprintf("streamhook: %s is %T, package stream wants %T", op, openers[op], want))
	}
	return open
}

// Ops lists the registered operation ids, for tests that check every
// stream operation.
func Ops() []string {
	ops := make([]string, 0, len(openers))
	for op := range openers {
		ops = append(ops, op)
	}
	return ops
}
