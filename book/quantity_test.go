package book

import (
	"testing"

	"github.com/tradestation-go/tradestation/value"
)

func TestSumOfDifferencesIsExact(t *testing.T) {
	tests := []struct {
		pairs [][2]string // now, was
		want  string
	}{
		{[][2]string{{"100", "40"}}, "60"},
		{[][2]string{{"0.3", "0.1"}, {"0.25", ""}}, "0.45"},
		{[][2]string{{"1.5", "1.50"}}, "0.00"},
		{[][2]string{{"1e3", "1"}}, "999"},                                                        // an exponent goes through math/big
		{[][2]string{{"123456789012345678901", "1"}}, "123456789012345678900"},                    // so do long numbers
		{[][2]string{{"922337203685477580.7", "-922337203685477580.7"}}, "1844674407370955161.4"}, // and sums that overflow int64
		{[][2]string{{"-2", "3"}}, "-5"},
	}
	for _, tt := range tests {
		var s sum
		for _, p := range tt.pairs {
			var now, was value.Decimal
			if p[0] != "" {
				now = dec(p[0])
			}
			if p[1] != "" {
				was = dec(p[1])
			}
			s.add(now, was)
		}
		if got := s.value().String(); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.pairs, got, tt.want)
		}
	}
}
