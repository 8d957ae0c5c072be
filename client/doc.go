// Package client builds the v3 and v2 clients on an auth.Session: NewV3
// and NewV2 return the *v3.Client and *v2.Client of the generated packages,
// with the session's host and HTTP client, a bearer token on every request
// (refreshed and sent once more after a 401), documented limits checked
// before sending, safe retries, and every non-2xx answer returned as an
// *APIError:
//
//	api, err := client.NewV3(sess, option.WithMaxRetries(3))
//	q, err := api.GetQuoteSnapshots(ctx, []string{"MSFT"})
//	var apiErr *client.APIError
//	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusTooManyRequests { ... }
//
// Options (package option) given to NewV3 apply to every call; options
// given to a call apply to it alone, after the client's.
//
// Retries follow one rule: a request is sent again only when doing so
// cannot move money twice. GETs (and read-only POSTs such as order
// confirmation) retry on 429, 5xx other than 501, and network errors, with
// jittered exponential backoff that honours Retry-After and
// X-RateLimit-Reset. Order placement, replacement and cancellation are
// never retried once they may have reached TradeStation, except a
// placement whose every order carries an OrderConfirmID, which TradeStation
// refuses to execute twice. A stream's request is never retried here:
// package stream reconnects, one request per attempt.
//
// Orders and HistoricalOrders page through a list of orders as an
// iterator.
package client
