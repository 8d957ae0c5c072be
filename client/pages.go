package client

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/tradestation-go/tradestation/v3"
)

// PageOption tunes the paging iterators Orders and HistoricalOrders.
type PageOption func(*paging)

type paging struct {
	pageSize int32
	maxPages int
}

// PageSize asks for n orders a page (1 to 600; default 600).
func PageSize(n int) PageOption {
	return func(p *paging) { p.pageSize = int32(n) }
}

// MaxPages stops after n pages even when TradeStation has more (0, the
// default, follows NextToken to the end).
func MaxPages(n int) PageOption {
	return func(p *paging) { p.maxPages = n }
}

// OrderError is a failure that TradeStation reports inside a 200 answer
// for one account or order, while the others succeed. The paging iterators
// yield it as an error and go on.
type OrderError struct {
	AccountID string
	OrderID   string
	Code      string
	Message   string
}

func (e *OrderError) Error() string {
	var b strings.Builder
	b.WriteString("tradestation:")
	if e.AccountID != "" {
		b.WriteString(" account " + e.AccountID)
	}
	if e.OrderID != "" {
		b.WriteString(" order " + e.OrderID)
	}
	fmt.Fprintf(&b, ": %s: %s", e.Code, e.Message)
	return b.String()
}

// Orders yields the open and recent orders of accounts, fetching pages as
// the loop asks for them and following NextToken until the last page, the
// end of ctx or MaxPages. A failed request is yielded as an error and ends
// the sequence; a per-account failure inside a page is yielded as an
// *OrderError and the sequence goes on.
func Orders(ctx context.Context, api *v3.ClientWithResponses, accountIDs []string, opts ...PageOption) iter.Seq2[v3.Order, error] {
	return pages(ctx, accountIDs, opts, func(p *paging, next *string) (*v3.Orders, error) {
		params := &v3.GetOrdersParams{NextToken: next}
		if p.pageSize > 0 {
			params.PageSize = &p.pageSize
		}
		resp, err := api.GetOrdersWithResponse(ctx, strings.Join(accountIDs, ","), params)
		if err != nil {
			return nil, err
		}
		return resp.JSON200, nil
	})
}

// HistoricalOrders is Orders for the closed orders since a date
// (YYYY-MM-DD, at most 90 days back).
func HistoricalOrders(ctx context.Context, api *v3.ClientWithResponses, accountIDs []string, since string, opts ...PageOption) iter.Seq2[v3.Order, error] {
	return pages(ctx, accountIDs, opts, func(p *paging, next *string) (*v3.Orders, error) {
		params := &v3.GetHistoricalOrdersParams{Since: since, NextToken: next}
		if p.pageSize > 0 {
			params.PageSize = &p.pageSize
		}
		resp, err := api.GetHistoricalOrdersWithResponse(ctx, strings.Join(accountIDs, ","), params)
		if err != nil {
			return nil, err
		}
		return resp.JSON200, nil
	})
}

func pages(ctx context.Context, accountIDs []string, opts []PageOption, fetch func(*paging, *string) (*v3.Orders, error)) iter.Seq2[v3.Order, error] {
	var p paging
	for _, opt := range opts {
		opt(&p)
	}
	return func(yield func(v3.Order, error) bool) {
		if len(accountIDs) == 0 {
			yield(v3.Order{}, errors.New("client: no account ids given"))
			return
		}
		var next *string
		for page := 1; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(v3.Order{}, err)
				return
			}
			body, err := fetch(&p, next)
			if err != nil {
				yield(v3.Order{}, err)
				return
			}
			if body == nil {
				yield(v3.Order{}, errors.New("client: orders answer had no JSON body"))
				return
			}
			for _, o := range body.Orders {
				if !yield(o, nil) {
					return
				}
			}
			for _, e := range body.Errors {
				if !yield(v3.Order{}, &OrderError{AccountID: e.AccountID, OrderID: e.OrderID, Code: e.Error, Message: e.Message}) {
					return
				}
			}
			if body.NextToken == "" || (p.maxPages > 0 && page >= p.maxPages) {
				return
			}
			token := body.NextToken
			next = &token
		}
	}
}
