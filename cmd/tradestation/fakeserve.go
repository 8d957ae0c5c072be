package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/tradestation-go/tradestation/tradestationtest"
)

// defaultFakeAddr is where `tradestation fake` listens without --addr: a
// fixed loopback port, so that clients can be set up once.
const defaultFakeAddr = "127.0.0.1:8383"

func fakeCommand() *command {
	return &command{
		name: "fake", timing: untimed,
		summary: "Run a fake TradeStation for clients in any language until interrupted; prints the settings that point a client at it.",
		example: "tradestation fake --addr 127.0.0.1:0",
		setup: func(f *flagSet) runFunc {
			var k fakeFlags
			k.register(f)
			return k.run
		},
	}
}

// fakeFlags are the flags of fake.
type fakeFlags struct {
	addr         string
	allowRemote  bool
	state        string
	rotate       bool
	lifetime     time.Duration
	heartbeat    time.Duration
	seed         int64
	start        string
	partialFills bool
}

func (f *fakeFlags) register(fs *flagSet) {
	fs.text(&f.addr, "addr", defaultFakeAddr, "HOST:PORT", "address to listen on; port 0 picks a free one")
	fs.BoolVar(&f.allowRemote, "allow-remote", false, "accept an --addr that other machines can reach (they can then use the fake's accounts and faults)")
	fs.text(&f.state, "state", "", "FILE", "keep accounts, orders, positions and balances in this file across restarts")
	fs.BoolVar(&f.rotate, "rotate-refresh-tokens", false, "answer every refresh with a new refresh token and retire the old one")
	fs.span(&f.lifetime, "access-token-lifetime", 20*time.Minute, true, "lifetime of the access tokens issued")
	fs.span(&f.heartbeat, "heartbeat", 5*time.Second, true, "how long a quiet stream waits before a heartbeat")
	whole(fs, &f.seed, "seed", 0, math.MinInt64, math.MaxInt64, "vary the price paths and partial fills (0: the documented paths; a --state file keeps the seed it was made with)")
	fs.text(&f.start, "start", "", "TIME", "start the market clock at this time (2025-05-13T14:30:00Z or 2025-05-13) and keep it still; it moves only through the control endpoint (default: now, following the wall clock)")
	fs.BoolVar(&f.partialFills, "partial-fills", false, "fill single-leg orders in parts")
}

// options turns the flags into the server's options.
func (f *fakeFlags) options() ([]tradestationtest.Option, error) {
	opts := []tradestationtest.Option{
		tradestationtest.WithAddr(f.addr),
		tradestationtest.WithAccessTokenLifetime(f.lifetime),
		tradestationtest.WithHeartbeat(f.heartbeat),
		tradestationtest.WithSeed(f.seed),
	}
	if f.start == "" {
		opts = append(opts, tradestationtest.WithRealTime())
	} else {
		t, err := parseStart(f.start)
		if err != nil {
			return nil, err
		}
		opts = append(opts, tradestationtest.WithStartTime(t))
	}
	if f.allowRemote {
		opts = append(opts, tradestationtest.WithRemoteAccess())
	}
	if f.state != "" {
		opts = append(opts, tradestationtest.WithStateFile(f.state))
	}
	if f.rotate {
		opts = append(opts, tradestationtest.WithRefreshTokenRotation())
	}
	if f.partialFills {
		opts = append(opts, tradestationtest.WithPartialFills())
	}
	return opts, nil
}

// parseStart reads --start: an RFC 3339 time, or a date (09:30 New York
// time that day, the opening of the US stock market).
func parseStart(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		if ny, err := time.LoadLocation("America/New_York"); err == nil {
			return time.Date(d.Year(), d.Month(), d.Day(), 9, 30, 0, 0, ny), nil
		}
		return d.Add(13*time.Hour + 30*time.Minute), nil // 09:30 EDT
	}
	return time.Time{}, usageErrorf("--start must be a time such as 2025-05-13T14:30:00Z or a date such as 2025-05-13, not %q", s)
}

func (f *fakeFlags) run(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	if x.g.live || x.g.fake || x.g.v2 {
		return usageErrorf("fake is a server: --live, --fake and --v2 do not apply to it")
	}
	opts, err := f.options()
	if err != nil {
		return err
	}
	srv, err := tradestationtest.Start(opts...)
	if errors.Is(err, tradestationtest.ErrNotLoopback) {
		return usageErrorf("--addr %s is not a loopback address; pass --allow-remote to serve other machines", f.addr)
	}
	if err != nil {
		return err
	}
	printSettings(x.stdout, srv)
	clock := "following the wall clock"
	if f.start != "" {
		clock = "standing still at " + srv.Now().Format(time.RFC3339) + " (POST " + srv.URL() + tradestationtest.ControlPath + "clock moves it)"
	}
	fmt.Fprintf(x.stderr, "tradestation: fake TradeStation on %s, market clock %s; control endpoint %s%s; Ctrl-C stops it\n",
		srv.URL(), clock, srv.URL(), tradestationtest.ControlPath)
	<-ctx.Done() // Ctrl-C (exit 130) or --timeout (exit 0)
	srv.Close()
	if f.state != "" {
		if err := srv.SaveState(); err != nil {
			return err
		}
		fmt.Fprintf(x.stderr, "tradestation: state kept in %s\n", f.state)
	}
	return nil
}

// printSettings writes what points a client at srv, one KEY=value line
// each, in a form a shell can eval.
func printSettings(w io.Writer, srv *tradestationtest.Server) {
	for _, kv := range [][2]string{
		{envAPIURL, srv.URL()},
		{envSignInURL, srv.URL()},
		{envClientID, tradestationtest.ClientID},
		{envClientSecret, tradestationtest.ClientSecret},
		{envRefreshToken, srv.RefreshToken()},
		{"TRADESTATION_DEMO_USER", tradestationtest.UserID},
		{"TRADESTATION_DEMO_PASSWORD", tradestationtest.DemoPassword},
	} {
		fmt.Fprintf(w, "%s=%s\n", kv[0], shellQuote(kv[1]))
	}
}
