package stream

import (
	"errors"
	"fmt"
	"testing"
)

// knownTexts are the error texts of the package doc's table as
// TradeStation sends them, with their verdict.
var knownTexts = []struct {
	text    string
	verdict Verdict
}{
	{"GoAway", Transient},
	{"FAILED", Transient},
	{"DATAFEED_NOT_CONNECTED", Transient},
	{"RESET", Transient},
	{"Unable to retrieve exchange utc offset minutes - RESET", Transient},
	{"The operation has timed out.", Transient},
	{"InternalServerError", Transient},
	{"ServiceUnavailable", Transient},
	{"GatewayTimeout", Transient},
	{"FAILED, EX_INVALID_SYMBOL", PerSubject},
	{"EX_INVALID_SYMBOL", PerSubject},
	{"FAILED, NOT ENTITLED", PerSubject},
	{"FAILED, EX_NOT_ENTITLED", PerSubject},
	{"EX_NOT_ENTITLED", PerSubject},
	{"FAILED, EX_NO_DATA_AVAILABLE", PerSubject},
	{"EX_NO_DATA_AVAILABLE", PerSubject},
	{"No data available.", PerSubject},
	{"NotFound", PerSubject},
	{"BadRequest", PerSubject},
	{"Forbidden", PerSubject},
	{"DualLogon", Fatal},
	{"Unauthorized", Fatal},
	{"NeverSeenBefore", Unclassified},
}

// Each text of the table, sent inside a JSON error about one symbol of
// two, does what the table says.
func TestEachErrorTextOfTheTableInAStream(t *testing.T) {
	for _, k := range knownTexts {
		t.Run(k.text, func(t *testing.T) {
			msg := fmt.Sprintf(`{"Symbol":"AAA","Error":%q}`+"\n", k.text)
			s := newServer(t, thenHold(line(1)+msg+line(2)), thenHold(line(3)))
			rec := s.stream(t, lineDelimited, 2, withSymbols(nil, "AAA", "BBB")...)
			switch k.verdict {
			case Transient:
				wantEvents(t, rec, "item 1", "reconnect", "item 3")
				wantRequests(t, s, 2)
				var e *Error
				if !errors.As(rec.causes[0], &e) || e.Verdict != Transient || e.Code != k.text {
					t.Errorf("reconnect cause %v, want the transient *Error", rec.causes[0])
				}
				return
			case Fatal:
				wantEvents(t, rec, "item 1", "error")
			default:
				wantEvents(t, rec, "item 1", "error", "item 2")
			}
			wantRequests(t, s, 1)
			e := onlyStreamError(t, rec)
			if e.Verdict != k.verdict || e.Code != k.text || e.Subject() != "AAA" {
				t.Errorf("yielded %+v, want verdict %v about AAA", e, k.verdict)
			}
		})
	}
}

// The same texts as the reason of a v2 ERROR line, after which the server
// closes the stream: transient ones reconnect, the others end the stream,
// per-subject ones on a stream of one symbol naming it.
func TestEachErrorTextOfTheTableAsAV2ErrorLine(t *testing.T) {
	for _, k := range knownTexts {
		t.Run(k.text, func(t *testing.T) {
			s := newServer(t, thenHold(`{"ID":1}`+"\r\nERROR - "+k.text+"\r\n"), thenHold(`{"ID":2}`))
			rec := s.stream(t, concatenated, 2, withSymbols(nil, "AAA")...)
			if k.verdict == Transient {
				wantEvents(t, rec, "item 1", "reconnect", "item 2")
				wantRequests(t, s, 2)
				return
			}
			wantEvents(t, rec, "item 1", "error")
			wantRequests(t, s, 1)
			e := onlyStreamError(t, rec)
			if e.Verdict != Fatal || e.Code != k.text {
				t.Errorf("yielded %+v, want a fatal *Error with the reason", e)
			}
			if all := errors.Is(e, ErrAllSubjectsFailed); all != (k.verdict == PerSubject) || all && e.Symbol != "AAA" {
				t.Errorf("%v: matches ErrAllSubjectsFailed %v, symbol %q", e, all, e.Symbol)
			}
		})
	}
}

func TestV2HeartbeatsInBothSpellingsAreNeverYielded(t *testing.T) {
	s := newServer(t, thenHold(
		`{"heartbeat":1,"timestamp":"\/Date(1700000000000)\/"}`,
		"\r\n"+`{"Heartbeat":2,"Timestamp":"2026-11-26T15:00:05Z"}{"ID":1}`,
		`{"heartbeat":3}`+"\n"+`{"ID":2}`))
	rec := s.stream(t, concatenated, 2)
	wantEvents(t, rec, "heartbeat 1", "heartbeat 2", "item 1", "heartbeat 3", "item 2")
	if got := rec.heartbeats[0].Timestamp.UnixMilli(); got != 1700000000000 {
		t.Errorf("v2 heartbeat time %d ms, want 1700000000000", got)
	}
}
