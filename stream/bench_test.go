package stream

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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

// BenchmarkQuoteStream reads quotes served from memory through the engine
// and through the plain bufio.Reader + encoding/json loop a caller would
// write without it (no heartbeats, no error handling, no reconnection),
// in alternating rounds of 20,000 messages, and reports each side's
// median time, allocations and bytes per message and the median of the
// per-round ratios (speed-ratio: the engine's messages per second as a
// multiple of the plain loop's). "full" quotes carry every field, as the
// first quote of each symbol does; "changes" carry the few fields that
// changed, as the quotes after it do.
//
//	go test -run '^$' -bench 'QuoteStream$' -benchtime 21x -count 5 ./stream
func BenchmarkQuoteStream(b *testing.B) {
	b.Run("full", func(b *testing.B) { quotesVersusPlain(b, quoteLines(1000)) })
	b.Run("changes", func(b *testing.B) { quotesVersusPlain(b, changeLines(1000)) })
}

// changeLines returns n quotes that carry only what changed since the
// one before.
func changeLines(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"Symbol":"MSFT","Last":"412.%02d","LastSize":"%d","TradeTime":"2024-11-18T15:19:%02dZ","Volume":"%d"}`+"\n",
			i%100, 100+i%9*100, i%60, 1000000+i)
	}
	return b.Bytes()
}

func quotesVersusPlain(b *testing.B, block []byte) {
	const perRound = 20_000
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
