package tradestation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v3"
)

// quoteJSON is one full quote as TradeStation sends it.
const quoteJSON = `{"Symbol":"%s","Open":"422.40","High":"426.10","Low":"421.95","PreviousClose":"422.25","Last":"425.37","Ask":"425.39","AskSize":"300","Bid":"425.35","BidSize":"200","NetChange":"3.12","NetChangePct":"0.7389","High52Week":"468.35","High52WeekTimestamp":"2024-07-05T00:00:00Z","Low52Week":"344.79","Low52WeekTimestamp":"2025-04-07T00:00:00Z","Volume":"9412783","PreviousVolume":"21876904","Close":"425.37","DailyOpenInterest":"0","TradeTime":"2025-05-13T14:32:41Z","TickSizeTier":"0","LastSize":"100","LastVenue":"NSDQ","VWAP":"424.1862","MarketFlags":{"IsBats":false,"IsDelayed":false,"IsHalted":false,"IsHardToBorrow":false}}`

var snapshotBody = []byte(`{"Quotes":[` + fmt.Sprintf(quoteJSON, "MSFT") + `,` + fmt.Sprintf(quoteJSON, "AAPL") + `]}`)

// memoryTransport answers every request with the same 200 JSON body, from
// memory: both sides of the benchmark pay exactly the same transport cost.
type memoryTransport struct{ body []byte }

func (m memoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{
		StatusCode:    200,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)),
		Request:       req,
	}, nil
}

// benchSession returns a session whose first token comes from the memory
// transport too (the token endpoint answers with the same kind of canned
// body), so no benchmark iteration refreshes.
func benchSession(b *testing.B) *auth.Session {
	b.Helper()
	tok := memoryTransport{body: []byte(`{"access_token":"at-bench","expires_in":1200,"token_type":"Bearer"}`)}
	sess, err := auth.NewSession("id", "secret", "refresh", auth.Sim(), auth.WithHTTPClient(&http.Client{Transport: tok}))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := sess.Token(context.Background()); err != nil {
		b.Fatal(err)
	}
	return sess
}

// BenchmarkQuoteSnapshot compares GetQuoteSnapshots through the full
// client (session token, limit checks, error doer, retries on) with a
// hand-written net/http + encoding/json call of the same endpoint. The
// alternating run makes one call of each per iteration and reports the
// ratio of their times, which load on the machine moves for both alike.
func BenchmarkQuoteSnapshot(b *testing.B) {
	hc := &http.Client{Transport: memoryTransport{body: snapshotBody}}
	ctx := context.Background()
	symbols := []string{"MSFT", "AAPL"}

	full := func(b *testing.B) func() {
		api, err := client.NewV3(benchSession(b), option.WithHTTPClient(hc))
		if err != nil {
			b.Fatal(err)
		}
		return func() {
			resp, err := api.GetQuoteSnapshots(ctx, symbols)
			if err != nil || len(resp.Quotes) != 2 {
				b.Fatal(err)
			}
		}
	}
	plain := func() {
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
		if err := json.Unmarshal(body, &snap); err != nil || len(snap.Quotes) != 2 || !strings.HasPrefix(snap.Quotes[0].Last.String(), "425") {
			b.Fatal(err)
		}
	}

	b.Run("client", func(b *testing.B) {
		call := full(b)
		b.ReportAllocs()
		for b.Loop() {
			call()
		}
	})

	// generated is the bare generated client with a fixed bearer token: no
	// session, limits, retries or token refresh. It shows how much of the
	// difference is the generated code's.
	b.Run("generated", func(b *testing.B) {
		bearer := func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer at-bench")
			return nil
		}
		api, err := v3.NewClient("https://sim-api.tradestation.com/v3", option.WithHTTPClient(hc), option.WithRequestEditor(bearer))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			resp, err := api.GetQuoteSnapshots(ctx, symbols)
			if err != nil || len(resp.Quotes) != 2 {
				b.Fatal(err)
			}
		}
	})

	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			plain()
		}
	})

	b.Run("alternating", func(b *testing.B) {
		call := full(b)
		var inClient, inPlain time.Duration
		for b.Loop() {
			t0 := time.Now()
			call()
			t1 := time.Now()
			plain()
			inClient += t1.Sub(t0)
			inPlain += time.Since(t1)
		}
		b.ReportMetric(float64(inClient)/float64(inPlain), "client/plain")
	})
}
