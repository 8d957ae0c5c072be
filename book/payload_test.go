package book

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// payloadDir is where the recorded payloads are: PAYLOADS_DIR, or the
// shared folder beside the clone as on the project's machines and CI.
func payloadDir() string {
	if dir := os.Getenv("PAYLOADS_DIR"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..", "shared", "reference", "payloads")
}

// frame is one recorded order-stream line: an order or a stream status.
type frame struct {
	file   string
	order  *v3.Order
	status string
}

// orderFrames reads, in the manifest's order, the order-stream lines that
// TradeStation's simulator sent to QuantConnect's plugin; it skips the
// test when the corpus is absent.
func orderFrames(t *testing.T) map[string]frame {
	t.Helper()
	dir := payloadDir()
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("no payload corpus at %s (set PAYLOADS_DIR): %v", dir, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	frames := map[string]frame{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 5 || !strings.HasPrefix(cols[0], "quantconnect/") || !strings.HasSuffix(cols[0], "-StreamOrders.json") {
			continue
		}
		body, err := os.ReadFile(filepath.Join(dir, cols[0]))
		if err != nil {
			t.Fatal(err)
		}
		fr := frame{file: cols[0]}
		switch cols[2] {
		case "Order":
			fr.order = new(v3.Order)
			err = json.Unmarshal(body, fr.order)
		case "StreamStatus":
			var s struct{ StreamStatus string }
			err = json.Unmarshal(body, &s)
			fr.status = s.StreamStatus
		default:
			err = fmt.Errorf("unexpected type %s", cols[2])
		}
		if err != nil {
			t.Fatalf("%s: %v", cols[0], err)
		}
		frames[strings.TrimSuffix(strings.TrimPrefix(cols[0], "quantconnect/"), "-StreamOrders.json")] = fr
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(frames) < 30 {
		t.Fatalf("only %d order-stream frames in the manifest", len(frames))
	}
	return frames
}

// feed sends frames on a book's order stream: orders as messages,
// EndSnapshot as the end of the snapshot.
func feed(t *testing.T, s *script, frames []frame) {
	t.Helper()
	for _, fr := range frames {
		switch {
		case fr.order != nil:
			s.order(*fr.order)
		case fr.status == "EndSnapshot":
			s.endOrderSnapshot()
		default:
			t.Fatalf("%s: stream status %q", fr.file, fr.status)
		}
	}
}

func TestRealOrderStreamSequencesGiveOneEventPerChange(t *testing.T) {
	all := orderFrames(t)
	tests := []struct {
		name  string
		files []string // as numbered in the corpus
		want  string
	}{
		{"a stop order's ACK carries its fill before the FLL", []string{"01", "02", "03"},
			lines("948679459 Opened 0 stream", "948679459 Filled 1 stream", "948679459 Updated 0 stream")},
		{"a stop limit order: stop hit, ACK with the fill, FLL", []string{"04", "05", "06"},
			lines("948728275 Opened 0 stream", "948728275 Filled 2 stream", "948728275 Updated 0 stream")},
		{"a stop limit order whose stop moves as it is hit, then filled", []string{"07", "08", "09", "10"}, // stop 339.27, then 339.25
			lines("948728275 Opened 0 stream", "948728275 Replaced 0 stream", "948728275 Filled 2 stream", "948728275 Updated 0 stream")},
		{"an order first seen with its fill on an ACK", []string{"11", "12"},
			lines("948677825 Opened 0 stream", "948677825 Filled 1 stream", "948677825 Updated 0 stream")},
		{"an order first seen filled", []string{"13"},
			lines("948678503 Opened 0 stream", "948678503 Filled 1 stream")},
		{"a limit order replaced as it fills", []string{"14", "15", "16"},
			lines("948825753 Opened 0 stream", "948825753 Filled 100 stream", "948825753 Updated 0 stream")},
		{"a limit order replaced twice, then filled", []string{"17", "18", "19", "20"},
			lines("948851974 Opened 0 stream", "948851974 Replaced 0 stream", "948851974 Replaced 0 stream", "948851974 Filled 100 stream")},
		{"a limit order replaced, filled on an ACK, then FLL", []string{"21", "22", "23", "24"},
			lines("952173212 Opened 0 stream", "952173212 Replaced 0 stream", "952173212 Filled 100 stream", "952173212 Updated 0 stream")},
		{"a filled order in a snapshot", []string{"25", "26"},
			lines("958726647 Opened 0 reconcile", "958726647 Filled 1 reconcile")},
		{"a partly filled order in a snapshot", []string{"27", "28"},
			lines("958800001 Opened 0 reconcile", "958800001 PartiallyFilled 1 reconcile")},
		{"an open order in a snapshot", []string{"29", "30"},
			lines("958800002 Opened 0 reconcile")},
		{"an expired order", []string{"33"},
			lines("906146665 Opened 0 stream", "906146665 Expired 0 stream")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var frames []frame
			hasSnapshot := false
			for _, n := range tt.files {
				fr, ok := all[n]
				if !ok {
					t.Fatalf("frame %s not in the corpus", n)
				}
				frames = append(frames, fr)
				hasSnapshot = hasSnapshot || fr.status == "EndSnapshot"
			}
			s := newScript(t)
			b := openScripted(t, s, testConfig(t))
			r := newReader(t, b)
			if !hasSnapshot {
				s.endOrderSnapshot() // the frames are live messages
			}
			feed(t, s, frames)
			if got := brief(r.drain()); got != tt.want {
				t.Errorf("events:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestRealOrderStreamFramesRepeatedReversedAndReplayedCountEachFillOnce
// sends the whole recorded corpus through one book three ways: every
// frame twice, then all again after a reconnect as a snapshot, then all in
// reverse. Each order must end with its fills adding up to the most any
// frame showed, Opened once, and no fill after the first pass.
func TestRealOrderStreamFramesRepeatedReversedAndReplayedCountEachFillOnce(t *testing.T) {
	all := orderFrames(t)
	var frames []frame
	most := map[string]value.Decimal{}
	for _, fr := range all {
		if fr.order == nil {
			continue
		}
		frames = append(frames, fr)
		id := fr.order.OrderID
		if q := fr.order.Legs[0].ExecQuantity; q.Cmp(most[id]) > 0 || most[id].IsZero() {
			most[id] = q
		}
	}
	slices.SortFunc(frames, func(a, b frame) int { return strings.Compare(a.file, b.file) })

	s := newScript(t)
	b := openScripted(t, s, testConfig(t))
	r := newReader(t, b)
	s.endOrderSnapshot()
	for _, fr := range frames {
		feed(t, s, []frame{fr, fr})
	}
	first := r.drain()

	s.reconnectOrders()
	feed(t, s, frames)
	s.endOrderSnapshot()
	reversed := slices.Clone(frames)
	slices.Reverse(reversed)
	feed(t, s, reversed)
	later := r.drain()

	opened := map[string]int{}
	for _, ev := range append(slices.Clone(first), later...) {
		if ev.Kind == Opened {
			opened[ev.Order.OrderID]++
		}
	}
	sums := filledBy(t, first)
	for id, want := range most {
		if opened[id] != 1 {
			t.Errorf("order %s opened %d times", id, opened[id])
		}
		if got := sums[id]; got != want.String() {
			t.Errorf("order %s: fills add up to %s, want %s", id, got, want)
		}
	}
	for _, ev := range later {
		if ev.Filled.Sign() != 0 {
			t.Errorf("a fill counted again: %s", brief([]Event{ev}))
		}
		if ev.Kind == Opened {
			t.Errorf("an order opened again: %s", brief([]Event{ev}))
		}
	}
}
