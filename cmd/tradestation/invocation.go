package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// invocation is one command being run: the app, the global flags and the
// connection, opened on first use so that bad input never reaches the
// network.
type invocation struct {
	*app
	g     *globals
	cmd   *command
	cobra *cobra.Command
	flags *pflag.FlagSet // the command's flags, the global ones included, as parsed
	conn  *conn
	// loc is the time zone that times are shown in (--utc, or the local one).
	loc *time.Location

	// bound is the last deadline that withTimeout set, and limit its
	// length, so that an error it caused can name --timeout.
	bound context.Context
	limit time.Duration
}

func (x *invocation) open() (*conn, error) {
	if x.conn == nil {
		c, err := x.connect(x.g)
		if err != nil {
			return nil, err
		}
		x.conn = c
	}
	return x.conn, nil
}

// clientOptions are the options of every client the command builds: the
// connection's, and with --debug a log of retries and token refreshes.
func (x *invocation) clientOptions(c *conn) []option.RequestOption {
	opts := append([]option.RequestOption{option.WithUserAgent("tradestation-cli/" + commandVersion())}, c.clientOpts...)
	if x.g.debug {
		log := slog.New(slog.NewTextHandler(x.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
		opts = append(opts, option.WithLogger(log))
	}
	return opts
}

func (x *invocation) v3() (*v3.Client, error) {
	c, err := x.open()
	if err != nil {
		return nil, err
	}
	return c.v3(x.clientOptions(c)...)
}

func (x *invocation) v2() (*v2.Client, error) {
	c, err := x.open()
	if err != nil {
		return nil, err
	}
	return c.v2(x.clientOptions(c)...)
}

func (x *invocation) close() {
	if x.conn != nil && x.conn.close != nil {
		x.conn.close()
	}
}

// withTimeout bounds ctx by --timeout, or by def when it was not given (0:
// no bound).
func (x *invocation) withTimeout(ctx context.Context, def time.Duration) (context.Context, context.CancelFunc) {
	d := x.g.timeout
	if d == 0 {
		d = def
	}
	if d == 0 {
		return context.WithCancel(ctx)
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	x.bound, x.limit = ctx, d
	return ctx, cancel
}

// run runs the command under the deadline that its timing asks for.
func (x *invocation) run(ctx context.Context, body runFunc, args []string) error {
	cancel := context.CancelFunc(func() {})
	switch x.cmd.timing {
	case timed:
		ctx, cancel = x.withTimeout(ctx, defaultTimeout)
	case untimed:
		ctx, cancel = x.withTimeout(ctx, 0)
	}
	defer cancel()
	err := body(ctx, x, args)
	if errors.Is(err, context.DeadlineExceeded) && x.bound != nil && errors.Is(x.bound.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("gave up after %v (--timeout): %w", x.limit, err)
	}
	return err
}

func (x *invocation) colour() bool { return x.app.colour(x.g) }

// rerun is the command line that runs this command again with the flags
// the user gave, flag name set to value.
func (x *invocation) rerun(name, value string) string {
	parts := []string{"tradestation", x.cmd.name}
	x.flags.Visit(func(f *pflag.Flag) {
		if f.Name == name {
			return
		}
		values := []string{f.Value.String()}
		if s, ok := f.Value.(pflag.SliceValue); ok {
			values = s.GetSlice()
		}
		for _, v := range values {
			parts = append(parts, "--"+f.Name+"="+shellQuote(v))
		}
	})
	return strings.Join(append(parts, "--"+name+"="+shellQuote(value)), " ")
}

// shellSafe are the characters a shell takes literally in a word.
var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./:@%+,=-]+$`)

// shellQuote quotes s for a POSIX shell unless it needs no quotes.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// refuseHTTP2Debug stops the command when GODEBUG turns on the debug log of
// Go's HTTP/2 code, which prints every header and body it sends and
// receives: the bearer token, the client secret and refresh token of a
// sign-in, and orders.
func (a *app) refuseHTTP2Debug() error {
	for _, setting := range strings.Split(a.env("GODEBUG"), ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(setting), "=")
		if name == "http2debug" && value != "0" {
			return usageErrorf("GODEBUG has %s, which makes Go's HTTP/2 code log every header and body, tokens and client secret included; "+
				"unset it (or set http2debug=0) to run tradestation", strings.TrimSpace(setting))
		}
	}
	return nil
}
