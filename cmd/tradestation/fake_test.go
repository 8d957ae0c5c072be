package main

import (
	"testing"

	"github.com/tradestation-go/tradestation/tradestationtest"
)

// newFakeServer starts a fake TradeStation whose clock and prices are
// fixed, so that outputs can be compared with golden files.
func newFakeServer(t *testing.T) *tradestationtest.Server {
	t.Helper()
	srv := tradestationtest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}
