package tradestationtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/internal/sim"
)

// The fake's credentials and identities.
const (
	// ClientID and ClientSecret are the one API key the token endpoint
	// accepts; Session uses them.
	ClientID     = "tradestationtest-client"
	ClientSecret = "tradestationtest-secret"

	// UserID is the signed-in user: the id token's sub claim and the user
	// of GET /v2/users/{userID}/accounts.
	UserID = "demo"
	// UserName and UserEmail are the id token's name claim (with the
	// profile scope) and email claim (with the email scope).
	UserName  = "Demo Trader"
	UserEmail = "demo@example.com"

	// DemoPassword is a password to type into the sign-in form; the form
	// accepts any non-empty user name and password.
	DemoPassword = "demo"

	// The user's three accounts: a margin account with stock positions, a
	// cash account (no short sales) and a futures account.
	MarginAccountID  = "11827364"
	CashAccountID    = "11827365"
	FuturesAccountID = "21827366"
)

// DefaultStart is where the market clock starts unless WithStartTime says
// otherwise: Tuesday 13 May 2025, 10:30 in New York, an hour into the
// session. Every price path passes through its symbol's anchor price then.
// It is a variable only because a time.Time cannot be a constant; changing
// it does not move the paths.
var DefaultStart = time.Date(2025, 5, 13, 14, 30, 0, 0, time.UTC)

// Server is a fake TradeStation: the sign-in host (OAuth), API v3 and API
// v2 on one origin, with a market whose clock the test controls. It is safe
// for concurrent use.
type Server struct {
	realTime bool // WithRealTime
	tokens   *tokenStore
	faults   *faults
	orders   *orderFaults // faults of the order stream
	hub      *hub
	sim      *sim.Sim   // the market, the accounts and the orders
	state    *stateFile // WithStateFile, or nil

	handler http.Handler
	hc      *http.Client
	url     string // "" for a server behind httpmock
	httpSrv *http.Server
	mock    *httpmock.MockTransport
	pipes   pipeSet // bodies in flight behind httpmock

	closing   chan struct{} // closed when Close begins
	closeOnce sync.Once
	lifeMu    sync.RWMutex   // held by enter for reading and by the start of Close for writing
	wg        sync.WaitGroup // the listener, the real-time clock and every running handler
}

// NewServer starts a fake TradeStation on a loopback port, like
// httptest.NewServer; Close stops it. It panics where Start returns an
// error (it cannot listen, a state file cannot be read), as
// httptest.NewServer does. Use Session for a session signed in to it, and
// HTTPClient for the client that reaches it.
func NewServer(opts ...Option) *Server {
	s, err := Start(opts...)
	if err != nil {
		panic(err.Error())
	}
	return s
}

// Start is NewServer for programs, such as `tradestation fake`: it returns
// an error instead of panicking. It listens on WithAddr's address, by
// default a free loopback port, and refuses an address that is not
// loopback unless WithRemoteAccess is given too.
func Start(opts ...Option) (*Server, error) {
	cfg := newConfig(opts)
	addr := cfg.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := checkLoopback(addr, cfg.remote); err != nil {
		return nil, err
	}
	s, err := newServer(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("tradestationtest: cannot listen on %s: %w", addr, err)
	}
	s.url = "http://" + ln.Addr().String()
	s.httpSrv = &http.Server{Handler: s.tracked(s.handler), ReadHeaderTimeout: readHeaderTimeout}
	// No proxy from the environment: the server is on loopback.
	s.hc = &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{}).DialContext, MaxIdleConnsPerHost: 16}}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.httpSrv.Serve(ln)
	}()
	s.startClock()
	s.startSaver()
	return s, nil
}

// ErrNotLoopback is the error of Start for a WithAddr address that other
// machines could reach, without WithRemoteAccess.
var ErrNotLoopback = errors.New("not a loopback address")

// checkLoopback refuses a listening address that other machines could
// reach, unless remote allows it.
func checkLoopback(addr string, remote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("tradestationtest: address %q is not host:port: %w", addr, err)
	}
	ip := net.ParseIP(host)
	if remote || host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("tradestationtest: address %s is %w; the fake serves other machines only with WithRemoteAccess", addr, ErrNotLoopback)
}

const (
	// readHeaderTimeout bounds how long a client may take to send headers.
	readHeaderTimeout = 10 * time.Second
	// shutdownGrace is how long Close waits for handlers to return before
	// it closes their connections.
	shutdownGrace = 5 * time.Second
)

// newServer builds a server without a listener: the simulator (the
// market, the accounts with their history, or those of the state file)
// and the routes.
func newServer(cfg config) (*Server, error) {
	s := &Server{
		realTime: cfg.realTime,
		tokens:   newTokenStore(cfg.tokenLifetime, cfg.rotation),
		faults:   newFaults(cfg.heartbeat),
		orders:   &orderFaults{},
		hub:      newHub(),
		closing:  make(chan struct{}),
	}
	simCfg := sim.Config{Start: cfg.startTime(), Observer: s.observe, Seed: cfg.seed, PartialFills: cfg.partialFills}
	if cfg.statePath == "" {
		s.sim = sim.New(simCfg)
	} else {
		var err error
		if s.sim, s.state, err = openState(cfg.statePath, simCfg); err != nil {
			return nil, err
		}
	}
	s.handler = s.routes()
	return s, nil
}

// observe hears every change of the simulator, with it locked: streams
// get the change, and the state file is written again after a change of
// an account or an order.
func (s *Server) observe(c sim.Change) {
	s.hub.publish(c)
	if s.state != nil && c.Kind != sim.MarketMoved {
		s.state.poke()
	}
}

// tracked counts running handlers so that Close can wait for them.
func (s *Server) tracked(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.enter() {
			writeFailure(w, r, http.StatusServiceUnavailable, "tradestationtest: the server is closing.")
			return
		}
		defer s.wg.Done()
		h.ServeHTTP(w, r)
	})
}

// enter counts one more running goroutine, unless Close has begun.
func (s *Server) enter() bool {
	s.lifeMu.RLock()
	defer s.lifeMu.RUnlock()
	select {
	case <-s.closing:
		return false
	default:
	}
	s.wg.Add(1)
	return true
}

// Close ends every stream, stops the clock and the listener (or removes
// the httpmock responders), waits until no goroutine of the server runs
// and writes the state file one last time (WithStateFile).
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.lifeMu.Lock()
		close(s.closing)
		s.lifeMu.Unlock()
		if s.httpSrv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
			if s.httpSrv.Shutdown(ctx) != nil {
				_ = s.httpSrv.Close()
			}
			cancel()
		}
		if s.mock != nil {
			unregisterResponders(s.mock)
			s.pipes.abortAll()
		}
		s.wg.Wait()
		s.hc.CloseIdleConnections()
		if s.state != nil {
			_ = s.state.write(s.sim)
		}
	})
}

// URL is the server's origin, such as http://127.0.0.1:41234: the sign-in
// URL and the API URL at once (the API lives under /v3 and /v2). A server
// made by RegisterResponders has no URL and answers for TradeStation's own
// hosts instead.
func (s *Server) URL() string { return s.url }

// HTTPClient returns a client that reaches the server: a plain client for
// NewServer, one that goes through the mock transport for
// RegisterResponders. Sessions from Session use it, and so do the clients
// that client.NewV3 and NewV2 make on them.
func (s *Server) HTTPClient() *http.Client { return s.hc }

// signInURL and apiURL are where a session must send its requests.
func (s *Server) signInURL() string {
	if s.url == "" {
		return signInHost
	}
	return s.url
}

func (s *Server) apiURL() string {
	if s.url == "" {
		return simAPIHost
	}
	return s.url
}

// Session returns a session signed in to the server: its sign-in and API
// URLs point at the server, its HTTP client reaches it, and it holds the
// fake API key and a fresh refresh token. opts come after those settings
// and may override them. Session panics only when opts are invalid, which
// is a mistake in the calling test.
func (s *Server) Session(opts ...auth.Option) *auth.Session {
	base := []auth.Option{auth.WithSignInURL(s.signInURL()), auth.WithAPIURL(s.apiURL()), auth.WithHTTPClient(s.hc)}
	sess, err := auth.NewSession(ClientID, ClientSecret, s.RefreshToken(), append(base, opts...)...)
	if err != nil {
		panic(fmt.Sprintf("tradestationtest: Session was given invalid options: %v", err))
	}
	return sess
}

// RefreshToken issues a new refresh token for the fake API key, with every
// scope, as if the user had just signed in. Each call returns a new one.
func (s *Server) RefreshToken() string {
	return s.tokens.issueRefresh(allScopes)
}
