package tradestationtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/tradestationtest"
)

// These tests speak plain HTTP, as clients in other languages do, and
// check the habits of TradeStation that such clients rely on.

// tokenRequest posts a refresh grant; basic sends the key as HTTP Basic
// credentials instead of in the form.
func tokenRequest(t *testing.T, srv *tradestationtest.Server, form url.Values, basicID, basicSecret string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctxT(t), http.MethodPost, srv.URL()+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(url.QueryEscape(basicID), url.QueryEscape(basicSecret))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("token answer: %v", err)
	}
	return resp.StatusCode, out
}

// plainToken gets an access token with a form post, no SDK involved.
func plainToken(t *testing.T, srv *tradestationtest.Server) string {
	t.Helper()
	status, out := tokenRequest(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {srv.RefreshToken()},
		"client_id": {tradestationtest.ClientID}, "client_secret": {tradestationtest.ClientSecret}}, "", "")
	tok, _ := out["access_token"].(string)
	if status != http.StatusOK || tok == "" {
		t.Fatalf("token endpoint: %d %v", status, out)
	}
	return tok
}

// plainGet sends GET path with the Authorization header auth and returns
// the status and the body.
func plainGet(t *testing.T, srv *tradestationtest.Server, path, auth string) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctxT(t), http.MethodGet, srv.URL()+path, nil)
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// object decodes a JSON object, keeping its values raw.
func object(t *testing.T, body string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("%q is not a JSON object: %v", body, err)
	}
	return m
}

func TestEmptyListsArePresentNotLeftOut(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	auth := "Bearer " + plainToken(t, srv)
	futures := tradestationtest.FuturesAccountID // no open positions, no orders today
	cases := []struct {
		path  string
		lists []string
	}{
		{"/v3/brokerage/accounts/" + futures + "/positions", []string{"Positions", "Errors"}},
		{"/v3/brokerage/accounts/" + futures + "/balances", []string{"Errors"}},
		{"/v3/brokerage/accounts/" + futures + "/bodbalances", []string{"Errors"}},
		{"/v3/brokerage/accounts/" + futures + "/orders", []string{"Orders", "Errors"}},
		{"/v3/marketdata/quotes/MSFT", []string{"Errors"}},
		{"/v3/marketdata/symbols/MSFT", []string{"Errors"}},
	}
	for _, c := range cases {
		status, body := plainGet(t, srv, c.path, auth)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", c.path, status, body)
		}
		m := object(t, body)
		for _, key := range c.lists {
			if v, ok := m[key]; !ok || (string(v) != "[]" && !strings.HasPrefix(string(v), "[{")) {
				t.Errorf("GET %s: %s is %s, want a list (even if empty): %s", c.path, key, v, body)
			}
		}
	}
	if _, body := plainGet(t, srv, cases[0].path, auth); body != `{"Positions":[],"Errors":[]}` {
		t.Errorf("no positions answer %s", body)
	}
}

func TestRealTimeClockStartsTodaySoHistoryIsRecent(t *testing.T) {
	srv := tradestationtest.NewServer(tradestationtest.WithRealTime())
	defer srv.Close()
	if d := time.Since(srv.Now()); d < -time.Minute || d > time.Minute {
		t.Fatalf("the market clock is at %v, %v from the wall clock", srv.Now(), d)
	}
	since := time.Now().AddDate(0, 0, -30).Format(time.DateOnly)
	status, body := plainGet(t, srv, "/v3/brokerage/accounts/"+tradestationtest.MarginAccountID+"/historicalorders?since="+since, "Bearer "+plainToken(t, srv))
	if status != http.StatusOK {
		t.Fatalf("historical orders since %s: %d %s", since, status, body)
	}
	var got struct {
		Orders []struct{ OpenedDateTime, ClosedDateTime time.Time }
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || len(got.Orders) == 0 {
		t.Fatalf("no historical orders in the last 30 days: %v %s", err, body)
	}
	for _, o := range got.Orders {
		if age := time.Since(o.ClosedDateTime); age < 0 || age > 31*24*time.Hour {
			t.Errorf("an order closed at %v, %v ago", o.ClosedDateTime, age)
		}
	}
}

func TestTokenEndpointTakesTheKeyInTheFormOrAsBasic(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	grant := func() url.Values {
		return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {srv.RefreshToken()}}
	}
	inForm := grant()
	inForm.Set("client_id", tradestationtest.ClientID)
	inForm.Set("client_secret", tradestationtest.ClientSecret)
	otherInForm := grant()
	otherInForm.Set("client_id", "someone-else")
	cases := []struct {
		name       string
		form       url.Values
		id, secret string
		status     int
	}{
		{"key in the form", inForm, "", "", http.StatusOK},
		{"key as Basic", grant(), tradestationtest.ClientID, tradestationtest.ClientSecret, http.StatusOK},
		{"wrong secret as Basic", grant(), tradestationtest.ClientID, "wrong", http.StatusUnauthorized},
		{"two different keys", otherInForm, tradestationtest.ClientID, tradestationtest.ClientSecret, http.StatusBadRequest},
	}
	for _, c := range cases {
		status, out := tokenRequest(t, srv, c.form, c.id, c.secret)
		if status != c.status {
			t.Errorf("%s: %d %v, want %d", c.name, status, out, c.status)
		}
		if status == http.StatusOK && out["access_token"] == "" {
			t.Errorf("%s: no access token in %v", c.name, out)
		}
	}
}

func TestBearerSchemeIsMatchedWithoutCase(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	tok := plainToken(t, srv)
	for _, auth := range []string{"Bearer " + tok, "bearer " + tok, "BEARER " + tok} {
		if status, body := plainGet(t, srv, "/v3/brokerage/accounts", auth); status != http.StatusOK {
			t.Errorf("Authorization %q...: %d %s", auth[:8], status, body)
		}
	}
	for _, auth := range []string{"Basic " + tok, tok, "Bearer "} {
		if status, _ := plainGet(t, srv, "/v3/brokerage/accounts", auth); status != http.StatusUnauthorized {
			t.Errorf("Authorization without a bearer token: %d, want 401", status)
		}
	}
}

func TestQueryParameterNamesAreMatchedWithoutCase(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	auth := "Bearer " + plainToken(t, srv)
	for _, query := range []string{"unit=Minute&barsback=3", "Unit=Minute&BarsBack=3", "UNIT=Minute&barsBack=3"} {
		status, body := plainGet(t, srv, "/v3/marketdata/barcharts/MSFT?"+query, auth)
		var bars struct{ Bars []json.RawMessage }
		if err := json.Unmarshal([]byte(body), &bars); status != http.StatusOK || err != nil || len(bars.Bars) != 3 {
			t.Errorf("?%s: %d, %d bars, want 3: %s", query, status, len(bars.Bars), body)
		}
	}
	if status, body := plainGet(t, srv, "/v2/data/quote/MSFT?apiversion=20160101", auth); status != http.StatusOK {
		t.Errorf("v2 with apiversion in lower case: %d %s", status, body)
	}
}

func TestOptionExpirationsHonourStrikePriceAndCarryOnlyDeclaredFields(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	auth := "Bearer " + plainToken(t, srv)
	count := func(query string) int {
		t.Helper()
		status, body := plainGet(t, srv, "/v3/marketdata/options/expirations/MSFT"+query, auth)
		var got struct{ Expirations []map[string]json.RawMessage }
		if err := json.Unmarshal([]byte(body), &got); status != http.StatusOK || err != nil {
			t.Fatalf("expirations%s: %d %s", query, status, body)
		}
		for _, e := range got.Expirations {
			for key := range e {
				if key != "Date" && key != "Type" {
					t.Errorf("an expiration carries %s, which TradeStation does not send: %v", key, e)
				}
			}
		}
		return len(got.Expirations)
	}
	all, listed, unlisted := count(""), count("?strikePrice=450"), count("?strikePrice=451.5")
	if all == 0 || listed != all || unlisted != 0 {
		t.Errorf("expirations: %d in all, %d with strike 450, %d with the unlisted strike 451.5", all, listed, unlisted)
	}
	if status, _ := plainGet(t, srv, "/v3/marketdata/options/expirations/MSFT?strikePrice=high", auth); status != http.StatusBadRequest {
		t.Errorf("strikePrice=high: %d, want 400", status)
	}
}

func TestRevokingOneRefreshTokenRevokesEveryTokenOfTheKey(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	mine, theirs := srv.RefreshToken(), srv.RefreshToken()
	form := url.Values{"token": {mine}, "client_id": {tradestationtest.ClientID}, "client_secret": {tradestationtest.ClientSecret}}
	resp, err := http.PostForm(srv.URL()+"/oauth/revoke", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	for name, rt := range map[string]string{"the revoked token": mine, "another client's token": theirs} {
		status, out := tokenRequest(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt},
			"client_id": {tradestationtest.ClientID}, "client_secret": {tradestationtest.ClientSecret}}, "", "")
		if status != http.StatusForbidden || out["error"] != "invalid_grant" {
			t.Errorf("%s after the revocation: %d %v, want 403 invalid_grant", name, status, out)
		}
	}
}
