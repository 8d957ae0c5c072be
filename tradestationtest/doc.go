// Package tradestationtest is a fake TradeStation for tests and demos: the
// sign-in host (OAuth authorize, token, revoke), API v3 and the legacy API
// v2 on one loopback origin, with streams, a market and accounts that stay
// consistent with each other.
//
// A test starts a server, talks to it through a session, moves the market
// and breaks things on purpose:
//
//	srv := tradestationtest.NewServer() // like httptest.NewServer
//	defer srv.Close()
//	api, err := client.NewV3(srv.Session())
//	...
//	srv.Advance(time.Hour)             // the clock moves, orders fill, streams update
//	srv.SetPrice("MSFT", value.NewDecimal(400, 0))
//	srv.FailRequests("POST /v3/orderexecution/orders", 503, 1)
//
// Like httptest.NewServer, NewServer panics if it cannot listen on
// loopback; Session panics if it is given invalid auth options, a mistake
// in the calling test. RegisterResponders serves the same fake through an
// httpmock transport, without a socket.
//
// # Market
//
// Seven US stocks (MSFT, AAPL, SPY, QQQ, TSLA, NVDA, AMZN) and their
// listed options, the futures roots ES, NQ and CL (continuous @ES and
// contracts such as ESM25) and four crypto pairs. Every symbol follows its
// own deterministic price path, computed from a hash of the symbol and the
// time: the same instant always has the same price, a trade prints every
// second while its market is open, and bars exist for any day. Options are
// priced by Black-Scholes from their underlying. The market clock starts
// at DefaultStart and moves only when the test calls Advance; with
// WithRealTime it starts now and follows the wall clock, so that history,
// the 90 days of historical orders and order times are relative to today.
// SetPrice jumps a price, PriceRange looks ahead.
//
// # Orders
//
// A market order fills at once at the ask (buys) or the bid (sells). A
// limit order fills when it is marketable, at the quote, or when the path
// trades at or through its price, at the limit (or better after a gap).
// Stop orders trigger on the trade price and fill at it; stop-limit
// orders then work as limits; trailing stops follow the best price. Orders
// fill whole (in parts with WithPartialFills), only while their market is
// open; DAY orders expire at the
// close, GTC orders after 90 days. OCO siblings are cancelled by a fill,
// bracket legs sent with an order (OSOs) wait until it fills. Fills move
// cash and positions: stocks cost nothing to trade, options 0.60 and
// futures 1.50 a contract. A refused order (unknown symbol, short sale in
// a cash account, too little buying power, a repeated OrderConfirmID)
// answers 200 with the refusal in Errors, as TradeStation does. A repeated
// OrderConfirmID is refused as "Duplicate OrderConfirmID ..." with the
// first order's id in OrderID: TradeStation documents no wording for it,
// and this is the shape the client reads as client.ErrMaybePlaced.
//
// # Habits of TradeStation
//
// The fake answers as TradeStation does where clients rely on it, even
// when the published spec says less: empty lists are sent as [] rather
// than left out ({"Positions": [], "Errors": []} for an account without
// positions); an account id that is not the user's is an error inside
// the 200 rather than a 404 ({"Positions": [], "Errors": [{"AccountID":
// "123", "Error": "Forbidden", "Message": "Invalid Account ID."}]}); a
// refused cancel or replace says "Not an open order.", "Invalid order
// ID." or "Cancel/Replace not allowed after cancel has been attempted",
// the words the SDK's client.Rejection reads; the token and revoke
// endpoints take the API key in the form body or as HTTP Basic
// credentials; the Bearer scheme and query parameter names are matched
// without regard to case (barsback, barsBack); answers carry only fields
// TradeStation sends. Revoking a refresh token revokes
// every refresh token of the API key, as TradeStation does: one test's
// logout signs out every other client of the same server.
//
// # Faults
//
// Faults are set while the server runs and are safe for concurrent use:
// FailRequests, FailResponses, DropResponses, SetLatency, LimitRate,
// BreakStreams, DropOrderMessages, DuplicateOrderMessages,
// ExpireAccessTokens, RevokeRefreshTokens; ClearFaults removes them. They
// let a test check what a client does when TradeStation misbehaves,
// without waiting for it to.
//
// # A server for other languages
//
// The command `tradestation fake` runs this server on its own, for
// clients written in any language; Start, WithAddr, WithStateFile and the
// control endpoint are what it uses, and a Go program can use them too.
// The control endpoint lives under ControlPath (/tradestationtest/) on the
// server's own origin. It needs no token, and no fault touches it. Bodies
// and answers are JSON; an error answers 4xx with {"error": "..."}.
//
//	GET    /tradestationtest/clock            {"now": "2025-05-13T14:30:00Z", "realTime": false}
//	POST   /tradestationtest/clock            {"advance": "90m"}: Advance; answers as GET
//	GET    /tradestationtest/prices/{symbol}  {"symbol": "MSFT", "price": "425.37"}
//	PUT    /tradestationtest/prices/{symbol}  {"price": "400"}: SetPrice; answers as GET
//	POST   /tradestationtest/refresh-tokens   {"refreshToken": "rt_..."}: RefreshToken
//	POST   /tradestationtest/state            SaveState (409 without a state file)
//	POST   /tradestationtest/faults           one fault, below; 204
//	DELETE /tradestationtest/faults           ClearFaults; 204
//
// A fault is named as the method that sets it, with its arguments (times
// and streams 0: until cleared):
//
//	{"fault": "FailRequests", "pattern": "POST /v3/orderexecution/orders", "status": 503, "times": 1}
//	{"fault": "FailResponses", "pattern": "...", "status": 504, "times": 1}
//	{"fault": "DropResponses", "pattern": "...", "times": 1}
//	{"fault": "SetLatency", "latency": "250ms"}
//	{"fault": "LimitRate", "limit": 5, "window": "1m"}
//	{"fault": "BreakStreams", "stream": "GoAway", "after": 3, "streams": 1}   (or "Stall", "Drop")
//	{"fault": "DropOrderMessages", "orderID": "", "orderStatus": "FLL", "fraction": 0.5, "seed": 7, "snapshots": false, "times": 0}
//	{"fault": "DuplicateOrderMessages", ...the same fields}
//	{"fault": "ExpireAccessTokens"}
//	{"fault": "RevokeRefreshTokens"}
//
// What the fake leaves out: partial fills of multi-leg orders, activation
// rules and pegged orders (they answer 501 NotImplemented), the v2
// streams, option exercise and expiry, holidays, and symbols beyond its
// catalogue.
package tradestationtest
