// Package auth signs programs in to TradeStation and keeps them signed in.
//
// A [Session] holds an API key (client id and secret) and a refresh token. It
// hands out short-lived access tokens through [Session.TokenSource] and
// [Session.RequestEditor], refreshing them in the background a few minutes
// before they expire, so that a request never waits while a valid token
// exists. When TradeStation rotates refresh tokens, every new one is handed to
// the [TokenStore] before the access token that came with it is used.
//
// A refresh token is obtained once with [Login], which runs the OAuth 2
// authorization-code flow through the system browser and a callback server on
// the loopback interface, and is stored with a [FileStore]. Processes that
// share one login share its store: a [SharedTokenStore] (a FileStore on one
// machine, redisstore across machines) lets them take turns to refresh, so
// that a rotation retires no refresh token that another process still uses.
//
// Secrets never leave the package by accident: printing or logging a
// [Session] or [LoginConfig] shows no client secret, refresh token or access
// token, and error messages never contain them.
package auth
