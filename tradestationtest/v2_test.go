package tradestationtest_test

import (
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v2"
)

func newV2(t *testing.T) (*tradestationtest.Server, *v2.ClientWithResponses) {
	t.Helper()
	srv := tradestationtest.NewServer()
	t.Cleanup(srv.Close)
	api, err := client.NewV2(srv.Session())
	if err != nil {
		t.Fatal(err)
	}
	return srv, api
}

func TestV2AccountsBalancesPositionsAndQuotes(t *testing.T) {
	_, api := newV2(t)
	accts, err := api.GetAccountsByUserIDWithResponse(ctxT(t), tradestationtest.UserID)
	if err != nil || len(*accts.JSON200) != 3 || (*accts.JSON200)[0].Type != v2.AccountTypeMargin {
		t.Fatalf("accounts: %v %+v", err, accts)
	}
	bal, err := api.GetBalancesByAccountsWithResponse(ctxT(t), tradestationtest.MarginAccountID)
	if err != nil || (*bal.JSON200)[0].RealTimeAccountBalance.String() != "45853.14" {
		t.Errorf("balances: %v %+v", err, bal)
	}
	pos, err := api.GetPositionsByAccountsWithResponse(ctxT(t), tradestationtest.MarginAccountID, nil)
	if err != nil || len(*pos.JSON200) != 1 || (*pos.JSON200)[0].Symbol != "MSFT" || (*pos.JSON200)[0].TimeStamp.IsZero() {
		t.Errorf("positions: %v %+v", err, pos)
	}
	q, err := api.GetQuotesWithResponse(ctxT(t), "MSFT,MSFTX")
	if err != nil {
		t.Fatal(err)
	}
	quotes := *q.JSON200
	if len(quotes) != 2 || quotes[0].Last.String() != "425.37" || quotes[0].TradeTime.IsZero() || quotes[1].Error == "" {
		t.Errorf("quotes: %+v", quotes)
	}
	sym, err := api.GetSymbolWithResponse(ctxT(t), "@ES")
	if err != nil || sym.JSON200.Root != "ES" || sym.JSON200.PointValue.String() != "50" {
		t.Errorf("symbol: %v %+v", err, sym)
	}
}

func TestV2PlaceConfirmAndCancelShareTheOrderBook(t *testing.T) {
	_, api := newV2(t)
	req := v2.OrderRequest{AccountKey: tradestationtest.MarginAccountID, AssetType: v2.AssetTypeEquity, Duration: v2.DurationDay,
		OrderType: v2.OrderTypeLimit, LimitPrice: dec(t, "400.00"), Quantity: dec(t, "5"), Symbol: "MSFT", TradeAction: v2.TradeActionBuy}
	conf, err := api.ConfirmOrderWithResponse(ctxT(t), req)
	if err != nil {
		t.Fatal(err)
	}
	confs, err := conf.JSON200.List()
	if err != nil || len(confs) != 1 || confs[0].EstimatedCost.String() != "2000.00" || confs[0].OrderConfirmID == "" {
		t.Fatalf("confirmation: %v %+v", err, confs)
	}
	placed, err := api.PlaceOrderWithResponse(ctxT(t), req)
	if err != nil {
		t.Fatal(err)
	}
	results, err := placed.JSON200.List()
	if err != nil || len(results) != 1 || results[0].OrderStatus != v2.OrderResultStatusOk {
		t.Fatalf("placement: %v %+v", err, results)
	}
	id := results[0].OrderID
	orders, err := api.GetOrdersByAccountsWithResponse(ctxT(t), tradestationtest.MarginAccountID, nil)
	if err != nil || len(*orders.JSON200) != 1 || (*orders.JSON200)[0].Status != v2.OrderStatusOpen {
		t.Fatalf("orders: %v %+v", err, orders)
	}
	if _, err := api.CancelOrderWithResponse(ctxT(t), id); err != nil {
		t.Fatal(err)
	}
	orders, _ = api.GetOrdersByAccountsWithResponse(ctxT(t), tradestationtest.MarginAccountID, nil)
	if o := (*orders.JSON200)[0]; o.Status != v2.OrderStatusCanceled || o.FilledCanceled.IsZero() {
		t.Errorf("cancelled order: %+v", o)
	}
}

func TestV2ErrorsUseV2sShape(t *testing.T) {
	srv, api := newV2(t)
	_, err := api.GetBalancesByAccountsWithResponse(ctxT(t), "12345678")
	if ae := apiError(t, err); ae.StatusCode != http.StatusNotFound || ae.TraceID == "" || ae.Message == "" {
		t.Errorf("unknown account: %+v", ae)
	}
	req := v2.OrderRequest{AccountKey: tradestationtest.MarginAccountID, AssetType: v2.AssetTypeFuture, Duration: v2.DurationDay,
		OrderType: v2.OrderTypeMarket, Quantity: dec(t, "5"), Symbol: "MSFT", TradeAction: v2.TradeActionBuy}
	placed, err := api.PlaceOrderWithResponse(ctxT(t), req)
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := placed.JSON200.List(); len(res) != 1 || res[0].OrderStatus != v2.OrderResultStatusFailed {
		t.Errorf("an order whose AssetType does not match: %+v", res)
	}
	// The v2 client adds APIVersion; a request without it is refused.
	status, body := rawGet(t, srv, "/v2/data/quote/MSFT")
	if status != http.StatusBadRequest || !contains(body, "APIVersion") || !contains(body, "TraceId") {
		t.Errorf("a v2 request without APIVersion: %d %s", status, body)
	}
}

// rawGet sends a signed-in GET without any client of the SDK.
func rawGet(t *testing.T, srv *tradestationtest.Server, path string) (int, string) {
	t.Helper()
	tok, err := srv.Session().Token(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctxT(t), http.MethodGet, srv.URL()+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// The v2 client fills in v2's OrderConfirmId and reads v2's Failed answer
// to a repeated one as an order that may exist.
func TestV2LostPlacementAnswerSaysTheOrderMayExistAndPlacesOne(t *testing.T) {
	srv := tradestationtest.NewServer()
	t.Cleanup(srv.Close)
	hc, hits := counted(srv)
	api, err := client.NewV2(srv.Session(), client.WithHTTPClient(hc), client.WithBackoff(time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.FailResponses("POST /v2/orders", 502, 1); err != nil {
		t.Fatal(err)
	}
	req := v2.OrderRequest{AccountKey: tradestationtest.MarginAccountID, AssetType: v2.AssetTypeEquity, Duration: v2.DurationGoodTillCanceled,
		OrderType: v2.OrderTypeLimit, LimitPrice: dec(t, "400.00"), Quantity: dec(t, "5"), Symbol: "MSFT", TradeAction: v2.TradeActionBuy}
	_, err = api.PlaceOrderWithResponse(ctxT(t), req)
	mp := maybePlaced(t, err)
	if n := drain(hits, "POST /v2/orders"); n != 2 || len(mp.ConfirmIDs) != 1 || len(mp.OrderIDs) != 1 {
		t.Fatalf("sent %d times; error carries ids %v and orders %v; want 2, one id, one order", n, mp.ConfirmIDs, mp.OrderIDs)
	}
	orders, err := api.GetOrdersByAccountsWithResponse(ctxT(t), tradestationtest.MarginAccountID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(*orders.JSON200) != 1 || strconv.FormatInt((*orders.JSON200)[0].OrderID, 10) != mp.OrderIDs[0] {
		t.Errorf("orders on the books %+v, want only %s", *orders.JSON200, mp.OrderIDs[0])
	}
}
