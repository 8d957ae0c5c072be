package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// main builds the command tree for one run, runs args through it and
// returns the exit code.
func (a *app) main(ctx context.Context, args []string) int {
	g := &globals{}
	if err := a.refuseHTTP2Debug(); err != nil {
		return a.finish(ctx, err, false)
	}
	root := a.tree(g)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return a.finish(ctx, err, g.debug)
}

func init() {
	cobra.EnableCommandSorting = false // help lists commands in the order of commands()
}

// suggestionDistance is how many letters a mistyped command may be off
// by for "did you mean".
const suggestionDistance = 2

// tree is the command line as cobra sees it: the groups, the commands,
// help, completion and the global flags bound to g.
func (a *app) tree(g *globals) *cobra.Command {
	root := a.groupCommand("tradestation", "tradestation talks to TradeStation: accounts, quotes, bars, orders and streams.")
	root.Use = "tradestation"
	root.Long = rootLong
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.Version = versionText()
	root.SetVersionTemplate("{{.Version}}")
	root.SetFlagErrorFunc(flagUsageError)
	root.Flags().BoolP("version", "v", false, "print the version (tradestation version --json says it as JSON)")
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { a.printHelp(c, g) })
	g.register(&flagSet{root.PersistentFlags(), root})

	parents := map[string]*cobra.Command{"": root}
	var parent func(name string) *cobra.Command
	parent = func(name string) *cobra.Command {
		if c, ok := parents[name]; ok {
			return c
		}
		above, word := splitLast(name)
		c := a.groupCommand(word, groupSummary(name))
		parent(above).AddCommand(c)
		parents[name] = c
		return c
	}
	for _, c := range commands() {
		above, _ := splitLast(c.name)
		parent(above).AddCommand(a.leafCommand(c, g))
	}
	root.SetHelpCommand(a.helpCommand(g))
	return root
}

// splitLast splits "stream options chain" into "stream options" and "chain".
func splitLast(name string) (parent, last string) {
	if i := strings.LastIndexByte(name, ' '); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

// path is a command's words after "tradestation".
func path(c *cobra.Command) string {
	return strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), "tradestation"), " ")
}

// seeHelp is the pointer to a command's help that usage errors end with.
func seeHelp(c *cobra.Command) string { return "see " + c.CommandPath() + " --help" }

// groupCommand is a word that only gathers commands: run alone it asks
// for one of them, and an unknown one gets the nearest as a suggestion.
func (a *app) groupCommand(word, summary string) *cobra.Command {
	c := &cobra.Command{
		Use:                        word + " COMMAND",
		Short:                      summary,
		SilenceErrors:              true,
		SilenceUsage:               true,
		SuggestionsMinimumDistance: suggestionDistance,
		ValidArgsFunction:          cobra.NoFileCompletions,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			return unknownCommand(c, args[0])
		},
		RunE: func(c *cobra.Command, _ []string) error {
			if !c.HasParent() {
				a.printHelp(c, nil) // on stderr: the output is not what was asked for
				return &usageError{}
			}
			return usageErrorf("%s needs one of the commands %s (%s)", path(c), orList(subcommandNames(c)), seeHelp(c))
		},
	}
	helpFlag(c)
	return c
}

// helpFlag gives c the flag that shows its help.
func helpFlag(c *cobra.Command) {
	c.Flags().BoolP("help", "h", false, "show this help")
}

// unknownCommand words a word that names no command of c, with the
// nearest names.
func unknownCommand(c *cobra.Command, word string) error {
	name := strings.TrimSpace(path(c) + " " + word)
	if s := c.SuggestionsFor(word); len(s) > 0 {
		for i := range s {
			s[i] = strings.TrimSpace(path(c) + " " + s[i])
		}
		return usageErrorf("unknown command %q; did you mean %s? (%s)", name, orList(s), seeHelp(c))
	}
	if c.HasParent() {
		return usageErrorf("unknown command %q; %s takes %s (%s)", name, path(c), orList(subcommandNames(c)), seeHelp(c))
	}
	return usageErrorf("unknown command %q (%s)", name, seeHelp(c))
}

// subcommandNames lists the commands of c that help shows.
func subcommandNames(c *cobra.Command) []string {
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	return names
}

// orList writes "a, b or c".
func orList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// leafCommand is a command that does something.
func (a *app) leafCommand(c *command, g *globals) *cobra.Command {
	_, word := splitLast(c.name)
	cc := &cobra.Command{
		Use:               strings.TrimSpace(word + " " + c.args),
		Short:             c.summary,
		Long:              c.long,
		Example:           c.example,
		Args:              cobra.ArbitraryArgs,
		SilenceErrors:     true,
		SilenceUsage:      true,
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	if len(c.argWords) > 0 {
		cc.ValidArgs = c.argWords
		cc.ValidArgsFunction = nil
	}
	run := c.setup(&flagSet{cc.Flags(), cc})
	helpFlag(cc)
	cc.RunE = func(cmd *cobra.Command, args []string) error {
		err := a.invoke(cmd, c, g, run, args)
		var ue *usageError
		if errors.As(err, &ue) && ue.msg != "" {
			// Say which command and where its help is.
			return usageErrorf("%s: %s (%s)", c.name, ue.msg, seeHelp(cmd))
		}
		return err
	}
	return cc
}

// invoke checks the global flags and runs a command.
func (a *app) invoke(cmd *cobra.Command, c *command, g *globals, run runFunc, args []string) error {
	if err := g.check(); err != nil {
		return err
	}
	if g.v2 && !c.v2 {
		return usageErrorf("does not serve --v2; v2 serves quote, accounts, balances and positions")
	}
	x := &invocation{app: a, g: g, cmd: c, cobra: cmd, flags: cmd.Flags(), loc: a.loc}
	if g.utc {
		x.loc = time.UTC
	}
	defer x.close()
	return x.run(cmd.Context(), run, args)
}

// helpCommand is `tradestation help [COMMAND...]`.
func (a *app) helpCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:           "help [COMMAND]",
		Short:         "Show the help of tradestation or of a command.",
		SilenceErrors: true,
		SilenceUsage:  true,
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			target, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return subcommandNames(target), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			target := c.Root()
			for _, word := range args {
				next := findSub(target, word)
				if next == nil {
					return unknownCommand(target, word)
				}
				target = next
			}
			a.printHelp(target, g)
			return nil
		},
	}
}

// findSub is the command of c named word.
func findSub(c *cobra.Command, word string) *cobra.Command {
	for _, sub := range c.Commands() {
		if sub.Name() == word || slices.Contains(sub.Aliases, word) {
			return sub
		}
	}
	return nil
}

// flagUsageError words a flag the command cannot parse as a usage error
// naming the flag with two dashes, the command and its help.
func flagUsageError(c *cobra.Command, err error) error {
	var fe *flagError
	var notExist *pflag.NotExistError
	var needsValue *pflag.ValueRequiredError
	var invalid *pflag.InvalidValueError
	var msg string
	switch {
	case errors.As(err, &fe):
		msg = fe.msg
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		msg = "unknown flag --" + name
		if len(name) == 1 || notExist.GetSpecifiedShortnames() != "" {
			msg = "unknown flag -" + name
		}
		if near := nearestFlag(c, name); near != "" {
			msg += "; did you mean --" + near + "?"
		}
	case errors.As(err, &needsValue):
		msg = "--" + needsValue.GetFlag().Name + " needs a value"
	case errors.As(err, &invalid):
		msg = fmt.Sprintf("--%s does not take %q", invalid.GetFlag().Name, invalid.GetValue())
		if invalid.GetFlag().Value.Type() == "bool" {
			msg += ": write --" + invalid.GetFlag().Name + " alone, or =true or =false"
		}
	default:
		msg = err.Error()
	}
	if p := path(c); p != "" {
		msg = p + ": " + msg
	}
	return usageErrorf("%s (%s)", msg, seeHelp(c))
}

// nearestFlag is the flag of c whose name is closest to name, when it is
// close enough to be what was meant: a few letters off, or its start.
func nearestFlag(c *cobra.Command, name string) string {
	best, bestDistance := "", suggestionDistance+1
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if d := distance(name, f.Name); !f.Hidden && d < bestDistance {
			best, bestDistance = f.Name, d
		}
	})
	if best != "" || len(name) < 3 {
		return best
	}
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if best == "" && !f.Hidden && strings.HasPrefix(f.Name, name) {
			best = f.Name
		}
	})
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
