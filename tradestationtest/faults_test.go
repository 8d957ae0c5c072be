package tradestationtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
	"github.com/tradestation-go/tradestation/v3"
)

// countingTransport counts the requests a client sends by method and path.
type countingTransport struct {
	next http.RoundTripper
	hits chan string
}

func (c countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.hits <- req.Method + " " + req.URL.Path
	return c.next.RoundTrip(req)
}

func counted(srv *tradestationtest.Server) (*http.Client, chan string) {
	hits := make(chan string, 1000)
	return &http.Client{Transport: countingTransport{srv.HTTPClient().Transport, hits}}, hits
}

// newCountedFake is newFake with a client whose requests are counted.
func newCountedFake(t *testing.T, opts ...option.RequestOption) (*tradestationtest.Server, *v3.Client, chan string) {
	t.Helper()
	srv := tradestationtest.NewServer()
	t.Cleanup(srv.Close)
	hc, hits := counted(srv)
	opts = append([]option.RequestOption{option.WithHTTPClient(hc), option.WithBackoff(time.Millisecond, 2*time.Millisecond)}, opts...)
	api, err := client.NewV3(srv.Session(), opts...)
	if err != nil {
		t.Fatalf("NewV3: %v", err)
	}
	return srv, api, hits
}

func drain(hits chan string, want string) int {
	n := 0
	for {
		select {
		case h := <-hits:
			if h == want {
				n++
			}
		default:
			return n
		}
	}
}

func TestRateLimitAnswers429AndTheClientWaitsForTheReset(t *testing.T) {
	srv, api := newFake(t)
	if err := srv.LimitRate(2, 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := api.GetAccounts(ctxT(t)); err != nil {
			t.Fatal(err)
		}
	}
	// The third request is refused; the client waits for the reset the
	// headers announce and succeeds.
	if _, err := api.GetAccounts(ctxT(t)); err != nil {
		t.Fatalf("after the reset: %v", err)
	}
	noRetry, err := client.NewV3(srv.Session(), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = noRetry.GetAccounts(ctxT(t))
	_, _ = noRetry.GetAccounts(ctxT(t))
	_, err = noRetry.GetAccounts(ctxT(t))
	ae := apiError(t, err)
	if ae.StatusCode != 429 || ae.Code != "TooManyRequests" || !ae.RateLimit.Known || ae.RateLimit.Limit != 2 ||
		ae.RateLimit.Remaining != 0 || ae.RateLimit.Resource != "Accounts" || ae.RateLimit.Reset.IsZero() {
		t.Errorf("429 as the client sees it: %+v", ae)
	}
}

func TestFailedGETIsRetried(t *testing.T) {
	srv, api, hits := newCountedFake(t)
	if err := srv.FailRequests("GET /v3/brokerage/accounts", 503, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetAccounts(ctxT(t)); err != nil {
		t.Fatalf("GetAccounts after two 503s: %v", err)
	}
	if n := drain(hits, "GET /v3/brokerage/accounts"); n != 3 {
		t.Errorf("%d requests sent, want 3 (two failures and a success)", n)
	}
}

// maybePlaced checks that err tells the caller the order may exist.
func maybePlaced(t *testing.T, err error) *client.MaybePlacedError {
	t.Helper()
	var mp *client.MaybePlacedError
	if !errors.Is(err, client.ErrMaybePlaced) || !errors.As(err, &mp) {
		t.Fatalf("error %v does not say the order may have been placed", err)
	}
	return mp
}

// openOrders lists the orders on the margin account's books.
func openOrders(t *testing.T, api *v3.Client) []v3.Order {
	t.Helper()
	orders, err := api.GetOrders(ctxT(t), []string{tradestationtest.MarginAccountID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return orders.Orders
}

// The fake places the order and then answers 502, as a gateway that lost
// the answer would.
func TestLostPlaceOrderAnswerSaysTheOrderMayExistAndPlacesExactlyOne(t *testing.T) {
	cases := []struct {
		name     string
		autofill bool
		sends    int
	}{
		{"the client's own OrderConfirmID lets it resend, and the refusal names the order", true, 2},
		{"without an OrderConfirmID the placement is sent once", false, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, api, hits := newCountedFake(t, option.WithAutoOrderConfirmID(c.autofill))
			if err := srv.FailResponses("POST /v3/orderexecution/orders", 502, 1); err != nil {
				t.Fatal(err)
			}
			req := limitBuy(tradestationtest.MarginAccountID, "MSFT", 3, dec(t, "390.00"))
			_, err := api.PlaceOrder(ctxT(t), req)
			mp := maybePlaced(t, err)
			if n := drain(hits, "POST /v3/orderexecution/orders"); n != c.sends || mp.Attempts != c.sends {
				t.Errorf("PlaceOrder was sent %d times (error says %d), want %d", n, mp.Attempts, c.sends)
			}
			books := openOrders(t, api)
			if len(books) != 1 {
				t.Fatalf("%d orders on the books, want exactly the one placed", len(books))
			}
			if !c.autofill {
				if ae := apiError(t, err); ae.StatusCode != 502 || len(mp.ConfirmIDs) != 0 {
					t.Errorf("error %v: want the 502 inside and no OrderConfirmID", err)
				}
				return
			}
			if len(mp.OrderIDs) != 1 || mp.OrderIDs[0] != books[0].OrderID || len(mp.ConfirmIDs) != 1 {
				t.Fatalf("error names orders %v and ids %v; the books hold %s", mp.OrderIDs, mp.ConfirmIDs, books[0].OrderID)
			}
			// Placing it again by hand with the id the error gave adds none.
			req.OrderConfirmID = mp.ConfirmIDs[0]
			_, err = api.PlaceOrder(ctxT(t), req)
			if again := maybePlaced(t, err); len(again.OrderIDs) != 1 || again.OrderIDs[0] != books[0].OrderID {
				t.Errorf("the rerun names %v, want %s", again.OrderIDs, books[0].OrderID)
			}
			if n := len(openOrders(t, api)); n != 1 {
				t.Errorf("%d orders after the rerun, want 1", n)
			}
		})
	}
}

func TestResentPlacementRefusedAsDuplicateIsMaybePlacedNamingTheOrder(t *testing.T) {
	srv, api := newFake(t)
	if err := srv.FailResponses("POST /v3/orderexecution/orders", 504, 1); err != nil {
		t.Fatal(err)
	}
	req := limitBuy(tradestationtest.MarginAccountID, "MSFT", 3, dec(t, "390.00"))
	req.OrderConfirmID = "retry-safe-1"
	_, err := api.PlaceOrder(ctxT(t), req)
	mp := maybePlaced(t, err)
	books := openOrders(t, api)
	if len(books) != 1 || len(mp.OrderIDs) != 1 || mp.OrderIDs[0] != books[0].OrderID {
		t.Errorf("error names %v; orders on the books: %+v", mp.OrderIDs, books)
	}
	if len(mp.ConfirmIDs) != 1 || mp.ConfirmIDs[0] != "retry-safe-1" || mp.Attempts != 2 {
		t.Errorf("error carries ids %v after %d attempts, want [retry-safe-1] after 2", mp.ConfirmIDs, mp.Attempts)
	}
}

func TestExpiredAccessTokenIsRefreshedAfterA401(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	hc, hits := counted(srv)
	sess := srv.Session(auth.WithHTTPClient(hc))
	api, _ := client.NewV3(sess, option.WithHTTPClient(hc))
	if _, err := api.GetAccounts(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	srv.ExpireAccessTokens()
	if _, err := api.GetAccounts(ctxT(t)); err != nil {
		t.Fatalf("after the token expired: %v", err)
	}
	if n := drain(hits, "POST /oauth/token"); n != 2 {
		t.Errorf("%d token requests, want 2 (sign-in and the refresh after the 401)", n)
	}
}

func TestAccessTokensTheServerDidNotIssueAre401(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	for _, auth := range []string{"", "Bearer not-a-token", "Basic dXNlcjpwdw=="} {
		req, _ := http.NewRequestWithContext(ctxT(t), http.MethodGet, srv.URL()+"/v3/brokerage/accounts", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := srv.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Error, Message string }
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || body.Error != "Unauthorized" || body.Message == "" {
			t.Errorf("Authorization %q: %d %+v", auth, resp.StatusCode, body)
		}
	}
}

func TestRevokedRefreshTokenAsksForLoginAgain(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	sess := srv.Session()
	srv.RevokeRefreshTokens()
	_, err := sess.Token(ctxT(t))
	if !errors.Is(err, auth.ErrLoginRequired) {
		t.Errorf("Token after revocation: %v, want auth.ErrLoginRequired", err)
	}
}

func TestRotatedRefreshTokenDiesAfterUse(t *testing.T) {
	srv := tradestationtest.NewServer(tradestationtest.WithRefreshTokenRotation(), tradestationtest.WithAccessTokenLifetime(time.Hour))
	defer srv.Close()
	rt := srv.RefreshToken()
	store := &memStore{}
	sess, err := auth.NewSession(tradestationtest.ClientID, tradestationtest.ClientSecret, rt,
		auth.WithSignInURL(srv.URL()), auth.WithAPIURL(srv.URL()), auth.WithTokenStore(store))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Token(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	store.mu.Lock()
	saved := store.saved
	store.mu.Unlock()
	if saved == "" || saved == rt {
		t.Fatalf("the rotated refresh token was not handed to the store: %q", saved)
	}
	again, _ := auth.NewSession(tradestationtest.ClientID, tradestationtest.ClientSecret, rt, auth.WithSignInURL(srv.URL()), auth.WithAPIURL(srv.URL()))
	if _, err := again.Token(ctxT(t)); !errors.Is(err, auth.ErrLoginRequired) {
		t.Errorf("the retired refresh token still works: %v", err)
	}
}

// memStore keeps the last refresh token a session saved.
type memStore struct {
	mu    sync.Mutex
	saved string
}

func (m *memStore) Load(context.Context) (*oauth2.Token, error) { return nil, nil }

func (m *memStore) Save(_ context.Context, tok *oauth2.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = tok.RefreshToken
	return nil
}

func TestLatencyDelaysAnswersPastADeadline(t *testing.T) {
	srv, api := newFake(t)
	srv.SetLatency(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := api.GetRoutes(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("GetRoutes with latency 300 ms and a 50 ms deadline: %v", err)
	}
	srv.ClearFaults()
	if _, err := api.GetRoutes(ctxT(t)); err != nil {
		t.Errorf("after ClearFaults: %v", err)
	}
}

func TestDroppedResponseFailsTheRead(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	api, _ := client.NewV3(srv.Session(), option.WithMaxRetries(0))
	if err := srv.DropResponses("/v3/brokerage/", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetAccounts(ctxT(t)); err == nil {
		t.Error("a response cut in half decoded without error")
	}
	if _, err := api.GetAccounts(ctxT(t)); err != nil {
		t.Errorf("the next request: %v", err)
	}
}

func TestBadFaultSettingsAreErrors(t *testing.T) {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	for name, err := range map[string]error{
		"status 200":      srv.FailRequests("/v3/", 200, 1),
		"relative path":   srv.FailRequests("v3/brokerage", 500, 1),
		"lower-case verb": srv.FailResponses("post /v3/orderexecution/orders", 500, 1),
		"unknown fault":   srv.BreakStreams(tradestationtest.StreamFault(9), 1, 1),
		"negative count":  srv.BreakStreams(tradestationtest.GoAway, -1, 1),
		"rate, no window": srv.LimitRate(5, 0),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
