package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"

	"github.com/tradestation-go/tradestation/internal/apierror"
	"github.com/tradestation-go/tradestation/internal/requestconfig"
	"github.com/tradestation-go/tradestation/internal/retry"
	"github.com/tradestation-go/tradestation/ratelimit"
)

// authorizer is what the doer needs of an auth.Session: a way to put the
// current bearer token on a request, and a way to replace a token that
// TradeStation rejected.
type authorizer interface {
	RequestEditor() func(context.Context, *http.Request) error
	ForceRefresh(ctx context.Context, rejected string) error
}

// doer sends every request of a client from NewV3 or NewV2 (through
// sender): it checks limits, writes the URL as TradeStation documents it,
// fills in OrderConfirmIDs, waits on the rate limiter before each attempt,
// decides every resend itself, bounds answers and turns non-2xx answers
// into *APIError.
type doer struct {
	http          *http.Client // never follows a redirect (requestconfig.NoRedirects)
	auth          authorizer
	policy        retry.Policy
	log           *slog.Logger
	v2            bool
	autoConfirmID bool
	maxBody       int64
	limiter       ratelimit.Limiter // nil: none
}

// callKind sorts requests by what a second copy of them could do.
type callKind uint8

const (
	callRead      callKind = iota // reads and read-only POSTs: harmless twice
	callStream                    // a stream: the stream package reconnects it
	callPlacement                 // single or group placement, v3 or v2
	callOrder                     // replacement, cancellation, anything else that may move money
)

func (k callKind) movesMoney() bool { return k >= callPlacement }

func classify(req *http.Request) callKind {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		if strings.Contains(req.URL.Path, "/stream/") {
			return callStream
		}
		return callRead
	}
	switch {
	case isReadOnlyPost(req):
		return callRead
	case isPlacement(req):
		return callPlacement
	}
	return callOrder
}

// call is one request of a generated client, through all its attempts.
type call struct {
	d      *doer
	req    *http.Request
	kind   callKind
	body   []byte      // the request body (nil when empty), sent afresh on each attempt
	orders []orderSlot // a placement's orders, when the body was read without doubt
	safe   bool        // sending it twice cannot act twice
	sent   int         // attempts that may have reached TradeStation
	maybe  bool        // one of them may have been carried out
}

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	if err := checkLimits(req); err != nil {
		return nil, err
	}
	c := call{d: d, req: req, kind: classify(req), safe: true}
	if err := c.refuseReplayHeaders(); err != nil {
		return nil, err
	}
	if err := c.takeBody(); err != nil {
		return nil, err
	}
	prepare(req)
	return c.run()
}

// refuseReplayHeaders refuses an order call that carries a header with
// which net/http's HTTP/1 transport replays any request on its own after a
// connection loss: the doer decides every resend of an order call.
func (c *call) refuseReplayHeaders() error {
	if !c.kind.movesMoney() {
		return nil
	}
	for _, h := range []string{"Idempotency-Key", "X-Idempotency-Key"} {
		if _, ok := c.req.Header[h]; ok {
			return fmt.Errorf("client: %s %s carries an %s header, which lets net/http resend it on its own; the client decides every resend of an order call, so remove the header",
				c.req.Method, c.req.URL.Path, h)
		}
	}
	return nil
}

// takeBody reads the request body once (the generated builders made it in
// memory) and, for a placement, reads and fills its OrderConfirmIDs.
func (c *call) takeBody() error {
	req := c.req
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return fmt.Errorf("client: reading the request body of %s %s: %w", req.Method, req.URL.Path, err)
		}
		if len(body) > 0 {
			c.body = body
		}
	}
	req.Body, req.GetBody, req.ContentLength = nil, nil, 0
	if !c.kind.movesMoney() {
		return checkConfirmIDs(req, c.body, c.d.v2)
	}
	c.safe = false
	if c.kind != callPlacement {
		return nil
	}
	orders, clear := scanOrders(c.body, isGroupPath(req.URL.Path), c.d.v2)
	if err := confirmIDLimit(orders, req.URL.Path); err != nil {
		return err
	}
	if !clear {
		return nil // sent as it is, once
	}
	if c.d.autoConfirmID {
		c.body = fillConfirmIDs(c.body, orders, c.d.v2)
	}
	c.orders = orders
	c.safe = allIdentified(orders)
	return nil
}

// run sends the request until it has an answer to return or a reason to
// stop. Only the doer resends: net/http gets a request it cannot replay.
func (c *call) run() (*http.Response, error) {
	ctx := c.req.Context()
	refreshed := false
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return nil, c.fail(err)
		}
		if err := c.wait(ctx); err != nil {
			return nil, c.fail(err) // this attempt never left: only earlier ones may have acted
		}
		resp, g, err := c.send(ctx)
		if err != nil {
			if !neverSent(err) {
				c.maybe = c.maybe || c.kind.movesMoney()
			}
			if c.again(ctx, n, nil, err) {
				continue
			}
			return nil, c.fail(err)
		}
		switch code := resp.StatusCode; {
		case code >= 200 && code < 300:
			if !c.kind.movesMoney() {
				return c.bounded(resp), nil
			}
			resp, err := c.orderAnswer(resp)
			g.done()
			return resp, err
		case code == http.StatusUnauthorized && !refreshed && c.d.auth != nil:
			// TradeStation did not act on the request: refresh and send it once more.
			drain(resp)
			g.done()
			refreshed = true
			if err := c.refresh(ctx); err != nil {
				return nil, c.fail(err)
			}
			n--
			continue
		}
		apiErr := readAPIError(resp)
		g.done()
		if c.kind.movesMoney() && mayHaveActed(resp.StatusCode) {
			c.maybe = true
		}
		if c.again(ctx, n, resp, nil) {
			continue
		}
		return nil, c.fail(apiErr)
	}
}

// wait holds the next attempt until the rate limiter, if any, lets it go.
// A failed wait ends the call: that attempt never left, and the limiter
// has said it may not leave within the call's context.
func (c *call) wait(ctx context.Context) error {
	if c.d.limiter == nil {
		return nil
	}
	group := ratelimit.Group(c.req.URL.Path)
	if err := c.d.limiter.Wait(ctx, group); err != nil {
		return fmt.Errorf("client: %s %s not sent: %s: %w", c.req.Method, c.req.URL.Path, requestconfig.WaitFailed(group), err)
	}
	return nil
}

// mayHaveActed reports whether an error status may come after the order
// went through: 5xx, which gateways send when they lose the answer, other
// than 501.
func mayHaveActed(status int) bool {
	return status >= 500 && status != http.StatusNotImplemented
}

// send makes one attempt with a fresh copy of the body. An order call goes
// under a replayGuard, so that the transport cannot send it twice either.
func (c *call) send(ctx context.Context) (*http.Response, *replayGuard, error) {
	req := c.req
	if c.body != nil {
		req.Body, req.ContentLength = &onceBody{r: bytes.NewReader(c.body)}, int64(len(c.body))
	}
	var g *replayGuard
	if c.kind.movesMoney() {
		var actx context.Context
		actx, g = guard(ctx)
		req = req.WithContext(actx)
	}
	resp, err := c.d.http.Do(req)
	if err == nil || !neverSent(err) {
		c.sent++
	}
	if err != nil {
		if g.stoppedResend() {
			err = errTransportResend
		}
		g.done()
	}
	return resp, g, err
}

// again decides whether attempt n, which ended in resp or err, is made
// again, and waits if so. A request that is not safe to send twice is sent
// again only when it never left; a stream never, its reader reconnects.
func (c *call) again(ctx context.Context, n int, resp *http.Response, err error) bool {
	if c.kind == callStream || (!c.safe && !(err != nil && neverSent(err))) {
		return false
	}
	wait, ok := c.d.policy.Next(ctx, n, resp, err)
	if !ok {
		return false
	}
	attrs := []slog.Attr{slog.String("method", c.req.Method), slog.String("path", c.req.URL.Path),
		slog.Int("attempt", n), slog.Duration("wait", wait)}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	c.d.log.LogAttrs(ctx, slog.LevelDebug, "tradestation: retrying", attrs...)
	return retry.Sleep(ctx, wait) == nil
}

// fail is the error the caller gets: err itself, or a *MaybePlacedError
// around it when an attempt of an order call may have been carried out.
func (c *call) fail(err error) error {
	if !c.maybe {
		return err
	}
	var mp *MaybePlacedError
	if errors.As(err, &mp) {
		return err
	}
	return c.maybePlaced(nil, err)
}

func (c *call) maybePlaced(orderIDs []string, err error) *MaybePlacedError {
	return &MaybePlacedError{Method: c.req.Method, Path: c.req.URL.Path, ConfirmIDs: confirmIDs(c.orders),
		OrderIDs: orderIDs, Attempts: c.sent, Err: err}
}

func (c *call) refresh(ctx context.Context) error {
	rejected := strings.TrimPrefix(c.req.Header.Get("Authorization"), "Bearer ")
	if err := c.d.auth.ForceRefresh(ctx, rejected); err != nil {
		return err
	}
	return c.d.auth.RequestEditor()(ctx, c.req)
}

// orderAnswer reads a 2xx answer to an order call whole and hands it on
// only when it is the documented JSON and says what became of the order:
// not when it refuses a used OrderConfirmID, and not when it refuses a
// resend whose earlier attempt may have been placed (a refusal for lack of
// funds, say, may be the first copy's doing).
func (c *call) orderAnswer(resp *http.Response) (*http.Response, error) {
	body, err := io.ReadAll(c.limit(resp.Body))
	resp.Body.Close()
	if err == nil && resp.StatusCode == http.StatusOK && isJSONType(resp.Header.Get("Content-Type")) {
		var facts answerFacts
		facts, err = orderAnswer(body, c.kind, c.d.v2, isGroupPath(c.req.URL.Path))
		switch {
		case err != nil:
		case facts.duplicate:
			return nil, c.maybePlaced(facts.named, fmt.Errorf("client: TradeStation refused the OrderConfirmID as already used: %s", facts.refusal))
		case facts.refusal != "" && c.maybe:
			return nil, c.maybePlaced(facts.named, fmt.Errorf("client: an earlier attempt may have been placed, and TradeStation refused the resend: %s", facts.refusal))
		default:
			resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
			return resp, nil
		}
	}
	var limitErr *BodyLimitError
	if !errors.As(err, &limitErr) {
		err = answerError(resp.StatusCode, resp.Header.Get("Content-Type"), body, err)
	}
	c.maybe = true
	return nil, c.fail(err)
}

// bounded makes resp's body fail with a *BodyLimitError, rather than end,
// past the limit. A body whose length the transport declared within the
// limit needs no wrapper: the transport stops there itself. Streams are
// bounded line by line by their reader.
func (c *call) bounded(resp *http.Response) *http.Response {
	if c.kind == callStream || (resp.ContentLength >= 0 && resp.ContentLength <= c.d.maxBody) {
		return resp
	}
	resp.Body = c.limit(resp.Body)
	return resp
}

func (c *call) limit(rc io.ReadCloser) io.ReadCloser {
	return &limitedBody{rc: rc, left: c.d.maxBody, err: &BodyLimitError{Limit: c.d.maxBody, Method: c.req.Method, Path: c.req.URL.Path}}
}

// onceBody is a request body that net/http cannot rewind: the request has
// no GetBody, so the transport never sends it again on its own. The doer
// makes a new one from the same bytes for each resend it decides on.
type onceBody struct{ r *bytes.Reader }

func (b *onceBody) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *onceBody) Close() error               { return nil }

// errTransportResend ends an attempt that net/http's transport wanted to
// send a second time after writing it: a stream reset (PROTOCOL_ERROR,
// REFUSED_STREAM) or a GOAWAY makes Go's HTTP/2 client replay a request
// without a body, such as a cancellation. The doer alone decides on resends.
var errTransportResend = errors.New("client: the connection failed after the request was sent (net/http's transport wanted to send it again and was stopped)")

// replayGuard watches one attempt through httptrace: when the transport
// takes a second connection for a request of which it has already written
// something, it cancels the attempt before anything more is written. (Go's
// HTTP/2 client checks the context under its write lock before it writes
// the headers of a retry.) A nil guard does nothing.
type replayGuard struct {
	wrote, stopped atomic.Bool
	conns          atomic.Int32
	cancel         context.CancelFunc
}

func guard(ctx context.Context) (context.Context, *replayGuard) {
	g := &replayGuard{}
	ctx, g.cancel = context.WithCancel(ctx)
	wrote := func() { g.wrote.Store(true) }
	trace := &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) {
			if g.conns.Add(1) > 1 && g.wrote.Load() {
				g.stopped.Store(true)
				g.cancel()
			}
		},
		WroteHeaderField: func(string, []string) { wrote() },
		WroteHeaders:     wrote,
	}
	return httptrace.WithClientTrace(ctx, trace), g
}

func (g *replayGuard) stoppedResend() bool { return g != nil && g.stopped.Load() }

// done ends the attempt's context once its answer is read.
func (g *replayGuard) done() {
	if g != nil {
		g.cancel()
	}
}

// prepare writes the URL the way TradeStation documents it: commas in
// list segments literal ("MSFT,AAPL", not "MSFT%2CAAPL") and spaces in the
// query as %20, not +. Headers (Accept from the spec, User-Agent) and v2's
// APIVersion come from the generated request and internal/requestconfig.
func prepare(req *http.Request) {
	if raw := req.URL.RawPath; raw != "" && !strings.Contains(raw, "%2F") {
		// The default encoding of Path is what TradeStation documents:
		// literal commas, %20 for spaces. (A %2F must keep RawPath.)
		req.URL.RawPath = ""
	} else if raw != "" {
		req.URL.RawPath = strings.ReplaceAll(raw, "%2C", ",")
	}
	if strings.Contains(req.URL.RawQuery, "+") {
		req.URL.RawQuery = strings.ReplaceAll(req.URL.RawQuery, "+", "%20")
	}
}

// isReadOnlyPost matches the POSTs that only compute an answer: order and
// group confirmation (a preview) and option risk/reward analysis.
func isReadOnlyPost(req *http.Request) bool {
	if req.Method != http.MethodPost {
		return false
	}
	p := req.URL.Path
	return strings.HasSuffix(p, "/orderconfirm") || strings.HasSuffix(p, "/ordergroupconfirm") ||
		strings.HasSuffix(p, "/orders/confirm") || strings.HasSuffix(p, "/orders/groups/confirm") ||
		strings.HasSuffix(p, "/options/riskreward")
}

// isPlacement matches single and group order placement, v3 and v2.
func isPlacement(req *http.Request) bool {
	if req.Method != http.MethodPost {
		return false
	}
	p := req.URL.Path
	return strings.HasSuffix(p, "/orderexecution/orders") || strings.HasSuffix(p, "/orderexecution/ordergroups") ||
		strings.HasSuffix(p, "/v2/orders") || strings.HasSuffix(p, "/v2/orders/groups")
}

// isGroupPath matches the paths whose body is a group of orders.
func isGroupPath(p string) bool {
	return strings.HasSuffix(p, "/ordergroups") || strings.HasSuffix(p, "/ordergroupconfirm") || strings.HasSuffix(p, "/orders/groups") ||
		strings.HasSuffix(p, "/orders/groups/confirm")
}

// neverSent reports whether err happened before any byte of the request
// could reach the server: the connection was never established. (A trace
// cannot tell: a custom transport, httpmock's included, calls no hooks.)
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// readAPIError consumes and closes resp's body (bounded) into an *APIError.
func readAPIError(resp *http.Response) *APIError { return apierror.Read(resp) }

// drain reads a little of an unwanted body so the connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
}
