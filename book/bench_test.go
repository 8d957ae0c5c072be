package book

import (
	"context"
	"encoding/json"
	"iter"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

const (
	benchUpdates  = 100_000
	updatesPerOrd = 10
)

// benchLines is a day of order-stream messages as TradeStation sends them:
// 10,000 orders of 100 shares, each received, replaced once, filled in
// seven parts and filled, in JSON.
func benchLines(b *testing.B) [][]byte {
	b.Helper()
	lines := make([][]byte, 0, benchUpdates)
	for i := range benchUpdates / updatesPerOrd {
		id := strconv.Itoa(1_100_000_000 + i)
		for k := range updatesPerOrd {
			o := order(id, ack, "100", "0")
			o.OpenedDateTime = t0
			o.Legs[0].Symbol = "MSFT"
			switch {
			case k == 1:
				o.LimitPrice = dec("10.05")
			case k >= 2 && k < updatesPerOrd-1:
				o.Status, o.LimitPrice = fpr, dec("10.05")
				o.Legs[0].ExecQuantity = value.NewDecimal(int64(k-1)*12, 0)
				o.Legs[0].ExecutionPrice = dec("10.04")
			case k == updatesPerOrd-1:
				o.Status, o.LimitPrice, o.ClosedDateTime = fll, dec("10.05"), t0.Add(time.Minute)
				o.Legs[0].ExecQuantity, o.FilledPrice = dec("100"), dec("10.04")
			}
			line, err := json.Marshal(o)
			if err != nil {
				b.Fatal(err)
			}
			lines = append(lines, line)
		}
	}
	return lines
}

// BenchmarkOrderUpdates compares 100,000 order-stream messages going
// through the book (decoded, merged, each event taken by an Events loop)
// with the plain loop a caller would write without it: decode each
// message and keep the last one per order in a map. retained-B is the heap
// still held after the run (the book's state, or the map).
func BenchmarkOrderUpdates(b *testing.B) {
	lines := benchLines(b)
	report := func(b *testing.B, before *runtime.MemStats, retained uint64) {
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		msgs := float64(benchUpdates) * float64(b.N)
		b.ReportMetric(msgs/b.Elapsed().Seconds(), "msgs/s")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/msgs, "allocs/msg")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/msgs, "B/msg")
		b.ReportMetric(float64(retained), "retained-B")
	}

	b.Run("book", func(b *testing.B) {
		b.ReportAllocs()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		var retained uint64
		for range b.N {
			bk := throughBook(b, lines)
			retained = heapHeld(func() { runtime.KeepAlive(bk) })
		}
		report(b, &before, retained)
	})

	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		var retained uint64
		for range b.N {
			last := plainLoop(b, lines)
			retained = heapHeld(func() { runtime.KeepAlive(last) })
		}
		report(b, &before, retained)
	})

	// ratio runs the two in turn, so that a machine whose load changes
	// slows both alike, and reports the book's time over the plain loop's:
	// wall time, and CPU time (garbage collection included), which other
	// programs on the machine do not inflate.
	b.Run("ratio", func(b *testing.B) {
		var wallBook, wallPlain, cpuBook, cpuPlain time.Duration
		for range b.N {
			runtime.GC()
			wall, cpu := time.Now(), cpuTime()
			throughBook(b, lines)
			runtime.GC() // the garbage it left is part of its cost
			wallBook, cpuBook = wallBook+time.Since(wall), cpuBook+cpuTime()-cpu
			wall, cpu = time.Now(), cpuTime()
			plainLoop(b, lines)
			runtime.GC()
			wallPlain, cpuPlain = wallPlain+time.Since(wall), cpuPlain+cpuTime()-cpu
		}
		b.ReportMetric(float64(wallBook)/float64(wallPlain), "book/plain")
		b.ReportMetric(float64(cpuBook)/float64(cpuPlain), "book/plain-cpu")
	})
}

// throughBook decodes each line, merges it into a book and takes the
// events it causes with an Events loop.
func throughBook(b *testing.B, lines [][]byte) *Book {
	bk := bareBook()
	next, stop := iter.Pull2(bk.Events(context.Background()))
	defer stop()
	c := connection{}
	events := 0
	for _, line := range lines {
		var o v3.Order
		if err := json.Unmarshal(line, &o); err != nil {
			b.Fatal(err)
		}
		bk.streamOrder(o, &c)
		for !bk.queue.empty() {
			if _, err, _ := next(); err != nil {
				b.Fatal(err)
			}
			events++
		}
	}
	if events != benchUpdates/updatesPerOrd*updatesPerOrd {
		b.Fatalf("%d events for %d messages", events, benchUpdates)
	}
	return bk
}

// plainLoop decodes each line and keeps the last one per order.
func plainLoop(b *testing.B, lines [][]byte) map[string]v3.Order {
	last := map[string]v3.Order{}
	for _, line := range lines {
		var o v3.Order
		if err := json.Unmarshal(line, &o); err != nil {
			b.Fatal(err)
		}
		last[o.OrderID] = o
	}
	if len(last) != benchUpdates/updatesPerOrd {
		b.Fatalf("%d orders", len(last))
	}
	return last
}

// bareBook is a Book with no source and no goroutines, fed by hand.
func bareBook() *Book {
	return &Book{t: newTracker(), queue: queue{wake: make(chan struct{}, 1)}, cfg: config{now: time.Now}, ctx: context.Background()}
}

// heapHeld measures the heap in use while keep runs and after it has
// run: the first is taken with the structure still reachable (keep is
// called after it), the second once it is gone.
func heapHeld(keep func()) uint64 {
	var with, without runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&with)
	keep()
	runtime.GC()
	runtime.ReadMemStats(&without)
	if with.HeapAlloc < without.HeapAlloc {
		return 0
	}
	return with.HeapAlloc - without.HeapAlloc
}
