package tradestationtest_test

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

// freePort finds a loopback port for the login's callback.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func loginConfig(t *testing.T, srv *tradestationtest.Server, browser func(string) error) auth.LoginConfig {
	return auth.LoginConfig{
		ClientID: tradestationtest.ClientID, ClientSecret: tradestationtest.ClientSecret, SignInURL: srv.URL(),
		Scopes:      []string{"openid", "offline_access", "profile", "email", "MarketData", "ReadAccount", "Trade"},
		Ports:       []int{freePort(t)},
		OpenBrowser: browser, Output: &bytes.Buffer{}, Timeout: 10 * time.Second,
	}
}

func TestLoginThroughTheSignInFormGivesAWorkingRefreshToken(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	tok, err := auth.Login(ctxT(t), loginConfig(t, srv, srv.Browser(tradestationtest.UserID, tradestationtest.DemoPassword, true)))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if tok.RefreshToken == "" || tok.AccessToken == "" {
		t.Fatalf("token without access or refresh token")
	}
	info, err := auth.UserInfoFromToken(tok)
	if err != nil || info.UserID != tradestationtest.UserID || info.Name != tradestationtest.UserName || info.Email != tradestationtest.UserEmail {
		t.Errorf("UserInfoFromToken = %+v, %v", info, err)
	}
	sess, err := auth.NewSession(tradestationtest.ClientID, tradestationtest.ClientSecret, tok.RefreshToken,
		auth.WithSignInURL(srv.URL()), auth.WithAPIURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Token(ctxT(t)); err != nil {
		t.Errorf("the refresh token from Login does not refresh: %v", err)
	}
}

func TestLoginWithPKCEAndNoSecret(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	cfg := loginConfig(t, srv, srv.Browser("someone", "secret", true))
	cfg.ClientSecret, cfg.PKCE = "", true
	if _, err := auth.Login(ctxT(t), cfg); err != nil {
		t.Fatalf("Login with PKCE: %v", err)
	}
}

func TestLoginWithoutConsentIsAccessDenied(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	_, err := auth.Login(ctxT(t), loginConfig(t, srv, srv.Browser(tradestationtest.UserID, tradestationtest.DemoPassword, false)))
	if err == nil || !strings.Contains(err.Error(), "access_denied") {
		t.Errorf("Login without consent: %v, want access_denied", err)
	}
}

func TestSignInFormNeedsAUserAndAPassword(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	err := srv.Browser("", "", true)(srv.URL() + "/authorize?" + url.Values{
		"response_type": {"code"}, "client_id": {tradestationtest.ClientID}, "redirect_uri": {"http://localhost:3000"},
		"audience": {"https://api.tradestation.com"}, "scope": {"openid"}, "state": {"s"},
	}.Encode())
	if err == nil {
		t.Error("the form accepted an empty user name and password")
	}
}

func TestAuthorizeRefusesUnknownClientsAndForeignRedirects(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	for name, q := range map[string]url.Values{
		"unknown client":   {"response_type": {"code"}, "client_id": {"someone-else"}, "redirect_uri": {"http://localhost:3000"}},
		"foreign redirect": {"response_type": {"code"}, "client_id": {tradestationtest.ClientID}, "redirect_uri": {"https://evil.example"}},
		"token flow":       {"response_type": {"token"}, "client_id": {tradestationtest.ClientID}, "redirect_uri": {"http://localhost:3000"}},
	} {
		resp, err := http.Get(srv.URL() + "/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", name, resp.StatusCode)
		}
	}
}

func TestTokenEndpointRefusesAWrongSecret(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	sess, err := auth.NewSession(tradestationtest.ClientID, "wrong", srv.RefreshToken(), auth.WithSignInURL(srv.URL()), auth.WithAPIURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = sess.Token(ctxT(t))
	var te *auth.TokenError
	if !errors.As(err, &te) || te.StatusCode != http.StatusUnauthorized || te.Code != "invalid_client" {
		t.Errorf("Token with a wrong secret: %v", err)
	}
}

func TestRevokeRetiresTheRefreshTokensIssuedBefore(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	session := func(rt string) *auth.Session {
		sess, err := auth.NewSession(tradestationtest.ClientID, tradestationtest.ClientSecret, rt, auth.WithSignInURL(srv.URL()), auth.WithAPIURL(srv.URL()))
		if err != nil {
			t.Fatal(err)
		}
		return sess
	}
	rt := srv.RefreshToken()
	if err := auth.Revoke(ctxT(t), session(rt)); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if _, err := session(rt).Token(ctxT(t)); !errors.Is(err, auth.ErrLoginRequired) {
		t.Errorf("the revoked refresh token: %v, want auth.ErrLoginRequired", err)
	}
	if _, err := session(srv.RefreshToken()).Token(ctxT(t)); err != nil {
		t.Errorf("a refresh token issued after the revocation: %v", err)
	}
}

func TestLoginThroughTheMockSignInHost(t *testing.T) {
	mt := httpmock.NewMockTransport()
	srv := tradestationtest.RegisterResponders(mt)
	defer srv.Close()
	cfg := auth.LoginConfig{
		ClientID: tradestationtest.ClientID, ClientSecret: tradestationtest.ClientSecret,
		HTTPClient: srv.HTTPClient(), Ports: []int{freePort(t)}, Output: &bytes.Buffer{}, Timeout: 10 * time.Second,
		OpenBrowser: srv.Browser(tradestationtest.UserID, tradestationtest.DemoPassword, true),
	}
	tok, err := auth.Login(ctxT(t), cfg)
	if err != nil {
		t.Fatalf("Login against signin.tradestation.com behind httpmock: %v", err)
	}
	if tok.RefreshToken == "" {
		t.Error("no refresh token")
	}
}
