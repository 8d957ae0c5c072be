package client

import (
	"net/http"
	"strconv"
	"strings"
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
)

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
	}
	return intLimit(q, "pageSize", MaxPageSize, path)
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
