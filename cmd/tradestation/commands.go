package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// defaultTimeout bounds a command that is neither a stream nor a login.
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
	timed     timing = iota // the whole command, default defaultTimeout
	untimed                 // streams: no limit unless --timeout is given
	selfTimed               // the command applies the timeout itself (it waits for the user)
)

type runFunc func(ctx context.Context, x *invocation, args []string) error

// commands lists every subcommand in the order help shows them.
func commands() []*command {
	return []*command{
		loginCommand(), logoutCommand(),
		accountsCommand(), balancesCommand(), positionsCommand(), ordersCommand(),
		quoteCommand(), barsCommand(), symbolCommand(),
		optionsExpirationsCommand(), optionsStrikesCommand(), optionsChainCommand(),
		orderConfirmCommand(), orderPlaceCommand(), orderReplaceCommand(), orderCancelCommand(),
		streamQuotesCommand(), streamBarsCommand(), streamOrdersCommand(), streamPositionsCommand(),
	}
}

// invocation is one command being run: the app, the global flags and the
// connection, opened on first use so that bad input never reaches the
// network.
type invocation struct {
	*app
	g    *globals
	cmd  *command
	conn *conn
}

func (x *invocation) open(ctx context.Context) (*conn, error) {
	if x.conn == nil {
		c, err := x.connect(ctx, x.g)
		if err != nil {
			return nil, err
		}
		x.conn = c
	}
	return x.conn, nil
}

func (x *invocation) v3(ctx context.Context) (*v3.ClientWithResponses, error) {
	c, err := x.open(ctx)
	if err != nil {
		return nil, err
	}
	return c.v3()
}

func (x *invocation) v2(ctx context.Context) (*v2.ClientWithResponses, error) {
	c, err := x.open(ctx)
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
	return context.WithTimeout(ctx, d)
}

func (x *invocation) colour() bool { return x.app.colour(x.g) }

// main dispatches args to a subcommand and returns the exit code.
func (a *app) main(ctx context.Context, args []string) int {
	var before globals // global flags given before the command
	top := flag.NewFlagSet("tradestation", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	before.register(top)
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			a.printHelp(a.stdout, top)
			return 0
		}
		return a.report(usageErrorf("%v (see tradestation --help)", err))
	}
	rest := top.Args()
	if len(rest) == 0 || rest[0] == "help" {
		if len(rest) > 1 {
			return a.main(ctx, append(rest[1:], "--help"))
		}
		if len(rest) == 0 {
			a.printHelp(a.stderr, top)
			return 2
		}
		a.printHelp(a.stdout, top)
		return 0
	}
	if len(rest) == 2 && isHelpFlag(rest[1]) && a.printFamilyHelp(rest[0]) {
		return 0
	}
	cmd, cmdArgs, err := findCommand(rest)
	if err != nil {
		return a.report(err)
	}

	var g globals
	fs := flag.NewFlagSet("tradestation "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	// Registering set every global to its default: carry over those given
	// before the command.
	top.Visit(func(f *flag.Flag) { _ = fs.Set(f.Name, f.Value.String()) })
	runner := cmd.setup(fs)
	positional, err := parseInterspersed(fs, cmdArgs)
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(a.stdout, cmd, fs)
		return 0
	}
	if err != nil {
		return a.report(usageErrorf("%s: %v (see tradestation %s --help)", cmd.name, err, cmd.name))
	}
	if err := g.check(); err != nil {
		return a.report(err)
	}
	if g.v2 && !cmd.v2 {
		return a.report(usageErrorf("%s does not serve --v2; v2 serves quote, accounts, balances and positions", cmd.name))
	}

	x := &invocation{app: a, g: &g, cmd: cmd}
	defer x.close()
	runCtx, cancel := ctx, context.CancelFunc(func() {})
	switch cmd.timing {
	case timed:
		runCtx, cancel = x.withTimeout(ctx, defaultTimeout)
	case untimed:
		runCtx, cancel = x.withTimeout(ctx, 0)
	}
	defer cancel()
	if err := runner(runCtx, x, positional); err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			return a.report(usageErrorf("%s: %v (see tradestation %s --help)", cmd.name, ue.msg, cmd.name))
		}
		return a.report(err)
	}
	return 0
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

func isHelpFlag(s string) bool {
	switch s {
	case "-h", "-help", "--help":
		return true
	}
	return false
}

// printFamilyHelp lists the subcommands of a two-word family such as
// "order"; it reports false when family is not one.
func (a *app) printFamilyHelp(family string) bool {
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	found := false
	for _, c := range commands() {
		if first, _, two := strings.Cut(c.name, " "); two && first == family {
			if !found {
				fmt.Fprintf(tw, "usage: tradestation %s SUBCOMMAND [flags]\n\n", family)
			}
			found = true
			fmt.Fprintf(tw, "  %s %s\t%s\n", c.name, c.args, c.summary)
		}
	}
	if found {
		fmt.Fprintf(tw, "\nRun \"tradestation %s SUBCOMMAND --help\" for its flags and an example.\n", family)
	}
	tw.Flush()
	return found
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

func (a *app) printHelp(w io.Writer, top *flag.FlagSet) {
	fmt.Fprint(w, `tradestation talks to TradeStation: accounts, quotes, bars, orders, streams.

usage: tradestation [global flags] COMMAND [flags] [ARGS]

Without credentials every command runs against a built-in fake
TradeStation (an offline demo). Set TRADESTATION_CLIENT_ID and
TRADESTATION_CLIENT_SECRET and run "tradestation login" to use your
accounts; the simulator is used unless --live is given.

commands:
`)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s %s\t%s\n", c.name, c.args, c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, "\nglobal flags (accepted by every command):\n")
	printFlags(w, top)
	fmt.Fprint(w, "\nRun \"tradestation COMMAND --help\" for a command's flags and an example.\n")
}

func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	usage := strings.TrimSpace(fmt.Sprintf("tradestation %s [flags] %s", c.name, c.args))
	fmt.Fprintf(w, "usage: %s\n\n%s\n\nexample:\n  %s\n", usage, c.summary, c.example)
	var g globals
	globalSet := flag.NewFlagSet("", flag.ContinueOnError)
	g.register(globalSet)
	own := flag.NewFlagSet("", flag.ContinueOnError)
	fs.VisitAll(func(f *flag.Flag) {
		if globalSet.Lookup(f.Name) == nil {
			own.Var(f.Value, f.Name, f.Usage)
			own.Lookup(f.Name).DefValue = f.DefValue
		}
	})
	hasOwn := false
	own.VisitAll(func(*flag.Flag) { hasOwn = true })
	if hasOwn {
		fmt.Fprint(w, "\nflags:\n")
		printFlags(w, own)
	}
	fmt.Fprint(w, "\nglobal flags: --sim --live --v2 --json --fake --timeout --color --token-file (see tradestation --help)\n")
}

// printFlags lists flags with two dashes, the way the examples write them.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	var lines [][2]string
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if name != "" {
			left += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "0s" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		lines = append(lines, [2]string{left, usage})
	})
	sort.Slice(lines, func(i, j int) bool { return lines[i][0] < lines[j][0] })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, l := range lines {
		fmt.Fprintf(tw, "  %s\t%s\n", l[0], l[1])
	}
	tw.Flush()
}
