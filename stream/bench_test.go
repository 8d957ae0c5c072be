package stream

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"runtime"
	"testing"

	"github.com/tradestation-go/tradestation/v3"
)

const benchMessages = 100_000

// memoryConnect serves an endless in-memory quote stream, no network.
func memoryConnect(block []byte) connectFunc {
	return func(context.Context) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Body: &cycle{block: block}}, nil
	}
}

// BenchmarkQuoteStream compares reading 100,000 quotes through the engine
// with the plain loop a caller would write without it (no heartbeats, no
// error handling, no reconnection).
func BenchmarkQuoteStream(b *testing.B) {
	block := quoteLines(1000)
	report := func(b *testing.B, before *runtime.MemStats) {
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		msgs := float64(benchMessages) * float64(b.N)
		b.ReportMetric(msgs/b.Elapsed().Seconds(), "msgs/s")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/msgs, "allocs/msg")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/msgs, "B/msg")
	}

	b.Run("iterator", func(b *testing.B) {
		b.ReportAllocs()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		for range b.N {
			n := 0
			for q, err := range run[v3.Quote](context.Background(), memoryConnect(block), lineDelimited, nil) {
				if err != nil || q.Symbol == "" {
					b.Fatalf("unexpected %v %+v", err, q)
				}
				if n++; n == benchMessages {
					break
				}
			}
		}
		report(b, &before)
	})

	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		for range b.N {
			r := bufio.NewReaderSize(&cycle{block: block}, 64<<10)
			for range benchMessages {
				line, err := r.ReadSlice('\n')
				if err != nil {
					b.Fatal(err)
				}
				var q v3.Quote
				if err := json.Unmarshal(line, &q); err != nil || q.Symbol == "" {
					b.Fatalf("unexpected %v %+v", err, q)
				}
			}
		}
		report(b, &before)
	})
}
