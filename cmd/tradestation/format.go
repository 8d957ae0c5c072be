package main

import (
	"encoding/json"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/value"
)

// ANSI colours. Every colour code has the same length, so that a column
// whose cells are all wrapped stays aligned in a tabwriter.
const (
	ansiGreen   = "\x1b[32m"
	ansiRed     = "\x1b[31m"
	ansiDefault = "\x1b[39m"
	ansiReset   = "\x1b[0m"
)

// tone is the direction of a signed figure: up (green), down (red) or flat.
type tone int

const (
	flat tone = iota
	up
	down
)

func (t tone) code() string {
	switch t {
	case up:
		return ansiGreen
	case down:
		return ansiRed
	}
	return ansiDefault
}

// paint colours s by tone when colour is on.
func paint(colour bool, tn tone, s string) string {
	if !colour || tn == flat {
		return s
	}
	return tn.code() + s + ansiReset
}

// dec shows a decimal as TradeStation sent it; absent values show as "-".
func dec(d value.Decimal) cell {
	if d.IsZero() {
		return absent()
	}
	return number(d.String())
}

// count shows a whole number of things; zero is a number here.
func count[T int | int32 | int64](n T) cell { return number(strconv.FormatInt(int64(n), 10)) }

// signed shows a change with its sign and tone: "+1.25" up, "-0.40" down.
func signed(d value.Decimal) cell { return signedSuffix(d, "") }

// signedSuffix is signed with a unit after the number, such as "%".
func signedSuffix(d value.Decimal, suffix string) cell {
	switch {
	case d.IsZero():
		return absent()
	case d.Sign() > 0:
		return cell{text: "+" + d.String() + suffix, tone: up, num: true}
	case d.Sign() < 0:
		return cell{text: d.String() + suffix, tone: down, num: true}
	}
	return number(d.String() + suffix)
}

// clock shows a time in loc with its zone; the zero time shows as "-".
func clock(t time.Time, loc *time.Location, layout string) cell {
	if t.IsZero() {
		return text("-")
	}
	return text(t.In(loc).Format(layout + " MST"))
}

// day shows the calendar day of a time that stands for a day (an
// expiration, a daily bar): the date TradeStation sent, in no zone.
func day(t time.Time) cell {
	if t.IsZero() {
		return text("-")
	}
	return text(t.UTC().Format(dateLayout))
}

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02 15:04:05"
	minuteLayout   = "2006-01-02 15:04"
)

// percent turns a fraction into a percentage, exactly.
func percent(fraction value.Decimal) value.Decimal {
	if fraction.IsZero() {
		return fraction
	}
	return value.DecimalFromRat(new(big.Rat).Mul(fraction.Rat(), big.NewRat(100, 1)), max(decimals(fraction)-2, 0))
}

// difference is a - b, exactly; absent when either is.
func difference(a, b value.Decimal) value.Decimal {
	if a.IsZero() || b.IsZero() {
		return value.Decimal{}
	}
	places := max(decimals(a), decimals(b))
	return value.DecimalFromRat(new(big.Rat).Sub(a.Rat(), b.Rat()), places)
}

// decimals counts the digits after the point of d as written.
func decimals(d value.Decimal) int {
	s := d.String()
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// firstNonEmpty returns the first of s that is not empty.
func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// orDash shows "-" for an empty string.
func orDash(s string) cell {
	if s == "" {
		return absent()
	}
	return text(s)
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// list keeps an empty list a JSON array ([]) rather than null.
func list[T any](items []T) []T {
	if items == nil {
		return []T{}
	}
	return items
}

// printJSONLine writes v as one line of JSON (for streams).
func printJSONLine(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}
