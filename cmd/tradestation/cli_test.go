package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tradestation-go/tradestation/internal/version"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// fakeEnv is the environment of a user whose credentials point at srv.
func fakeEnv(srv *tradestationtest.Server, extra map[string]string) func(string) string {
	env := map[string]string{
		envClientID: tradestationtest.ClientID, envClientSecret: tradestationtest.ClientSecret,
		envRefreshToken: srv.RefreshToken(), envAPIURL: srv.URL(), envSignInURL: srv.URL(),
	}
	for k, v := range extra {
		env[k] = v
	}
	return func(k string) string { return env[k] }
}

// runEnv runs the command as main does, with env as the environment.
func runEnv(env func(string) string, stdin string, args ...string) result {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr, env)
	return result{stdout.String(), stderr.String(), code}
}

func TestExitCode0OnSuccess(t *testing.T) {
	if r := newHarness(t).run("quote", "MSFT"); r.code != exitOK || r.stderr != "" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestExitCode1WhenTradeStationRefusesOrTheNetworkFails(t *testing.T) {
	h := newHarness(t)
	if r := h.run("order", "cancel", "--order-id", "999", "--yes"); r.code != exitFailure {
		t.Errorf("a 404 from TradeStation: exit %d, stderr %q", r.code, r.stderr)
	}
	// Nothing listens on port 1 of loopback.
	srv := newFakeServer(t)
	r := runEnv(fakeEnv(srv, map[string]string{envAPIURL: "http://127.0.0.1:1"}), "", "quote", "MSFT", "--timeout", "5s")
	if r.code != exitFailure || !strings.Contains(r.stderr, "connection refused") || !strings.Contains(r.stderr, "check the network") {
		t.Errorf("a refused connection: exit %d, stderr %q", r.code, r.stderr)
	}
	isOneLine(t, r.stderr)
}

func TestExitCode2ForEveryUsageError(t *testing.T) {
	for _, args := range [][]string{
		{"bars", "MSFT", "--barsback", "abc"},
		{"bars", "MSFT", "--barsback", "0"},
		{"bars", "MSFT", "--unit", "hour"},
		{"bars", "MSFT", "--chart", "--height", "0"},
		{"order", "place", "--symbol", "MSFT", "--side", "buy", "--qty", "1"},
		{"order", "place", "--account", "1", "--symbol", "MSFT", "--side", "buy", "--qty", "1e3"},
		{"quotes", "MSFT"},
		{"completion", "tcsh"},
	} {
		h := newHarness(t)
		r := h.run(args...)
		if r.code != exitUsage || len(h.sent()) > 0 {
			t.Errorf("%v: exit %d, %d requests; want 2 and none (stderr %q)", args, r.code, len(h.sent()), r.stderr)
		}
	}
	r := runEnv(func(k string) string {
		return map[string]string{envEnvironment: "paper"}[k]
	}, "", "accounts")
	if r.code != exitUsage || !strings.Contains(r.stderr, `TRADESTATION_ENV is "paper"; use sim or live`) {
		t.Errorf("TRADESTATION_ENV=paper: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestExitCode3WhenAConfirmationIsDeclined(t *testing.T) {
	h := newHarness(t)
	r := h.runInput("n\n", placeArgs(h.accountID())...)
	if r.code != exitDeclined || !strings.HasSuffix(r.stderr, "tradestation: order not placed\n") || len(h.sentTo("POST", "/orderexecution/orders")) != 0 {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestExitCode4WhenNotLoggedInOrLoginIsRequired(t *testing.T) {
	srv := newFakeServer(t)
	missing := filepath.Join(t.TempDir(), "token.json")
	r := runEnv(fakeEnv(srv, map[string]string{envRefreshToken: ""}), "", "accounts", "--token-file", missing)
	if want := "tradestation: not logged in: run tradestation login (or set TRADESTATION_REFRESH_TOKEN)\n"; r.code != exitLogin || r.stderr != want {
		t.Errorf("no token file: exit %d, stderr %q; want 4, %q", r.code, r.stderr, want)
	}

	env := fakeEnv(srv, nil)
	srv.RevokeRefreshTokens()
	r = runEnv(env, "", "accounts")
	if want := "tradestation: TradeStation no longer accepts the stored login: run tradestation login\n"; r.code != exitLogin || r.stderr != want {
		t.Errorf("a revoked refresh token: exit %d, stderr %q; want 4, %q", r.code, r.stderr, want)
	}

	r = runEnv(func(string) string { return "" }, "", "accounts", "--live")
	if r.code != exitLogin || !strings.Contains(r.stderr, "--live needs credentials") {
		t.Errorf("--live without credentials: exit %d, stderr %q", r.code, r.stderr)
	}
	r = runEnv(func(k string) string { return map[string]string{envClientID: "id"}[k] }, "", "accounts")
	if r.code != exitLogin || !strings.Contains(r.stderr, "TRADESTATION_CLIENT_SECRET is not set") {
		t.Errorf("half an API key: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestExitCode130WhenCtrlCEndsAStream runs the command as a program and
// interrupts it as a terminal does.
func TestExitCode130WhenCtrlCEndsAStream(t *testing.T) {
	cmd := exec.Command(binary(t), "stream", "quotes", "MSFT")
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	for range 2 { // the header and a first quote
		if !sc.Scan() {
			t.Fatalf("the stream ended before its first quote; stderr %s", stderr.String())
		}
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	go func() {
		for sc.Scan() {
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the stream did not end within 20 s of Ctrl-C")
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupt {
		t.Errorf("ended with %v, want exit status 130; stderr %s", err, stderr.String())
	}
}

func TestUnknownCommandsAndFlagsSuggestTheNearest(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"quotes", "MSFT"}, `tradestation: unknown command "quotes"; did you mean quote? (see tradestation --help)`},
		{[]string{"order", "plac"}, `tradestation: unknown command "order plac"; did you mean order place? (see tradestation order --help)`},
		{[]string{"stream", "quote", "MSFT"}, `did you mean stream quotes?`},
		{[]string{"order", "send"}, `tradestation: unknown command "order send"; order takes confirm, place, replace or cancel (see tradestation order --help)`},
		{[]string{"help", "quotes"}, `did you mean quote?`},
		{[]string{"bars", "MSFT", "--barsbak", "3"}, `tradestation: bars: unknown flag --barsbak; did you mean --barsback? (see tradestation bars --help)`},
		{[]string{"bars", "MSFT", "--frobnicate"}, `tradestation: bars: unknown flag --frobnicate (see tradestation bars --help)`},
		{[]string{"order"}, `tradestation: order needs one of the commands confirm, place, replace or cancel (see tradestation order --help)`},
	} {
		r := h.run(c.args...)
		isOneLine(t, r.stderr)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

func TestHelpAndTablesAndChartsMatchGoldenFilesAt80And120Columns(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	for _, width := range []string{"80", "120"} {
		for _, c := range []struct {
			name string
			args []string
		}{
			{"help", []string{"help"}},
			{"help-order-place", []string{"order", "place", "--help"}},
			{"help-bars", []string{"bars", "--help"}},
			{"help-stream", []string{"stream", "--help"}},
			{"orders-history", []string{"orders", acct, "--history", "--since", "2025-05-01"}},
			{"positions", []string{"positions"}},
			{"bars-chart", []string{"bars", "MSFT", "--barsback", "60", "--chart", "--height", "6"}},
			{"bars-chart-minutes", []string{"bars", "MSFT", "--unit", "minute", "--interval", "5", "--barsback", "30", "--chart", "--height", "6"}},
		} {
			t.Run(c.name+"-"+width, func(t *testing.T) {
				r := h.run(append(c.args, "--width", width)...)
				if r.code != 0 {
					t.Fatalf("exit %d: %s", r.code, r.stderr)
				}
				golden(t, c.name+"-"+width+".txt", r.stdout)
			})
		}
	}
}

func TestHelpFitsTheWidthAndEightyColumnsWhenNotATerminal(t *testing.T) {
	h := newHarness(t)
	var all []*command
	all = append(all, commands()...)
	for _, width := range []int{0, 80, 120} {
		for _, c := range append([]*command{{name: ""}, {name: "order"}, {name: "stream options"}}, all...) {
			args := append(strings.Fields(c.name), "--help")
			limit := width
			if width == 0 {
				limit = defaultWidth // stdout is a buffer, not a terminal
			} else {
				args = append(args, "--width", strconv.Itoa(width))
			}
			r := h.run(args...)
			if r.code != 0 {
				t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
			}
			for _, l := range strings.Split(r.stdout, "\n") {
				if n := utf8.RuneCountInString(l); n > limit && strings.Contains(strings.TrimSpace(l), " ") {
					t.Errorf("%v: a line of %d columns, more than %d: %q", args, n, limit, l)
				}
			}
		}
	}
}

func TestTimesCarryTheirZoneAndUTCOnRequest(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	h := newHarness(t)
	h.loc = ny
	local := h.run("quote", "MSFT")
	utc := h.run("quote", "MSFT", "--utc")
	if !strings.Contains(local.stdout, "2025-05-13 10:30:00 EDT") || !strings.Contains(utc.stdout, "2025-05-13 14:30:00 UTC") {
		t.Errorf("local:\n%s\n--utc:\n%s", local.stdout, utc.stdout)
	}
	// A daily bar stands for a day, shown as TradeStation dates it.
	if daily := h.run("bars", "MSFT", "--barsback", "1"); !strings.Contains(daily.stdout, "2025-05-13  ") {
		t.Errorf("daily bar:\n%s", daily.stdout)
	}
}

func TestTableRightAlignsNumbersWithTheirDecimalPointsInLine(t *testing.T) {
	var out bytes.Buffer
	tb := newTable(&out, false, 0, "NAME", "PRICE", "CHANGE")
	tb.row(text("A"), number("400.5"), signedSuffix(value.MustParseDecimal("1.25"), "%"))
	tb.row(text("BB"), number("12.125"), signedSuffix(value.MustParseDecimal("-10"), "%"))
	tb.row(text("C"), absent(), absent())
	if err := tb.flush(); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"NAME    PRICE   CHANGE\n" +
		"A     400.5     +1.25%\n" +
		"BB     12.125  -10%\n" +
		"C           -        -\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestTableShortensFreeTextToFitTheWidth(t *testing.T) {
	var out bytes.Buffer
	tb := newTable(&out, false, 30, "SYMBOL", "DESCRIPTION", "PRICE").shrinkable(1)
	tb.row(text("ESM25"), text("E-mini S&P 500 June 2025 futures"), number("5900.25"))
	if err := tb.flush(); err != nil {
		t.Fatal(err)
	}
	if want := "SYMBOL  DESCRIPTION      PRICE\nESM25   E-mini S&P 5…  5900.25\n"; out.String() != want {
		t.Errorf("got\n%q\nwant\n%q", out.String(), want)
	}
}

func TestVersionNamesTheCommandTheSDKAndGo(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}} {
		r := h.run(args...)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.code != 0 || len(lines) < 3 || lines[0] != "tradestation "+commandVersion() ||
			lines[1] != "sdk     "+version.Module+" "+version.SDK() || !strings.HasPrefix(lines[2], "go      go1.") {
			t.Errorf("%v: exit %d:\n%s", args, r.code, r.stdout)
		}
	}
	r := h.run("version", "--json")
	var v versionReport
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v.SDK != version.SDK() || !strings.HasPrefix(v.Go, "go1.") {
		t.Errorf("version --json: %v %+v", err, v)
	}
	if len(h.sent()) != 0 || h.connects != 0 {
		t.Error("version reached TradeStation")
	}
}

// secretLike finds what looks like a token of the fake.
var secretLike = regexp.MustCompile(`\b(at|rt|code)_[A-Za-z0-9_-]{20,}`)

func TestDebugPrintsTheWholeChainAndNoSecret(t *testing.T) {
	srv := newFakeServer(t)
	refresh := srv.RefreshToken()
	env := fakeEnv(srv, nil)
	ok := runEnv(env, "", "accounts", "--debug")
	if ok.code != 0 {
		t.Fatalf("exit %d: %s", ok.code, ok.stderr)
	}
	srv.RevokeRefreshTokens()
	failed := runEnv(env, "", "accounts", "--debug")
	if failed.code != exitLogin {
		t.Fatalf("exit %d, want 4: %s", failed.code, failed.stderr)
	}
	lines := strings.Split(strings.TrimSpace(failed.stderr), "\n")
	if len(lines) < 3 || lines[0] != "tradestation: TradeStation no longer accepts the stored login: run tradestation login" ||
		!strings.Contains(failed.stderr, "tradestation: debug: ") || !strings.Contains(failed.stderr, "invalid_grant") ||
		!strings.Contains(failed.stderr, "*auth.TokenError") {
		t.Errorf("--debug does not show the chain:\n%s", failed.stderr)
	}
	for _, out := range []string{ok.stderr, failed.stderr, ok.stdout} {
		for _, secret := range []string{refresh, tradestationtest.ClientSecret} {
			if strings.Contains(out, secret) {
				t.Errorf("--debug printed a secret %q:\n%s", secret, out)
			}
		}
		if m := secretLike.FindString(out); m != "" {
			t.Errorf("--debug printed a token %q:\n%s", m, out)
		}
	}
}

func TestOCOGroupIsConfirmedAndPlacedAsOneGroup(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	args := placeArgs(acct, "--type", "stop", "--stop", "440", "--duration", "gtc", "--oco", "side=sellshort,stop=400", "--confirm-id", "bot-7", "--yes")
	r := h.run(args...)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if n := len(h.sentTo("POST", "/orderexecution/ordergroupconfirm")); n != 1 {
		t.Errorf("%d group confirmations, want 1", n)
	}
	placed := h.sentTo("POST", "/orderexecution/ordergroups")
	if len(placed) != 1 {
		t.Fatalf("%d group placements, want 1: %v", len(placed), h.sent())
	}
	var g v3.GroupOrderRequest
	if err := json.Unmarshal(placed[0].body, &g); err != nil {
		t.Fatal(err)
	}
	if g.Type != v3.OrderGroupTypeOCO || len(g.Orders) != 2 {
		t.Fatalf("group %+v", g)
	}
	first, second := g.Orders[0], g.Orders[1]
	if first.TradeAction != v3.TradeActionBuy || first.StopPrice.String() != "440" || first.OrderConfirmID != "bot-7-1" ||
		second.TradeAction != v3.TradeActionSellShort || second.StopPrice.String() != "400" || second.OrderType != v3.OrderTypeStopMarket ||
		second.Quantity.String() != "10" || second.Symbol != "MSFT" || second.TimeInForce.Duration != v3.DurationGTC || second.OrderConfirmID != "bot-7-2" {
		t.Errorf("orders %+v\n%+v", first, second)
	}
	if got := len(placedLine.FindAllString(r.stdout, -1)); got != 2 {
		t.Errorf("%d placed orders shown, want 2:\n%s", got, r.stdout)
	}
}

func TestBracketExitsOnePositionWithATargetAndAStop(t *testing.T) {
	h := newHarness(t)
	acct := h.accountID()
	r := h.run("order", "place", "--account", acct, "--symbol", "MSFT", "--side", "sell", "--qty", "10", "--type", "limit", "--limit", "440",
		"--duration", "gtc", "--bracket", "type=stop,stop=400", "--yes")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	placed := h.sentTo("POST", "/orderexecution/ordergroups")
	var g v3.GroupOrderRequest
	if len(placed) != 1 || json.Unmarshal(placed[0].body, &g) != nil {
		t.Fatalf("group placements %v", h.sent())
	}
	if g.Type != v3.OrderGroupTypeBracket || len(g.Orders) != 2 || g.Orders[1].OrderType != v3.OrderTypeStopMarket ||
		!g.Orders[1].LimitPrice.IsZero() || g.Orders[1].StopPrice.String() != "400" || g.Orders[1].TradeAction != v3.TradeActionSell {
		t.Errorf("group %+v", g)
	}
}

func TestGoodThroughDateOrderCarriesItsLastDay(t *testing.T) {
	h := newHarness(t)
	r := h.run(placeArgs(h.accountID(), "--type", "limit", "--limit", "400", "--duration", "gtd", "--until", "2025-06-20", "--yes")...)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	placed := h.sentTo("POST", "/orderexecution/orders")
	var o v3.OrderRequest
	if len(placed) != 1 || json.Unmarshal(placed[0].body, &o) != nil {
		t.Fatalf("placements %v", h.sent())
	}
	if o.TimeInForce.Duration != v3.DurationGTD || o.TimeInForce.Expiration.Format(dateLayout) != "2025-06-20" {
		t.Errorf("time in force %+v", o.TimeInForce)
	}
	if !strings.Contains(r.stdout, "Good through") {
		t.Errorf("the confirmation does not show the last day:\n%s", r.stdout)
	}
}

func TestStreamDepthAndOptionStreamsPrintTheirFirstMessage(t *testing.T) {
	for _, c := range []struct {
		args  []string
		lines int
		want  []string
	}{
		{[]string{"stream", "depth", "MSFT", "--levels", "3"}, 5, []string{"MSFT market depth", "BID ORDERS  BID SIZE"}},
		{[]string{"stream", "depth", "MSFT", "--levels", "2", "--participants"}, 4, []string{"BIDDER", "ASKER"}},
		{[]string{"stream", "options", "chain", "MSFT", "--expiration", "2025-06-20", "--proximity", "1"}, 2, []string{"SIDE   STRIKES", "DELTA"}},
		{[]string{"stream", "options", "quotes", "MSFT 250620C450", "MSFT 250620C460=-1"}, 2, []string{"MSFT 250620C450 + MSFT 250620C460=-1"}},
	} {
		t.Run(strings.Join(c.args[:3], " "), func(t *testing.T) {
			h := newHarness(t)
			ctx, press := interruptible()
			r := h.runCtx(ctx, "", &afterLines{n: c.lines, f: press}, nil, c.args...)
			if r.code != exitInterrupt {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

func TestStreamPositionsHeaderNamesEachColumnApart(t *testing.T) {
	h := newHarness(t)
	ctx, press := interruptible()
	r := h.runCtx(ctx, "", &afterLines{n: 2, f: press}, nil, "stream", "positions")
	header, _, _ := strings.Cut(r.stdout, "\n")
	if !strings.Contains(header, "AVG PRICE        LAST") || !strings.Contains(header, "UNREALIZED P/L") {
		t.Errorf("header %q", header)
	}
}

// TestCompletionScriptLoadsInBashAndCompletesCommandsFlagsAndValues
// sources the script in bash and calls its completion function as bash
// does when Tab is pressed.
func TestCompletionScriptLoadsInBashAndCompletesCommandsFlagsAndValues(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := filepath.Dir(binary(t))
	complete := func(line string) []string {
		t.Helper()
		// The script needs bash-completion's _get_comp_words_by_ref, as it
		// does on users' machines; without the package a stand-in splits
		// the line as bash does here.
		script := `if [ -r /usr/share/bash-completion/bash_completion ]; then
	source /usr/share/bash-completion/bash_completion
else
	_get_comp_words_by_ref() { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
fi
source <(tradestation completion bash) || exit 9
complete -p tradestation | grep -q __start_tradestation || exit 8
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
read -r -a COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
__start_tradestation tradestation "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"`
		cmd := exec.Command(bash, "-c", script, "bash", line)
		cmd.Env = []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr // compopt says it runs outside Tab: harmless here
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%q: %v\n%s%s", line, err, out, stderr.String())
		}
		var words []string
		for _, w := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			words = append(words, strings.TrimSpace(w))
		}
		return words
	}
	for _, c := range []struct {
		line string
		want []string
	}{
		{"tradestation quo", []string{"quote"}},
		{"tradestation order pl", []string{"place"}},
		{"tradestation stream options ", []string{"chain", "quotes"}},
		{"tradestation bars MSFT --unit mi", []string{"minute"}},
		{"tradestation bars MSFT --barsb", []string{"--barsback"}},
		{"tradestation order place --duration gt", []string{"gtc", "gtc+", "gtd", "gtd+"}},
		{"tradestation order place --type stop", []string{"stop", "stoplimit"}},
		{"tradestation completion z", []string{"zsh"}},
	} {
		if got := complete(c.line); strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q completes to %q, want %q", c.line, got, c.want)
		}
	}
}

func TestCompletionScriptsForEveryShell(t *testing.T) {
	h := newHarness(t)
	for shell, marker := range map[string]string{"bash": "__start_tradestation", "zsh": "#compdef tradestation", "fish": "complete -c tradestation",
		"powershell": "Register-ArgumentCompleter"} {
		r := h.run("completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, marker) {
			t.Errorf("completion %s: exit %d, no %q in the script", shell, r.code, marker)
		}
	}
}

func TestTimeoutEndsAStreamAsSuccess(t *testing.T) {
	h := newHarness(t)
	r := h.run("stream", "quotes", "MSFT", "--timeout", "300ms")
	if r.code != exitOK || !strings.Contains(r.stdout, "MSFT") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestStreamBarsHelpNamesOnlyItsOwnFlags(t *testing.T) {
	r := newHarness(t).run("stream", "bars", "--help")
	if r.code != 0 || strings.Contains(r.stdout, "--first") || strings.Contains(r.stdout, "--last") {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
}
