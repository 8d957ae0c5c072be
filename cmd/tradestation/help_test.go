package main

import (
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
			args := shellWords(t, c.example)[1:]
			if i := slices.Index(args, "--order-id"); i >= 0 {
				placed := h.run(placeArgs(h.accountID(), "--type", "limit", "--limit", "400", "--duration", "gtc", "--yes")...)
				args[i+1] = placedID(t, placed.stdout)
			}
			var r result
			if c.timing == untimed {
				// A stream runs until interrupted: stop it at its first line.
				ctx, cancel := interruptible()
				defer cancel()
				r = h.runCtx(ctx, "", &afterLines{n: 1, f: cancel}, nil, args...)
				if r.code != exitInterrupt {
					t.Errorf("%s: exit %d, want 130 after Ctrl-C\n%s", c.example, r.code, r.stderr)
				}
				return
			}
			r = h.runInput("y\n", args...)
			if r.code != 0 {
				t.Errorf("%s: exit %d\n%s", c.example, r.code, r.stderr)
			}
		})
	}
}

// shellWords splits a command line as a POSIX shell does for the
// examples: at spaces, with single quotes holding words together.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
			}
			inWord = false
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quote in %q", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}
