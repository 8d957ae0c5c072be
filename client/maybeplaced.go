package client

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tradestation-go/tradestation/internal/requestconfig"
)

// ErrMaybePlaced is matched by every *MaybePlacedError: an order call
// (placement, group placement, replacement or cancellation) after which
// TradeStation may have acted although the client could not learn the
// outcome. Look before you send it again:
//
//	if errors.Is(err, client.ErrMaybePlaced) { /* check GetOrders first */ }
var ErrMaybePlaced = errors.New("client: TradeStation may have carried out the order request")

// MaybePlacedError is the one error shape for an order call whose outcome
// is unknown. Err says why:
//
//   - the connection failed or the context ended after the request was sent
//     (a timeout, a reset, net/http's transport wanting to send it again);
//   - TradeStation answered 5xx (other than 501), which gateways also send
//     after the order went through;
//   - it answered 2xx with a body that is not the documented JSON, or that
//     could not be read;
//   - it refused a placement's OrderConfirmID as already used, which means an
//     order with that id exists (or was refused) from an earlier attempt:
//     the client's own resend, or yours;
//   - an earlier attempt was one of the above and a later one failed.
//
// errors.As(err, &apiErr) still finds an *APIError inside Err. For a
// replacement or cancellation, read "placed" as "carried out".
type MaybePlacedError struct {
	Method, Path string
	// ConfirmIDs are the OrderConfirmIDs the placement carried, the
	// client's own included, in the order of the body's orders: send them
	// again with the same orders and TradeStation cannot place them twice.
	ConfirmIDs []string
	// OrderIDs are the orders the answer named: those placed earlier under
	// the same OrderConfirmIDs, and any it placed now. Often empty.
	OrderIDs []string
	// Attempts is how many times the request was sent.
	Attempts int
	Err      error
}

func (e *MaybePlacedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "client: %s %s may have been carried out", e.Method, e.Path)
	var notes []string
	if len(e.ConfirmIDs) > 0 {
		notes = append(notes, "OrderConfirmID "+strings.Join(e.ConfirmIDs, ", "))
	}
	if len(e.OrderIDs) > 0 {
		notes = append(notes, "order "+strings.Join(e.OrderIDs, ", "))
	}
	if e.Attempts > 1 {
		notes = append(notes, fmt.Sprintf("sent %d times", e.Attempts))
	}
	if len(notes) > 0 {
		b.WriteString(" (" + strings.Join(notes, "; ") + ")")
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (e *MaybePlacedError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrMaybePlaced) true.
func (e *MaybePlacedError) Is(target error) bool { return target == ErrMaybePlaced }

// DefaultMaxResponseBytes is how much of a successful answer the client
// reads unless WithMaxResponseBytes says otherwise: far above TradeStation's
// largest answers, far below what a gzip bomb inflates to.
const DefaultMaxResponseBytes = requestconfig.DefaultMaxResponseBytes

// BodyLimitError is a successful answer whose body (after decompression)
// is larger than the client reads. The body is refused, never cut short.
type BodyLimitError struct {
	Limit        int64
	Method, Path string
}

func (e *BodyLimitError) Error() string {
	return fmt.Sprintf("client: the answer to %s %s is larger than the response body limit of %s", e.Method, e.Path, byteSize(e.Limit))
}

// byteSize writes n as "64 MiB" when it is a whole number of MiB or KiB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
