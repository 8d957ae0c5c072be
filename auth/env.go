package auth

import (
	"fmt"
	"os"
	"strings"
)

// The environment variables SessionFromEnv reads.
const (
	envClientID     = "TRADESTATION_CLIENT_ID"
	envClientSecret = "TRADESTATION_CLIENT_SECRET"
	envRefreshToken = "TRADESTATION_REFRESH_TOKEN"
	envEnvironment  = "TRADESTATION_ENV"
	envAPIURL       = "TRADESTATION_API_URL"
	envSignInURL    = "TRADESTATION_SIGNIN_URL"
)

// SessionFromEnv builds a session from TRADESTATION_CLIENT_ID,
// TRADESTATION_CLIENT_SECRET, TRADESTATION_REFRESH_TOKEN and TRADESTATION_ENV.
// Without a refresh token it reads the default token file (written by
// `tradestation login`) at the first Token call. TRADESTATION_ENV is "sim"
// (also when unset) or "live"; the live host is never chosen by default.
// TRADESTATION_API_URL and TRADESTATION_SIGNIN_URL, when set, replace the
// API and sign-in hosts (WithAPIURL, WithSignInURL), as the lines that
// `tradestation fake` prints ask: credentials meant for another host never
// go to TradeStation's.
// opts are applied after those settings. With none of the credentials set it
// returns ErrNoCredentials.
func SessionFromEnv(opts ...Option) (*Session, error) {
	return SessionFromLookup(os.Getenv, opts...)
}

// SessionFromLookup is SessionFromEnv reading the variables through lookup
// instead of the process environment: for programs that take settings
// from elsewhere (a config file, flags that override the environment) and
// for tests.
func SessionFromLookup(lookup func(name string) string, opts ...Option) (*Session, error) {
	id := strings.TrimSpace(lookup(envClientID))
	secret := strings.TrimSpace(lookup(envClientSecret))
	refresh := strings.TrimSpace(lookup(envRefreshToken))
	if id == "" && secret == "" && refresh == "" {
		return nil, fmt.Errorf("auth: %w", ErrNoCredentials)
	}
	for _, v := range []struct{ name, value string }{{envClientID, id}, {envClientSecret, secret}} {
		if v.value == "" {
			return nil, fmt.Errorf("auth: %s is not set, but other TRADESTATION_* credentials are", v.name)
		}
	}
	var base []Option
	switch env := strings.TrimSpace(lookup(envEnvironment)); strings.ToLower(env) {
	case "", "sim":
		base = append(base, Sim())
	case "live":
	default:
		return nil, fmt.Errorf("auth: %s is %q; use \"sim\" or \"live\"", envEnvironment, env)
	}
	if u := strings.TrimSpace(lookup(envAPIURL)); u != "" {
		base = append(base, WithAPIURL(u))
	}
	if u := strings.TrimSpace(lookup(envSignInURL)); u != "" {
		base = append(base, WithSignInURL(u))
	}
	if refresh == "" {
		base = append(base, WithTokenStore(NewFileStore("")))
	}
	return NewSession(id, secret, refresh, append(base, opts...)...)
}
