package retry

import (
	"context"
	"testing"
	"time"
)

func TestDelayDoublesWithinHalfAndWholeAndStopsAtMax(t *testing.T) {
	lo, hi := 100*time.Millisecond, time.Second
	for n, ceiling := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 60: time.Second} {
		for range 50 {
			if d := Delay(lo, hi, n); d < ceiling/2 || d > ceiling {
				t.Fatalf("Delay(%d) = %v, want within [%v, %v]", n, d, ceiling/2, ceiling)
			}
		}
	}
}

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); err != context.Canceled {
		t.Errorf("Sleep on a cancelled context = %v, want context.Canceled", err)
	}
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("Sleep = %v, want nil", err)
	}
	if err := Sleep(ctx, 0); err != context.Canceled {
		t.Errorf("Sleep(0) on a cancelled context = %v, want context.Canceled", err)
	}
}
