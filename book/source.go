package book

import (
	"context"
	"errors"
	"iter"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v3"
)

// source is everything the book reads from TradeStation. The book's logic
// knows no other I/O, so its tests script one and the client adapter below
// stays small.
type source interface {
	// orders lists the open and today's orders of the accounts, every page.
	orders(ctx context.Context) (*v3.Orders, error)
	// positions lists the positions of the accounts.
	positions(ctx context.Context) (*v3.Positions, error)
	// orderStream and positionStream stream the accounts' orders and
	// positions, reconnecting by themselves; each connection begins with a
	// snapshot that ends with h.endSnapshot, and h.reconnect comes before
	// the first message of each new connection. An error that ends the
	// stream is the last value yielded.
	orderStream(ctx context.Context, h hooks) iter.Seq2[v3.Order, error]
	positionStream(ctx context.Context, h hooks) iter.Seq2[v3.Position, error]
}

type hooks struct {
	reconnect   func(cause error)
	endSnapshot func()
}

// clientSource reads through the SDK's client and stream packages.
type clientSource struct {
	api      *v3.Client
	accounts []string
	opts     []stream.Option
}

func (s *clientSource) orders(ctx context.Context) (*v3.Orders, error) {
	var all v3.Orders
	for o, err := range client.Orders(ctx, s.api, s.accounts, nil) {
		var oe *client.OrderError
		switch {
		case errors.As(err, &oe):
			all.Errors = append(all.Errors, v3.OrderError{AccountID: oe.AccountID, OrderID: oe.OrderID, Error: oe.Code, Message: oe.Message})
		case err != nil:
			return nil, err
		default:
			all.Orders = append(all.Orders, o)
		}
	}
	return &all, nil
}

func (s *clientSource) positions(ctx context.Context) (*v3.Positions, error) {
	return s.api.GetPositions(ctx, s.accounts, nil)
}

func (s *clientSource) orderStream(ctx context.Context, h hooks) iter.Seq2[v3.Order, error] {
	return stream.Orders(ctx, s.api, s.accounts, s.streamOptions(h)...)
}

func (s *clientSource) positionStream(ctx context.Context, h hooks) iter.Seq2[v3.Position, error] {
	return stream.Positions(ctx, s.api, s.accounts, nil, s.streamOptions(h)...)
}

func (s *clientSource) streamOptions(h hooks) []stream.Option {
	return append(s.opts[:len(s.opts):len(s.opts)], stream.OnReconnect(h.reconnect), stream.OnEndSnapshot(h.endSnapshot))
}
