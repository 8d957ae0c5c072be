// Package wiretest proves over real connections what the SDK promises
// about orders: each order call reaches the server exactly as often as the
// client's doer decides, whatever HTTP/2 stream resets, GOAWAY frames or
// HTTP/1.1 connections closed after the body do to net/http's transport.
// Some servers here speak raw HTTP/2 through golang.org/x/net/http2's
// framer to send resets on purpose; that is why this is a module of its
// own, which no user of the SDK inherits.
package wiretest
