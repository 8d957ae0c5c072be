package main

import (
	"context"
	"time"
)

// defaultTimeout is --timeout when it is not given: it bounds a whole
// command, or each request of a command that waits for the user.
const defaultTimeout = time.Minute

// command is one command that does something, such as "quote" or
// "order place"; the words before the last name its group.
type command struct {
	name    string // the words after "tradestation"
	args    string // the positional arguments, for the usage line
	summary string
	// long says more than the summary, in help only.
	long    string
	example string
	// argWords are the only words the positional argument takes, for
	// completion.
	argWords []string
	// v2 is true when the command also serves --v2.
	v2 bool
	// timing says how --timeout applies.
	timing timing
	// setup registers the command's own flags and returns what runs it.
	setup func(f *flagSet) runFunc
}

type timing int

const (
	timed   timing = iota // the whole command, default defaultTimeout
	untimed               // streams and fake: no limit unless --timeout is given
	// selfTimed commands apply --timeout themselves: order commands to
	// each request but not to the wait for an answer, login to the wait
	// for the browser.
	selfTimed
)

type runFunc func(ctx context.Context, x *invocation, args []string) error

// noFlags is the setup of a command without flags of its own.
func noFlags(run runFunc) func(*flagSet) runFunc {
	return func(*flagSet) runFunc { return run }
}

// groupSummary says what the commands of a group, such as "order", do.
func groupSummary(name string) string {
	return map[string]string{
		"options":        "Option expirations, strikes and chains of an underlying.",
		"order":          "Preview, place, replace and cancel orders.",
		"stream":         "Follow quotes, bars, market depth, options, orders and positions as they change.",
		"stream options": "Follow an option chain, or the quotes of options and spreads.",
	}[name]
}

// commands lists every command in the order help shows them.
func commands() []*command {
	return []*command{
		loginCommand(), logoutCommand(),
		accountsCommand(), balancesCommand(), positionsCommand(), ordersCommand(),
		quoteCommand(), barsCommand(), symbolCommand(),
		optionsExpirationsCommand(), optionsStrikesCommand(), optionsChainCommand(),
		orderConfirmCommand(), orderPlaceCommand(), orderReplaceCommand(), orderCancelCommand(),
		streamQuotesCommand(), streamBarsCommand(), streamDepthCommand(),
		streamOptionChainCommand(), streamOptionQuotesCommand(),
		streamOrdersCommand(), streamPositionsCommand(),
		fakeCommand(), versionCommand(), completionCommand(),
	}
}
