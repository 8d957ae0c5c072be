package tradestation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/internal/sidebyside"
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

// BenchmarkQuoteSnapshot makes quote snapshot calls through the full
// client (session token, limit checks, error doer, retries on) and the
// hand-written net/http + encoding/json call of the same endpoint, over
// the same in-memory transport, in alternating rounds of 200 calls, and
// reports each side's median time, allocations and bytes per call and the
// median of the per-round ratios (time-ratio: the client's time over the
// hand-written call's). "generated" does the same with the bare generated
// client and a fixed bearer token (no session, limits, retries or token
// refresh): how much of the time is the generated code's.
//
//	go test -run '^$' -bench QuoteSnapshot -benchtime 21x -count 5 .
func BenchmarkQuoteSnapshot(b *testing.B) {
	const perRound = 200
	hc := &http.Client{Transport: memoryTransport{body: snapshotBody}}
	ctx := context.Background()
	symbols := []string{"MSFT", "AAPL"}
	plain := func(b *testing.B) {
		for range perRound {
			plainQuoteSnapshot(b, ctx, hc)
		}
	}
	calls := func(api *v3.Client) func(b *testing.B) {
		return func(b *testing.B) {
			for range perRound {
				q, err := api.GetQuoteSnapshots(ctx, symbols)
				if err != nil || len(q.Quotes) != 2 || q.Quotes[1].Symbol != "AAPL" {
					b.Fatal(err)
				}
			}
		}
	}

	b.Run("client", func(b *testing.B) {
		api, err := client.NewV3(benchSession(b), option.WithHTTPClient(hc))
		if err != nil {
			b.Fatal(err)
		}
		sidebyside.Run(b, perRound, calls(api), plain)
	})

	b.Run("generated", func(b *testing.B) {
		bearer := func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer at-bench")
			return nil
		}
		api, err := v3.NewClient("https://sim-api.tradestation.com/v3", option.WithHTTPClient(hc), option.WithRequestEditor(bearer))
		if err != nil {
			b.Fatal(err)
		}
		sidebyside.Run(b, perRound, calls(api), plain)
	})
}

// plainQuoteSnapshot is the call a user would write by hand.
func plainQuoteSnapshot(b *testing.B, ctx context.Context, hc *http.Client) {
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
	if err := json.Unmarshal(body, &snap); err != nil || len(snap.Quotes) != 2 || snap.Quotes[1].Symbol != "AAPL" {
		b.Fatal(err)
	}
}
