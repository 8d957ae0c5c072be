package auth

import (
	"errors"
	"fmt"
	"regexp"
)

var (
	// ErrNoCredentials reports that SessionFromEnv found none of the
	// TRADESTATION_* variables set, so a program may fall back to a fake server.
	ErrNoCredentials = errors.New("no TradeStation credentials: set TRADESTATION_CLIENT_ID and TRADESTATION_CLIENT_SECRET")

	// ErrNotLoggedIn reports that a token store holds no token yet: the
	// user has to sign in (Login) first.
	ErrNotLoggedIn = errors.New("not signed in to TradeStation")

	// ErrLoginRequired reports that TradeStation no longer accepts the
	// refresh token (OAuth invalid_grant, or a revoked session): the user
	// has to sign in again.
	ErrLoginRequired = errors.New("TradeStation no longer accepts the refresh token: sign in again")
)

// TokenError is an answer from the sign-in host's token or revoke endpoint
// that is not a success. Its fields never hold a secret: bodies are cut short
// and anything that looks like a token is replaced by [redacted].
type TokenError struct {
	// Endpoint is "token" or "revoke".
	Endpoint string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Code is the OAuth error code, such as "invalid_grant"; empty when the
	// body was not an OAuth error.
	Code string
	// Description is the OAuth error_description, redacted.
	Description string
	// Excerpt is the start of a body that was not understood, redacted.
	Excerpt string
	// Location is where a 3xx answer pointed (without its query). auth
	// never follows a redirect: it would re-post the client secret and the
	// token to another address.
	Location string
}

func (e *TokenError) Error() string {
	msg := fmt.Sprintf("auth: %s endpoint answered HTTP %d", e.Endpoint, e.StatusCode)
	switch {
	case e.Location != "":
		msg += " redirecting to " + e.Location + "; the redirect was not followed"
	case e.Code != "":
		msg += " " + e.Code
		if e.Description != "" {
			msg += " (" + e.Description + ")"
		}
	case e.Excerpt != "":
		msg += fmt.Sprintf(" with a body that is not an OAuth answer: %q", e.Excerpt)
	default:
		msg += " with an empty body"
	}
	switch e.Code {
	case "invalid_grant":
		msg += "; " + ErrLoginRequired.Error()
	case "invalid_client", "unauthorized_client":
		msg += "; check the client id and secret"
	}
	return msg
}

// Is makes errors.Is(err, ErrLoginRequired) true for invalid_grant.
func (e *TokenError) Is(target error) bool {
	return target == ErrLoginRequired && e.Code == "invalid_grant"
}

// temporary reports whether trying again later may succeed.
func (e *TokenError) temporary() bool {
	return e.StatusCode >= 500 || e.StatusCode == 429 || e.StatusCode == 408
}

// isTemporary reports whether a failed token request is worth retrying:
// network errors, timeouts and 5xx answers are; OAuth refusals are not.
func isTemporary(err error) bool {
	var te *TokenError
	if errors.As(err, &te) {
		return te.temporary()
	}
	return !errors.Is(err, ErrNotLoggedIn) && !errors.Is(err, ErrLoginRequired)
}

var oauthCodePattern = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,64}$`)
