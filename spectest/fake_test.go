package spectest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

func init() {
	for _, ct := range []string{"application/vnd.tradestation.streams.v2+json", "application/vnd.tradestation.streams.v3+json"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.JSONBodyDecoder)
	}
}

// exchange is one request the fake answered, with the body it sent (for a
// stream, its first message).
type exchange struct {
	req    *http.Request
	status int
	header http.Header
	body   []byte
}

// recorder passes requests to the fake and keeps every exchange. It cuts
// streams after their first message.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	var body []byte
	if strings.Contains(resp.Header.Get("Content-Type"), "streams") {
		timer := time.AfterFunc(10*time.Second, func() { resp.Body.Close() })
		body, _ = bufio.NewReader(resp.Body).ReadBytes('\n')
		timer.Stop()
		body = bytes.TrimSpace(body)
	} else {
		body, _ = io.ReadAll(resp.Body)
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.log = append(r.log, exchange{req, resp.StatusCode, resp.Header.Clone(), body})
	r.mu.Unlock()
	return resp, nil
}

func (r *recorder) take() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.log
	r.log = nil
	return out
}

// TestFakeTradeStationAnswersAsTheSpecSays calls every v3 operation of
// the fake TradeStation, with every request example of the spec, and
// validates each answer (status, headers, body; a stream's first message)
// against openapi/v3.yaml.
func TestFakeTradeStationAnswersAsTheSpecSays(t *testing.T) {
	doc := loadSpec(t, "../openapi/v3.yaml")
	srv := tradestationtest.NewServer(tradestationtest.WithHeartbeat(50 * time.Millisecond))
	defer srv.Close()
	doc.Servers = openapi3.Servers{{URL: srv.URL() + "/v3"}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}

	sess := srv.Session()
	api, err := client.NewV3(sess)
	if err != nil {
		t.Fatal(err)
	}
	// Two resting orders: one to replace, one to cancel and look up.
	toReplace, toCancel := restingOrder(t, api), restingOrder(t, api)
	override := map[string]map[string]string{
		"ReplaceOrder":                 {"orderID": toReplace},
		"CancelOrder":                  {"orderID": toCancel},
		"GetOrdersByOrderID":           {"orderIds": toCancel},
		"GetHistoricalOrdersByOrderID": {"orderIds": historicalOrder(t, api)},
		"StreamOrdersByOrderID":        {"orderIds": toCancel},
	}

	rec := &recorder{next: srv.HTTPClient().Transport}
	raw, err := v3.NewClient(srv.URL()+"/v3",
		option.WithHTTPClient(&http.Client{Transport: rec}), option.WithRequestEditor(sess.RequestEditor()))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range operations(doc) {
		t.Run(o.op.OperationID, func(t *testing.T) {
			bodies := [][]byte{nil}
			if o.op.RequestBody != nil {
				bodies = nil
				for _, ex := range mediaExamples(o.op.RequestBody.Value.Content) {
					bodies = append(bodies, ex.raw)
				}
			}
			for _, body := range bodies {
				// A non-2xx answer is validated with the others below.
				if c := callWith(t, raw, o, body, override[o.op.OperationID]); c.err != nil && !errors.As(c.err, new(*client.APIError)) {
					t.Errorf("%v", c.err)
				}
			}
			for _, x := range rec.take() {
				validate(t, router, x)
			}
		})
	}
}

// restingOrder places a buy limit far under the market, which rests.
func restingOrder(t *testing.T, api *v3.Client) string {
	t.Helper()
	resp, err := api.PlaceOrder(context.Background(), v3.OrderRequest{
		AccountID:   tradestationtest.MarginAccountID,
		Symbol:      "MSFT",
		Quantity:    value.MustParseDecimal("10"),
		OrderType:   v3.OrderTypeLimit,
		LimitPrice:  value.MustParseDecimal("1.00"),
		TradeAction: v3.TradeActionBuy,
		TimeInForce: v3.TimeInForce{Duration: v3.DurationGTC},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Orders) != 1 {
		t.Fatalf("resting order not placed: %+v", resp)
	}
	return resp.Orders[0].OrderID
}

// historicalOrder returns the id of an order the fake's history holds.
func historicalOrder(t *testing.T, api *v3.Client) string {
	t.Helper()
	since := tradestationtest.DefaultStart.AddDate(0, 0, -30).Format(time.DateOnly)
	for o, err := range client.HistoricalOrders(context.Background(), api, []string{tradestationtest.MarginAccountID}, &v3.GetHistoricalOrdersParams{Since: since}) {
		if err != nil {
			t.Fatal(err)
		}
		return o.OrderID
	}
	t.Fatal("the fake has no historical orders")
	return ""
}

// validate checks one exchange against the route the spec gives it.
func validate(t *testing.T, router routers.Router, x exchange) {
	t.Helper()
	name := x.req.Method + " " + x.req.URL.Path
	if x.status == http.StatusNotImplemented {
		t.Logf("%s: %s (a documented gap of the fake; not validated)", name, x.body)
		return
	}
	if x.status/100 != 2 {
		t.Errorf("%s answered %d: %s", name, x.status, x.body)
	}
	route, pathParams, err := router.FindRoute(x.req)
	if err != nil {
		t.Errorf("%s: no route in the spec: %v", name, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    x.req,
			PathParams: pathParams,
			Route:      route,
		},
		Status:  x.status,
		Header:  x.header,
		Body:    io.NopCloser(bytes.NewReader(x.body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s: the answer does not match the spec: %v\nbody: %.600s", name, err, x.body)
	}
}

// TestFakesOtherAnswersMatchTheSpec validates answers that the spec's
// examples do not reach: lists that are empty (sent as [], not left
// out), and orders partially filled, alive (FPR) or cancelled (FLP), in
// REST answers and on the order stream. It speaks plain HTTP.
func TestFakesOtherAnswersMatchTheSpec(t *testing.T) {
	doc := loadSpec(t, "../openapi/v3.yaml")
	srv := tradestationtest.NewServer(tradestationtest.WithPartialFills(), tradestationtest.WithSeed(5),
		tradestationtest.WithHeartbeat(50*time.Millisecond))
	defer srv.Close()
	doc.Servers = openapi3.Servers{{URL: srv.URL() + "/v3"}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := srv.Session().Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{next: srv.HTTPClient().Transport}
	send := func(method, path, body string) []byte {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL()+"/v3"+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := rec.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return b
	}
	futures, margin := tradestationtest.FuturesAccountID, tradestationtest.MarginAccountID
	send("GET", "/brokerage/accounts/"+futures+"/positions", "")
	send("GET", "/brokerage/accounts/"+futures+"/orders", "")
	send("GET", "/brokerage/accounts/"+futures+"/balances", "")
	send("GET", "/marketdata/quotes/MSFT", "")

	order := `{"AccountID":"` + margin + `","Symbol":"MSFT","Quantity":"100","OrderType":"Market","TradeAction":"BUY","TimeInForce":{"Duration":"DAY"}}`
	var placed v3.OrderResults
	if err := json.Unmarshal(send("POST", "/orderexecution/orders", order), &placed); err != nil || len(placed.Orders) != 1 {
		t.Fatalf("placing: %v %+v", err, placed)
	}
	id := placed.Orders[0].OrderID
	var got v3.Orders
	if err := json.Unmarshal(send("GET", "/brokerage/accounts/"+margin+"/orders/"+id, ""), &got); err != nil || got.Orders[0].Status != v3.OrderStatusPartialFillAlive {
		t.Fatalf("the market order did not fill in part: %v %+v", err, got)
	}
	send("GET", "/brokerage/stream/accounts/"+margin+"/orders/"+id, "") // its first message: the order, FPR
	send("DELETE", "/orderexecution/orders/"+id, "")
	if err := json.Unmarshal(send("GET", "/brokerage/accounts/"+margin+"/orders/"+id, ""), &got); err != nil || got.Orders[0].Status != v3.OrderStatusPartialFillUROut {
		t.Fatalf("the cancelled remainder: %v %+v", err, got)
	}
	for _, x := range rec.take() {
		validate(t, router, x)
	}
}
