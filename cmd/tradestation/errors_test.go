package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"testing"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
)

func TestFinishPrintsOneLineWithOnePrefixAndTheExitCode(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		want     string
		wantCode int
	}{
		{"plain", errors.New("no bars"), "tradestation: no bars", exitFailure},
		{"already prefixed", errors.New("tradestation: 404 NotFound"), "tradestation: 404 NotFound", exitFailure},
		{"prefix inside a wrapped error", fmt.Errorf("gave up: %w", errors.New("tradestation: 429 TooManyRequests")), "tradestation: gave up: 429 TooManyRequests", exitFailure},
		{"several library prefixes", fmt.Errorf("auth: loading: %w", errors.New("auth: token endpoint answered HTTP 500")), "tradestation: loading: token endpoint answered HTTP 500", exitFailure},
		{"several lines", errors.New("first\nsecond"), "tradestation: first; second", exitFailure},
		{"usage", usageErrorf("unknown command %q", "x"), `tradestation: unknown command "x"`, exitUsage},
		{"a limit checked before sending", fmt.Errorf("client: 101 symbols: %w", client.ErrLimitExceeded), "tradestation: 101 symbols: " + strings.TrimPrefix(client.ErrLimitExceeded.Error(), "client: "), exitUsage},
		{"declined", &declinedError{"order not placed"}, "tradestation: order not placed", exitDeclined},
		{"not logged in", fmt.Errorf("auth: loading the refresh token: auth: no token file at /x: %w", auth.ErrNotLoggedIn),
			"tradestation: not logged in: run tradestation login (or set TRADESTATION_REFRESH_TOKEN)", exitLogin},
		{"login required", fmt.Errorf("stream: %w", &auth.TokenError{Endpoint: "token", StatusCode: 400, Code: "invalid_grant"}),
			"tradestation: TradeStation no longer accepts the stored login: run tradestation login", exitLogin},
		{"live without credentials", &credentialsError{errors.New("--live needs credentials")}, "tradestation: --live needs credentials", exitLogin},
		{"a library prefix inside", fmt.Errorf("placing: %w", &client.MaybePlacedError{Method: "POST", Path: "/v3/orderexecution/orders", Err: errors.New("client: EOF")}),
			"tradestation: placing: POST /v3/orderexecution/orders may have been carried out: EOF", exitFailure},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			a := newApp(strings.NewReader(""), io.Discard, &stderr, func(string) string { return "" })
			if code := a.finish(context.Background(), c.err, false); code != c.wantCode {
				t.Errorf("exit %d, want %d", code, c.wantCode)
			}
			if got := stderr.String(); got != c.want+"\n" {
				t.Errorf("stderr %q, want %q", got, c.want+"\n")
			}
		})
	}
}

func TestFinishAfterASignalExits128PlusItsNumber(t *testing.T) {
	cases := []struct {
		name     string
		sig      syscall.Signal
		err      error
		want     string
		wantCode int
	}{
		{"a stream ended cleanly by Ctrl-C", syscall.SIGINT, nil, "", 130},
		{"a request cut short", syscall.SIGINT, fmt.Errorf("quote: %w", context.Canceled), "tradestation: interrupted\n", 130},
		{"an order without an answer", syscall.SIGINT, maybeActed(&client.MaybePlacedError{Err: context.Canceled}), "tradestation: interrupted; " + unansweredNote + "\n", 130},
		{"before an order was sent", syscall.SIGINT, maybeActed(fmt.Errorf("auth: %w", context.Canceled)), "tradestation: interrupted\n", 130},
		{"SIGTERM", syscall.SIGTERM, nil, "", 143},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			cancel(interruption{c.sig})
			var stderr bytes.Buffer
			a := newApp(strings.NewReader(""), io.Discard, &stderr, func(string) string { return "" })
			if code := a.finish(ctx, c.err, false); code != c.wantCode || stderr.String() != c.want {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr.String(), c.wantCode, c.want)
			}
		})
	}
}
