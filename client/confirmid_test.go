package client

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

var confirmIDShape = regexp.MustCompile(`^[A-Z2-7]{20}$`)

func TestNewOrderConfirmIDIsFreshAndWithinTheLimit(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewOrderConfirmID()
		if !confirmIDShape.MatchString(id) || len(id) > MaxOrderConfirmIDLen || seen[id] {
			t.Fatalf("id %q: malformed, too long or repeated", id)
		}
		seen[id] = true
	}
}

func TestScanReadsIDsAsTradeStationWould(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		group bool
		ids   []string // "" for an order without id
		clear bool
	}{
		{"one order", `{"Symbol":"MSFT","OrderConfirmID":"a1"}`, false, []string{"a1"}, true},
		{"escaped key is the same key", `{"Order\u0043onfirmID":"a1"}`, false, []string{"a1"}, true},
		{"an id nested elsewhere is not the order's", `{"AdvancedOptions":{"OrderConfirmID":"x"},"Symbol":"MSFT"}`, false, []string{""}, true},
		{"OSO children in document order", `{"OrderConfirmID":"p","OSOs":[{"Type":"BRK","Orders":[{"OrderConfirmID":"c1"},{"Symbol":"MSFT"}]}]}`, false, []string{"p", "c1", ""}, true},
		{"group", `{"Type":"OCO","Orders":[{"OrderConfirmID":"a"},{"OrderConfirmID":"b"}]}`, true, []string{"a", "b"}, true},
		{"white space everywhere", " {\n \"Orders\" : [ { \"OrderConfirmID\" : \"a\" } ] }\n", true, []string{"a"}, true},
		{"invalid UTF-8", "{\"OrderConfirmID\":\"a\xff\"}", false, nil, false},
		{"not an object", `["OrderConfirmID"]`, false, nil, false},
		{"truncated", `{"OrderConfirmID":"a"`, false, []string{"a"}, false},
	}
	for _, c := range cases {
		orders, clear := scanOrders([]byte(c.body), c.group, false)
		var ids []string
		for _, o := range orders {
			ids = append(ids, o.id)
		}
		if clear != c.clear || (c.ids != nil && strings.Join(ids, ",") != strings.Join(c.ids, ",")) {
			t.Errorf("%s: ids %q clear %t, want %q %t", c.name, ids, clear, c.ids, c.clear)
		}
	}
}

func TestFillGivesEveryOrderWithoutAnIDAFreshOneAndKeepsTheCallers(t *testing.T) {
	group := v3.GroupOrderRequest{Type: v3.OrderGroupTypeBracket, Orders: []v3.OrderRequest{
		{AccountID: "1", Symbol: "MSFT", OrderConfirmID: "callers-own"},
		{AccountID: "1", Symbol: "MSFT", OSOs: []v3.OrderSendsOrder{{Type: v3.OrderGroupTypeNormal, Orders: []v3.OrderRequest{{Symbol: "AAPL"}}}}},
	}}
	body, _ := json.Marshal(group)
	orders, clear := scanOrders(body, true, false)
	if !clear || len(orders) != 3 {
		t.Fatalf("scan: %d orders, clear %t", len(orders), clear)
	}
	filled := fillConfirmIDs(body, orders, false)
	var got v3.GroupOrderRequest
	if err := json.Unmarshal(filled, &got); err != nil {
		t.Fatalf("filled body is not JSON: %v\n%s", err, filled)
	}
	ids := []string{got.Orders[0].OrderConfirmID, got.Orders[1].OrderConfirmID, got.Orders[1].OSOs[0].Orders[0].OrderConfirmID}
	if ids[0] != "callers-own" || !confirmIDShape.MatchString(ids[1]) || !confirmIDShape.MatchString(ids[2]) || ids[1] == ids[2] {
		t.Errorf("ids after filling: %q", ids)
	}
	if got.Orders[1].Symbol != "MSFT" || got.Orders[1].OSOs[0].Orders[0].Symbol != "AAPL" || got.Type != v3.OrderGroupTypeBracket {
		t.Errorf("filling changed the orders: %s", filled)
	}
	if again, clear := scanOrders(filled, true, false); !clear || !allIdentified(again) || strings.Join(confirmIDs(again), ",") != strings.Join(confirmIDs(orders), ",") {
		t.Errorf("the filled body reads back as %+v (clear %t), want the ids %q", again, clear, confirmIDs(orders))
	}
}

func TestFillUsesV2sKeyAndHandlesAnEmptyOrder(t *testing.T) {
	body := []byte(`{"Type":"OCO","Orders":[{},{"AccountKey":"1"}]}`)
	orders, clear := scanOrders(body, true, true)
	if !clear {
		t.Fatal("not clear")
	}
	var got v2.GroupOrderRequest
	filled := fillConfirmIDs(body, orders, true)
	if err := json.Unmarshal(filled, &got); err != nil {
		t.Fatalf("%v: %s", err, filled)
	}
	if !strings.Contains(string(filled), `"OrderConfirmId":"`) || got.Orders[0].OrderConfirmID == "" || got.Orders[1].OrderConfirmID == "" || got.Orders[1].AccountKey != "1" {
		t.Errorf("filled v2 group: %s", filled)
	}
}

func TestDuplicateRefusalsAreReadFromTheirText(t *testing.T) {
	cases := []struct {
		code, message string
		want          bool
	}{
		{"FAILED", "Duplicate OrderConfirmID swing-1: it was already used by order 1001.", true},
		{"DuplicateOrder", "", true},
		{"FAILED", "Order Confirm ID has already been used", true},
		{"", "orderconfirmid already exists", true},
		{"FAILED", "Insufficient buying power.", false},
		{"FAILED", "EC601: You are long 10 shares", false},
	}
	for _, c := range cases {
		if got := isDuplicateRefusal(c.code, c.message); got != c.want {
			t.Errorf("%q %q: duplicate %t, want %t", c.code, c.message, got, c.want)
		}
	}
}

func TestOrderAnswerAcceptsOnlyTheDocumentedShapes(t *testing.T) {
	cases := []struct {
		name      string
		body      string
		kind      callKind
		v2, group bool
		named     string
		duplicate bool
		bad       bool
	}{
		{"v3 placed", `{"Orders":[{"OrderID":"1001","Message":"Sent order"}]}`, callPlacement, false, false, "1001", false, false},
		{"v3 refused for funds", `{"Errors":[{"OrderID":"0","Error":"FAILED","Message":"Insufficient buying power."}]}`, callPlacement, false, false, "0", false, false},
		{"v3 duplicate", `{"Errors":[{"OrderID":"1001","Error":"FAILED","Message":"Duplicate OrderConfirmID a1"}]}`, callPlacement, false, false, "1001", true, false},
		{"v3 group, one placed and one duplicate", `{"Orders":[{"OrderID":"1003"}],"Errors":[{"OrderID":"1002","Error":"FAILED","Message":"duplicate"}]}`, callPlacement, false, true, "1003,1002", true, false},
		{"v3 empty object", `{}`, callPlacement, false, false, "", false, true},
		{"v3 null", `null`, callPlacement, false, false, "", false, true},
		{"v3 array", `[{"OrderID":"1"}]`, callPlacement, false, false, "", false, true},
		{"v3 wrong types", `{"Orders":"1001"}`, callPlacement, false, false, "", false, true},
		{"v3 cancel", `{"OrderID":"1001","Message":"Cancel request sent"}`, callOrder, false, false, "1001", false, false},
		{"v3 cancel with an empty object", `{}`, callOrder, false, false, "", false, true},
		{"v2 placed, one object", `{"OrderID":"7","OrderStatus":"Ok","Message":"Sent"}`, callPlacement, true, false, "7", false, false},
		{"v2 placed, an array", `[{"OrderID":"7","OrderStatus":"Ok"}]`, callPlacement, true, false, "7", false, false},
		{"v2 duplicate", `{"OrderID":"7","OrderStatus":"Failed","Message":"Duplicate OrderConfirmId"}`, callPlacement, true, false, "7", true, false},
		{"v2 ok whose message says duplicate is no refusal", `{"OrderID":"7","OrderStatus":"Ok","Message":"duplicate-looking text"}`, callPlacement, true, false, "7", false, false},
		{"v2 group", `[{"OrderID":"8","OrderStatus":"Ok"},{"OrderID":"9","OrderStatus":"Ok"}]`, callPlacement, true, true, "8,9", false, false},
		{"v2 group as one object", `{"OrderID":"8"}`, callPlacement, true, true, "", false, true},
		{"v2 cancel", `{"OrderID":"7","OrderStatus":"Ok","Message":null}`, callOrder, true, false, "7", false, false},
	}
	for _, c := range cases {
		facts, err := orderAnswer([]byte(c.body), c.kind, c.v2, c.group)
		if (err != nil) != c.bad || facts.duplicate != c.duplicate || (!c.bad && strings.Join(facts.named, ",") != c.named) {
			t.Errorf("%s: %+v, err %v", c.name, facts, err)
		}
	}
}
