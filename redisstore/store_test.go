package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tradestation-go/tradestation/auth"
	"golang.org/x/oauth2"
)

// secretToken is a token whose every secret is easy to look for.
func secretToken(n int) *oauth2.Token {
	tok := &oauth2.Token{
		AccessToken:  fmt.Sprintf("at-SECRET-%d", n),
		TokenType:    "Bearer",
		RefreshToken: fmt.Sprintf("rt-SECRET-%d", n),
		Expiry:       time.Date(2025, 5, 13, 15, 0, 0, 0, time.UTC),
		ExpiresIn:    1200,
	}
	return tok.WithExtra(map[string]any{"id_token": fmt.Sprintf("id-SECRET-%d", n)})
}

func TestStoreKeepsEveryFieldOfTheToken(t *testing.T) {
	rdb := testRedis(t)
	for name, opts := range map[string][]Option{"in clear": nil, "sealed": {WithEncryptionKey(encryptionKey)}} {
		t.Run(name, func(t *testing.T) {
			s := New(rdb, testKey(t, rdb), opts...)
			ctx := context.Background()
			if _, err := s.Load(ctx); !errors.Is(err, auth.ErrNotLoggedIn) {
				t.Fatalf("Load of an empty store: %v, want ErrNotLoggedIn", err)
			}
			in := secretToken(1)
			if err := s.Save(ctx, in); err != nil {
				t.Fatal(err)
			}
			out, err := s.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if out.AccessToken != in.AccessToken || out.RefreshToken != in.RefreshToken || !out.Expiry.Equal(in.Expiry) ||
				out.ExpiresIn != 1200 || out.TokenType != "Bearer" || out.Extra("id_token") != "id-SECRET-1" {
				t.Errorf("loaded %+v, want %+v", out, in)
			}
			if err := s.Delete(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Load(ctx); !errors.Is(err, auth.ErrNotLoggedIn) {
				t.Errorf("Load after Delete: %v, want ErrNotLoggedIn", err)
			}
		})
	}
}

func TestNoSecretInRedisKeysAndNoneInValuesWhenSealed(t *testing.T) {
	rdb := testRedis(t)
	for name, sealed := range map[string]bool{"in clear": false, "sealed": true} {
		t.Run(name, func(t *testing.T) {
			key := testKey(t, rdb)
			var opts []Option
			if sealed {
				opts = append(opts, WithEncryptionKey(encryptionKey))
			}
			s := New(rdb, key, opts...)
			ctx := context.Background()
			unlock, err := s.Lock(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Save(ctx, secretToken(2)); err != nil {
				t.Fatal(err)
			}
			keys := keysOf(t, rdb, key)
			defer unlock()
			if len(keys) != 2 {
				t.Errorf("keys %q, want the token and the lease", keys)
			}
			for _, k := range keys {
				if strings.Contains(k, "SECRET") {
					t.Errorf("Redis key %q holds a secret", k)
				}
				if !sealed {
					continue
				}
				dump, err := rdb.Dump(ctx, k).Result()
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(dump, "SECRET") {
					t.Errorf("sealed store: the value of %q holds a secret", k)
				}
			}
		})
	}
}

func TestSealedTokenOpensOnlyWithItsKey(t *testing.T) {
	rdb := testRedis(t)
	key := testKey(t, rdb)
	ctx := context.Background()
	if err := New(rdb, key, WithEncryptionKey(encryptionKey)).Save(ctx, secretToken(3)); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		opts []Option
		want string
	}{
		"another key": {[]Option{WithEncryptionKey([]byte("another key of sixteen b"))}, "does not open with this encryption key"},
		"no key":      {nil, "needs WithEncryptionKey"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New(rdb, key, tc.opts...).Load(ctx)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "SECRET") {
				t.Errorf("Load: %v; want an error saying %q and no secret", err, tc.want)
			}
		})
	}
	// A token stored in clear is read with a key, and sealed at the next save.
	clearKey := testKey(t, rdb)
	if err := New(rdb, clearKey).Save(ctx, secretToken(4)); err != nil {
		t.Fatal(err)
	}
	s := New(rdb, clearKey, WithEncryptionKey(encryptionKey))
	tok, err := s.Load(ctx)
	if err != nil || tok.RefreshToken != "rt-SECRET-4" {
		t.Fatalf("Load of a token in clear with a key: %v, %v", tok, err)
	}
	if err := s.Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if raw, _ := rdb.HGet(ctx, s.tokenKey, "tok").Result(); strings.Contains(raw, "SECRET") {
		t.Error("the token stayed in clear after a save with a key")
	}
}

func TestInvalidArgumentsAreReportedByEveryMethod(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	cases := map[string]struct {
		store *Store
		want  string
	}{
		"nil client":     {New(nil, "k"), "nil Redis client"},
		"empty key":      {New(rdb, ""), "empty key"},
		"short AES key":  {New(rdb, "k", WithEncryptionKey([]byte("short"))), "must be 16, 24 or 32 bytes long, not 5"},
		"short lease":    {New(rdb, "k", WithLeaseTime(time.Millisecond)), "shorter than 100ms"},
		"nil token save": {New(rdb, "k"), "without a refresh token"},
	}
	ctx := context.Background()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if name == "nil token save" {
				if err := tc.store.Save(ctx, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("Save(nil): %v", err)
				}
				return
			}
			_, lerr := tc.store.Load(ctx)
			_, kerr := tc.store.Lock(ctx)
			for _, err := range []error{lerr, kerr, tc.store.Save(ctx, secretToken(5)), tc.store.Delete(ctx)} {
				if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "short") && name == "short AES key" {
					t.Errorf("err = %v, want one saying %q (and not the key)", err, tc.want)
				}
			}
		})
	}
}

func TestLockWaitsWhileTheHolderRenewsItsLease(t *testing.T) {
	t.Parallel()
	rdb := testRedis(t)
	key := testKey(t, rdb)
	const lease = time.Second // renewed every third of it, even on a loaded machine
	a, b := New(rdb, key, WithLeaseTime(lease)), New(rdb, key, WithLeaseTime(lease))
	unlock, err := a.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Three lease times: without renewal the lease would have expired.
	ctx, cancel := context.WithTimeout(context.Background(), 3*lease)
	defer cancel()
	if _, err := b.Lock(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lock while another holder renews: %v, want it to wait until its context ends", err)
	}
	unlock()
	unlock() // harmless
	unlockB, err := b.Lock(context.Background())
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	unlockB()
}

func TestSessionsOnOneStoreTakeTurns(t *testing.T) {
	rdb := testRedis(t)
	s := New(rdb, testKey(t, rdb))
	unlock, err := s.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := s.Lock(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second Lock on the same Store: %v, want it to wait", err)
	}
	unlock()
}

// loseLease makes s's lease disappear as if it had expired while s's
// process was paused.
func loseLease(t *testing.T, rdb redis.UniversalClient, s *Store) {
	t.Helper()
	if err := rdb.Del(context.Background(), s.leaseKey).Err(); err != nil {
		t.Fatal(err)
	}
}

func TestHolderThatLostItsLeaseCannotOverwriteANewerToken(t *testing.T) {
	rdb := testRedis(t)
	key := testKey(t, rdb)
	ctx := context.Background()
	stale, fresh := New(rdb, key), New(rdb, key)
	if err := stale.Save(ctx, secretToken(1)); err != nil {
		t.Fatal(err)
	}
	unlockStale, err := stale.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	loseLease(t, rdb, stale)
	unlockFresh, err := fresh.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := fresh.Save(ctx, secretToken(2)); err != nil {
		t.Fatal(err)
	}
	if err := stale.Save(ctx, secretToken(3)); !errors.Is(err, ErrSuperseded) {
		t.Errorf("stale Save: %v, want ErrSuperseded", err)
	}
	unlockStale() // must not release the fresh holder's lease
	probe := New(rdb, key)
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := probe.Lock(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Lock after the stale holder's unlock: %v; the fresh holder's lease was released", err)
	}
	unlockFresh()
	if tok, err := probe.Load(ctx); err != nil || tok.RefreshToken != "rt-SECRET-2" {
		t.Errorf("stored %v, %v; want the fresh holder's rt-SECRET-2", tok, err)
	}
}

func TestHolderThatLostItsLeaseSavesWhenNobodySavedSince(t *testing.T) {
	// The holder refreshed, then lost its lease; another holder's refresh
	// was refused (the refresh token was used) and saved nothing. The
	// token the first holder got is the newest and must be kept.
	rdb := testRedis(t)
	key := testKey(t, rdb)
	ctx := context.Background()
	slow, other := New(rdb, key), New(rdb, key)
	unlockSlow, err := slow.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer unlockSlow()
	loseLease(t, rdb, slow)
	unlockOther, err := other.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	unlockOther()
	if err := slow.Save(ctx, secretToken(7)); err != nil {
		t.Errorf("Save after a lost lease with nothing saved since: %v", err)
	}
}

func TestRestartWithoutDataDoesNotRefuseTheHoldersSave(t *testing.T) {
	rdb := testRedis(t)
	key := testKey(t, rdb)
	ctx := context.Background()
	s := New(rdb, key)
	for n := range 3 {
		if err := s.Save(ctx, secretToken(n)); err != nil {
			t.Fatal(err)
		}
	}
	unlock, err := s.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	rdb.Del(ctx, s.tokenKey, s.leaseKey) // what a restart without persistence leaves
	if err := s.Save(ctx, secretToken(9)); err != nil {
		t.Errorf("Save into an emptied Redis: %v", err)
	}
	if tok, err := s.Load(ctx); err != nil || tok.RefreshToken != "rt-SECRET-9" {
		t.Errorf("stored %v, %v", tok, err)
	}
}
