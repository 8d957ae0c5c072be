package client

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits that TradeStation documents; a request that breaks one is
// rejected before it is sent.
const (
	MaxAccountIDs        = 25
	MaxQuoteSymbols      = 100
	MaxSymbolDetails     = 50
	MaxBarsBack          = 57_600
	MaxPageSize          = 600
	MaxOrderConfirmIDLen = 22
	MaxMinuteInterval    = 1440
	// MaxBarMinutes bounds barsback × interval of a minute-bar request.
	MaxBarMinutes = 500_000
	// MaxBarYears bounds the date range (firstdate to lastdate) of a
	// minute-bar request, in calendar years.
	MaxBarYears = 3
)

// Minute bars of a date range are also held to MaxBarsBack. TradeStation
// counts the bars it would send, which depends on the symbol's sessions;
// the check counts fewer, so that it never refuses what TradeStation would
// serve: 390 minutes (the regular session of US stocks, the shortest a
// symbol trades) on each weekday of the range, one bar per interval and at
// least one a day, less a tenth for holidays, early closes and partial
// first and last days. A range this low estimate puts above 57,600 bars is
// refused; one that only the symbol's longer sessions push over (futures,
// extended hours) is left to TradeStation.
const sessionMinutes = 390

// checkLimits rejects a request whose path or query breaks a documented
// limit; the doer checks OrderConfirmIDs as it reads a body.
func checkLimits(req *http.Request) error {
	var buf [16]string // path segments, without allocating
	segs := buf[:0]
	for rest := strings.Trim(req.URL.Path, "/"); rest != "" && len(segs) < len(buf); {
		seg, tail, _ := strings.Cut(rest, "/")
		segs = append(segs, seg)
		rest = tail
	}
	path := req.URL.Path
	at := func(i int) string {
		if i < 0 || i >= len(segs) {
			return ""
		}
		return segs[i]
	}
	for i, s := range segs {
		next, prev := at(i+1), at(i-1)
		if next == "" {
			continue
		}
		var err error
		switch {
		case s == "accounts" && (prev == "brokerage" || prev == "stream" || prev == "v2"):
			err = countLimit("account ids", next, MaxAccountIDs, path)
		case s == "quotes" && (prev == "marketdata" || prev == "stream" && at(i-2) == "marketdata"):
			err = countLimit("symbols", next, MaxQuoteSymbols, path)
		case s == "symbols" && prev == "marketdata":
			err = countLimit("symbols", next, MaxSymbolDetails, path)
		case s == "quote" && prev == "data":
			err = countLimit("symbols", next, MaxQuoteSymbols, path)
		}
		if err != nil {
			return err
		}
	}
	if req.URL.RawQuery == "" {
		return nil
	}
	q := req.URL.Query()
	if strings.Contains(path, "/barcharts/") {
		if err := intLimit(q, "barsback", MaxBarsBack, path); err != nil {
			return err
		}
		if strings.EqualFold(q.Get("unit"), "Minute") || q.Get("unit") == "" {
			if err := intLimit(q, "interval", MaxMinuteInterval, path); err != nil {
				return err
			}
		}
		// TradeStation's default unit is Daily: the history limits hold
		// for minute bars only.
		if strings.EqualFold(q.Get("unit"), "Minute") {
			if err := minuteHistoryLimits(q, path, time.Now()); err != nil {
				return err
			}
		}
	}
	return intLimit(q, "pageSize", MaxPageSize, path)
}

// minuteHistoryLimits checks barsback × interval, and a date range's years
// and estimated bars, of a minute-bar request.
func minuteHistoryLimits(q url.Values, path string, now time.Time) error {
	interval := 1
	if n, err := strconv.Atoi(q.Get("interval")); err == nil && n > 0 {
		interval = n
	}
	if n, err := strconv.Atoi(q.Get("barsback")); err == nil && n*interval > MaxBarMinutes {
		return &LimitError{What: "barsback × interval in minutes", Got: n * interval, Limit: MaxBarMinutes, Path: path}
	}
	first, ok := barDate(q.Get("firstdate"))
	if !ok {
		return nil
	}
	last, ok := barDate(q.Get("lastdate"))
	if !ok {
		if last, ok = barDate(q.Get("startdate")); !ok { // startdate: lastdate's old name
			last = now
		}
	}
	if end := first.AddDate(MaxBarYears, 0, 0); last.After(end) {
		return &LimitError{What: "date range in days", Got: days(first, last), Limit: days(first, end), Path: path}
	}
	perDay := max(1, sessionMinutes/interval)
	if bars := weekdays(first, last) * perDay * 9 / 10; bars > MaxBarsBack {
		return &LimitError{What: "estimated bars of the date range", Got: bars, Limit: MaxBarsBack, Path: path}
	}
	return nil
}

// barDate reads a firstdate or lastdate: YYYY-MM-DD or RFC 3339.
func barDate(s string) (time.Time, bool) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.RFC3339, s)
	return t.UTC(), err == nil
}

func days(from, to time.Time) int { return int(to.Sub(from).Hours() / 24) }

// weekdays counts Monday to Friday dates from from's date to to's date,
// both included.
func weekdays(from, to time.Time) int {
	a := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	if b.Before(a) {
		return 0
	}
	total := int(b.Sub(a).Hours()/24) + 1
	n := total / 7 * 5
	// The days past the whole weeks start on from's weekday.
	for d, wd := 0, a.Weekday(); d < total%7; d, wd = d+1, (wd+1)%7 {
		if wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// countLimit counts the comma-separated items of a path segment (which may
// be percent-encoded).
func countLimit(what, seg string, limit int, path string) error {
	n := strings.Count(seg, ",") + 1
	if n > limit {
		return &LimitError{What: what, Got: n, Limit: limit, Path: path}
	}
	return nil
}

func intLimit(q map[string][]string, name string, limit int, path string) error {
	vals := q[name]
	if len(vals) == 0 {
		return nil
	}
	n, err := strconv.Atoi(vals[0])
	if err != nil {
		return nil // not a number: let TradeStation say what is wrong
	}
	if n > limit {
		return &LimitError{What: name, Got: n, Limit: limit, Path: path}
	}
	return nil
}

// checkConfirmIDs applies the OrderConfirmID limit to the body of an
// order confirmation; placements are checked as the doer reads them.
func checkConfirmIDs(req *http.Request, body []byte, v2 bool) error {
	if len(body) == 0 || req.Method != http.MethodPost {
		return nil
	}
	orders, _ := scanOrders(body, isGroupPath(req.URL.Path), v2)
	return confirmIDLimit(orders, req.URL.Path)
}

// confirmIDLimit rejects an OrderConfirmID longer than TradeStation allows.
func confirmIDLimit(orders []orderSlot, path string) error {
	for _, o := range orders {
		if n := utf8.RuneCountInString(o.id); n > MaxOrderConfirmIDLen {
			return &LimitError{What: "OrderConfirmID length", Got: n, Limit: MaxOrderConfirmIDLen, Path: path}
		}
	}
	return nil
}
