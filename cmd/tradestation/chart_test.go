package main

import (
	"strings"
	"testing"
	"time"

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
	if err := drawChart(&out, chartInput{symbol: "TEST", bars: bars, height: 7, loc: time.UTC, unit: v3.BarUnitDaily}); err != nil {
		t.Fatal(err)
	}
	golden(t, "chart-plain.txt", out.String())
}

func TestColouredChartPaintsUpGreenAndDownRed(t *testing.T) {
	bars := testBars(t, [4]string{"10", "12", "9", "11"}, [4]string{"11", "11", "8", "9"})
	var out strings.Builder
	if err := drawChart(&out, chartInput{symbol: "TEST", bars: bars, height: 5, colour: true, loc: time.UTC, unit: v3.BarUnitDaily}); err != nil {
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

func TestChartShowsOnlyTheLatestBarsThatFit(t *testing.T) {
	var ohlc [][4]string
	for range maxChartBars + 10 {
		ohlc = append(ohlc, [4]string{"1", "2", "1", "2"})
	}
	var out strings.Builder
	if err := drawChart(&out, chartInput{symbol: "TEST", bars: testBars(t, ohlc...), height: 4, loc: time.UTC, unit: v3.BarUnitDaily}); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(out.String(), "\n")
	if want := "TEST  50 daily bars"; !strings.HasPrefix(first, want) {
		t.Errorf("header %q, want it to start with %q", first, want)
	}
	if !strings.Contains(out.String(), "2025-03-13") {
		t.Error("the chart should start at the 11th bar")
	}
}
