// Package tradestationtest is a fake TradeStation for tests and demos: the
// sign-in host (OAuth authorize, token, revoke), API v3 and the legacy API
// v2 on one loopback origin, with streams, a market and accounts that stay
// consistent with each other.
//
// NewServer starts it like httptest.NewServer; Server.Session returns an
// auth.Session already signed in to it, so that client.NewV3(srv.Session())
// talks to the fake exactly as it would to TradeStation. RegisterResponders
// serves the same fake through an httpmock transport, without a socket.
//
// The market is deterministic: every symbol follows its own price path,
// computed from a hash of the symbol and the time, so the same instant
// always has the same price, and history (bars) is available for any day.
// The market clock starts at DefaultStart and moves only when the test
// calls Advance (or, with WithRealTime, with the wall clock). On the way,
// working orders fill when the path crosses their price, OCO siblings are
// cancelled, bracket legs go live after their entry fills, and balances,
// positions and streams follow.
//
// Faults are set while the server runs: FailRequests, FailResponses,
// DropResponses, SetLatency, LimitRate, BreakStreams, ExpireAccessTokens,
// RevokeRefreshTokens. They let a test check what a client does when
// TradeStation misbehaves, without waiting for it to.
//
// What the fake leaves out: partial fills, order activation rules, the
// v2 streams, option exercise and expiry, and symbols beyond its small
// catalogue (seven US stocks and their options, three futures roots and
// four crypto pairs).
package tradestationtest
