package client

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestMinuteBarHistoryLimitsNameTheLimit(t *testing.T) {
	const bars = "https://x/v3/marketdata/barcharts/MSFT?"
	cases := []struct {
		name, query string
		what        string // "" means allowed
		got, limit  int
	}{
		{"barsback × interval over", "unit=Minute&interval=60&barsback=8334", "barsback × interval in minutes", 500_040, MaxBarMinutes},
		{"barsback × interval at the limit", "unit=Minute&interval=50&barsback=10000", "", 0, 0},
		{"barsback × interval on a stream", "unit=minute&interval=1440&barsback=400", "barsback × interval in minutes", 576_000, MaxBarMinutes},
		{"daily bars have no minute limit", "unit=Daily&barsback=20000", "", 0, 0},
		{"no unit means daily", "barsback=20000&firstdate=1990-01-01", "", 0, 0},
		{"range over three years", "unit=Minute&interval=240&firstdate=2020-01-01&lastdate=2023-01-02", "date range in days", 1097, 1096},
		{"range of three years", "unit=Minute&interval=240&firstdate=2020-01-01&lastdate=2023-01-01", "", 0, 0},
		{"range in RFC 3339", "unit=Minute&interval=240&firstdate=2020-01-01T14:30:00Z&lastdate=2023-01-02T21:00:00Z", "date range in days", 1097, 1096},
		{"range through the old startdate", "unit=Minute&interval=240&firstdate=2020-01-01&startdate=2023-06-01", "date range in days", 1247, 1096},
		{"a year of one-minute bars", "unit=Minute&firstdate=2025-01-01&lastdate=2025-12-31", "estimated bars of the date range", 261 * 390 * 9 / 10, MaxBarsBack},
		{"half a year of one-minute bars", "unit=Minute&firstdate=2025-01-02&lastdate=2025-06-30", "", 0, 0},
		{"a year of ten-minute bars", "unit=Minute&interval=10&firstdate=2025-01-01&lastdate=2025-12-31", "", 0, 0},
		{"an unreadable date is left to TradeStation", "unit=Minute&firstdate=last+spring&lastdate=2025-12-31", "", 0, 0},
	}
	for _, c := range cases {
		err := checkLimits(newReq(t, "GET", bars+c.query, ""))
		if strings.Contains(c.name, "stream") {
			err = checkLimits(newReq(t, "GET", "https://x/v3/marketdata/stream/barcharts/MSFT?"+c.query, ""))
		}
		var le *LimitError
		switch {
		case c.what == "" && err != nil:
			t.Errorf("%s: unexpected %v", c.name, err)
		case c.what == "":
		case !errors.As(err, &le) || !errors.Is(err, ErrLimitExceeded):
			t.Errorf("%s: got %v, want a LimitError", c.name, err)
		case le.What != c.what || le.Got != c.got || le.Limit != c.limit || !strings.Contains(err.Error(), c.what):
			t.Errorf("%s: got %q (%+v), want %s %d of %d", c.name, err, le, c.what, c.got, c.limit)
		}
	}
}

func TestADateRangeWithoutLastDateEndsNow(t *testing.T) {
	now := time.Date(2026, 5, 1, 15, 0, 0, 0, time.UTC)
	q := url.Values{"unit": {"Minute"}, "interval": {"30"}, "firstdate": {"2023-04-30"}}
	var le *LimitError
	if err := minuteHistoryLimits(q, "/v3/marketdata/barcharts/MSFT", now); !errors.As(err, &le) || le.What != "date range in days" {
		t.Errorf("three years and a day back to now: %v", err)
	}
	q.Set("firstdate", "2023-05-02")
	if err := minuteHistoryLimits(q, "/v3/marketdata/barcharts/MSFT", now); err != nil {
		t.Errorf("under three years back to now: %v", err)
	}
}

func TestWeekdaysCountsMondayToFridayBothEndsIncluded(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for from := range 14 {
		for span := range 800 {
			a := start.AddDate(0, 0, from)
			b := a.AddDate(0, 0, span)
			want := 0
			for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
				if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
					want++
				}
			}
			if got := weekdays(a.Add(14*time.Hour), b.Add(21*time.Hour)); got != want {
				t.Fatalf("weekdays(%s, %s) = %d, want %d", a.Format(time.DateOnly), b.Format(time.DateOnly), got, want)
			}
		}
	}
	if n := weekdays(start.AddDate(0, 0, 3), start); n != 0 {
		t.Errorf("a reversed range has %d weekdays", n)
	}
}

// The estimate must never refuse what TradeStation would serve: on the
// real NYSE calendar of 2024 and 2025 (holidays, early closes), every
// range the check refuses holds more than 57,600 regular-session bars.
func TestTheDateRangeEstimateNeverRefusesARangeTradeStationWouldServe(t *testing.T) {
	closed := map[string]bool{}
	for _, d := range []string{"2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04",
		"2024-09-02", "2024-11-28", "2024-12-25", "2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18",
		"2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25"} {
		closed[d] = true
	}
	early := map[string]bool{"2024-07-03": true, "2024-11-29": true, "2024-12-24": true, "2025-07-03": true, "2025-11-28": true, "2025-12-24": true}
	first, last := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	var sessions []int // minutes traded each day from first
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		day, minutes := d.Format(time.DateOnly), 0
		switch {
		case d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || closed[day]:
		case early[day]:
			minutes = 210
		default:
			minutes = 390
		}
		sessions = append(sessions, minutes)
	}
	refused := 0
	for _, interval := range []int{1, 2, 3, 5} {
		for from := 0; from < len(sessions); from += 5 {
			served := 0 // regular-session bars from the first day on
			for to := from; to < len(sessions); to++ {
				served += (sessions[to] + interval - 1) / interval
				q := url.Values{"unit": {"Minute"}, "interval": {strconv.Itoa(interval)},
					"firstdate": {first.AddDate(0, 0, from).Format(time.DateOnly)}, "lastdate": {first.AddDate(0, 0, to).Format(time.DateOnly)}}
				err := minuteHistoryLimits(q, "/v3/marketdata/barcharts/SPY", last)
				if err == nil {
					continue
				}
				refused++
				if served <= MaxBarsBack {
					t.Fatalf("interval %d, %s: refused (%v) though the regular session holds only %d bars", interval, q.Encode(), err, served)
				}
			}
		}
	}
	if refused == 0 {
		t.Fatal("no range was refused: the test proves nothing")
	}
}
