package tradestationtest

import (
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/oapi-codegen/runtime"
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
