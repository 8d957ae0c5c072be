package auth

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

func TestUserInfoFromTokenReadsClaims(t *testing.T) {
	tok := (&oauth2.Token{AccessToken: "a"}).WithExtra(map[string]any{
		"id_token": testIDToken(map[string]any{"sub": "auth0|12345", "name": "Pat Trader", "email": "pat@example.com", "exp": 1741100000}),
	})
	info, err := UserInfoFromToken(tok)
	if err != nil {
		t.Fatal(err)
	}
	if info.UserID != "auth0|12345" || info.Name != "Pat Trader" || info.Email != "pat@example.com" {
		t.Errorf("info = %+v", info)
	}
	if exp, ok := info.Claims["exp"].(json.Number); !ok || exp.String() != "1741100000" {
		t.Errorf("exp claim = %#v, want the exact json.Number", info.Claims["exp"])
	}
}

func TestUserInfoFromTokenErrors(t *testing.T) {
	payload := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	withID := func(id string) *oauth2.Token {
		return (&oauth2.Token{AccessToken: "a"}).WithExtra(map[string]any{"id_token": id})
	}
	cases := []struct {
		name string
		tok  *oauth2.Token
		want string
	}{
		{"nil token", nil, "nil token"},
		{"no id token", &oauth2.Token{AccessToken: "a"}, "carries no id token"},
		{"two parts", withID("abc.def"), "2 dot-separated parts"},
		{"bad base64", withID("h.!!!.s"), "not base64url"},
		{"payload not an object", withID("h." + payload(`[1,2]`) + ".s"), "not a JSON object"},
		{"payload null", withID("h." + payload(`null`) + ".s"), "not a JSON object"},
		{"no sub", withID("h." + payload(`{"name":"x"}`) + ".s"), "no sub claim"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := UserInfoFromToken(tc.tok)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestUserInfoAcceptsPaddedPayload(t *testing.T) {
	padded := base64.URLEncoding.EncodeToString([]byte(`{"sub":"u-1"}`))
	if !strings.HasSuffix(padded, "=") {
		t.Fatal("test payload needs padding")
	}
	info, err := parseIDToken("h." + padded + ".s")
	if err != nil || info.UserID != "u-1" {
		t.Errorf("parseIDToken = %+v, %v", info, err)
	}
}
