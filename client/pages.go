package client

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v3"
)

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

// Orders yields the open and recent orders of accounts, each once,
// fetching pages of params.PageSize orders (MaxPageSize when zero; params
// may be nil) as the loop asks for them and following NextToken to the
// last page. params.NextToken, when set, starts at that page. opts apply to
// every page's request.
//
// A failed request is yielded as an error and ends the sequence; a
// per-account failure inside a page is yielded as an *OrderError and the
// sequence goes on. When ctx ends, the last value yielded is ctx.Err();
// breaking out of the loop fetches nothing more.
func Orders(ctx context.Context, api *v3.Client, accountIDs []string, params *v3.GetOrdersParams, opts ...option.RequestOption) iter.Seq2[v3.Order, error] {
	var p v3.GetOrdersParams
	if params != nil {
		p = *params
	}
	return pages(ctx, api, p.NextToken, func(next string) (*v3.Orders, error) {
		page := p
		page.PageSize = pageSize(p.PageSize)
		page.NextToken = next
		return api.GetOrders(ctx, accountIDs, &page, opts...)
	})
}

// HistoricalOrders is Orders for the closed orders since params.Since
// (required: YYYY-MM-DD, at most 90 days back).
func HistoricalOrders(ctx context.Context, api *v3.Client, accountIDs []string, params *v3.GetHistoricalOrdersParams, opts ...option.RequestOption) iter.Seq2[v3.Order, error] {
	var p v3.GetHistoricalOrdersParams
	if params != nil {
		p = *params
	}
	return pages(ctx, api, p.NextToken, func(next string) (*v3.Orders, error) {
		page := p
		page.PageSize = pageSize(p.PageSize)
		page.NextToken = next
		return api.GetHistoricalOrders(ctx, accountIDs, &page, opts...)
	})
}

// pageSize is the page size sent: always one, so that TradeStation pages
// with NextToken (without one it answers a single list of at most 600).
func pageSize(n int32) int32 {
	if n == 0 {
		return MaxPageSize
	}
	return n
}

func pages(ctx context.Context, api *v3.Client, next string, fetch func(next string) (*v3.Orders, error)) iter.Seq2[v3.Order, error] {
	return func(yield func(v3.Order, error) bool) {
		if api == nil {
			yield(v3.Order{}, errors.New("client: no client given (use NewV3)"))
			return
		}
		// give yields v, unless ctx has ended: then its error, last.
		give := func(o v3.Order, err error) bool {
			if ctxErr := ctx.Err(); ctxErr != nil {
				yield(v3.Order{}, ctxErr)
				return false
			}
			return yield(o, err)
		}
		for {
			if err := ctx.Err(); err != nil {
				yield(v3.Order{}, err)
				return
			}
			body, err := fetch(next)
			if err != nil {
				give(v3.Order{}, err)
				return
			}
			for _, o := range body.Orders {
				if !give(o, nil) {
					return
				}
			}
			for _, e := range body.Errors {
				if !give(v3.Order{}, &OrderError{AccountID: e.AccountID, OrderID: e.OrderID, Code: e.Error, Message: e.Message}) {
					return
				}
			}
			if body.NextToken == "" {
				return
			}
			next = body.NextToken
		}
	}
}
