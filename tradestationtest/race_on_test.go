//go:build race

package tradestationtest_test

const raceDetector = true
