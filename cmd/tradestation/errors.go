package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError is a mistake in the shape of the command line (an unknown
// command or flag, a wrong number of arguments, flags that exclude each
// other): exit code 2. A value the command cannot use is an ordinary error.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// noArgs refuses positional arguments for a command that takes none.
func noArgs(args []string) error {
	if len(args) > 0 {
		return usageErrorf("takes no arguments, got %q", args[0])
	}
	return nil
}

// report prints err as one "tradestation: ..." line on stderr and returns
// the exit code.
func (a *app) report(err error) int {
	if errors.Is(err, context.Canceled) {
		msg := "interrupted"
		var u *unanswered
		if errors.As(err, &u) {
			msg += "; " + u.note
		}
		fmt.Fprintf(a.stderr, "tradestation: %s\n", msg)
		return exitFailure
	}
	// The library's errors start "tradestation: " or "client: ", also
	// when wrapped; the command's own prefix stands for them.
	msg := err.Error()
	for _, prefix := range []string{"tradestation: ", "client: "} {
		msg = strings.TrimPrefix(msg, prefix)
		msg = strings.ReplaceAll(msg, ": "+prefix, ": ")
	}
	msg = strings.ReplaceAll(msg, "\n", "; ")
	fmt.Fprintf(a.stderr, "tradestation: %s%s\n", msg, loginAdvice(err))
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

// loginAdvice is the command's remedy for an error that says the user must
// sign in: auth's errors name the problem, the command names its own fix.
func loginAdvice(err error) string {
	switch {
	case errors.Is(err, auth.ErrLoginRequired):
		return "; run `tradestation login` to sign in again"
	case errors.Is(err, auth.ErrNotLoggedIn):
		return "; run `tradestation login` to sign in"
	}
	return ""
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
