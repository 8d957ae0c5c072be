package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
)

// timeline is one ordered record of what a limiter and a server saw.
type timeline struct {
	mu     sync.Mutex
	events []string
}

func (tl *timeline) add(e string) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	tl.events = append(tl.events, e)
}

func (tl *timeline) String() string {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return strings.Join(tl.events, ", ")
}

// stubLimiter writes "wait <group>" to its timeline and returns refuse's
// answer to its n-th Wait (counted from 1), if refuse is set.
type stubLimiter struct {
	tl     *timeline
	mu     sync.Mutex
	n      int
	refuse func(n int) error
}

func (l *stubLimiter) Wait(_ context.Context, group string) error {
	l.mu.Lock()
	l.n++
	n := l.n
	l.mu.Unlock()
	l.tl.add("wait " + group)
	if l.refuse != nil {
		return l.refuse(n)
	}
	return nil
}

var errNoBudget = errors.New("stub: no budget left")

// refuseFrom refuses every Wait from the n-th on.
func refuseFrom(n int) func(int) error {
	return func(i int) error {
		if i >= n {
			return errNoBudget
		}
		return nil
	}
}

// scripted answers its n-th API request with statuses[n] (the last one
// repeating; 200 is a small JSON body), writing "<method> <path>
// <status>" to the timeline.
func scripted(t *testing.T, tl *timeline, statuses ...int) *httptest.Server {
	t.Helper()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		status := statuses[min(n, len(statuses)-1)]
		n++
		mu.Unlock()
		tl.add(fmt.Sprintf("%s %s %d", r.Method, r.URL.Path, status))
		w.Header().Set("Content-Type", "application/json")
		if status != http.StatusOK {
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"Error":%q,"Message":"scripted"}`, strings.ReplaceAll(http.StatusText(status), " ", ""))
			return
		}
		if strings.HasSuffix(r.URL.Path, "/orderexecution/orders") {
			fmt.Fprint(w, `{"Orders":[{"OrderID":"1001","Message":"Sent"}]}`)
			return
		}
		fmt.Fprint(w, `{"Quotes":[],"Accounts":[]}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

var fastRetries = []option.RequestOption{option.WithMaxRetries(2), option.WithBackoff(time.Millisecond, time.Millisecond)}

func TestRateLimiterIsWaitedOnBeforeEveryAttemptRetriesAndResendsIncluded(t *testing.T) {
	const quotes = "/v3/marketdata/quotes/MSFT"
	cases := []struct {
		name     string
		statuses []int
		want     string
	}{
		{"one attempt", []int{200}, "wait QuoteSnapshots, GET " + quotes + " 200"},
		{"retries after 503 and 429", []int{503, 429, 200},
			"wait QuoteSnapshots, GET " + quotes + " 503, wait QuoteSnapshots, GET " + quotes + " 429, wait QuoteSnapshots, GET " + quotes + " 200"},
		{"the resend after a 401", []int{401, 200}, "wait QuoteSnapshots, GET " + quotes + " 401, wait QuoteSnapshots, GET " + quotes + " 200"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tl := &timeline{}
			srv := scripted(t, tl, c.statuses...)
			api := newAPI(t, srv.URL, srv.Client(), append(fastRetries, option.WithRateLimiter(&stubLimiter{tl: tl}))...)
			if _, err := api.GetQuoteSnapshots(context.Background(), []string{"MSFT"}); err != nil {
				t.Fatal(err)
			}
			if got := tl.String(); got != c.want {
				t.Errorf("saw\n  %s\nwant\n  %s", got, c.want)
			}
		})
	}
}

func TestAFailedWaitSendsNothingAndIsNoMaybePlaced(t *testing.T) {
	tl := &timeline{}
	srv := scripted(t, tl, 200)
	api := newAPI(t, srv.URL, srv.Client(), option.WithRateLimiter(&stubLimiter{tl: tl, refuse: refuseFrom(1)}))
	ctx := context.Background()
	_, placeErr := placeOrder(ctx, api, marketBuy(""))
	_, quoteErr := api.GetQuoteSnapshots(ctx, []string{"MSFT"})
	for _, c := range []struct {
		err  error
		want string
	}{
		{placeErr, "client: POST /v3/orderexecution/orders not sent: waiting for the rate limiter (no quota group) failed: stub: no budget left"},
		{quoteErr, "client: GET /v3/marketdata/quotes/MSFT not sent: waiting for the rate limiter (group QuoteSnapshots) failed: stub: no budget left"},
	} {
		if c.err == nil || c.err.Error() != c.want || !errors.Is(c.err, errNoBudget) {
			t.Errorf("error %v\nwant %s, wrapping the limiter's", c.err, c.want)
		}
		if errors.Is(c.err, client.ErrMaybePlaced) {
			t.Errorf("%v is ErrMaybePlaced, but nothing was sent", c.err)
		}
	}
	if got, want := tl.String(), "wait , wait QuoteSnapshots"; got != want {
		t.Errorf("saw %q, want only the two waits: nothing reached the server, nothing was retried", got)
	}
}

// A wait that fails before a retry ends the call there; an earlier attempt
// that may have placed the order is still reported.
func TestAFailedWaitBeforeARetryEndsTheCallAndKeepsWhatEarlierAttemptsMayHaveDone(t *testing.T) {
	t.Run("read", func(t *testing.T) {
		tl := &timeline{}
		srv := scripted(t, tl, 503)
		api := newAPI(t, srv.URL, srv.Client(), append(fastRetries, option.WithRateLimiter(&stubLimiter{tl: tl, refuse: refuseFrom(2)}))...)
		_, err := api.GetQuoteSnapshots(context.Background(), []string{"MSFT"})
		if !errors.Is(err, errNoBudget) || !strings.Contains(err.Error(), "group QuoteSnapshots") {
			t.Errorf("error %v, want the limiter's naming the group", err)
		}
		if got, want := tl.String(), "wait QuoteSnapshots, GET /v3/marketdata/quotes/MSFT 503, wait QuoteSnapshots"; got != want {
			t.Errorf("saw %q, want %q", got, want)
		}
	})
	t.Run("placement", func(t *testing.T) {
		tl := &timeline{}
		srv := scripted(t, tl, 503)
		api := newAPI(t, srv.URL, srv.Client(), append(fastRetries, option.WithRateLimiter(&stubLimiter{tl: tl, refuse: refuseFrom(2)}))...)
		_, err := placeOrder(context.Background(), api, marketBuy("rate-1"))
		var mp *client.MaybePlacedError
		if !errors.As(err, &mp) || mp.Attempts != 1 || !errors.Is(err, errNoBudget) {
			t.Fatalf("error %v, want a MaybePlacedError of 1 attempt (the 503) around the limiter's", err)
		}
		if fmt.Sprint(mp.ConfirmIDs) != "[rate-1]" {
			t.Errorf("confirm ids %v", mp.ConfirmIDs)
		}
		if got, want := tl.String(), "wait , POST /v3/orderexecution/orders 503, wait "; got != want {
			t.Errorf("saw %q, want %q", got, want)
		}
	})
}

func TestRateLimiterOfOneCallReplacesTheClients(t *testing.T) {
	tl := &timeline{}
	srv := scripted(t, tl, 200)
	api := newAPI(t, srv.URL, srv.Client(), option.WithRateLimiter(&stubLimiter{tl: tl, refuse: refuseFrom(1)}))
	own := &stubLimiter{tl: &timeline{}}
	if _, err := api.GetQuoteSnapshots(context.Background(), []string{"MSFT"}, option.WithRateLimiter(own)); err != nil {
		t.Fatal(err)
	}
	if got := own.tl.String(); got != "wait QuoteSnapshots" {
		t.Errorf("the call's limiter saw %q", got)
	}
	if got := tl.String(); got != "GET /v3/marketdata/quotes/MSFT 200" {
		t.Errorf("the client's limiter and the server saw %q", got)
	}
}

func TestTheBareClientWaitsOnTheRateLimiterToo(t *testing.T) {
	tl := &timeline{}
	srv := scripted(t, tl, 200)
	ctx := context.Background()
	api, err := v3.NewClient(srv.URL+"/v3", option.WithRateLimiter(&stubLimiter{tl: tl, refuse: refuseFrom(2)}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetAccounts(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = api.GetAccounts(ctx)
	if want := "v3: GetAccounts: not sent: waiting for the rate limiter (group Accounts) failed: stub: no budget left"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	if got, want := tl.String(), "wait Accounts, GET /v3/brokerage/accounts 200, wait Accounts"; got != want {
		t.Errorf("saw %q, want %q", got, want)
	}
}

func TestWithRateLimiterRefusesNil(t *testing.T) {
	_, err := v3.NewClient("https://example.com/v3", option.WithRateLimiter(nil))
	if err == nil || !strings.Contains(err.Error(), "WithRateLimiter was given a nil ratelimit.Limiter") {
		t.Errorf("error %v", err)
	}
}

// In one process, ratelimit.NewLocal keeps goroutines that call at once
// under the quota of the fake: no 429 reaches them, while the same calls
// without it meet 429s. No retries, so that every 429 reaches the caller.
func TestALocalLimiterKeepsConcurrentCallersUnderTheFakesQuota(t *testing.T) {
	quota := ratelimit.Quota{Requests: 6, Period: 600 * time.Millisecond}
	const callers, calls = 4, 3
	run := func(t *testing.T, opts ...option.RequestOption) (ok, tooMany int) {
		srv := tradestationtest.NewServer()
		t.Cleanup(srv.Close)
		api, err := client.NewV3(srv.Session(), append([]option.RequestOption{option.WithMaxRetries(0)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := api.GetAccounts(context.Background()); err != nil { // the sign-in, before the quota
			t.Fatal(err)
		}
		if err := srv.LimitRate(quota.Requests, quota.Period); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range callers {
			wg.Go(func() {
				for range calls {
					_, err := api.GetOptionExpirations(context.Background(), "MSFT", nil)
					var apiErr *client.APIError
					mu.Lock()
					switch {
					case err == nil:
						ok++
					case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusTooManyRequests:
						tooMany++
					default:
						t.Errorf("call: %v", err)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return ok, tooMany
	}
	local, err := ratelimit.NewLocal(map[string]ratelimit.Quota{ratelimit.OptionExpirations: quota})
	if err != nil {
		t.Fatal(err)
	}
	ok, tooMany := run(t, option.WithRateLimiter(local))
	t.Logf("with the local limiter: %d answered, %d answered 429", ok, tooMany)
	if ok != callers*calls || tooMany != 0 {
		t.Errorf("with the local limiter: %d answered, %d answered 429; want all %d answered", ok, tooMany, callers*calls)
	}
	ok, tooMany = run(t)
	t.Logf("without: %d answered, %d answered 429", ok, tooMany)
	if tooMany == 0 {
		t.Error("without a limiter no call met a 429: the test's demand does not exceed the quota")
	}
}
