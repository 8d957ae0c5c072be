package stream

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/tradestation-go/tradestation/internal/sidebyside"
	"github.com/tradestation-go/tradestation/v3"
)

// memoryConnect serves an endless in-memory quote stream, no network.
func memoryConnect(block []byte) connectFunc {
	return func(context.Context) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Body: &cycle{block: block}}, nil
	}
}

// BenchmarkQuoteStream reads full quotes served from memory through the
// engine and through the plain bufio.Reader + encoding/json loop a caller
// would write without it (no heartbeats, no error handling, no
// reconnection), in alternating rounds of 20,000 messages, and reports
// each side's median time, allocations and bytes per message and the
// median of the per-round ratios (speed-ratio: the engine's messages per
// second as a multiple of the plain loop's).
//
//	go test -run '^$' -bench 'QuoteStream$' -benchtime 21x -count 5 ./stream
func BenchmarkQuoteStream(b *testing.B) {
	const perRound = 20_000
	block := quoteLines(1000)
	sidebyside.Run(b, perRound, func(b *testing.B) {
		n := 0
		for q, err := range run[v3.Quote](context.Background(), memoryConnect(block), lineDelimited, nil) {
			if err != nil || q.Symbol == "" {
				b.Fatalf("unexpected %v %+v", err, q)
			}
			if n++; n == perRound {
				break
			}
		}
	}, func(b *testing.B) {
		r := bufio.NewReaderSize(&cycle{block: block}, 64<<10)
		for range perRound {
			line, err := r.ReadSlice('\n')
			if err != nil {
				b.Fatal(err)
			}
			var q v3.Quote
			if err := json.Unmarshal(line, &q); err != nil || q.Symbol == "" {
				b.Fatalf("unexpected %v %+v", err, q)
			}
		}
	})
}
