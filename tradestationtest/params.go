package tradestationtest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/oapi-codegen/runtime"
)

// TradeStation's limits on what one request may ask for.
const (
	maxAccountIDs     = 25      // accounts in an {accounts} segment
	maxOrderIDs       = 50      // order ids in an {orderIds} segment
	maxQuoteSymbols   = 100     // symbols of a quote snapshot or quote stream
	maxSymbolDetails  = 50      // symbols of GET /v3/marketdata/symbols and v2 quotes
	maxPageSize       = 600     // orders per page
	maxBars           = 57_600  // bars per request
	maxConfirmIDChars = 22      // characters of an OrderConfirmID
	historyDays       = 90      // how far back historical orders reach
	maxGoodTillDays   = 90      // how long a GTC order works; how far ahead a GTD date may be
	maxBodyBytes      = 1 << 20 // a request body, or a page the Browser reads
)

// bindQuery fills a generated ...Params struct from the query string, the
// way the generated client wrote it; a value that does not parse is a 400
// naming the parameter.
func bindQuery(r *http.Request, params any) error {
	q := r.URL.Query()
	v := reflect.ValueOf(params).Elem()
	for i := range v.NumField() {
		tag := v.Type().Field(i).Tag.Get("form")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			continue
		}
		required := !strings.Contains(opts, "omitempty")
		if required && q.Get(name) == "" {
			return badf("The query parameter %s is required.", name)
		}
		if err := runtime.BindRawQueryParameter("form", true, required, name, r.URL.RawQuery, v.Field(i).Addr().Interface()); err != nil {
			return badf("The query parameter %s has an invalid value %q.", name, q.Get(name))
		}
	}
	return nil
}

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

// decodeBody reads a JSON request body into v (a generated request type).
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err := dec.Decode(v); err != nil {
		return badf("The request body is not valid JSON of the expected shape: %v.", err)
	}
	return nil
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
