package tradestationtest_test

import (
	"testing"

	"github.com/tradestation-go/tradestation/tradestationtest"
)

// BenchmarkNewServer measures what a test pays to start and stop a fake.
func BenchmarkNewServer(b *testing.B) {
	for b.Loop() {
		srv := tradestationtest.NewServer()
		srv.Close()
	}
}
