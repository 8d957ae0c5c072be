package auth

import (
	"context"
	"errors"
	"net/url"
)

// Revoke asks TradeStation to revoke the session's refresh token (which
// revokes every refresh token of the API key). Afterwards the session's Token
// calls fail with ErrLoginRequired. A token store is left as it is; delete a
// FileStore separately.
func Revoke(ctx context.Context, sess *Session) error {
	if sess == nil {
		return errors.New("auth: Revoke was given a nil session")
	}
	src := sess.src
	rt, err := src.refreshTokenForRevoke(ctx)
	if err != nil {
		return err
	}
	form := url.Values{
		"client_id":     {src.clientID},
		"client_secret": {src.clientSecret},
		"token":         {rt},
	}
	status, body, err := postForm(ctx, sess.hc, sess.signInURL+"/oauth/revoke", form)
	if err != nil {
		return err
	}
	if status < 200 || status > 299 {
		return endpointError("revoke", status, body, []string{src.clientSecret, rt})
	}
	src.markRevoked()
	return nil
}
