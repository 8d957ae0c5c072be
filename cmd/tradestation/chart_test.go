package main

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// testBars are bars with open, high, low, close given as text.
func testBars(t *testing.T, ohlc ...[4]string) []v3.Bar {
	t.Helper()
	start := time.Date(2025, 3, 3, 21, 0, 0, 0, time.UTC)
	bars := make([]v3.Bar, len(ohlc))
	for i, p := range ohlc {
		bars[i] = v3.Bar{
			Open: value.MustParseDecimal(p[0]), High: value.MustParseDecimal(p[1]),
			Low: value.MustParseDecimal(p[2]), Close: value.MustParseDecimal(p[3]),
			TimeStamp: start.AddDate(0, 0, i),
		}
	}
	return bars
}

func TestChartDrawsCandlesBetweenLowAndHigh(t *testing.T) {
	bars := testBars(t,
		[4]string{"10.00", "12.00", "9.00", "11.50"}, // up
		[4]string{"11.50", "11.75", "8.00", "8.50"},  // down, new low
		[4]string{"8.50", "14.00", "8.25", "13.00"},  // up, new high
		[4]string{"13.00", "13.00", "13.00", "13.00"},
	)
	var out strings.Builder
	if err := drawChart(&out, chartInput{symbol: "TEST", bars: bars, height: 7, width: 80, loc: time.UTC, unit: v3.BarUnitDaily, interval: 1}); err != nil {
		t.Fatal(err)
	}
	golden(t, "chart-plain.txt", out.String())
}

func TestColouredChartPaintsUpGreenAndDownRed(t *testing.T) {
	bars := testBars(t, [4]string{"10", "12", "9", "11"}, [4]string{"11", "11", "8", "9"})
	var out strings.Builder
	if err := drawChart(&out, chartInput{symbol: "TEST", bars: bars, height: 5, width: 80, colour: true, loc: time.UTC, unit: v3.BarUnitDaily, interval: 1}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.Contains(s, ansiGreen+glyphBody) || !strings.Contains(s, ansiRed+glyphBody) {
		t.Errorf("want a green and a red body:\n%q", s)
	}
	if strings.Contains(s, glyphDownBody) {
		t.Error("with colour a down candle needs no shaded body")
	}
}

func TestChartShowsTheLatestBarsThatFitTheWidthAndSaysSo(t *testing.T) {
	var ohlc [][4]string
	for range 60 {
		ohlc = append(ohlc, [4]string{"1", "2", "1", "2"})
	}
	for _, c := range []struct {
		width int
		title string
	}{
		{80, "TEST  the latest 38 of 60 daily bars (no more fit in 80 columns)"},
		{120, "TEST  the latest 58 of 60 daily bars (no more fit in 120 columns)"},
		{200, "TEST  60 daily bars"},
	} {
		var out strings.Builder
		if err := drawChart(&out, chartInput{symbol: "TEST", bars: testBars(t, ohlc...), height: 4, width: c.width, loc: time.UTC, unit: v3.BarUnitDaily, interval: 1}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if lines[0] != c.title {
			t.Errorf("width %d: title %q, want %q", c.width, lines[0], c.title)
		}
		for _, l := range lines {
			if n := utf8.RuneCountInString(l); n > c.width {
				t.Errorf("width %d: a line of %d columns: %q", c.width, n, l)
			}
		}
	}
}

func TestChartTitleNamesTheInterval(t *testing.T) {
	for _, c := range []struct {
		unit     v3.BarUnit
		interval int
		want     string
	}{
		{v3.BarUnitMinute, 5, "TEST  2 bars of 5 minutes"},
		{v3.BarUnitMinute, 1, "TEST  2 bars of 1 minute"},
		{v3.BarUnitWeekly, 1, "TEST  2 weekly bars"},
	} {
		var out strings.Builder
		bars := testBars(t, [4]string{"10", "12", "9", "11"}, [4]string{"11", "11", "8", "9"})
		if err := drawChart(&out, chartInput{symbol: "TEST", bars: bars, height: 3, width: 80, loc: time.UTC, unit: c.unit, interval: c.interval}); err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(out.String(), "\n"); first != c.want {
			t.Errorf("title %q, want %q", first, c.want)
		}
	}
}
