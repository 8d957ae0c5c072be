package wiretest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	stdlog "log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/http2"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
)

// variant is one way to send an order call in these tests.
type variant struct {
	orderCall
	autofill bool // the client fills in missing OrderConfirmIDs
}

func (v variant) String() string { return fmt.Sprintf("%s, autofill %t", v.name, v.autofill) }

// resendable reports whether the doer may send the call again: only a
// placement whose every order carries an OrderConfirmID.
func (v variant) resendable() bool {
	return v.identified || (v.autofill && v.method == http.MethodPost)
}

// variants are every order call with autofill off, and the placements
// without ids of their own with it on as well (it changes nothing else).
func variants() []variant {
	var out []variant
	for _, c := range orderCalls {
		out = append(out, variant{c, false})
		if c.method == http.MethodPost && !c.identified {
			out = append(out, variant{c, true})
		}
	}
	return out
}

// check asserts that the server received exactly what the doer decided:
// once, or 1+maxRetries identical copies for a call safe to resend, and
// that the caller was told the order may exist.
func check(t *testing.T, v variant, err error, got []received) {
	t.Helper()
	want := 1
	if v.resendable() {
		want = 1 + maxRetries
	}
	t.Logf("%s: received %d times", v, len(got))
	if len(got) != want {
		t.Errorf("%s reached the server %d times, want %d", v, len(got), want)
	}
	if len(got) > 1 && !same(got) {
		t.Errorf("the resends of %s differ", v)
	}
	if v.resendable() && len(got) > 0 && !strings.Contains(got[0].body, `"OrderConfirmID":"`) {
		t.Errorf("%s was resent without an OrderConfirmID: %s", v, got[0].body)
	}
	if !errors.Is(err, client.ErrMaybePlaced) {
		t.Errorf("%s: error %v does not say the order may have been placed", v, err)
	}
	if v.method == http.MethodDelete && len(got) > 0 && (!got[0].endOnHeaders || got[0].dataFrames != 0) {
		t.Errorf("a cancellation went out with a body: %+v", got[0])
	}
}

// The server reads each order call whole and then resets its stream, or
// sends GOAWAY naming no stream as processed: the faults after which Go's
// HTTP/2 client replays a request by itself.
func TestOrderCallsReachAnHTTP2ServerAsOftenAsTheDoerDecides(t *testing.T) {
	cert, pool := loopbackCert(t)
	for _, f := range h2Faults {
		for _, v := range variants() {
			t.Run(f.name+"/"+v.String(), func(t *testing.T) {
				srv := newRawH2(t, cert, f)
				api := newAPI(t, srv.URL, h2Client(pool), option.WithAutoOrderConfirmID(v.autofill))
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				err := v.send(ctx, api)
				check(t, v, err, srv.of(v.method, v.path))
			})
		}
	}
}

// The same faults, met by requests made with net/http alone, show that
// they are the ones that make Go's transport send a request again: the
// test above would see the copies.
func TestControlNetHTTPAloneReplaysAfterTheseFaults(t *testing.T) {
	cert, pool := loopbackCert(t)
	for _, f := range h2Faults {
		for _, method := range []string{http.MethodPost, http.MethodDelete} {
			t.Run(f.name+"/"+method, func(t *testing.T) {
				srv := newRawH2(t, cert, f)
				var body io.Reader
				if method == http.MethodPost {
					body = bytes.NewReader([]byte(`{"Symbol":"MSFT"}`)) // gives the request a GetBody
				}
				ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
				defer cancel()
				req, _ := http.NewRequestWithContext(ctx, method, srv.URL+"/v3/orderexecution/orders", body)
				if resp, err := h2Client(pool).Do(req); err == nil {
					resp.Body.Close()
				}
				n := len(srv.of(method, "/v3/orderexecution/orders"))
				t.Logf("%s %s with net/http alone: received %d times", f.name, method, n)
				if replays := f.rst != http2.ErrCodeInternal; replays && n < 2 {
					t.Errorf("net/http sent it %d times; the fault no longer provokes a replay, so the test above proves nothing", n)
				} else if !replays && n != 1 {
					t.Errorf("net/http sent it %d times after INTERNAL_ERROR, which it does not retry", n)
				}
			})
		}
	}
}

// An HTTP/1.1 server reads the order call's body and closes the connection
// without an answer. The connection was used once before, the case in
// which net/http's HTTP/1 transport resends the requests it deems
// idempotent.
func TestOrderCallsReachAnHTTP1ServerThatClosesAfterTheBodyAsOftenAsTheDoerDecides(t *testing.T) {
	for _, v := range variants() {
		t.Run(v.String(), func(t *testing.T) {
			srv := newClosingH1(t)
			api := newAPI(t, srv.URL, &http.Client{Transport: &http.Transport{}}, option.WithAutoOrderConfirmID(v.autofill))
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := getAccounts(ctx, api); err != nil {
				t.Fatal(err)
			}
			err := v.send(ctx, api)
			check(t, v, err, srv.of(v.method, v.path))
		})
	}
}

// An Idempotency-Key header would make net/http's HTTP/1 transport replay
// a cancellation by itself: the client refuses it on an order call.
func TestAnIdempotencyKeyOnAnOrderCallIsRefusedBeforeSending(t *testing.T) {
	srv := newClosingH1(t)
	withKey := option.WithRequestEditor(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Idempotency-Key", "cancel-1001")
		return nil
	})
	api := newAPI(t, srv.URL, &http.Client{}, withKey)
	cancelCall := orderCalls[len(orderCalls)-1]
	err := cancelCall.send(context.Background(), api)
	if err == nil || !strings.Contains(err.Error(), "Idempotency-Key") || errors.Is(err, client.ErrMaybePlaced) {
		t.Errorf("error %v, want a refusal that names the header", err)
	}
	if n := len(srv.of(http.MethodDelete, cancelCall.path)); n != 0 {
		t.Errorf("the cancellation reached the server %d times, want none", n)
	}
}

// orderAnswers are what a stock server answers each order call with.
var orderAnswers = map[string]string{
	"/v3/orderexecution/orders":      `{"Orders":[{"OrderID":"1001","Message":"Sent order"}]}`,
	"/v3/orderexecution/ordergroups": `{"Orders":[{"OrderID":"1002"},{"OrderID":"1003"}]}`,
	"/v3/orderexecution/orders/1001": `{"OrderID":"1001","Message":"done"}`,
}

// Over net/http's own HTTP/2 server with TLS: each order call is answered
// after one trip; a handler that aborts after reading the body (the
// server resets the stream) gets what the doer decides, as above.
func TestOrderCallsOverAStockHTTP2Server(t *testing.T) {
	for _, abort := range []bool{false, true} {
		for _, v := range variants() {
			t.Run(fmt.Sprintf("abort %t/%s", abort, v), func(t *testing.T) {
				var got log
				var proto atomic.Int32
				srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					body, _ := io.ReadAll(r.Body)
					proto.Store(int32(r.ProtoMajor))
					if r.Method == http.MethodGet {
						w.Header().Set("Content-Type", "application/json")
						io.WriteString(w, `{"Accounts":[]}`)
						return
					}
					got.add(received{method: r.Method, path: r.URL.Path, body: string(body), endOnHeaders: len(body) == 0})
					if abort {
						panic(http.ErrAbortHandler)
					}
					w.Header().Set("Content-Type", "application/json")
					io.WriteString(w, orderAnswers[r.URL.Path])
				}))
				srv.EnableHTTP2 = true
				srv.Config.ErrorLog = quiet
				srv.StartTLS()
				defer srv.Close()
				api := newAPI(t, srv.URL, srv.Client(), option.WithAutoOrderConfirmID(v.autofill))
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				err := v.send(ctx, api)
				if proto.Load() != 2 {
					t.Fatalf("the request went over HTTP/%d", proto.Load())
				}
				rs := got.of(v.method, v.path)
				if abort {
					check(t, v, err, rs)
					return
				}
				t.Logf("%s: received %d times", v, len(rs))
				if err != nil || len(rs) != 1 {
					t.Errorf("%s: error %v after %d requests, want success after 1", v, err, len(rs))
				}
			})
		}
	}
}

// quiet keeps the aborted handlers out of the test log.
var quiet = stdlog.New(io.Discard, "", 0)
