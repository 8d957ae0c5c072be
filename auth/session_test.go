package auth

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestNewSessionRejectsUnusableArguments(t *testing.T) {
	cases := []struct {
		name                string
		id, secret, refresh string
		opts                []Option
		want                string
	}{
		{"empty client id", "", "s", "r", nil, "client id is empty"},
		{"empty secret", "id", "", "r", nil, "client secret is empty"},
		{"empty refresh token without store", "id", "s", "", nil, "refresh token is empty"},
		{"nil http client", "id", "s", "r", []Option{WithHTTPClient(nil)}, "nil *http.Client"},
		{"nil token store", "id", "s", "r", []Option{WithTokenStore(nil)}, "nil TokenStore"},
		{"sign-in URL without scheme", "id", "s", "r", []Option{WithSignInURL("signin.example.com")}, `sign-in URL "signin.example.com" must start with http`},
		{"sign-in URL unparsable", "id", "s", "r", []Option{WithSignInURL("http://[::1")}, `sign-in URL "http://[::1" is not a valid URL`},
		{"API URL without host", "id", "s", "r", []Option{WithAPIURL("https://")}, `API URL "https://" has no host`},
		{"API URL with query", "id", "s", "r", []Option{WithAPIURL("https://api.example.com?x=1")}, "must not have a query"},
		{"API URL with version", "id", "s", "r", []Option{WithAPIURL("https://api.example.com/v3/")}, "must not end with the API version"},
		{"API URL with password", "id", "s", "r", []Option{WithAPIURL("https://u:hunter2@api.example.com")}, "must not contain a user name"},
		{"scope with space", "id", "s", "r", []Option{WithScopes("openid MarketData")}, "contains white space"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewSession(tc.id, tc.secret, tc.refresh, tc.opts...)
			if err == nil || s != nil {
				t.Fatalf("NewSession = %v, %v; want an error", s, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error shows the URL's password: %q", err)
			}
		})
	}
}

func TestSessionURLsFollowOptions(t *testing.T) {
	cases := []struct {
		name        string
		opts        []Option
		base, api   string
		isSim, isV2 bool
	}{
		{"default is live v3", nil, "https://api.tradestation.com/v3", "https://api.tradestation.com", false, false},
		{"sim", []Option{Sim()}, "https://sim-api.tradestation.com/v3", "https://sim-api.tradestation.com", true, false},
		{"v2", []Option{V2()}, "https://api.tradestation.com/v2", "https://api.tradestation.com", false, true},
		{"sim and v2", []Option{V2(), Sim()}, "https://sim-api.tradestation.com/v2", "https://sim-api.tradestation.com", true, true},
		{"API URL wins over sim", []Option{Sim(), WithAPIURL("http://127.0.0.1:8123/")}, "http://127.0.0.1:8123/v3", "http://127.0.0.1:8123", true, false},
		{"API URL with path prefix", []Option{WithAPIURL("http://127.0.0.1:8123/prefix"), V2()}, "http://127.0.0.1:8123/prefix/v2", "http://127.0.0.1:8123/prefix", false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewSession("id", "secret", "refresh", tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if s.BaseURL() != tc.base || s.APIURL() != tc.api || s.IsSim() != tc.isSim || s.IsV2() != tc.isV2 {
				t.Errorf("got base %q api %q sim %v v2 %v; want %q %q %v %v",
					s.BaseURL(), s.APIURL(), s.IsSim(), s.IsV2(), tc.base, tc.api, tc.isSim, tc.isV2)
			}
		})
	}
}

func TestSignInURLIsUsedForTokenRequests(t *testing.T) {
	s, err := NewSession("id", "secret", "refresh", WithSignInURL("http://127.0.0.1:9999/auth0/"))
	if err != nil {
		t.Fatal(err)
	}
	if s.src.tokenURL != "http://127.0.0.1:9999/auth0/oauth/token" {
		t.Errorf("token URL = %q", s.src.tokenURL)
	}
	if s.hc == nil || s.hc.Timeout == 0 {
		t.Error("default HTTP client has no timeout")
	}
	def, _ := NewSession("id", "secret", "refresh")
	if def.src.tokenURL != "https://signin.tradestation.com/oauth/token" {
		t.Errorf("default token URL = %q", def.src.tokenURL)
	}
}

func TestSessionFromEnv(t *testing.T) {
	cases := []struct {
		name                     string
		id, secret, refresh, env string
		wantErr                  string // "" means success
		noCredentials            bool
		wantBase                 string
		wantStore                bool
	}{
		{name: "nothing set", noCredentials: true, wantErr: "no TradeStation credentials"},
		{name: "unset env means sim", id: "id", secret: "s", refresh: "r", wantBase: "https://sim-api.tradestation.com/v3"},
		{name: "sim", id: "id", secret: "s", refresh: "r", env: "sim", wantBase: "https://sim-api.tradestation.com/v3"},
		{name: "live", id: "id", secret: "s", refresh: "r", env: "live", wantBase: "https://api.tradestation.com/v3"},
		{name: "live in capitals", id: "id", secret: "s", refresh: "r", env: " LIVE ", wantBase: "https://api.tradestation.com/v3"},
		{name: "unknown env", id: "id", secret: "s", refresh: "r", env: "prod", wantErr: `TRADESTATION_ENV is "prod"`},
		{name: "missing secret", id: "id", refresh: "r", wantErr: "TRADESTATION_CLIENT_SECRET is not set"},
		{name: "missing id", secret: "s", wantErr: "TRADESTATION_CLIENT_ID is not set"},
		{name: "no refresh token uses the token file", id: "id", secret: "s", wantBase: "https://sim-api.tradestation.com/v3", wantStore: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(envClientID, tc.id)
			t.Setenv(envClientSecret, tc.secret)
			t.Setenv(envRefreshToken, tc.refresh)
			t.Setenv(envEnvironment, tc.env)
			t.Setenv("XDG_CONFIG_HOME", t.TempDir())
			s, err := SessionFromEnv()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				if errors.Is(err, ErrNoCredentials) != tc.noCredentials {
					t.Errorf("errors.Is(err, ErrNoCredentials) = %v, want %v", !tc.noCredentials, tc.noCredentials)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.BaseURL() != tc.wantBase {
				t.Errorf("BaseURL = %q, want %q", s.BaseURL(), tc.wantBase)
			}
			if _, isFile := s.src.store.(*FileStore); isFile != tc.wantStore {
				t.Errorf("uses a file store: %v, want %v", isFile, tc.wantStore)
			}
		})
	}
}

func TestSessionFromEnvAppliesOptionsAfterEnvironment(t *testing.T) {
	t.Setenv(envClientID, "id")
	t.Setenv(envClientSecret, "s")
	t.Setenv(envRefreshToken, "r")
	t.Setenv(envEnvironment, "sim")
	hc := &http.Client{}
	s, err := SessionFromEnv(WithAPIURL("http://127.0.0.1:7000"), V2(), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if s.BaseURL() != "http://127.0.0.1:7000/v2" || !s.IsSim() || s.hc != hc {
		t.Errorf("options not applied: %q sim=%v", s.BaseURL(), s.IsSim())
	}
}

// The lines `tradestation fake` prints name its hosts too: a session built
// from them must talk to the fake, never send the fake's credentials to
// TradeStation's sign-in host.
func TestSessionFromLookupTakesTheHostsTheFakePrints(t *testing.T) {
	env := map[string]string{
		envClientID: "id", envClientSecret: "s", envRefreshToken: "r",
		envAPIURL: "http://127.0.0.1:8383", envSignInURL: "http://127.0.0.1:8383/",
	}
	s, err := SessionFromLookup(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if s.BaseURL() != "http://127.0.0.1:8383/v3" || s.src.tokenURL != "http://127.0.0.1:8383/oauth/token" {
		t.Errorf("BaseURL %q, token URL %q; want the fake's", s.BaseURL(), s.src.tokenURL)
	}
	env[envAPIURL] = "ftp://127.0.0.1"
	if _, err := SessionFromLookup(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "API URL") {
		t.Errorf("a bad TRADESTATION_API_URL gave %v, want an error naming the API URL", err)
	}
}

func TestHostsOtherThanLoopbackNeedHTTPS(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"https://sim-api.tradestation.com", true},
		{"http://127.0.0.1:8383", true},
		{"http://[::1]:8383", true},
		{"http://localhost:8383", true},
		{"http://192.168.1.20:8383", false},
		{"http://api.example.com", false},
	} {
		_, err := NewSession("id", "secret", "refresh", WithAPIURL(tc.url), WithSignInURL(tc.url))
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.url, err, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "must use https://") {
			t.Errorf("%s: %v does not say why", tc.url, err)
		}
	}
}
