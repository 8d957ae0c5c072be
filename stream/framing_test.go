package stream

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// split runs a splitter over input read through each of the readers
// that chop it differently, and returns what it produced: messages as
// their text, errors as "!" plus a short name.
func split(t *testing.T, f framing, maxLine int, input string) [][]string {
	t.Helper()
	readers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	}
	var all [][]string
	for _, wrap := range readers {
		sp := newSplitter(f, maxLine)
		sp.reset(wrap(strings.NewReader(input)))
		var got []string
		for range 1000 {
			msg, err := sp.next()
			if err == nil {
				got = append(got, string(msg))
				continue
			}
			got = append(got, errName(err))
			var me *MessageError
			if !errors.As(err, &me) {
				break
			}
		}
		all = append(all, got)
	}
	return all
}

func errName(err error) string {
	var se *Error
	switch {
	case errors.Is(err, io.EOF):
		return "!EOF"
	case errors.Is(err, errEnd):
		return "!END"
	case errors.Is(err, ErrMessageTooLong):
		return "!too long"
	case errors.As(err, &se):
		return "!ERROR " + se.Code
	}
	var me *MessageError
	if errors.As(err, &me) {
		return "!bad " + me.Excerpt
	}
	return "!" + err.Error()
}

func TestLineReaderSplitsLinesWhateverTheChunking(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"lines", "{\"a\":1}\n{\"b\":2}\n", []string{`{"a":1}`, `{"b":2}`, "!EOF"}},
		{"CRLF and blank lines are skipped", "\r\n{\"a\":1}\r\n\n  \n{\"b\":2}\r\n", []string{`{"a":1}`, `{"b":2}`, "!EOF"}},
		{"complete last line without newline is kept", "{\"a\":1}\n{\"b\":2}", []string{`{"a":1}`, `{"b":2}`, "!EOF"}},
		{"truncated last line is dropped", "{\"a\":1}\n{\"b\":", []string{`{"a":1}`, "!EOF"}},
		{"over-long line is reported and skipped", "{\"a\":1}\n{\"long\":\"" + strings.Repeat("x", 100) + "\"}\n{\"b\":2}\n", []string{`{"a":1}`, "!too long", `{"b":2}`, "!EOF"}},
		{"over-long last line is dropped", "{\"a\":1}\n" + strings.Repeat("y", 100), []string{`{"a":1}`, "!too long", "!EOF"}},
		{"line of exactly the limit is kept", "{\"" + strings.Repeat("k", 28) + "\":1}\n", []string{"{\"" + strings.Repeat("k", 28) + "\":1}", "!EOF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, got := range split(t, lineDelimited, 34, tt.input) {
				if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
					t.Fatalf("got  %q\nwant %q", got, tt.want)
				}
			}
		})
	}
}

func TestObjectReaderSplitsConcatenatedObjectsWhateverTheChunking(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"back to back", `{"a":1}{"b":2}`, []string{`{"a":1}`, `{"b":2}`, "!EOF"}},
		{"white space between", " {\"a\":1}\r\n\t{\"b\":2} ", []string{`{"a":1}`, `{"b":2}`, "!EOF"}},
		{"brackets and quotes inside strings", `{"a":"}{\"]"}{"b":[{"c":"\\"}]}`, []string{`{"a":"}{\"]"}`, `{"b":[{"c":"\\"}]}`, "!EOF"}},
		{"END line ends cleanly", "{\"a\":1}\nEND\n{\"b\":2}", []string{`{"a":1}`, "!END"}},
		{"END without newline at the end of the body", "{\"a\":1}END", []string{`{"a":1}`, "!END"}},
		{"ERROR line carries its reason", "{\"a\":1}\r\nERROR - Invalid symbol\r\n", []string{`{"a":1}`, "!ERROR Invalid symbol"}},
		{"other text is reported and skipped", "{\"a\":1}\nhello\n{\"b\":2}", []string{`{"a":1}`, "!bad hello", `{"b":2}`, "!EOF"}},
		{"truncated object at the end is dropped", `{"a":1}{"b":{"c":`, []string{`{"a":1}`, "!EOF"}},
		{"over-long object is reported and skipped", `{"a":1}{"long":"` + strings.Repeat("}", 100) + `"}{"b":2}`, []string{`{"a":1}`, "!too long", `{"b":2}`, "!EOF"}},
		{"over-long text is reported and skipped", strings.Repeat("z", 100) + "\n{\"b\":2}", []string{"!too long", `{"b":2}`, "!EOF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, got := range split(t, concatenated, 34, tt.input) {
				if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
					t.Fatalf("got  %q\nwant %q", got, tt.want)
				}
			}
		})
	}
}

func TestSplitterReusesItsBufferAcrossMessagesAndConnections(t *testing.T) {
	input := strings.Repeat(`{"Symbol":"MSFT","Last":"412.50"}`+"\n", 100)
	for _, f := range []framing{lineDelimited, concatenated} {
		sp := newSplitter(f, 1<<20)
		r := strings.NewReader(input)
		allocs := testing.AllocsPerRun(20, func() {
			r.Reset(input)
			sp.reset(r)
			for {
				if _, err := sp.next(); err != nil {
					break
				}
			}
		})
		if allocs != 0 {
			t.Errorf("framing %d allocates %v times per connection of 100 messages", f, allocs)
		}
	}
}
