package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

// Login signs a user in with the OAuth 2 authorization-code flow and returns
// a token with a refresh token (given the offline_access scope).
//
// It listens on 127.0.0.1 at the first free port of cfg.Ports and sends
// redirect_uri http://localhost:PORT, without a path, as TradeStation
// registers them (port 80 is sent as http://localhost:80). It prints the
// sign-in URL to cfg.Output, calls cfg.OpenBrowser, and waits for one
// callback carrying the state it generated. Requests with a wrong or missing
// state are answered with an error page and ignored, so a stray request
// cannot end the login. A callback with error=... (such as access_denied)
// ends it with that error; one with a code is exchanged for the token. Login
// gives up after cfg.Timeout.
//
// With cfg.Store set the token is saved; if that fails Login returns the
// token together with the error, so that the caller can still keep it.
func Login(ctx context.Context, cfg LoginConfig) (*oauth2.Token, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	ln, port, err := listenLoopback(c.Ports)
	if err != nil {
		return nil, err
	}
	fl := &loginFlow{cfg: c, redirectURI: "http://localhost:" + strconv.Itoa(port), result: make(chan loginResult, 1)}
	fl.out = &syncWriter{w: c.Output}
	if fl.state, err = randomToken(); err == nil && c.PKCE {
		fl.verifier, err = randomToken()
	}
	if err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("auth: generating the login state: %w", err)
	}

	waitCtx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	fl.ctx = waitCtx
	srv := &http.Server{Handler: fl, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer shutdown(srv)

	authURL := fl.authorizeURL()
	fmt.Fprintf(fl.out, "To sign in to TradeStation, open this URL in a browser:\n\n    %s\n\nWaiting up to %v for the browser to come back to %s ...\n", authURL, c.Timeout, fl.redirectURI)
	if err := c.OpenBrowser(authURL); err != nil {
		fmt.Fprintf(fl.out, "Could not open a browser (%v); open the URL above yourself.\n", err)
	}

	var res loginResult
	select {
	case res = <-fl.result:
	case <-waitCtx.Done():
		if ctx.Err() != nil {
			return nil, fmt.Errorf("auth: login cancelled: %w", ctx.Err())
		}
		return nil, fmt.Errorf("auth: no sign-in arrived within %v; run the login again: %w", c.Timeout, waitCtx.Err())
	}
	if res.err != nil {
		return nil, res.err
	}
	fmt.Fprintln(fl.out, "Signed in.")
	if res.tok.RefreshToken == "" {
		fmt.Fprintln(fl.out, "Warning: TradeStation issued no refresh token (is offline_access among the scopes?).")
	}
	if c.Store != nil {
		if err := c.Store.Save(ctx, res.tok); err != nil {
			return res.tok, fmt.Errorf("auth: signed in, but saving the token failed: %w", err)
		}
	}
	return res.tok, nil
}

// listenLoopback listens on 127.0.0.1 at the first port of ports that is free.
func listenLoopback(ports []int) (net.Listener, int, error) {
	var lastErr error
	for _, p := range ports {
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err == nil {
			return ln, p, nil
		}
		lastErr = err
	}
	return nil, 0, fmt.Errorf("auth: no port for the sign-in callback is free on 127.0.0.1 (tried %v): %w", ports, lastErr)
}

func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if srv.Shutdown(ctx) != nil {
		_ = srv.Close()
	}
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

type loginResult struct {
	tok *oauth2.Token
	err error
}

// loginFlow is one running Login: it builds the authorize URL and serves the
// callback.
type loginFlow struct {
	cfg         LoginConfig
	ctx         context.Context // ends with the login's timeout
	redirectURI string
	state       string
	verifier    string // PKCE code verifier; empty without PKCE
	out         io.Writer
	claimed     atomic.Bool
	result      chan loginResult
}

func (fl *loginFlow) authorizeURL() string {
	q := url.Values{
		"response_type": {"code"},
		"client_id":     {fl.cfg.ClientID},
		"redirect_uri":  {fl.redirectURI},
		"audience":      {fl.cfg.Audience},
		"scope":         {strings.Join(fl.cfg.Scopes, " ")},
		"state":         {fl.state},
	}
	if fl.cfg.Prompt {
		q.Set("prompt", "login")
	}
	if fl.verifier != "" {
		sum := sha256.Sum256([]byte(fl.verifier))
		q.Set("code_challenge", base64.RawURLEncoding.EncodeToString(sum[:]))
		q.Set("code_challenge_method", "S256")
	}
	return fl.cfg.SignInURL + "/authorize?" + q.Encode()
}

func (fl *loginFlow) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(fl.state)) != 1 {
		fmt.Fprintln(fl.out, "Ignored a request to the callback that did not carry this login's state.")
		writePage(w, http.StatusBadRequest, "This page does not belong to the sign-in that is waiting. Start again from the URL printed in the terminal.")
		return
	}
	if !fl.claimed.CompareAndSwap(false, true) {
		writePage(w, http.StatusConflict, "This sign-in was already handled. You can close this tab.")
		return
	}
	tok, err := fl.complete(q)
	if err != nil {
		writePage(w, http.StatusBadRequest, "Sign-in failed: "+err.Error())
	} else {
		writePage(w, http.StatusOK, "Signed in to TradeStation. You can close this tab and return to the terminal.")
	}
	fl.result <- loginResult{tok, err}
}

// complete turns the callback's query into a token or an error.
func (fl *loginFlow) complete(q url.Values) (*oauth2.Token, error) {
	secrets := []string{fl.cfg.ClientSecret, q.Get("code"), fl.verifier}
	if e := q.Get("error"); e != "" {
		msg := fmt.Sprintf("auth: sign-in failed: %s", excerpt([]byte(e), secrets))
		if e == "access_denied" {
			msg = "auth: sign-in was denied (access_denied)"
		}
		if d := q.Get("error_description"); d != "" {
			msg += ": " + excerpt([]byte(d), secrets)
		}
		return nil, errors.New(msg)
	}
	code := q.Get("code")
	if code == "" {
		return nil, errors.New("auth: the sign-in callback carried neither a code nor an error")
	}
	form := url.Values{
		"grant_type":   {"authorization_code"},
		"client_id":    {fl.cfg.ClientID},
		"code":         {code},
		"redirect_uri": {fl.redirectURI},
	}
	if fl.cfg.ClientSecret != "" {
		form.Set("client_secret", fl.cfg.ClientSecret)
	}
	if fl.verifier != "" {
		form.Set("code_verifier", fl.verifier)
	}
	resp, err := requestToken(fl.ctx, fl.cfg.HTTPClient, fl.cfg.SignInURL+"/oauth/token", form, secrets)
	if err != nil {
		return nil, err
	}
	return oauth2Token(resp.AccessToken, resp.RefreshToken, resp.IDToken, time.Now().Add(resp.lifetime())), nil
}

func writePage(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html>\n<meta charset=\"utf-8\">\n<title>TradeStation sign-in</title>\n<p style=\"font-family: sans-serif\">%s</p>\n", html.EscapeString(message))
}

// syncWriter lets the login and its callback handler share Output.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
