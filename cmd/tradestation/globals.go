package main

import (
	"flag"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/auth"
)

// globals are the flags every subcommand accepts.
type globals struct {
	sim, live bool
	v2        bool
	json      bool
	fake      bool
	timeout   time.Duration
	color     string
	tokenFile string
	apiURL    string // --api-url; else $TRADESTATION_API_URL
	signInURL string // --signin-url; else $TRADESTATION_SIGNIN_URL
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.BoolVar(&g.sim, "sim", false, "use the simulator (paper trading); the default")
	fs.BoolVar(&g.live, "live", false, "use the live environment: real accounts, real money")
	fs.BoolVar(&g.v2, "v2", false, "use the legacy API v2 (quote, accounts, balances, positions)")
	fs.BoolVar(&g.json, "json", false, "print JSON instead of tables")
	fs.BoolVar(&g.fake, "fake", false, "use the built-in fake TradeStation even when credentials are set")
	fs.DurationVar(&g.timeout, "timeout", 0, "give up after this long (default 1m; login 5m; streams: no limit)")
	fs.StringVar(&g.color, "color", "auto", "colour signed changes: auto (when stdout is a terminal and NO_COLOR is unset), always or never")
	fs.StringVar(&g.tokenFile, "token-file", "", "token file written by login (default: tradestation/token.json in the user config directory)")
	fs.StringVar(&g.apiURL, "api-url", "", "API host to talk to instead of TradeStation's, such as a running `tradestation fake` (default $"+envAPIURL+")")
	fs.StringVar(&g.signInURL, "signin-url", "", "sign-in host for login, logout and tokens instead of TradeStation's (default $"+envSignInURL+")")
}

func (g *globals) check() error {
	switch {
	case g.sim && g.live:
		return usageErrorf("--sim and --live exclude each other")
	case g.fake && g.live:
		return usageErrorf("--fake and --live exclude each other: the built-in fake has no live accounts")
	case g.fake && (g.apiURL != "" || g.signInURL != ""):
		return usageErrorf("--fake and --api-url or --signin-url exclude each other: the built-in fake has its own address")
	case g.timeout < 0:
		return usageErrorf("--timeout %v is negative", g.timeout)
	}
	switch g.color {
	case "auto", "always", "never":
	default:
		return usageErrorf("--color is %q; use auto, always or never", g.color)
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
