package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tradestation-go/tradestation/v3"
)

// chartInput is what drawChart needs.
type chartInput struct {
	symbol   string
	bars     []v3.Bar
	height   int // lines of the plot
	width    int // columns the chart must fit in
	colour   bool
	loc      *time.Location
	unit     v3.BarUnit
	interval int
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

// Columns of the chart around its bars: the price labels and one space
// before the axis, and the axis with the corner of the time axis after it.
const chartFrame = 3

// drawChart draws a candlestick chart: one column per bar (two with the
// space between), the body between open and close, the wick from low to
// high, the price scale on the left and the first and last bar's time
// below. It shows the latest bars that fit in the width, and says so
// when that is fewer than it was given.
func drawChart(w io.Writer, in chartInput) error {
	all := in.bars
	gutter := 0
	places := 0
	for _, b := range all {
		places = max(places, decimals(b.Close), decimals(b.High), decimals(b.Low), decimals(b.Open))
	}
	label := func(p float64) string { return fmt.Sprintf("%.*f", places, p) }
	for _, b := range all {
		gutter = max(gutter, len(label(b.High.Float64())), len(label(b.Low.Float64())))
	}
	fit := max((in.width-gutter-chartFrame)/2, 1)
	bars := all
	if len(bars) > fit {
		bars = bars[len(bars)-fit:]
	}

	lo, hi := math.Inf(1), math.Inf(-1)
	for _, b := range bars {
		lo = math.Min(lo, b.Low.Float64())
		hi = math.Max(hi, b.High.Float64())
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

	// A label sits on the line whose upper half holds its price.
	lineOf := func(p float64) int { return min(half(p)/2, rows-1) }
	labels := map[int]string{lineOf(hi): label(hi), lineOf(lo): label(lo), lineOf((hi + lo) / 2): label((hi + lo) / 2)}

	first, last := bars[0], bars[len(bars)-1]
	change := signed(difference(last.Close, first.Open))
	var b strings.Builder
	title := fmt.Sprintf("%s  %d %s", in.symbol, len(bars), barsOf(in.unit, in.interval, len(bars)))
	if len(bars) < len(all) {
		title = fmt.Sprintf("%s  the latest %d of %d %s (no more fit in %d columns)", in.symbol, len(bars), len(all), barsOf(in.unit, in.interval, len(all)), in.width)
	}
	if utf8.RuneCountInString(title) > in.width {
		title = strings.Join(wrapText(title, in.width), "\n")
	}
	b.WriteString(title + "\n")
	prices := fmt.Sprintf("high %s  low %s  last %s", label(hi), label(lo), last.Close.String())
	changed := "change " + change.text + " from the first open"
	sep := "  "
	if len(prices)+len(sep)+utf8.RuneCountInString(changed) > in.width {
		sep = "\n"
	}
	b.WriteString(prices + sep + "change " + paint(in.colour, change.tone, change.text) + " from the first open\n")
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
	from, to := barTime(first, in), barTime(last, in)
	// The last time ends under the last bar when there is room, and
	// goes below the first when the width has none.
	pad := max(2*len(bars)-1-len(from)-len(to), 1)
	switch {
	case len(bars) == 1:
		fmt.Fprintf(&b, "%*s   %s\n", gutter, "", from)
	case gutter+3+len(from)+pad+len(to) > in.width:
		fmt.Fprintf(&b, "%*s   %s\n%*s   to %s\n", gutter, "", from, gutter, "", to)
	default:
		fmt.Fprintf(&b, "%*s   %s%s%s\n", gutter, "", from, strings.Repeat(" ", pad), to)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// barTime is the time under a bar on the chart's axis: the day for daily
// and longer bars, the minute with its zone for minute bars.
func barTime(bar v3.Bar, in chartInput) string {
	if in.unit == v3.BarUnitMinute {
		return bar.TimeStamp.In(in.loc).Format(minuteLayout + " MST")
	}
	return bar.TimeStamp.UTC().Format(dateLayout)
}

// barsOf names n bars of a unit and interval: "bars of 5 minutes",
// "daily bars", "bar of 1 minute".
func barsOf(unit v3.BarUnit, interval, n int) string {
	noun := "bars"
	if n == 1 {
		noun = "bar"
	}
	if unit != v3.BarUnitMinute {
		return strings.ToLower(string(unit)) + " " + noun
	}
	if interval == 1 {
		return noun + " of 1 minute"
	}
	return fmt.Sprintf("%s of %d minutes", noun, interval)
}
