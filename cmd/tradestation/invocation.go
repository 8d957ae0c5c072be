package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"time"

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
	flags *flag.FlagSet // the command's flags, the global ones included, as parsed
	conn  *conn

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

func (x *invocation) v3() (*v3.Client, error) {
	c, err := x.open()
	if err != nil {
		return nil, err
	}
	return c.v3()
}

func (x *invocation) v2() (*v2.Client, error) {
	c, err := x.open()
	if err != nil {
		return nil, err
	}
	return c.v2()
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
	x.flags.Visit(func(f *flag.Flag) {
		if f.Name != name {
			parts = append(parts, "--"+f.Name+"="+shellQuote(f.Value.String()))
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
