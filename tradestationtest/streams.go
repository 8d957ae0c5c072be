package tradestationtest

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"time"

	"github.com/tradestation-go/tradestation/internal/sim"
	"github.com/tradestation-go/tradestation/v3"
)

// The media types of TradeStation's v3 streams.
const (
	marketDataStream = "application/vnd.tradestation.streams.v2+json"
	brokerageStream  = "application/vnd.tradestation.streams.v3+json"
)

// errStreamOver ends a stream on purpose (GoAway, a fault).
var errStreamOver = errors.New("tradestationtest: stream over")

// streamWriter writes the lines of one stream, one JSON object per line,
// flushed, and applies stream faults.
type streamWriter struct {
	s     *Server
	w     http.ResponseWriter
	r     *http.Request
	rc    *http.ResponseController
	sent  int   // lines sent
	beats int64 // heartbeats sent
}

// send writes v, unless a stream fault strikes first.
func (st *streamWriter) send(v any) error {
	if kind, ok := st.s.faults.claimStream(st.sent); ok {
		return st.breakStream(kind)
	}
	return st.write(v)
}

func (st *streamWriter) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := st.w.Write(append(b, '\n')); err != nil {
		return err
	}
	st.sent++
	return st.rc.Flush()
}

// breakStream makes the stream suffer kind; it always ends the stream.
func (st *streamWriter) breakStream(kind StreamFault) error {
	switch kind {
	case GoAway:
		_ = st.write(v3.StreamStatus{StreamStatus: v3.StreamStatusCodeGoAway})
	case Stall:
		select {
		case <-st.r.Context().Done():
		case <-st.s.closing:
		}
	case Drop:
		cutConnection(st.w)
	}
	return errStreamOver
}

func (st *streamWriter) heartbeat() error {
	st.beats++
	return st.send(v3.Heartbeat{Heartbeat: st.beats, Timestamp: time.Now().UTC().Truncate(time.Second)})
}

// streamFuncs describe one kind of stream. open runs once the stream has
// subscribed to the simulator's changes, so no change falls between the
// first messages and the updates (a change from before open may come
// again: update skips what open already sent); update turns changes into
// messages, and runs only when one of the changes is of a kind in wakeOn.
type streamFuncs struct {
	media  string
	wakeOn []sim.ChangeKind
	open   func() ([]any, error)
	update func([]sim.Change) []any
}

// runStream serves a stream until the client leaves, the server closes or
// a fault ends it. Errors from open answer as normal API errors.
func (s *Server) runStream(w http.ResponseWriter, r *http.Request, f streamFuncs) {
	sub := s.hub.subscribe()
	defer s.hub.unsubscribe(sub)
	first, err := f.open()
	if err != nil {
		writeErr(w, r, err)
		return
	}

	w.Header().Set("Content-Type", f.media)
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	st := &streamWriter{s: s, w: w, r: r, rc: http.NewResponseController(w)}
	if st.rc.Flush() != nil || st.sendAll(first) != nil {
		return
	}
	timer := time.NewTimer(s.faults.heartbeatInterval())
	defer timer.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-sub.notify:
			msgs := updateStream(f, sub.take())
			if st.sendAll(msgs) != nil {
				return
			}
			if len(msgs) > 0 {
				timer.Reset(s.faults.heartbeatInterval())
			}
		case <-timer.C:
			if st.heartbeat() != nil {
				return
			}
			timer.Reset(s.faults.heartbeatInterval())
		}
	}
}

// updateStream runs f.update on changes that concern the stream.
func updateStream(f streamFuncs, evs []sim.Change) []any {
	if !slices.ContainsFunc(evs, func(ev sim.Change) bool { return slices.Contains(f.wakeOn, ev.Kind) }) {
		return nil
	}
	return f.update(evs)
}

func (st *streamWriter) sendAll(msgs []any) error {
	for _, m := range msgs {
		if err := st.send(m); err != nil {
			return err
		}
	}
	return nil
}

// changed returns a copy of next with only the fields that differ from
// prev, plus the fields named in keep; ok is false when nothing changed.
// Quote and position streams send such partial messages.
func changed[T any](prev, next T, keep ...string) (out T, ok bool) {
	pv, nv := reflect.ValueOf(prev), reflect.ValueOf(next)
	ov := reflect.ValueOf(&out).Elem()
	for i := range nv.NumField() {
		if reflect.DeepEqual(pv.Field(i).Interface(), nv.Field(i).Interface()) {
			continue
		}
		ov.Field(i).Set(nv.Field(i))
		ok = true
	}
	if ok {
		for _, name := range keep {
			ov.FieldByName(name).Set(nv.FieldByName(name))
		}
	}
	return out, ok
}
