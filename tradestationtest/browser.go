package tradestationtest

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
)

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// Browser returns a stand-in for the user's browser, to pass as
// auth.LoginConfig.OpenBrowser: it opens the sign-in page at the URL it is
// given, types user and password, ticks the consent box if consent is true
// and submits, following the redirect to the login's callback on loopback.
// Without consent the callback gets error=access_denied. It returns when
// the callback has answered.
func (s *Server) Browser(user, password string, consent bool) func(authURL string) error {
	return func(authURL string) error {
		hc := s.browserClient()
		resp, err := hc.Get(authURL)
		if err != nil {
			return fmt.Errorf("tradestationtest browser: opening the sign-in page: %w", err)
		}
		page, _ := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("tradestationtest browser: the sign-in page answered %d: %s", resp.StatusCode, page)
		}
		form := url.Values{"username": {user}, "password": {password}, "action": {"signin"}}
		for _, m := range hiddenInput.FindAllStringSubmatch(string(page), -1) {
			form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
		}
		if consent {
			form.Set("consent", "yes")
		}
		action := resp.Request.URL.ResolveReference(&url.URL{Path: "/authorize"})
		resp, err = hc.PostForm(action.String(), form)
		if err != nil {
			return fmt.Errorf("tradestationtest browser: submitting the sign-in form: %w", err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.Request.URL.Path == "/authorize" {
			return fmt.Errorf("tradestationtest browser: the sign-in form was not accepted (HTTP %d)", resp.StatusCode)
		}
		return nil
	}
}

// browserClient reaches the server and, for the callback, the loopback
// network; behind httpmock only the TradeStation hosts go to the mock.
func (s *Server) browserClient() *http.Client {
	if s.mock == nil {
		return &http.Client{Transport: s.hc.Transport}
	}
	// One callback per sign-in: no connection is kept for later.
	return &http.Client{Transport: splitTransport{mock: s.mock, loopback: &http.Transport{DisableKeepAlives: true}}}
}

// splitTransport sends TradeStation's hosts to the mock and the rest (the
// login's callback) to the network.
type splitTransport struct {
	mock     http.RoundTripper
	loopback http.RoundTripper
}

func (t splitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if mockHosts.MatchString(req.URL.String()) {
		return t.mock.RoundTrip(req)
	}
	return t.loopback.RoundTrip(req)
}
