package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisAddr is where the tests find Redis: REDIS_ADDR (CI sets it to the
// server it starts), else the default port on loopback.
func redisAddr() (addr string, explicit bool) {
	if a := os.Getenv("REDIS_ADDR"); a != "" {
		return a, true
	}
	return "127.0.0.1:6379", false
}

// testRedis connects to the test Redis. Without one the test is skipped,
// unless REDIS_ADDR names it: then its absence is a failure.
func testRedis(t testing.TB) *redis.Client {
	t.Helper()
	addr, explicit := redisAddr()
	if err := probeRedis(addr); err != nil {
		if explicit {
			t.Fatalf("REDIS_ADDR is %s but Redis does not answer there: %v", addr, err)
		}
		t.Skipf("no Redis at %s (%v): start redis-server there or set REDIS_ADDR to run the redisstore tests", addr, err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

var (
	probeOnce sync.Once
	probeErr  error
)

// probeRedis pings addr once for the whole test binary.
func probeRedis(addr string) error {
	probeOnce.Do(func() {
		rdb := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: time.Second, MaxRetries: -1})
		defer rdb.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		probeErr = rdb.Ping(ctx).Err()
	})
	return probeErr
}

// testKey returns a key of the test's own, whose Redis keys are deleted
// when the test ends.
func testKey(t testing.TB, rdb redis.UniversalClient) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	key := "redisstore-test:" + strings.ReplaceAll(t.Name(), "/", "-") + ":" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx := context.Background()
		for _, k := range keysOf(t, rdb, key) {
			rdb.Del(ctx, k)
		}
	})
	return key
}

// keysOf lists the Redis keys that contain key.
func keysOf(t testing.TB, rdb redis.UniversalClient, key string) []string {
	t.Helper()
	var out []string
	iter := rdb.Scan(context.Background(), 0, "*"+key+"*", 100).Iterator()
	for iter.Next(context.Background()) {
		out = append(out, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// encryptionKey is a fixed AES-256 key for tests.
var encryptionKey = []byte("0123456789abcdef0123456789abcdef")
