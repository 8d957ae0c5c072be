package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// defaultTimeout is --timeout when it is not given: it bounds a whole
// command, or each request of a command that waits for the user.
const defaultTimeout = time.Minute

// command is one subcommand, such as "quote" or "order place".
type command struct {
	name    string // one or two words
	args    string // the positional arguments, for the usage line
	summary string
	example string
	// v2 is true when the command also serves --v2.
	v2 bool
	// timing says how --timeout applies.
	timing timing
	// setup registers the command's own flags and returns what runs it.
	setup func(fs *flag.FlagSet) runFunc
}

type timing int

const (
	timed   timing = iota // the whole command, default defaultTimeout
	untimed               // streams: no limit unless --timeout is given
	// selfTimed commands apply --timeout themselves: order commands to
	// each request but not to the wait for an answer, login to the wait
	// for the browser.
	selfTimed
)

type runFunc func(ctx context.Context, x *invocation, args []string) error

// noFlags is the setup of a command without flags of its own.
func noFlags(run runFunc) func(*flag.FlagSet) runFunc {
	return func(*flag.FlagSet) runFunc { return run }
}

// usageError words a usage mistake of c, pointing to its help.
func (c *command) usageError(msg string) error {
	return usageErrorf("%s: %s (see tradestation %s --help)", c.name, msg, c.name)
}

// commands lists every subcommand in the order help shows them.
func commands() []*command {
	return []*command{
		loginCommand(), logoutCommand(),
		accountsCommand(), balancesCommand(), positionsCommand(), ordersCommand(),
		quoteCommand(), barsCommand(), symbolCommand(),
		optionsExpirationsCommand(), optionsStrikesCommand(), optionsChainCommand(),
		orderConfirmCommand(), orderPlaceCommand(), orderReplaceCommand(), orderCancelCommand(),
		streamQuotesCommand(), streamBarsCommand(), streamOrdersCommand(), streamPositionsCommand(),
		fakeCommand(),
	}
}

// main dispatches args to a subcommand and returns the exit code.
func (a *app) main(ctx context.Context, args []string) int {
	if err := a.refuseHTTP2Debug(); err != nil {
		return a.report(err)
	}
	top := flag.NewFlagSet("tradestation", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	new(globals).register(top) // the global flags given before the command
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			a.printHelp(a.stdout, top)
			return exitOK
		}
		return a.report(usageErrorf("%v (see tradestation --help)", err))
	}
	rest := top.Args()
	switch {
	case len(rest) == 0:
		a.printHelp(a.stderr, top)
		return exitUsage
	case rest[0] == "help" && len(rest) == 1:
		a.printHelp(a.stdout, top)
		return exitOK
	case rest[0] == "help":
		return a.main(ctx, append(rest[1:], "--help"))
	case len(rest) == 2 && isHelpFlag(rest[1]) && a.printFamilyHelp(rest[0]):
		return exitOK
	}
	cmd, cmdArgs, err := findCommand(rest)
	if err != nil {
		return a.report(err)
	}
	return a.runCommand(ctx, top, cmd, cmdArgs)
}

// runCommand parses the flags of cmd, with the global ones given before
// it (in top) carried over, and runs it.
func (a *app) runCommand(ctx context.Context, top *flag.FlagSet, cmd *command, args []string) int {
	var g globals
	fs := flag.NewFlagSet("tradestation "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	top.Visit(func(f *flag.Flag) { _ = fs.Set(f.Name, f.Value.String()) })
	run := cmd.setup(fs)
	positional, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printCommandHelp(a.stdout, cmd, fs)
		return exitOK
	case err != nil:
		return a.report(cmd.usageError(err.Error()))
	}
	if err := g.check(); err != nil {
		return a.report(err)
	}
	if g.v2 && !cmd.v2 {
		return a.report(usageErrorf("%s does not serve --v2; v2 serves quote, accounts, balances and positions", cmd.name))
	}

	x := &invocation{app: a, g: &g, cmd: cmd, flags: fs}
	defer x.close()
	if err := x.run(ctx, run, positional); err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			err = cmd.usageError(ue.msg)
		}
		return a.report(err)
	}
	return exitOK
}

// findCommand matches the first one or two words of args to a command.
func findCommand(args []string) (*command, []string, error) {
	all := commands()
	var family []string
	for _, c := range all {
		first, second, two := strings.Cut(c.name, " ")
		if first != args[0] {
			continue
		}
		if !two {
			return c, args[1:], nil
		}
		if len(args) > 1 && args[1] == second {
			return c, args[2:], nil
		}
		family = append(family, second)
	}
	if len(family) == 0 {
		return nil, nil, usageErrorf("unknown command %q (see tradestation --help)", args[0])
	}
	if len(args) > 1 && !strings.HasPrefix(args[1], "-") {
		return nil, nil, usageErrorf("unknown command %q; %s takes %s", args[0]+" "+args[1], args[0], strings.Join(family, ", "))
	}
	return nil, nil, usageErrorf("%s needs one of: %s (e.g. tradestation %s %s --help)", args[0], strings.Join(family, ", "), args[0], family[0])
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments, which it returns. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// refuseHTTP2Debug stops the command when GODEBUG turns on the debug log of
// Go's HTTP/2 code, which prints every header and body it sends and
// receives: the bearer token, the client secret and refresh token of a
// sign-in, and orders.
func (a *app) refuseHTTP2Debug() error {
	for _, setting := range strings.Split(a.env("GODEBUG"), ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(setting), "=")
		if name == "http2debug" && value != "0" {
			return fmt.Errorf("GODEBUG has %s, which makes Go's HTTP/2 code log every header and body, tokens and client secret included; "+
				"unset it (or set http2debug=0) to run tradestation", strings.TrimSpace(setting))
		}
	}
	return nil
}
