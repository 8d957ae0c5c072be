package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/v3"
)

// The order commands never send an order before the user has seen
// TradeStation's confirmation and agreed (or passed --yes), and a live
// order or replacement also needs its account or order id typed.

func orderConfirmCommand() *command {
	return &command{
		name:    "order confirm",
		summary: "Preview an order or a group: TradeStation's estimate of price, cost and commission. Nothing is placed.",
		long:    orderLong,
		example: "tradestation order confirm --account 11827364 --symbol MSFT --side buy --qty 10 --type limit --limit 400",
		setup: func(f *flagSet) runFunc {
			var o orderFlags
			o.register(f)
			return o.confirm
		},
	}
}

func (f *orderFlags) confirm(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	set, err := f.build()
	if err != nil {
		return err
	}
	confs, err := confirmOrders(ctx, x, set)
	if err != nil {
		return err
	}
	if x.g.json {
		return printJSON(x.stdout, confs)
	}
	return showConfirmations(x.stdout, x.tableWidth(x.g), confs)
}

// confirmOrders asks TradeStation what the order or group would do.
func confirmOrders(ctx context.Context, x *invocation, set orderSet) ([]v3.OrderConfirmation, error) {
	api, err := x.v3()
	if err != nil {
		return nil, err
	}
	var resp *v3.OrderConfirmations
	if set.group != nil {
		resp, err = api.ConfirmGroupOrder(ctx, *set.group)
	} else {
		resp, err = api.ConfirmOrder(ctx, set.order)
	}
	if err != nil {
		return nil, err
	}
	if len(resp.Confirmations) == 0 {
		return nil, errNoBody("confirmation")
	}
	return resp.Confirmations, nil
}

// showConfirmations prints what TradeStation says the order (or each
// order of a group) will do.
func showConfirmations(w io.Writer, width int, confs []v3.OrderConfirmation) error {
	for i, c := range confs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		t := newTable(w, false, width).shrinkable(1)
		field := func(name, v string) {
			if v != "" {
				t.row(text(name), text(v))
			}
		}
		field("Order", c.SummaryMessage)
		field("Account", c.AccountID)
		field("Route", c.Route)
		field("Duration", string(c.TimeInForce.Duration))
		if !c.TimeInForce.Expiration.IsZero() {
			field("Good through", c.TimeInForce.Expiration.UTC().Format(dateLayout))
		}
		field("Estimated price", firstNonEmpty(c.EstimatedPriceDisplay, c.EstimatedPrice.String()))
		field("Estimated cost", firstNonEmpty(c.EstimatedCostDisplay, c.EstimatedCost.String()))
		field("Estimated commission", firstNonEmpty(c.EstimatedCommissionDisplay, c.EstimatedCommission.String()))
		field("Debit/credit", firstNonEmpty(c.DebitCreditEstimatedCostDisplay, c.DebitCreditEstimatedCost.String()))
		field("Initial margin", c.InitialMarginDisplay)
		if err := t.flush(); err != nil {
			return err
		}
	}
	return nil
}

func orderPlaceCommand() *command {
	return &command{
		name: "order place", timing: selfTimed,
		summary: "Place an order or a group (--oco, --bracket): shows TradeStation's confirmation and asks first (live orders twice).",
		long:    orderLong,
		example: "tradestation order place --account 11827364 --symbol MSFT --side buy --qty 10 --type limit --limit 400 --duration gtc",
		setup: func(f *flagSet) runFunc {
			var p placeFlags
			p.register(f)
			return p.run
		},
	}
}

// placeFlags are the flags of order place.
type placeFlags struct {
	orderFlags
	confirmID string
	yes       bool
}

func (f *placeFlags) register(fs *flagSet) {
	f.orderFlags.register(fs)
	fs.text(&f.confirmID, "confirm-id", "", "ID", fmt.Sprintf("the order's OrderConfirmID (1 to %d characters, %d for a group, whose orders get ID-1, ID-2...; default: a fresh one). "+
		"Send an order again with the id it had and TradeStation cannot place it twice", client.MaxOrderConfirmIDLen, client.MaxOrderConfirmIDLen-2))
	fs.BoolVar(&f.yes, "yes", false, "place without asking (a live order still asks for the account id)")
}

// assignConfirmIDs gives each order of set its OrderConfirmID: --confirm-id
// (checked) or a fresh one, with -1, -2... after it for the orders of a
// group. It returns the id that --confirm-id must repeat.
func (f *placeFlags) assignConfirmIDs(set *orderSet) (string, error) {
	id := f.confirmID
	limit := client.MaxOrderConfirmIDLen
	if set.group != nil {
		limit -= 2 // room for -1 to -9
	}
	switch n := utf8.RuneCountInString(id); {
	case id == "":
		id = client.NewOrderConfirmID()
	case strings.TrimSpace(id) != id || n > limit:
		return "", usageErrorf("--confirm-id must be 1 to %d characters without surrounding spaces, not %q", limit, id)
	}
	if set.group == nil {
		set.order.OrderConfirmID = id
		return id, nil
	}
	if len(set.group.Orders) > 9 {
		return "", usageErrorf("a group takes at most 9 orders here, got %d", len(set.group.Orders))
	}
	for i := range set.group.Orders {
		set.group.Orders[i].OrderConfirmID = fmt.Sprintf("%s-%d", id, i+1)
	}
	return id, nil
}

func (f *placeFlags) run(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	set, err := f.build()
	if err != nil {
		return err
	}
	preview := set // the ids are for the placement; a rerun with them must preview too
	if set.group != nil {
		g := *set.group
		g.Orders = append([]v3.OrderRequest(nil), g.Orders...)
		set.group = &g
	}
	id, err := f.assignConfirmIDs(&set)
	if err != nil {
		return err
	}
	c, err := x.open()
	if err != nil {
		return err
	}
	confirmCtx, cancel := x.withTimeout(ctx, defaultTimeout)
	confs, err := confirmOrders(confirmCtx, x, preview)
	cancel()
	if err != nil {
		return err
	}
	// People read the confirmation; with --json stdout is kept for the result.
	view := x.stdout
	if x.g.json {
		view = x.stderr
	}
	if err := showConfirmations(view, x.tableWidth(x.g), confs); err != nil {
		return err
	}
	question, declined := "Place this order?", "order not placed"
	if set.group != nil {
		question, declined = "Place this "+describeGroup(set.group)+"?", "orders not placed"
	}
	if err := x.agree(ctx, f.yes, question, declined); err != nil {
		return err
	}
	if c.live() {
		q := fmt.Sprintf("This is a LIVE order on account %s with real money. Type the account id to confirm: ", set.order.AccountID)
		if err := x.confirmLive(ctx, q, set.order.AccountID); err != nil {
			return err
		}
	}
	return x.send(ctx, func(ctx context.Context, api *v3.Client) error {
		var resp *v3.OrderResults
		var err error
		if set.group != nil {
			resp, err = api.PlaceGroupOrder(ctx, *set.group)
		} else {
			resp, err = api.PlaceOrder(ctx, set.order)
		}
		if err != nil {
			return maybePlaced(x, set.order.AccountID, id, err)
		}
		return showPlaced(x, *resp)
	})
}

// maybePlaced words the error of a placement that may have gone through:
// the OrderConfirmID it was sent with, where to look, and the command that
// sends it again without placing it twice.
func maybePlaced(x *invocation, account, confirmID string, err error) error {
	err = maybeActed(err)
	var u *unanswered
	if !errors.As(err, &u) {
		return err
	}
	named := ""
	var mp *client.MaybePlacedError
	if errors.As(err, &mp) && len(mp.OrderIDs) > 0 {
		named = "; TradeStation names order " + strings.Join(mp.OrderIDs, ", ")
	}
	u.note = fmt.Sprintf("the order may already exist (sent with OrderConfirmID %s%s): check with tradestation orders %s before anything else; "+
		"to send it again without placing it twice, run: %s",
		confirmID, named, account, x.rerun("confirm-id", confirmID))
	return u
}

// send makes the request that changes an order, once the user has
// agreed. --timeout (default 1m) bounds each request of an order command,
// not the time the user takes to answer.
func (x *invocation) send(ctx context.Context, request func(context.Context, *v3.Client) error) error {
	ctx, cancel := x.withTimeout(ctx, defaultTimeout)
	defer cancel()
	api, err := x.v3()
	if err != nil {
		return err
	}
	return request(ctx, api)
}

// showPlaced prints the orders TradeStation accepted and fails with the
// ones it refused.
func showPlaced(x *invocation, res v3.OrderResults) error {
	var bad problems
	for _, r := range res.Errors {
		bad.add("order %s refused: %s", firstNonEmpty(r.OrderID, "(no id)"), joinNonEmpty(r.Error, r.Message))
	}
	if x.g.json {
		if err := printJSON(x.stdout, res); err != nil {
			return err
		}
		return bad.report(x.stderr)
	}
	for _, r := range res.Orders {
		fmt.Fprintf(x.stdout, "Order %s: %s\n", r.OrderID, firstNonEmpty(r.Message, "accepted"))
	}
	return bad.report(x.stderr)
}

func orderReplaceCommand() *command {
	return &command{
		name: "order replace", timing: selfTimed,
		summary: "Change the quantity or prices of an open order, or make it a market order.",
		example: "tradestation order replace --order-id 1187654360 --limit 405",
		setup: func(f *flagSet) runFunc {
			var r replaceFlags
			r.register(f)
			return r.run
		},
	}
}

// replaceFlags are the flags of order replace: what to change, all optional.
type replaceFlags struct {
	orderID, qty, orderType, limit, stop string
	yes                                  bool
}

func (f *replaceFlags) register(fs *flagSet) {
	fs.text(&f.orderID, "order-id", "", "ID", "the order to change (see tradestation orders)")
	fs.text(&f.qty, "qty", "", "QTY", "new quantity")
	fs.choice(&f.orderType, "type", "", "new type: market (TradeStation changes a type to market only)", "market")
	fs.text(&f.limit, "limit", "", "PRICE", "new limit price")
	fs.text(&f.stop, "stop", "", "PRICE", "new stop price")
	fs.BoolVar(&f.yes, "yes", false, "replace without asking (a live order still asks for the order id)")
}

// request checks the flags. TradeStation changes an order's type only to
// market, which takes no prices; without --type, --limit or --stop
// changes that price alone.
func (f *replaceFlags) request() (v3.OrderReplaceRequest, error) {
	var req v3.OrderReplaceRequest
	var err error
	if req.Quantity, err = optionalPositive("qty", quantityWords, f.qty); err != nil {
		return req, err
	}
	if f.orderType != "" {
		if orderTypes[strings.ToLower(f.orderType)] != v3.OrderTypeMarket {
			return req, usageErrorf("--type must be market, not %q: TradeStation changes an order's type only to market", f.orderType)
		}
		p, err := parsePricing(f.orderType, f.limit, f.stop)
		if err != nil {
			return req, err
		}
		req.OrderType = p.orderType
	} else {
		if req.LimitPrice, err = optionalPositive("limit", priceWords, f.limit); err != nil {
			return req, err
		}
		if req.StopPrice, err = optionalPositive("stop", priceWords, f.stop); err != nil {
			return req, err
		}
	}
	if req.Quantity.IsZero() && req.OrderType == "" && req.LimitPrice.IsZero() && req.StopPrice.IsZero() {
		return req, usageErrorf("nothing to change: give --qty, --type, --limit or --stop")
	}
	return req, nil
}

func (f *replaceFlags) run(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	oid, err := orderID(f.orderID)
	if err != nil {
		return err
	}
	req, err := f.request()
	if err != nil {
		return err
	}
	c, err := x.open()
	if err != nil {
		return err
	}
	q := fmt.Sprintf("Replace order %s (%s)?", oid, describeReplace(req))
	if err := x.agree(ctx, f.yes, q, "order "+oid+" not replaced"); err != nil {
		return err
	}
	if c.live() {
		q := fmt.Sprintf("Order %s is a LIVE order with real money. Type the order id to confirm: ", oid)
		if err := x.confirmLive(ctx, q, oid); err != nil {
			return err
		}
	}
	return x.send(ctx, func(ctx context.Context, api *v3.Client) error {
		resp, err := api.ReplaceOrder(ctx, oid, req)
		if err != nil {
			return maybeActed(err)
		}
		return showResult(x, *resp)
	})
}

// describeReplace says in a few words what a replacement changes.
func describeReplace(r v3.OrderReplaceRequest) string {
	var parts []string
	if !r.Quantity.IsZero() {
		parts = append(parts, "quantity "+r.Quantity.String())
	}
	if r.OrderType != "" {
		parts = append(parts, "type "+string(r.OrderType))
	}
	if !r.LimitPrice.IsZero() {
		parts = append(parts, "limit "+r.LimitPrice.String())
	}
	if !r.StopPrice.IsZero() {
		parts = append(parts, "stop "+r.StopPrice.String())
	}
	return strings.Join(parts, ", ")
}

func orderCancelCommand() *command {
	return &command{
		name: "order cancel", timing: selfTimed,
		summary: "Cancel an open order.",
		example: "tradestation order cancel --order-id 1187654360",
		setup: func(f *flagSet) runFunc {
			var c cancelFlags
			f.text(&c.orderID, "order-id", "", "ID", "the order to cancel (see tradestation orders)")
			f.BoolVar(&c.yes, "yes", false, "cancel without asking")
			return c.run
		},
	}
}

// cancelFlags are the flags of order cancel.
type cancelFlags struct {
	orderID string
	yes     bool
}

func (f *cancelFlags) run(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	oid, err := orderID(f.orderID)
	if err != nil {
		return err
	}
	c, err := x.open()
	if err != nil {
		return err
	}
	q := fmt.Sprintf("Cancel order %s?", oid)
	if c.live() {
		q = fmt.Sprintf("Cancel LIVE order %s?", oid)
	}
	if err := x.agree(ctx, f.yes, q, "order "+oid+" not cancelled"); err != nil {
		return err
	}
	return x.send(ctx, func(ctx context.Context, api *v3.Client) error {
		resp, err := api.CancelOrder(ctx, oid)
		if err != nil {
			return maybeActed(err)
		}
		return showResult(x, *resp)
	})
}

// showResult prints the answer to a replacement or cancellation.
func showResult(x *invocation, r v3.OrderResult) error {
	if x.g.json {
		if err := printJSON(x.stdout, r); err != nil {
			return err
		}
	} else if r.Error == "" {
		fmt.Fprintf(x.stdout, "Order %s: %s\n", r.OrderID, firstNonEmpty(r.Message, "done"))
	}
	if r.Error != "" {
		return fmt.Errorf("order %s refused: %s", r.OrderID, joinNonEmpty(r.Error, r.Message))
	}
	return nil
}

// orderID checks --order-id; TradeStation's paths take it without dashes.
func orderID(id string) (string, error) {
	id = strings.ReplaceAll(strings.TrimSpace(id), "-", "")
	if id == "" {
		return "", usageErrorf("missing --order-id (see tradestation orders)")
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return "", usageErrorf("--order-id must be an order id (digits, such as 1187654360), not %q", id)
		}
	}
	return id, nil
}
