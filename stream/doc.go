// Package stream reads TradeStation's streaming endpoints as Go iterators
// that heal themselves: each stream is an iter.Seq2[T, error] that keeps
// one HTTP response open, yields every data message decoded into T, and
// reconnects on its own when the connection breaks, stalls or is asked to
// move, within bounds that keep a misbehaving server from causing a
// reconnection storm.
//
//	for q, err := range stream.Quotes(ctx, api, []string{"MSFT"}) {
//		if err != nil {
//			log.Print(err) // the loop ends by itself after a final error
//			continue
//		}
//		use(q)
//	}
//
// # What the caller sees
//
// Data messages are yielded as (value, nil); errors as (zero value, err).
// Heartbeats (in v3's "Heartbeat" and v2's "heartbeat" spelling) and
// stream statuses are never yielded: they go to OnHeartbeat and
// OnEndSnapshot. Callbacks run on the iterating goroutine, between yields,
// in stream order.
//
// A stream ends in one of four ways, the same for every iterator of the
// SDK:
//
//   - The caller breaks out of the loop: the connection closes and nothing
//     more is yielded.
//   - The context ends: the connection closes, messages already buffered
//     are dropped, and the last value yielded is ctx.Err()
//     (context.Canceled or context.DeadlineExceeded), once.
//   - An error ends it: that error is the last value yielded. Those are
//     an *Error of Verdict Fatal and every error that is neither an *Error
//     nor a *MessageError (see below).
//   - A v2 stream sends its END line: the loop ends without an error.
//
// After a reconnection the server sends its snapshot again (all open
// orders, all positions, a full quote, and the errors about dead symbols):
// OnReconnect is called before the first message of the new connection so
// the caller can reconcile, and OnEndSnapshot follows the new snapshot.
//
// # Errors inside a stream
//
// TradeStation sends errors as messages with a top-level "Error" key and
// HTTP status 200, sometimes naming a Symbol, AccountID or OrderID (the
// error's subject); v2 streams also end with a text line "ERROR - reason".
// Every text below has a verdict, compared without regard to case, to
// surrounding space, to a final period or to the space after a comma:
//
//	Error text                                 verdict       what the stream does
//	"GoAway" (and StreamStatus "GoAway")       transient     reconnects after 100 to 200 ms
//	"FAILED"                                   transient     reconnects with backoff
//	"DATAFEED_NOT_CONNECTED"                   transient     reconnects with backoff
//	"RESET"                                    transient     reconnects with backoff
//	"InternalServerError"                      transient     reconnects with backoff
//	"ServiceUnavailable"                       transient     reconnects with backoff
//	"GatewayTimeout"                           transient     reconnects with backoff
//	"FAILED, EX_INVALID_SYMBOL"                per-subject   yields it, goes on with the others
//	"EX_INVALID_SYMBOL"                        per-subject   yields it, goes on with the others
//	"FAILED, NOT ENTITLED"                     per-subject   yields it, goes on with the others
//	"FAILED, EX_NOT_ENTITLED"                  per-subject   yields it, goes on with the others
//	"EX_NOT_ENTITLED"                          per-subject   yields it, goes on with the others
//	"FAILED, EX_NO_DATA_AVAILABLE"             per-subject   yields it, goes on with the others
//	"EX_NO_DATA_AVAILABLE"                     per-subject   yields it, goes on with the others
//	"No data available."                       per-subject   yields it, goes on with the others
//	"NotFound"                                 per-subject   yields it, goes on with the others
//	"BadRequest"                               per-subject   yields it, goes on with the others
//	"Forbidden"                                per-subject   yields it, goes on with the others
//	"DualLogon"                                fatal         yields it, ends the stream
//	"Unauthorized"                             fatal         yields it, ends the stream
//	any text ending in "- RESET"               transient     reconnects with backoff
//	"timed out" in the text or the Message     transient     reconnects with backoff
//	"FAILED" with "not entitled" in Message    per-subject   yields it, goes on with the others
//	any other text                             unclassified  yields it, goes on
//
// The texts are those TradeStation documents and those its users have
// seen ("The operation has timed out.", "Unable to retrieve exchange utc
// offset minutes - RESET", a bare "FAILED" that passed, "DualLogon" with
// and without a Message). Errors are *Error values; Verdict says what the
// stream did with each, and Subject names the symbol, account or order.
//
// Transient errors are never yielded: they are the cause passed to
// OnRetry and OnReconnect. A per-subject error that names no subject
// concerns the stream's only symbol or account when it has one (the
// error then names it); on a stream of several it is yielded and the
// stream goes on. Once every symbol or account a stream was opened for
// has failed, the error about the last of them ends the stream: its
// Verdict is Fatal and it matches ErrAllSubjectsFailed ("every symbol
// failed"): a quote stream of unknown symbols ends instead of running on
// heartbeats forever. A v2 ERROR line, after which the
// server closes the stream, reconnects when its reason is transient and
// ends the stream otherwise.
//
// Other errors:
//
//   - *MessageError: one message was unusable (not JSON, not an object,
//     not decodable into T, or longer than WithMaxLineSize; the last
//     matches ErrMessageTooLong). The stream goes on with the next one.
//   - *client.APIError: connecting was answered with a 4xx other than 429
//     (or 501); the stream ends. A 401 is final: the client has already
//     refreshed the token and tried once more.
//   - ErrRetriesExhausted, ErrReconnectBudget: a bound on reconnections
//     was reached (below); the error also wraps the last cause. The
//     stream ends.
//
// An object counts as an error when its top-level "Error" holds a
// non-empty string, whatever else it holds; "Error" keys nested deeper,
// and "Error": "" or null, leave a data message as data. A data type with
// an Error field (v3's QuoteStream has one) therefore never sees it set:
// a quote that carries an error arrives as an *Error with its Symbol.
//
// # Reconnections
//
// The stream reconnects, without yielding anything, when the server
// closes the response or the connection breaks (cause ErrConnectionLost),
// when no complete message arrives within the idle timeout
// (ErrIdleTimeout; white space and half messages do not count), on
// GoAway or a transient error (an *Error), and when a connection attempt
// fails with 429, 5xx or a network error (the attempt's error). Context
// cancellation is never a cause: it ends the stream.
//
// Three bounds keep a stream from storming, whatever the server does:
//
//   - Two connection attempts never start less than MinReconnectInterval
//     (100 ms) apart: at most 10 a second.
//   - The wait before an attempt doubles with each reconnection in a row
//     (WithBackoff, jittered; a 429 waits for its X-RateLimit-Reset) and
//     starts again only after a working connection: one that delivered
//     data, an EndSnapshot or a yielded *Error, and was not ended by a
//     transient error. Heartbeats alone do not count. A GoAway after a
//     working connection is honoured after 100 to 200 ms.
//     WithMaxReconnects bounds the reconnections in a row (default 10).
//   - WithReconnectBudget bounds the reconnections within a sliding
//     window, however well each connection worked (default 20 a minute);
//     the one after ends the stream with ErrReconnectBudget.
//
// OnRetry reports each wait with its cause; OnReconnect receives the
// cause that ended the last connection that delivered a message.
//
// # Rate limits
//
// Each connection attempt waits for the client's rate limiter
// (option.WithRateLimiter) as any request does; a failed wait is a failed
// attempt, retried within the bounds above. A limiter that is a
// ratelimit.StreamLimiter also gives the stream one slot of its group (40
// order or position streams, 10 option-chain, option-quote or market-depth
// streams) before the first attempt, for the whole iteration: a stream
// that finds none free waits for one, and ends with an error naming the
// group if its context ends first.
package stream
