package main

import (
	"io"
	"strings"
	"unicode/utf8"
)

// cell is one table cell. Numbers are right-aligned with their decimal
// points in line; only signed figures carry a tone.
type cell struct {
	text string
	tone tone
	num  bool
}

func text(s string) cell   { return cell{text: s} }
func number(s string) cell { return cell{text: s, num: true} }

// absent is the cell of a value TradeStation did not send.
func absent() cell { return cell{text: "-"} }

// columnGap separates the columns of a table.
const columnGap = "  "

// table collects rows and writes them aligned: text to the left,
// numbers to the right with their decimal points in line. A table wider
// than width (0: no limit) shortens the columns marked elastic, never
// numbers or ids.
type table struct {
	w       io.Writer
	colour  bool
	width   int
	header  []string
	rows    [][]cell
	elastic map[int]bool
}

// newTable starts a table with a header line, or none when header is empty.
func newTable(w io.Writer, colour bool, width int, header ...string) *table {
	return &table{w: w, colour: colour, width: width, header: header, elastic: map[int]bool{}}
}

// shrinkable marks the columns that may be shortened to fit the width.
func (t *table) shrinkable(columns ...int) *table {
	for _, c := range columns {
		t.elastic[c] = true
	}
	return t
}

func (t *table) row(cells ...cell) { t.rows = append(t.rows, cells) }

// column is what a table knows of one column once it has seen every row.
type column struct {
	numeric bool
	// whole and frac are the widest parts of its numbers before and from
	// the decimal point (frac counts the point and any suffix).
	whole, frac int
	width       int
}

// layout measures the columns.
func (t *table) layout() []column {
	n := len(t.header)
	for _, r := range t.rows {
		n = max(n, len(r))
	}
	cols := make([]column, n)
	for i := range cols {
		cols[i].numeric = true
		seen := false
		for _, r := range t.rows {
			if i < len(r) && r[i] != absent() {
				seen = true
				cols[i].numeric = cols[i].numeric && r[i].num
			}
		}
		cols[i].numeric = cols[i].numeric && seen
	}
	for i := range cols {
		c := &cols[i]
		if i < len(t.header) {
			c.width = utf8.RuneCountInString(t.header[i])
		}
		for _, r := range t.rows {
			if i >= len(r) {
				continue
			}
			if c.numeric && r[i].num {
				w, f := splitNumber(r[i].text)
				c.whole, c.frac = max(c.whole, utf8.RuneCountInString(w)), max(c.frac, utf8.RuneCountInString(f))
			} else {
				c.width = max(c.width, utf8.RuneCountInString(r[i].text))
			}
		}
		c.width = max(c.width, c.whole+c.frac)
	}
	t.fit(cols)
	return cols
}

// fit shortens the elastic columns, widest first, until the table fits
// its width or they are down to their header (and at least 8 columns).
func (t *table) fit(cols []column) {
	if t.width <= 0 {
		return
	}
	total := func() int {
		sum := len(columnGap) * (len(cols) - 1)
		for _, c := range cols {
			sum += c.width
		}
		return sum
	}
	for total() > t.width {
		widest := -1
		for i, c := range cols {
			floor := 8
			if i < len(t.header) {
				floor = max(floor, utf8.RuneCountInString(t.header[i]))
			}
			if t.elastic[i] && c.width > floor && (widest < 0 || c.width > cols[widest].width) {
				widest = i
			}
		}
		if widest < 0 {
			return
		}
		cols[widest].width--
	}
}

// splitNumber splits "+12.50%" into "+12" and ".50%".
func splitNumber(s string) (whole, frac string) {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[:i], s[i:]
	}
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') {
		i-- // a suffix such as %
	}
	return s[:i], s[i:]
}

// flush writes the table.
func (t *table) flush() error {
	cols := t.layout()
	var b strings.Builder
	if len(t.header) > 0 {
		cells := make([]cell, len(t.header))
		for i, h := range t.header {
			cells[i] = text(h)
		}
		t.write(&b, cols, cells, true)
	}
	for _, r := range t.rows {
		t.write(&b, cols, r, false)
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

// write writes one line: each cell padded to its column, the last one
// without trailing spaces.
func (t *table) write(b *strings.Builder, cols []column, cells []cell, header bool) {
	var line strings.Builder
	for i, c := range cells {
		if i > 0 {
			line.WriteString(columnGap)
		}
		col := cols[i]
		s := c.text
		var left, right int
		switch {
		case col.numeric && c.num:
			w, f := splitNumber(s)
			left = col.whole - utf8.RuneCountInString(w)
			right = col.frac - utf8.RuneCountInString(f)
			left += col.width - col.whole - col.frac
		case col.numeric:
			left = col.width - utf8.RuneCountInString(s) // header and "-" go right
		default:
			s = truncate(s, col.width)
			right = col.width - utf8.RuneCountInString(s)
		}
		line.WriteString(strings.Repeat(" ", left))
		if t.colour && !header {
			s = paint(true, c.tone, s)
		}
		line.WriteString(s)
		line.WriteString(strings.Repeat(" ", right))
	}
	b.WriteString(strings.TrimRight(line.String(), " "))
	b.WriteByte('\n')
}

// truncate shortens s to width columns, ending it with "…" when cut.
func truncate(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:max(width-1, 0)]) + "…"
}
