//go:build unix && race

package fleettest

// Goroutines is how many goroutines each child of a fleet test runs: under
// the race detector, which slows every call several times, a tenth of the
// thousand, so that a small machine still answers within a token's life.
const Goroutines = 100
