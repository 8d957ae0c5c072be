package stream

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/tradestation-go/tradestation/v3"
)

// heapAfterGC returns the heap in use once garbage is collected.
func heapAfterGC() runtime.MemStats {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m
}

// heapGrowth streams total messages of block, cycled, through the engine
// and returns the in-use heap at message `from` and at the end (both after
// a collection) and the bytes allocated per message in between.
func heapGrowth[T any](block []byte, from, total int) (start, end uint64, perMsg float64) {
	var m0, m1 runtime.MemStats
	n := 0
	for _, err := range run[T](context.Background(), memoryConnect(block), lineDelimited, nil) {
		if err != nil {
			panic(err)
		}
		n++
		if n == from {
			m0 = heapAfterGC()
		}
		if n == total {
			m1 = heapAfterGC()
			break
		}
	}
	return m0.HeapInuse, m1.HeapInuse, float64(m1.TotalAlloc-m0.TotalAlloc) / float64(total-from)
}

// flatHeapSlack is how much the in-use heap may grow between the first
// 100,000 messages and the millionth: a leak of even 2 bytes per message
// would exceed it.
const flatHeapSlack = 1 << 20

func TestMemoryStaysFlatOverAMillionMessages(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("a million messages take too long with -short or -race")
	}
	var b bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&b, `{"ID":%d,"Name":"n%d","Nested":{"Error":""}}`+"\n", i, i)
	}
	start, end, perMsg := heapGrowth[item](b.Bytes(), 100_000, 1_000_000)
	t.Logf("HeapInuse after 100k messages %d B, after 1M %d B; %.0f B allocated per message", start, end, perMsg)
	if end > start+flatHeapSlack {
		t.Errorf("heap in use grew from %d to %d bytes over 900,000 messages", start, end)
	}
}

// BenchmarkQuoteStreamMemory streams a million quotes once and reports how
// the in-use heap moved between the 100,000th and the 1,000,000th.
func BenchmarkQuoteStreamMemory(b *testing.B) {
	block := quoteLines(1000)
	for range b.N {
		start, end, perMsg := heapGrowth[v3.Quote](block, 100_000, 1_000_000)
		b.ReportMetric(float64(start), "heap-at-100k-B")
		b.ReportMetric(float64(end), "heap-at-1M-B")
		b.ReportMetric(perMsg, "alloc-B/msg")
		if end > start+flatHeapSlack {
			b.Errorf("heap in use grew from %d to %d bytes", start, end)
		}
	}
}
