package tradestationtest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

func TestSessionSignsInAndListsTheThreeAccounts(t *testing.T) {
	srv, api := newFake(t)
	resp, err := api.GetAccounts(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]v3.AccountType{}
	for _, a := range resp.Accounts {
		got[a.AccountID] = a.AccountType
	}
	want := map[string]v3.AccountType{tradestationtest.MarginAccountID: v3.AccountTypeMargin,
		tradestationtest.CashAccountID: v3.AccountTypeCash, tradestationtest.FuturesAccountID: v3.AccountTypeFutures}
	for id, typ := range want {
		if got[id] != typ {
			t.Errorf("account %s: type %q, want %q (all: %v)", id, got[id], typ, got)
		}
	}
	sess := srv.Session()
	if _, err := sess.Token(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	info, err := sess.UserInfo()
	if err != nil || info.UserID != tradestationtest.UserID || info.Email != tradestationtest.UserEmail || info.Name != tradestationtest.UserName {
		t.Errorf("UserInfo = %+v, %v", info, err)
	}
}

func TestQuotesAreDeterministicAndUnknownSymbolsAreErrorsInA200(t *testing.T) {
	_, api1 := newFake(t)
	_, api2 := newFake(t)
	r1, err := api1.GetQuoteSnapshots(ctxT(t), []string{"MSFT", "AAPL", "MSFTX", "BTCUSD", "MSFT 250620C450"})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := api2.GetQuoteSnapshots(ctxT(t), []string{"MSFT", "AAPL", "MSFTX", "BTCUSD", "MSFT 250620C450"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r1.Quotes) != 4 || len(r1.Errors) != 1 || r1.Errors[0].Symbol != "MSFTX" {
		t.Fatalf("quotes %+v", r1)
	}
	for i, q := range r1.Quotes {
		q2 := r2.Quotes[i]
		if q.Last.Cmp(q2.Last) != 0 || q.Bid.Cmp(q2.Bid) != 0 || q.Volume.Cmp(q2.Volume) != 0 {
			t.Errorf("%s differs between servers: %v/%v vs %v/%v", q.Symbol, q.Last, q.Volume, q2.Last, q2.Volume)
		}
		if q.Bid.Cmp(q.Ask) >= 0 || q.Low.Cmp(q.Last) > 0 || q.High.Cmp(q.Last) < 0 {
			t.Errorf("%s: bid %v ask %v low %v last %v high %v are not ordered", q.Symbol, q.Bid, q.Ask, q.Low, q.Last, q.High)
		}
	}
}

func TestAdvanceMovesPricesAndBarsFollowTheClock(t *testing.T) {
	srv, api := newFake(t)
	before, _ := srv.Price("MSFT")
	srv.Advance(10 * time.Minute)
	after, _ := srv.Price("MSFT")
	if before.Cmp(after) == 0 {
		t.Errorf("MSFT did not move in ten minutes: %v", after)
	}
	unit, back := v3.BarUnitMinute, int32(10)
	resp, err := api.GetBars(ctxT(t), "MSFT", &v3.GetBarsParams{Unit: unit, BarsBack: back})
	if err != nil {
		t.Fatal(err)
	}
	bars := resp.Bars
	if len(bars) != 10 {
		t.Fatalf("%d bars, want 10", len(bars))
	}
	// The clock sits on a minute boundary: the last bar is the one that
	// just opened, ending a minute from now; the one before closed now.
	last, closed := bars[len(bars)-1], bars[len(bars)-2]
	if !last.IsEndOfHistory || last.BarStatus != v3.BarStatusOpen || last.Close.Cmp(after) != 0 || !last.TimeStamp.Equal(srv.Now().Add(time.Minute)) {
		t.Errorf("last bar %+v should be open, at %v, ending at %v", last, after, srv.Now().Add(time.Minute))
	}
	if closed.BarStatus != v3.BarStatusClosed || !closed.TimeStamp.Equal(srv.Now()) {
		t.Errorf("bar before the last %+v should have closed at %v", closed, srv.Now())
	}
	for i := 1; i < len(bars); i++ {
		if bars[i].TimeStamp.Sub(bars[i-1].TimeStamp) != time.Minute {
			t.Errorf("bars %d and %d are not a minute apart", i-1, i)
		}
		if bars[i].High.Cmp(bars[i].Low) < 0 || bars[i].High.Cmp(bars[i].Open) < 0 || bars[i].Low.Cmp(bars[i].Close) > 0 {
			t.Errorf("bar %d is not consistent: %+v", i, bars[i])
		}
	}
}

func TestBarsFollowTradeStationsIntervalRules(t *testing.T) {
	_, api := newFake(t)
	cases := []struct {
		name    string
		params  v3.GetBarsParams
		status  int // 0: success
		nBars   int
		spacing time.Duration
	}{
		{"default is one daily bar", v3.GetBarsParams{}, 0, 1, 0},
		{"five minute bars", v3.GetBarsParams{Unit: v3.BarUnitMinute, Interval: 5, BarsBack: 6}, 0, 6, 5 * time.Minute},
		{"weekly bars", v3.GetBarsParams{Unit: v3.BarUnitWeekly, BarsBack: 4}, 0, 4, 7 * 24 * time.Hour},
		{"daily between dates", v3.GetBarsParams{FirstDate: "2025-05-05", LastDate: "2025-05-09"}, 0, 5, 0},
		{"interval above 1 on daily bars", v3.GetBarsParams{Interval: 2}, http.StatusBadRequest, 0, 0},
		{"unknown unit", v3.GetBarsParams{Unit: "Hourly"}, http.StatusBadRequest, 0, 0},
		{"firstdate after lastdate", v3.GetBarsParams{FirstDate: "2025-05-09", LastDate: "2025-05-01"}, http.StatusBadRequest, 0, 0},
		{"barsback with firstdate", v3.GetBarsParams{BarsBack: 3, FirstDate: "2025-05-01"}, http.StatusBadRequest, 0, 0},
		{"bad date", v3.GetBarsParams{FirstDate: "last tuesday"}, http.StatusBadRequest, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, err := api.GetBars(ctxT(t), "MSFT", &c.params)
			if c.status != 0 {
				if ae := apiError(t, err); ae.StatusCode != c.status || ae.Code != "BadRequest" || ae.Message == "" {
					t.Errorf("got %+v", ae)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			bars := resp.Bars
			if len(bars) != c.nBars {
				t.Fatalf("%d bars, want %d", len(bars), c.nBars)
			}
			for i := 1; c.spacing != 0 && i < len(bars)-1; i++ {
				if d := bars[i].TimeStamp.Sub(bars[i-1].TimeStamp); d != c.spacing {
					t.Errorf("bars %d and %d are %v apart, want %v", i-1, i, d, c.spacing)
				}
			}
		})
	}
}

func TestOrderConfirmPlaceReplaceCancel(t *testing.T) {
	_, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	req := limitBuy(acct, "MSFT", 10, dec(t, "400.00"))
	conf, err := api.ConfirmOrder(ctxT(t), req)
	if err != nil {
		t.Fatal(err)
	}
	c := conf.Confirmations[0]
	if c.EstimatedCost.String() != "4000.00" || c.SummaryMessage != "Buy 10 MSFT @ 400.00 Limit" || len(c.OrderConfirmID) != 22 {
		t.Errorf("confirmation %+v", c)
	}

	id := place(t, api, req)
	if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusSent || o.LimitPrice.String() != "400.00" {
		t.Fatalf("placed order %+v", o)
	}
	if _, err := api.ReplaceOrder(ctxT(t), id, v3.OrderReplaceRequest{LimitPrice: dec(t, "401.50"), Quantity: dec(t, "20")}); err != nil {
		t.Fatal(err)
	}
	o := orderStatus(t, api, acct, id)
	if o.LimitPrice.String() != "401.50" || o.Legs[0].QuantityOrdered.String() != "20" {
		t.Errorf("replaced order %+v", o)
	}
	if _, err := api.CancelOrder(ctxT(t), id); err != nil {
		t.Fatal(err)
	}
	if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusCanceled || o.ClosedDateTime.IsZero() {
		t.Errorf("cancelled order %+v", o)
	}
	_, err = api.CancelOrder(ctxT(t), id)
	if ae := apiError(t, err); ae.StatusCode != http.StatusBadRequest {
		t.Errorf("cancelling twice: %v", ae)
	}
	_, err = api.CancelOrder(ctxT(t), "999")
	if ae := apiError(t, err); ae.StatusCode != http.StatusNotFound {
		t.Errorf("cancelling an unknown order: %v", ae)
	}
}

func TestLimitOrderFillsWhenThePathCrossesIt(t *testing.T) {
	srv, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	low, _, err := srv.PriceRange("AAPL", 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cashBefore := balance(t, api, acct).CashBalance
	id := place(t, api, limitBuy(acct, "AAPL", 10, low))
	if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusSent {
		t.Fatalf("the limit %v under the market filled at once: %+v", low, o)
	}

	srv.Advance(30 * time.Minute)

	o := orderStatus(t, api, acct, id)
	if o.Status != v3.OrderStatusFilled || o.FilledPrice.Cmp(low) > 0 {
		t.Fatalf("after the path crossed %v: %+v", low, o)
	}
	pos, ok := position(t, api, acct, "AAPL")
	if !ok || pos.Quantity.String() != "10" || pos.AveragePrice.Cmp(o.FilledPrice) != 0 || pos.LongShort != v3.PositionSideLong {
		t.Errorf("position after the fill: %+v (found %v)", pos, ok)
	}
	paid := o.FilledPrice.Rat()
	paid.Mul(paid, value.NewDecimal(10, 0).Rat())
	want := cashBefore.Rat()
	want.Sub(want, paid)
	if got := balance(t, api, acct).CashBalance; got.Rat().Cmp(want) != 0 {
		t.Errorf("cash after buying 10 at %v: %v, want %v", o.FilledPrice, got, want.FloatString(2))
	}
}

func TestMarketOrderFillsAtTheAskAndClosingSellRemovesThePosition(t *testing.T) {
	_, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	q, err := api.GetQuoteSnapshots(ctxT(t), []string{"TSLA"})
	if err != nil {
		t.Fatal(err)
	}
	id := place(t, api, marketOrder(acct, "TSLA", 5, v3.TradeActionBuy))
	if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusFilled || o.FilledPrice.Cmp(q.Quotes[0].Ask) != 0 {
		t.Fatalf("market buy %+v, ask was %v", o, q.Quotes[0].Ask)
	}
	if _, ok := position(t, api, acct, "TSLA"); !ok {
		t.Fatal("no TSLA position after the buy")
	}
	place(t, api, marketOrder(acct, "TSLA", 5, v3.TradeActionSell))
	if p, ok := position(t, api, acct, "TSLA"); ok {
		t.Errorf("TSLA position left after selling it all: %+v", p)
	}
}

func TestOCOFillCancelsItsSibling(t *testing.T) {
	srv, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	_, high, _ := srv.PriceRange("MSFT", 20*time.Minute)
	resp, err := api.PlaceGroupOrder(ctxT(t), v3.GroupOrderRequest{Type: v3.OrderGroupTypeOCO, Orders: []v3.OrderRequest{
		gtcSell(acct, "MSFT", 100, v3.OrderTypeLimit, high, value.Decimal{}),
		gtcSell(acct, "MSFT", 100, v3.OrderTypeStopMarket, value.Decimal{}, dec(t, "300.00")),
	}})
	if err != nil || len(resp.Orders) != 2 {
		t.Fatalf("PlaceGroupOrder: %v %+v", err, resp)
	}
	take, stop := resp.Orders[0].OrderID, resp.Orders[1].OrderID

	srv.Advance(20 * time.Minute)

	if o := orderStatus(t, api, acct, take); o.Status != v3.OrderStatusFilled {
		t.Errorf("take-profit at %v: %+v", high, o)
	}
	o := orderStatus(t, api, acct, stop)
	if o.Status != v3.OrderStatusCanceled || len(o.ConditionalOrders) != 1 || o.ConditionalOrders[0].OrderID != take {
		t.Errorf("stop sibling %+v", o)
	}
	if _, ok := position(t, api, acct, "MSFT"); ok {
		t.Error("the MSFT position is still open after the take-profit")
	}
}

func TestBracketLegsWaitForTheEntryAndThenWork(t *testing.T) {
	srv, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	low, _, _ := srv.PriceRange("NVDA", 15*time.Minute)
	entry := limitBuy(acct, "NVDA", 50, low)
	entry.OSOs = []v3.OrderSendsOrder{{Type: v3.OrderGroupTypeBracket, Orders: []v3.OrderRequest{
		gtcSell(acct, "NVDA", 50, v3.OrderTypeLimit, dec(t, "999.00"), value.Decimal{}),
		gtcSell(acct, "NVDA", 50, v3.OrderTypeStopMarket, value.Decimal{}, dec(t, "10.00")),
	}}}
	resp, err := api.PlaceOrder(ctxT(t), entry)
	if err != nil || len(resp.Orders) != 3 {
		t.Fatalf("PlaceOrder with a bracket: %v %+v", err, resp)
	}
	ids := []string{resp.Orders[0].OrderID, resp.Orders[1].OrderID, resp.Orders[2].OrderID}
	for _, id := range ids[1:] {
		if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusOSOOrder {
			t.Errorf("bracket leg %s before the entry fills: %+v", id, o.Status)
		}
	}
	srv.Advance(15 * time.Minute)
	if o := orderStatus(t, api, acct, ids[0]); o.Status != v3.OrderStatusFilled {
		t.Fatalf("entry %+v", o)
	}
	for _, id := range ids[1:] {
		if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusSent || o.GroupName == "" {
			t.Errorf("bracket leg %s after the entry filled: %s %q", id, o.Status, o.GroupName)
		}
	}
}

// TradeStation does not document its answer to a repeated OrderConfirmID;
// the fake answers as the client expects (see client.MaybePlacedError): a
// 200 whose Errors entry says "Duplicate OrderConfirmID" and names the
// order placed the first time.
func TestRepeatedOrderConfirmIDIsRefusedWithTheFirstOrderID(t *testing.T) {
	srv, api := newFake(t)
	req := limitBuy(tradestationtest.MarginAccountID, "MSFT", 1, dec(t, "300.00"))
	req.OrderConfirmID = "swing-msft-0513-001"
	first := place(t, api, req)

	var answer v3.OrderResults
	if status := postJSON(t, srv, "/v3/orderexecution/orders", req, &answer); status != http.StatusOK {
		t.Fatalf("the repeated placement answered %d, want 200", status)
	}
	if len(answer.Orders) != 0 || len(answer.Errors) != 1 {
		t.Fatalf("second placement %+v", answer)
	}
	if e := answer.Errors[0]; e.Error != "FAILED" || e.OrderID != first || !strings.Contains(e.Message, "Duplicate OrderConfirmID swing-msft-0513-001") {
		t.Errorf("refusal %+v should be FAILED, say Duplicate OrderConfirmID and name order %s", e, first)
	}
	_, err := api.PlaceOrder(ctxT(t), req)
	if mp := maybePlaced(t, err); len(mp.OrderIDs) != 1 || mp.OrderIDs[0] != first {
		t.Errorf("the client names orders %v, want %s", mp.OrderIDs, first)
	}
}

// postJSON sends body to the fake without the client's doer and decodes
// the answer into out.
func postJSON(t *testing.T, srv *tradestationtest.Server, path string, body, out any) int {
	t.Helper()
	tok, err := srv.Session().Token(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctxT(t), http.MethodPost, srv.URL()+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

func TestValidationErrorsUseTradeStationsShapes(t *testing.T) {
	_, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	noSymbol := limitBuy(acct, "", 1, dec(t, "1"))
	noLimit := limitBuy(acct, "MSFT", 1, value.Decimal{})
	fraction := limitBuy(acct, "MSFT", 1, dec(t, "1"))
	fraction.Quantity = dec(t, "1.5")
	noDuration := limitBuy(acct, "MSFT", 1, dec(t, "1"))
	noDuration.TimeInForce = v3.TimeInForce{}
	cases := []struct {
		name   string
		req    v3.OrderRequest
		status int
		field  string
	}{
		{"missing symbol", noSymbol, 400, "Symbol"},
		{"limit order without a price", noLimit, 400, "LimitPrice"},
		{"fractional quantity", fraction, 400, "Quantity"},
		{"missing duration", noDuration, 400, "TimeInForce.Duration"},
		{"unknown account", limitBuy("99999999", "MSFT", 1, dec(t, "1")), 404, "99999999"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := api.PlaceOrder(ctxT(t), c.req)
			ae := apiError(t, err)
			if ae.StatusCode != c.status || !contains(ae.Message, c.field) {
				t.Errorf("got %d %s %q, want %d naming %s", ae.StatusCode, ae.Code, ae.Message, c.status, c.field)
			}
		})
	}
	resp, err := api.PlaceOrder(ctxT(t), limitBuy(acct, "MSFTX", 1, dec(t, "1")))
	if err != nil || len(resp.Errors) != 1 || !contains(resp.Errors[0].Message, "MSFTX") {
		t.Errorf("unknown symbol: %v %+v", err, resp)
	}
	resp, err = api.PlaceOrder(ctxT(t), marketOrder(tradestationtest.CashAccountID, "MSFT", 5, v3.TradeActionSell))
	if err != nil || len(resp.Errors) != 1 || !contains(resp.Errors[0].Message, "cash account") {
		t.Errorf("short sale in a cash account: %v %+v", err, resp)
	}
	alone, err := api.GetBalances(ctxT(t), []string{"12345678"})
	if err != nil || len(alone.Balances) != 0 || len(alone.Errors) != 1 || alone.Errors[0].Error != "Forbidden" {
		t.Errorf("balances of an unknown account: %v %+v", err, alone)
	}
	mixed, err := api.GetBalances(ctxT(t), []string{acct, "12345678"})
	if err != nil || len(mixed.Balances) != 1 || len(mixed.Errors) != 1 || mixed.Errors[0].AccountID != "12345678" {
		t.Errorf("balances of a known and an unknown account: %v %+v", err, mixed)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestHistoricalOrdersPageWithSingleUseTokens(t *testing.T) {
	_, api := newFake(t)
	size := int32(5)
	params := &v3.GetHistoricalOrdersParams{Since: "2025-03-01", PageSize: size}
	seen := map[string]bool{}
	var token string
	for page := 0; ; page++ {
		if token != "" {
			params.NextToken = token
		}
		resp, err := api.GetHistoricalOrders(ctxT(t), []string{tradestationtest.MarginAccountID}, params)
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		for _, o := range resp.Orders {
			if seen[o.OrderID] {
				t.Errorf("order %s on two pages", o.OrderID)
			}
			seen[o.OrderID] = true
			if o.ClosedDateTime.IsZero() {
				t.Errorf("historical order %s is not closed", o.OrderID)
			}
		}
		if resp.NextToken == "" {
			break
		}
		if len(resp.Orders) != 5 {
			t.Errorf("page %d has %d orders", page, len(resp.Orders))
		}
		used := token
		token = resp.NextToken
		if used != "" {
			params.NextToken = used
			if _, err := api.GetHistoricalOrders(ctxT(t), []string{tradestationtest.MarginAccountID}, params); apiError(t, err).StatusCode != 400 {
				t.Errorf("a used token was accepted again")
			}
		}
	}
	if len(seen) < 20 {
		t.Errorf("only %d historical orders", len(seen))
	}
}

func TestUnmodelledAdvancedOptionsAre501(t *testing.T) {
	_, api := newFake(t)
	req := limitBuy(tradestationtest.MarginAccountID, "MSFT", 1, dec(t, "400"))
	req.AdvancedOptions.MarketActivationRules = []v3.MarketActivationRule{{RuleType: v3.ActivationRuleTypePrice, Symbol: "MSFT", Predicate: v3.PredicateGt, Price: dec(t, "430")}}
	_, err := api.PlaceOrder(ctxT(t), req)
	if ae := apiError(t, err); ae.StatusCode != http.StatusNotImplemented || !contains(ae.Message, "MarketActivationRules") {
		t.Errorf("an order with a market activation rule: %+v", ae)
	}
}

func TestSetPriceJumpsThePriceAndTriggersStops(t *testing.T) {
	srv, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	stop := v3.OrderRequest{AccountID: acct, Symbol: "MSFT", Quantity: dec(t, "100"), OrderType: v3.OrderTypeStopMarket,
		StopPrice: dec(t, "400.00"), TradeAction: v3.TradeActionSell, TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC}}
	id := place(t, api, stop)
	if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusSent {
		t.Fatalf("stop at 400 with MSFT at 425: %+v", o)
	}
	if err := srv.SetPrice("MSFT", dec(t, "395.10")); err != nil {
		t.Fatal(err)
	}
	if p, _ := srv.Price("MSFT"); p.String() != "395.10" {
		t.Errorf("Price after SetPrice = %v", p)
	}
	o := orderStatus(t, api, acct, id)
	if o.Status != v3.OrderStatusFilled || o.FilledPrice.String() != "395.10" {
		t.Errorf("the stop after MSFT fell through it: %+v", o)
	}
	for name, err := range map[string]error{
		"unknown symbol": srv.SetPrice("NOPE", dec(t, "1")),
		"option":         srv.SetPrice("MSFT 250620C450", dec(t, "1")),
		"zero price":     srv.SetPrice("AAPL", dec(t, "0")),
	} {
		if err == nil {
			t.Errorf("SetPrice with %s: no error", name)
		}
	}
}

func TestTrailingStopFollowsTheHighAndFillsOnTheDrop(t *testing.T) {
	srv, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	req := v3.OrderRequest{AccountID: acct, Symbol: "MSFT", Quantity: dec(t, "100"), OrderType: v3.OrderTypeStopMarket,
		TradeAction: v3.TradeActionSell, TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC},
		AdvancedOptions: v3.AdvancedOptions{TrailingStop: v3.TrailingStop{Percent: dec(t, "1")}}}
	id := place(t, api, req)
	_ = srv.SetPrice("MSFT", dec(t, "440.00")) // the stop follows to 435.60
	if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusSent || o.StopPrice.String() != "435.60" {
		t.Fatalf("after the rise: %+v", o)
	}
	_ = srv.SetPrice("MSFT", dec(t, "436.00"))
	if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusSent {
		t.Fatalf("filled above its stop: %+v", o)
	}
	_ = srv.SetPrice("MSFT", dec(t, "435.50"))
	if o := orderStatus(t, api, acct, id); o.Status != v3.OrderStatusFilled || o.FilledPrice.String() != "435.50" {
		t.Errorf("after the drop through 435.60: %+v", o)
	}
}

func TestDayOrderExpiresAtTheClose(t *testing.T) {
	srv, api := newFake(t)
	acct := tradestationtest.MarginAccountID
	id := place(t, api, limitBuy(acct, "AAPL", 1, dec(t, "1.00")))
	srv.Advance(6 * time.Hour) // 10:30 to 16:30 New York time
	o := orderStatus(t, api, acct, id)
	if o.Status != v3.OrderStatusExpired || o.ClosedDateTime.Hour() != 20 {
		t.Errorf("a day order after the close: %s closed at %v", o.Status, o.ClosedDateTime)
	}
}
