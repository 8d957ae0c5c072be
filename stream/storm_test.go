package stream

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Servers that behave the way TradeStation's do on a bad day. Each test
// counts the connections the stream made, the most within one second, and
// checks the outcome. None of them lowers MinReconnectInterval: the floor
// is what they prove.

const (
	heartbeat  = `{"Heartbeat":1,"Timestamp":"2026-11-26T15:00:05Z"}` + "\n"
	goAway     = `{"StreamStatus":"GoAway"}` + "\n"
	deadSymbol = `{"Symbol":"NOPE","Error":"FAILED, EX_INVALID_SYMBOL","Message":"Symbol NOPE is not known."}` + "\n"
)

// maxPerSecond is what MinReconnectInterval allows within one second at
// the server: ten gaps of 100 ms, and one attempt more for the jitter of
// the loopback between the client's clock and the server's.
const maxPerSecond = 11

// storm runs a stream against s until it ends, with no backoff to speak
// of (only the floor spaces attempts) and opts, and returns every error
// it yielded.
func storm(t *testing.T, s *server, opts ...Option) []error {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	all := append([]Option{WithBackoff(time.Nanosecond, time.Nanosecond), WithIdleTimeout(5 * time.Second)}, opts...)
	var errs []error
	for _, err := range run[item](ctx, s.connect, lineDelimited, all) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if ctx.Err() != nil {
		t.Fatalf("the stream was still running after 30 s, %d connections", s.requests.Load())
	}
	t.Logf("%d connections, at most %d within one second", s.requests.Load(), s.busiestSecond())
	if got := s.busiestSecond(); got > maxPerSecond {
		t.Errorf("%d connections within one second, want at most %d", got, maxPerSecond)
	}
	return errs
}

func onlyError(t *testing.T, errs []error) error {
	t.Helper()
	if len(errs) != 1 {
		t.Fatalf("the stream yielded %d errors (%v), want 1", len(errs), errs)
	}
	return errs[0]
}

func TestGoAwayAfterEveryHeartbeatIsHeldToTheFloorAndEndsAtTheBudget(t *testing.T) {
	s := newServer(t, thenHold(heartbeat, goAway))
	err := onlyError(t, storm(t, s, WithReconnectBudget(12, time.Minute), WithMaxReconnects(-1)))
	var se *Error
	if !errors.Is(err, ErrReconnectBudget) || !errors.As(err, &se) || se.Code != "GoAway" {
		t.Errorf("error %v, want ErrReconnectBudget wrapping the GoAway", err)
	}
	if !strings.Contains(err.Error(), "12 reconnections within 1m0s") {
		t.Errorf("error %q does not say which budget ran out", err)
	}
	wantRequests(t, s, 13)
}

// The issue's own measurement: with the default options, how many
// connections does a misbehaving server get in 3 seconds? (Before the
// floor and the budget: 83,159 for GoAway after each heartbeat, 8 for a
// close after each heartbeat.) Waits are jittered between half and all of
// a doubling delay and sleeps never end early, so at most 4 attempts fit:
// at 0, then after at least 100 ms (or 250), 500 ms more and 1 s more.
func TestMisbehavingServersGetAtMostFourConnectionsInThreeSecondsWithDefaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for 3 s of wall time")
	}
	for name, sc := range map[string]script{
		"GoAway after each heartbeat": thenHold(heartbeat, goAway),
		"close after each heartbeat":  thenEOF(heartbeat),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, sc)
			ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
			defer cancel()
			for _, err := range run[item](ctx, s.connect, lineDelimited, nil) {
				if err != nil && ctx.Err() == nil {
					t.Errorf("unexpected error %v", err)
				}
			}
			t.Logf("%d connections in 3 s", s.requests.Load())
			if n := s.requests.Load(); n > 4 {
				t.Errorf("%d connections in 3 s with the default options, want at most 4", n)
			}
		})
	}
}

func TestGoAwayAfterDataOnEveryConnectionEndsAtTheBudget(t *testing.T) {
	s := newServer(t, thenHold(line(1), goAway))
	var waits []time.Duration
	errs := storm(t, s, WithReconnectBudget(8, time.Minute),
		OnRetry(func(_ int, wait time.Duration, _ error) { waits = append(waits, wait) }))
	if err := onlyError(t, errs); !errors.Is(err, ErrReconnectBudget) {
		t.Errorf("error %v, want ErrReconnectBudget", err)
	}
	wantRequests(t, s, 9)
	// Each connection worked, so each GoAway is the first reconnection:
	// honoured after one to two floors, never at once.
	for _, w := range waits {
		if w < MinReconnectInterval || w > 2*MinReconnectInterval {
			t.Errorf("waited %v after a GoAway, want between %v and %v", w, MinReconnectInterval, 2*MinReconnectInterval)
		}
	}
}

func TestCloseAfterOneHeartbeatCountsAsFailureAndEndsAfterMaxReconnects(t *testing.T) {
	s := newServer(t, thenEOF(heartbeat))
	err := onlyError(t, storm(t, s, WithMaxReconnects(6)))
	if !errors.Is(err, ErrRetriesExhausted) || !errors.Is(err, ErrConnectionLost) {
		t.Errorf("error %v, want ErrRetriesExhausted wrapping ErrConnectionLost", err)
	}
	wantRequests(t, s, 7)
}

func TestCloseAfterDataOnEveryConnectionEndsAtTheBudget(t *testing.T) {
	s := newServer(t, thenEOF(line(1), heartbeat))
	errs := storm(t, s, WithReconnectBudget(10, time.Minute))
	if err := onlyError(t, errs); !errors.Is(err, ErrReconnectBudget) || !errors.Is(err, ErrConnectionLost) {
		t.Errorf("error %v, want ErrReconnectBudget wrapping ErrConnectionLost", err)
	}
	wantRequests(t, s, 11)
}

func TestTransientErrorAfterDataKeepsTheBackoffGrowing(t *testing.T) {
	s := newServer(t, thenHold(line(1), `{"Symbol":"UGL","Error":"FAILED"}`+"\n"))
	var attempts []int
	err := onlyError(t, storm(t, s, WithMaxReconnects(4),
		OnRetry(func(attempt int, _ time.Duration, _ error) { attempts = append(attempts, attempt) })))
	if !errors.Is(err, ErrRetriesExhausted) {
		t.Errorf("error %v, want ErrRetriesExhausted", err)
	}
	if len(attempts) != 4 || attempts[3] != 4 {
		t.Errorf("attempts %v, want 1 to 4: data before a transient error does not restart the count", attempts)
	}
	wantRequests(t, s, 5)
}

func TestTheBudgetCountsOnlyReconnectionsWithinItsWindow(t *testing.T) {
	s := newServer(t, thenHold(line(1), goAway))
	// GoAways after data are honoured 100 to 200 ms apart: three never
	// fall within 150 ms, so this budget never runs out.
	n := 0
	for _, err := range run[item](t.Context(), s.connect, lineDelimited, []Option{WithReconnectBudget(2, 150*time.Millisecond)}) {
		if err != nil {
			t.Fatalf("after %d items: %v", n, err)
		}
		if n++; n == 8 {
			break
		}
	}
	wantRequests(t, s, 8)
}

// Every connection sends one item, then bytes that complete no message,
// for as long as the client stays. Counting bytes, the watchdog would
// never fire and the second item would never come.
func TestTrickleThatCompletesNoMessageDoesNotFeedTheWatchdog(t *testing.T) {
	for name, trickle := range map[string]struct{ start, drip string }{
		"spaces":         {"", " "},
		"blank lines":    {"", "\r\n"},
		"tabs":           {"", "\t"},
		"half an object": {`{"ID":`, " "},
	} {
		t.Run(name, func(t *testing.T) {
			var s *server
			s = newServer(t, func(w http.ResponseWriter, r *http.Request) {
				send(w, line(int(s.requests.Load())), trickle.start)
				for r.Context().Err() == nil {
					send(w, trickle.drip)
					time.Sleep(5 * time.Millisecond)
				}
			})
			var causes []error
			rec := s.stream(t, lineDelimited, 2, WithIdleTimeout(100*time.Millisecond),
				OnRetry(func(_ int, _ time.Duration, cause error) { causes = append(causes, cause) }))
			if len(rec.errs) != 0 || len(causes) == 0 {
				t.Fatalf("errors %v, reconnection causes %v; want two items and reconnections", rec.errs, causes)
			}
			for _, c := range causes {
				if !errors.Is(c, ErrIdleTimeout) {
					t.Errorf("reconnect cause %v, want ErrIdleTimeout", c)
				}
			}
		})
	}
}

func TestOnlyDeadSymbolsEndTheStream(t *testing.T) {
	tests := []struct {
		name     string
		subjects []string
		body     string
		want     []string // the errors yielded, the last ending the stream
	}{
		{"one invalid symbol", []string{"NOPE"}, deadSymbol,
			[]string{"stream: every symbol failed: FAILED, EX_INVALID_SYMBOL (symbol NOPE): Symbol NOPE is not known."}},
		{"two dead symbols, one not entitled", []string{"NOPE", "VXMQ26"}, deadSymbol + `{"Symbol":"VXMQ26","Error":"FAILED, NOT ENTITLED"}` + "\n",
			[]string{"stream: FAILED, EX_INVALID_SYMBOL (symbol NOPE): Symbol NOPE is not known.",
				"stream: all 2 symbols failed; the last: FAILED, NOT ENTITLED (symbol VXMQ26)"}},
		{"symbols in another case", []string{"nope"}, deadSymbol,
			[]string{"stream: every symbol failed: FAILED, EX_INVALID_SYMBOL (symbol NOPE): Symbol NOPE is not known."}},
		{"an error naming no symbol on a stream of one", []string{"VXMQ26"}, `{"Error":"FAILED, NOT ENTITLED"}` + "\n",
			[]string{"stream: every symbol failed: FAILED, NOT ENTITLED (symbol VXMQ26)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, thenHold(tt.body, heartbeat, heartbeat))
			errs := storm(t, s, withSymbols(nil, tt.subjects...)...)
			var got []string
			for _, err := range errs {
				got = append(got, err.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("errors\n  %q\nwant\n  %q", got, tt.want)
			}
			var last *Error
			if !errors.Is(errs[len(errs)-1], ErrAllSubjectsFailed) || !errors.As(errs[len(errs)-1], &last) || last.Verdict != Fatal {
				t.Errorf("last error %v, want a fatal *Error matching ErrAllSubjectsFailed", errs[len(errs)-1])
			}
			wantRequests(t, s, 1)
		})
	}
}

func TestDeadAccountsEndAnOrdersStream(t *testing.T) {
	s := newServer(t, thenHold(`{"AccountID":"1","Error":"NotFound","Message":"Account 1 was not found."}`+"\n", heartbeat))
	err := onlyError(t, storm(t, s, withAccounts(nil, "1")...))
	if err.Error() != "stream: every account failed: NotFound (account 1): Account 1 was not found." {
		t.Errorf("error %q", err)
	}
}

func TestDeadAndGoodSymbolsMixedKeepTheGoodOnes(t *testing.T) {
	s := newServer(t, thenHold(deadSymbol, line(1), heartbeat, line(2), line(3)))
	rec := s.stream(t, lineDelimited, 3, withSymbols(nil, "NOPE", "MSFT")...)
	wantEvents(t, rec, "error", "item 1", "heartbeat 1", "item 2", "item 3")
	wantRequests(t, s, 1)
	e := onlyStreamError(t, rec)
	if e.Verdict != PerSubject || e.Subject() != "NOPE" || errors.Is(e, ErrAllSubjectsFailed) {
		t.Errorf("error %+v, want a per-subject error about NOPE", e)
	}
}

func TestADeadSymbolAgainAfterAReconnectionIsYieldedAgainAndDoesNotCountTwice(t *testing.T) {
	s := newServer(t, thenEOF(deadSymbol, line(1)), thenHold(deadSymbol, line(2)))
	rec := s.stream(t, lineDelimited, 2, withSymbols(nil, "NOPE", "MSFT")...)
	wantEvents(t, rec, "error", "item 1", "reconnect", "error", "item 2")
}
