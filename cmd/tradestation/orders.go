package main

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// orderFlags are the flags that describe a new order.
type orderFlags struct {
	account, symbol, side, qty, orderType, limit, stop, duration string
}

func (f *orderFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.account, "account", "", "account to trade in (see tradestation accounts)")
	fs.StringVar(&f.symbol, "symbol", "", "symbol to trade, such as MSFT")
	fs.StringVar(&f.side, "side", "", "buy, sell, sellshort, buytocover, buytoopen, buytoclose, selltoopen or selltoclose")
	fs.StringVar(&f.qty, "qty", "", "quantity: shares, contracts or units")
	fs.StringVar(&f.orderType, "type", "market", "market, limit, stop or stoplimit")
	fs.StringVar(&f.limit, "limit", "", "limit price (limit and stoplimit orders)")
	fs.StringVar(&f.stop, "stop", "", "stop price (stop and stoplimit orders)")
	fs.StringVar(&f.duration, "duration", "day", "time in force: day, day+, gtc, gtc+, ioc, fok, opg or clo")
}

var tradeActions = map[string]v3.TradeAction{
	"buy":         v3.TradeActionBuy,
	"sell":        v3.TradeActionSell,
	"sellshort":   v3.TradeActionSellShort,
	"short":       v3.TradeActionSellShort,
	"buytocover":  v3.TradeActionBuyToCover,
	"cover":       v3.TradeActionBuyToCover,
	"buytoopen":   v3.TradeActionBuyToOpen,
	"buytoclose":  v3.TradeActionBuyToClose,
	"selltoopen":  v3.TradeActionSellToOpen,
	"selltoclose": v3.TradeActionSellToClose,
}

var orderTypes = map[string]v3.OrderType{
	"market":     v3.OrderTypeMarket,
	"limit":      v3.OrderTypeLimit,
	"stop":       v3.OrderTypeStopMarket,
	"stopmarket": v3.OrderTypeStopMarket,
	"stoplimit":  v3.OrderTypeStopLimit,
}

var durations = map[string]v3.Duration{
	"day":  v3.DurationDay,
	"day+": v3.DurationDayPlus,
	"dyp":  v3.DurationDayPlus,
	"gtc":  v3.DurationGTC,
	"gtc+": v3.DurationGTCPlus,
	"gcp":  v3.DurationGTCPlus,
	"ioc":  v3.DurationIOC,
	"fok":  v3.DurationFOK,
	"opg":  v3.DurationOPG,
	"clo":  v3.DurationCLO,
}

// positiveDecimal parses a price or quantity flag.
func positiveDecimal(flagName, s string) (value.Decimal, error) {
	d, err := value.ParseDecimal(strings.TrimSpace(s))
	if err != nil {
		return value.Decimal{}, fmt.Errorf("--%s %q is not a number", flagName, s)
	}
	if d.Sign() <= 0 {
		return value.Decimal{}, fmt.Errorf("--%s %s must be more than zero", flagName, s)
	}
	return d, nil
}

// orderType reads --type together with --limit and --stop, which it
// requires or refuses as the type needs them.
func orderType(typ, limit, stop string) (v3.OrderType, value.Decimal, value.Decimal, error) {
	var lim, stp value.Decimal
	t, ok := orderTypes[strings.ToLower(typ)]
	if !ok {
		return "", lim, stp, fmt.Errorf("--type %q is not market, limit, stop or stoplimit", typ)
	}
	needLimit := t == v3.OrderTypeLimit || t == v3.OrderTypeStopLimit
	needStop := t == v3.OrderTypeStopMarket || t == v3.OrderTypeStopLimit
	var err error
	switch {
	case needLimit && limit == "":
		return "", lim, stp, fmt.Errorf("a %s order needs --limit PRICE", strings.ToLower(typ))
	case !needLimit && limit != "":
		return "", lim, stp, fmt.Errorf("--limit goes with limit and stoplimit orders, not %s", strings.ToLower(typ))
	case needStop && stop == "":
		return "", lim, stp, fmt.Errorf("a %s order needs --stop PRICE", strings.ToLower(typ))
	case !needStop && stop != "":
		return "", lim, stp, fmt.Errorf("--stop goes with stop and stoplimit orders, not %s", strings.ToLower(typ))
	}
	if needLimit {
		if lim, err = positiveDecimal("limit", limit); err != nil {
			return "", lim, stp, err
		}
	}
	if needStop {
		if stp, err = positiveDecimal("stop", stop); err != nil {
			return "", lim, stp, err
		}
	}
	return t, lim, stp, nil
}

// request checks the flags and builds the order, with a fresh
// OrderConfirmID so that a resend can never place it twice.
func (f *orderFlags) request() (v3.OrderRequest, error) {
	var req v3.OrderRequest
	switch {
	case strings.TrimSpace(f.account) == "":
		return req, fmt.Errorf("missing --account: name the account to trade in (see tradestation accounts)")
	case strings.TrimSpace(f.symbol) == "":
		return req, fmt.Errorf("missing --symbol: name what to trade, such as --symbol MSFT")
	case f.side == "":
		return req, fmt.Errorf("missing --side: buy, sell, sellshort or buytocover (options: buytoopen, selltoclose...)")
	case f.qty == "":
		return req, fmt.Errorf("missing --qty: how many shares or contracts")
	}
	action, ok := tradeActions[strings.ToLower(f.side)]
	if !ok {
		return req, fmt.Errorf("--side %q is not buy, sell, sellshort, buytocover, buytoopen, buytoclose, selltoopen or selltoclose", f.side)
	}
	qty, err := positiveDecimal("qty", f.qty)
	if err != nil {
		return req, err
	}
	typ, lim, stp, err := orderType(f.orderType, f.limit, f.stop)
	if err != nil {
		return req, err
	}
	dur, ok := durations[strings.ToLower(f.duration)]
	if !ok {
		return req, fmt.Errorf("--duration %q is not day, day+, gtc, gtc+, ioc, fok, opg or clo", f.duration)
	}
	id, err := newConfirmID()
	if err != nil {
		return req, err
	}
	return v3.OrderRequest{
		AccountID:      strings.TrimSpace(f.account),
		Symbol:         strings.ToUpper(strings.TrimSpace(f.symbol)),
		TradeAction:    action,
		Quantity:       qty,
		OrderType:      typ,
		LimitPrice:     lim,
		StopPrice:      stp,
		TimeInForce:    v3.TimeInForce{Duration: dur},
		OrderConfirmID: id,
	}, nil
}

// newConfirmID returns 20 random characters: TradeStation refuses a second
// order with the same OrderConfirmID, so the client may resend safely.
func newConfirmID() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating an OrderConfirmID: %w", err)
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b), nil
}

func orderConfirmCommand() *command {
	return &command{
		name:    "order confirm",
		summary: "Preview an order: TradeStation's estimate of price, cost and commission. Nothing is placed.",
		example: "tradestation order confirm --account SIM1234567M --symbol MSFT --side buy --qty 10 --type limit --limit 400",
		setup: func(fs *flag.FlagSet) runFunc {
			var f orderFlags
			f.register(fs)
			return func(ctx context.Context, x *invocation, args []string) error {
				if len(args) > 0 {
					return usageErrorf("unexpected argument %q; an order is described with flags", args[0])
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
		},
	}
}

func confirmOrder(ctx context.Context, x *invocation, req v3.OrderRequest) ([]v3.OrderConfirmation, error) {
	api, err := x.v3(ctx)
	if err != nil {
		return nil, err
	}
	resp, err := api.ConfirmOrderWithResponse(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil || len(resp.JSON200.Confirmations) == 0 {
		return nil, errNoBody("order confirmation")
	}
	return resp.JSON200.Confirmations, nil
}

// showConfirmations prints what TradeStation says the order will do.
func showConfirmations(w io.Writer, confs []v3.OrderConfirmation) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
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
		example: "tradestation order place --account SIM1234567M --symbol MSFT --side buy --qty 10 --type limit --limit 400 --duration gtc",
		setup: func(fs *flag.FlagSet) runFunc {
			var f orderFlags
			f.register(fs)
			yes := fs.Bool("yes", false, "place without asking (a live order still asks for the account id)")
			return func(ctx context.Context, x *invocation, args []string) error {
				if len(args) > 0 {
					return usageErrorf("unexpected argument %q; an order is described with flags", args[0])
				}
				req, err := f.request()
				if err != nil {
					return err
				}
				confirmCtx, cancel := x.withTimeout(ctx, defaultTimeout)
				confs, err := confirmOrder(confirmCtx, x, req)
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
				if !*yes {
					ok, err := x.ask(ctx, "Place this order? [y/N] ")
					if err != nil {
						return err
					}
					if !ok {
						return fmt.Errorf("order not placed")
					}
				}
				if x.conn.live() {
					if err := x.confirmLive(ctx, fmt.Sprintf("This is a LIVE order on account %s with real money. Type the account id to confirm: ", req.AccountID), req.AccountID); err != nil {
						return err
					}
				}
				placeCtx, cancel := x.withTimeout(ctx, defaultTimeout)
				defer cancel()
				api, err := x.conn.v3()
				if err != nil {
					return err
				}
				resp, err := api.PlaceOrderWithResponse(placeCtx, req)
				if err != nil {
					return err
				}
				if resp.JSON200 == nil {
					return errNoBody("order placement")
				}
				return showResults(x, resp.JSON200.Orders, resp.JSON200.Errors, resp.JSON200)
			}
		},
	}
}

// showResults prints the orders TradeStation accepted and fails with the
// ones it refused.
func showResults(x *invocation, accepted, refused []v3.OrderResult, whole any) error {
	var bad problems
	for _, r := range refused {
		bad.add("order %s refused: %s", firstNonEmpty(r.OrderID, "(no id)"), joinNonEmpty(r.Error, r.Message))
	}
	if x.g.json {
		if err := printJSON(x.stdout, whole); err != nil {
			return err
		}
		return bad.report(x.stderr)
	}
	for _, r := range accepted {
		fmt.Fprintf(x.stdout, "Order %s: %s\n", r.OrderID, firstNonEmpty(r.Message, "accepted"))
	}
	return bad.report(x.stderr)
}

// ask asks a yes/no question on stderr and reads the answer from stdin;
// anything but y or yes (including no answer at all) is no.
func (x *invocation) ask(ctx context.Context, question string) (bool, error) {
	answer, err := x.readAnswer(ctx, question)
	if err != nil {
		return false, err
	}
	switch strings.ToLower(answer) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// confirmLive asks the user to type want (an account or order id) before a
// live change.
func (x *invocation) confirmLive(ctx context.Context, question, want string) error {
	answer, err := x.readAnswer(ctx, question)
	if err != nil {
		return err
	}
	if answer != want {
		if answer == "" {
			return fmt.Errorf("live order not confirmed: nothing was typed; nothing was sent")
		}
		return fmt.Errorf("live order not confirmed: %q is not %s; nothing was sent", answer, want)
	}
	return nil
}

// readAnswer asks question on stderr and reads one line from stdin. The end
// of input is an empty answer; the end of ctx (Ctrl-C) stops the wait.
func (x *invocation) readAnswer(ctx context.Context, question string) (string, error) {
	fmt.Fprint(x.stderr, question)
	type answer struct {
		line string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		line, err := x.stdin.ReadString('\n')
		got <- answer{line, err}
	}()
	select {
	case a := <-got:
		if a.err != nil && a.line == "" {
			fmt.Fprintln(x.stderr)
			return "", nil
		}
		return strings.TrimSpace(a.line), nil
	case <-ctx.Done():
		fmt.Fprintln(x.stderr)
		return "", ctx.Err()
	}
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

func orderReplaceCommand() *command {
	return &command{
		name: "order replace", timing: selfTimed,
		summary: "Change the quantity, type or prices of an open order.",
		example: "tradestation order replace --order-id 1234567890 --type limit --limit 405",
		setup: func(fs *flag.FlagSet) runFunc {
			id := fs.String("order-id", "", "the order to change")
			qty := fs.String("qty", "", "new quantity")
			typ := fs.String("type", "", "new type: market, limit, stop or stoplimit (with its --limit/--stop)")
			limit := fs.String("limit", "", "new limit price")
			stop := fs.String("stop", "", "new stop price")
			yes := fs.Bool("yes", false, "replace without asking (a live order still asks for the order id)")
			return func(ctx context.Context, x *invocation, args []string) error {
				if len(args) > 0 {
					return usageErrorf("unexpected argument %q", args[0])
				}
				oid, err := orderID(*id)
				if err != nil {
					return err
				}
				var req v3.OrderReplaceRequest
				if *qty != "" {
					if req.Quantity, err = positiveDecimal("qty", *qty); err != nil {
						return err
					}
				}
				if *typ != "" {
					if req.OrderType, req.LimitPrice, req.StopPrice, err = orderType(*typ, *limit, *stop); err != nil {
						return err
					}
				} else {
					if *limit != "" {
						if req.LimitPrice, err = positiveDecimal("limit", *limit); err != nil {
							return err
						}
					}
					if *stop != "" {
						if req.StopPrice, err = positiveDecimal("stop", *stop); err != nil {
							return err
						}
					}
				}
				if req.Quantity.IsZero() && req.OrderType == "" && req.LimitPrice.IsZero() && req.StopPrice.IsZero() {
					return fmt.Errorf("nothing to change: give --qty, --type, --limit or --stop")
				}
				c, err := x.open(ctx)
				if err != nil {
					return err
				}
				if !*yes {
					ok, err := x.ask(ctx, fmt.Sprintf("Replace order %s (%s)? [y/N] ", oid, describeReplace(req)))
					if err != nil {
						return err
					}
					if !ok {
						return fmt.Errorf("order %s not replaced", oid)
					}
				}
				if c.live() {
					if err := x.confirmLive(ctx, fmt.Sprintf("Order %s is a LIVE order with real money. Type the order id to confirm: ", oid), oid); err != nil {
						return err
					}
				}
				tctx, cancel := x.withTimeout(ctx, defaultTimeout)
				defer cancel()
				api, err := c.v3()
				if err != nil {
					return err
				}
				resp, err := api.ReplaceOrderWithResponse(tctx, oid, req)
				if err != nil {
					return err
				}
				if resp.JSON200 == nil {
					return errNoBody("order replacement")
				}
				return showResult(x, *resp.JSON200)
			}
		},
	}
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

func orderCancelCommand() *command {
	return &command{
		name: "order cancel", timing: selfTimed,
		summary: "Cancel an open order.",
		example: "tradestation order cancel --order-id 1234567890",
		setup: func(fs *flag.FlagSet) runFunc {
			id := fs.String("order-id", "", "the order to cancel")
			yes := fs.Bool("yes", false, "cancel without asking")
			return func(ctx context.Context, x *invocation, args []string) error {
				if len(args) > 0 {
					return usageErrorf("unexpected argument %q", args[0])
				}
				oid, err := orderID(*id)
				if err != nil {
					return err
				}
				c, err := x.open(ctx)
				if err != nil {
					return err
				}
				if !*yes {
					q := fmt.Sprintf("Cancel order %s? [y/N] ", oid)
					if c.live() {
						q = fmt.Sprintf("Cancel LIVE order %s? [y/N] ", oid)
					}
					ok, err := x.ask(ctx, q)
					if err != nil {
						return err
					}
					if !ok {
						return fmt.Errorf("order %s not cancelled", oid)
					}
				}
				tctx, cancel := x.withTimeout(ctx, defaultTimeout)
				defer cancel()
				api, err := c.v3()
				if err != nil {
					return err
				}
				resp, err := api.CancelOrderWithResponse(tctx, oid)
				if err != nil {
					return err
				}
				if resp.JSON200 == nil {
					return errNoBody("order cancellation")
				}
				return showResult(x, *resp.JSON200)
			}
		},
	}
}
