package stream

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrMessageTooLong is matched by the *MessageError of a message
	// longer than WithMaxLineSize.
	ErrMessageTooLong = errors.New("stream: message too long")
	// ErrIdleTimeout is the cause of a reconnection after the watchdog
	// saw no complete message within the idle timeout.
	ErrIdleTimeout = errors.New("stream: no message within the idle timeout")
	// ErrConnectionLost is the cause of a reconnection after the server
	// closed the response or the connection broke.
	ErrConnectionLost = errors.New("stream: connection lost")
	// ErrRetriesExhausted is matched by the final error of a stream whose
	// reconnections in a row all failed to deliver (see WithMaxReconnects);
	// the error also wraps the last cause.
	ErrRetriesExhausted = errors.New("stream: reconnection attempts exhausted")
	// ErrReconnectBudget is matched by the final error of a stream that
	// needed more reconnections within a window than WithReconnectBudget
	// allows; the error also wraps the last cause.
	ErrReconnectBudget = errors.New("stream: reconnect budget exhausted")
	// ErrAllSubjectsFailed is matched by the final error of a stream once
	// every symbol or account it was opened for has failed for good. That
	// error is also the *Error about the last of them, with Verdict Fatal.
	ErrAllSubjectsFailed = errors.New("stream: every subject failed")
)

// Verdict is what an error sent inside a stream means for the stream; the
// package doc has the table of every known error text.
type Verdict uint8

const (
	// Unclassified: a text outside the table. The error is yielded and
	// the stream goes on. (A v2 ERROR line with such a reason, after which
	// the server closes the stream, ends it as Fatal.)
	Unclassified Verdict = iota
	// Transient: the connection is replaced, with backoff; the error is
	// never yielded, only passed to OnRetry and OnReconnect as the cause.
	Transient
	// PerSubject: the symbol or account the error names is dead; the
	// error is yielded and the stream goes on with the others.
	PerSubject
	// Fatal: the error is yielded and the stream ends with it.
	Fatal
)

func (v Verdict) String() string {
	switch v {
	case Unclassified:
		return "unclassified"
	case Transient:
		return "transient"
	case PerSubject:
		return "per-subject"
	case Fatal:
		return "fatal"
	}
	return fmt.Sprintf("Verdict(%d)", uint8(v))
}

// Error is an error that TradeStation sent inside a stream (with HTTP
// status 200), such as {"Symbol": "XYZ", "Error": "FAILED,
// EX_INVALID_SYMBOL"}, or the reason of a v2 "ERROR - reason" line.
// Verdict says what the stream did with it.
type Error struct {
	Code      string // TradeStation's text: "DualLogon", "FAILED, EX_INVALID_SYMBOL"...
	Message   string
	Symbol    string // the symbol the error is about, if any
	AccountID string // the account the error is about, if any
	OrderID   string // the order the error is about, if any
	Verdict   Verdict

	// subjects is, on the error that ends a stream because every subject
	// failed, how many subjects the stream had; 0 otherwise.
	subjects int
}

// Subject is the symbol, account or order the error names, or "".
func (e *Error) Subject() string {
	switch {
	case e.Symbol != "":
		return e.Symbol
	case e.AccountID != "":
		return e.AccountID
	}
	return e.OrderID
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("stream: ")
	if e.subjects > 0 {
		noun := "subject"
		switch {
		case e.Symbol != "":
			noun = "symbol"
		case e.AccountID != "":
			noun = "account"
		}
		if e.subjects == 1 {
			fmt.Fprintf(&b, "every %s failed: ", noun)
		} else {
			fmt.Fprintf(&b, "all %d %ss failed; the last: ", e.subjects, noun)
		}
	}
	b.WriteString(e.Code)
	switch {
	case e.Symbol != "":
		fmt.Fprintf(&b, " (symbol %s)", e.Symbol)
	case e.AccountID != "":
		fmt.Fprintf(&b, " (account %s)", e.AccountID)
	case e.OrderID != "":
		fmt.Fprintf(&b, " (order %s)", e.OrderID)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// Is makes the error that ends a stream for lack of subjects match
// ErrAllSubjectsFailed.
func (e *Error) Is(target error) bool {
	return target == ErrAllSubjectsFailed && e.subjects > 0
}

// The verdict table. Texts are compared after normalize; the package doc
// lists the same rows (TestDocTableMatchesTheCode keeps them together).
var verdicts = map[string]Verdict{
	"GOAWAY":                      Transient,
	"FAILED":                      Transient,
	"DATAFEED_NOT_CONNECTED":      Transient,
	"RESET":                       Transient,
	"INTERNALSERVERERROR":         Transient,
	"SERVICEUNAVAILABLE":          Transient,
	"GATEWAYTIMEOUT":              Transient,
	"FAILED,EX_INVALID_SYMBOL":    PerSubject,
	"EX_INVALID_SYMBOL":           PerSubject,
	"FAILED,NOT ENTITLED":         PerSubject,
	"FAILED,EX_NOT_ENTITLED":      PerSubject,
	"EX_NOT_ENTITLED":             PerSubject,
	"FAILED,EX_NO_DATA_AVAILABLE": PerSubject,
	"EX_NO_DATA_AVAILABLE":        PerSubject,
	"NO DATA AVAILABLE":           PerSubject,
	"NOTFOUND":                    PerSubject,
	"BADREQUEST":                  PerSubject,
	"FORBIDDEN":                   PerSubject,
	"DUALLOGON":                   Fatal,
	"UNAUTHORIZED":                Fatal,
}

// normalize puts an error text in the table's form: upper case, no space
// after commas, no surrounding space or final period.
func normalize(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimSuffix(s, ".")
	return strings.ReplaceAll(s, ", ", ",")
}

// verdictOf classifies an error by its text (Code) and, for two patterns
// seen with varying wording, its Message.
func verdictOf(code, message string) Verdict {
	c := normalize(code)
	if v, ok := verdicts[c]; ok {
		if v == Transient && c == "FAILED" && strings.Contains(strings.ToLower(message), "not entitled") {
			return PerSubject // {"Error":"Failed","Message":"Not entitled to data for this symbol"}
		}
		return v
	}
	switch {
	case strings.HasSuffix(c, "- RESET"):
		return Transient // "Unable to retrieve exchange utc offset minutes - RESET"
	case strings.Contains(c, "TIMED OUT"), strings.Contains(strings.ToUpper(message), "TIMED OUT"):
		return Transient // "The operation has timed out."
	}
	return Unclassified
}

// MessageError reports one message that could not be used: not JSON, not
// an object, not decodable into the stream's type, or longer than the
// limit. The stream goes on with the next message.
type MessageError struct {
	Excerpt string // the start of the message, at most excerptLen bytes
	Err     error
}

func (e *MessageError) Error() string {
	if e.Excerpt == "" {
		return "stream: bad message: " + e.Err.Error()
	}
	return fmt.Sprintf("stream: bad message: %v: %q", e.Err, e.Excerpt)
}

func (e *MessageError) Unwrap() error { return e.Err }

// excerptLen bounds the excerpt kept in a MessageError.
const excerptLen = 120

func newMessageError(msg []byte, err error) *MessageError {
	ex := msg
	cut := len(ex) > excerptLen
	if cut {
		ex = ex[:excerptLen]
	}
	// A rune cut in two, like any invalid byte, shows as U+FFFD.
	s := strings.ToValidUTF8(string(ex), "\uFFFD")
	if cut {
		s += "…"
	}
	return &MessageError{Excerpt: s, Err: err}
}
