package stream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// framing is how a stream separates its messages.
type framing uint8

const (
	// lineDelimited: one JSON object per line (every v3 stream).
	lineDelimited framing = iota
	// concatenated: JSON objects back to back, with or without white
	// space between them, ended by a text line "END" or "ERROR - reason"
	// (v2 streams, application/vnd.tradestation.streams+json).
	concatenated
)

// errEnd is a clean end of a concatenated stream (its END line).
var errEnd = errors.New("stream: END")

// A splitter cuts a response body into messages. The slice that next
// returns is valid until the following call. next returns a
// *MessageError for a message it skipped (the caller may go on), and any
// other error when the body can give nothing more.
type splitter interface {
	next() ([]byte, error)
	reset(r io.Reader)
}

func newSplitter(f framing, maxLine int) splitter {
	w := window{buf: make([]byte, min(initialBuffer, maxLine+1)), max: maxLine}
	if f == concatenated {
		return &objectReader{window: w}
	}
	return &lineReader{window: w}
}

// initialBuffer is the first size of a stream's read buffer; it grows up
// to the maximum message size and is kept across reconnections.
const initialBuffer = 32 << 10

// window is a read buffer holding the unread bytes buf[start:end].
type window struct {
	r          io.Reader
	buf        []byte
	start, end int
	max        int
	err        error // sticky: the error that ended reading
}

func (w *window) reset(r io.Reader) {
	w.r, w.err = r, nil
	w.start, w.end = 0, 0
}

// maxEmptyReads bounds reads that return neither bytes nor an error.
const maxEmptyReads = 100

// fill reads more bytes after end, first moving the unread ones to the
// front and growing buf when it is full (never beyond max+1: callers keep
// less than max+1 bytes pending). It reports false once reading failed.
func (w *window) fill() bool {
	if w.err != nil {
		return false
	}
	if w.start > 0 {
		w.end = copy(w.buf, w.buf[w.start:w.end])
		w.start = 0
	}
	if w.end == len(w.buf) {
		grown := make([]byte, min(2*len(w.buf), w.max+1))
		copy(grown, w.buf[:w.end])
		w.buf = grown
	}
	for range maxEmptyReads {
		n, err := w.r.Read(w.buf[w.end:])
		w.end += n
		if err != nil {
			w.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	w.err = io.ErrNoProgress
	return false
}

func (w *window) tooLong(excerpt []byte) error {
	return newMessageError(excerpt, fmt.Errorf("%w: more than %d bytes", ErrMessageTooLong, w.max))
}

func trimSpace(b []byte) []byte {
	i := skipSpace(b, 0)
	j := len(b)
	for j > i && (b[j-1] == ' ' || b[j-1] == '\t' || b[j-1] == '\r' || b[j-1] == '\n') {
		j--
	}
	return b[i:j]
}

// lineReader splits newline-delimited messages; blank lines are skipped.
type lineReader struct {
	window
	scanned    int  // bytes of the pending line already searched for '\n'
	discarding bool // dropping the rest of a line that was too long
}

func (l *lineReader) reset(r io.Reader) {
	l.window.reset(r)
	l.scanned, l.discarding = 0, false
}

func (l *lineReader) next() ([]byte, error) {
	for {
		p := l.buf[l.start:l.end]
		if l.discarding {
			if i := bytes.IndexByte(p, '\n'); i >= 0 {
				l.start += i + 1
				l.discarding = false
				continue
			}
			l.start = l.end
		} else if i := bytes.IndexByte(p[l.scanned:], '\n'); i >= 0 {
			line := p[:l.scanned+i]
			l.start += l.scanned + i + 1
			l.scanned = 0
			if len(line) > l.max {
				return nil, l.tooLong(line)
			}
			if line = trimSpace(line); len(line) > 0 {
				return line, nil
			}
			continue
		} else if len(p) > l.max {
			l.start, l.scanned, l.discarding = l.end, 0, true
			return nil, l.tooLong(p)
		} else {
			l.scanned = len(p)
		}
		if !l.fill() {
			return l.last()
		}
	}
}

// last handles the bytes left when the body ends: a final line without
// its newline is used when it is complete JSON, and dropped otherwise
// (the connection broke in the middle of it).
func (l *lineReader) last() ([]byte, error) {
	rest := trimSpace(l.buf[l.start:l.end])
	l.start, l.scanned = l.end, 0
	if !l.discarding && len(rest) > 0 && json.Valid(rest) {
		return rest, nil
	}
	l.discarding = false
	return nil, l.err
}

// objectReader splits concatenated JSON objects by counting brackets
// outside strings. Text outside objects is read up to the end of its line:
// "END" ends the stream, "ERROR - reason" ends it with an *Error, anything
// else is a *MessageError.
type objectReader struct {
	window
	mode       uint8 // between, inObject or inText
	scanned    int   // bytes of the pending message already scanned
	discarding bool  // dropping the rest of a message that was too long

	// bracket-counting state, kept across reads
	depth      int
	inStr, esc bool
}

const (
	between uint8 = iota
	inObject
	inText
)

func (o *objectReader) reset(r io.Reader) {
	o.window.reset(r)
	o.mode, o.scanned, o.discarding = between, 0, false
}

func (o *objectReader) next() ([]byte, error) {
	for {
		p := o.buf[o.start:o.end]
		switch o.mode {
		case between:
			i := skipSpace(p, 0)
			o.start += i
			if i < len(p) {
				o.mode, o.scanned = inText, 0
				if p[i] == '{' {
					o.mode, o.depth, o.inStr, o.esc = inObject, 0, false, false
				}
				continue
			}
		case inObject:
			n, done := o.scan(p[o.scanned:])
			if done {
				obj := p[:o.scanned+n]
				o.start += o.scanned + n
				o.mode, o.scanned = between, 0
				if o.discarding {
					o.discarding = false
					continue
				}
				if len(obj) > o.max {
					return nil, o.tooLong(obj)
				}
				return obj, nil
			}
			if err := o.pendingTooLong(p); err != nil {
				return nil, err
			}
		case inText:
			if i := bytes.IndexByte(p[o.scanned:], '\n'); i >= 0 {
				line := p[:o.scanned+i]
				o.start += o.scanned + i + 1
				o.mode, o.scanned = between, 0
				if o.discarding {
					o.discarding = false
					continue
				}
				if len(line) > o.max {
					return nil, o.tooLong(line)
				}
				return textLine(line)
			}
			if err := o.pendingTooLong(p); err != nil {
				return nil, err
			}
		}
		if !o.fill() {
			return o.last()
		}
	}
}

// pendingTooLong notes that all of p was scanned without finding the end
// of the message; it drops p when the message is being discarded or has
// just grown beyond the limit (then it returns the error to report).
func (o *objectReader) pendingTooLong(p []byte) error {
	o.scanned = len(p)
	if o.discarding {
		o.start, o.scanned = o.end, 0
		return nil
	}
	if len(p) > o.max {
		o.start, o.scanned, o.discarding = o.end, 0, true
		return o.tooLong(p)
	}
	return nil
}

// scan advances the bracket count over p; it returns how many bytes it
// used and whether the object closed.
func (o *objectReader) scan(p []byte) (int, bool) {
	for i, c := range p {
		if o.inStr {
			switch {
			case o.esc:
				o.esc = false
			case c == '\\':
				o.esc = true
			case c == '"':
				o.inStr = false
			}
			continue
		}
		switch c {
		case '"':
			o.inStr = true
		case '{', '[':
			o.depth++
		case '}', ']':
			o.depth--
			if o.depth <= 0 {
				return i + 1, true
			}
		}
	}
	return len(p), false
}

// last handles the bytes left when the body ends: an unfinished object is
// dropped; text is read as a final line ("END" without its newline).
func (o *objectReader) last() ([]byte, error) {
	rest := o.buf[o.start:o.end]
	mode, discarding := o.mode, o.discarding
	o.start, o.scanned, o.mode, o.discarding = o.end, 0, between, false
	if mode == inText && !discarding && len(trimSpace(rest)) > 0 {
		return textLine(rest)
	}
	return nil, o.err
}

// textLine reads a line found between v2 objects. The reason of an ERROR
// line becomes the Code of an *Error, classified like any error text.
func textLine(line []byte) ([]byte, error) {
	t := trimSpace(line)
	if string(t) == "END" {
		return nil, errEnd
	}
	if reason, ok := bytes.CutPrefix(t, []byte("ERROR")); ok {
		code := string(bytes.TrimLeft(reason, " -"))
		if code == "" {
			code = "ERROR"
		}
		return nil, &Error{Code: code, Verdict: verdictOf(code, "")}
	}
	return nil, newMessageError(t, errors.New("text where a JSON object was expected"))
}
