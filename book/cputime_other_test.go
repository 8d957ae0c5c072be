//go:build !unix

package book

import "time"

// cpuTime is not measured here; the benchmark's CPU ratio reads 0/0.
func cpuTime() time.Duration { return 0 }
