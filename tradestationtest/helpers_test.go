package tradestationtest_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// newFake starts a server that the test closes, and a v3 client on it
// whose retries wait at most a few milliseconds unless the server asks more.
func newFake(t *testing.T, opts ...tradestationtest.Option) (*tradestationtest.Server, *v3.Client) {
	t.Helper()
	srv := tradestationtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	api, err := client.NewV3(srv.Session(), option.WithBackoff(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		t.Fatalf("NewV3: %v", err)
	}
	return srv, api
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func dec(t *testing.T, s string) value.Decimal {
	t.Helper()
	d, err := value.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// apiError unwraps a client error into TradeStation's answer.
func apiError(t *testing.T, err error) *client.APIError {
	t.Helper()
	var ae *client.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not a *client.APIError", err)
	}
	return ae
}

func limitBuy(account, symbol string, qty int64, limit value.Decimal) v3.OrderRequest {
	return v3.OrderRequest{AccountID: account, Symbol: symbol, Quantity: value.NewDecimal(qty, 0), OrderType: v3.OrderTypeLimit,
		LimitPrice: limit, TradeAction: v3.TradeActionBuy, TimeInForce: v3.TimeInForce{Duration: v3.DurationDay}}
}

func marketOrder(account, symbol string, qty int64, action v3.TradeAction) v3.OrderRequest {
	return v3.OrderRequest{AccountID: account, Symbol: symbol, Quantity: value.NewDecimal(qty, 0), OrderType: v3.OrderTypeMarket,
		TradeAction: action, TimeInForce: v3.TimeInForce{Duration: v3.DurationDay}}
}

// gtcSell is a good-till-cancelled sell of the given type; limit and stop
// are zero where the type takes none.
func gtcSell(account, symbol string, qty int64, typ v3.OrderType, limit, stop value.Decimal) v3.OrderRequest {
	return v3.OrderRequest{AccountID: account, Symbol: symbol, Quantity: value.NewDecimal(qty, 0), OrderType: typ,
		LimitPrice: limit, StopPrice: stop, TradeAction: v3.TradeActionSell, TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC}}
}

// place places req and returns the one order id it was given.
func place(t *testing.T, api *v3.Client, req v3.OrderRequest) string {
	t.Helper()
	resp, err := api.PlaceOrder(ctxT(t), req)
	if err != nil {
		t.Fatalf("PlaceOrder: %v", err)
	}
	if len(resp.Errors) > 0 || len(resp.Orders) == 0 {
		t.Fatalf("PlaceOrder refused: %+v", resp)
	}
	return resp.Orders[0].OrderID
}

// orderStatus looks an order up by id among today's and open orders.
func orderStatus(t *testing.T, api *v3.Client, account, id string) v3.Order {
	t.Helper()
	resp, err := api.GetOrdersByOrderID(ctxT(t), []string{account}, []string{id})
	if err != nil {
		t.Fatalf("GetOrdersByOrderID %s: %v", id, err)
	}
	if len(resp.Orders) != 1 {
		t.Fatalf("GetOrdersByOrderID %s: %+v", id, resp)
	}
	return resp.Orders[0]
}

func position(t *testing.T, api *v3.Client, account, symbol string) (v3.Position, bool) {
	t.Helper()
	resp, err := api.GetPositions(ctxT(t), []string{account}, nil)
	if err != nil {
		t.Fatalf("GetPositions: %v", err)
	}
	for _, p := range resp.Positions {
		if p.Symbol == symbol {
			return p, true
		}
	}
	return v3.Position{}, false
}

func balance(t *testing.T, api *v3.Client, account string) v3.Balance {
	t.Helper()
	resp, err := api.GetBalances(ctxT(t), []string{account})
	if err != nil || len(resp.Balances) != 1 {
		t.Fatalf("GetBalances: %v %+v", err, resp)
	}
	return resp.Balances[0]
}

// lines reads a stream body line by line in the background.
type lines struct {
	ch   chan string
	body io.ReadCloser
	err  chan error
}

func readLines(t *testing.T, resp *http.Response) *lines {
	t.Helper()
	l := &lines{ch: make(chan string, 1024), body: resp.Body, err: make(chan error, 1)}
	t.Cleanup(func() { resp.Body.Close() })
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			l.ch <- sc.Text()
		}
		l.err <- sc.Err()
		close(l.ch)
	}()
	return l
}

// next returns the next line, failing the test after a generous wait.
func (l *lines) next(t *testing.T) (string, bool) {
	t.Helper()
	select {
	case s, ok := <-l.ch:
		return s, ok
	case <-time.After(10 * time.Second):
		t.Fatal("no stream line within 10 s")
		return "", false
	}
}

// until reads lines until one has key; it returns that line decoded.
func (l *lines) until(t *testing.T, key string) map[string]json.RawMessage {
	t.Helper()
	for {
		s, ok := l.next(t)
		if !ok {
			t.Fatalf("stream ended before a line with %q", key)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatalf("stream line %q is not a JSON object: %v", s, err)
		}
		if _, ok := m[key]; ok {
			return m
		}
	}
}

// The stream openers of package v3, as package stream finds them: each
// sends one request and returns the answer with its body unread, for tests
// that read the fake's stream lines themselves.
var (
	streamQuotes          = streamhook.Lookup[func(context.Context, *v3.Client, []string, ...option.RequestOption) (*http.Response, error)]("v3.StreamQuotes")
	streamBars            = streamhook.Lookup[func(context.Context, *v3.Client, string, *v3.StreamBarsParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamBars")
	streamDepthQuotes     = streamhook.Lookup[func(context.Context, *v3.Client, string, *v3.StreamMarketDepthQuotesParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamMarketDepthQuotes")
	streamDepthAggregates = streamhook.Lookup[func(context.Context, *v3.Client, string, *v3.StreamMarketDepthAggregatesParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamMarketDepthAggregates")
	streamOptionChain     = streamhook.Lookup[func(context.Context, *v3.Client, string, *v3.StreamOptionChainParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamOptionChain")
	streamOptionQuotes    = streamhook.Lookup[func(context.Context, *v3.Client, *v3.StreamOptionQuotesParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamOptionQuotes")
	streamOrders          = streamhook.Lookup[func(context.Context, *v3.Client, []string, ...option.RequestOption) (*http.Response, error)]("v3.StreamOrders")
	streamPositions       = streamhook.Lookup[func(context.Context, *v3.Client, []string, *v3.StreamPositionsParams, ...option.RequestOption) (*http.Response, error)]("v3.StreamPositions")
)
