//go:build unix && !race

package fleettest

// Goroutines is how many goroutines each child of a fleet test runs.
const Goroutines = 1000
