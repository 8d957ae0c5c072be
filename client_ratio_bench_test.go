package tradestation_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/internal/sidebyside"
	"github.com/tradestation-go/tradestation/v3"
)

// BenchmarkQuoteSnapshotVersusPlain makes a quote snapshot call through the
// full client and the hand-written net/http + encoding/json call of
// BenchmarkQuoteSnapshot in alternating rounds of 200 calls, and reports
// the medians and their ratio (time-ratio: the client's time over the
// hand-written call's).
//
//	go test -run '^$' -bench QuoteSnapshotVersusPlain -benchtime 21x -count 3 .
func BenchmarkQuoteSnapshotVersusPlain(b *testing.B) {
	const perRound = 200
	hc := &http.Client{Transport: memoryTransport{body: snapshotBody}}
	ctx := context.Background()
	api, err := client.NewV3(benchSession(b), client.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	sidebyside.Run(b, perRound, func(b *testing.B) {
		for range perRound {
			resp, err := api.GetQuoteSnapshotsWithResponse(ctx, "MSFT,AAPL")
			if err != nil || len(resp.JSON200.Quotes) != 2 {
				b.Fatal(err)
			}
		}
	}, func(b *testing.B) {
		for range perRound {
			if snap := plainQuoteSnapshot(b, ctx, hc); len(snap.Quotes) != 2 {
				b.Fatal(snap)
			}
		}
	})
}

// plainQuoteSnapshot is the call a user would write by hand.
func plainQuoteSnapshot(b *testing.B, ctx context.Context, hc *http.Client) v3.QuoteSnapshot {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://sim-api.tradestation.com/v3/marketdata/quotes/"+url.PathEscape("MSFT,AAPL"), nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer at-bench")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		b.Fatal(resp.Status, err)
	}
	var snap v3.QuoteSnapshot
	if err := json.Unmarshal(body, &snap); err != nil {
		b.Fatal(err)
	}
	return snap
}
