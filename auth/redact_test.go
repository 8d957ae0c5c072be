package auth

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
)

// printedForms renders v every way a program might print or log it.
func printedForms(v any) map[string]string {
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T %v"} {
		out[verb] = fmt.Sprintf(verb, v)
	}
	out["Sprint"] = fmt.Sprint(v)
	out["Sprintln"] = fmt.Sprintln(v)
	for name, h := range map[string]func(*bytes.Buffer) slog.Handler{
		"slog text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"slog JSON": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(h(&buf)).Info("value", "v", v)
		out[name] = buf.String()
	}
	return out
}

func TestPrintingAndLoggingNeverShowSecrets(t *testing.T) {
	s, mt, _ := newTestSession(t, testRefresh, Sim())
	mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(200, tokenBody("access-token-LIVE", "refresh-token-ROTATED")))
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg := LoginConfig{ClientID: testClientID, ClientSecret: testSecret, Store: &memStore{}}
	values := map[string]any{
		"*Session":                s,
		"Session copy":            *s,
		"TokenSource":             s.TokenSource(),
		"LoginConfig":             cfg,
		"*LoginConfig":            &cfg,
		"LoginConfig in a struct": struct{ C LoginConfig }{cfg},
		"Option":                  WithHTTPClient(http.DefaultClient),
	}
	for name, v := range values {
		for how, text := range printedForms(v) {
			assertNoSecrets(t, name+" printed with "+how, text, "access-token-LIVE", "refresh-token-ROTATED")
		}
	}
}

func TestPrintedSessionAndConfigStillSayWhatTheyAre(t *testing.T) {
	s, err := NewSession(testClientID, testSecret, testRefresh, Sim())
	if err != nil {
		t.Fatal(err)
	}
	want := "auth.Session{env: sim, api: https://sim-api.tradestation.com/v3, client_id: " + testClientID + "}"
	if got := fmt.Sprintf("%+v", s); got != want {
		t.Errorf("%%+v = %q, want %q", got, want)
	}
	var nilSession *Session
	if got := fmt.Sprint(nilSession); got != "auth.Session(nil)" {
		t.Errorf("nil session prints %q", got)
	}
	if got := printedForms(nilSession)["slog text"]; !strings.Contains(got, "auth.Session(nil)") {
		t.Errorf("nil session logs %q", got)
	}
	cfg := LoginConfig{ClientID: testClientID, ClientSecret: testSecret, PKCE: true}
	if got := fmt.Sprintf("%#v", cfg); !strings.Contains(got, `ClientSecret:"[redacted]"`) || !strings.Contains(got, "PKCE:true") {
		t.Errorf("%%#v = %q", got)
	}
	if got := printedForms(s)["slog JSON"]; !strings.Contains(got, `"env":"sim"`) {
		t.Errorf("slog JSON = %q", got)
	}
}

func TestErrorsFromFailedRefreshNeverShowSecrets(t *testing.T) {
	echo := func(req *http.Request) (*http.Response, error) { // a broken server echoing what it got
		_ = req.ParseForm()
		return httpmock.NewStringResponse(500, "debug: "+req.PostForm.Encode()), nil
	}
	responders := map[string]httpmock.Responder{
		"echo of the form":          echo,
		"invalid_grant with secret": httpmock.NewStringResponder(403, `{"error":"invalid_grant","error_description":"token `+testRefresh+` revoked"}`),
		"token in a bad answer":     httpmock.NewStringResponder(200, `{"access_token": "short", "token_type": 7}`),
	}
	for name, r := range responders {
		t.Run(name, func(t *testing.T) {
			s, mt, _ := newTestSession(t, testRefresh)
			mt.RegisterResponder(http.MethodPost, testTokenURL, r)
			_, err := s.Token(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			assertNoSecrets(t, "error", err.Error(), "short")
			assertNoSecrets(t, "error %+v", fmt.Sprintf("%+v", err), "short")
		})
	}
}

func TestExcerptRedactsTokenLikeValues(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"refresh_token":"abc","x":1}`, `{"refresh_token":"[redacted]","x":1}`},
		{`{"client_secret": "abc`, `{"client_secret": "[redacted]"`},
		{"Bearer " + strings.Repeat("Ab9_", 10), "Bearer [redacted]"},
		{"known-secret-value here", "[redacted] here"},
		{"line one\n\n\tline two", "line one line two"},
		{"bad \xff byte", "bad ? byte"},
	}
	for _, tc := range cases {
		if got := excerpt([]byte(tc.in), []string{"known-secret-value"}); got != tc.want {
			t.Errorf("excerpt(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
