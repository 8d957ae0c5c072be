package redisstore

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tradestation-go/tradestation/auth"
	"golang.org/x/oauth2"
)

// DefaultLeaseTime is how long a lease lasts unless renewed, and so how long
// a dead holder can keep the others waiting.
const DefaultLeaseTime = 5 * time.Second

// ErrSuperseded is the error of a Save by a holder whose lease ran out
// after another holder had saved a newer token: the newer one stays.
var ErrSuperseded = errors.New("redisstore: another process saved a newer token after this one's lease ran out")

// Store is an auth.SharedTokenStore on Redis. Its keys are the key given to
// New in braces (a Redis Cluster hash tag) followed by ":token" (a hash with
// the version and the token) and ":lease". A Store is safe for concurrent
// use; sessions on one Store take their leases in turn.
type Store struct {
	rdb       redis.UniversalClient
	tokenKey  string
	leaseKey  string
	aead      cipher.AEAD // nil: tokens are stored in clear
	leaseTime time.Duration
	err       error // why the Store cannot work

	turn chan struct{} // one lease per Store at a time
	mu   sync.Mutex
	held *lease // the lease this Store holds, if any
}

// lease is a held lease: its owner token and the version of the stored
// token when it was taken (or last saved under it).
type lease struct {
	owner   string
	version int64
	stop    chan struct{}
	renewed sync.WaitGroup
}

// Option configures a Store.
type Option func(*Store)

// WithEncryptionKey seals tokens with AES-GCM under key (16, 24 or 32
// bytes: AES-128, -192 or -256) before they reach Redis, bound to the
// Store's key. Tokens stored in clear earlier are still read, and sealed at
// the next save. Every process of the fleet needs the same key.
func WithEncryptionKey(key []byte) Option {
	return func(s *Store) {
		block, err := aes.NewCipher(key)
		if err != nil {
			s.err = errors.Join(s.err, fmt.Errorf("redisstore: the encryption key must be 16, 24 or 32 bytes long, not %d", len(key)))
			return
		}
		s.aead, _ = cipher.NewGCM(block) // never fails with a standard nonce size
	}
}

// WithLeaseTime sets how long a lease lasts without renewal (default
// DefaultLeaseTime); a holder renews it every third of that while it
// refreshes. It must be at least 100 ms.
func WithLeaseTime(d time.Duration) Option {
	return func(s *Store) {
		if d < 100*time.Millisecond {
			s.err = errors.Join(s.err, fmt.Errorf("redisstore: lease time %v is shorter than 100ms", d))
			return
		}
		s.leaseTime = d
	}
}

// New returns a Store for the token under key on rdb. key names the login
// (such as "tradestation:sim:" + the client id) and must not contain a
// secret. A problem with the arguments is returned by every method.
func New(rdb redis.UniversalClient, key string, opts ...Option) *Store {
	s := &Store{
		rdb:       rdb,
		tokenKey:  "{" + key + "}:token",
		leaseKey:  "{" + key + "}:lease",
		leaseTime: DefaultLeaseTime,
		turn:      make(chan struct{}, 1),
	}
	if rdb == nil {
		s.err = errors.New("redisstore: New was given a nil Redis client")
	}
	if key == "" {
		s.err = errors.Join(s.err, errors.New("redisstore: New was given an empty key"))
	}
	for _, opt := range opts {
		if opt != nil {
			opt(s)
		}
	}
	return s
}

var _ auth.SharedTokenStore = (*Store)(nil)

// record is the stored token.
type record struct {
	AccessToken  string    `json:"access_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token"`
	Expiry       time.Time `json:"expiry,omitzero"`
	ExpiresIn    int64     `json:"expires_in,omitempty"`
	IDToken      string    `json:"id_token,omitempty"`
}

// The first byte of a stored value says how the rest is kept.
const (
	formatClear  = 'p'
	formatSealed = 's'
)

// Load reads the token. An empty store gives an error matching
// auth.ErrNotLoggedIn.
func (s *Store) Load(ctx context.Context) (*oauth2.Token, error) {
	if s.err != nil {
		return nil, s.err
	}
	raw, err := s.rdb.HGet(ctx, s.tokenKey, "tok").Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redisstore: no token under %s: %w", s.tokenKey, auth.ErrNotLoggedIn)
	}
	if err != nil {
		return nil, fmt.Errorf("redisstore: reading %s: %w", s.tokenKey, err)
	}
	plain, err := s.open(raw)
	if err != nil {
		return nil, err
	}
	var r record
	if err := json.Unmarshal(plain, &r); err != nil {
		return nil, fmt.Errorf("redisstore: the token under %s does not decode", s.tokenKey)
	}
	if r.RefreshToken == "" {
		return nil, fmt.Errorf("redisstore: the token under %s has no refresh token: %w", s.tokenKey, auth.ErrNotLoggedIn)
	}
	tok := &oauth2.Token{AccessToken: r.AccessToken, TokenType: r.TokenType, RefreshToken: r.RefreshToken, Expiry: r.Expiry, ExpiresIn: r.ExpiresIn}
	if r.IDToken != "" {
		tok = tok.WithExtra(map[string]any{"id_token": r.IDToken})
	}
	return tok, nil
}

// Save stores tok. Under a lease it succeeds only if no other holder saved
// since the lease was taken, and otherwise returns ErrSuperseded; outside
// one (a fresh sign-in) it replaces whatever is stored.
func (s *Store) Save(ctx context.Context, tok *oauth2.Token) error {
	if s.err != nil {
		return s.err
	}
	if tok == nil || tok.RefreshToken == "" {
		return errors.New("redisstore: refusing to save a token without a refresh token")
	}
	idToken, _ := tok.Extra("id_token").(string)
	plain, err := json.Marshal(record{AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry, ExpiresIn: tok.ExpiresIn, IDToken: idToken})
	if err != nil {
		return fmt.Errorf("redisstore: encoding the token: %w", err)
	}
	s.mu.Lock()
	held := s.held
	expected := int64(-1)
	if held != nil {
		expected = held.version
	}
	s.mu.Unlock()
	v, err := saveScript.Run(ctx, s.rdb, []string{s.tokenKey}, expected, s.seal(plain)).Int64()
	if err != nil {
		return fmt.Errorf("redisstore: saving to %s: %w", s.tokenKey, err)
	}
	if v < 0 {
		return ErrSuperseded
	}
	if held != nil {
		s.mu.Lock()
		held.version = v
		s.mu.Unlock()
	}
	return nil
}

// Delete removes the token (logout). A missing token is not an error.
func (s *Store) Delete(ctx context.Context) error {
	if s.err != nil {
		return s.err
	}
	if err := s.rdb.Del(ctx, s.tokenKey).Err(); err != nil {
		return fmt.Errorf("redisstore: deleting %s: %w", s.tokenKey, err)
	}
	return nil
}

// Lock takes the lease, waiting while another process holds it, until ctx
// ends. A Redis error ends the wait at once. The lease is renewed until
// unlock, which releases it if this Store still owns it.
func (s *Store) Lock(ctx context.Context) (unlock func(), err error) {
	if s.err != nil {
		return nil, s.err
	}
	select {
	case s.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("redisstore: waiting for the lease on %s: %w", s.leaseKey, ctx.Err())
	}
	l := &lease{owner: newOwner(), stop: make(chan struct{})}
	ms := s.leaseTime.Milliseconds()
	for poll := firstPoll; ; poll = min(2*poll, maxPoll) {
		v, err := lockScript.Run(ctx, s.rdb, []string{s.leaseKey, s.tokenKey}, l.owner, ms).Int64()
		if err != nil {
			<-s.turn
			return nil, fmt.Errorf("redisstore: taking the lease on %s: %w", s.leaseKey, err)
		}
		if v >= 0 {
			l.version = v
			break
		}
		select {
		case <-time.After(poll/2 + rand.N(poll)):
		case <-ctx.Done():
			<-s.turn
			return nil, fmt.Errorf("redisstore: waiting for the lease on %s: %w", s.leaseKey, ctx.Err())
		}
	}
	s.mu.Lock()
	s.held = l
	s.mu.Unlock()
	l.renewed.Add(1)
	go s.renew(l)
	var once sync.Once
	return func() { once.Do(func() { s.release(l) }) }, nil
}

// firstPoll and maxPoll bound how often a waiting Lock tries again.
const (
	firstPoll = 5 * time.Millisecond
	maxPoll   = 100 * time.Millisecond
)

// renew extends the lease every third of its time until it is released or
// lost. A failed renewal is tried again at the next tick.
func (s *Store) renew(l *lease) {
	defer l.renewed.Done()
	t := time.NewTicker(s.leaseTime / 3)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.leaseTime/3)
		n, err := renewScript.Run(ctx, s.rdb, []string{s.leaseKey}, l.owner, s.leaseTime.Milliseconds()).Int64()
		cancel()
		if err == nil && n == 0 {
			return // lost: another process holds the lease now
		}
	}
}

// release stops the renewal and deletes the lease if this Store owns it.
func (s *Store) release(l *lease) {
	close(l.stop)
	l.renewed.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), s.leaseTime)
	_ = unlockScript.Run(ctx, s.rdb, []string{s.leaseKey}, l.owner).Err()
	cancel()
	s.mu.Lock()
	s.held = nil
	s.mu.Unlock()
	<-s.turn
}

// newOwner returns a random owner token for a lease.
func newOwner() string {
	b := make([]byte, 16)
	_, _ = crand.Read(b)
	return hex.EncodeToString(b)
}

// seal returns plain as it is stored: sealed under the encryption key, bound
// to the token key, or in clear without one.
func (s *Store) seal(plain []byte) []byte {
	if s.aead == nil {
		return append([]byte{formatClear}, plain...)
	}
	nonce := make([]byte, s.aead.NonceSize())
	_, _ = crand.Read(nonce)
	out := append([]byte{formatSealed}, nonce...)
	return s.aead.Seal(out, nonce, plain, []byte(s.tokenKey))
}

// open reverses seal.
func (s *Store) open(raw []byte) ([]byte, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("redisstore: the value under %s is empty", s.tokenKey)
	}
	switch raw[0] {
	case formatClear:
		return raw[1:], nil
	case formatSealed:
		if s.aead == nil {
			return nil, fmt.Errorf("redisstore: the token under %s is sealed; the Store needs WithEncryptionKey", s.tokenKey)
		}
		n := s.aead.NonceSize()
		if len(raw) < 1+n {
			return nil, fmt.Errorf("redisstore: the sealed token under %s is cut short", s.tokenKey)
		}
		plain, err := s.aead.Open(nil, raw[1:1+n], raw[1+n:], []byte(s.tokenKey))
		if err != nil {
			return nil, fmt.Errorf("redisstore: the token under %s does not open with this encryption key", s.tokenKey)
		}
		return plain, nil
	}
	return nil, fmt.Errorf("redisstore: the value under %s is not a token this package stored", s.tokenKey)
}

// lockScript takes the lease (KEYS[1]) for owner ARGV[1] for ARGV[2] ms if
// nobody holds it, and returns the stored token's version (KEYS[2]), or -1
// while another owner holds it.
var lockScript = redis.NewScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return tonumber(redis.call('HGET', KEYS[2], 'v') or '0')
end
return -1
`)

// renewScript extends the lease if ARGV[1] still owns it: 1, else 0.
var renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)

// unlockScript deletes the lease if ARGV[1] still owns it.
var unlockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

// saveScript stores ARGV[2] unless the version is above ARGV[1] (another
// holder saved since the lease was taken; -1 means no lease), returning the
// new version, else -1. A version below ARGV[1] means that Redis lost its
// data (a restart without persistence): the token being saved is the newest.
var saveScript = redis.NewScript(`
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
local want = tonumber(ARGV[1])
if want >= 0 and v > want then
  return -1
end
local next = math.max(v, want) + 1
redis.call('HSET', KEYS[1], 'v', next, 'tok', ARGV[2])
return next
`)
