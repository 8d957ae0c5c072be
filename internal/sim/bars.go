package sim

import (
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// barSpec is the shape of a bar series: Minute bars of interval minutes,
// or one Daily, Weekly or Monthly bar.
type barSpec struct {
	unit     v3.BarUnit
	interval int
}

// window is the time span of one bar: trades in [start, end).
type window struct{ start, end time.Time }

// minuteWindows are the minute bars of a session, aligned to its start;
// the last one may be short.
func minuteWindows(s session, interval int) []window {
	var out []window
	step := time.Duration(interval) * time.Minute
	for t := s.start; t.Before(s.end); t = t.Add(step) {
		out = append(out, window{t, minTime(t.Add(step), s.end)})
	}
	return out
}

// periodKey groups sessions into weeks or months.
func periodKey(unit v3.BarUnit, day time.Time) time.Time {
	switch unit {
	case v3.BarUnitWeekly:
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)) // the Monday
	case v3.BarUnitMonthly:
		return time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return day
}

// windowsBack lists up to n windows ending at or before last (the window
// containing last included), oldest first.
func windowsBack(kind assetKind, spec barSpec, last time.Time, n int) []window {
	var rev []window
	s, _ := currentSession(kind, last)
	for len(rev) < n {
		switch spec.unit {
		case v3.BarUnitMinute:
			ws := minuteWindows(s, spec.interval)
			for i := len(ws) - 1; i >= 0 && len(rev) < n; i-- {
				if !ws[i].start.After(last) {
					rev = append(rev, ws[i])
				}
			}
			s = previousSession(kind, s)
		default:
			key := periodKey(spec.unit, s.day)
			w := window{start: s.start, end: s.end}
			for p := previousSession(kind, s); periodKey(spec.unit, p.day).Equal(key); p = previousSession(kind, p) {
				w.start, s = p.start, p
			}
			rev = append(rev, w)
			s = previousSession(kind, s)
		}
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// windowsBetween lists the windows that overlap [first, last], oldest
// first; it gives up (ok false) beyond limit windows.
func windowsBetween(kind assetKind, spec barSpec, first, last time.Time, limit int) (out []window, ok bool) {
	s, _ := currentSession(kind, first)
	if spec.unit != v3.BarUnitMinute {
		key := periodKey(spec.unit, s.day)
		for p := previousSession(kind, s); periodKey(spec.unit, p.day).Equal(key); p = previousSession(kind, p) {
			s = p
		}
	}
	for !s.start.After(last) {
		var ws []window
		if spec.unit == v3.BarUnitMinute {
			ws = minuteWindows(s, spec.interval)
		} else {
			key, w := periodKey(spec.unit, s.day), window{s.start, s.end}
			for n := nextSession(kind, s.start); periodKey(spec.unit, n.day).Equal(key); n = nextSession(kind, s.start) {
				w.end, s = n.end, n
			}
			ws = []window{w}
		}
		for _, w := range ws {
			if w.end.After(first) && !w.start.After(last) {
				out = append(out, w)
			}
		}
		if len(out) > limit {
			return nil, false
		}
		s = nextSession(kind, s.start)
	}
	return out, true
}

// bar computes the bar of window w as of now: trades up to now only, Open
// while the window has not ended.
func (m *market) bar(in *instrument, w window) v3.Bar {
	through := minTime(w.end.Add(-tickDuration), lastTradeTime(in.kind, m.now))
	stride := max(w.end.Sub(w.start)/120, tickDuration).Truncate(tickDuration)
	open := m.priceAt(in, w.start)
	hi, lo, last := open, open, open
	var up, down int64
	for t := w.start.Add(stride); !t.After(through); t = t.Add(stride) {
		p := m.priceAt(in, t)
		hi, lo = max(hi, p), min(lo, p)
		switch {
		case p > last:
			up++
		case p < last:
			down++
		}
		last = p
	}
	if !through.Before(w.start) {
		last = m.priceAt(in, through)
		hi, lo = max(hi, last), min(lo, last)
	}
	vol := in.windowVolume(w.start, through.Add(tickDuration))
	ticks := max(vol/(3*in.lot()), 1)
	upShare := 0.5
	if up+down > 0 {
		upShare = float64(up) / float64(up+down)
	}
	upTicks := int64(float64(ticks) * upShare)
	upVol := int64(float64(vol) * upShare)
	zero := int64(0)
	b := v3.Bar{
		TimeStamp: w.end.UTC(), Epoch: w.end.UnixMilli(),
		Open: open.dec(in.decimals), High: hi.dec(in.decimals), Low: lo.dec(in.decimals), Close: last.dec(in.decimals),
		TotalVolume: qtyDec(vol), UpVolume: upVol, DownVolume: vol - upVol,
		TotalTicks: ticks, UpTicks: upTicks, DownTicks: ticks - upTicks,
		UnchangedTicks: &zero, UnchangedVolume: &zero, OpenInterest: qtyDec(0),
		BarStatus: v3.BarStatusClosed,
	}
	if in.kind == kindFuture {
		b.OpenInterest = qtyDec(in.avgVolume / 2)
	}
	if m.now.Before(w.end) {
		b.BarStatus, b.IsRealtime = v3.BarStatusOpen, true
	}
	return b
}

// windowVolume is the volume traded in [from, to) of a window.
func (in *instrument) windowVolume(from, to time.Time) int64 {
	if !to.After(from) {
		return 0
	}
	n := sessionTicks(in.kind)
	var v int64
	for t := from.Truncate(time.Minute); t.Before(to); t = t.Add(time.Minute) {
		lo, hi := maxTime(t, from), minTime(t.Add(time.Minute), to)
		v += in.tickVolume(t, n) * int64(hi.Sub(lo)/tickDuration)
	}
	return v
}
