package stream

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"
)

// chunkReader hands out its data n bytes at a time, as a chunked HTTP
// body might.
type chunkReader struct {
	data []byte
	n    int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	k := min(c.n, len(p), len(c.data))
	copy(p, c.data[:k])
	c.data = c.data[k:]
	return k, nil
}

var fuzzSeeds = []string{
	"{\"ID\":1}\n{\"Heartbeat\":2,\"Timestamp\":\"2024-01-01T00:00:00Z\"}\n",
	"{\"StreamStatus\":\"EndSnapshot\"}\r\n{\"Error\":\"DualLogon\"}\n",
	"{\"Symbol\":\"X\",\"Error\":\"EX_INVALID_SYMBOL\"}{\"a\":\"}{\\\"\"}END\n",
	"{\"a\":[{\"b\":{\"c\":\"\\\\\"}}]}\nERROR - nope\n",
	"garbage\n{\"ID\":\"x\"}\n{\"ID\":2",
	"{\"a\":\"\\u00e9\\\"}\"}\n\n\n{}",
}

// drainFuzz splits data with f and runs every message through classify
// and the decoder, checking that the splitter always makes progress and
// that its messages respect the limit.
func drainFuzz(t *testing.T, f framing, data []byte, chunk, maxLine int) {
	sp := newSplitter(f, maxLine)
	sp.reset(&chunkReader{data: data, n: chunk})
	// Every call consumes at least one byte or ends; a few more calls than
	// bytes means a loop that makes no progress.
	for calls := 0; ; calls++ {
		if calls > len(data)+2 {
			t.Fatalf("splitter made no progress after %d calls on %d bytes", calls, len(data))
		}
		msg, err := sp.next()
		if err != nil {
			var me *MessageError
			if errors.As(err, &me) {
				continue
			}
			return
		}
		if len(msg) > maxLine {
			t.Fatalf("message of %d bytes passed the limit of %d", len(msg), maxLine)
		}
		if f == concatenated && (msg[0] != '{' || (msg[len(msg)-1] != '}' && msg[len(msg)-1] != ']')) {
			t.Fatalf("object reader produced %q", msg)
		}
		k, cerr := classify(msg)
		if cerr != nil {
			if trimmed := bytes.TrimSpace(msg); len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(msg) {
				t.Fatalf("classify rejected the valid object %q: %v", msg, cerr)
			}
			continue
		}
		switch k {
		case kindData:
			var v item
			_ = json.Unmarshal(msg, &v)
		case kindError:
			_, _ = parseError(msg)
		case kindHeartbeat:
			parseHeartbeat(msg)
		}
	}
}

func FuzzLineDecoder(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), uint8(3), uint16(40))
	}
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8, maxLine uint16) {
		drainFuzz(t, lineDelimited, data, int(chunk)+1, int(maxLine)+1)
	})
}

func FuzzObjectSplitter(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), uint8(3), uint16(40))
	}
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8, maxLine uint16) {
		drainFuzz(t, concatenated, data, int(chunk)+1, int(maxLine)+1)
	})
}
