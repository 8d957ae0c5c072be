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

// Glyphs of a candle. Each line of the plot has an upper and a lower
// half, so bodies and wicks end at half a line. A down body without colour
// to tell it apart is shaded, over whole cells.
const (
	glyphBody      = "█"
	glyphBodyUpper = "▀"
	glyphBodyLower = "▄"
	glyphDownBody  = "░"
	glyphWick      = "│"
	glyphWickUpper = "╵"
	glyphWickLower = "╷"
)

// candleGlyph is the cell of a candle on one line, given which halves of
// the line its body and its wick cover.
func candleGlyph(bodyUp, bodyDown, wickUp, wickDown, shaded bool) string {
	switch {
	case (bodyUp || bodyDown) && shaded:
		return glyphDownBody
	case bodyUp && bodyDown:
		return glyphBody
	case bodyUp:
		return glyphBodyUpper
	case bodyDown:
		return glyphBodyLower
	case wickUp && wickDown:
		return glyphWick
	case wickUp:
		return glyphWickUpper
	case wickDown:
		return glyphWickLower
	}
	return " "
}

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
	// half maps a price to a half line, 0 at the top.
	half := func(p float64) int {
		if hi == lo {
			return rows
		}
		return int(math.Round((hi - p) / (hi - lo) * float64(2*rows-1)))
	}

	grid := make([][]string, rows)
	for r := range grid {
		grid[r] = make([]string, len(bars))
	}
	for c, b := range bars {
		open, cls := b.Open.Float64(), b.Close.Float64()
		tn := up
		if cls < open {
			tn = down
		}
		bodyTop, bodyBottom := half(math.Max(open, cls)), half(math.Min(open, cls))
		wickTop, wickBottom := half(b.High.Float64()), half(b.Low.Float64())
		covers := func(h, from, to int) bool { return h >= from && h <= to }
		for r := range rows {
			u, d := 2*r, 2*r+1
			g := candleGlyph(covers(u, bodyTop, bodyBottom), covers(d, bodyTop, bodyBottom), covers(u, wickTop, wickBottom), covers(d, wickTop, wickBottom), tn == down && !in.colour)
			grid[r][c] = g
			if g != " " {
				grid[r][c] = paint(in.colour, tn, g)
			}
		}
	}

	label := func(p float64) string { return fmt.Sprintf("%.*f", places, p) }
	// A label sits on the line whose upper half holds its price.
	lineOf := func(p float64) int { return min(half(p)/2, rows-1) }
	labels := map[int]string{lineOf(hi): label(hi), lineOf(lo): label(lo), lineOf((hi + lo) / 2): label((hi + lo) / 2)}
	gutter := 0
	for _, l := range labels {
		gutter = max(gutter, len(l))
	}

	first, last := bars[0], bars[len(bars)-1]
	layout := barLayout(in.unit)
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
