package tradestationtest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/value"
)

// These tests cover what a standalone server needs: a fixed address, a
// state that survives a restart, and the control endpoint.

func TestStartListensOnTheAddressAskedFor(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	srv, err := tradestationtest.Start(tradestationtest.WithAddr(addr))
	if err != nil {
		t.Fatalf("Start on %s: %v", addr, err)
	}
	defer srv.Close()
	if srv.URL() != "http://"+addr {
		t.Errorf("URL %s, want http://%s", srv.URL(), addr)
	}
	if _, err := tradestationtest.Start(tradestationtest.WithAddr(addr)); err == nil || !strings.Contains(err.Error(), addr) {
		t.Errorf("a second server on the same address: %v", err)
	}
}

func TestStartRefusesAnAddressOtherMachinesReachUnlessAllowed(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "192.0.2.1:8080"} {
		srv, err := tradestationtest.Start(tradestationtest.WithAddr(addr))
		if err == nil {
			srv.Close()
			t.Errorf("Start(%s) listened", addr)
		} else if !strings.Contains(err.Error(), "WithRemoteAccess") {
			t.Errorf("Start(%s): %v does not say how to allow it", addr, err)
		}
	}
	for _, addr := range []string{"localhost:0", "[::1]:0", "127.0.0.1:0"} {
		srv, err := tradestationtest.Start(tradestationtest.WithAddr(addr))
		if err != nil {
			if strings.Contains(addr, "::1") { // a machine without IPv6
				continue
			}
			t.Errorf("Start(%s): %v", addr, err)
			continue
		}
		srv.Close()
	}
	srv, err := tradestationtest.Start(tradestationtest.WithAddr("0.0.0.0:0"), tradestationtest.WithRemoteAccess())
	if err != nil {
		t.Fatalf("Start on all interfaces with WithRemoteAccess: %v", err)
	}
	srv.Close()
}

func TestStateFileKeepsOrdersAndPositionsAcrossARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fake.json")
	first, api := newFake(t, tradestationtest.WithStateFile(path))
	resting := place(t, api, limitBuy(tradestationtest.MarginAccountID, "MSFT", 7, dec(t, "100.00")))
	place(t, api, marketOrder(tradestationtest.MarginAccountID, "NVDA", 12, "BUY"))
	before, _ := position(t, api, tradestationtest.MarginAccountID, "NVDA")
	cash := balance(t, api, tradestationtest.MarginAccountID).CashBalance
	first.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v, mode %v, want 0600", err, fi.Mode().Perm())
	}

	_, api = newFake(t, tradestationtest.WithStateFile(path))
	if o := orderStatus(t, api, tradestationtest.MarginAccountID, resting); o.Status != "OPN" {
		t.Errorf("the resting order after the restart: %+v", o)
	}
	after, ok := position(t, api, tradestationtest.MarginAccountID, "NVDA")
	if !ok || after.Quantity.Cmp(before.Quantity) != 0 || after.AveragePrice.Cmp(before.AveragePrice) != 0 {
		t.Errorf("NVDA position %+v after the restart, want %+v", after, before)
	}
	if got := balance(t, api, tradestationtest.MarginAccountID).CashBalance; got.Cmp(cash) != 0 {
		t.Errorf("cash %s after the restart, want %s", got, cash)
	}
}

func TestStateFileIsWrittenAfterEachChangeNotOnlyAtClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fake.json")
	srv, api := newFake(t, tradestationtest.WithStateFile(path))
	id := place(t, api, limitBuy(tradestationtest.CashAccountID, "AAPL", 3, dec(t, "50.00")))
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(path)
		if err == nil && bytes.Contains(data, []byte(`"`+id+`"`)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("order %s is not in the state file after 10 s (server still running)", id)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := srv.SaveState(); err != nil {
		t.Errorf("SaveState: %v", err)
	}
}

func TestUnreadableStateFileIsAnErrorThatNamesIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fake.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := tradestationtest.Start(tradestationtest.WithStateFile(path))
	if err == nil {
		srv.Close()
		t.Fatal("Start read a broken state file")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	plain := tradestationtest.NewServer()
	defer plain.Close()
	if err := plain.SaveState(); err == nil {
		t.Error("SaveState without a state file did not fail")
	}
}

func TestSeedGivesOtherPricesAndTheSameForTheSameSeed(t *testing.T) {
	price := func(opts ...tradestationtest.Option) value.Decimal {
		srv := tradestationtest.NewServer(opts...)
		defer srv.Close()
		srv.Advance(3 * time.Hour)
		p, err := srv.Price("TSLA")
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain, seven, again := price(), price(tradestationtest.WithSeed(7)), price(tradestationtest.WithSeed(7))
	if seven.Cmp(again) != 0 {
		t.Errorf("seed 7 gave %s, then %s", seven, again)
	}
	if seven.Cmp(plain) == 0 {
		t.Errorf("seed 7 gave the default path's price %s", plain)
	}
}

// control sends a request to the control endpoint and returns the status
// and the body.
func control(t *testing.T, srv *tradestationtest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctxT(t), method, srv.URL()+"/tradestationtest"+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestControlEndpointInjectsFaultsWithoutGo(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	auth := "Bearer " + plainToken(t, srv)
	path := "/v3/brokerage/accounts"
	if status, body := control(t, srv, "POST", "/faults", `{"fault":"FailRequests","pattern":"GET `+path+`","status":503,"times":1}`); status != http.StatusNoContent {
		t.Fatalf("FailRequests: %d %s", status, body)
	}
	if status, _ := plainGet(t, srv, path, auth); status != http.StatusServiceUnavailable {
		t.Errorf("the next GET: %d, want 503", status)
	}
	if status, _ := plainGet(t, srv, path, auth); status != http.StatusOK {
		t.Errorf("the one after: %d, want 200", status)
	}

	if status, body := control(t, srv, "POST", "/faults", `{"fault":"LimitRate","limit":1,"window":"1m"}`); status != http.StatusNoContent {
		t.Fatalf("LimitRate: %d %s", status, body)
	}
	plainGet(t, srv, path, auth)
	if status, _ := plainGet(t, srv, path, auth); status != http.StatusTooManyRequests {
		t.Errorf("over the rate limit: %d, want 429", status)
	}
	if status, _ := control(t, srv, "DELETE", "/faults", ""); status != http.StatusNoContent {
		t.Errorf("clearing the faults: %d", status)
	}
	if status, _ := plainGet(t, srv, path, auth); status != http.StatusOK {
		t.Errorf("after clearing: %d, want 200", status)
	}

	control(t, srv, "POST", "/faults", `{"fault":"SetLatency","latency":"10s"}`)
	impatient := &http.Client{Timeout: 200 * time.Millisecond}
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+path, nil)
	req.Header.Set("Authorization", auth)
	if resp, err := impatient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("with 10 s of latency a client that waits 200 ms got %d", resp.StatusCode)
	}
	control(t, srv, "DELETE", "/faults", "")

	control(t, srv, "POST", "/faults", `{"fault":"BreakStreams","stream":"GoAway","after":1,"streams":1}`)
	req, _ = http.NewRequestWithContext(ctxT(t), http.MethodGet, srv.URL()+"/v3/marketdata/stream/quotes/MSFT", nil)
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	lines := readLines(t, resp)
	lines.until(t, "Symbol")
	if m := lines.until(t, "StreamStatus"); string(m["StreamStatus"]) != `"GoAway"` {
		t.Errorf("the stream said %s, want GoAway", m["StreamStatus"])
	}

	control(t, srv, "POST", "/faults", `{"fault":"ExpireAccessTokens"}`)
	if status, _ := plainGet(t, srv, path, auth); status != http.StatusUnauthorized {
		t.Errorf("after ExpireAccessTokens: %d, want 401", status)
	}
}

func TestControlEndpointMovesTheClockAndPricesAndIssuesTokens(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	status, body := control(t, srv, "POST", "/clock", `{"advance":"90m"}`)
	var clock struct{ Now time.Time }
	if err := json.Unmarshal([]byte(body), &clock); status != http.StatusOK || err != nil || !clock.Now.Equal(tradestationtest.DefaultStart.Add(90*time.Minute)) {
		t.Errorf("advancing 90m: %d %s", status, body)
	}
	if status, body := control(t, srv, "PUT", "/prices/msft", `{"price":"401.25"}`); status != http.StatusOK || !strings.Contains(body, `"401.25"`) {
		t.Errorf("setting a price: %d %s", status, body)
	}
	if p, _ := srv.Price("MSFT"); p.String() != "401.25" {
		t.Errorf("MSFT is %s after the control endpoint set 401.25", p)
	}
	status, body = control(t, srv, "POST", "/refresh-tokens", "")
	var tok struct{ RefreshToken string }
	if err := json.Unmarshal([]byte(body), &tok); status != http.StatusOK || err != nil || tok.RefreshToken == "" {
		t.Fatalf("a new refresh token: %d %s", status, body)
	}
	code, _ := tokenRequest(t, srv, map[string][]string{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, tradestationtest.ClientID, tradestationtest.ClientSecret)
	if code != http.StatusOK {
		t.Errorf("the control endpoint's refresh token: %d", code)
	}
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/faults", `{"fault":"Explode"}`},
		{"POST", "/faults", `{"fault":"FailRequests","pattern":"/","status":200}`},
		{"POST", "/faults", `{"fault":"BreakStreams","stream":"Sideways"}`},
		{"POST", "/faults", `{"fault":"FailRequests","colour":"red"}`},
		{"POST", "/clock", `{"advance":"soon"}`},
		{"PUT", "/prices/NOPE", `{"price":"1"}`},
		{"POST", "/state", ""},
		{"GET", "/nothing", ""},
	} {
		if status, body := control(t, srv, c.method, c.path, c.body); status < 400 || !strings.Contains(body, `"error"`) {
			t.Errorf("%s %s %s: %d %s, want an error that says why", c.method, c.path, c.body, status, body)
		}
	}
}
