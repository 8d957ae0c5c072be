// Package client builds the v3 and v2 clients on an auth.Session: NewV3
// and NewV2 return the *v3.Client and *v2.Client of the generated packages,
// with the session's host and HTTP client, a bearer token on every request
// (refreshed and sent once more after a 401), documented limits checked
// before sending, safe retries, bounded answers, and every non-2xx answer
// returned as an *APIError:
//
//	api, err := client.NewV3(sess, option.WithMaxRetries(3))
//	q, err := api.GetQuoteSnapshots(ctx, []string{"MSFT"})
//	var apiErr *client.APIError
//	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusTooManyRequests { ... }
//
// Options (package option) given to NewV3 apply to every call; options
// given to a call apply to it alone, after the client's. Orders and
// HistoricalOrders page through a list of orders as an iterator.
//
// # Orders reach TradeStation once
//
// Only the client decides to send a request again, never net/http: an
// order call (placement, group placement, replacement, cancellation) goes
// to the transport without a way to rewind its body and under a guard that
// stops Go's HTTP/2 client from replaying it after a stream reset or a
// GOAWAY. Redirects are never followed: a 3xx is an *APIError naming its
// Location.
//
// Every order of a placement that lacks an OrderConfirmID gets a fresh one
// (see option.WithAutoOrderConfirmID), so TradeStation can refuse a second
// copy. The client reads the ids as TradeStation's JSON reader would: the
// exact key (v3 OrderConfirmID, v2 OrderConfirmId) once per order, a
// non-empty string. A body it cannot read that way is sent once, as it is.
//
// Retries follow one rule: a request is sent again only when doing so
// cannot move money twice. Reads (and read-only POSTs such as order
// confirmation) and placements whose every order carries an OrderConfirmID
// retry on 429, 5xx other than 501, and network errors, with jittered
// exponential backoff that honours Retry-After and X-RateLimit-Reset.
// Replacements and cancellations are never resent once they may have
// reached TradeStation; a stream's request is never retried here, package
// stream reconnects it, one request per attempt. A 401 refreshes the
// session's token and sends the request once more, whatever its method:
// TradeStation did not act on it.
//
// With option.WithRateLimiter, every attempt (retries, the resend after a
// 401 and stream connections included) first waits for the budget of its
// resource group (ratelimit.Group). A failed wait ends the call with an
// error that names the group: that attempt was never sent, so it is not
// retried, and it makes no *MaybePlacedError unless an earlier attempt
// may have acted.
//
// # When an order may exist
//
// An order call whose outcome the client cannot know ends in a
// *MaybePlacedError, matched by errors.Is(err, ErrMaybePlaced): a timeout
// or connection loss after sending, a 5xx, a 200 whose body is not the
// documented JSON, or an earlier attempt of these followed by a failure.
// Check the orders before sending it again, or resend it with the same
// OrderConfirmIDs (MaybePlacedError.ConfirmIDs).
//
// TradeStation does not document how it answers a placement whose
// OrderConfirmID it has seen. The client assumes what such an answer must
// look like: a 200 whose refusal (v3 Errors, v2 OrderStatus Failed) says
// "duplicate" or names the OrderConfirmID in its code or message, and
// often names the earlier order in OrderID. It turns that into a
// *MaybePlacedError with the order ids, never a plain refusal, whether its
// own resend or yours met it. tradestationtest's fake answers that way.
package client
