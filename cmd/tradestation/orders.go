package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v3"
)

func ordersCommand() *command {
	return &command{
		name: "orders", args: "[ACCOUNT...]",
		summary: "List today's open and recent orders, or closed ones since a date (--history).",
		example: "tradestation orders 11827364 --history --since 2025-05-01",
		setup: func(f *flagSet) runFunc {
			var o ordersFlags
			o.register(f)
			return o.run
		},
	}
}

// ordersFlags are the flags of the orders command.
type ordersFlags struct {
	history  bool
	since    string
	pageSize int
}

func (f *ordersFlags) register(fs *flagSet) {
	fs.BoolVar(&f.history, "history", false, "list closed orders since --since instead of open and recent ones")
	fs.text(&f.since, "since", "", "DATE", "with --history: the oldest day, YYYY-MM-DD, at most 90 days back")
	whole(fs, &f.pageSize, "page-size", client.MaxPageSize, 1, client.MaxPageSize, "orders fetched per request")
}

func (f *ordersFlags) check() error {
	switch {
	case f.history && f.since == "":
		return usageErrorf("--history needs --since YYYY-MM-DD")
	case !f.history && f.since != "":
		return usageErrorf("--since only goes with --history")
	}
	if f.since != "" {
		if _, err := time.Parse(dateLayout, f.since); err != nil {
			return usageErrorf("--since must be a date such as 2025-05-01, not %q", f.since)
		}
	}
	return nil
}

func (f *ordersFlags) run(ctx context.Context, x *invocation, args []string) error {
	if err := f.check(); err != nil {
		return err
	}
	ids, err := accountIDs(ctx, x, args)
	if err != nil {
		return err
	}
	api, err := x.v3()
	if err != nil {
		return err
	}
	size := int32(f.pageSize)
	seq := client.Orders(ctx, api, ids, &v3.GetOrdersParams{PageSize: size}, pageProgress(x))
	if f.history {
		seq = client.HistoricalOrders(ctx, api, ids, &v3.GetHistoricalOrdersParams{Since: f.since, PageSize: size}, pageProgress(x))
	}
	var orders []v3.Order
	var bad problems
	for o, err := range seq {
		var oe *client.OrderError
		switch {
		case errors.As(err, &oe):
			bad.add("%s", oneLine(oe))
		case err != nil:
			return err
		default:
			orders = append(orders, o)
		}
	}
	return listing[v3.Order]{
		header: []string{"ORDER", "ACCOUNT", "SYMBOL", "SIDE", "QTY", "FILLED", "TYPE", "LIMIT", "STOP", "STATUS", "OPENED"},
		row: func(o v3.Order) []cell {
			row := append([]cell{text(o.OrderID), text(o.AccountID)}, firstLeg(o)...)
			return append(row, orDash(string(o.OrderType)), dec(o.LimitPrice), dec(o.StopPrice), orDash(orderStatus(o)),
				clock(o.OpenedDateTime, x.loc, dateTimeLayout))
		},
		elastic: []int{2, 6, 9},
		empty:   "no orders",
	}.print(x, orders, bad)
}

// pageProgress notes on stderr each page of orders after the first, so
// that a long history shows progress.
func pageProgress(x *invocation) option.RequestOption {
	page := 0
	return option.WithRequestEditor(func(_ context.Context, req *http.Request) error {
		if strings.HasSuffix(req.URL.Path, "orders") { // orders or historicalorders
			page++
			if page > 1 {
				fmt.Fprintf(x.stderr, "tradestation: fetching orders, page %d...\n", page)
			}
		}
		return nil
	})
}

// firstLeg shows an order by its first leg: symbol (with the number of
// further legs), side, quantity ordered and quantity filled.
func firstLeg(o v3.Order) []cell {
	if len(o.Legs) == 0 {
		return []cell{text("-"), text("-"), text("-"), text("-")}
	}
	l := o.Legs[0]
	symbol := l.Symbol
	if len(o.Legs) > 1 {
		symbol += fmt.Sprintf(" (+%d legs)", len(o.Legs)-1)
	}
	return []cell{text(symbol), orDash(string(l.BuyOrSell)), dec(l.QuantityOrdered), dec(l.ExecQuantity)}
}

// orderStatus is the status as TradeStation words it, or else its code.
func orderStatus(o v3.Order) string { return firstNonEmpty(o.StatusDescription, string(o.Status)) }
