package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

const (
	maxEndpointBody = 1 << 20
	// defaultLifetime is assumed when a token answer has no expires_in;
	// TradeStation's access tokens live 20 minutes.
	defaultLifetime = 20 * time.Minute
)

// tokenResponse is the JSON answer of a successful token request.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token"`
	IDToken      string `json:"id_token"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
}

// oauthErrorBody is the JSON answer of a refused OAuth request.
type oauthErrorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// postForm sends form to endpoint and returns the status and the (bounded)
// body. It never follows a redirect, even with the caller's own client: the
// form carries the client secret and a token. A 3xx is a *TokenError.
func postForm(ctx context.Context, hc *http.Client, endpoint string, form url.Values) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, fmt.Errorf("auth: building request to %s: %w", endpoint, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	noRedirects := *hc
	noRedirects.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirects.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("auth: request to %s failed: %w", endpoint, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return resp.StatusCode, nil, &TokenError{Endpoint: path.Base(req.URL.Path), StatusCode: resp.StatusCode, Location: withoutQuery(resp.Header.Get("Location"))}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxEndpointBody))
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("auth: reading the answer of %s (HTTP %d): %w", endpoint, resp.StatusCode, err)
	}
	return resp.StatusCode, body, nil
}

// withoutQuery is a URL without user info, query or fragment, where a
// redirect could carry secrets.
func withoutQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unreadable URL)"
	}
	u.User, u.RawQuery, u.Fragment, u.RawFragment, u.ForceQuery = nil, "", "", "", false
	return u.String()
}

// requestToken posts form to the token endpoint and decodes a token answer.
// secrets are the values in form that must never show up in an error.
func requestToken(ctx context.Context, hc *http.Client, tokenURL string, form url.Values, secrets []string) (*tokenResponse, error) {
	status, body, err := postForm(ctx, hc, tokenURL, form)
	if err != nil {
		return nil, err
	}
	if status < 200 || status > 299 {
		return nil, endpointError("token", status, body, secrets)
	}
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return nil, &TokenError{Endpoint: "token", StatusCode: status, Excerpt: excerpt(body, secrets)}
	}
	if tr.TokenType != "" && !strings.EqualFold(tr.TokenType, "bearer") {
		return nil, fmt.Errorf("auth: token endpoint issued a %q token; only Bearer tokens are supported", excerpt([]byte(tr.TokenType), nil))
	}
	return &tr, nil
}

// endpointError describes a non-2xx answer of the token or revoke endpoint.
func endpointError(endpoint string, status int, body []byte, secrets []string) *TokenError {
	e := &TokenError{Endpoint: endpoint, StatusCode: status}
	var eb oauthErrorBody
	if json.Unmarshal(body, &eb) == nil && oauthCodePattern.MatchString(eb.Error) {
		e.Code = eb.Error
		e.Description = excerpt([]byte(eb.Description), secrets)
		return e
	}
	e.Excerpt = excerpt(body, secrets)
	return e
}

func (tr *tokenResponse) lifetime() time.Duration {
	if tr.ExpiresIn <= 0 {
		return defaultLifetime
	}
	return time.Duration(tr.ExpiresIn) * time.Second
}

// oauth2Token builds the token handed to callers; refreshToken may be empty.
func oauth2Token(accessToken, refreshToken, idToken string, expiry time.Time) *oauth2.Token {
	tok := &oauth2.Token{
		AccessToken:  accessToken,
		TokenType:    "Bearer",
		RefreshToken: refreshToken,
		Expiry:       expiry,
	}
	if idToken == "" {
		return tok
	}
	return tok.WithExtra(map[string]any{"id_token": idToken})
}
