package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/v3"
)

// accountID is the fake's first account, read without going through the
// command (and so without being recorded).
func (h *harness) accountID() string {
	h.t.Helper()
	api, err := client.NewV3(h.srv.Session(auth.Sim()))
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := api.GetAccounts(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	if len(resp.Accounts) == 0 {
		h.t.Fatal("the fake has no accounts")
	}
	return resp.Accounts[0].AccountID
}

func TestOutputsMatchGoldenFiles(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	cases := []struct {
		golden string
		args   []string
	}{
		{"quote.txt", []string{"quote", "MSFT", "AAPL"}},
		{"quote.json", []string{"quote", "MSFT", "--json"}},
		{"accounts.txt", []string{"accounts"}},
		{"accounts.json", []string{"accounts", "--json"}},
		{"balances.txt", []string{"balances", acct}},
		{"positions.txt", []string{"positions"}},
		{"positions.json", []string{"positions", "--json"}},
		{"bars.txt", []string{"bars", "MSFT", "--barsback", "5"}},
		{"bars.json", []string{"bars", "MSFT", "--barsback", "2", "--json"}},
		{"bars-chart.txt", []string{"bars", "MSFT", "--barsback", "20", "--chart", "--height", "8"}},
		{"symbol.txt", []string{"symbol", "MSFT", "ESM25"}},
		{"orders-history.txt", []string{"orders", acct, "--history", "--since", "2025-05-01"}},
		{"options-expirations.txt", []string{"options", "expirations", "MSFT"}},
		{"options-strikes.txt", []string{"options", "strikes", "MSFT", "--expiration", "2025-06-20"}},
		{"options-chain.txt", []string{"options", "chain", "MSFT", "--expiration", "2025-06-20", "--proximity", "2"}},
		{"order-confirm.txt", []string{"order", "confirm", "--account", acct, "--symbol", "MSFT", "--side", "buy", "--qty", "10", "--type", "limit", "--limit", "400"}},
		{"v2-quote.txt", []string{"quote", "MSFT", "--v2"}},
		{"v2-accounts.txt", []string{"--v2", "accounts"}},
		{"v2-balances.txt", []string{"--v2", "balances"}},
		{"v2-positions.txt", []string{"--v2", "positions"}},
		{"v2-quote.json", []string{"--v2", "--json", "quote", "MSFT"}},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			r := h.run(c.args...)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			golden(t, c.golden, r.stdout)
		})
	}
}

func TestColourOnlyOnATerminalWithoutNoColorOrWhenForced(t *testing.T) {
	cases := []struct {
		name     string
		terminal bool
		env      []string
		flags    []string
		want     bool
	}{
		{"piped", false, nil, nil, false},
		{"terminal", true, nil, nil, true},
		{"terminal with NO_COLOR", true, []string{"NO_COLOR=1"}, nil, false},
		{"piped with --color always", false, nil, []string{"--color", "always"}, true},
		{"terminal with --color never", true, nil, []string{"--color", "never"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.terminal, h.env = c.terminal, c.env
			r := h.run(append([]string{"positions"}, c.flags...)...)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if got := strings.Contains(r.stdout, "\x1b["); got != c.want {
				t.Errorf("coloured = %t, want %t:\n%s", got, c.want, r.stdout)
			}
		})
	}
}

func TestColouredTableStaysAligned(t *testing.T) {
	h := newHarness(t)
	plain := h.run("positions", "--color", "never")
	coloured := h.run("positions", "--color", "always")
	stripped := strings.NewReplacer(ansiGreen, "", ansiRed, "", ansiDefault, "", ansiReset, "").Replace(coloured.stdout)
	if stripped != plain.stdout {
		t.Errorf("without its colour codes the coloured table differs from the plain one:\n%s\n---\n%s", stripped, plain.stdout)
	}
	if !strings.Contains(coloured.stdout, ansiGreen) && !strings.Contains(coloured.stdout, ansiRed) {
		t.Errorf("no green or red in %q", coloured.stdout)
	}
}

func TestBadInputIsAUsageErrorOnOneLineAndSendsNothing(t *testing.T) {
	place := func(extra ...string) []string {
		return append([]string{"order", "place", "--symbol", "MSFT", "--side", "buy", "--qty", "10", "--account", "SIM1", "--yes"}, extra...)
	}
	cases := []struct {
		name string
		args []string
		want string // in the error line
	}{
		{"quantity is not a number", []string{"order", "place", "--account", "SIM1", "--symbol", "MSFT", "--side", "buy", "--qty", "ten", "--yes"}, `--qty must be a quantity above zero, such as 10 or 0.5, written with digits and an optional decimal point, not "ten"`},
		{"quantity is zero", place("--qty", "0"), `--qty must be a quantity above zero`},
		{"quantity in scientific notation", place("--qty", "1e3"), `not "1e3"`},
		{"quantity with a sign", place("--qty", "+5"), `not "+5"`},
		{"limit price in scientific notation", place("--type", "limit", "--limit", "4e2"), `--limit must be a price above zero`},
		{"missing account", []string{"order", "place", "--symbol", "MSFT", "--side", "buy", "--qty", "10", "--yes"}, "missing --account"},
		{"limit order without a limit", place("--type", "limit"), "needs --limit"},
		{"stop order without a stop", place("--type", "stop"), "needs --stop"},
		{"market order with a limit", place("--limit", "400"), "--limit goes with limit"},
		{"unknown side", place("--side", "hold"), `not "hold"`},
		{"unknown type", place("--type", "trailing"), `--type must be market, limit, stop or stoplimit, not "trailing"`},
		{"unknown duration", place("--duration", "forever"), `not "forever"`},
		{"gtd without a date", place("--duration", "gtd"), "a gtd order needs --until DATE"},
		{"a date without gtd", place("--until", "2025-06-20"), "--until goes with --duration gtd"},
		{"gtd with a bad date", place("--duration", "gtd", "--until", "June"), `--until must be a date such as 2025-06-20, not "June"`},
		{"oco and bracket", place("--oco", "side=sell", "--bracket", "type=stop,stop=1"), "--oco and --bracket exclude each other"},
		{"oco change without a value", place("--oco", "side"), "key=value pairs"},
		{"oco change of an unknown key", place("--oco", "colour=red"), `"colour" is not one of the keys`},
		{"bracket that changes the side", place("--bracket", "side=sell"), `"side" is not one of the keys qty, type, limit or stop`},
		{"oco order that is wrong", place("--oco", "type=limit"), `--oco "type=limit": a limit order needs --limit PRICE`},
		{"group confirm id too long", place("--oco", "side=sell", "--confirm-id", strings.Repeat("x", 21)), "--confirm-id must be 1 to 20 characters"},
		{"confirm without a symbol", []string{"order", "confirm", "--account", "SIM1", "--side", "buy", "--qty", "1"}, "missing --symbol"},
		{"replace without an order id", []string{"order", "replace", "--qty", "5", "--yes"}, "missing --order-id"},
		{"replace with nothing to change", []string{"order", "replace", "--order-id", "123", "--yes"}, "nothing to change"},
		{"replace to a limit order", []string{"order", "replace", "--order-id", "123", "--type", "limit", "--limit", "400", "--yes"}, "only to market"},
		{"replace to market with a limit", []string{"order", "replace", "--order-id", "123", "--type", "market", "--limit", "400", "--yes"}, "--limit goes with limit"},
		{"cancel with a bad order id", []string{"order", "cancel", "--order-id", "abc", "--yes"}, `--order-id must be an order id (digits, such as 1187654360), not "abc"`},
		{"bars with a bad unit", []string{"bars", "MSFT", "--unit", "fortnight"}, `--unit must be minute, daily, weekly or monthly, not "fortnight"`},
		{"bars with a bad date", []string{"bars", "MSFT", "--first", "yesterday"}, `--first must be a date such as 2025-06-20 or an RFC 3339 time, not "yesterday"`},
		{"bars back zero", []string{"bars", "MSFT", "--barsback", "0"}, `--barsback must be a whole number from 1 to 57,600, not "0"`},
		{"bars back negative", []string{"bars", "MSFT", "--barsback", "-1"}, `--barsback must be a whole number from 1 to 57,600, not "-1"`},
		{"bars back not a number", []string{"bars", "MSFT", "--barsback", "abc"}, `--barsback must be a whole number from 1 to 57,600, not "abc"`},
		{"bars back too many", []string{"bars", "MSFT", "--barsback", "57601"}, `--barsback must be a whole number from 1 to 57,600`},
		{"interval for daily bars", []string{"bars", "MSFT", "--interval", "5"}, "--interval must be 1 for daily bars"},
		{"interval too long", []string{"bars", "MSFT", "--unit", "minute", "--interval", "1441"}, "--interval must be a whole number from 1 to 1,440"},
		{"height zero", []string{"bars", "MSFT", "--chart", "--height", "0"}, "--height must be a whole number from 3 to 100"},
		{"height without a chart", []string{"bars", "MSFT", "--height", "5"}, "--height goes with --chart"},
		{"minute history beyond TradeStation's limit", []string{"bars", "MSFT", "--unit", "minute", "--interval", "60", "--barsback", "57600"}, "the limit is 500000"},
		{"proximity zero", []string{"options", "chain", "MSFT", "--proximity", "0"}, "--proximity must be a whole number from 1 to 50"},
		{"page size too big", []string{"orders", "--page-size", "601"}, "--page-size must be a whole number from 1 to 600"},
		{"depth levels", []string{"stream", "depth", "MSFT", "--levels", "0"}, "--levels must be a whole number from 1 to 100"},
		{"timeout negative", []string{"quote", "MSFT", "--timeout", "-1s"}, "--timeout must be a duration of zero or more"},
		{"width too small", []string{"quote", "MSFT", "--width", "10"}, "--width must be a whole number from 40 to 1,000"},
		{"too many symbols", append([]string{"quote"}, manySymbols(101)...), "at most 100 symbols at once, got 101"},
		{"too many accounts", []string{"balances", strings.Join(manySymbols(26), ",")}, "at most 25 account ids at once, got 26"},
		{"too many option legs", []string{"stream", "options", "quotes", "A", "B", "C", "D", "E"}, "give 1 to 4 legs"},
		{"option leg ratio", []string{"stream", "options", "quotes", "MSFT 250620C450=0"}, "the ratio after = must be a whole number other than 0"},
		{"login port", []string{"login", "--port", "70000"}, "--port must be a whole number from 1 to 65,535"},
		{"fake heartbeat", []string{"fake", "--heartbeat", "0s"}, "--heartbeat must be a duration above zero"},
		{"orders history without since", []string{"orders", "--history"}, "--history needs --since"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(c.args...)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d (a usage error)", r.code, exitUsage)
			}
			isOneLine(t, r.stderr)
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr %q does not mention %q", r.stderr, c.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
			// A documented limit is the client's to check, after a session
			// is made and before anything is sent.
			limit := strings.Contains(c.want, "the limit is")
			if sent := h.sent(); len(sent) > 0 || (h.connects > 0 && !limit) {
				t.Errorf("bad input reached TradeStation: %d connections, requests %v", h.connects, sent)
			}
		})
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{
		{"no command", nil},
		{"unknown command", []string{"quotes", "MSFT"}},
		{"unknown subcommand", []string{"order", "send"}},
		{"family without subcommand", []string{"stream"}},
		{"unknown flag", []string{"quote", "--frobnicate", "MSFT"}},
		{"missing symbol", []string{"quote"}},
		{"sim and live", []string{"quote", "MSFT", "--sim", "--live"}},
		{"v2 where v2 does not serve", []string{"bars", "MSFT", "--v2"}},
		{"bad colour", []string{"quote", "MSFT", "--color", "pink"}},
		{"argument to a command that takes none", []string{"accounts", "11827364"}},
		{"flags that exclude each other", []string{"bars", "MSFT", "--first", "2025-05-01", "--barsback", "3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(c.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", r.code, r.stderr)
			}
			if !strings.HasPrefix(r.stderr, "tradestation: ") && !strings.HasPrefix(r.stderr, "tradestation talks") {
				t.Errorf("stderr %q does not explain", r.stderr)
			}
			if len(h.sent()) > 0 {
				t.Errorf("a usage error sent %v", h.sent())
			}
		})
	}
}

func TestUsageErrorNamesTheCommandOnce(t *testing.T) {
	h := newHarness(t)
	r := h.run("accounts", "extra")
	want := "tradestation: accounts: takes no arguments, got \"extra\" (see tradestation accounts --help)\n"
	if r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
}

func TestTimeoutErrorNamesTheFlag(t *testing.T) {
	h := newHarness(t)
	r := h.run("quote", "MSFT", "--timeout", "1ns")
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	isOneLine(t, r.stderr)
	if !strings.Contains(r.stderr, "gave up after 1ns (--timeout)") {
		t.Errorf("stderr %q does not name --timeout", r.stderr)
	}
}

func TestUnknownSymbolShowsTradeStationsErrorAndFails(t *testing.T) {
	h := newHarness(t)
	r := h.run("quote", "MSFT", "NOSUCHSYM")
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	isOneLine(t, r.stderr)
	if !strings.Contains(r.stderr, "NOSUCHSYM") {
		t.Errorf("stderr %q does not name the symbol", r.stderr)
	}
	if !strings.Contains(r.stdout, "MSFT") {
		t.Errorf("the good symbol's quote is missing:\n%s", r.stdout)
	}
}

// placeArgs is a valid market order on account.
func placeArgs(account string, extra ...string) []string {
	return append([]string{"order", "place", "--account", account, "--symbol", "MSFT", "--side", "buy", "--qty", "10"}, extra...)
}

func TestOrderPlaceAsksBeforeSending(t *testing.T) {
	cases := []struct {
		name      string
		stdin     string
		flags     []string
		wantPlace bool
	}{
		{"answer n", "n\n", nil, false},
		{"answer nothing", "\n", nil, false},
		{"no input at all", "", nil, false},
		{"answer y", "y\n", nil, true},
		{"answer yes", "YES\n", nil, true},
		{"--yes skips the question", "", []string{"--yes"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.runInput(c.stdin, placeArgs(h.accountID(), c.flags...)...)
			placed := h.sentTo("POST", "/orderexecution/orders")
			if len(h.sentTo("POST", "/orderexecution/orderconfirm")) != 1 {
				t.Errorf("the order was not confirmed first: %v", h.sent())
			}
			asked := strings.Contains(r.stderr, "Place this order? [y/N]")
			if wantAsk := len(c.flags) == 0; asked != wantAsk {
				t.Errorf("asked = %t, want %t; stderr %q", asked, wantAsk, r.stderr)
			}
			if !c.wantPlace {
				if len(placed) != 0 || r.code != exitDeclined {
					t.Errorf("answer %q: exit %d, %d placements; want exit 3 and none", c.stdin, r.code, len(placed))
				}
				return
			}
			if r.code != 0 || len(placed) != 1 {
				t.Fatalf("exit %d, %d placements, stderr %q", r.code, len(placed), r.stderr)
			}
			var body v3.OrderRequest
			if err := json.Unmarshal(placed[0].body, &body); err != nil {
				t.Fatal(err)
			}
			if n := len(body.OrderConfirmID); n == 0 || n > client.MaxOrderConfirmIDLen {
				t.Errorf("OrderConfirmID %q: a retry could place the order twice", body.OrderConfirmID)
			}
			if !strings.Contains(r.stdout, "Order ") {
				t.Errorf("no placed order id in %q", r.stdout)
			}
		})
	}
}

func TestEachPlacementHasItsOwnConfirmID(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	for range 2 {
		if r := h.run(placeArgs(acct, "--yes")...); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
	}
	placed := h.sentTo("POST", "/orderexecution/orders")
	ids := map[string]bool{}
	for _, p := range placed {
		var body v3.OrderRequest
		_ = json.Unmarshal(p.body, &body)
		ids[body.OrderConfirmID] = true
	}
	if len(placed) != 2 || len(ids) != 2 {
		t.Errorf("%d placements with %d distinct OrderConfirmIDs, want 2 and 2", len(placed), len(ids))
	}
}

func TestLiveOrderAsksForTheAccountID(t *testing.T) {
	cases := []struct {
		name      string
		stdin     func(acct string) string
		flags     []string
		wantPlace bool
	}{
		{"yes then the account id", func(a string) string { return "y\n" + a + "\n" }, nil, true},
		{"yes then a wrong id", func(string) string { return "y\n12345\n" }, nil, false},
		{"yes then nothing", func(string) string { return "y\n" }, nil, false},
		{"--yes still asks for the account id", func(a string) string { return a + "\n" }, []string{"--yes"}, true},
		{"--yes and no answer", func(string) string { return "" }, []string{"--yes"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.live = true
			acct := h.accountID()
			r := h.runInput(c.stdin(acct), placeArgs(acct, c.flags...)...)
			want := "This is a LIVE order on account " + acct + " with real money. Type the account id to confirm:"
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
			}
			placed := len(h.sentTo("POST", "/orderexecution/orders"))
			if c.wantPlace && (r.code != 0 || placed != 1) {
				t.Errorf("exit %d, %d placements; want 0 and 1 (stderr %q)", r.code, placed, r.stderr)
			}
			if !c.wantPlace && (r.code != exitDeclined || placed != 0) {
				t.Errorf("exit %d, %d placements; want 3 and 0", r.code, placed)
			}
		})
	}
}

func TestLiveReplaceAsksForTheOrderID(t *testing.T) {
	h := newHarness(t)
	h.live = true
	acct := h.accountID()
	placed := h.runInput(acct+"\n", placeArgs(acct, "--type", "limit", "--limit", "400", "--duration", "gtc", "--yes")...)
	if placed.code != 0 {
		t.Fatalf("placing: exit %d: %s", placed.code, placed.stderr)
	}
	id := placedID(t, placed.stdout)
	replace := []string{"order", "replace", "--order-id", id, "--limit", "399"}

	r := h.runInput("y\n12345\n", replace...)
	if !strings.Contains(r.stderr, "Order "+id+" is a LIVE order with real money. Type the order id to confirm:") {
		t.Errorf("the order id was not asked for:\n%s", r.stderr)
	}
	if sent := len(h.sentTo("PUT", "/orders/"+id)); r.code != exitDeclined || sent != 0 {
		t.Errorf("a wrong id: exit %d, %d replacements sent; want 3 and 0", r.code, sent)
	}
	r = h.runInput(id+"\n", append(replace, "--yes")...)
	if sent := len(h.sentTo("PUT", "/orders/"+id)); r.code != 0 || sent != 1 {
		t.Errorf("--yes and the right id: exit %d (%s), %d replacements sent; want 0 and 1", r.code, r.stderr, sent)
	}
}

func TestLostAnswerToAPlacementWarnsTheOrderMayExist(t *testing.T) {
	h := newHarness(t)
	h.loseAnswers = "/orderexecution/orders"
	r := h.run(placeArgs(h.accountID(), "--yes")...)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	isOneLine(t, r.stderr)
	placed := h.sentTo("POST", "/orderexecution/orders")
	if len(placed) == 0 {
		t.Fatal("the placement was never sent")
	}
	var body v3.OrderRequest
	_ = json.Unmarshal(placed[0].body, &body)
	for _, want := range []string{"connection reset by peer", "the order may already exist (sent with OrderConfirmID " + body.OrderConfirmID,
		"tradestation orders " + h.accountID(), "--confirm-id=" + body.OrderConfirmID} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
	for _, p := range placed[1:] {
		if !bytes.Equal(p.body, placed[0].body) {
			t.Errorf("a resend differs from the first placement:\n%s\n%s", p.body, placed[0].body)
		}
	}
}

// rerunPattern finds the command that the "may already exist" message
// gives to send the order again.
var rerunPattern = regexp.MustCompile("run: tradestation (.*)$")

// placedOrderID finds the first order id of a `tradestation orders` table.
var placedOrderID = regexp.MustCompile(`(?m)^\d+`)

// The fake places the order and then answers 502; the user is told the
// order may exist, sees it once in the list, and the rerun the message
// gives adds none.
func TestPlacementAnsweredWith502SaysTheOrderMayExistAndItsRerunAddsNone(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	if err := h.srv.FailResponses("POST /v3/orderexecution/orders", 502, 1); err != nil {
		t.Fatal(err)
	}
	args := placeArgs(acct, "--type", "limit", "--limit", "400", "--duration", "gtc", "--yes")
	r := h.run(args...)
	isOneLine(t, r.stderr)
	if r.code != 1 || !strings.Contains(r.stderr, "the order may already exist") {
		t.Fatalf("exit %d, stderr %q: want 1 and a warning that the order may exist", r.code, r.stderr)
	}
	list := h.run("orders", acct)
	if n := strings.Count(list.stdout, "MSFT"); list.code != 0 || n != 1 {
		t.Fatalf("tradestation orders lists %d MSFT orders (exit %d):\n%s", n, list.code, list.stdout)
	}
	id := placedOrderID.FindString(list.stdout)
	if !strings.Contains(r.stderr, "TradeStation names order "+id) {
		t.Errorf("stderr %q does not name order %s", r.stderr, id)
	}
	m := rerunPattern.FindStringSubmatch(strings.TrimSpace(r.stderr))
	if m == nil {
		t.Fatalf("no command to rerun in %q", r.stderr)
	}
	rerun := strings.Fields(m[1])
	again := h.run(rerun...)
	if again.code != 1 || !strings.Contains(again.stderr, "the order may already exist") || !strings.Contains(again.stderr, "order "+id) {
		t.Errorf("rerun %q: exit %d, stderr %q", rerun, again.code, again.stderr)
	}
	if n := strings.Count(h.run("orders", acct).stdout, "MSFT"); n != 1 {
		t.Errorf("%d MSFT orders after the rerun, want 1", n)
	}
}

func TestConfirmIDFlagIsSentAsGivenAndChecked(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	if r := h.run(placeArgs(acct, "--yes", "--confirm-id", "my-bot-0001")...); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var body v3.OrderRequest
	placed := h.sentTo("POST", "/orderexecution/orders")
	if len(placed) != 1 || json.Unmarshal(placed[0].body, &body) != nil || body.OrderConfirmID != "my-bot-0001" {
		t.Fatalf("placements %d, OrderConfirmID %q, want 1 and my-bot-0001", len(placed), body.OrderConfirmID)
	}
	for _, bad := range []string{strings.Repeat("x", 23), " padded"} {
		r := h.run(placeArgs(acct, "--yes", "--confirm-id", bad)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "--confirm-id") {
			t.Errorf("--confirm-id %q: exit %d, stderr %q", bad, r.code, r.stderr)
		}
	}
	if n := len(h.sentTo("POST", "/orderexecution/orders")); n != 1 {
		t.Errorf("%d placements sent, want only the first", n)
	}
}

func TestHTTP2DebugInGODEBUGIsRefused(t *testing.T) {
	for _, godebug := range []string{"http2debug=2", "http2debug=1", "netdns=go, http2debug=1"} {
		h := newHarness(t)
		h.env = []string{"GODEBUG=" + godebug}
		r := h.run("accounts")
		isOneLine(t, r.stderr)
		if r.code != exitUsage || !strings.Contains(r.stderr, "http2debug") || !strings.Contains(r.stderr, "tokens and client secret") {
			t.Errorf("GODEBUG=%s: exit %d, stderr %q", godebug, r.code, r.stderr)
		}
		if len(h.sent()) != 0 || h.connects != 0 {
			t.Errorf("GODEBUG=%s: the command connected anyway", godebug)
		}
	}
	h := newHarness(t)
	h.env = []string{"GODEBUG=http2debug=0,netdns=go"}
	if r := h.run("accounts"); r.code != 0 {
		t.Errorf("http2debug=0: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestSimOrderNeverAsksForTheAccountID(t *testing.T) {
	h := newHarness(t)
	r := h.runInput("y\n", placeArgs(h.accountID())...)
	if r.code != 0 || strings.Contains(r.stderr, "LIVE") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// interruptible is a context that f presses Ctrl-C on: it ends with the
// cause a signal gives.
func interruptible() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	return ctx, func() { cancel(errInterrupt) }
}

// manySymbols makes n symbols.
func manySymbols(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("S%d", i)
	}
	return out
}

// afterLines calls f once, when n lines have been written.
type afterLines struct {
	mu    sync.Mutex
	n     int
	lines int
	f     func()
}

func (w *afterLines) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	before := w.lines
	w.lines += bytes.Count(p, []byte("\n"))
	if before < w.n && w.lines >= w.n {
		w.f()
	}
	return len(p), nil
}

func TestInterruptEndsAStreamWithExitCode130(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := interruptible()
	defer cancel()
	done := make(chan result, 1)
	go func() {
		done <- h.runCtx(ctx, "", &afterLines{n: 2, f: cancel}, nil, "stream", "quotes", "MSFT")
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the stream did not end after its context was cancelled")
	}
	if r.code != exitInterrupt || r.stderr != "" {
		t.Errorf("exit %d, stderr %q; want 130 and nothing said", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) < 2 || !strings.Contains(lines[1], "MSFT") {
		t.Errorf("want the header and at least one MSFT line, got %q", r.stdout)
	}
}

func TestStreamOfOnlyDeadSymbolsExitsNonZeroWithOneLine(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r := h.runCtx(ctx, "", nil, nil, "stream", "quotes", "NOPE")
	if ctx.Err() != nil {
		t.Fatal("the stream of a dead symbol was still running after 20 s")
	}
	if r.code == 0 {
		t.Errorf("exit 0, want a failure; stderr %q", r.stderr)
	}
	isOneLine(t, r.stderr)
	if !strings.Contains(r.stderr, "every symbol failed") || !strings.Contains(r.stderr, "NOPE") {
		t.Errorf("stderr %q does not say that the symbol NOPE failed", r.stderr)
	}
}

func TestStreamOfDeadAndGoodSymbolsReportsTheDeadAndGoesOn(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := interruptible()
	defer cancel()
	r := h.runCtx(ctx, "", &afterLines{n: 2, f: cancel}, nil, "stream", "quotes", "NOPE", "MSFT")
	if r.code != exitInterrupt {
		t.Errorf("exit %d, want 130 after Ctrl-C; stderr %q", r.code, r.stderr)
	}
	isOneLine(t, r.stderr)
	if !strings.Contains(r.stderr, "EX_INVALID_SYMBOL (symbol NOPE)") {
		t.Errorf("stderr %q does not report NOPE", r.stderr)
	}
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) < 2 || !strings.Contains(lines[1], "MSFT") {
		t.Errorf("want the header and an MSFT line, got %q", r.stdout)
	}
}

func TestStreamPrintsJSONLines(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := interruptible()
	defer cancel()
	r := h.runCtx(ctx, "", &afterLines{n: 1, f: cancel}, nil, "stream", "quotes", "MSFT", "--json")
	if r.code != exitInterrupt {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	first, _, _ := strings.Cut(r.stdout, "\n")
	var q v3.Quote
	if err := json.Unmarshal([]byte(first), &q); err != nil || q.Symbol != "MSFT" {
		t.Errorf("first line %q is not an MSFT quote: %v", first, err)
	}
}

func TestWithoutCredentialsTheBuiltinFakeAnswers(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"quote", "MSFT"}, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if want := "tradestation: no credentials set; using the built-in fake TradeStation (offline demo)\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if !strings.Contains(stdout.String(), "MSFT") {
		t.Errorf("stdout %q has no MSFT quote", stdout.String())
	}
}

func TestLiveWithoutCredentialsIsAnError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"quote", "MSFT", "--live"}, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
	if code != exitLogin {
		t.Errorf("exit %d, want %d", code, exitLogin)
	}
	isOneLine(t, stderr.String())
	if !strings.Contains(stderr.String(), "--live needs credentials") {
		t.Errorf("stderr %q", stderr.String())
	}
}

func TestEnvironmentChoosesSimUnlessLiveIsAsked(t *testing.T) {
	cases := []struct {
		name     string
		env      map[string]string
		flags    globals
		wantLive bool
		wantErr  bool
	}{
		{"default", nil, globals{}, false, false},
		{"--live", nil, globals{live: true}, true, false},
		{"TRADESTATION_ENV=live", map[string]string{envEnvironment: "live"}, globals{}, true, false},
		{"--sim beats TRADESTATION_ENV=live", map[string]string{envEnvironment: "live"}, globals{sim: true}, false, false},
		{"TRADESTATION_ENV=paper", map[string]string{envEnvironment: "paper"}, globals{}, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{envClientID: "id", envClientSecret: "secret", envRefreshToken: "rt"}
			for k, v := range c.env {
				env[k] = v
			}
			a := newApp(strings.NewReader(""), io.Discard, io.Discard, func(k string) string { return env[k] })
			cn, err := a.connectFromEnv(&c.flags)
			if (err != nil) != c.wantErr {
				t.Fatalf("err %v", err)
			}
			if err == nil && cn.live() != c.wantLive {
				t.Errorf("live = %t, want %t (%v)", cn.live(), c.wantLive, cn.sess)
			}
		})
	}
}

func TestFlagsMayComeBetweenAndAfterArguments(t *testing.T) {
	h := newHarness(t)
	r := h.run("quote", "MSFT", "--json", "AAPL")
	var quotes []v3.Quote
	if err := json.Unmarshal([]byte(r.stdout), &quotes); r.code != 0 || err != nil || len(quotes) != 2 {
		t.Fatalf("exit %d, %d quotes (%v): %s", r.code, len(quotes), err, r.stderr)
	}
	r = h.run("quote", "--", "--json")
	if r.code != 1 || !strings.Contains(r.stderr, "--JSON") {
		t.Errorf("after -- a word is an argument, not a flag: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestOpenOrdersListTheOrdersJustPlaced(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	for _, limit := range []string{"400", "401"} {
		if r := h.run(placeArgs(acct, "--type", "limit", "--limit", limit, "--duration", "gtc", "--yes")...); r.code != 0 {
			t.Fatalf("placing: exit %d: %s", r.code, r.stderr)
		}
	}
	r := h.run("orders", acct)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "orders.txt", r.stdout)
}

func TestOrdersShowProgressWhilePaging(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	r := h.run("orders", acct, "--history", "--since", "2025-05-01", "--page-size", "4")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	pages := len(h.sentTo("GET", "/historicalorders"))
	if pages < 2 {
		t.Fatalf("%d page requests; the fake's history should need several pages of 4", pages)
	}
	for p := 2; p <= pages; p++ {
		if want := fmt.Sprintf("tradestation: fetching orders, page %d...\n", p); !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	whole := h.run("orders", acct, "--history", "--since", "2025-05-01")
	if whole.stdout != r.stdout {
		t.Errorf("paging by 4 listed other orders than one page:\n%s\n---\n%s", r.stdout, whole.stdout)
	}
}

func TestGlobalFlagsWorkBeforeAndAfterTheCommand(t *testing.T) {
	h := newHarness(t)
	before := h.run("--json", "accounts")
	after := h.run("accounts", "--json")
	if before.code != 0 || after.code != 0 || before.stdout != after.stdout || !strings.HasPrefix(before.stdout, "[") {
		t.Errorf("--json before: exit %d %q\nafter: exit %d %q", before.code, before.stdout, after.code, after.stdout)
	}
}

func TestAPIErrorShowsStatusCodeAndMessage(t *testing.T) {
	h := newHarness(t)
	r := h.run("order", "cancel", "--order-id", "999", "--yes")
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	isOneLine(t, r.stderr)
	for _, want := range []string{"404", "NotFound", "999"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
}

func TestOrderReplaceAndCancelAskFirst(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	r := h.run(placeArgs(acct, "--type", "limit", "--limit", "400", "--duration", "gtc", "--yes")...)
	if r.code != 0 {
		t.Fatalf("placing: exit %d: %s", r.code, r.stderr)
	}
	id := placedID(t, r.stdout)

	if r := h.runInput("n\n", "order", "replace", "--order-id", id, "--limit", "399"); r.code != exitDeclined || len(h.sentTo("PUT", "/orders/"+id)) != 0 {
		t.Errorf("answering n: exit %d, %d replacements sent", r.code, len(h.sentTo("PUT", "/orders/"+id)))
	}
	if r := h.runInput("y\n", "order", "replace", "--order-id", id, "--limit", "399"); r.code != 0 || len(h.sentTo("PUT", "/orders/"+id)) != 1 {
		t.Errorf("answering y: exit %d (%s), %d replacements sent", r.code, r.stderr, len(h.sentTo("PUT", "/orders/"+id)))
	}
	if r := h.runInput("", "order", "cancel", "--order-id", id); r.code != exitDeclined || len(h.sentTo("DELETE", "/orders/"+id)) != 0 {
		t.Errorf("no answer: exit %d, %d cancellations sent", r.code, len(h.sentTo("DELETE", "/orders/"+id)))
	}
	if r := h.run("order", "cancel", "--order-id", id, "--yes"); r.code != 0 || len(h.sentTo("DELETE", "/orders/"+id)) != 1 {
		t.Errorf("--yes: exit %d (%s), %d cancellations sent", r.code, r.stderr, len(h.sentTo("DELETE", "/orders/"+id)))
	}
}

var placedLine = regexp.MustCompile(`(?m)^Order (\d+): `)

// placedID reads the order id from the "Order 123: ..." line.
func placedID(t *testing.T, stdout string) string {
	t.Helper()
	m := placedLine.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no placed order id in %q", stdout)
	}
	return m[1]
}

func TestEveryStreamPrintsItsFirstMessageAndEndsCleanlyOnInterrupt(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"stream", "quotes", "MSFT"}, "MSFT"},
		{[]string{"stream", "bars", "MSFT", "--unit", "minute", "--barsback", "3"}, "2025-05-13"},
		{[]string{"stream", "positions"}, "MSFT"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args[:2], " "), func(t *testing.T) {
			h := newHarness(t)
			ctx, cancel := interruptible()
			defer cancel()
			r := h.runCtx(ctx, "", &afterLines{n: 2, f: cancel}, nil, c.args...)
			if r.code != exitInterrupt {
				t.Fatalf("exit %d, want 130: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, c.want) {
				t.Errorf("stdout lacks %q:\n%s", c.want, r.stdout)
			}
		})
	}
}
