package stream

import (
	"bytes"
	"testing"
)

// heartbeatSearchInputs put the heartbeat's name where a search that
// starts past its first bytes could miss it or find it wrongly: at either
// end, cut short, overlapping itself, after a false start.
var heartbeatSearchInputs = []string{
	``, `beat"`, `tbeat"`, `eartbeat"`, `Heartbeat"`, `{"heartbeat":1}`, `eartbeat`, `eartbea"`,
	`earbeat"`, `eartbeatbeat"`, `beat"eartbeat"`, `eart beat"`, `xeartbeat"x`, `eaeartbeat"`,
	`{"Symbol":"MSFT","Heartbeat":1}`, `{"Symbol":"MSFT","Heartbeats":1}`, `{"beat":"eart"}`,
}

func TestHeartbeatSearchFindsWhatBytesContainsFinds(t *testing.T) {
	inputs := append([][]byte{quoteLines(1)}, []byte(`{"a":"`+string(bytes.Repeat([]byte("eartbeat"), 40))+`"}`))
	for _, s := range heartbeatSearchInputs {
		inputs = append(inputs, []byte(s))
	}
	for _, in := range inputs {
		if got, want := containsHeartbeat(in), bytes.Contains(in, keyHeartbeat); got != want {
			t.Errorf("containsHeartbeat(%s) = %v, bytes.Contains says %v", in, got, want)
		}
	}
}

func FuzzHeartbeatSearchIsBytesContains(f *testing.F) {
	for _, s := range heartbeatSearchInputs {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := containsHeartbeat(b), bytes.Contains(b, keyHeartbeat); got != want {
			t.Errorf("containsHeartbeat(%q) = %v, bytes.Contains says %v", b, got, want)
		}
	})
}
