// Command tradestation talks to TradeStation from the terminal: sign in,
// list accounts, balances, positions and orders, read quotes, bars and
// option chains, place and manage orders, and follow streams.
//
// Without credentials it runs against a fake TradeStation built into the
// binary, so that
//
//	go run ./cmd/tradestation quote MSFT
//
// works on a fresh machine. Run `tradestation help` for the commands and
// the exit codes.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first Ctrl-C the command winds down on its own; a second
		// one gets the default behaviour and ends the process at once.
		sig := <-signals
		signal.Stop(signals)
		cancel(interruption{sig})
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// run is the whole command: it parses args, talks to TradeStation (or the
// built-in fake), writes to stdout and stderr, and returns the exit code
// (see exitCodes).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	return newApp(stdin, stdout, stderr, env).main(ctx, args)
}
