package tradestationtest_test

import (
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
)

// newMockFake registers a fake on a new mock transport, closed when the
// test ends, and returns it with a v3 client that goes through the mock.
func newMockFake(t *testing.T) (*tradestationtest.Server, *v3.Client) {
	t.Helper()
	srv := tradestationtest.RegisterResponders(httpmock.NewMockTransport())
	t.Cleanup(srv.Close)
	api, err := client.NewV3(srv.Session()) // the session's HTTP client reaches the mock
	if err != nil {
		t.Fatalf("NewV3: %v", err)
	}
	return srv, api
}

func TestRespondersServeStreamsOrdersAndFaultsWithoutASocket(t *testing.T) {
	srv, api := newMockFake(t)
	if srv.URL() != "" {
		t.Errorf("a mock server has URL %q", srv.URL())
	}
	resp, err := streamOrders(ctxT(t), api, []string{tradestationtest.MarginAccountID})
	if err != nil {
		t.Fatal(err)
	}
	l := readLines(t, resp)
	l.until(t, "StreamStatus")
	id := place(t, api, marketOrder(tradestationtest.MarginAccountID, "SPY", 1, v3.TradeActionBuy))
	if m := l.until(t, "OrderID"); string(m["OrderID"]) != `"`+id+`"` {
		t.Errorf("stream through the mock sent %v, want order %s", m, id)
	}

	if err := srv.BreakStreams(tradestationtest.Drop, 0, 1); err != nil {
		t.Fatal(err)
	}
	dropped, err := streamQuotes(ctxT(t), api, []string{"MSFT"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(dropped.Body); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("a dropped stream through the mock: %v", err)
	}
}

func TestCloseRemovesTheResponders(t *testing.T) {
	mt := httpmock.NewMockTransport()
	srv := tradestationtest.RegisterResponders(mt)
	srv.Close()
	if n := mt.NumResponders(); n != 0 {
		t.Errorf("%d responders left after Close", n)
	}
	_, err := (&http.Client{Transport: mt}).Get("https://api.tradestation.com/v3/brokerage/accounts")
	if err == nil {
		t.Error("the mock still answers after Close")
	}
}

// Behind httpmock an answer's body is a pipe: writing it waits for the
// reader. A body the test leaves unread must not keep the server locked.
func TestUnreadAnswerBehindTheMockDoesNotBlockTheServer(t *testing.T) {
	srv, api := newMockFake(t)
	sess := srv.Session()
	req, err := http.NewRequestWithContext(ctxT(t), http.MethodGet, sess.BaseURL()+"/brokerage/accounts/"+tradestationtest.MarginAccountID+"/balances", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestEditor()(ctxT(t), req); err != nil {
		t.Fatal(err)
	}
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close() // unread until the test ends

	advanced := make(chan struct{})
	go func() {
		srv.Advance(time.Minute)
		close(advanced)
	}()
	select {
	case <-advanced:
	case <-time.After(10 * time.Second):
		t.Fatal("Advance still waits for the server while a balance answer is unread")
	}
	if _, err := api.GetAccounts(ctxT(t)); err != nil {
		t.Errorf("GetAccounts while a balance answer is unread: %v", err)
	}
}
