// Package stream reads TradeStation's streaming endpoints as Go iterators
// that heal themselves: each stream is an iter.Seq2[T, error] that keeps
// one HTTP response open, yields every data message decoded into T, and
// reconnects on its own when the connection breaks, stalls or is asked to
// move, until the context ends or the caller breaks out of the loop.
//
//	for q, err := range stream.Quotes(ctx, api, []string{"MSFT"}) {
//		if err != nil {
//			log.Print(err) // see below: most errors leave the stream running
//			continue
//		}
//		use(q)
//	}
//
// # What the caller sees
//
// Data messages are yielded as (value, nil); errors as (zero value, err).
// Heartbeats and stream statuses are never yielded: they go to
// OnHeartbeat and OnEndSnapshot. Callbacks run on the iterating goroutine,
// between yields, in stream order. Cancelling the context or breaking out
// of the loop closes the connection and returns at once, yielding nothing
// more; a v2 stream's END line also ends the loop without an error.
//
// After a reconnection the server sends its snapshot again (all open
// orders, all positions, a full quote): OnReconnect is called before the
// first message of the new connection so the caller can reconcile, and
// OnEndSnapshot follows the new snapshot.
//
// # Errors inside a stream
//
// TradeStation sends errors as messages with a top-level "Error" key and
// HTTP status 200. The engine treats them by this table, first match
// wins:
//
//	Error value                                  condition                 effect
//	GoAway                                       any                       reconnect now, not yielded
//	DualLogon, Unauthorized, Forbidden           any                       *Error with Fatal, stream ends
//	any other                                    Symbol or AccountID set   *Error yielded, stream goes on
//	DATAFEED_NOT_CONNECTED, Failed,              no Symbol nor AccountID   reconnect with backoff, not yielded
//	InternalServerError, ServiceUnavailable,
//	GatewayTimeout, or "timed out" in the Error
//	or Message text
//	any other                                    no Symbol nor AccountID   *Error with Fatal, stream ends
//
// Codes match without regard to case. A v2 stream's "ERROR - reason" line
// ends the stream with an *Error whose Code is "ERROR".
//
// An object counts as an error when its top-level "Error" holds a
// non-empty string, whatever else it holds; "Error" keys nested deeper,
// and "Error": "" or null, leave a data message as data. A data type with
// an Error field (v3's QuoteStream has one) therefore never sees it set:
// a quote that carries an error arrives as an *Error with its Symbol.
//
// Other errors:
//
//   - *MessageError: one message was unusable (not JSON, not an object,
//     not decodable into T, or longer than WithMaxLineSize; the last
//     matches ErrMessageTooLong). The stream goes on with the next one.
//   - *client.APIError: connecting was answered with a 4xx other than 429
//     (or 501); the stream ends. A 401 is final: the client has already
//     refreshed the token and tried once more.
//   - ErrRetriesExhausted: WithMaxReconnects attempts in a row failed; the
//     error also wraps the last cause. The stream ends.
//
// # Reconnections
//
// The stream reconnects, without yielding anything, when the server
// closes the response or the connection breaks (cause ErrConnectionLost),
// when no byte arrives within the idle timeout (ErrIdleTimeout), on
// StreamStatus GoAway or the errors marked "reconnect" above (an *Error),
// and when a connection attempt fails with 429, 5xx or a network error
// (the attempt's error). Attempts wait a jittered, doubling delay (see
// WithBackoff); a 429 waits for its X-RateLimit-Reset. OnRetry reports
// each wait with its cause; OnReconnect receives the cause that ended the
// last working connection. Context cancellation is never a cause: it ends
// the stream.
package stream
