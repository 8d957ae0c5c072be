package sim

import (
	"regexp"
	"strings"
	"time"
)

// TradeStation's limits on what one request may ask for.
const (
	maxAccountIDs     = 25     // accounts in an {accounts} segment
	maxOrderIDs       = 50     // order ids in an {orderIds} segment
	maxQuoteSymbols   = 100    // symbols of a quote snapshot or quote stream
	maxSymbolDetails  = 50     // symbols of GET /v3/marketdata/symbols and v2 quotes
	maxPageSize       = 600    // orders per page
	maxBars           = 57_600 // bars per request
	maxConfirmIDChars = 22     // characters of an OrderConfirmID
	historyDays       = 90     // how far back historical orders reach
	maxGoodTillDays   = 90     // how long a GTC order works; how far ahead a GTD date may be
)

// given is v, or nil when v is its zero value: the generated params are
// plain values, and the checks below still tell a parameter that was not
// sent from one that was.
func given[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// splitLimited splits a comma-separated path segment of 1 to limit items;
// what names an item in errors ("account id").
func splitLimited(raw, what string, limit int) ([]string, error) {
	items := splitList(raw)
	switch {
	case len(items) == 0:
		return nil, badf("No %s given.", what)
	case len(items) > limit:
		return nil, badf("%d %ss given; at most %d are allowed.", len(items), what, limit)
	}
	return items, nil
}

// splitList splits a comma-separated path segment, dropping empty items.
func splitList(raw string) []string {
	var out []string
	for _, p := range strings.Split(raw, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var accountIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,20}$`)

// parseDate reads the date formats TradeStation accepts in queries:
// 2025-04-15, 04-15-2025, 2025/04/15, 04/15/2025, or RFC 3339.
func parseDate(raw string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02", "01-02-2006", "2006/01/02", "01/02/2006", "1-2-2006", "1/2/2006"} {
		if t, err := time.Parse(layout, raw); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// barDate reads firstdate/lastdate: a date means the end of that New York
// day for lastdate and its start for firstdate.
func barDate(raw, field string, endOfDay bool) (time.Time, error) {
	t, ok := parseDate(raw)
	if !ok {
		return t, badf("%s %q is not a date (YYYY-MM-DD) or an RFC 3339 time.", field, raw)
	}
	if len(raw) <= 10 {
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, newYork)
		if endOfDay {
			t = t.AddDate(0, 0, 1).Add(-tickDuration)
		}
	}
	return t, nil
}
