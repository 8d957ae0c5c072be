// Package book keeps a live book of the orders and positions of
// TradeStation accounts that agrees with TradeStation's own, and reports
// each change of each order as one event, each fill exactly once.
//
//	b, err := book.Open(ctx, api, []string{accountID}, book.WithReconcileEvery(30*time.Second))
//	if err != nil {
//		return err
//	}
//	defer b.Close()
//	for ev, err := range b.Events(ctx) {
//		if errors.Is(err, book.ErrStopped) {
//			return err // DualLogon, a revoked login...: see "When the book stops"
//		}
//		if err != nil {
//			log.Print(err) // the book goes on
//			continue
//		}
//		if ev.Kind == book.PartiallyFilled || ev.Kind == book.Filled {
//			log.Printf("%s filled %s more (%s)", ev.Order.OrderID, ev.Filled, ev.Source)
//		}
//	}
//
// # Where the book's knowledge comes from
//
// Open lists the open and today's orders and the positions over REST, then
// keeps the order and position streams open. Each stream connection begins
// with a snapshot of everything (after a reconnection too); the book
// compares it with what it holds. Every WithReconcileEvery interval, and
// whenever a stream ended or a snapshot lacked an open order, it lists
// orders and positions over REST again and compares. What the comparisons
// find comes as events with Source FromReconcile; what live stream
// messages say comes with FromStream. A missed fill, a lost rejection, an
// order placed by another program or on the web: all are found at the
// latest at the next reconcile.
//
// # How events are derived
//
// Events come from the change of each order's filled quantity and status,
// never from the label of a message alone. The fill of an order is the
// highest ExecQuantity seen on each leg; an event's Filled is how much
// that rose. So a fill is counted once however often it is reported
// (ACK and DON messages that carry an ExecQuantity before the FLL, the
// snapshot sent again after a reconnect, a REST listing that repeats what
// the stream said), and a fill whose messages were lost is reported by
// the next observation that shows it, in one event with the whole missing
// quantity. A message with an open status for an order already final, or
// one that shows less filled than already seen (other than a fill
// correction, COR), is stale: it never reopens an order nor takes fills
// back. A final status is always news, since an order ends once. A REST
// answer that may be older than the stream (the stream spoke of the order
// while the request was on its way) is used only for what it adds: a fill
// or a final status.
//
// Each observation that changes an order causes at least one event, and
// each order's events come in this order:
//
//   - Opened, once, first, when the book first sees the order (it may be
//     followed at once by the fills and the ending it already shows).
//   - PartiallyFilled for each rise of the fill while some of the order is
//     still to fill; Filled when all of it is (by quantity, or with FLL).
//   - The ending: Filled, Canceled, Rejected, Expired or Replaced, once,
//     when the order reaches a final status (below). An order that filled
//     by quantity before its FLL arrived has had its Filled already; the
//     FLL then comes as Updated.
//   - Replaced when an open order's terms change (type, prices, trailing
//     stop, a leg's quantity), and Updated for any other change.
//
// Fills can follow the ending only when TradeStation later reports more
// filled on a closed order; they are reported then, never dropped. The
// Filled of an order's events add up to the order's filled quantity: the
// book never reports a negative fill, so an execution that TradeStation
// breaks (BRO) or corrects downwards (COR) shows in the order and the
// positions, not in Filled.
//
// Group orders keep their links: each event carries the order's
// ConditionalOrders and GroupName. When one order of an OCO or bracket
// group fills and TradeStation cancels the others, each order has its own
// event (Filled for one, Canceled for each other), from the stream or else
// from the next reconcile.
//
// # Statuses
//
// TradeStation's status codes, as the book treats them. Final statuses end
// the order with the event shown; any other code, including codes not
// listed, keeps it open. The categories are those of TradeStation's
// specification, except where the last column says why not.
//
//	Code   TradeStation's name           Book    Ending event  Note
//	FLL    Filled                        final   Filled
//	FLP    Partial Fill (UROut)          final   Canceled      what filled came as PartiallyFilled; the rest is out
//	CAN    Canceled                      final   Canceled
//	OUT    UROut                         final   Canceled      the exchange confirms the order is out
//	TSC    Trade Server Canceled         final   Canceled
//	SCN    Big Brother Recall            final   Canceled
//	BRO    Broken                        final   Canceled      listed as open by the spec; "broken after execution", the order is over
//	EXP    Expired                       final   Expired
//	REJ    Rejected                      final   Rejected
//	UCH    Replaced                      final   Replaced      this id is done; the order that replaces it has its own Opened
//	RJR    Change Request Rejected       open    -             filed as Canceled by the spec, but a refused change leaves the order working
//	ACK    Received                      open
//	ASS    Option Assignment             open
//	BRC    Bracket Canceled              open
//	BRF    Bracket Filled                open
//	CHG    Change                        open
//	CND    Condition Met                 open
//	COR    Fill Corrected                open
//	DIS    Dispatched                    open
//	DOA    Dead                          open          listed as open by the spec
//	DON    Queued                        open
//	ECN    Expiration Cancel Request     open
//	EXE    Option Exercise               open
//	FPR    Partial Fill (Alive)          open
//	LAT    Too Late to Cancel            open
//	OPN    Sent                          open
//	OSO    OSO Order                     open
//	OTHER  not mapped                    open
//	PLA    Sending                       open
//	REC    Big Brother Recall Request    open
//	RJC    Cancel Request Rejected       open
//	RPD    Replace Pending               open
//	RSN    Replace Sent                  open
//	STP    Stop Hit                      open
//	STT    Status Message                open
//	SUS    Suspended                     open
//	UCN    Cancel Sent                   open
//
// Where a code's finality is in doubt the book keeps the order open: a
// wrong ending could make a program place an order again while the first
// still works, whereas an order kept open wrongly only waits for its next
// status.
//
// # Positions
//
// Positions are kept by account and symbol from the position stream (a
// message with Deleted removes one) and reconciled the same way: each
// stream snapshot and each REST listing replaces what the book holds, and
// a position they do not list is removed, unless the listing reported an
// error for its account or the stream spoke of it after the listing's
// request left. Positions cause no events.
//
// # When the book stops
//
// The book rides out what time mends: a failed listing is tried again at
// the next interval; a stream reconnects by itself (package stream), and
// when its attempts in a row are exhausted (stream.ErrRetriesExhausted,
// the network or TradeStation being down) the book reconciles and opens
// it again after a pause that grows to a minute. Errors along the way are
// yielded by Events and the book goes on.
//
// It stops by itself, rather than retry for ever, when going on cannot
// help:
//
//	What happened                                        Seen as
//	another session took the login                       *stream.Error, Code "DualLogon"
//	the token is refused after a refresh                 *stream.Error "Unauthorized", *client.APIError 401
//	the refresh token is revoked                         auth.ErrLoginRequired
//	TradeStation refuses the request or every account    *client.APIError (4xx but 429; 501), stream.ErrAllSubjectsFailed
//	the stream reconnected too often                     stream.ErrReconnectBudget
//
// that is, when a stream ends with any error but stream.ErrRetriesExhausted,
// or a listing fails with a 401 or auth.ErrLoginRequired. Opening a stream
// again would fail the same way, fight the other session (DualLogon), or
// evade the reconnect budget that keeps a misbehaving server from using up
// the login's request quota. Its streams and reconciling end; its orders
// and positions stay readable; every Events loop yields the events queued
// and then one error that matches ErrStopped and wraps the cause, and
// ends. Close it as usual; to go on, fix the cause and Open a new book,
// whose opening listing brings it up to date.
//
// # Memory and goroutines
//
// The book runs three goroutines (order stream, position stream,
// reconciling) until Close, the end of Open's context, or it stops. It holds every
// order it has seen unless WithPruneClosedAfter lets it forget closed ones,
// and the events that no Events loop has taken yet.
package book
