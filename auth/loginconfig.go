package auth

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"
)

var (
	defaultScopes = []string{"openid", "offline_access", "profile", "MarketData", "ReadAccount", "Trade"}
	// defaultPorts are the loopback ports registered for a default API key.
	defaultPorts = []int{3000, 3001, 8080, 31022, 80}
)

const defaultLoginTimeout = 5 * time.Minute

// LoginConfig configures Login. Only ClientID and ClientSecret are required;
// printing or logging it hides the secret.
type LoginConfig struct {
	ClientID     string
	ClientSecret string // may be empty only with PKCE, for keys set up as public clients

	Scopes    []string // default: openid offline_access profile MarketData ReadAccount Trade
	Audience  string   // default: https://api.tradestation.com
	SignInURL string   // default: https://signin.tradestation.com
	Ports     []int    // callback ports tried in order; default: 3000, 3001, 8080, 31022, 80

	HTTPClient *http.Client  // for the code exchange
	PKCE       bool          // add an S256 code challenge
	Prompt     bool          // ask for the password even with a live sign-in (prompt=login)
	Timeout    time.Duration // how long to wait for the browser; default 5 minutes

	// Output receives the sign-in URL and progress; default os.Stderr.
	Output io.Writer
	// OpenBrowser shows the sign-in URL to the user; default: the system
	// browser. It should return promptly; its error is reported on Output
	// and does not fail the login, since the URL is printed anyway.
	OpenBrowser func(url string) error
	// Store, when set, receives the new token.
	Store TokenStore
}

// withDefaults checks cfg and fills in what was left empty.
func (cfg LoginConfig) withDefaults() (LoginConfig, error) {
	var errs []error
	if cfg.ClientID == "" {
		errs = append(errs, errors.New("auth: LoginConfig.ClientID is empty"))
	}
	if cfg.ClientSecret == "" && !cfg.PKCE {
		errs = append(errs, errors.New("auth: LoginConfig.ClientSecret is empty (only PKCE keys sign in without one)"))
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = defaultScopes
	}
	for _, s := range cfg.Scopes {
		if s == "" || strings.ContainsAny(s, " \t\r\n") {
			errs = append(errs, fmt.Errorf("auth: scope %q is empty or contains white space", s))
		}
	}
	if cfg.Audience == "" {
		cfg.Audience = defaultAudience
	}
	if cfg.SignInURL == "" {
		cfg.SignInURL = defaultSignInURL
	} else if u, err := parseBaseURL("sign-in URL", cfg.SignInURL); err != nil {
		errs = append(errs, err)
	} else {
		cfg.SignInURL = u
	}
	if len(cfg.Ports) == 0 {
		cfg.Ports = defaultPorts
	}
	for _, p := range cfg.Ports {
		if p < 1 || p > 65535 {
			errs = append(errs, fmt.Errorf("auth: callback port %d is not between 1 and 65535", p))
		}
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: tokenRequestTimeout}
	}
	if cfg.Timeout < 0 {
		errs = append(errs, fmt.Errorf("auth: LoginConfig.Timeout %v is negative", cfg.Timeout))
	} else if cfg.Timeout == 0 {
		cfg.Timeout = defaultLoginTimeout
	}
	if cfg.Output == nil {
		cfg.Output = os.Stderr
	}
	if cfg.OpenBrowser == nil {
		cfg.OpenBrowser = openSystemBrowser
	}
	return cfg, errors.Join(errs...)
}

func (cfg LoginConfig) secretShown() string {
	if cfg.ClientSecret == "" {
		return ""
	}
	return redacted
}

// String describes the configuration with the client secret hidden.
func (cfg LoginConfig) String() string {
	return fmt.Sprintf("auth.LoginConfig{ClientID: %s, ClientSecret: %s, Scopes: %v, Audience: %s, SignInURL: %s, Ports: %v, PKCE: %t, Prompt: %t, Timeout: %v, Store: %t}",
		cfg.ClientID, cfg.secretShown(), cfg.Scopes, cfg.Audience, cfg.SignInURL, cfg.Ports, cfg.PKCE, cfg.Prompt, cfg.Timeout, cfg.Store != nil)
}

// GoString is like String, in Go syntax.
func (cfg LoginConfig) GoString() string {
	return fmt.Sprintf("auth.LoginConfig{ClientID:%q, ClientSecret:%q, Scopes:%#v, Audience:%q, SignInURL:%q, Ports:%#v, PKCE:%t, Prompt:%t, Timeout:%d}",
		cfg.ClientID, cfg.secretShown(), cfg.Scopes, cfg.Audience, cfg.SignInURL, cfg.Ports, cfg.PKCE, cfg.Prompt, cfg.Timeout)
}

// Format makes every fmt verb print String (or GoString for %#v).
func (cfg LoginConfig) Format(f fmt.State, verb rune) {
	writeRedacted(f, verb, cfg.String(), cfg.GoString())
}

// LogValue shows the configuration in slog output with the secret hidden.
func (cfg LoginConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("client_id", cfg.ClientID),
		slog.String("client_secret", cfg.secretShown()),
		slog.Any("scopes", cfg.Scopes),
		slog.String("sign_in_url", cfg.SignInURL),
		slog.Any("ports", cfg.Ports),
		slog.Bool("pkce", cfg.PKCE),
		slog.Duration("timeout", cfg.Timeout),
	)
}
