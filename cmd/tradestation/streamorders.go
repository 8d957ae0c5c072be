package main

import (
	"context"

	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
)

// stream orders lives alone here so that it can print from a reconciled
// order book later without touching the other streams.

func streamOrdersCommand() *command {
	return &command{
		name: "stream orders", args: "[ACCOUNT...]", timing: untimed,
		summary: "Print the open orders, then every change to them, until Ctrl-C.",
		example: "tradestation stream orders 11827364",
		setup:   noFlags(runStreamOrders),
	}
}

func runStreamOrders(ctx context.Context, x *invocation, args []string) error {
	ids, api, err := accountsAPI(ctx, x, args)
	if err != nil {
		return err
	}
	t, err := newStreamTable(x, col("ORDER", 12), col("ACCOUNT", 12), col("SYMBOL", 10), col("SIDE", 5),
		num("QTY", 8), num("FILLED", 8), col("TYPE", 10), col("STATUS", 0))
	if err != nil {
		return err
	}
	return follow(ctx, x, stream.Orders(ctx, api, ids, streamNotes(x)...), func(o v3.Order) error {
		row := append([]cell{text(o.OrderID), text(o.AccountID)}, firstLeg(o)...)
		return t.row(append(row, orDash(string(o.OrderType)), orDash(orderStatus(o)))...)
	})
}
