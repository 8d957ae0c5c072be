package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// TokenStore keeps a token between runs. Save receives every new refresh
// token before the session uses the access token that came with it. Load of
// an empty store returns an error matching ErrNotLoggedIn.
type TokenStore interface {
	Load(ctx context.Context) (*oauth2.Token, error)
	Save(ctx context.Context, tok *oauth2.Token) error
}

// SharedTokenStore is a TokenStore that several processes (or machines) use
// at once. A session holds Lock while it refreshes: it loads the store,
// uses an access token that another process saved if it is still good, and
// only otherwise asks the token endpoint and saves the answer, every
// access token included. So a fleet sharing one login makes one token
// request per rotation and no process is left with a retired refresh token.
//
// Lock blocks until the caller holds the lock or ctx ends; unlock releases
// it and may be called more than once. A lock that can outlive its holder
// (a lease) must make Save refuse a token from a holder whose lease ran out
// once another holder has saved a newer one.
type SharedTokenStore interface {
	TokenStore
	Lock(ctx context.Context) (unlock func(), err error)
}

// DefaultTokenPath is where the command line keeps its token:
// tradestation/token.json under os.UserConfigDir.
func DefaultTokenPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("auth: no directory for the token file: %w", err)
	}
	return filepath.Join(dir, "tradestation", "token.json"), nil
}

// FileStore keeps a token as JSON in one file, readable by its owner only.
// It is a SharedTokenStore: processes on one machine that use the same file
// take turns to refresh through an advisory lock on a second file beside it
// (the token file's name with ".lock" added; it is never removed). The lock
// is flock(2) on Unix and LockFileEx on Windows; on other systems Lock
// returns an error. Either way the lock is released when its holder exits.
type FileStore struct {
	path string
	err  error // why path is empty
}

// NewFileStore returns a store for path; "" means DefaultTokenPath().
func NewFileStore(path string) *FileStore {
	if path != "" {
		return &FileStore{path: path}
	}
	p, err := DefaultTokenPath()
	return &FileStore{path: p, err: err}
}

// Path is the file the store reads and writes; empty when no default
// location could be found.
func (s *FileStore) Path() string { return s.path }

// tokenFile is the JSON layout of a token file.
type tokenFile struct {
	AccessToken  string    `json:"access_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token"`
	Expiry       time.Time `json:"expiry,omitzero"`
	ExpiresIn    int64     `json:"expires_in,omitempty"` // the access token's lifetime in seconds
	IDToken      string    `json:"id_token,omitempty"`
}

// Load reads the token. A missing file is ErrNotLoggedIn.
func (s *FileStore) Load(context.Context) (*oauth2.Token, error) {
	if s.err != nil {
		return nil, s.err
	}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("auth: no token file at %s: %w", s.path, ErrNotLoggedIn)
	}
	if err != nil {
		return nil, fmt.Errorf("auth: reading token file: %w", err)
	}
	var f tokenFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("auth: token file %s is corrupt (%v); sign in again to replace it", s.path, err)
	}
	if f.RefreshToken == "" {
		return nil, fmt.Errorf("auth: token file %s holds no refresh token: %w", s.path, ErrNotLoggedIn)
	}
	tok := oauth2Token(f.AccessToken, f.RefreshToken, f.IDToken, f.Expiry)
	tok.ExpiresIn = f.ExpiresIn
	if f.TokenType != "" {
		tok.TokenType = f.TokenType
	}
	return tok, nil
}

// Save replaces the file atomically: a crash leaves either the old or the
// new token, never a partial file, and the file is never readable by others.
func (s *FileStore) Save(_ context.Context, tok *oauth2.Token) error {
	if s.err != nil {
		return s.err
	}
	if tok == nil || tok.RefreshToken == "" {
		return errors.New("auth: refusing to save a token without a refresh token")
	}
	idToken, _ := tok.Extra("id_token").(string)
	data, err := json.MarshalIndent(tokenFile{
		AccessToken:  tok.AccessToken,
		TokenType:    tok.TokenType,
		RefreshToken: tok.RefreshToken,
		Expiry:       tok.Expiry,
		ExpiresIn:    tok.ExpiresIn,
		IDToken:      idToken,
	}, "", "  ")
	if err != nil {
		return fmt.Errorf("auth: encoding token: %w", err)
	}
	return writeFileAtomic(s.path, append(data, '\n'))
}

// Lock waits, until ctx ends, for the advisory lock on the lock file, which
// it creates (mode 0600) when missing.
func (s *FileStore) Lock(ctx context.Context) (unlock func(), err error) {
	if s.err != nil {
		return nil, s.err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return nil, fmt.Errorf("auth: creating token directory: %w", err)
	}
	name := s.path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("auth: opening the lock file: %w", err)
	}
	for poll := firstLockPoll; ; poll = min(2*poll, maxLockPoll) {
		locked, err := tryLock(f)
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("auth: locking %s: %w", name, err)
		}
		if locked {
			break
		}
		select {
		case <-time.After(poll):
		case <-ctx.Done():
			_ = f.Close()
			return nil, fmt.Errorf("auth: waiting for the lock on %s: %w", name, ctx.Err())
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			_ = unlockFile(f)
			_ = f.Close()
		})
	}, nil
}

// firstLockPoll and maxLockPoll bound how often a waiting Lock tries again.
const (
	firstLockPoll = time.Millisecond
	maxLockPoll   = 25 * time.Millisecond
)

// Delete removes the file (logout). A missing file is not an error.
func (s *FileStore) Delete(context.Context) error {
	if s.err != nil {
		return s.err
	}
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("auth: deleting token file: %w", err)
	}
	return nil
}

// writeFileAtomic writes data to a private temporary file beside path, syncs
// it and renames it over path. A directory it has to create gets mode 0700.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("auth: creating token directory: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("auth: creating temporary token file: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("auth: restricting token file: %w", err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("auth: writing token file: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("auth: syncing token file: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("auth: closing token file: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("auth: replacing token file: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
