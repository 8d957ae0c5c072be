package main

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestEverySubcommandHasHelpWithUsageAndExample(t *testing.T) {
	h := newHarness(t)
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			r := h.run(append(strings.Fields(c.name), "--help")...)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			for _, want := range []string{"usage: tradestation " + c.name, "example:\n  tradestation " + c.name} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("help lacks %q:\n%s", want, r.stdout)
				}
			}
		})
	}
	if r := h.run("--help"); r.code != 0 || !strings.Contains(r.stdout, "order place") {
		t.Errorf("top-level help: exit %d\n%s", r.code, r.stdout)
	}
}

// TestHelpExamplesWorkOnTheFake runs each help example against the fake,
// so that an example a newcomer copies does not fail on a made-up
// account. An order id cannot be known in advance: the example's is
// replaced by that of an order just placed.
func TestHelpExamplesWorkOnTheFake(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "login" || c.name == "logout" {
				t.Skip("needs a browser or a stored token")
			}
			h := newHarness(t)
			args := strings.Fields(c.example)[1:]
			if i := slices.Index(args, "--order-id"); i >= 0 {
				placed := h.run(placeArgs(h.accountID(), "--type", "limit", "--limit", "400", "--duration", "gtc", "--yes")...)
				args[i+1] = placedID(t, placed.stdout)
			}
			var r result
			if c.timing == untimed {
				// A stream runs until interrupted: stop it at its first line.
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				r = h.runCtx(ctx, "", &afterLines{n: 1, f: cancel}, nil, args...)
			} else {
				r = h.runInput("y\n", args...)
			}
			if r.code != 0 {
				t.Errorf("%s: exit %d\n%s", c.example, r.code, r.stderr)
			}
		})
	}
}
