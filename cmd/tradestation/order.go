package main

import (
	"context"
	"errors"
	"flag"
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
		summary: "Preview an order: TradeStation's estimate of price, cost and commission. Nothing is placed.",
		example: "tradestation order confirm --account 11827364 --symbol MSFT --side buy --qty 10 --type limit --limit 400",
		setup: func(fs *flag.FlagSet) runFunc {
			var f orderFlags
			f.register(fs)
			return f.confirm
		},
	}
}

func (f *orderFlags) confirm(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	req, err := f.request()
	if err != nil {
		return err
	}
	confs, err := confirmOrder(ctx, x, req)
	if err != nil {
		return err
	}
	if x.g.json {
		return printJSON(x.stdout, confs)
	}
	return showConfirmations(x.stdout, confs)
}

func confirmOrder(ctx context.Context, x *invocation, req v3.OrderRequest) ([]v3.OrderConfirmation, error) {
	api, err := x.v3()
	if err != nil {
		return nil, err
	}
	resp, err := api.ConfirmOrder(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(resp.Confirmations) == 0 {
		return nil, errNoBody("confirmation")
	}
	return resp.Confirmations, nil
}

// showConfirmations prints what TradeStation says the order will do.
func showConfirmations(w io.Writer, confs []v3.OrderConfirmation) error {
	tw := newTabWriter(w)
	for i, c := range confs {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		field := func(name, v string) {
			if v != "" {
				fmt.Fprintf(tw, "%s\t%s\n", name, v)
			}
		}
		field("Order", c.SummaryMessage)
		field("Account", c.AccountID)
		field("Route", c.Route)
		field("Duration", string(c.TimeInForce.Duration))
		field("Estimated price", firstNonEmpty(c.EstimatedPriceDisplay, c.EstimatedPrice.String()))
		field("Estimated cost", firstNonEmpty(c.EstimatedCostDisplay, c.EstimatedCost.String()))
		field("Estimated commission", firstNonEmpty(c.EstimatedCommissionDisplay, c.EstimatedCommission.String()))
		field("Debit/credit", firstNonEmpty(c.DebitCreditEstimatedCostDisplay, c.DebitCreditEstimatedCost.String()))
		field("Initial margin", c.InitialMarginDisplay)
	}
	return tw.Flush()
}

func orderPlaceCommand() *command {
	return &command{
		name: "order place", timing: selfTimed,
		summary: "Place an order: shows TradeStation's confirmation and asks first (live orders twice).",
		example: "tradestation order place --account 11827364 --symbol MSFT --side buy --qty 10 --type limit --limit 400 --duration gtc",
		setup: func(fs *flag.FlagSet) runFunc {
			var f placeFlags
			f.register(fs)
			return f.run
		},
	}
}

// placeFlags are the flags of order place.
type placeFlags struct {
	orderFlags
	confirmID string
	yes       bool
}

func (f *placeFlags) register(fs *flag.FlagSet) {
	f.orderFlags.register(fs)
	fs.StringVar(&f.confirmID, "confirm-id", "", "the order's OrderConfirmID (1 to 22 characters; default: a fresh one). Send an order again with the id it had and TradeStation cannot place it twice")
	fs.BoolVar(&f.yes, "yes", false, "place without asking (a live order still asks for the account id)")
}

// orderConfirmID is --confirm-id, checked, or a fresh id.
func (f *placeFlags) orderConfirmID() (string, error) {
	id := f.confirmID
	switch n := utf8.RuneCountInString(id); {
	case id == "":
		return client.NewOrderConfirmID(), nil
	case strings.TrimSpace(id) != id || n > client.MaxOrderConfirmIDLen:
		return "", fmt.Errorf("--confirm-id %q: TradeStation takes 1 to %d characters, without surrounding spaces", id, client.MaxOrderConfirmIDLen)
	}
	return id, nil
}

func (f *placeFlags) run(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	req, err := f.request()
	if err != nil {
		return err
	}
	if req.OrderConfirmID, err = f.orderConfirmID(); err != nil {
		return err
	}
	c, err := x.open()
	if err != nil {
		return err
	}
	confirmCtx, cancel := x.withTimeout(ctx, defaultTimeout)
	preview := req
	preview.OrderConfirmID = "" // the id is for the placement; a rerun with it must preview too
	confs, err := confirmOrder(confirmCtx, x, preview)
	cancel()
	if err != nil {
		return err
	}
	// People read the confirmation; with --json stdout is kept for the result.
	view := x.stdout
	if x.g.json {
		view = x.stderr
	}
	if err := showConfirmations(view, confs); err != nil {
		return err
	}
	if err := x.agree(ctx, f.yes, "Place this order?", "order not placed"); err != nil {
		return err
	}
	if c.live() {
		q := fmt.Sprintf("This is a LIVE order on account %s with real money. Type the account id to confirm: ", req.AccountID)
		if err := x.confirmLive(ctx, q, req.AccountID); err != nil {
			return err
		}
	}
	return x.send(ctx, func(ctx context.Context, api *v3.Client) error {
		resp, err := api.PlaceOrder(ctx, req)
		if err != nil {
			return maybePlaced(x, req, err)
		}
		return showPlaced(x, *resp)
	})
}

// maybePlaced words the error of a placement that may have gone through:
// the OrderConfirmID it was sent with, where to look, and the command that
// sends it again without placing it twice.
func maybePlaced(x *invocation, req v3.OrderRequest, err error) error {
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
	u.note = fmt.Sprintf("the order may already exist (sent with OrderConfirmID %s%s): check with `tradestation orders %s` before anything else; "+
		"to send it again without placing it twice, run: %s",
		req.OrderConfirmID, named, req.AccountID, x.rerun("confirm-id", req.OrderConfirmID))
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
		setup: func(fs *flag.FlagSet) runFunc {
			var f replaceFlags
			f.register(fs)
			return f.run
		},
	}
}

// replaceFlags are the flags of order replace: what to change, all optional.
type replaceFlags struct {
	orderID, qty, orderType, limit, stop string
	yes                                  bool
}

func (f *replaceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.orderID, "order-id", "", "the order to change")
	fs.StringVar(&f.qty, "qty", "", "new quantity")
	fs.StringVar(&f.orderType, "type", "", "new type: market (TradeStation changes a type to market only)")
	fs.StringVar(&f.limit, "limit", "", "new limit price")
	fs.StringVar(&f.stop, "stop", "", "new stop price")
	fs.BoolVar(&f.yes, "yes", false, "replace without asking (a live order still asks for the order id)")
}

// request checks the flags. TradeStation changes an order's type only to
// market, which takes no prices; without --type, --limit or --stop
// changes that price alone.
func (f *replaceFlags) request() (v3.OrderReplaceRequest, error) {
	var req v3.OrderReplaceRequest
	var err error
	if req.Quantity, err = optionalPositive("qty", f.qty); err != nil {
		return req, err
	}
	if f.orderType != "" {
		if orderTypes[strings.ToLower(f.orderType)] != v3.OrderTypeMarket {
			return req, fmt.Errorf("--type %q: TradeStation changes an order's type only to market", f.orderType)
		}
		p, err := parsePricing(f.orderType, f.limit, f.stop)
		if err != nil {
			return req, err
		}
		req.OrderType = p.orderType
	} else {
		if req.LimitPrice, err = optionalPositive("limit", f.limit); err != nil {
			return req, err
		}
		if req.StopPrice, err = optionalPositive("stop", f.stop); err != nil {
			return req, err
		}
	}
	if req.Quantity.IsZero() && req.OrderType == "" && req.LimitPrice.IsZero() && req.StopPrice.IsZero() {
		return req, errors.New("nothing to change: give --qty, --type, --limit or --stop")
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
		setup: func(fs *flag.FlagSet) runFunc {
			var f cancelFlags
			fs.StringVar(&f.orderID, "order-id", "", "the order to cancel")
			fs.BoolVar(&f.yes, "yes", false, "cancel without asking")
			return f.run
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
		return "", fmt.Errorf("missing --order-id (see tradestation orders)")
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return "", fmt.Errorf("--order-id %q is not an order id (digits)", id)
		}
	}
	return id, nil
}
