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
	// found the connection silent.
	ErrIdleTimeout = errors.New("stream: no data within the idle timeout")
	// ErrConnectionLost is the cause of a reconnection after the server
	// closed the response or the connection broke.
	ErrConnectionLost = errors.New("stream: connection lost")
	// ErrRetriesExhausted is matched by the final error of a stream whose
	// reconnection attempts all failed (see WithMaxReconnects); the error
	// also wraps the last cause.
	ErrRetriesExhausted = errors.New("stream: reconnection attempts exhausted")
)

// Error is an error that TradeStation sent inside a stream (with HTTP
// status 200), such as {"Symbol": "XYZ", "Error": "EX_INVALID_SYMBOL"}.
// Fatal tells whether the stream ended with it; see the package doc for
// which codes end a stream, which only concern one symbol or account, and
// which cause a silent reconnection.
type Error struct {
	Code      string // TradeStation's Error value: "DualLogon", "EX_INVALID_SYMBOL"...
	Message   string
	Symbol    string // the symbol the error is about, if any
	AccountID string // the account the error is about, if any
	Fatal     bool   // the stream ended after this error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("stream: ")
	b.WriteString(e.Code)
	switch {
	case e.Symbol != "":
		fmt.Fprintf(&b, " (symbol %s)", e.Symbol)
	case e.AccountID != "":
		fmt.Fprintf(&b, " (account %s)", e.AccountID)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// action is what the engine does with a stream error.
type action uint8

const (
	actYieldContinue action = iota // about one symbol or account: yield, go on
	actReconnect                   // transient: reconnect with backoff, do not yield
	actYieldEnd                    // yield and end the stream
	actGoAway                      // the server asks for a new connection
)

// fatalCodes end a stream even when they name an account or symbol.
var fatalCodes = []string{"DualLogon", "Unauthorized", "Forbidden"}

// transientCodes make the engine reconnect when they name no symbol or
// account.
var transientCodes = []string{
	"DATAFEED_NOT_CONNECTED", "Failed",
	"InternalServerError", "ServiceUnavailable", "GatewayTimeout",
}

// actionOf applies the table of the package doc.
func actionOf(e *Error) action {
	if strings.EqualFold(e.Code, "GoAway") {
		return actGoAway
	}
	for _, c := range fatalCodes {
		if strings.EqualFold(e.Code, c) {
			return actYieldEnd
		}
	}
	if e.Symbol != "" || e.AccountID != "" {
		return actYieldContinue
	}
	for _, c := range transientCodes {
		if strings.EqualFold(e.Code, c) {
			return actReconnect
		}
	}
	if containsFold(e.Code, "timed out") || containsFold(e.Message, "timed out") {
		return actReconnect
	}
	return actYieldEnd
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), sub)
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
