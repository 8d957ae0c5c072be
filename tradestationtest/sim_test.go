package tradestationtest_test

import (
	"testing"

	"github.com/tradestation-go/tradestation/internal/sim"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

// The package states its accounts and start in its own words, for its
// documentation; they must be the simulator's.
func TestDocumentedIdentitiesAreTheSimulators(t *testing.T) {
	if !tradestationtest.DefaultStart.Equal(sim.DefaultStart) {
		t.Errorf("DefaultStart %v, the simulator's %v", tradestationtest.DefaultStart, sim.DefaultStart)
	}
	for got, want := range map[string]string{
		tradestationtest.MarginAccountID:  sim.MarginAccountID,
		tradestationtest.CashAccountID:    sim.CashAccountID,
		tradestationtest.FuturesAccountID: sim.FuturesAccountID,
	} {
		if got != want {
			t.Errorf("account %s, the simulator's %s", got, want)
		}
	}
}
