package stream

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/tradestation-go/tradestation/value"
)

// kind is what a message is, told apart by its top-level keys.
type kind uint8

const (
	kindData        kind = iota
	kindHeartbeat        // has a top-level "Heartbeat" or "heartbeat" key
	kindEndSnapshot      // "StreamStatus": "EndSnapshot"
	kindGoAway           // "StreamStatus": "GoAway"
	kindOtherStatus      // another StreamStatus value: ignored
	kindError            // a top-level "Error" holding a non-empty string
)

var (
	errNotObject = errors.New("not a JSON object")
	errTruncated = errors.New("JSON object is incomplete")
	errSyntax    = errors.New("invalid JSON")
)

// classify reads the top-level keys of one JSON object in a single pass,
// skipping values without decoding or allocating. It does not validate
// the values it skips: data messages are validated when decoded.
//
// Keys rank Heartbeat, StreamStatus, Error: an object with a Heartbeat key
// is a heartbeat whatever else it holds. v2 streams opened with
// ?heartbeat=true spell it "heartbeat".
//
// Most messages are data that holds none of those names anywhere; a quick
// search for them spares the key scan, and such a message is data if it
// is anything (the decoder then validates it).
func classify(b []byte) (kind, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return 0, errNotObject
	}
	if !bytes.Contains(b, keyError) && !bytes.Contains(b, keyHeartbeat) && !bytes.Contains(b, keyStreamStatus) {
		return kindData, nil
	}
	return scanKeys(b, i+1)
}

// The keys that set a message apart from data, with their closing quote.
// The opening quote is left out on purpose: bytes.Contains skips ahead to
// the pattern's first byte, and quotes are everywhere in JSON. The
// heartbeat's first letter is left out too: it has two spellings.
var (
	keyError        = []byte(`Error"`)
	keyHeartbeat    = []byte(`eartbeat"`)
	keyStreamStatus = []byte(`StreamStatus"`)
)

// scanKeys classifies the object whose first key starts at or after b[i].
func scanKeys(b []byte, i int) (kind, error) {
	var heartbeat, hasError bool
	var status []byte
	for first := true; ; first = false {
		i = skipSpace(b, i)
		if i >= len(b) {
			return 0, errTruncated
		}
		if first && b[i] == '}' {
			i++
			break
		}
		if b[i] != '"' {
			return 0, errSyntax
		}
		end := skipString(b, i)
		if end < 0 {
			return 0, errTruncated
		}
		key := b[i+1 : end-1]
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return 0, errSyntax
		}
		i = skipSpace(b, i+1)
		if i < len(b) && (b[i] == ',' || b[i] == '}' || b[i] == ']') {
			return 0, errSyntax // a key without a value
		}
		start := i
		if i = skipValue(b, i); i < 0 {
			return 0, errTruncated
		}
		switch string(key) {
		case "Heartbeat", "heartbeat":
			heartbeat = true
		case "StreamStatus":
			status = b[start:i]
		case "Error":
			// "Error": "" and "Error": null leave a data object as data.
			hasError = i-start > 2 && b[start] == '"'
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return 0, errTruncated
		}
		if b[i] == ',' {
			i++
			continue
		}
		if b[i] != '}' {
			return 0, errSyntax
		}
		i++
		break
	}
	if skipSpace(b, i) != len(b) {
		return 0, errSyntax
	}
	switch {
	case heartbeat:
		return kindHeartbeat, nil
	case status != nil:
		switch string(status) {
		case `"EndSnapshot"`:
			return kindEndSnapshot, nil
		case `"GoAway"`:
			return kindGoAway, nil
		}
		return kindOtherStatus, nil
	case hasError:
		return kindError, nil
	}
	return kindData, nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index after the string that opens at b[i], or
// -1 when it does not close.
func skipString(b []byte, i int) int {
	i++
	for {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return -1
		}
		q += i
		// The quote is escaped when an odd run of backslashes precedes it.
		n := 0
		for j := q - 1; j >= i && b[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		i = q + 1
	}
}

// skipValue returns the index after the value that starts at b[i], or -1
// when it does not end within b.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				if i = skipString(b, i); i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
		i++
	}
	return i
}

// Heartbeat is the message TradeStation sends on a stream that has had no
// data for about five seconds.
type Heartbeat struct {
	Count     int64     // the server's counter; it increases by one per heartbeat
	Timestamp time.Time // the server's clock; zero when absent or unreadable
}

// parseHeartbeat reads both spellings: v3's {"Heartbeat": 1, "Timestamp":
// RFC 3339} and v2's {"heartbeat": 1, "timestamp": "/Date(ms)/"} (the
// decoder matches keys without regard to case).
func parseHeartbeat(b []byte) Heartbeat {
	var w struct {
		Heartbeat json.RawMessage
		Timestamp string
	}
	_ = json.Unmarshal(b, &w) // best effort: a heartbeat is never an error
	var h Heartbeat
	h.Count, _ = strconv.ParseInt(string(bytes.Trim(w.Heartbeat, `"`)), 10, 64)
	var err error
	if h.Timestamp, err = time.Parse(time.RFC3339Nano, w.Timestamp); err != nil {
		t, _ := value.ParseV2Time(w.Timestamp)
		h.Timestamp = t.Time
	}
	return h
}

// parseError decodes an error message. Fields of an unexpected type are
// left empty rather than failing.
func parseError(b []byte) (*Error, error) {
	var w struct {
		Error     string
		Message   string
		Symbol    string
		AccountID string
		OrderID   string
	}
	err := json.Unmarshal(b, &w)
	var typeErr *json.UnmarshalTypeError
	if err != nil && !errors.As(err, &typeErr) {
		return nil, err
	}
	return &Error{Code: w.Error, Message: w.Message, Symbol: w.Symbol, AccountID: w.AccountID, OrderID: w.OrderID,
		Verdict: verdictOf(w.Error, w.Message)}, nil
}
