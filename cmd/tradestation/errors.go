package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
)

// Exit codes: one rule for every command, listed in `tradestation help`
// and the README.
const (
	exitOK        = 0   // success
	exitFailure   = 1   // TradeStation or the network failed, or refused
	exitUsage     = 2   // a bad command, flag, argument or setting: nothing was sent
	exitDeclined  = 3   // a confirmation was declined: nothing was sent
	exitLogin     = 4   // not logged in, login required, or --live without credentials
	exitInterrupt = 130 // interrupted by Ctrl-C (128 + the signal's number)
)

// exitCodes describes the exit codes for help, in order.
var exitCodes = [][2]string{
	{"0", "success"},
	{"1", "TradeStation or the network failed, or TradeStation refused"},
	{"2", "a bad command, flag, argument or setting; nothing was sent"},
	{"3", "a confirmation was declined; nothing was sent"},
	{"4", "not logged in or login required (run tradestation login), or --live without credentials"},
	{"130", "interrupted by Ctrl-C, streams included (143 for SIGTERM)"},
}

// usageError is a mistake in the command line or the environment (an
// unknown command or flag, a value a flag does not take, a missing
// argument, flags that exclude each other): exit code 2, found before
// anything is sent.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// declinedError is a confirmation the user did not give: exit code 3.
type declinedError struct{ msg string }

func (e *declinedError) Error() string { return e.msg }

// credentialsError is a command that needs credentials it was not given
// (--live without them, another host named without them): exit code 4.
type credentialsError struct{ err error }

func (e *credentialsError) Error() string { return e.err.Error() }
func (e *credentialsError) Unwrap() error { return e.err }

// interruption is the cause of the end of a run's context when a signal
// ended it.
type interruption struct{ sig os.Signal }

func (i interruption) Error() string { return "interrupted by " + i.sig.String() }

// errInterrupt is how tests press Ctrl-C.
var errInterrupt = interruption{os.Interrupt}

// interruptCode is the exit code of a run that sig ended: 128 plus its
// number, as shells report it.
func interruptCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitInterrupt
}

// noArgs refuses positional arguments for a command that takes none.
func noArgs(args []string) error {
	if len(args) > 0 {
		return usageErrorf("takes no arguments, got %q", args[0])
	}
	return nil
}

// exitCode is the code for err, by its kind; nil is success.
func exitCode(err error) int {
	var ue *usageError
	var de *declinedError
	var ce *credentialsError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.Is(err, client.ErrLimitExceeded):
		// A documented limit is checked before sending: a bad argument.
		return exitUsage
	case errors.As(err, &de):
		return exitDeclined
	case errors.As(err, &ce), needsLogin(err):
		return exitLogin
	}
	return exitFailure
}

// needsLogin reports whether err says that the user must sign in.
func needsLogin(err error) bool {
	return errors.Is(err, auth.ErrNotLoggedIn) || errors.Is(err, auth.ErrLoginRequired)
}

// finish reports how the run ended on stderr and returns the exit code.
// A run that a signal ended exits 128 plus its number whatever the
// command returned; it says "interrupted" when the command had not ended
// cleanly, with what the user must know about an order.
func (a *app) finish(ctx context.Context, err error, debug bool) int {
	var sig interruption
	if errors.As(context.Cause(ctx), &sig) {
		if err != nil {
			msg := "interrupted"
			var u *unanswered
			if errors.As(err, &u) {
				msg += "; " + u.note
			}
			fmt.Fprintf(a.stderr, "tradestation: %s\n", msg)
			a.debugChain(debug, err)
		}
		return interruptCode(sig.sig)
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(a.stderr, "tradestation: %s\n", oneLine(err))
	a.debugChain(debug, err)
	return exitCode(err)
}

// debugChain prints, with --debug, the error as the library wrote it and
// the type of every error in its chain. Errors never hold a secret: the
// SDK redacts them.
func (a *app) debugChain(debug bool, err error) {
	if !debug {
		return
	}
	fmt.Fprintf(a.stderr, "tradestation: debug: %s\n", strings.ReplaceAll(err.Error(), "\n", "; "))
	var types []string
	for e := range chain(err) {
		types = append(types, fmt.Sprintf("%T", e))
	}
	fmt.Fprintf(a.stderr, "tradestation: debug: error chain: %s\n", strings.Join(types, " > "))
}

// chain yields err and every error it wraps, depth first.
func chain(err error) func(func(error) bool) {
	return func(yield func(error) bool) {
		var walk func(error) bool
		walk = func(e error) bool {
			if e == nil {
				return true
			}
			if !yield(e) {
				return false
			}
			switch u := e.(type) {
			case interface{ Unwrap() error }:
				return walk(u.Unwrap())
			case interface{ Unwrap() []error }:
				for _, inner := range u.Unwrap() {
					if !walk(inner) {
						return false
					}
				}
			}
			return true
		}
		walk(err)
	}
}

// libraryPrefixes are the prefixes of the SDK's error messages; the
// command's own "tradestation: " stands for all of them.
var libraryPrefixes = []string{"tradestation", "client", "auth", "stream", "option", "value", "v3", "v2"}

// oneLine words err for people: what failed and what to do, on one line,
// without the prefixes of the packages it passed through. Errors that
// mean "sign in" say so whatever the library's words.
func oneLine(err error) string {
	switch {
	case errors.Is(err, auth.ErrLoginRequired):
		return "TradeStation no longer accepts the stored login: run tradestation login"
	case errors.Is(err, auth.ErrNotLoggedIn):
		return "not logged in: run tradestation login (or set " + envRefreshToken + ")"
	}
	msg := err.Error()
	for _, p := range libraryPrefixes {
		msg = strings.TrimPrefix(msg, p+": ")
		msg = strings.ReplaceAll(msg, ": "+p+": ", ": ")
		msg = strings.ReplaceAll(msg, "; "+p+": ", "; ")
	}
	msg = strings.ReplaceAll(msg, "\n", "; ")
	var dns *net.DNSError
	var op *net.OpError
	if errors.As(err, &dns) || errors.As(err, &op) {
		msg += " (check the network connection, or --api-url)"
	}
	return msg
}

// unanswered is the error of a request that changes an order when no
// usable answer came back (a lost connection, Ctrl-C, --timeout, a 5xx, a
// body that is not the answer, a refused OrderConfirmID): TradeStation may
// have acted on it all the same. note says what to do.
type unanswered struct {
	err  error
	note string
}

const unansweredNote = "TradeStation may have acted on the order all the same: check tradestation orders before trying again"

func (u *unanswered) Error() string {
	cause := u.err.Error()
	var mp *client.MaybePlacedError
	if errors.As(u.err, &mp) && mp.Err != nil {
		cause = mp.Err.Error() // the note tells the rest
	}
	return strings.TrimSuffix(cause, ".") + "; " + u.note
}

func (u *unanswered) Unwrap() error { return u.err }

// maybeActed marks the error of a request that changes an order as
// unanswered when the client says that TradeStation may have acted on it
// (client.ErrMaybePlaced), or when a 200 had no body the command could use.
// Any other error was TradeStation's refusal or came before sending.
func maybeActed(err error) error {
	if errors.Is(err, client.ErrMaybePlaced) || errors.Is(err, errNoUsableBody) {
		return &unanswered{err: err, note: unansweredNote}
	}
	return err
}

// errNoUsableBody is matched by errNoBody's errors.
var errNoUsableBody = errors.New("no JSON body")

// errNoBody is the error for a 200 answer that the client could not decode.
func errNoBody(what string) error {
	return fmt.Errorf("TradeStation answered the %s request without a JSON body: %w", what, errNoUsableBody)
}

// joinNonEmpty joins the non-empty parts with ": ".
func joinNonEmpty(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ": ")
}

// problems collects per-item failures that TradeStation reported inside a
// successful answer; each is printed as one line and makes the command fail.
type problems struct {
	lines []string
}

func (p *problems) add(format string, args ...any) {
	p.lines = append(p.lines, fmt.Sprintf(format, args...))
}

// report prints every problem but the last on w and returns the last as
// the command's error (printed by the caller), or nil.
func (p *problems) report(w io.Writer) error {
	if len(p.lines) == 0 {
		return nil
	}
	for _, l := range p.lines[:len(p.lines)-1] {
		fmt.Fprintf(w, "tradestation: %s\n", l)
	}
	return errors.New(p.lines[len(p.lines)-1])
}
