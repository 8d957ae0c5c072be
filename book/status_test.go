package book

import (
	"testing"

	"github.com/tradestation-go/tradestation/v3"
)

// TestEndingFollowsThePackageTable checks every status code of the spec
// against the table in the package doc.
func TestEndingFollowsThePackageTable(t *testing.T) {
	final := map[v3.OrderStatus]Kind{
		"FLL": Filled, "FLP": Canceled, "CAN": Canceled, "OUT": Canceled, "TSC": Canceled, "SCN": Canceled,
		"BRO": Canceled, "EXP": Expired, "REJ": Rejected, "UCH": Replaced,
	}
	open := []v3.OrderStatus{"RJR", "ACK", "ASS", "BRC", "BRF", "CHG", "CND", "COR", "DIS", "DOA", "DON", "ECN", "EXE",
		"FPR", "LAT", "OPN", "OSO", "OTHER", "PLA", "REC", "RJC", "RPD", "RSN", "STP", "STT", "SUS", "UCN", "", "NEW"}
	for status, want := range final {
		if !status.Valid() {
			t.Errorf("%s is not a status of the spec", status)
		}
		if got, ok := ending(status); !ok || got != want {
			t.Errorf("ending(%s) = %s %v, want %s final", status, got, ok, want)
		}
	}
	for _, status := range open {
		if _, ok := ending(status); ok {
			t.Errorf("ending(%s) says final, want open", status)
		}
	}
	if n := len(final) + len(open) - 2; n != 37 { // the spec's 37 codes, plus "" and an unknown one
		t.Errorf("the table has %d of the spec's 37 codes", n)
	}
}
