package tradestation_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tradestation-go/tradestation/internal/sidebyside"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
)

// BenchmarkQuoteStreamOverLoopback reads full quotes from an HTTP server
// on loopback through stream.Quotes and through the plain net/http +
// bufio.Reader + encoding/json loop a caller would write without it, in
// alternating rounds of 20,000 messages on a new connection each, and
// reports the medians and their ratio (speed-ratio: the SDK's messages
// per second as a multiple of the plain loop's).
//
//	go test -run '^$' -bench QuoteStreamOverLoopback -benchtime 21x -count 5 .
func BenchmarkQuoteStreamOverLoopback(b *testing.B) {
	var block bytes.Buffer // a thousand full quotes, written over and over
	for i := range 1000 {
		fmt.Fprintf(&block, quoteJSON+"\n", fmt.Sprintf("S%03d", i))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.tradestation.streams.v2+json")
		for r.Context().Err() == nil {
			if _, err := w.Write(block.Bytes()); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	const perRound = 20_000
	api, err := v3.NewClient(srv.URL + "/v3")
	if err != nil {
		b.Fatal(err)
	}
	sidebyside.Run(b, perRound, func(b *testing.B) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		n := 0
		for q, err := range stream.Quotes(ctx, api, []string{"MSFT"}) {
			if err != nil || q.Symbol == "" {
				b.Fatal(err)
			}
			if n++; n == perRound {
				break
			}
		}
	}, func(b *testing.B) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v3/marketdata/stream/quotes/MSFT", nil)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		r := bufio.NewReaderSize(resp.Body, 64<<10)
		for range perRound {
			line, err := r.ReadSlice('\n')
			if err != nil {
				b.Fatal(err)
			}
			var q v3.Quote
			if err := json.Unmarshal(line, &q); err != nil || q.Symbol == "" {
				b.Fatal(err)
			}
		}
	})
}
