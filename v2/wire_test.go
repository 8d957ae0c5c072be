package v2_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/value"
)

// Answers as API v2 writes them: numbers for prices, escaped slashes in
// /Date(...)/ times, trailing zeros, nulls. They match openapi/v2.yaml's
// examples.
const (
	ordersJSON = `[{"AccountID":"11823641","AdvancedOptions":"","Alias":"Swing","AssetType":"EQ",
	"CommissionFee":0.0000,"ContractExpireDate":"","ConversionRate":1,"Country":"United States",
	"Denomination":"USD","DisplayName":"11823641","DisplayType":3,"Duration":"DAY","ExecuteQuantity":50,
	"FilledCanceled":"\/Date(1718722932000-0400)\/","FilledPrice":446.3700000000,"FilledPriceText":"446.37",
	"GroupName":"","Legs":[{"Ask":446.3700000000,"BaseSymbol":"MSFT","Bid":446.3500000000,
	"ExecPrice":446.3700000000,"ExecQuantity":50,"ExpireDate":"","Leaves":0,"LegNumber":1,
	"LimitPrice":446.5000000000,"LimitPriceDisplay":"446.50","Month":0,"OpenOrClose":"O",
	"OrderID":760148223,"OrderType":"Limit","PointValue":1.0000000000,"PriceUsedForBuyingPower":446.5000000000,
	"PutOrCall":"","Quantity":50,"Side":"B","StopPrice":0,"StopPriceDisplay":"0","StrikePrice":0,
	"Symbol":"MSFT","TimeExecuted":"\/Date(1718722932000-0400)\/","Type":"Buy","Year":0}],
	"LimitPrice":446.5000000000,"LimitPriceText":"446.50","MinMove":1,"OrderID":760148223,
	"Originator":4183925,"Quantity":50,"QuantityLeft":0,"Routing":"Intelligent","Spread":"",
	"Status":"FLL","StatusDescription":"Filled","StopPrice":0,"StopPriceText":"","Symbol":"MSFT",
	"TimeStamp":"\/Date(1718722931000-0400)\/","TriggeredBy":"","Type":"Buy","UnbundledRouteFee":0}]`

	barJSON = `{"Close":446.41,"DownTicks":312,"DownVolume":48211,"High":446.52,"Low":446.08,"Open":446.19,
	"OpenInterest":0,"Status":13,"TimeStamp":"\/Date(1718721060000)\/","TotalTicks":698,"TotalVolume":112904,
	"UnchangedTicks":0,"UnchangedVolume":0,"UpTicks":386,"UpVolume":64693}`

	quotesJSON = `[{"Ask":446.35,"AskPriceDisplay":"446.35","AskSize":300,"AssetType":"STOCK","Bid":446.33,
	"BidPriceDisplay":"446.33","BidSize":200,"Close":446.34,"CountryCode":"United States","Currency":"USD",
	"DailyOpenInterest":0,"Description":"Microsoft Corp","DisplayType":3,"Error":null,"Exchange":"NASDAQ",
	"FractionalDisplay":false,"Halted":false,"High":448.92,"High52Week":451.09,
	"High52WeekTimeStamp":"\/Date(1718596800000)\/","IsDelayed":false,"Last":446.34,"LastSize":100,
	"LastVenue":"NSDQ","Low":445.81,"Low52Week":309.45,"Low52WeekTimeStamp":"\/Date(1698278400000)\/",
	"MinMove":1,"NameExt":"","NetChange":-2.03,"NetChangePct":-0.0045275107611570802684390124,"Open":447.21,
	"PointValue":1,"PreviousClose":448.37,"PreviousVolume":17139600,"StrikePrice":0,"Symbol":"MSFT",
	"SymbolRoot":"MSFT","TickSizeTier":0,"TradeTime":"\/Date(1718722931000)\/","Volume":6843112,"VWAP":447.0392},
	{"Symbol":"MSFTX","Error":"FAILED, INVALID SYMBOL"}]`

	positionsJSON = `[{"AccountID":"11823641","AccountMarketValue":44634.00,"AssetType":"EQ","AveragePrice":448.36,
	"BigPointValue":1,"ConversionRate":1,"Currency":"USD","Key":584210771,"LastPrice":446.34,"LongShort":"Long",
	"MarketValue":44634.00,"OpenProfitLoss":-202.00,"OpenProfitLossQty":-2.02,"Quantity":100,"Symbol":"MSFT",
	"TimeStamp":"\/Date(1718385700000)\/","TotalCost":44836.00}]`

	balancesJSON = `[{"Alias":"Swing","BODEquity":91202.5600,"BODNetCash":45840.1600,"CanDayTrade":true,
	"ClosedPositions":[{"Currency":"USD","Profit":212.50,"Symbol":"AAPL"}],"DayTrades":1,"Key":11823641,
	"MarketValue":44634.0000,"OptionApprovalLevel":3,"RealTimeBuyingPower":181812.5200,"Status":"A",
	"Type":"M","RealTimeUnrealizedProfitLoss":-202.0000,"UnsettledFund":0.0000}]`
)

func TestResponsesDecodeAndReencodeWithTheSameValues(t *testing.T) {
	tests := []struct {
		name string
		json string
		into any
	}{
		{"orders", ordersJSON, &[]v2.Order{}},
		{"bar", barJSON, &v2.Bar{}},
		{"quotes", quotesJSON, &[]v2.Quote{}},
		{"positions", positionsJSON, &[]v2.Position{}},
		{"balances", balancesJSON, &[]v2.Balance{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := json.Unmarshal([]byte(tt.json), tt.into); err != nil {
				t.Fatalf("decode: %v", err)
			}
			out, err := json.Marshal(tt.into)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			sameValues(t, "", decodeAny(t, tt.json), decodeAny(t, string(out)))
		})
	}
}

func TestV2TimesAndDecimalsDecodeExactly(t *testing.T) {
	var orders []v2.Order
	if err := json.Unmarshal([]byte(ordersJSON), &orders); err != nil {
		t.Fatal(err)
	}
	o := orders[0]
	if o.TimeStamp.UnixMilli() != 1718722931000 {
		t.Errorf("TimeStamp = %v, want 1718722931000 ms", o.TimeStamp.Time)
	}
	if _, off := o.TimeStamp.Zone(); off != -4*3600 {
		t.Errorf("TimeStamp offset = %ds, want -4h", off)
	}
	if got := o.FilledPrice.String(); got != "446.3700000000" {
		t.Errorf("FilledPrice = %s, want every digit of 446.3700000000", got)
	}
	if o.OrderID != 760148223 || o.Status != v2.OrderStatusFilled || o.Type != v2.OrderActionBuy {
		t.Errorf("OrderID, Status, Type = %d, %q, %q", o.OrderID, o.Status, o.Type)
	}
	leg := o.Legs[0]
	if leg.Side != v2.LegSideBuy || leg.OrderType != v2.LegOrderTypeLimit || leg.Quantity.Cmp(value.NewDecimal(50, 0)) != 0 {
		t.Errorf("leg = %+v", leg)
	}

	var quotes []v2.Quote
	if err := json.Unmarshal([]byte(quotesJSON), &quotes); err != nil {
		t.Fatal(err)
	}
	if got := quotes[0].NetChangePct.String(); got != "-0.0045275107611570802684390124" {
		t.Errorf("NetChangePct = %s, want all 28 decimals kept", got)
	}
	if quotes[1].Error != "FAILED, INVALID SYMBOL" || !quotes[1].Last.IsZero() {
		t.Errorf("unknown symbol's quote = %+v, want Error set and no price", quotes[1])
	}
}

func TestQuoteChangeTellsAbsentFieldsFromFalseAndZero(t *testing.T) {
	var full, change v2.Quote
	if err := json.Unmarshal([]byte(`{"Symbol":"MSFT","Halted":false,"IsDelayed":true,"DisplayType":0,"Bid":0}`), &full); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"Symbol":"MSFT","Ask":446.36}`), &change); err != nil {
		t.Fatal(err)
	}
	if full.Halted == nil || *full.Halted || full.IsDelayed == nil || !*full.IsDelayed || full.DisplayType == nil || *full.DisplayType != 0 {
		t.Errorf("sent fields: Halted %v, IsDelayed %v, DisplayType %v; want false, true, 0", full.Halted, full.IsDelayed, full.DisplayType)
	}
	if full.Bid.IsZero() || full.Bid.Sign() != 0 {
		t.Errorf("Bid sent as 0 = %q (absent %v), want a present 0", full.Bid, full.Bid.IsZero())
	}
	if change.Halted != nil || change.IsDelayed != nil || change.DisplayType != nil || !change.Bid.IsZero() {
		t.Errorf("absent fields decoded as Halted %v, IsDelayed %v, DisplayType %v, Bid %q", change.Halted, change.IsDelayed, change.DisplayType, change.Bid)
	}
}

func TestSymbolsAreEscapedAsOnePathSegment(t *testing.T) {
	tests := []struct {
		symbol string
		want   string
	}{
		{"MSFT", "/v2/data/symbol/MSFT?APIVersion=20160101"},
		{"MSFT 250117C420", "/v2/data/symbol/MSFT%20250117C420?APIVersion=20160101"},
		{"$DJI", "/v2/data/symbol/$DJI?APIVersion=20160101"},
		{"A/B", "/v2/data/symbol/A%2FB?APIVersion=20160101"},
		{"ES #F?", "/v2/data/symbol/ES%20%23F%3F?APIVersion=20160101"},
	}
	for _, tt := range tests {
		t.Run(tt.symbol, func(t *testing.T) {
			c, got := newServer(t, answer{status: http.StatusOK, contentType: "application/json", body: `{"Name":"x"}`})
			if _, err := c.GetSymbol(context.Background(), tt.symbol); err != nil {
				t.Fatal(err)
			}
			if s := received(t, got); s.requestURI != tt.want {
				t.Errorf("request target\n got %s\nwant %s", s.requestURI, tt.want)
			}
		})
	}
}

func TestOptionalQueryParametersAreSentOnlyWhenSet(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		call func(*v2.Client) error
		want url.Values
	}{
		{"orders, nil params", func(c *v2.Client) error {
			_, err := c.GetOrdersByAccounts(ctx, []string{"11823641"}, nil)
			return err
		}, url.Values{"APIVersion": {"20160101"}}},
		{"orders, empty params", func(c *v2.Client) error {
			_, err := c.GetOrdersByAccounts(ctx, []string{"11823641"}, &v2.GetOrdersByAccountsParams{})
			return err
		}, url.Values{"APIVersion": {"20160101"}}},
		{"orders, page size only", func(c *v2.Client) error {
			_, err := c.GetOrdersByAccounts(ctx, []string{"11823641"}, &v2.GetOrdersByAccountsParams{PageSize: 100})
			return err
		}, url.Values{"pageSize": {"100"}, "APIVersion": {"20160101"}}},
		{"orders, page and since", func(c *v2.Client) error {
			_, err := c.GetOrdersByAccounts(ctx, []string{"11823641"}, &v2.GetOrdersByAccountsParams{PageNum: 2, Since: "06-03-2024"})
			return err
		}, url.Values{"pageNum": {"2"}, "since": {"06-03-2024"}, "APIVersion": {"20160101"}}},
		{"suggest, top only", func(c *v2.Client) error {
			_, err := c.SuggestSymbols(ctx, "MS", &v2.SuggestSymbolsParams{Top: 5})
			return err
		}, url.Values{"$top": {"5"}, "APIVersion": {"20160101"}}},
		{"positions, filter", func(c *v2.Client) error {
			_, err := c.GetPositionsByAccounts(ctx, []string{"11823641"}, &v2.GetPositionsByAccountsParams{Filter: "Symbol eq 'MSFT'"})
			return err
		}, url.Values{"$filter": {"Symbol eq 'MSFT'"}, "APIVersion": {"20160101"}}},
		{"days back stream, required only", func(c *v2.Client) error {
			resp, err := openDaysBack(ctx, c, "MSFT", 5, v2.BarUnitMinute, &v2.StreamBarchartsDaysBackParams{DaysBack: 3})
			if err == nil {
				resp.Body.Close()
			}
			return err
		}, url.Values{"daysBack": {"3"}, "APIVersion": {"20160101"}}},
		{"start date stream, session template", func(c *v2.Client) error {
			resp, err := openFrom(ctx, c, "MSFT", 5, v2.BarUnitMinute, "06-17-2024", &v2.StreamBarchartsFromStartDateParams{SessionTemplate: v2.SessionTemplatePre})
			if err == nil {
				resp.Body.Close()
			}
			return err
		}, url.Values{"SessionTemplate": {"USEQPre"}, "APIVersion": {"20160101"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, got := newServer(t, answer{status: http.StatusOK, contentType: "application/json", body: `[]`})
			_ = tt.call(c) // the canned body need not fit every operation
			s := received(t, got)
			u, err := url.ParseRequestURI(s.requestURI)
			if err != nil {
				t.Fatal(err)
			}
			if q := u.Query(); !reflect.DeepEqual(q, tt.want) {
				t.Errorf("query %q = %v, want %v", u.RawQuery, q, tt.want)
			}
		})
	}
}

func TestARequiredQueryParameterIsRefusedBeforeSending(t *testing.T) {
	c, err := v2.NewClient("https://sim-api.tradestation.com/v2", option.WithHTTPClient(&http.Client{Transport: noRequests{t}}))
	if err != nil {
		t.Fatal(err)
	}
	for name, params := range map[string]*v2.StreamBarchartsDaysBackParams{"nil params": nil, "zero DaysBack": {}} {
		_, err := openDaysBack(context.Background(), c, "MSFT", 5, v2.BarUnitMinute, params)
		if err == nil || !strings.Contains(err.Error(), "DaysBack") || !strings.HasPrefix(err.Error(), "v2: StreamBarchartsDaysBack: ") {
			t.Errorf("%s: err = %v, want one naming DaysBack", name, err)
		}
	}
}

func TestPlaceOrderSendsJSONWithDecimalStringsAndNoUnsetFields(t *testing.T) {
	c, got := newServer(t, answer{status: http.StatusOK, contentType: "application/json; charset=utf-8",
		body: `{"Message":"Sent order: Buy 50 MSFT @ 446.50 Limit","OrderID":"760148223","OrderStatus":"Ok"}`})
	rsp, err := c.PlaceOrder(context.Background(), v2.OrderRequest{
		AccountKey:     "11823641",
		AssetType:      v2.AssetTypeEquity,
		Symbol:         "MSFT",
		TradeAction:    v2.TradeActionBuy,
		Quantity:       value.MustParseDecimal("50"),
		OrderType:      v2.OrderTypeLimit,
		LimitPrice:     value.MustParseDecimal("446.50"),
		Duration:       v2.DurationDay,
		OrderConfirmID: "Kx8hQ2vT7mWp3nZs1aB4cD",
	})
	if err != nil {
		t.Fatal(err)
	}
	s := received(t, got)
	if s.method != http.MethodPost || s.requestURI != "/v2/orders?APIVersion=20160101" {
		t.Errorf("sent %s %s, want POST /v2/orders?APIVersion=20160101", s.method, s.requestURI)
	}
	if ct := s.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var body map[string]any
	if err := json.Unmarshal(s.body, &body); err != nil {
		t.Fatalf("body %s: %v", s.body, err)
	}
	want := map[string]any{
		"AccountKey": "11823641", "AssetType": "EQ", "Symbol": "MSFT", "TradeAction": "BUY",
		"Quantity": "50", "OrderType": "Limit", "LimitPrice": "446.50", "Duration": "DAY",
		"OrderConfirmId": "Kx8hQ2vT7mWp3nZs1aB4cD",
	}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("body\n got %v\nwant %v", body, want)
	}
	results, err := rsp.List()
	if err != nil || len(results) != 1 || results[0].OrderID != "760148223" || results[0].OrderStatus != v2.OrderResultStatusOk {
		t.Errorf("results = %+v, %v; want the one order placed", results, err)
	}
}

func TestOneOrManyAnswersListTheSameWay(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantIDs []string
		wantErr string
	}{
		{"one object", `{"OrderID":"760148223","OrderStatus":"Ok"}`, []string{"760148223"}, ""},
		{"an array", `[{"OrderID":"760148230","OrderStatus":"Ok"},{"OrderID":"760148231","OrderStatus":"Failed"}]`, []string{"760148230", "760148231"}, ""},
		{"an empty array", `[]`, []string{}, ""},
		{"a number", `42`, nil, "neither an object nor an array: 42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r v2.OrderResultOneOrMany
			if err := json.Unmarshal([]byte(tt.body), &r); err != nil {
				t.Fatal(err)
			}
			results, err := r.List()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ids := []string{}
			for _, r := range results {
				ids = append(ids, r.OrderID)
			}
			if !reflect.DeepEqual(ids, tt.wantIDs) {
				t.Errorf("ids = %v, want %v", ids, tt.wantIDs)
			}

			var conf v2.OrderConfirmationOneOrMany
			if err := json.Unmarshal([]byte(strings.ReplaceAll(tt.body, "OrderID", "OrderConfirmId")), &conf); err != nil {
				t.Fatal(err)
			}
			confs, err := conf.List()
			if err != nil || len(confs) != len(tt.wantIDs) {
				t.Errorf("confirmations = %+v, %v; want %d", confs, err, len(tt.wantIDs))
			}
		})
	}
}

func TestErrorAnswersAreAPIErrorsWithV2sTraceID(t *testing.T) {
	c, got := newServer(t, answer{status: http.StatusBadRequest, contentType: "application/json; charset=utf-8",
		body: `{"TraceId":"5f0c2d8e-93a1-4b7e-8d21-6c4a0f3b9e12","StatusCode":400,"Message":"Not an open order."}`})
	rsp, err := c.CancelOrder(context.Background(), "760148223")
	if s := received(t, got); s.method != http.MethodDelete || s.requestURI != "/v2/orders/760148223?APIVersion=20160101" {
		t.Errorf("sent %s %s, want DELETE /v2/orders/760148223?APIVersion=20160101", s.method, s.requestURI)
	}
	var apiErr *client.APIError
	if rsp != nil || !errors.As(err, &apiErr) {
		t.Fatalf("CancelOrder = %v, %v; want a *client.APIError", rsp, err)
	}
	if apiErr.StatusCode != 400 || apiErr.Message != "Not an open order." || apiErr.TraceID != "5f0c2d8e-93a1-4b7e-8d21-6c4a0f3b9e12" {
		t.Errorf("APIError = %+v, want the error sent", apiErr)
	}
}

// decodeAny decodes JSON keeping numbers as written.
func decodeAny(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// sameValues fails unless re-encoded JSON carries the original's values:
// numbers equal as exact rationals whether written as numbers or strings,
// everything else equal. A field the encoder left out must have been
// null, "", 0 or false; no field may appear that was not sent.
func sameValues(t *testing.T, path string, orig, got any) {
	t.Helper()
	switch o := orig.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: got %v, want an object", path, got)
			return
		}
		for k, ov := range o {
			gv, present := g[k]
			if !present {
				if !isZeroJSON(ov) {
					t.Errorf("%s.%s: dropped %v", path, k, ov)
				}
				continue
			}
			sameValues(t, path+"."+k, ov, gv)
		}
		for k, gv := range g {
			if _, sent := o[k]; !sent {
				t.Errorf("%s.%s: invented %v", path, k, gv)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(o) {
			t.Errorf("%s: got %v, want %d elements", path, got, len(o))
			return
		}
		for i := range o {
			sameValues(t, fmt.Sprintf("%s[%d]", path, i), o[i], g[i])
		}
	case json.Number:
		or, ok1 := new(big.Rat).SetString(o.String())
		gr, ok2 := ratOf(got)
		if !ok1 || !ok2 || or.Cmp(gr) != 0 {
			t.Errorf("%s: got %v, want %v", path, got, o)
		}
	default:
		if !reflect.DeepEqual(orig, got) {
			t.Errorf("%s: got %#v, want %#v", path, got, orig)
		}
	}
}

func ratOf(v any) (*big.Rat, bool) {
	switch x := v.(type) {
	case json.Number:
		return new(big.Rat).SetString(x.String())
	case string:
		return new(big.Rat).SetString(x)
	}
	return nil, false
}

func isZeroJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case json.Number:
		r, ok := new(big.Rat).SetString(x.String())
		return ok && r.Sign() == 0
	}
	return false
}
