package main

import (
	"context"
	"fmt"
	"strings"
)

// agree asks question unless skip (--yes) is set, and returns declined as
// the error for any answer but yes.
func (x *invocation) agree(ctx context.Context, skip bool, question, declined string) error {
	if skip {
		return nil
	}
	answer, err := x.readAnswer(ctx, question+" [y/N] ")
	if err != nil {
		return err
	}
	switch strings.ToLower(answer) {
	case "y", "yes":
		return nil
	}
	return &declinedError{declined}
}

// confirmLive has the user type want (an account or order id) before a
// change to a live order; --yes does not skip it.
func (x *invocation) confirmLive(ctx context.Context, question, want string) error {
	answer, err := x.readAnswer(ctx, question)
	if err != nil {
		return err
	}
	switch answer {
	case want:
		return nil
	case "":
		return &declinedError{"live order not confirmed: nothing was typed; nothing was sent"}
	}
	return &declinedError{fmt.Sprintf("live order not confirmed: %q is not %s; nothing was sent", answer, want)}
}

// readAnswer asks question on stderr and reads one line from stdin. The end
// of input is an empty answer; the end of ctx (Ctrl-C) stops the wait.
func (x *invocation) readAnswer(ctx context.Context, question string) (string, error) {
	fmt.Fprint(x.stderr, question)
	type answer struct {
		line string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		line, err := x.stdin.ReadString('\n')
		got <- answer{line, err}
	}()
	select {
	case a := <-got:
		if a.err != nil && a.line == "" {
			fmt.Fprintln(x.stderr)
			return "", nil
		}
		return strings.TrimSpace(a.line), nil
	case <-ctx.Done():
		fmt.Fprintln(x.stderr)
		return "", ctx.Err()
	}
}
