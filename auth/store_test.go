package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestFileStoreRoundTripKeepsEveryField(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tradestation", "token.json")
	store := NewFileStore(path)
	expiry := time.Date(2025, 3, 4, 15, 0, 0, 0, time.UTC)
	idToken := testIDToken(map[string]any{"sub": "u1"})
	in := oauth2Token("access-1", "refresh-1", idToken, expiry)
	ctx := context.Background()

	if err := store.Save(ctx, in); err != nil {
		t.Fatalf("Save: %v", err)
	}
	out, err := store.Load(ctx)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if out.AccessToken != "access-1" || out.RefreshToken != "refresh-1" || !out.Expiry.Equal(expiry) || out.Type() != "Bearer" {
		t.Errorf("loaded %q %q %v %q", out.AccessToken, out.RefreshToken, out.Expiry, out.Type())
	}
	if got, _ := out.Extra("id_token").(string); got != idToken {
		t.Errorf("id token not kept: %q", got)
	}
	if store.Path() != path {
		t.Errorf("Path() = %q, want %q", store.Path(), path)
	}
}

func TestFileStoreFileIs0600InDirectory0700(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permission bits")
	}
	dir := filepath.Join(t.TempDir(), "config", "tradestation")
	path := filepath.Join(dir, "token.json")
	store := NewFileStore(path)
	for i, rt := range []string{"refresh-1", "refresh-2"} {
		if i == 1 { // a file made readable by others is replaced by a private one
			if err := os.Chmod(path, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := store.Save(context.Background(), oauth2Token("a", rt, "", time.Time{})); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("save %d: token file mode %o, want 600", i, mode)
		}
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if mode := di.Mode().Perm(); mode != 0o700 {
		t.Errorf("created directory mode %o, want 700", mode)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only token.json (temporary files left behind?)", len(entries))
	}
}

func TestFileStoreLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name        string
		path        string
		notLoggedIn bool
		wantText    string
	}{
		{"missing file", filepath.Join(dir, "absent.json"), true, "absent.json"},
		{"corrupt file", write("corrupt.json", `{"refresh_token": "abc`), false, "corrupt.json"},
		{"not JSON", write("html.json", `<html>`), false, "html.json"},
		{"no refresh token", write("empty.json", `{"access_token":"a"}`), true, "empty.json"},
		{"a directory", dir, false, "reading token file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewFileStore(tc.path).Load(context.Background())
			if err == nil {
				t.Fatal("Load succeeded")
			}
			if errors.Is(err, ErrNotLoggedIn) != tc.notLoggedIn {
				t.Errorf("errors.Is(err, ErrNotLoggedIn) = %v, want %v (err: %v)", !tc.notLoggedIn, tc.notLoggedIn, err)
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("error %q does not mention %q", err, tc.wantText)
			}
			assertNoSecrets(t, "error", err.Error(), "abc")
		})
	}
}

func TestFileStoreSaveErrors(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		path string
		tok  *oauth2.Token
		want string
	}{
		{"nil token", filepath.Join(dir, "t.json"), nil, "without a refresh token"},
		{"no refresh token", filepath.Join(dir, "t.json"), &oauth2.Token{AccessToken: "a"}, "without a refresh token"},
		{"parent is a file", filepath.Join(blocker, "t.json"), oauth2Token("a", "r", "", time.Time{}), "creating token directory"},
		{"target is a directory", dir, oauth2Token("a", "r", "", time.Time{}), "replacing token file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := NewFileStore(tc.path).Save(context.Background(), tc.tok)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestFileStoreDeleteIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	store := NewFileStore(path)
	ctx := context.Background()
	if err := store.Save(ctx, oauth2Token("a", "r", "", time.Time{})); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := store.Delete(ctx); err != nil {
			t.Fatalf("Delete %d: %v", i, err)
		}
	}
	if _, err := store.Load(ctx); !errors.Is(err, ErrNotLoggedIn) {
		t.Errorf("Load after Delete: %v, want ErrNotLoggedIn", err)
	}
}

func TestDefaultTokenPathIsUnderUserConfigDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CONFIG_HOME is read on Linux")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	want := filepath.Join(cfg, "tradestation", "token.json")
	if got, err := DefaultTokenPath(); err != nil || got != want {
		t.Errorf("DefaultTokenPath() = %q, %v; want %q", got, err, want)
	}
	if got := NewFileStore("").Path(); got != want {
		t.Errorf("NewFileStore(\"\").Path() = %q, want %q", got, want)
	}
}

func TestFileStoreWithoutConfigDirReportsWhy(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("relies on HOME and XDG_CONFIG_HOME")
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "")
	store := NewFileStore("")
	ctx := context.Background()
	for name, err := range map[string]error{
		"Load":   func() error { _, err := store.Load(ctx); return err }(),
		"Save":   store.Save(ctx, oauth2Token("a", "r", "", time.Time{})),
		"Delete": store.Delete(ctx),
	} {
		if err == nil || !strings.Contains(err.Error(), "no directory for the token file") {
			t.Errorf("%s: err = %v, want the missing config directory", name, err)
		}
	}
}
