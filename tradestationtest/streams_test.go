package tradestationtest_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
)

func TestStreamSendsHeartbeatsWhenIdle(t *testing.T) {
	_, api := newFake(t, tradestationtest.WithHeartbeat(20*time.Millisecond))
	resp, err := streamQuotes(ctxT(t), api, []string{"MSFT"})
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.tradestation.streams.v2+json" {
		t.Errorf("Content-Type %q", ct)
	}
	l := readLines(t, resp)
	first := l.until(t, "Last")
	if string(first["Symbol"]) != `"MSFT"` {
		t.Errorf("first message %v", first)
	}
	for want := int64(1); want <= 3; want++ {
		var hb v3.Heartbeat
		raw, _ := json.Marshal(l.until(t, "Heartbeat"))
		if err := json.Unmarshal(raw, &hb); err != nil || hb.Heartbeat != want || hb.Timestamp.IsZero() {
			t.Errorf("heartbeat %d: %+v %v", want, hb, err)
		}
	}
}

func TestQuoteStreamSendsOnlyChangedFieldsAfterAdvance(t *testing.T) {
	srv, api := newFake(t)
	resp, err := streamQuotes(ctxT(t), api, []string{"MSFT", "NOPE"})
	if err != nil {
		t.Fatal(err)
	}
	l := readLines(t, resp)
	full := l.until(t, "Last")
	bad := l.until(t, "Error")
	if string(bad["Symbol"]) != `"NOPE"` {
		t.Errorf("error line %v", bad)
	}
	srv.Advance(time.Minute)
	change := l.until(t, "Symbol")
	if _, ok := change["Last"]; !ok || len(change) >= len(full) {
		t.Errorf("change %v should carry Last and fewer fields than the first quote (%d)", change, len(full))
	}
	if _, ok := change["Description"]; ok {
		t.Errorf("change carries an unchanged field: %v", change)
	}
}

func TestOrderStreamSnapshotThenEndSnapshotThenLiveOrders(t *testing.T) {
	srv, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	early := place(t, api, limitBuy(acct, "MSFT", 1, dec(t, "350.00")))
	resp, err := streamOrders(ctxT(t), api, []string{acct})
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.tradestation.streams.v3+json" {
		t.Errorf("Content-Type %q", ct)
	}
	l := readLines(t, resp)
	snap := l.until(t, "OrderID")
	if string(snap["OrderID"]) != `"`+early+`"` {
		t.Errorf("snapshot order %s, want %s", snap["OrderID"], early)
	}
	if end := l.until(t, "StreamStatus"); string(end["StreamStatus"]) != `"EndSnapshot"` {
		t.Fatalf("after the snapshot: %v", end)
	}
	id := place(t, api, marketOrder(acct, "AAPL", 2, v3.TradeActionBuy))
	var statuses []string
	for len(statuses) < 2 {
		m := l.until(t, "OrderID")
		if string(m["OrderID"]) == `"`+id+`"` {
			statuses = append(statuses, string(m["Status"]))
		}
	}
	if statuses[0] != `"OPN"` || statuses[1] != `"FLL"` {
		t.Errorf("order %s went through %v, want OPN then FLL", id, statuses)
	}
	_ = srv
}

func TestPositionStreamShowsAFillAndTheClose(t *testing.T) {
	_, api := newFake(t)
	acct := tradestationtest.CashAccountID
	changes := true
	resp, err := streamPositions(ctxT(t), api, []string{acct}, &v3.StreamPositionsParams{Changes: changes})
	if err != nil {
		t.Fatal(err)
	}
	l := readLines(t, resp)
	if aapl := l.until(t, "PositionID"); string(aapl["Symbol"]) != `"AAPL"` {
		t.Errorf("snapshot %v", aapl)
	}
	l.until(t, "StreamStatus")
	place(t, api, marketOrder(acct, "SPY", 3, v3.TradeActionBuy))
	opened := l.until(t, "Symbol")
	if string(opened["Symbol"]) != `"SPY"` || string(opened["Quantity"]) != `"3"` {
		t.Errorf("new position %v", opened)
	}
	place(t, api, marketOrder(acct, "SPY", 3, v3.TradeActionSell))
	gone := l.until(t, "Deleted")
	if string(gone["PositionID"]) != string(opened["PositionID"]) {
		t.Errorf("deleted %v, want position %s", gone, opened["PositionID"])
	}
}

// brokenQuoteStream opens an MSFT quote stream, with heartbeats every
// 5 ms, that suffers fault after the given number of messages; the next
// stream is whole.
func brokenQuoteStream(t *testing.T, fault tradestationtest.StreamFault, after int) (*v3.Client, *http.Response) {
	t.Helper()
	srv, api := newFake(t, tradestationtest.WithHeartbeat(5*time.Millisecond))
	if err := srv.BreakStreams(fault, after, 1); err != nil {
		t.Fatal(err)
	}
	resp, err := streamQuotes(ctxT(t), api, []string{"MSFT"})
	if err != nil {
		t.Fatal(err)
	}
	return api, resp
}

func TestGoAwayEndsTheStreamAfterNMessages(t *testing.T) {
	api, resp := brokenQuoteStream(t, tradestationtest.GoAway, 3)
	l := readLines(t, resp)
	var got []string
	for {
		s, ok := l.next(t)
		if !ok {
			break
		}
		got = append(got, s)
	}
	if len(got) != 4 || got[3] != `{"StreamStatus":"GoAway"}` {
		t.Errorf("stream lines %q, want 3 messages then GoAway", got)
	}
	if err := <-l.err; err != nil {
		t.Errorf("a GoAway stream should end cleanly: %v", err)
	}
	// The fault applied to one stream only: the next one keeps going.
	resp2, err := streamQuotes(ctxT(t), api, []string{"MSFT"})
	if err != nil {
		t.Fatal(err)
	}
	l2 := readLines(t, resp2)
	for range 6 {
		if s, ok := l2.next(t); !ok || s == `{"StreamStatus":"GoAway"}` {
			t.Fatalf("second stream: %q %v", s, ok)
		}
	}
}

func TestStalledStreamStaysOpenAndSilent(t *testing.T) {
	_, resp := brokenQuoteStream(t, tradestationtest.Stall, 2)
	l := readLines(t, resp)
	l.next(t)
	l.next(t)
	select {
	case s, ok := <-l.ch:
		t.Fatalf("a stalled stream sent %q (open %v)", s, ok)
	case <-time.After(100 * time.Millisecond): // twenty heartbeat intervals of silence
	}
	resp.Body.Close()
}

func TestDroppedStreamEndsWithAnUnexpectedEOF(t *testing.T) {
	_, resp := brokenQuoteStream(t, tradestationtest.Drop, 2)
	_, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading a dropped stream: %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestMarketDataStreamsOpenWithTheirFirstMessage(t *testing.T) {
	srv, api := newFake(t)
	_ = srv
	three, levels := int32(3), int32(5)
	cases := []struct {
		name string
		open func() (*http.Response, error)
		key  string
	}{
		{"bars", func() (*http.Response, error) {
			unit := v3.BarUnitMinute
			return streamBars(ctxT(t), api, "@ES", &v3.StreamBarsParams{Unit: unit, BarsBack: three})
		}, "Close"},
		{"depth quotes", func() (*http.Response, error) {
			return streamDepthQuotes(ctxT(t), api, "MSFT", &v3.StreamMarketDepthQuotesParams{MaxLevels: levels})
		}, "Bids"},
		{"depth aggregates", func() (*http.Response, error) {
			return streamDepthAggregates(ctxT(t), api, "MSFT", nil)
		}, "Asks"},
		{"option chain", func() (*http.Response, error) {
			return streamOptionChain(ctxT(t), api, "MSFT", &v3.StreamOptionChainParams{StrikeProximity: three})
		}, "Delta"},
		{"option quotes", func() (*http.Response, error) {
			leg1 := "MSFT 250620C460"
			ratio := int32(-1)
			return streamOptionQuotes(ctxT(t), api, &v3.StreamOptionQuotesParams{Leg0Symbol: "MSFT 250620C450", Leg1Symbol: leg1, Leg1Ratio: ratio})
		}, "Legs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, err := c.open()
			if err != nil {
				t.Fatal(err)
			}
			l := readLines(t, resp)
			first := l.until(t, c.key)
			if len(first) < 2 {
				t.Errorf("first message %v", first)
			}
		})
	}
}

func TestOptionChainCentresOnTheUnderlying(t *testing.T) {
	_, api := newFake(t)
	prox := int32(2)
	single := "Single"
	resp, err := streamOptionChain(ctxT(t), api, "MSFT", &v3.StreamOptionChainParams{StrikeProximity: prox, SpreadType: single})
	if err != nil {
		t.Fatal(err)
	}
	l := readLines(t, resp)
	var strikes []string
	for range 10 { // 5 strikes, calls and puts
		var sp v3.Spread
		raw, _ := json.Marshal(l.until(t, "Strikes"))
		if err := json.Unmarshal(raw, &sp); err != nil {
			t.Fatal(err)
		}
		strikes = append(strikes, sp.Strikes[0].String())
		if sp.Side == v3.SpreadSideCall && (sp.Delta.Float64() <= 0 || sp.Delta.Float64() >= 1) {
			t.Errorf("call %v has delta %v", sp.Legs[0].Symbol, sp.Delta)
		}
	}
	if strikes[0] != "415" || strikes[9] != "435" {
		t.Errorf("strikes %v should run from 415 to 435 around MSFT at 425.37", strikes)
	}
}

func TestBarStreamClosesTheFormingBarAndOpensTheNext(t *testing.T) {
	srv, api := newFake(t)
	unit, back := v3.BarUnitMinute, int32(2)
	resp, err := streamBars(ctxT(t), api, "MSFT", &v3.StreamBarsParams{Unit: unit, BarsBack: back})
	if err != nil {
		t.Fatal(err)
	}
	l := readLines(t, resp)
	decode := func(m map[string]json.RawMessage) v3.Bar {
		raw, _ := json.Marshal(m)
		var b v3.Bar
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	l.until(t, "Close")
	forming := decode(l.until(t, "Close"))
	if forming.BarStatus != v3.BarStatusOpen || !forming.IsEndOfHistory {
		t.Fatalf("last history bar %+v", forming)
	}
	srv.Advance(time.Minute)
	closed := decode(l.until(t, "Close"))
	next := decode(l.until(t, "Close"))
	if closed.BarStatus != v3.BarStatusClosed || !closed.TimeStamp.Equal(forming.TimeStamp) {
		t.Errorf("the forming bar should come again, closed: %+v", closed)
	}
	if next.BarStatus != v3.BarStatusOpen || next.TimeStamp.Sub(closed.TimeStamp) != time.Minute {
		t.Errorf("the next bar %+v", next)
	}
}

func TestRealTimeClockFollowsTheWallClock(t *testing.T) {
	srv, _ := newFake(t, tradestationtest.WithRealTime())
	start := srv.Now()
	deadline := time.Now().Add(10 * time.Second)
	for !srv.Now().After(start) {
		if time.Now().After(deadline) {
			t.Fatal("the real-time clock did not move in 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
