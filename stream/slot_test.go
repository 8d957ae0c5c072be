package stream_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/stream"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// slotLimiter is a ratelimit.StreamLimiter that writes down every Wait,
// Acquire and release, in order.
type slotLimiter struct {
	mu     sync.Mutex
	events []string
	held   int
}

func (l *slotLimiter) add(e string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *slotLimiter) Wait(_ context.Context, group string) error {
	l.add("wait " + group)
	return nil
}

func (l *slotLimiter) Acquire(_ context.Context, group string) (func(), error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, "acquire "+group)
	l.held++
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.events = append(l.events, "release "+group)
		l.held--
	}, nil
}

func (l *slotLimiter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.events, ", ")
}

// anyStream answers every API path with body, then ends the response (a
// stream then reconnects); the token endpoint with a token.
func anyStream(t *testing.T, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"access_token":"at","expires_in":1200,"token_type":"Bearer"}`)
			return
		}
		if strings.Contains(r.URL.Path, "/00000000/") {
			http.Error(w, `{"Error":"NotFound","Message":"no such account"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func limitedSession(t *testing.T, srv *httptest.Server) *auth.Session {
	t.Helper()
	sess, err := auth.NewSession("id", "secret", "refresh", auth.WithSignInURL(srv.URL), auth.WithAPIURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func limitedV3(t *testing.T, srv *httptest.Server, l ratelimit.Limiter) *v3.Client {
	t.Helper()
	api, err := client.NewV3(limitedSession(t, srv), option.WithRateLimiter(l))
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func limitedV2(t *testing.T, srv *httptest.Server, l ratelimit.Limiter) *v2.Client {
	t.Helper()
	api, err := client.NewV2(limitedSession(t, srv), option.WithRateLimiter(l))
	if err != nil {
		t.Fatal(err)
	}
	return api
}

var quick = stream.WithBackoff(time.Millisecond, time.Millisecond)

func TestAStreamHoldsOneSlotAcrossReconnectionsAndWaitsBeforeEachConnection(t *testing.T) {
	srv := anyStream(t, `{"OrderID":"1001","Status":"OPN"}`+"\n")
	l := &slotLimiter{}
	api := limitedV3(t, srv, l)
	n := 0
	for _, err := range stream.Orders(context.Background(), api, []string{"11827364"}, quick) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 { // one order per connection: three connections
			break
		}
	}
	want := "acquire OrderStream, wait OrderStream, wait OrderStream, wait OrderStream, release OrderStream"
	if got := l.String(); got != want {
		t.Errorf("limiter saw\n  %s\nwant\n  %s", got, want)
	}
}

func TestAStreamGivesItsSlotBackHoweverItEnds(t *testing.T) {
	orders := `{"OrderID":"1001","Status":"OPN"}` + "\n"
	cases := []struct {
		name string
		body string
		run  func(ctx context.Context, cancel context.CancelFunc, v3api *v3.Client, v2api *v2.Client) error
	}{
		{"the caller breaks", orders, func(ctx context.Context, _ context.CancelFunc, api *v3.Client, _ *v2.Client) error {
			for _, err := range stream.Orders(ctx, api, []string{"11827364"}, quick) {
				if err != nil {
					return err
				}
				break
			}
			return nil
		}},
		{"the context ends", orders, func(ctx context.Context, cancel context.CancelFunc, api *v3.Client, _ *v2.Client) error {
			var last error
			for _, err := range stream.Orders(ctx, api, []string{"11827364"}, quick) {
				cancel()
				last = err
			}
			if !errors.Is(last, context.Canceled) {
				return fmt.Errorf("last error %v, want context.Canceled", last)
			}
			return nil
		}},
		{"an error ends the stream", orders, func(ctx context.Context, _ context.CancelFunc, api *v3.Client, _ *v2.Client) error {
			var last error
			for _, err := range stream.Orders(ctx, api, []string{"00000000"}, quick) {
				last = err
			}
			var apiErr *client.APIError
			if !errors.As(last, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
				return fmt.Errorf("last error %v, want the 404", last)
			}
			return nil
		}},
		{"reconnections run out", orders, func(ctx context.Context, _ context.CancelFunc, api *v3.Client, _ *v2.Client) error {
			var last error
			for _, err := range stream.Orders(ctx, api, []string{"11827364"}, quick, stream.WithMaxReconnects(0)) {
				last = err
			}
			if !errors.Is(last, stream.ErrRetriesExhausted) {
				return fmt.Errorf("last error %v, want ErrRetriesExhausted", last)
			}
			return nil
		}},
		{"a v2 stream sends END", `{"Symbol":"MSFT","Last":425.37}` + "\nEND\n", func(ctx context.Context, _ context.CancelFunc, _ *v3.Client, api *v2.Client) error {
			for _, err := range stream.V2QuoteChanges(ctx, api, []string{"MSFT"}) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"the loop's body panics", orders, func(ctx context.Context, _ context.CancelFunc, api *v3.Client, _ *v2.Client) (err error) {
			defer func() {
				if recover() == nil {
					err = errors.New("no panic")
				}
			}()
			for range stream.Orders(ctx, api, []string{"11827364"}, quick) {
				panic("the caller's bug")
			}
			return nil
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := anyStream(t, c.body)
			l := &slotLimiter{}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := c.run(ctx, cancel, limitedV3(t, srv, l), limitedV2(t, srv, l)); err != nil {
				t.Fatal(err)
			}
			got := l.String()
			group, _ := strings.CutPrefix(l.events[0], "acquire ")
			if l.held != 0 || strings.Count(got, "acquire") != 1 || strings.Count(got, "release") != 1 || l.events[len(l.events)-1] != "release "+group {
				t.Errorf("limiter saw %q (%d slots held); want one acquire first and one release last", got, l.held)
			}
		})
	}
}

func TestAStreamWaitsForAFreeSlotAndEndsWhenItsContextEndsFirst(t *testing.T) {
	srv := anyStream(t, `{"OrderID":"1001","Status":"OPN"}`+"\n")
	local, err := ratelimit.NewLocal(map[string]ratelimit.Quota{ratelimit.OrderStream: {Streams: 1}})
	if err != nil {
		t.Fatal(err)
	}
	api := limitedV3(t, srv, local)
	holding, proceed, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for range stream.Orders(context.Background(), api, []string{"11827364"}, quick) {
			close(holding)
			<-proceed // stays in the loop's body, holding the only slot...
			break
		}
	}()
	<-holding
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var errs []error
	for _, err := range stream.Orders(short, api, []string{"11827364"}, quick) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.DeadlineExceeded) || !strings.HasPrefix(errs[0].Error(), "stream: no free OrderStream stream: ") {
		t.Errorf("a second stream yielded %v; want one error naming the group", errs)
	}
	close(proceed) // ...until told to break
	<-done
	later, cancelLater := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelLater()
	if err := first(stream.Orders(later, api, []string{"11827364"}, quick)); err != nil {
		t.Errorf("a stream after the first one ended: %v; the slot was not given back", err)
	}
}

// Each stream takes a slot of the group that the client's wait names for
// its path: the hand-written groups agree with ratelimit.Group.
func TestEveryStreamTakesTheSlotOfTheGroupItsConnectionWaitsOn(t *testing.T) {
	leg := &v3.StreamOptionQuotesParams{Leg0Symbol: "MSFT 250620C450"}
	ids := []string{"11827364"}
	v3s := map[string]func(context.Context, *v3.Client) iter.Seq2[struct{}, error]{
		"Quotes": func(ctx context.Context, a *v3.Client) iter.Seq2[struct{}, error] {
			return errs(stream.Quotes(ctx, a, []string{"MSFT"}))
		},
		"Bars": func(ctx context.Context, a *v3.Client) iter.Seq2[struct{}, error] {
			return errs(stream.Bars(ctx, a, "MSFT", nil))
		},
		"MarketDepthQuotes": func(ctx context.Context, a *v3.Client) iter.Seq2[struct{}, error] {
			return errs(stream.MarketDepthQuotes(ctx, a, "MSFT", nil))
		},
		"MarketDepthAggregates": func(ctx context.Context, a *v3.Client) iter.Seq2[struct{}, error] {
			return errs(stream.MarketDepthAggregates(ctx, a, "MSFT", nil))
		},
		"OptionChain": func(ctx context.Context, a *v3.Client) iter.Seq2[struct{}, error] {
			return errs(stream.OptionChain(ctx, a, "MSFT", nil))
		},
		"OptionQuotes": func(ctx context.Context, a *v3.Client) iter.Seq2[struct{}, error] {
			return errs(stream.OptionQuotes(ctx, a, leg))
		},
		"Orders": func(ctx context.Context, a *v3.Client) iter.Seq2[struct{}, error] {
			return errs(stream.Orders(ctx, a, ids))
		},
		"OrdersByID": func(ctx context.Context, a *v3.Client) iter.Seq2[struct{}, error] {
			return errs(stream.OrdersByID(ctx, a, ids, []string{"1001"}))
		},
		"Positions": func(ctx context.Context, a *v3.Client) iter.Seq2[struct{}, error] {
			return errs(stream.Positions(ctx, a, ids, nil))
		},
	}
	v2s := map[string]func(context.Context, *v2.Client) iter.Seq2[struct{}, error]{
		"V2QuoteChanges": func(ctx context.Context, a *v2.Client) iter.Seq2[struct{}, error] {
			return errs(stream.V2QuoteChanges(ctx, a, []string{"MSFT"}))
		},
		"V2QuoteSnapshots": func(ctx context.Context, a *v2.Client) iter.Seq2[struct{}, error] {
			return errs(stream.V2QuoteSnapshots(ctx, a, []string{"MSFT"}))
		},
		"V2BarsFromStartDate": func(ctx context.Context, a *v2.Client) iter.Seq2[struct{}, error] {
			return errs(stream.V2BarsFromStartDate(ctx, a, "MSFT", 5, v2.BarUnitMinute, "11-25-2026", nil))
		},
		"V2BarsFromStartDateToEndDate": func(ctx context.Context, a *v2.Client) iter.Seq2[struct{}, error] {
			return errs(stream.V2BarsFromStartDateToEndDate(ctx, a, "MSFT", 5, v2.BarUnitMinute, "11-25-2026", "11-26-2026", nil))
		},
		"V2BarsDaysBack": func(ctx context.Context, a *v2.Client) iter.Seq2[struct{}, error] {
			return errs(stream.V2BarsDaysBack(ctx, a, "MSFT", 5, v2.BarUnitMinute, &v2.StreamBarchartsDaysBackParams{DaysBack: 1}))
		},
		"V2BarsBarsBack": func(ctx context.Context, a *v2.Client) iter.Seq2[struct{}, error] {
			return errs(stream.V2BarsBarsBack(ctx, a, "MSFT", 5, v2.BarUnitMinute, 100, "11-25-2026", nil))
		},
		"V2TickBars": func(ctx context.Context, a *v2.Client) iter.Seq2[struct{}, error] {
			return errs(stream.V2TickBars(ctx, a, "MSFT", 10, 50))
		},
	}
	want := map[string]string{
		"Quotes": ratelimit.QuoteStream, "Bars": ratelimit.Bars, "MarketDepthQuotes": ratelimit.MarketDepth, "MarketDepthAggregates": ratelimit.MarketDepth,
		"OptionChain": ratelimit.OptionChainStream, "OptionQuotes": ratelimit.OptionQuoteStream, "Orders": ratelimit.OrderStream,
		"OrdersByID": ratelimit.OrderStream, "Positions": ratelimit.PositionStream,
		"V2QuoteChanges": ratelimit.QuoteStream, "V2QuoteSnapshots": ratelimit.QuoteStream, "V2BarsFromStartDate": ratelimit.Bars,
		"V2BarsFromStartDateToEndDate": ratelimit.Bars, "V2BarsDaysBack": ratelimit.Bars, "V2BarsBarsBack": ratelimit.Bars, "V2TickBars": ratelimit.TickBars,
	}
	if len(want) != len(v3s)+len(v2s) {
		t.Fatalf("%d groups for %d streams", len(want), len(v3s)+len(v2s))
	}
	srv := anyStream(t, `{"Symbol":"MSFT"}`+"\n")
	check := func(name string, seq func(*slotLimiter) iter.Seq2[struct{}, error]) {
		l := &slotLimiter{}
		if err := first(seq(l)); err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		g := want[name]
		if got := l.String(); got != "acquire "+g+", wait "+g+", release "+g {
			t.Errorf("%s: limiter saw %q, want the slot and the wait of %s", name, got, g)
		}
	}
	ctx := context.Background()
	for name, open := range v3s {
		check(name, func(l *slotLimiter) iter.Seq2[struct{}, error] { return open(ctx, limitedV3(t, srv, l)) })
	}
	for name, open := range v2s {
		check(name, func(l *slotLimiter) iter.Seq2[struct{}, error] { return open(ctx, limitedV2(t, srv, l)) })
	}
}

// errs drops the values of seq, so that streams of any type fit one table.
func errs[T any](seq iter.Seq2[T, error]) iter.Seq2[struct{}, error] {
	return func(yield func(struct{}, error) bool) {
		for _, err := range seq {
			if !yield(struct{}{}, err) {
				return
			}
		}
	}
}

func TestAStreamOfAPlainLimiterOnlyWaits(t *testing.T) {
	srv := anyStream(t, `{"OrderID":"1001","Status":"OPN"}`+"\n")
	var waits []string
	api := limitedV3(t, srv, waitOnly(func(g string) { waits = append(waits, g) }))
	if err := first(stream.Orders(context.Background(), api, []string{"11827364"})); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(waits) != "[OrderStream]" {
		t.Errorf("waits %v", waits)
	}
}

// waitOnly is a ratelimit.Limiter without stream slots.
type waitOnly func(group string)

func (w waitOnly) Wait(_ context.Context, group string) error {
	w(group)
	return nil
}

// A failed wait is a failed connection attempt: the stream tries again
// within its bounds, and the error that ends it names the group.
func TestAStreamWhoseWaitFailsRetriesWithinItsBounds(t *testing.T) {
	srv := anyStream(t, `{"OrderID":"1001","Status":"OPN"}`+"\n")
	waits := 0
	api := limitedV3(t, srv, refusing(func(string) { waits++ }))
	var errs []error
	for _, err := range stream.Orders(context.Background(), api, []string{"11827364"}, quick, stream.WithMaxReconnects(2)) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], stream.ErrRetriesExhausted) || !errors.Is(errs[0], errRefused) ||
		!strings.Contains(errs[0].Error(), "(group OrderStream)") {
		t.Errorf("stream yielded %v; want ErrRetriesExhausted around the refused wait", errs)
	}
	if waits != 3 {
		t.Errorf("%d waits, want 3: the first attempt and two reconnections", waits)
	}
}

var errRefused = errors.New("test: refused")

// refusing is a ratelimit.Limiter that refuses every wait.
type refusing func(group string)

func (r refusing) Wait(_ context.Context, group string) error {
	r(group)
	return errRefused
}
