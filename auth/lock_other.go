//go:build !(darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd || windows)

package auth

import (
	"fmt"
	"os"
	"runtime"
)

// tryLock reports that this system has no advisory file lock that the
// standard library reaches.
func tryLock(*os.File) (bool, error) {
	return false, fmt.Errorf("FileStore has no advisory file lock on %s; give the session a SharedTokenStore of another kind", runtime.GOOS)
}

func unlockFile(*os.File) error { return nil }
