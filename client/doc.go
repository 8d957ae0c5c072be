// Package client builds the typed v3 and v2 clients on an auth.Session:
// the right host, a bearer token on every request, documented limits
// checked before sending, safe retries, and every non-2xx answer turned
// into an *APIError.
//
// Retries follow one rule: a request is sent again only when doing so
// cannot move money twice. GETs (and read-only POSTs such as order
// confirmation) retry on 429, 5xx other than 501, and network errors, with
// jittered exponential backoff that honours Retry-After and
// X-RateLimit-Reset. Order placement, replacement and cancellation are
// never retried once they may have reached TradeStation, except a
// placement whose every order carries an OrderConfirmID, which TradeStation
// refuses to execute twice. A 401 refreshes the session's token and sends
// the request once more, whatever its method: TradeStation did not act on
// it.
package client
