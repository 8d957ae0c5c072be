// Package streamhook hands the stream operations of v3 and v2 to package
// stream. A stream's endless body is no method of the REST clients: the
// generated code registers one opener per stream operation here, under its
// operation id, and package stream looks each up by its exact function
// type. An opener sends one request and returns the 2xx answer with its
// body unread. Each API also registers how to read its client's rate
// limiter, which a stream holds a slot of from its start to its end.
package streamhook

import "fmt"

var (
	openers  = map[string]any{}
	limiters = map[string]any{}
)

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
func Lookup[F any](op string) F { return lookup[F](openers, op) }

// RegisterLimiter records of as the reader of the rate limiter of api's
// client ("v3": func(*v3.Client) ratelimit.Limiter). It is called from init
// functions only.
func RegisterLimiter(api string, of any) {
	if _, dup := limiters[api]; dup {
		panic("streamhook: the limiter of " + api + " registered twice")
	}
	limiters[api] = of
}

// Limiter returns the reader of the rate limiter of api's client, which
// must have type F; it panics as Lookup does.
func Limiter[F any](api string) F { return lookup[F](limiters, api) }

func lookup[F any](from map[string]any, name string) F {
	v, ok := from[name].(F)
	if !ok {
		var want F
		panic(fmt.Sprintf("streamhook: %s is %T, package stream wants %T", name, from[name], want))
	}
	return v
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
