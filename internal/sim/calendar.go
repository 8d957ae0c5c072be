package sim

import "time"

// newYork is the exchange time zone of the US markets the fake imitates.
// Without time zone data the fake assumes Eastern Daylight Time all year.
var newYork = func() *time.Location {
	if loc, err := time.LoadLocation("America/New_York"); err == nil {
		return loc
	}
	return time.FixedZone("EDT", -4*3600)
}()

// dateOf is the New York calendar date of t, as midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.In(newYork).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nyTime is the instant at hh:mm New York time on the date of day.
func nyTime(day time.Time, hh, mm int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, newYork)
}

// session is one trading day of an instrument: trades happen in [start, end).
type session struct {
	day        time.Time // the trading date, midnight UTC
	start, end time.Time
}

// sessionOn is the session of trading date day, if the market trades then.
// Stocks and options trade 9:30 to 16:00 New York time on weekdays;
// futures from 18:00 the evening before to 17:00; crypto every UTC day.
func sessionOn(kind assetKind, day time.Time) (session, bool) {
	switch kind {
	case kindCrypto:
		return session{day: day, start: day, end: day.AddDate(0, 0, 1)}, true
	case kindFuture:
		if isWeekend(day) {
			return session{}, false
		}
		return session{day: day, start: nyTime(day.AddDate(0, 0, -1), 18, 0), end: nyTime(day, 17, 0)}, true
	}
	if isWeekend(day) {
		return session{}, false
	}
	return session{day: day, start: nyTime(day, 9, 30), end: nyTime(day, 16, 0)}, true
}

func isWeekend(day time.Time) bool {
	return day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
}

// currentSession is the session that t falls in, or else the last one
// before t; open reports whether t is inside it.
func currentSession(kind assetKind, t time.Time) (s session, open bool) {
	day := dateOf(t)
	if kind == kindCrypto {
		day = time.Date(t.UTC().Year(), t.UTC().Month(), t.UTC().Day(), 0, 0, 0, 0, time.UTC)
	}
	if kind == kindFuture {
		day = day.AddDate(0, 0, 1) // the evening belongs to tomorrow's session
	}
	for range 10 {
		if s, ok := sessionOn(kind, day); ok && !s.start.After(t) {
			return s, t.Before(s.end)
		}
		day = day.AddDate(0, 0, -1)
	}
	return session{}, false // unreachable: every week has sessions
}

// previousSession is the session before s.
func previousSession(kind assetKind, s session) session {
	day := s.day
	for range 10 {
		day = day.AddDate(0, 0, -1)
		if p, ok := sessionOn(kind, day); ok {
			return p
		}
	}
	return s
}

// nextSession is the first session that starts after t.
func nextSession(kind assetKind, t time.Time) session {
	day := dateOf(t)
	for range 10 {
		if s, ok := sessionOn(kind, day); ok && s.start.After(t) {
			return s
		}
		day = day.AddDate(0, 0, 1)
	}
	return session{}
}

// lastTradeTime is the last tick at or before t at which the market traded.
func lastTradeTime(kind assetKind, t time.Time) time.Time {
	s, open := currentSession(kind, t)
	if open {
		return t.Truncate(tickDuration)
	}
	return s.end.Add(-tickDuration)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
