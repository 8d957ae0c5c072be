package tradestationtest

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// rateLimit is the quota LimitRate sets: limit requests a window.
type rateLimit struct {
	limit   int
	window  time.Duration
	used    int
	resetAt time.Time
}

// LimitRate lets limit API requests through per window (counted from this
// call, then window after window), and answers the others 429 with
// {"Error":"TooManyRequests","Message":"Rate quota exceeded"} (v2: 403
// "Quota Exceeded"). Every API answer carries X-RateLimit-Limit,
// -Remaining, -Reset (seconds until the window resets, with milliseconds)
// and -Resource (the quota group of the path). limit <= 0 turns it off.
func (s *Server) LimitRate(limit int, window time.Duration) error {
	if limit > 0 && window <= 0 {
		return errors.New("tradestationtest: LimitRate needs a positive window")
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rate = rateLimit{limit: limit, window: window, resetAt: time.Now().Add(window)}
	return nil
}

// admit applies the rate limit to an API request: it sets the
// X-RateLimit-* headers and refuses the request once the quota is spent
// (429 on v3; v2 answers 403 "Quota Exceeded" in HTML, as TradeStation does).
func (f *faults) admit(w http.ResponseWriter, r *http.Request) bool {
	f.mu.Lock()
	rl := &f.rate
	if rl.limit <= 0 {
		f.mu.Unlock()
		return true
	}
	now := time.Now()
	if !now.Before(rl.resetAt) {
		rl.used, rl.resetAt = 0, now.Add(rl.window)
	}
	refused := rl.used >= rl.limit
	if !refused {
		rl.used++
	}
	limit, remaining, reset := rl.limit, rl.limit-rl.used, rl.resetAt.Sub(now)
	f.mu.Unlock()

	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(reset.Seconds(), 'f', 3, 64))
	h.Set("X-RateLimit-Resource", resourceOf(r.URL.Path))
	if !refused {
		return true
	}
	if isV2Path(r.URL.Path) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("<html><body><h1>403 Forbidden</h1>Quota Exceeded</body></html>"))
		return false
	}
	writeAPIError(w, r, http.StatusTooManyRequests, "Rate quota exceeded")
	return false
}

// resourceOf names the quota group of an API path, such as "Balances" or
// "QuoteSnapshots".
func resourceOf(path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) < 2 || segs[0] != "v3" {
		return "V2"
	}
	rest := segs[2:]
	stream := len(rest) > 0 && rest[0] == "stream"
	if stream {
		rest = rest[1:]
	}
	name := segs[1]
	switch {
	case segs[1] == "orderexecution":
		return "OrderExecution"
	case segs[1] == "brokerage" && len(rest) >= 3:
		name = rest[2]
	case len(rest) > 0:
		name = rest[0]
	}
	if name == "" {
		return "V3"
	}
	name = strings.ToUpper(name[:1]) + name[1:]
	if stream {
		name += "Stream"
	}
	return name
}
