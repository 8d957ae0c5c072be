package tradestationtest_test

import (
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v2"
)

func newV2(t *testing.T) (*tradestationtest.Server, *v2.Client) {
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
	accts, err := api.GetAccountsByUserID(ctxT(t), tradestationtest.UserID)
	if err != nil || len(*accts) != 3 || (*accts)[0].Type != v2.AccountTypeMargin {
		t.Fatalf("accounts: %v %+v", err, accts)
	}
	bal, err := api.GetBalancesByAccounts(ctxT(t), []string{tradestationtest.MarginAccountID})
	if err != nil || (*bal)[0].RealTimeAccountBalance.String() != "45853.14" {
		t.Errorf("balances: %v %+v", err, bal)
	}
	pos, err := api.GetPositionsByAccounts(ctxT(t), []string{tradestationtest.MarginAccountID}, nil)
	if err != nil || len(*pos) != 1 || (*pos)[0].Symbol != "MSFT" || (*pos)[0].TimeStamp.IsZero() {
		t.Errorf("positions: %v %+v", err, pos)
	}
	q, err := api.GetQuotes(ctxT(t), []string{"MSFT", "MSFTX"})
	if err != nil {
		t.Fatal(err)
	}
	quotes := *q
	if len(quotes) != 2 || quotes[0].Last.String() != "425.37" || quotes[0].TradeTime.IsZero() || quotes[1].Error == "" {
		t.Errorf("quotes: %+v", quotes)
	}
	sym, err := api.GetSymbol(ctxT(t), "@ES")
	if err != nil || sym.Root != "ES" || sym.PointValue.String() != "50" {
		t.Errorf("symbol: %v %+v", err, sym)
	}
}

func TestV2PlaceConfirmAndCancelShareTheOrderBook(t *testing.T) {
	_, api := newV2(t)
	req := v2.OrderRequest{AccountKey: tradestationtest.MarginAccountID, AssetType: v2.AssetTypeEquity, Duration: v2.DurationDay,
		OrderType: v2.OrderTypeLimit, LimitPrice: dec(t, "400.00"), Quantity: dec(t, "5"), Symbol: "MSFT", TradeAction: v2.TradeActionBuy}
	conf, err := api.ConfirmOrder(ctxT(t), req)
	if err != nil {
		t.Fatal(err)
	}
	confs, err := conf.List()
	if err != nil || len(confs) != 1 || confs[0].EstimatedCost.String() != "2000.00" || confs[0].OrderConfirmID == "" {
		t.Fatalf("confirmation: %v %+v", err, confs)
	}
	placed, err := api.PlaceOrder(ctxT(t), req)
	if err != nil {
		t.Fatal(err)
	}
	results, err := placed.List()
	if err != nil || len(results) != 1 || results[0].OrderStatus != v2.OrderResultStatusOk {
		t.Fatalf("placement: %v %+v", err, results)
	}
	id := results[0].OrderID
	orders, err := api.GetOrdersByAccounts(ctxT(t), []string{tradestationtest.MarginAccountID}, nil)
	if err != nil || len(*orders) != 1 || (*orders)[0].Status != v2.OrderStatusOpen {
		t.Fatalf("orders: %v %+v", err, orders)
	}
	if _, err := api.CancelOrder(ctxT(t), id); err != nil {
		t.Fatal(err)
	}
	orders, _ = api.GetOrdersByAccounts(ctxT(t), []string{tradestationtest.MarginAccountID}, nil)
	if o := (*orders)[0]; o.Status != v2.OrderStatusCanceled || o.FilledCanceled.IsZero() {
		t.Errorf("cancelled order: %+v", o)
	}
}

func TestV2ErrorsUseV2sShape(t *testing.T) {
	srv, api := newV2(t)
	_, err := api.GetBalancesByAccounts(ctxT(t), []string{"12345678"})
	if ae := apiError(t, err); ae.StatusCode != http.StatusNotFound || ae.TraceID == "" || ae.Message == "" {
		t.Errorf("unknown account: %+v", ae)
	}
	req := v2.OrderRequest{AccountKey: tradestationtest.MarginAccountID, AssetType: v2.AssetTypeFuture, Duration: v2.DurationDay,
		OrderType: v2.OrderTypeMarket, Quantity: dec(t, "5"), Symbol: "MSFT", TradeAction: v2.TradeActionBuy}
	placed, err := api.PlaceOrder(ctxT(t), req)
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := placed.List(); len(res) != 1 || res[0].OrderStatus != v2.OrderResultStatusFailed {
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
	api, err := client.NewV2(srv.Session(), option.WithHTTPClient(hc), option.WithBackoff(time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.FailResponses("POST /v2/orders", 502, 1); err != nil {
		t.Fatal(err)
	}
	req := v2.OrderRequest{AccountKey: tradestationtest.MarginAccountID, AssetType: v2.AssetTypeEquity, Duration: v2.DurationGoodTillCanceled,
		OrderType: v2.OrderTypeLimit, LimitPrice: dec(t, "400.00"), Quantity: dec(t, "5"), Symbol: "MSFT", TradeAction: v2.TradeActionBuy}
	_, err = api.PlaceOrder(ctxT(t), req)
	mp := maybePlaced(t, err)
	if n := drain(hits, "POST /v2/orders"); n != 2 || len(mp.ConfirmIDs) != 1 || len(mp.OrderIDs) != 1 {
		t.Fatalf("sent %d times; error carries ids %v and orders %v; want 2, one id, one order", n, mp.ConfirmIDs, mp.OrderIDs)
	}
	orders, err := api.GetOrdersByAccounts(ctxT(t), []string{tradestationtest.MarginAccountID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(*orders) != 1 || strconv.FormatInt((*orders)[0].OrderID, 10) != mp.OrderIDs[0] {
		t.Errorf("orders on the books %+v, want only %s", *orders, mp.OrderIDs[0])
	}
}
