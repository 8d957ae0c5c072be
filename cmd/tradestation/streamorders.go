package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tradestation-go/tradestation/book"
	"github.com/tradestation-go/tradestation/stream"
)

func streamOrdersCommand() *command {
	return &command{
		name: "stream orders", args: "[ACCOUNT...]", timing: untimed,
		summary: "Print every order event (opened, filled, cancelled...), each fill once, until Ctrl-C.",
		example: "tradestation stream orders 11827364",
		setup:   noFlags(runStreamOrders),
	}
}

// runStreamOrders prints from package book rather than the raw order
// stream: each fill once with the quantity it added, whatever the stream
// repeats or loses, and orders corrected from REST marked "reconcile".
func runStreamOrders(ctx context.Context, x *invocation, args []string) error {
	ids, api, err := accountsAPI(ctx, x, args)
	if err != nil {
		return err
	}
	b, err := book.Open(ctx, api, ids, book.WithStreamOptions(stream.OnRetry(func(attempt int, wait time.Duration, cause error) {
		fmt.Fprintf(x.stderr, "tradestation: connection lost (%s); reconnecting in %v (attempt %d)\n", oneLine(cause), wait.Round(time.Millisecond), attempt)
	})))
	if err != nil {
		return err
	}
	defer b.Close()
	t, err := newStreamTable(x, col("EVENT", 15), col("SOURCE", 9), col("ORDER", 12), col("ACCOUNT", 12),
		col("SYMBOL", 10), col("SIDE", 5), num("QTY", 8), num("FILLED", 8), num("NEW FILL", 8), col("TYPE", 10), col("STATUS", 0))
	if err != nil {
		return err
	}
	for ev, err := range b.Events(ctx) {
		switch {
		case ctx.Err() != nil:
			return nil // Ctrl-C (exit 130) or --timeout (exit 0)
		case errors.Is(err, book.ErrStopped):
			return err // a revoked login, DualLogon, a spent reconnect budget...
		case err != nil:
			fmt.Fprintf(x.stderr, "tradestation: %s\n", oneLine(err)) // the book goes on
			continue
		case x.g.json:
			if err := printJSONLine(x.stdout, ev); err != nil {
				return err
			}
			continue
		}
		o := ev.Order
		row := append([]cell{text(ev.Kind.String()), text(ev.Source.String()), text(o.OrderID), text(o.AccountID)}, firstLeg(o)...)
		if err := t.row(append(row, dec(ev.Filled), orDash(string(o.OrderType)), orDash(orderStatus(o)))...); err != nil {
			return err
		}
	}
	return nil
}
