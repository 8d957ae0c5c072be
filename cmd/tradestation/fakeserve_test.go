package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/tradestationtest"
)

// These tests run the command as a program: `tradestation fake` in one
// process, clients in others, talking over loopback.

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// TestMain removes the command that binary built.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtPath != "" {
		os.RemoveAll(filepath.Dir(builtPath))
	}
	os.Exit(code)
}

// binary builds the command once per test run and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the command as a program")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tradestation-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "tradestation")
		out, err := exec.Command("go", "build", "-o", builtPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtPath
}

// fakeProcess is a running `tradestation fake`.
type fakeProcess struct {
	cmd     *exec.Cmd
	env     map[string]string // the KEY=value lines it printed
	stderr  *bytes.Buffer
	done    chan error
	stopped sync.Once
}

// startFake runs `tradestation fake` with args and reads the seven
// settings it prints; the test stops it.
func startFake(t *testing.T, args ...string) *fakeProcess {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"fake"}, args...)...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeProcess{cmd: cmd, env: map[string]string{}, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { p.stop(t) })
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for len(p.env) < 7 {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("fake ended after %d settings; stderr: %s", len(p.env), p.stderr)
			}
			k, v, found := strings.Cut(line, "=")
			if !found || !strings.HasPrefix(k, "TRADESTATION_") {
				t.Fatalf("line %q is not KEY=value", line)
			}
			p.env[k] = v
		case <-time.After(30 * time.Second):
			t.Fatalf("fake printed no settings in 30 s; stderr: %s", p.stderr)
		}
	}
	return p
}

// stop interrupts the fake, as Ctrl-C does, and waits for it to end
// with exit code 130.
func (p *fakeProcess) stop(t *testing.T) {
	t.Helper()
	p.stopped.Do(func() {
		_ = p.cmd.Process.Signal(syscall.SIGINT)
		select {
		case err := <-p.done:
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupt {
				t.Errorf("fake ended with %v, want exit status 130; stderr: %s", err, p.stderr)
			}
		case <-time.After(20 * time.Second):
			_ = p.cmd.Process.Kill()
			t.Errorf("fake did not end within 20 s of an interrupt")
		}
	})
}

// cli runs the command as a program with the fake's settings.
func (p *fakeProcess) cli(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	for k, v := range p.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("tradestation %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	if strings.Contains(stderr.String(), "built-in fake") {
		t.Fatalf("tradestation %s used its built-in fake, not the running one: %s", strings.Join(args, " "), stderr.String())
	}
	return stdout.String()
}

// plain is a client of the fake that uses nothing of the SDK.
type plain struct {
	t     *testing.T
	base  string
	token string
}

func (c *plain) do(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// json sends a request and decodes the 200 answer into out.
func (c *plain) json(method, path string, body, out any) {
	c.t.Helper()
	status, b := c.do(method, path, body)
	if status != http.StatusOK {
		c.t.Fatalf("%s %s: %d %s", method, path, status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		c.t.Fatalf("%s %s: %v in %s", method, path, err, b)
	}
}

// tokenBy asks the fake's token endpoint for an access token with plain
// HTTP, the API key in the form or as Basic credentials.
func tokenBy(t *testing.T, env map[string]string, basic bool) string {
	t.Helper()
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {env["TRADESTATION_REFRESH_TOKEN"]}}
	if !basic {
		form.Set("client_id", env["TRADESTATION_CLIENT_ID"])
		form.Set("client_secret", env["TRADESTATION_CLIENT_SECRET"])
	}
	req, _ := http.NewRequest(http.MethodPost, env["TRADESTATION_SIGNIN_URL"]+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(env["TRADESTATION_CLIENT_ID"], env["TRADESTATION_CLIENT_SECRET"])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); resp.StatusCode != http.StatusOK || err != nil || tok.AccessToken == "" || tok.ExpiresIn <= 0 {
		t.Fatalf("token (Basic %v): %d %v %+v", basic, resp.StatusCode, err, tok)
	}
	return tok.AccessToken
}

func TestFakeProcessServesAClientThatUsesNoSDK(t *testing.T) {
	p := startFake(t, "--addr", "127.0.0.1:0", "--heartbeat", "200ms")
	if p.env["TRADESTATION_API_URL"] == "" || p.env["TRADESTATION_API_URL"] != p.env["TRADESTATION_SIGNIN_URL"] ||
		p.env["TRADESTATION_DEMO_USER"] == "" || p.env["TRADESTATION_DEMO_PASSWORD"] == "" {
		t.Fatalf("settings %v", p.env)
	}
	tokenBy(t, p.env, false)
	c := &plain{t: t, base: p.env["TRADESTATION_API_URL"], token: tokenBy(t, p.env, true)}

	var accounts struct {
		Accounts []struct{ AccountID, AccountType string }
	}
	c.json("GET", "/v3/brokerage/accounts", nil, &accounts)
	if len(accounts.Accounts) != 3 {
		t.Fatalf("accounts %+v", accounts)
	}
	margin, futures := accounts.Accounts[0].AccountID, accounts.Accounts[2].AccountID

	var balances map[string]json.RawMessage
	c.json("GET", "/v3/brokerage/accounts/"+margin+"/balances", nil, &balances)
	if string(balances["Errors"]) != "[]" || len(balances["Balances"]) < 10 {
		t.Errorf("balances %v", balances)
	}
	if status, body := c.do("GET", "/v3/brokerage/accounts/"+futures+"/positions", nil); status != http.StatusOK || string(body) != `{"Positions":[],"Errors":[]}` {
		t.Errorf("positions of an account without any: %d %s", status, body)
	}

	var quotes struct {
		Quotes []struct{ Symbol, Last string }
	}
	c.json("GET", "/v3/marketdata/quotes/MSFT,AAPL", nil, &quotes)
	if len(quotes.Quotes) != 2 || quotes.Quotes[0].Last == "" {
		t.Errorf("quotes %+v", quotes)
	}
	var bars struct {
		Bars []struct{ TimeStamp time.Time }
	}
	c.json("GET", "/v3/marketdata/barcharts/MSFT?unit=Daily&barsback=5", nil, &bars)
	if len(bars.Bars) != 5 || time.Since(bars.Bars[4].TimeStamp) > 5*24*time.Hour {
		t.Errorf("the last of five daily bars is not recent: %+v", bars)
	}
	var history struct{ Orders []struct{ OrderID string } }
	c.json("GET", "/v3/brokerage/accounts/"+margin+"/historicalorders?since="+time.Now().AddDate(0, 0, -30).Format(time.DateOnly), nil, &history)
	if len(history.Orders) == 0 {
		t.Error("no historical orders in the last 30 days")
	}

	// The order stream sees what the REST calls do.
	streamReq, _ := http.NewRequest("GET", c.base+"/v3/brokerage/stream/accounts/"+margin+"/orders", nil)
	streamReq.Header.Set("Authorization", "Bearer "+c.token)
	streamResp, err := http.DefaultClient.Do(streamReq)
	if err != nil {
		t.Fatal(err)
	}
	defer streamResp.Body.Close()
	stream := bufio.NewScanner(streamResp.Body)
	next := func(key string) map[string]any {
		t.Helper()
		for stream.Scan() {
			var m map[string]any
			if err := json.Unmarshal(stream.Bytes(), &m); err != nil {
				t.Fatalf("stream line %q: %v", stream.Text(), err)
			}
			if _, ok := m[key]; ok {
				return m
			}
		}
		t.Fatalf("the order stream ended: %v", stream.Err())
		return nil
	}
	if m := next("StreamStatus"); m["StreamStatus"] != "EndSnapshot" {
		t.Fatalf("stream status %v", m)
	}

	order := map[string]any{"AccountID": margin, "Symbol": "MSFT", "Quantity": "5", "OrderType": "Limit", "LimitPrice": "1.00",
		"TradeAction": "BUY", "TimeInForce": map[string]string{"Duration": "GTC"}}
	var confirm struct {
		Confirmations []struct{ EstimatedCost string }
	}
	c.json("POST", "/v3/orderexecution/orderconfirm", order, &confirm)
	if len(confirm.Confirmations) != 1 || confirm.Confirmations[0].EstimatedCost != "5.00" {
		t.Errorf("confirmation %+v", confirm)
	}
	var placed struct{ Orders []struct{ OrderID string } }
	c.json("POST", "/v3/orderexecution/orders", order, &placed)
	if len(placed.Orders) != 1 {
		t.Fatalf("placed %+v", placed)
	}
	id := placed.Orders[0].OrderID
	if m := next("OrderID"); m["OrderID"] != id || m["Status"] != "OPN" {
		t.Errorf("the stream's first order %v, want %s OPN", m, id)
	}
	var result struct{ OrderID string }
	c.json("PUT", "/v3/orderexecution/orders/"+id, map[string]string{"LimitPrice": "1.50"}, &result)
	if m := next("OrderID"); m["LimitPrice"] != "1.50" {
		t.Errorf("after the replace the stream sent %v", m)
	}
	c.json("DELETE", "/v3/orderexecution/orders/"+id, nil, &result)
	if m := next("OrderID"); m["Status"] != "CAN" {
		t.Errorf("after the cancel the stream sent %v", m)
	}
	var byID struct {
		Orders []struct{ Status, LimitPrice string }
	}
	c.json("GET", "/v3/brokerage/accounts/"+margin+"/orders/"+id, nil, &byID)
	if len(byID.Orders) != 1 || byID.Orders[0].Status != "CAN" || byID.Orders[0].LimitPrice != "1.50" {
		t.Errorf("the order after replace and cancel: %+v", byID)
	}
}

func TestCommandLineFollowsAnOrderAcrossProcessesAndRestarts(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"--addr", "127.0.0.1:0", "--state", state, "--start", "2025-05-13T14:30:00Z"}
	p := startFake(t, args...)
	account := "11827364"
	place := func(limit string) string {
		t.Helper()
		out := p.cli(t, "order", "place", "--account", account, "--symbol", "MSFT", "--side", "buy", "--qty", "10",
			"--type", "limit", "--limit", limit, "--duration", "gtc", "--yes")
		return placedID(t, out)
	}
	orderLine := func(out, id string) string {
		t.Helper()
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, id+" ") {
				return line
			}
		}
		t.Fatalf("order %s is not listed:\n%s", id, out)
		return ""
	}
	cancelled, resting := place("300"), place("250")
	if line := orderLine(p.cli(t, "orders", account), cancelled); !strings.Contains(line, "300.00") || !strings.Contains(line, "Sent") {
		t.Errorf("a new process lists the order as %q", line)
	}
	p.cli(t, "order", "replace", "--order-id", cancelled, "--limit", "301", "--yes")
	if line := orderLine(p.cli(t, "orders", account), cancelled); !strings.Contains(line, "301.00") {
		t.Errorf("after the replace: %q", line)
	}
	p.cli(t, "order", "cancel", "--order-id", cancelled, "--yes")
	if line := orderLine(p.cli(t, "orders", account), cancelled); !strings.Contains(line, "Canceled") {
		t.Errorf("after the cancel: %q", line)
	}

	p.stop(t)
	p = startFake(t, args...)
	out := p.cli(t, "orders", account)
	if line := orderLine(out, cancelled); !strings.Contains(line, "Canceled") || !strings.Contains(line, "301.00") {
		t.Errorf("after a restart the cancelled order is %q", line)
	}
	if line := orderLine(out, resting); !strings.Contains(line, "Sent") {
		t.Errorf("after a restart the resting order is %q", line)
	}
	p.cli(t, "order", "cancel", "--order-id", resting, "--yes")
	if next := place("200"); next <= resting {
		t.Errorf("an order placed after the restart got id %s, not after %s", next, resting)
	}
}

func TestAPIURLPointsEveryCommandAtARunningFake(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	creds := map[string]string{envClientID: tradestationtest.ClientID, envClientSecret: tradestationtest.ClientSecret,
		envRefreshToken: srv.RefreshToken()}
	cases := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"environment", map[string]string{envAPIURL: srv.URL(), envSignInURL: srv.URL()}, []string{"accounts"}},
		{"flags", nil, []string{"accounts", "--api-url", srv.URL(), "--signin-url", srv.URL()}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := func(k string) string {
				if v, ok := c.env[k]; ok {
					return v
				}
				return creds[k]
			}
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr, env); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tradestationtest.FuturesAccountID) || stderr.Len() != 0 {
				t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
			}
		})
	}
}

func TestAPIURLWithoutCredentialsSaysSoInsteadOfUsingTheBuiltinFake(t *testing.T) {
	var stdout, stderr bytes.Buffer
	env := func(k string) string {
		if k == envAPIURL {
			return "http://127.0.0.1:8383"
		}
		return ""
	}
	code := run(context.Background(), []string{"quote", "MSFT"}, strings.NewReader(""), &stdout, &stderr, env)
	if code != exitLogin || !strings.Contains(stderr.String(), "http://127.0.0.1:8383") || !strings.Contains(stderr.String(), envRefreshToken) {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestFakeRefusesWhatDoesNotApplyToIt(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{
		{"--fake", "--api-url", "http://127.0.0.1:1", "accounts"},
		{"fake", "--addr", "0.0.0.0:0"},
		{"fake", "--start", "yesterday"},
		{"fake", "--live"},
		{"fake", "extra"},
	} {
		if r := h.run(args...); r.code == 0 || !strings.HasPrefix(r.stderr, "tradestation: ") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

func TestFakeSettingsCanBeEvaluatedByAShell(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	var out bytes.Buffer
	printSettings(&out, srv)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		k, v, _ := strings.Cut(line, "=")
		if !regexp.MustCompile(`^TRADESTATION_[A-Z_]+$`).MatchString(k) || v == "" || v != shellQuote(v) {
			t.Errorf("line %q is not a plain KEY=value a shell reads as such", line)
		}
	}
	if got := shellQuote("it's a $secret"); got != `'it'\''s a $secret'` {
		t.Errorf("shellQuote quoted %q", got)
	}
}
