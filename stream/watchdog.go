package stream

import (
	"io"
	"sync/atomic"
	"time"
)

// watchedBody is a response body guarded by the inactivity watchdog: a
// Read that waits longer than idle for its first byte closes the body, so
// that the Read fails and the stream reconnects. The timer runs only
// while a Read waits; time the caller spends between messages does not
// count as silence.
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

func (w *watchedBody) Read(p []byte) (int, error) {
	w.timer.Reset(w.idle)
	n, err := w.body.Read(p)
	w.timer.Stop()
	return n, err
}

// timedOut reports whether the watchdog closed the body.
func (w *watchedBody) timedOut() bool { return w.fired.Load() }

// stop disarms the watchdog for good.
func (w *watchedBody) stop() { w.timer.Stop() }
