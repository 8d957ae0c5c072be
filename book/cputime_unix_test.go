//go:build unix

package book

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, every thread counted (the
// garbage collector's too). Unlike wall time, other programs on a busy
// machine do not inflate it.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
