package stream

import (
	"io"
	"sync/atomic"
	"time"
)

// watchedBody is a response body guarded by the inactivity watchdog. The
// engine arms it when it starts waiting for the next message and disarms
// it when a whole message has arrived: if the wait lasts longer than
// idle, the watchdog closes the body, so that the pending Read fails and
// the stream reconnects. Bytes that complete no message (white space, half
// an object) do not reset it; time the caller spends between messages
// does not count, since the watchdog is disarmed then.
type watchedBody struct {
	body  io.ReadCloser
	idle  time.Duration
	timer *time.Timer
	fired atomic.Bool
}

func watch(body io.ReadCloser, idle time.Duration) *watchedBody {
	w := &watchedBody{body: body, idle: idle}
	w.timer = time.AfterFunc(idle, w.expire)
	w.timer.Stop()
	return w
}

func (w *watchedBody) expire() {
	w.fired.Store(true)
	w.body.Close()
}

func (w *watchedBody) Read(p []byte) (int, error) { return w.body.Read(p) }

// arm starts the wait for one message.
func (w *watchedBody) arm() { w.timer.Reset(w.idle) }

// disarm ends it.
func (w *watchedBody) disarm() { w.timer.Stop() }

// timedOut reports whether the watchdog closed the body.
func (w *watchedBody) timedOut() bool { return w.fired.Load() }
