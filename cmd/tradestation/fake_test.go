package main

import (
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/tradestationtest"
)

// newFakeServer starts a fake TradeStation whose clock and prices are
// fixed, so that outputs can be compared with golden files.
func newFakeServer(t *testing.T) *tradestationtest.Server {
	t.Helper()
	// The market clock stands still (at tradestationtest.DefaultStart)
	// unless a test advances it; quiet streams send heartbeats quickly.
	srv := tradestationtest.NewServer(tradestationtest.WithHeartbeat(20 * time.Millisecond))
	t.Cleanup(srv.Close)
	return srv
}
