package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// maxChartBars is how many of the latest bars a chart shows: two columns
// each keeps the chart within 120 columns.
const maxChartBars = 50

// chartInput is what drawChart needs.
type chartInput struct {
	symbol string
	bars   []v3.Bar
	height int // lines of the plot
	colour bool
	loc    *time.Location
	unit   v3.BarUnit
}

// Glyphs of a candle: a body, a down body when there is no colour to tell
// it apart, and a wick.
const (
	glyphBody     = "█"
	glyphDownBody = "░"
	glyphWick     = "│"
)

// drawChart draws a candlestick chart: one column per bar, the body
// between open and close, the wick from low to high, the price scale on
// the left and the first and last bar's time below.
func drawChart(w io.Writer, in chartInput) error {
	bars := in.bars
	if len(bars) > maxChartBars {
		bars = bars[len(bars)-maxChartBars:]
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	places := 0
	for _, b := range bars {
		lo = math.Min(lo, b.Low.Float64())
		hi = math.Max(hi, b.High.Float64())
		places = max(places, decimals(b.Close), decimals(b.High), decimals(b.Low))
	}
	rows := in.height
	// row maps a price to a line, 0 at the top.
	row := func(p float64) int {
		if hi == lo {
			return rows / 2
		}
		return int(math.Round((hi - p) / (hi - lo) * float64(rows-1)))
	}

	grid := make([][]string, rows)
	for r := range grid {
		grid[r] = make([]string, len(bars))
		for c := range grid[r] {
			grid[r][c] = " "
		}
	}
	for c, b := range bars {
		open, cls := b.Open.Float64(), b.Close.Float64()
		rising := cls >= open
		body := glyphBody
		if !rising && !in.colour {
			body = glyphDownBody
		}
		tn := up
		if !rising {
			tn = down
		}
		bodyTop, bodyBottom := row(math.Max(open, cls)), row(math.Min(open, cls))
		for r := row(b.High.Float64()); r <= row(b.Low.Float64()); r++ {
			g := glyphWick
			if r >= bodyTop && r <= bodyBottom {
				g = body
			}
			grid[r][c] = paint(in.colour, tn, g)
		}
	}

	label := func(p float64) string { return fmt.Sprintf("%.*f", places, p) }
	labels := map[int]string{0: label(hi), rows - 1: label(lo), (rows - 1) / 2: label((hi + lo) / 2)}
	gutter := 0
	for _, l := range labels {
		gutter = max(gutter, len(l))
	}

	first, last := bars[0], bars[len(bars)-1]
	layout := dateLayout
	if in.unit == v3.BarUnitMinute {
		layout = minuteLayout
	}
	change := signed(difference(last.Close, first.Open))
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %d %s bars  high %s  low %s  last %s  %s\n", in.symbol, len(bars), strings.ToLower(string(in.unit)),
		label(hi), label(lo), last.Close.String(), paint(in.colour, change.tone, change.text))
	for r := range rows {
		axis := "│"
		if _, ok := labels[r]; ok {
			axis = "┤"
		}
		fmt.Fprintf(&b, "%*s %s", gutter, labels[r], axis)
		for _, g := range grid[r] {
			b.WriteString(" " + g)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%*s └%s\n", gutter, "", strings.Repeat("─", 2*len(bars)+1))
	from, to := first.TimeStamp.In(in.loc).Format(layout), last.TimeStamp.In(in.loc).Format(layout)
	pad := max(2*len(bars)-1-len(from)-len(to), 1)
	fmt.Fprintf(&b, "%*s   %s%s%s\n", gutter, "", from, strings.Repeat(" ", pad), to)
	_, err := io.WriteString(w, b.String())
	return err
}
