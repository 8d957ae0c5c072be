package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// isHelpFlag reports whether s asks for help, as the flag package
// understands it.
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
	tw := newTabWriter(a.stdout)
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

// printHelp is the top-level help: every command and the global flags.
func (a *app) printHelp(w io.Writer, top *flag.FlagSet) {
	fmt.Fprint(w, `tradestation talks to TradeStation: accounts, quotes, bars, orders, streams.

usage: tradestation [global flags] COMMAND [flags] [ARGS]

Without credentials every command runs against a built-in fake
TradeStation (an offline demo) that lives as long as the command. Set
TRADESTATION_CLIENT_ID and TRADESTATION_CLIENT_SECRET and run "tradestation
login" to use your accounts; the simulator is used unless --live is given.
"tradestation fake" runs a fake that lasts: set the TRADESTATION_* lines it
prints (TRADESTATION_API_URL and the others) in another terminal, and
orders stay from one command to the next.

commands:
`)
	tw := newTabWriter(w)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s %s\t%s\n", c.name, c.args, c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, "\nglobal flags (accepted by every command):\n")
	printFlags(w, top)
	fmt.Fprint(w, "\nRun \"tradestation COMMAND --help\" for a command's flags and an example.\n")
}

// printCommandHelp shows a command's usage line, summary, example and
// own flags; the global ones are only named.
func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	usage := strings.TrimSpace(fmt.Sprintf("tradestation %s [flags] %s", c.name, c.args))
	fmt.Fprintf(w, "usage: %s\n\n%s\n\nexample:\n  %s\n", usage, c.summary, c.example)
	global := flag.NewFlagSet("", flag.ContinueOnError)
	new(globals).register(global)
	own := flag.NewFlagSet("", flag.ContinueOnError)
	var globalNames []string
	hasOwn := false
	fs.VisitAll(func(f *flag.Flag) {
		if global.Lookup(f.Name) != nil {
			globalNames = append(globalNames, "--"+f.Name)
			return
		}
		hasOwn = true
		own.Var(f.Value, f.Name, f.Usage)
		own.Lookup(f.Name).DefValue = f.DefValue
	})
	if hasOwn {
		fmt.Fprint(w, "\nflags:\n")
		printFlags(w, own)
	}
	fmt.Fprintf(w, "\nglobal flags: %s (see tradestation --help)\n", strings.Join(globalNames, " "))
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
	slices.SortFunc(lines, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	tw := newTabWriter(w)
	for _, l := range lines {
		fmt.Fprintf(tw, "  %s\t%s\n", l[0], l[1])
	}
	tw.Flush()
}
