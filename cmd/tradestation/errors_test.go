package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
)

func TestReportPrintsOneLineWithOnePrefixAndTheExitCode(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		want     string
		wantCode int
	}{
		{"plain", errors.New("no bars"), "tradestation: no bars", exitFailure},
		{"already prefixed", errors.New("tradestation: 404 NotFound"), "tradestation: 404 NotFound", exitFailure},
		{"prefix inside a wrapped error", fmt.Errorf("gave up: %w", errors.New("tradestation: 429 TooManyRequests")), "tradestation: gave up: 429 TooManyRequests", exitFailure},
		{"several lines", errors.New("first\nsecond"), "tradestation: first; second", exitFailure},
		{"usage", usageErrorf("unknown command %q", "x"), `tradestation: unknown command "x"`, exitUsage},
		{"interrupted", fmt.Errorf("quote: %w", context.Canceled), "tradestation: interrupted", exitFailure},
		{"interrupted with no answer to an order", maybeActed(&client.MaybePlacedError{Err: context.Canceled}), "tradestation: interrupted; " + unansweredNote, exitFailure},
		{"interrupted before an order was sent", maybeActed(fmt.Errorf("auth: %w", context.Canceled)), "tradestation: interrupted", exitFailure},
		{"a library prefix inside", fmt.Errorf("placing: %w", &client.MaybePlacedError{Method: "POST", Path: "/v3/orderexecution/orders", Err: errors.New("client: EOF")}),
			"tradestation: placing: POST /v3/orderexecution/orders may have been carried out: EOF", exitFailure},
		{"not signed in", fmt.Errorf("auth: no token file at /t.json: %w", auth.ErrNotLoggedIn), "tradestation: auth: no token file at /t.json: " + auth.ErrNotLoggedIn.Error() + "; run `tradestation login` to sign in", exitFailure},
		{"refresh token refused", &auth.TokenError{Endpoint: "token", StatusCode: 403, Code: "invalid_grant"}, "tradestation: auth: token endpoint answered HTTP 403 invalid_grant; " + auth.ErrLoginRequired.Error() + "; run `tradestation login` to sign in again", exitFailure},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			a := newApp(strings.NewReader(""), io.Discard, &stderr, func(string) string { return "" })
			if code := a.report(c.err); code != c.wantCode {
				t.Errorf("exit %d, want %d", code, c.wantCode)
			}
			if got := stderr.String(); got != c.want+"\n" {
				t.Errorf("stderr %q, want %q", got, c.want+"\n")
			}
		})
	}
}
