package stream

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// TestYieldedMessagesShareNothingWithTheNext proves that the reused decode
// destination never reaches a message already yielded: a caller may keep
// every message, pointers and slices included.
func TestYieldedMessagesShareNothingWithTheNext(t *testing.T) {
	type tagged struct {
		ID     int
		Tags   []string
		Nested *struct{ Error string }
	}
	var body bytes.Buffer
	const n = 50
	for i := range n {
		fmt.Fprintf(&body, `{"ID":%d,"Tags":["t%d"],"Nested":{"Error":"e%d"}}`+"\n", i, i, i)
	}
	body.WriteString(`{"ID":-1}` + "\n") // no Tags, no Nested: both must come back empty
	var kept []tagged
	for m, err := range run[tagged](context.Background(), memoryConnect(body.Bytes()), lineDelimited, nil) {
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, m)
		if len(kept) == n+1 {
			break
		}
	}
	for i, m := range kept[:n] {
		if m.ID != i || len(m.Tags) != 1 || m.Tags[0] != fmt.Sprint("t", i) || m.Nested == nil || m.Nested.Error != fmt.Sprint("e", i) {
			t.Errorf("message %d changed after it was yielded: %+v", i, m)
		}
	}
	if last := kept[n]; last.Tags != nil || last.Nested != nil {
		t.Errorf("the last message inherited fields of the one before: %+v", last)
	}
}
