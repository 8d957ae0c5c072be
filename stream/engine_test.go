package stream

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
)

func TestObjectsSplitAcrossChunksAreYieldedWhole(t *testing.T) {
	s := newServer(t, thenHold(`{"ID":1,"Na`, `me":"n1"}`+"\n"+`{"ID"`, `:2}`, "\n"))
	rec := s.stream(t, lineDelimited, 2)
	wantEvents(t, rec, "item 1", "item 2")
}

func TestSeveralObjectsInOneChunkAreYieldedInOrder(t *testing.T) {
	s := newServer(t, thenHold(line(1)+line(2)+"\r\n"+line(3)))
	rec := s.stream(t, lineDelimited, 3)
	wantEvents(t, rec, "item 1", "item 2", "item 3")
}

func TestHeartbeatsOnlyYieldNothingReachOnHeartbeatAndKeepTheConnection(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		for i := 1; i <= 5; i++ {
			send(w, `{"Heartbeat":`+string(rune('0'+i))+`,"Timestamp":"2024-03-01T15:04:05Z"}`+"\n")
			time.Sleep(20 * time.Millisecond)
		}
		send(w, line(9)) // lets the test stop after the heartbeats
		<-r.Context().Done()
	})
	rec := s.stream(t, lineDelimited, 1, WithIdleTimeout(time.Second))
	wantEvents(t, rec, "heartbeat 1", "heartbeat 2", "heartbeat 3", "heartbeat 4", "heartbeat 5", "item 9")
	wantRequests(t, s, 1)
	if want := time.Date(2024, 3, 1, 15, 4, 5, 0, time.UTC); !rec.heartbeats[0].Timestamp.Equal(want) {
		t.Errorf("heartbeat timestamp %v, want %v", rec.heartbeats[0].Timestamp, want)
	}
}

func TestEndSnapshotCallbackRunsBetweenSnapshotAndLaterItems(t *testing.T) {
	s := newServer(t, thenHold(line(1)+line(2)+`{"StreamStatus":"EndSnapshot"}`+"\n", line(3)))
	rec := s.stream(t, lineDelimited, 3)
	wantEvents(t, rec, "item 1", "item 2", "end-snapshot", "item 3")
}

func TestGoAwayReconnectsAndDataContinuesWithoutError(t *testing.T) {
	for name, goAway := range map[string]string{
		"StreamStatus": `{"StreamStatus":"GoAway"}`,
		"Error":        `{"Error":"GoAway","Message":"server restart"}`,
	} {
		t.Run(name, func(t *testing.T) {
			s := newServer(t, thenHold(line(1)+goAway+"\n"), thenHold(line(2)))
			rec := s.stream(t, lineDelimited, 2)
			wantEvents(t, rec, "item 1", "reconnect", "item 2")
			wantRequests(t, s, 2)
			var e *Error
			if !errors.As(rec.causes[0], &e) || e.Code != "GoAway" {
				t.Errorf("reconnect cause %v, want a GoAway *Error", rec.causes[0])
			}
		})
	}
}

func TestInlineErrors(t *testing.T) {
	tests := []struct {
		name     string
		msg      string
		want     []string // what the caller sees
		requests int
		fatal    bool
	}{
		{"per-symbol error is yielded and the stream goes on",
			`{"Symbol":"XYZ","Error":"EX_INVALID_SYMBOL","Message":"bad symbol"}`,
			[]string{"item 1", "error", "item 2"}, 1, false},
		{"per-account error is yielded and the stream goes on",
			`{"AccountID":"11111111","Error":"NotFound","Message":"account unknown"}`,
			[]string{"item 1", "error", "item 2"}, 1, false},
		{"DualLogon is yielded and ends the stream",
			`{"Error":"DualLogon","Message":"logged in elsewhere"}`,
			[]string{"item 1", "error"}, 1, true},
		{"DualLogon about an account still ends the stream",
			`{"AccountID":"11111111","Error":"DualLogon"}`,
			[]string{"item 1", "error"}, 1, true},
		{"unknown code is yielded and the stream goes on",
			`{"Error":"SomethingNew","Message":"?"}`,
			[]string{"item 1", "error", "item 2"}, 1, false},
		{"Unauthorized is yielded and ends the stream",
			`{"Error":"Unauthorized"}`,
			[]string{"item 1", "error"}, 1, true},
		{"DATAFEED_NOT_CONNECTED reconnects silently",
			`{"Error":"DATAFEED_NOT_CONNECTED"}`,
			[]string{"item 1", "reconnect", "item 2"}, 2, false},
		{"Failed without symbol reconnects silently",
			`{"Error":"Failed","Message":"internal"}`,
			[]string{"item 1", "reconnect", "item 2"}, 2, false},
		{"bare FAILED about a symbol reconnects silently",
			`{"Symbol":"UGL","Error":"FAILED"}`,
			[]string{"item 1", "reconnect", "item 2"}, 2, false},
		{"operation timed out reconnects silently",
			`{"Error":"Timeout","Message":"The operation has timed out."}`,
			[]string{"item 1", "reconnect", "item 2"}, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, thenHold(line(1)+tt.msg+"\n"+line(2)), thenHold(line(2)))
			rec := s.stream(t, lineDelimited, 2)
			wantEvents(t, rec, tt.want...)
			wantRequests(t, s, tt.requests)
			if len(rec.errs) == 0 {
				return
			}
			if e := onlyStreamError(t, rec); (e.Verdict == Fatal) != tt.fatal {
				t.Errorf("Verdict = %v, want fatal %v (%v)", e.Verdict, tt.fatal, e)
			}
		})
	}
}

func TestPerSymbolErrorCarriesItsFields(t *testing.T) {
	s := newServer(t, thenHold(`{"Symbol":"XYZ","Error":"EX_INVALID_SYMBOL","Message":"bad symbol"}`+"\n"+line(1)))
	rec := s.stream(t, lineDelimited, 1)
	got := onlyStreamError(t, rec)
	want := Error{Code: "EX_INVALID_SYMBOL", Message: "bad symbol", Symbol: "XYZ", Verdict: PerSubject}
	if *got != want {
		t.Errorf("got %+v, want %+v", *got, want)
	}
}

func TestErrorKeysThatDoNotMakeAnErrorMessageLeaveDataAsData(t *testing.T) {
	s := newServer(t, thenHold(
		`{"ID":1,"Nested":{"Error":"inner"}}`+"\n",
		`{"ID":2,"Error":""}`+"\n",
		`{"ID":3,"Error":null}`+"\n"))
	rec := s.stream(t, lineDelimited, 3)
	wantEvents(t, rec, "item 1", "item 2", "item 3")
}

func TestStalledConnectionIsReplacedByTheWatchdog(t *testing.T) {
	s := newServer(t, thenHold(line(1)), thenHold(line(2)))
	rec := s.stream(t, lineDelimited, 2, WithIdleTimeout(50*time.Millisecond))
	wantEvents(t, rec, "item 1", "reconnect", "item 2")
	if !errors.Is(rec.causes[0], ErrIdleTimeout) {
		t.Errorf("reconnect cause %v, want ErrIdleTimeout", rec.causes[0])
	}
}

func TestSlowCallerDoesNotTripTheWatchdog(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		send(w, line(1))
		time.Sleep(50 * time.Millisecond) // the caller is still busy with item 1
		send(w, line(2))
		<-r.Context().Done()
	})
	rec := &recorder{}
	opts := append(rec.options(), WithIdleTimeout(30*time.Millisecond))
	for v, err := range run[item](t.Context(), s.connect, lineDelimited, opts) {
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		if v.ID == 1 {
			time.Sleep(300 * time.Millisecond) // ten idle timeouts without reading
			continue
		}
		break
	}
	if len(rec.retries) != 0 {
		t.Errorf("the stream reconnected %d times while the caller was busy", len(rec.retries))
	}
}

func TestConnectionResetMidObjectReconnectsWithoutError(t *testing.T) {
	s := newServer(t, thenReset(line(1), `{"ID":2,"Na`), thenHold(line(2)))
	rec := s.stream(t, lineDelimited, 2)
	wantEvents(t, rec, "item 1", "reconnect", "item 2")
	if !errors.Is(rec.causes[0], ErrConnectionLost) {
		t.Errorf("reconnect cause %v, want ErrConnectionLost", rec.causes[0])
	}
}

func TestMalformedMessagesYieldMessageErrorAndTheStreamGoesOn(t *testing.T) {
	for _, bad := range []string{
		`{"ID": nope}`,
		`[1,2,3]`,
		`not json at all`,
		`{"ID":"one"}`,
		`{"Heartbeat":1,`,
	} {
		t.Run(bad, func(t *testing.T) {
			s := newServer(t, thenHold(line(1)+bad+"\n"+line(2)))
			rec := s.stream(t, lineDelimited, 2)
			wantEvents(t, rec, "item 1", "error", "item 2")
			var me *MessageError
			if !errors.As(rec.errs[0], &me) || !strings.Contains(me.Excerpt, bad[:6]) {
				t.Errorf("error %v, want a *MessageError quoting the message", rec.errs[0])
			}
		})
	}
}

func TestOverLongLineYieldsErrorNamingTheLimitAndIsSkipped(t *testing.T) {
	long := `{"ID":3,"Name":"` + strings.Repeat("x", 5000) + `"}`
	s := newServer(t, thenHold(line(1), long[:2000], long[2000:4000], long[4000:]+"\n"+line(2)))
	rec := s.stream(t, lineDelimited, 2, WithMaxLineSize(1000))
	wantEvents(t, rec, "item 1", "error", "item 2")
	if !errors.Is(rec.errs[0], ErrMessageTooLong) || !strings.Contains(rec.errs[0].Error(), "1000 bytes") {
		t.Errorf("error %v, want ErrMessageTooLong naming the limit", rec.errs[0])
	}
}

func TestTooManyRequestsWaitsForRateLimitResetThenStreams(t *testing.T) {
	s := newServer(t, status(http.StatusTooManyRequests, "X-RateLimit-Reset", "3600"), thenHold(line(1)))
	rec := s.stream(t, lineDelimited, 1, WithBackoff(time.Millisecond, 30*time.Millisecond))
	wantEvents(t, rec, "item 1")
	// Without the reset the first wait would be at most 1ms; the reset an
	// hour away is capped by the maximum backoff.
	if len(rec.retries) != 1 || rec.retries[0] != 30*time.Millisecond {
		t.Errorf("waits %v, want one wait of the maximum backoff (30ms)", rec.retries)
	}
}

func TestServerErrorBacksOffThenStreams(t *testing.T) {
	s := newServer(t, status(http.StatusServiceUnavailable), status(http.StatusBadGateway), thenHold(line(1)))
	rec := s.stream(t, lineDelimited, 1)
	wantEvents(t, rec, "item 1")
	wantRequests(t, s, 3)
	if len(rec.retries) != 2 {
		t.Errorf("%d retries, want 2", len(rec.retries))
	}
}

func TestClientErrorAnswerEndsTheStreamWithAPIError(t *testing.T) {
	for _, code := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			s := newServer(t, status(code), thenHold(line(1)))
			rec := s.stream(t, lineDelimited, 0)
			wantEvents(t, rec, "error")
			wantRequests(t, s, 1)
			var apiErr *client.APIError
			if !errors.As(rec.errs[0], &apiErr) || apiErr.StatusCode != code {
				t.Errorf("error %v, want *client.APIError with status %d", rec.errs[0], code)
			}
		})
	}
}

func TestRetryBudgetExhaustedEndsWithErrorWrappingTheCause(t *testing.T) {
	s := newServer(t, status(http.StatusServiceUnavailable))
	rec := s.stream(t, lineDelimited, 0, WithMaxReconnects(2))
	wantEvents(t, rec, "error")
	wantRequests(t, s, 3)
	var apiErr *client.APIError
	if !errors.Is(rec.errs[0], ErrRetriesExhausted) || !errors.As(rec.errs[0], &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("error %v, want ErrRetriesExhausted wrapping the 503", rec.errs[0])
	}
}

func TestNoReconnectsAllowedEndsAtTheFirstDrop(t *testing.T) {
	s := newServer(t, thenEOF(line(1)), thenHold(line(2)))
	rec := s.stream(t, lineDelimited, 0, WithMaxReconnects(0))
	wantEvents(t, rec, "item 1", "error")
	wantRequests(t, s, 1)
	if !errors.Is(rec.errs[0], ErrRetriesExhausted) || !errors.Is(rec.errs[0], ErrConnectionLost) {
		t.Errorf("error %v, want ErrRetriesExhausted wrapping ErrConnectionLost", rec.errs[0])
	}
}

func TestWorkingConnectionRestartsTheRetryBudget(t *testing.T) {
	unavailable := status(http.StatusServiceUnavailable)
	s := newServer(t, thenEOF(line(1)), unavailable, thenEOF(line(2)), unavailable, unavailable)
	rec := s.stream(t, lineDelimited, 0, WithMaxReconnects(2))
	// Without the restart, the third failure in all (request 4) would end
	// the stream before item 2.
	wantEvents(t, rec, "item 1", "reconnect", "item 2", "error")
	wantRequests(t, s, 5)
	if !errors.Is(rec.errs[0], ErrRetriesExhausted) {
		t.Errorf("error %v, want ErrRetriesExhausted", rec.errs[0])
	}
}

func TestOnReconnectPrecedesTheRepeatedSnapshot(t *testing.T) {
	snapshot := line(1) + line(2) + `{"StreamStatus":"EndSnapshot"}` + "\n"
	s := newServer(t, thenEOF(snapshot, line(3)), thenHold(snapshot))
	rec := &recorder{}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ends := 0
	opts := append(append([]Option{}, fast...), rec.options()...)
	opts = append(opts, OnEndSnapshot(func() {
		rec.add("end-snapshot")
		if ends++; ends == 2 {
			cancel() // the stream ends after the second snapshot
		}
	}))
	rec.drain(run[item](ctx, s.connect, lineDelimited, opts), 0)
	wantEvents(t, rec, "item 1", "item 2", "end-snapshot", "item 3",
		"reconnect", "item 1", "item 2", "end-snapshot", "error")
	if !errors.Is(rec.errs[0], context.Canceled) {
		t.Errorf("last value %v, want context.Canceled", rec.errs[0])
	}
	if !errors.Is(rec.causes[0], ErrConnectionLost) {
		t.Errorf("reconnect cause %v, want ErrConnectionLost", rec.causes[0])
	}
}

func TestV2EndLineEndsTheStreamWithoutError(t *testing.T) {
	s := newServer(t, thenHold(`{"ID":1}{"ID"`, `:2}  {"ID":3}`+"\r\nEND\r\n"), thenHold(line(4)))
	rec := s.stream(t, concatenated, 0)
	wantEvents(t, rec, "item 1", "item 2", "item 3")
	wantRequests(t, s, 1)
}

func TestV2ErrorLineEndsTheStreamWithFatalError(t *testing.T) {
	s := newServer(t, thenHold(`{"ID":1}`+"\nERROR - Symbol not found\n"), thenHold(line(2)))
	rec := s.stream(t, concatenated, 0)
	wantEvents(t, rec, "item 1", "error")
	wantRequests(t, s, 1)
	got := onlyStreamError(t, rec)
	if want := (Error{Code: "Symbol not found", Verdict: Fatal}); *got != want {
		t.Errorf("got %+v, want %+v", *got, want)
	}
}

func TestInvalidOptionIsYieldedBeforeConnecting(t *testing.T) {
	for name, opt := range map[string]Option{
		"idle timeout":  WithIdleTimeout(0),
		"backoff order": WithBackoff(time.Second, time.Millisecond),
		"line size":     WithMaxLineSize(-1),
		"huge line":     WithMaxLineSize(math.MaxInt),
		"no budget":     WithReconnectBudget(0, time.Minute),
		"no window":     WithReconnectBudget(5, 0),
	} {
		t.Run(name, func(t *testing.T) {
			s := newServer(t, thenHold(line(1)))
			rec := s.stream(t, lineDelimited, 0, opt)
			wantEvents(t, rec, "error")
			wantRequests(t, s, 0)
			if !strings.Contains(rec.errs[0].Error(), "invalid option") {
				t.Errorf("error %v does not name the option problem", rec.errs[0])
			}
		})
	}
}
