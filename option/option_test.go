package option_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v3"
)

// server answers every path under /v3/ with body and records the requests.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
}

func newServer(t *testing.T, status int, body string) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, r.Clone(context.Background()))
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-RateLimit-Remaining", "249")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

func (s *server) client(t *testing.T, opts ...option.RequestOption) *v3.Client {
	t.Helper()
	api, err := v3.NewClient(s.URL+"/v3", append([]option.RequestOption{option.WithHTTPClient(s.Client())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func TestEachOptionRefusesAValueItCannotUseAndNamesIt(t *testing.T) {
	cases := []struct {
		opt  option.RequestOption
		want string
	}{
		{option.WithHTTPClient(nil), "WithHTTPClient was given a nil *http.Client"},
		{option.WithMaxRetries(-1), "WithMaxRetries(-1)"},
		{option.WithBackoff(0, time.Second), "WithBackoff(0s, 1s)"},
		{option.WithBackoff(2*time.Second, time.Second), "WithBackoff(2s, 1s)"},
		{option.WithRequestTimeout(0), "WithRequestTimeout(0s)"},
		{option.WithHeader("", "x"), `WithHeader(""): not a header name`},
		{option.WithHeader("X-Trace", "a\r\nEvil: 1"), "line break"},
		{option.WithHeader("authorization", "Bearer stolen"), "cannot set Authorization"},
		{option.WithUserAgent(""), `WithUserAgent("")`},
		{option.WithLogger(nil), "WithLogger was given a nil"},
		{option.WithBaseURL("ftp://sim-api.tradestation.com/v3"), "not an absolute http or https URL"},
		{option.WithBaseURL("/v3"), "not an absolute http or https URL"},
		{option.WithBaseURL("https://sim-api.tradestation.com/v3?x=1"), "has a query or fragment"},
		{option.WithResponseInto(nil), "WithResponseInto was given a nil"},
		{option.WithRequestEditor(nil), "WithRequestEditor was given a nil function"},
	}
	srv := newServer(t, 200, `{"Accounts":[]}`)
	api := srv.client(t)
	for _, c := range cases {
		_, err := v3.NewClient("https://sim-api.tradestation.com/v3", c.opt)
		if err == nil || !strings.HasPrefix(err.Error(), "v3: NewClient: option: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewClient: err = %v, want one naming %q", err, c.want)
		}
		_, err = api.GetAccounts(context.Background(), c.opt)
		if err == nil || !strings.HasPrefix(err.Error(), "v3: GetAccounts: option: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("GetAccounts: err = %v, want one naming %q", err, c.want)
		}
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("%d requests sent with a refused option, want none", n)
	}
}

func TestANilOptionAndANilParamsPointerAreFine(t *testing.T) {
	srv := newServer(t, 200, `{"Bars":[]}`)
	api, err := v3.NewClient(srv.URL+"/v3", nil, option.WithHTTPClient(srv.Client()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetBars(context.Background(), "MSFT", nil, nil); err != nil {
		t.Fatal(err)
	}
	if reqs := srv.requests(); len(reqs) != 1 || reqs[0].URL.RequestURI() != "/v3/marketdata/barcharts/MSFT" {
		t.Errorf("requests %v, want one GET /v3/marketdata/barcharts/MSFT without a query", reqs)
	}
}

// trail appends name to the X-Trail header of a request.
func trail(name string) option.RequestOption {
	return option.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		r.Header.Add("X-Trail", name)
		return nil
	})
}

func TestCallOptionsApplyAfterTheClientsAndLeaveTheClientAlone(t *testing.T) {
	srv := newServer(t, 200, `{"Accounts":[]}`)
	api := srv.client(t, option.WithHeader("X-Who", "client"), trail("client"))
	ctx := context.Background()
	if _, err := api.GetAccounts(ctx, option.WithHeader("x-who", "call"), trail("call")); err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetAccounts(ctx); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	for i, want := range []struct{ who, trail string }{{"call", "client,call"}, {"client", "client"}} {
		h := reqs[i].Header
		if h.Get("X-Who") != want.who || strings.Join(h.Values("X-Trail"), ",") != want.trail {
			t.Errorf("request %d: X-Who %q, X-Trail %q; want %q and %q", i, h.Get("X-Who"), h.Values("X-Trail"), want.who, want.trail)
		}
	}
}

func TestConcurrentCallsNeverSeeEachOthersOptions(t *testing.T) {
	srv := newServer(t, 200, `{"Accounts":[]}`)
	// Spare capacity in the client's editor list is where a careless
	// append would let one call's editor reach another's request.
	api := srv.client(t, trail("a"), trail("b"), trail("c"))
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			if _, err := api.GetAccounts(context.Background(), trail(fmt.Sprint(i)), option.WithHeader("X-Call", fmt.Sprint(i))); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, r := range srv.requests() {
		if got, want := strings.Join(r.Header.Values("X-Trail"), ","), "a,b,c,"+r.Header.Get("X-Call"); got != want {
			t.Errorf("X-Trail %q, want %q", got, want)
		}
	}
}

func TestWithResponseIntoHandsBackTheAnswerOfASuccessfulCall(t *testing.T) {
	srv := newServer(t, 200, `{"Accounts":[]}`)
	var raw *http.Response
	if _, err := srv.client(t).GetAccounts(context.Background(), option.WithResponseInto(&raw)); err != nil {
		t.Fatal(err)
	}
	if raw == nil || raw.StatusCode != 200 || client.RateLimitOf(raw).Remaining != 249 {
		t.Errorf("response %+v, want the 200 with its X-RateLimit-Remaining", raw)
	}

	failing := newServer(t, 404, `{"Error":"NotFound","Message":"no"}`)
	raw = nil
	_, err := failing.client(t).GetAccounts(context.Background(), option.WithResponseInto(&raw))
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.RateLimit.Remaining != 249 || raw != nil {
		t.Errorf("err %v, response %v; want a 404 *client.APIError with the rate limit, and no response stored", err, raw)
	}
}

func TestWithRequestTimeoutEndsACallThatGetsNoAnswer(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	api, err := v3.NewClient(srv.URL+"/v3", option.WithHTTPClient(srv.Client()), option.WithRequestTimeout(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetAccounts(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestWithBaseURLSendsACallElsewhere(t *testing.T) {
	home := newServer(t, 200, `{"Accounts":[]}`)
	other := newServer(t, 200, `{"Accounts":[]}`)
	api := home.client(t)
	if _, err := api.GetAccounts(context.Background(), option.WithBaseURL(other.URL+"/gateway/v3")); err != nil {
		t.Fatal(err)
	}
	if n := len(home.requests()); n != 0 {
		t.Errorf("%d requests reached the client's own base URL", n)
	}
	if reqs := other.requests(); len(reqs) != 1 || reqs[0].URL.Path != "/gateway/v3/brokerage/accounts" {
		t.Errorf("requests %v, want GET /gateway/v3/brokerage/accounts", reqs)
	}
}

func TestWithUserAgentNamesTheApplicationFirst(t *testing.T) {
	srv := newServer(t, 200, `{"Accounts":[]}`)
	if _, err := srv.client(t, option.WithUserAgent("my-bot/1.2")).GetAccounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ua := srv.requests()[0].UserAgent(); !strings.HasPrefix(ua, "my-bot/1.2 tradestation-go/"+client.Version) {
		t.Errorf("User-Agent %q", ua)
	}
}

func TestTheBareClientReturnsNon2xxAnswersAsAPIErrors(t *testing.T) {
	srv := newServer(t, 429, `{"Error":"TooManyRequests","Message":"Rate quota exceeded"}`)
	_, err := srv.client(t, option.WithLogger(slog.New(slog.DiscardHandler))).GetQuoteSnapshots(context.Background(), []string{"MSFT"})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Code != "TooManyRequests" {
		t.Fatalf("err = %v, want a 429 *client.APIError", err)
	}
	if n := len(srv.requests()); n != 1 {
		t.Errorf("%d requests, want 1: the bare client never retries", n)
	}
}

var openQuotes = streamhook.Lookup[func(context.Context, *v3.Client, []string, ...option.RequestOption) (*http.Response, error)]("v3.StreamQuotes")

func TestWithRequestTimeoutBoundsAStreamsWaitForItsAnswerNotTheStream(t *testing.T) {
	late := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v3/marketdata/stream/quotes/SLOW" {
			<-r.Context().Done() // no headers, ever
			return
		}
		w.Header().Set("Content-Type", "application/vnd.tradestation.streams.v2+json")
		fmt.Fprintln(w, `{"Symbol":"MSFT"}`)
		w.(http.Flusher).Flush()
		select {
		case <-late:
			fmt.Fprintln(w, `{"Symbol":"MSFT","Last":"425.40"}`)
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	api, err := v3.NewClient(srv.URL+"/v3", option.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = openQuotes(context.Background(), api, []string{"SLOW"}, option.WithRequestTimeout(20*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "v3: StreamQuotes: ") {
		t.Errorf("a stream that never answers: err = %v, want context.DeadlineExceeded", err)
	}

	const timeout = 300 * time.Millisecond // ample for the answer's headers on a loaded machine
	resp, err := openQuotes(context.Background(), api, []string{"MSFT"}, option.WithRequestTimeout(timeout))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	time.Sleep(2 * timeout) // past the timeout: the stream must live on
	close(late)
	body, err := io.ReadAll(resp.Body)
	if err != nil || strings.Count(string(body), "\n") != 2 {
		t.Errorf("read %q, %v; want both messages, the second sent after the timeout", body, err)
	}
}
