package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// app is one run of the command: its streams, its environment, and how it
// reaches TradeStation. Tests build one with a session factory of their own.
type app struct {
	stdin  *bufio.Reader
	stdout io.Writer
	stderr io.Writer
	env    func(string) string

	// terminal reports whether stdout is a terminal (colours in "auto").
	terminal bool
	// termWidth is the terminal's width in columns; 0 when stdout is no
	// terminal.
	termWidth int
	// loc is the time zone that times are shown in.
	loc *time.Location
	// connect opens the session a command talks to.
	connect func(g *globals) (*conn, error)
	// startFake starts the built-in fake TradeStation.
	startFake func() (fake, error)
	// authOptions come first in every session built from credentials
	// (none: TradeStation's own hosts).
	authOptions []auth.Option
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, env func(string) string) *app {
	a := &app{
		stdin:     bufio.NewReader(stdin),
		stdout:    stdout,
		stderr:    stderr,
		env:       env,
		terminal:  isTerminal(stdout),
		termWidth: terminalWidth(stdout),
		loc:       time.Local,
		startFake: startBuiltinFake,
	}
	a.connect = a.connectFromEnv
	return a
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalWidth is the width of the terminal w writes to, or 0.
func terminalWidth(w io.Writer) int {
	if !isTerminal(w) {
		return 0
	}
	width, _, err := term.GetSize(int(w.(*os.File).Fd()))
	if err != nil || width <= 0 {
		return 0
	}
	return width
}

// conn is an open session and the client options to use with it.
type conn struct {
	sess       *auth.Session
	clientOpts []option.RequestOption
	// close releases what the session holds (the fake server).
	close func()
}

// live reports whether orders on this session move real money: any
// session not made for the simulator.
func (c *conn) live() bool { return !c.sess.IsSim() }

func (c *conn) v3(opts ...option.RequestOption) (*v3.Client, error) {
	return client.NewV3(c.sess, opts...)
}
func (c *conn) v2(opts ...option.RequestOption) (*v2.Client, error) {
	return client.NewV2(c.sess, opts...)
}

// Environment variables the command reads.
const (
	envClientID     = "TRADESTATION_CLIENT_ID"
	envClientSecret = "TRADESTATION_CLIENT_SECRET"
	envRefreshToken = "TRADESTATION_REFRESH_TOKEN"
	envEnvironment  = "TRADESTATION_ENV"
	envAPIURL       = "TRADESTATION_API_URL"
	envSignInURL    = "TRADESTATION_SIGNIN_URL"
)

// connectFromEnv builds the session from the environment as
// auth.SessionFromEnv does, with --sim/--live overriding TRADESTATION_ENV,
// --token-file naming the token store and --api-url/--signin-url (or
// TRADESTATION_API_URL/TRADESTATION_SIGNIN_URL) naming other hosts, such as
// a running `tradestation fake`. Without credentials or other hosts, or
// with --fake, it starts the built-in fake.
// (globals.check has already refused --fake with --live or other hosts.)
func (a *app) connectFromEnv(g *globals) (*conn, error) {
	if g.fake {
		return a.connectFake()
	}
	lookup := a.env
	if g.live || g.sim {
		lookup = func(name string) string {
			switch {
			case name != envEnvironment:
				return a.env(name)
			case g.live:
				return "live"
			}
			return "sim"
		}
	}
	hostOpts, hosts := a.hosts(g)
	if err := checkEnvironment(lookup); err != nil {
		return nil, err
	}
	opts := append(append([]auth.Option(nil), a.authOptions...), hostOpts...)
	if strings.TrimSpace(a.env(envRefreshToken)) == "" {
		opts = append(opts, auth.WithTokenStore(g.tokenStore()))
	}
	sess, err := auth.SessionFromLookup(lookup, opts...)
	switch {
	case errors.Is(err, auth.ErrNoCredentials) && g.live:
		return nil, &credentialsError{fmt.Errorf("--live needs credentials: set %s and %s, then run tradestation login", envClientID, envClientSecret)}
	case errors.Is(err, auth.ErrNoCredentials) && len(hosts) > 0:
		return nil, &credentialsError{fmt.Errorf("%s is given, but no credentials are: set %s, %s and %s too (tradestation fake prints all of them)",
			strings.Join(hosts, " and "), envClientID, envClientSecret, envRefreshToken)}
	case errors.Is(err, auth.ErrNoCredentials):
		fmt.Fprintln(a.stderr, "tradestation: no credentials set; using the built-in fake TradeStation (offline demo)")
		return a.connectFake()
	case err != nil:
		return nil, err
	}
	return &conn{sess: sess, close: func() {}}, nil
}

// checkEnvironment refuses settings that SessionFromLookup would refuse,
// as the command's own errors: a TRADESTATION_ENV that is neither sim nor
// live (a usage error), an API key given in part (missing credentials).
func checkEnvironment(lookup func(string) string) error {
	switch env := strings.TrimSpace(lookup(envEnvironment)); strings.ToLower(env) {
	case "", "sim", "live":
	default:
		return usageErrorf("%s is %q; use sim or live", envEnvironment, env)
	}
	id, secret := strings.TrimSpace(lookup(envClientID)), strings.TrimSpace(lookup(envClientSecret))
	refresh := strings.TrimSpace(lookup(envRefreshToken))
	if (id == "") != (secret == "") || (refresh != "" && id == "") {
		var missing []string
		for _, v := range []struct{ name, value string }{{envClientID, id}, {envClientSecret, secret}} {
			if v.value == "" {
				missing = append(missing, v.name)
			}
		}
		return &credentialsError{fmt.Errorf("%s is not set, but other TRADESTATION_* credentials are: set the API key and secret, or none of them for the offline demo",
			strings.Join(missing, " and "))}
	}
	return nil
}

func (a *app) connectFake() (*conn, error) {
	f, err := a.launchFake()
	if err != nil {
		return nil, err
	}
	return &conn{sess: f.session, close: f.close}, nil
}
