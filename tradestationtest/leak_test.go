package tradestationtest_test

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
)

// serverGoroutines lists the goroutines running code of the fake.
func serverGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "tradestationtest.(*") || strings.Contains(g, "tradestationtest.streamBook") {
			out = append(out, g)
		}
	}
	return out
}

func TestCloseEndsEveryGoroutineOfTheServer(t *testing.T) {
	srv := tradestationtest.NewServer(tradestationtest.WithHeartbeat(5*time.Millisecond), tradestationtest.WithRealTime(),
		tradestationtest.WithStateFile(filepath.Join(t.TempDir(), "state.json")))
	mt := httpmock.NewMockTransport()
	mock := tradestationtest.RegisterResponders(mt, tradestationtest.WithHeartbeat(5*time.Millisecond))
	for _, s := range []*tradestationtest.Server{srv, mock} {
		api, err := client.NewV3(s.Session(), option.WithHTTPClient(s.HTTPClient()))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.BreakStreams(tradestationtest.Stall, 1, 1); err != nil {
			t.Fatal(err)
		}
		for _, open := range []func() error{
			func() error { _, err := streamQuotes(ctxT(t), api, []string{"MSFT", "@ES"}); return err },
			func() error {
				_, err := streamOrders(ctxT(t), api, []string{tradestationtest.MarginAccountID})
				return err
			},
			func() error {
				_, err := streamPositions(ctxT(t), api, []string{tradestationtest.MarginAccountID}, nil)
				return err
			},
			func() error { _, err := streamDepthAggregates(ctxT(t), api, "AAPL", nil); return err },
		} {
			if err := open(); err != nil { // bodies left unread on purpose
				t.Fatal(err)
			}
		}
		place(t, api, marketOrder(tradestationtest.MarginAccountID, "SPY", 1, v3.TradeActionBuy))
		s.Advance(time.Minute)
	}
	if len(serverGoroutines()) == 0 {
		t.Fatal("no goroutine of the server is running before Close; the test proves nothing")
	}
	srv.Close()
	mock.Close()
	if left := goroutinesAfter(serverGoroutines); len(left) > 0 {
		t.Errorf("%d goroutines of the server outlive Close:\n%s", len(left), strings.Join(left, "\n\n"))
	}
}

// goroutinesAfter is list's answer once it is empty, or after a second. A
// goroutine that Close has waited for may still be returning through its
// deferred calls when Close returns; one that lives on is a leak.
func goroutinesAfter(list func() []string) []string {
	left := list()
	for deadline := time.Now().Add(time.Second); len(left) > 0 && time.Now().Before(deadline); left = list() {
		time.Sleep(10 * time.Millisecond)
	}
	return left
}
