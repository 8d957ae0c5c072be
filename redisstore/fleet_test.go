//go:build unix

package redisstore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/internal/fleettest"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

func TestMain(m *testing.M) {
	redis.SetLogger(quietLogger{}) // the restart tests make go-redis log every failed dial
	if role := fleettest.Role(); role != "" {
		if err := runChild(role); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}

// childEnv reads the settings a parent passes to its children.
type childEnv struct {
	url, key   string
	goroutines int
	calls      int
	lease      time.Duration
}

func readChildEnv() childEnv {
	e := childEnv{url: os.Getenv("FLEET_URL"), key: os.Getenv("FLEET_KEY"), lease: DefaultLeaseTime}
	e.goroutines, _ = strconv.Atoi(os.Getenv("FLEET_GOROUTINES"))
	e.calls, _ = strconv.Atoi(os.Getenv("FLEET_CALLS"))
	if d, err := time.ParseDuration(os.Getenv("FLEET_LEASE")); err == nil {
		e.lease = d
	}
	return e
}

// runChild plays a child's part in a fleet test.
func runChild(role string) error {
	e := readChildEnv()
	addr, _ := redisAddr()
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	store := New(rdb, e.key, WithLeaseTime(e.lease), WithEncryptionKey(encryptionKey))
	ctx := context.Background()
	switch role {
	case "hammer": // calls the API from many goroutines for a while
		sess, err := fleettest.Session(e.url, store)
		if err != nil {
			return err
		}
		run, cancel := fleettest.UntilStopped()
		defer cancel()
		fleettest.Emit(fleettest.Hammer(run, sess, fleettest.HTTPClient(), e.url+fleetPath, e.goroutines, 2*time.Second))
	case "token": // asks for one token (the test kills it while it refreshes)
		sess, err := fleettest.Session(e.url, store)
		if err != nil {
			return err
		}
		_, err = sess.Token(ctx)
		return err
	case "pause-holder": // takes the lease, saves when told, reports
		unlock, err := store.Lock(ctx)
		if err != nil {
			return err
		}
		fmt.Println("locked")
		if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
			return err
		}
		switch err := store.Save(ctx, secretToken(666)); {
		case err == nil:
			fmt.Println("saved")
		case errors.Is(err, ErrSuperseded):
			fmt.Println("superseded")
		default:
			fmt.Println("error:", err)
		}
		unlock()
		fmt.Println("unlocked")
	case "rate": // makes FLEET_CALLS calls through the SDK's client within the shared budget
		sess, err := fleettest.Session(e.url, store)
		if err != nil {
			return err
		}
		limiter := NewRateLimiter(rdb, os.Getenv("FLEET_RATE_KEY"), nil)
		// No retries: every 429 that the fake sends reaches the caller.
		api, err := client.NewV3(sess, option.WithRateLimiter(limiter), option.WithMaxRetries(0))
		if err != nil {
			return err
		}
		var rep rateReport
		for range e.calls {
			_, err := api.GetOptionExpirations(ctx, "MSFT", nil)
			var apiErr *client.APIError
			switch {
			case err == nil:
				rep.OK++
			case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusTooManyRequests:
				rep.TooMany++
			default:
				rep.Errors = append(rep.Errors, err.Error())
			}
		}
		fleettest.Emit(rep)
	case "slot-holder": // takes a stream slot and dies holding it
		l := NewRateLimiter(rdb, e.key, map[string]ratelimit.Quota{ratelimit.OptionChainStream: {Streams: 1}})
		l.slotTime = e.lease
		if _, err := l.Acquire(ctx, ratelimit.OptionChainStream); err != nil {
			return err
		}
		fmt.Println("acquired")
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	default:
		return fmt.Errorf("unknown role %q", role)
	}
	return nil
}

// rateReport is what a "rate" child saw.
type rateReport struct {
	OK, TooMany int
	Errors      []string
}

// fleetPath is a cheap API call that needs a valid access token.
const fleetPath = "/v3/orderexecution/routes"

// fakeWithStore starts a fake TradeStation behind a counting proxy, and a
// key whose store holds a fresh sign-in.
func fakeWithStore(t *testing.T, rdb redis.UniversalClient, opts ...tradestationtest.Option) (*tradestationtest.Server, *fleettest.Proxy, string) {
	t.Helper()
	srv := tradestationtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	proxy := fleettest.NewProxy(srv.URL())
	t.Cleanup(proxy.Close)
	key := testKey(t, rdb)
	if err := New(rdb, key, WithEncryptionKey(encryptionKey)).Save(context.Background(), fleettest.Login(srv)); err != nil {
		t.Fatal(err)
	}
	return srv, proxy, key
}

func TestRedisFleetMakesOneTokenRequestPerRotation(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three processes of 1,000 goroutines for several seconds")
	}
	t.Parallel()
	rdb := testRedis(t)
	const lifetime = 4 * time.Second
	_, proxy, key := fakeWithStore(t, rdb, tradestationtest.WithRefreshTokenRotation(), tradestationtest.WithAccessTokenLifetime(lifetime))
	children := make([]*fleettest.Child, 3)
	for i := range children {
		children[i] = fleettest.Start(t, "hammer", "FLEET_URL="+proxy.URL, "FLEET_KEY="+key, "FLEET_GOROUTINES="+strconv.Itoa(fleettest.Goroutines))
	}
	fleettest.CheckFleet(t, children, proxy, lifetime)
}

func TestKilledLeaseHolderBlocksOthersNoLongerThanTheLease(t *testing.T) {
	t.Parallel()
	rdb := testRedis(t)
	const lease = time.Second
	_, proxy, key := fakeWithStore(t, rdb, tradestationtest.WithRefreshTokenRotation())
	held, dropped := proxy.Hold()
	child := fleettest.Start(t, "token", "FLEET_URL="+proxy.URL, "FLEET_KEY="+key, "FLEET_LEASE="+lease.String())
	select {
	case <-held: // the child holds the lease and waits for the token endpoint
	case <-time.After(30 * time.Second):
		t.Fatalf("the child never asked for a token; stderr:\n%s", child.Stderr())
	}
	child.Kill()
	killed := time.Now()
	select {
	case <-dropped: // the dead child's request never reaches the fake
	case <-time.After(10 * time.Second):
		t.Fatal("the proxy never saw the dead child's request end")
	}
	proxy.Release()
	store := New(rdb, key, WithLeaseTime(lease), WithEncryptionKey(encryptionKey))
	if ttl := rdb.PTTL(context.Background(), store.leaseKey).Val(); ttl <= 0 {
		t.Fatalf("lease TTL %v after the kill; want the dead holder's lease still there", ttl)
	}

	sess, err := fleettest.Session(proxy.URL, store)
	if err != nil {
		t.Fatal(err)
	}
	// The contract is "no longer than the lease"; the deadline adds two
	// lease times of slack for a loaded machine.
	ctx, cancel := context.WithTimeout(context.Background(), 3*lease)
	defer cancel()
	if _, err := sess.Token(ctx); err != nil {
		t.Fatalf("Token after the holder died: %v", err)
	}
	t.Logf("a session waited %v after the lease holder was killed (lease %v)", time.Since(killed).Round(time.Millisecond), lease)
	if ok, refused := proxy.TokenRequests(); ok != 1 || refused != 0 {
		t.Errorf("token requests: %d answered, %d refused; want the one of the survivor", ok, refused)
	}
}

func TestPausedHolderCannotOverwriteTheNewerToken(t *testing.T) {
	rdb := testRedis(t)
	key := testKey(t, rdb)
	const lease = 300 * time.Millisecond
	ctx := context.Background()
	child := fleettest.Start(t, "pause-holder", "FLEET_KEY="+key, "FLEET_LEASE="+lease.String())
	if got := child.Line(t); got != "locked" {
		t.Fatalf("child said %q, want locked", got)
	}
	if err := child.Pause(); err != nil {
		t.Fatal(err)
	}
	fresh := New(rdb, key, WithEncryptionKey(encryptionKey)) // the default lease outlasts a loaded machine's delays
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	unlock, err := fresh.Lock(waitCtx) // waits for the paused holder's lease to run out
	if err != nil {
		t.Fatal(err)
	}
	if err := fresh.Save(ctx, secretToken(1)); err != nil {
		t.Fatal(err)
	}
	if err := child.Resume(); err != nil {
		t.Fatal(err)
	}
	child.Send(t, "save")
	if got := child.Line(t); got != "superseded" {
		t.Errorf("the paused holder's save: %q, want superseded", got)
	}
	if got := child.Line(t); got != "unlocked" {
		t.Fatalf("child said %q, want unlocked", got)
	}
	short, cancelShort := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancelShort()
	if _, err := New(rdb, key).Lock(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Lock after the paused holder's unlock: %v; it released the newer holder's lease", err)
	}
	unlock()
	if tok, err := fresh.Load(ctx); err != nil || tok.RefreshToken != "rt-SECRET-1" {
		t.Errorf("stored %v, %v; want the newer holder's token", tok, err)
	}
}

func TestDeadStreamHoldersSlotFreesItself(t *testing.T) {
	rdb := testRedis(t)
	key := testKey(t, rdb)
	const slot = 500 * time.Millisecond
	child := fleettest.Start(t, "slot-holder", "FLEET_KEY="+key, "FLEET_LEASE="+slot.String())
	if got := child.Line(t); got != "acquired" {
		t.Fatalf("child said %q", got)
	}
	child.Kill()
	l := NewRateLimiter(rdb, key, map[string]ratelimit.Quota{ratelimit.OptionChainStream: {Streams: 1}})
	ctx, cancel := context.WithTimeout(context.Background(), 2*slot+time.Second)
	defer cancel()
	release, err := l.Acquire(ctx, ratelimit.OptionChainStream)
	if err != nil {
		t.Fatalf("Acquire after the holder died: %v", err)
	}
	release()
}

func TestSharedBudgetKeepsThreeProcessesUnderOneQuota(t *testing.T) {
	if testing.Short() {
		t.Skip("spreads 93 calls over a minute")
	}
	t.Parallel() // it mostly waits: the other tests run meanwhile
	rdb := testRedis(t)
	// 3 processes x 31 calls = 93 in a group that TradeStation allows 90 a
	// minute, each through client.NewV3 with option.WithRateLimiter and no
	// retries: shared, the budget spreads them over a minute; one budget
	// per process (the control) lets them all through at once and the fake
	// answers 429.
	quota := ratelimit.Documented()[ratelimit.OptionExpirations]
	for name, shared := range map[string]bool{"shared budget": true, "a budget per process": false} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, proxy, key := fakeWithStore(t, rdb)
			if err := srv.LimitRate(quota.Requests, quota.Period); err != nil {
				t.Fatal(err)
			}
			children := make([]*fleettest.Child, 3)
			for i := range children {
				rateKey := key
				if !shared {
					rateKey = fmt.Sprintf("%s:%d", key, i)
				}
				children[i] = fleettest.Start(t, "rate", "FLEET_URL="+proxy.URL, "FLEET_KEY="+key, "FLEET_RATE_KEY="+rateKey, "FLEET_CALLS=31")
			}
			var total rateReport
			for _, c := range children {
				var rep rateReport
				c.Result(t, &rep)
				total.OK += rep.OK
				total.TooMany += rep.TooMany
				total.Errors = append(total.Errors, rep.Errors...)
			}
			t.Logf("%s: %d calls answered, %d answered 429, other errors %q", name, total.OK, total.TooMany, total.Errors)
			if len(total.Errors) != 0 {
				t.Errorf("calls failed: %q", total.Errors)
			}
			switch {
			case shared && (total.TooMany != 0 || total.OK != 93):
				t.Errorf("shared budget: %d calls answered 429, %d answered; want no 429 and all 93 answered", total.TooMany, total.OK)
			case !shared && total.TooMany == 0:
				t.Error("a budget per process: no 429; the test's demand does not exceed the quota")
			}
		})
	}
}
