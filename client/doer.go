package client

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/internal/apierror"
	"github.com/tradestation-go/tradestation/internal/retry"
)

// authorizer is what the doer needs of an auth.Session: a way to put the
// current bearer token on a request, and a way to replace a token that
// TradeStation rejected.
type authorizer interface {
	RequestEditor() func(context.Context, *http.Request) error
	ForceRefresh(ctx context.Context, rejected string) error
}

// doer sends every request of a generated client: it checks limits, sets
// headers, retries what is safe to retry and turns non-2xx answers into
// *APIError. It implements the generated HttpRequestDoer interface.
type doer struct {
	http       *http.Client
	auth       authorizer
	userAgent  []string
	maxRetries int
	minBackoff time.Duration
	maxBackoff time.Duration
	log        *slog.Logger
	v2         bool
	checkLimit func(*http.Request) error
}

// maxWait caps any single wait between attempts, whatever the server asks.
const maxWait = 30 * time.Second

// v2APIVersion is the APIVersion query parameter every v2 request carries.
const v2APIVersion = "20160101"

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if d.checkLimit != nil {
		if err := d.checkLimit(req); err != nil {
			return nil, err
		}
	}
	d.prepare(req)
	retryable := d.retryable(req)

	refreshed := false
	for attempt := 0; ; attempt++ {
		if attempt > 0 || refreshed {
			if err := rewind(req); err != nil {
				return nil, err
			}
		}
		resp, err := d.http.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			// A request that never left (dial failed) is always safe to resend.
			if (retryable || neverSent(err)) && attempt < d.maxRetries {
				wait := d.backoff(attempt, nil)
				d.log.LogAttrs(ctx, slog.LevelDebug, "tradestation: retrying after network error",
					slog.String("method", req.Method), slog.String("path", req.URL.Path),
					slog.Int("attempt", attempt+1), slog.Duration("wait", wait), slog.String("error", err.Error()))
				if retry.Sleep(ctx, wait) != nil {
					return nil, err
				}
				continue
			}
			return nil, err
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return resp, nil
		}

		if resp.StatusCode == http.StatusUnauthorized && !refreshed && d.auth != nil {
			// TradeStation did not act on the request: refresh and send it once more.
			drain(resp)
			refreshed = true
			rejected := strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")
			if err := d.auth.ForceRefresh(ctx, rejected); err != nil {
				return nil, err
			}
			if err := d.auth.RequestEditor()(ctx, req); err != nil {
				return nil, err
			}
			attempt--
			continue
		}

		apiErr := readAPIError(resp)
		if retryable && attempt < d.maxRetries && retryableStatus(resp.StatusCode) {
			wait := d.backoff(attempt, resp)
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
				return nil, apiErr // waiting would outlive the caller
			}
			d.log.LogAttrs(ctx, slog.LevelDebug, "tradestation: retrying",
				slog.String("method", req.Method), slog.String("path", req.URL.Path),
				slog.Int("status", resp.StatusCode), slog.Int("attempt", attempt+1), slog.Duration("wait", wait))
			if retry.Sleep(ctx, wait) != nil {
				return nil, apiErr
			}
			continue
		}
		return nil, apiErr
	}
}

// prepare sets the headers every request carries and writes the URL the
// way TradeStation documents it: commas in list segments literal
// ("MSFT,AAPL", not "MSFT%2CAAPL") and spaces in the query as %20, not +.
func (d *doer) prepare(req *http.Request) {
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
	// Shared, never-mutated header values: no allocation per request.
	if _, ok := req.Header["Accept"]; !ok {
		req.Header["Accept"] = acceptFor(req.URL.Path, d.v2)
	}
	if d.userAgent != nil {
		req.Header["User-Agent"] = d.userAgent
	}
	if d.v2 {
		q := req.URL.Query()
		if q.Get("APIVersion") == "" {
			q.Set("APIVersion", v2APIVersion)
			req.URL.RawQuery = q.Encode()
		}
	}
}

var (
	acceptJSON       = []string{"application/json"}
	acceptV2Stream   = []string{"application/vnd.tradestation.streams+json"}
	acceptDataStream = []string{"application/vnd.tradestation.streams.v2+json"}
	acceptAcctStream = []string{"application/vnd.tradestation.streams.v3+json"}
)

// acceptFor names the media type TradeStation answers a path with.
func acceptFor(path string, v2 bool) []string {
	if !strings.Contains(path, "/stream/") {
		return acceptJSON
	}
	switch {
	case v2:
		return acceptV2Stream
	case strings.Contains(path, "/brokerage/"):
		return acceptAcctStream
	default:
		return acceptDataStream
	}
}

// retryable reports whether sending req twice is harmless: reads are, and
// so are order placements whose every order carries an OrderConfirmID,
// because TradeStation refuses an id it has seen.
func (d *doer) retryable(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	switch {
	case isReadOnlyPost(req):
		return true
	case isPlacement(req):
		return everyOrderHasConfirmID(req)
	}
	return false
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

func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || (code >= 500 && code != http.StatusNotImplemented)
}

// neverSent reports whether err happened before any byte of the request
// could reach the server: the connection was never established.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// backoff is the wait before attempt+1: jittered exponential, raised to
// what Retry-After or X-RateLimit-Reset ask for, capped at maxWait.
func (d *doer) backoff(attempt int, resp *http.Response) time.Duration {
	wait := retry.Delay(d.minBackoff, d.maxBackoff, attempt+1)
	if resp != nil {
		if asked := serverWait(resp, time.Now()); asked > wait {
			wait = asked
		}
	}
	return min(wait, maxWait)
}

// serverWait is how long the answer asks the client to wait.
func serverWait(resp *http.Response, now time.Time) time.Duration {
	if v := resp.Header.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second
		}
		if at, err := http.ParseTime(v); err == nil {
			return at.Sub(now)
		}
	}
	if rl := rateLimitAt(resp.Header, now); !rl.Reset.IsZero() && rl.Remaining == 0 {
		return rl.Reset.Sub(now)
	}
	return 0
}

// rewind gives req a fresh body for another attempt.
func rewind(req *http.Request) error {
	if req.Body == nil || req.Body == http.NoBody {
		return nil
	}
	if req.GetBody == nil {
		return errors.New("tradestation: cannot resend a request whose body cannot be replayed")
	}
	body, err := req.GetBody()
	if err != nil {
		return err
	}
	req.Body = body
	return nil
}

// readAPIError consumes and closes resp's body (bounded) into an *APIError.
func readAPIError(resp *http.Response) *APIError { return apierror.Read(resp) }

// drain reads a little of an unwanted body so the connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
}
