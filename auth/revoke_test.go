package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"
)

func TestRevokeSendsRefreshTokenAndEndsSession(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh)
	rec := &formRecorder{bodies: []string{""}}
	mt.RegisterResponder(http.MethodPost, testSignIn+"/oauth/revoke", rec.responder)
	mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(200, tokenBody("access-1", "")))
	ctx := context.Background()
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}

	if err := Revoke(ctx, s); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	form := rec.form(0)
	for k, v := range map[string]string{"client_id": testClientID, "client_secret": testSecret, "token": testRefresh} {
		if form.Get(k) != v {
			t.Errorf("revoke form %s = %q, want %q", k, form.Get(k), v)
		}
	}
	if _, err := s.Token(ctx); !errors.Is(err, ErrLoginRequired) {
		t.Errorf("Token after Revoke: %v, want ErrLoginRequired", err)
	}
	if err := Revoke(ctx, s); err == nil || !strings.Contains(err.Error(), "already revoked") {
		t.Errorf("second Revoke: %v, want already revoked", err)
	}
	if n := mt.GetCallCountInfo()["POST "+testTokenURL]; n != 1 {
		t.Errorf("token endpoint called %d times, want 1 (none after revoke)", n)
	}
}

func TestRevokeLoadsRefreshTokenFromStore(t *testing.T) {
	s, mt, _ := newTestSession(t, "", WithTokenStore(&memStore{tok: &oauth2.Token{RefreshToken: "refresh-stored"}}))
	rec := &formRecorder{bodies: []string{"{}"}}
	mt.RegisterResponder(http.MethodPost, testSignIn+"/oauth/revoke", rec.responder)
	if err := Revoke(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if got := rec.form(0).Get("token"); got != "refresh-stored" {
		t.Errorf("revoked %q, want the stored refresh token", got)
	}
}

func TestRevokeFailures(t *testing.T) {
	cases := []struct {
		name      string
		responder httpmock.Responder
		store     TokenStore
		want      string
	}{
		{"refused", httpmock.NewStringResponder(401, `{"error":"invalid_client","error_description":"bad secret `+testSecret+`"}`), nil, "revoke endpoint answered HTTP 401 invalid_client"},
		{"HTML", httpmock.NewStringResponder(503, "<html>down</html>"), nil, `HTTP 503 with a body that is not an OAuth answer: "<html>down</html>"`},
		{"network", httpmock.NewErrorResponder(errors.New("no route to host")), nil, "no route to host"},
		{"not logged in", nil, &memStore{}, "not signed in"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			rt := testRefresh
			if tc.store != nil {
				opts, rt = append(opts, WithTokenStore(tc.store)), ""
			}
			s, mt, _ := newTestSession(t, rt, opts...)
			if tc.responder != nil {
				mt.RegisterResponder(http.MethodPost, testSignIn+"/oauth/revoke", tc.responder)
			}
			err := Revoke(context.Background(), s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
			assertNoSecrets(t, "revoke error", err.Error())
		})
	}
	if err := Revoke(context.Background(), nil); err == nil {
		t.Error("Revoke(nil) succeeded")
	}
}
