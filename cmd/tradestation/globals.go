package main

import (
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/auth"
)

// globals are the flags every command accepts.
type globals struct {
	sim, live bool
	v2        bool
	json      bool
	fake      bool
	debug     bool
	utc       bool
	width     int
	timeout   time.Duration
	color     string
	tokenFile string
	apiURL    string // --api-url; else $TRADESTATION_API_URL
	signInURL string // --signin-url; else $TRADESTATION_SIGNIN_URL
}

// The widths --width accepts, in columns.
const (
	minWidth     = 40
	maxWidth     = 1000
	defaultWidth = 80 // help and charts when stdout is no terminal
)

func (g *globals) register(f *flagSet) {
	f.BoolVar(&g.sim, "sim", false, "use the simulator (paper trading); the default")
	f.BoolVar(&g.live, "live", false, "use the live environment: real accounts, real money")
	f.BoolVar(&g.v2, "v2", false, "use the legacy API v2 (quote, accounts, balances, positions)")
	f.BoolVar(&g.json, "json", false, "print JSON instead of tables")
	f.BoolVar(&g.fake, "fake", false, "use the built-in fake TradeStation even when credentials are set")
	f.BoolVar(&g.debug, "debug", false, "on failure print the whole error chain; log retries and token refreshes (never secrets)")
	f.BoolVar(&g.utc, "utc", false, "show times in UTC instead of the local time zone")
	whole(f, &g.width, "width", 0, minWidth, maxWidth, "columns that help, tables and charts fit in (default: the terminal's; 80 for help and charts when not a terminal)")
	f.span(&g.timeout, "timeout", 0, false, "give up after this long (default 1m; login 5m; streams and fake: no limit, and the end is no failure)")
	f.choice(&g.color, "color", "auto", "colour signed changes: auto (when stdout is a terminal and NO_COLOR is unset), always or never", "auto", "always", "never")
	f.text(&g.tokenFile, "token-file", "", "FILE", "token file written by login (default: tradestation/token.json in the user config directory)")
	f.text(&g.apiURL, "api-url", "", "URL", "API host to talk to instead of TradeStation's, such as a running tradestation fake (default $"+envAPIURL+")")
	f.text(&g.signInURL, "signin-url", "", "URL", "sign-in host for login, logout and tokens instead of TradeStation's (default $"+envSignInURL+")")
}

func (g *globals) check() error {
	switch {
	case g.sim && g.live:
		return usageErrorf("--sim and --live exclude each other")
	case g.fake && g.live:
		return usageErrorf("--fake and --live exclude each other: the built-in fake has no live accounts")
	case g.fake && (g.apiURL != "" || g.signInURL != ""):
		return usageErrorf("--fake and --api-url or --signin-url exclude each other: the built-in fake has its own address")
	}
	switch g.color {
	case "auto", "always", "never":
	default:
		return usageErrorf("--color must be auto, always or never, not %q", g.color)
	}
	return nil
}

// colour reports whether output gets ANSI colours.
func (a *app) colour(g *globals) bool {
	switch g.color {
	case "always":
		return true
	case "never":
		return false
	}
	return a.terminal && a.env("NO_COLOR") == ""
}

// helpWidth is what help and charts fit in: --width, else the terminal's
// width, else 80 columns.
func (a *app) helpWidth(g *globals) int {
	switch {
	case g.width > 0:
		return g.width
	case a.termWidth > 0:
		return a.termWidth
	}
	return defaultWidth
}

// tableWidth is what tables fit in: --width, else the terminal's width;
// 0 (no limit) when stdout is no terminal, so that scripts get every
// character.
func (a *app) tableWidth(g *globals) int {
	if g.width > 0 {
		return g.width
	}
	return a.termWidth
}

// tokenStore is the file that login writes and later commands read:
// --token-file, or the default in the user's config directory.
func (g *globals) tokenStore() *auth.FileStore {
	return auth.NewFileStore(g.tokenFile)
}

// hosts are the API and sign-in hosts that the flags or the environment
// name instead of TradeStation's own, as session options; urls is what
// they name, for messages.
func (a *app) hosts(g *globals) (opts []auth.Option, urls []string) {
	if u := firstNonEmpty(g.apiURL, strings.TrimSpace(a.env(envAPIURL))); u != "" {
		opts, urls = append(opts, auth.WithAPIURL(u)), append(urls, u)
	}
	if u := firstNonEmpty(g.signInURL, strings.TrimSpace(a.env(envSignInURL))); u != "" {
		opts, urls = append(opts, auth.WithSignInURL(u)), append(urls, u)
	}
	return opts, urls
}
