//go:build unix

package redisstore

import (
	"context"
	"errors"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/internal/fleettest"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

// redisServer is a redis-server of the test's own, on a free loopback
// port, that the test can stop and start again.
type redisServer struct {
	args []string
	addr string
	cmd  *exec.Cmd
}

// startRedis starts a private redis-server; with persist it writes every
// command to an append-only file (fsync always) and reads it at start.
// Without the binary the test is skipped, unless REDIS_ADDR says that
// Redis is installed (CI).
func startRedis(t *testing.T, persist bool) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if _, explicit := redisAddr(); explicit {
			t.Fatalf("REDIS_ADDR is set but redis-server is not on PATH: %v", err)
		}
		t.Skipf("no redis-server on PATH (%v): install it to run the restart tests", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	aof := "no"
	if persist {
		aof = "yes"
	}
	r := &redisServer{
		addr: "127.0.0.1:" + strconv.Itoa(port),
		args: []string{bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", t.TempDir(),
			"--save", "", "--appendonly", aof, "--appendfsync", "always", "--logfile", ""},
	}
	r.start(t)
	t.Cleanup(func() {
		if r.cmd != nil {
			_ = r.cmd.Process.Kill()
			_ = r.cmd.Wait()
		}
	})
	return r
}

func (r *redisServer) start(t *testing.T) {
	t.Helper()
	r.cmd = exec.Command(r.args[0], r.args[1:]...)
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: r.addr, MaxRetries: -1})
	defer rdb.Close()
	for deadline := time.Now().Add(10 * time.Second); ; {
		if rdb.Ping(context.Background()).Err() == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on %s did not answer", r.addr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stop shuts the server down as a restart would (no snapshot; the
// append-only file, if any, is already on disk).
func (r *redisServer) stop(t *testing.T) {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: r.addr, MaxRetries: -1})
	_ = rdb.ShutdownNoSave(context.Background()).Err() // the connection ends with the server
	_ = rdb.Close()
	_ = r.cmd.Wait()
	r.cmd = nil
}

func TestRedisRestartLosesNoRotatedToken(t *testing.T) {
	t.Parallel()
	for name, persist := range map[string]bool{"without persistence": false, "with an append-only file": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			server := startRedis(t, persist)
			client := func() *redis.Client {
				rdb := redis.NewClient(&redis.Options{Addr: server.addr})
				t.Cleanup(func() { _ = rdb.Close() })
				return rdb
			}
			srv := tradestationtest.NewServer(tradestationtest.WithRefreshTokenRotation())
			defer srv.Close()
			proxy := fleettest.NewProxy(srv.URL())
			defer proxy.Close()
			const key = "tradestation:restart-test"
			session := func() *auth.Session {
				sess, err := fleettest.Session(proxy.URL, New(client(), key, WithEncryptionKey(encryptionKey)))
				if err != nil {
					t.Fatal(err)
				}
				return sess
			}
			ctx := context.Background()
			if err := New(client(), key, WithEncryptionKey(encryptionKey)).Save(ctx, fleettest.Login(srv)); err != nil {
				t.Fatal(err)
			}
			a, b := session(), session()
			first, err := a.Token(ctx)
			if err != nil {
				t.Fatal(err)
			}

			// a refreshes after a 401; TradeStation's answer comes while
			// Redis is down, so a has to save the rotated token into a
			// restarted Redis.
			held, _ := proxy.Hold()
			refreshed := make(chan error, 1)
			go func() { refreshed <- a.ForceRefresh(ctx, first.AccessToken) }()
			<-held
			server.stop(t)

			// Meanwhile b, which has no token yet, fails clearly.
			short, cancel := context.WithTimeout(ctx, 2*time.Second)
			_, err = b.Token(short)
			cancel()
			if err != nil && (!strings.Contains(err.Error(), "redisstore:") || errors.Is(err, auth.ErrLoginRequired)) {
				t.Errorf("b during the outage: %v; want a clear Redis error", err)
			}
			t.Logf("b during the outage: %v", err)

			proxy.Release()
			// Longer than go-redis's own retries: the session's must bridge it.
			time.Sleep(2500 * time.Millisecond)
			server.start(t)
			if err := <-refreshed; err != nil {
				t.Fatalf("a's refresh across the restart: %v", err)
			}

			// The rotated token is in Redis: a new process refreshes with it.
			c := session()
			tok, err := c.Token(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.ForceRefresh(ctx, tok.AccessToken); err != nil {
				t.Fatalf("refresh with the stored refresh token after the restart: %v", err)
			}
			if _, err := b.Token(ctx); err != nil {
				t.Errorf("b after the restart: %v", err)
			}
			ok, refused := proxy.TokenRequests()
			t.Logf("token requests: %d answered, %d refused", ok, refused)
			if refused != 0 || ok != 3 {
				t.Errorf("token requests: %d answered, %d refused; want 3 and none refused (the rotated token was lost)", ok, refused)
			}
		})
	}
}
