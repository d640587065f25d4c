package ratelimit

import (
	"sync"
	"time"
)

// Window allows at most max events in any period of length window (a sliding window, not
// fixed buckets: a burst at the end of one minute and the start of the next is still one
// burst). Tollgate uses it for tool calls per minute (MCP_MAX_REQUESTS_PER_MINUTE).
//
// A nil *Window allows everything: that is what MCP_RATE_LIMIT_ENABLED=false asks for.
type Window struct {
	mu     sync.Mutex
	window time.Duration
	times  []time.Time // ring of the last max allowed events
	next   int
	count  int
}

// NewWindow returns a Window of max events per window; max must be at least 1.
func NewWindow(max int, window time.Duration) *Window {
	return &Window{window: window, times: make([]time.Time, max)}
}

// Allow records an event at now if fewer than max happened in (now-window, now], and
// otherwise says how long until one more would be allowed.
func (w *Window) Allow(now time.Time) (ok bool, retryAfter time.Duration) {
	if w == nil {
		return true, 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.count == len(w.times) {
		oldest := w.times[w.next] // the ring is full: next is the oldest slot
		if wait := oldest.Add(w.window).Sub(now); wait > 0 {
			return false, wait
		}
		w.count--
	}
	w.times[w.next] = now
	w.next = (w.next + 1) % len(w.times)
	w.count++
	return true, 0
}

// Max returns the most events allowed per window (0 for a nil Window, which has no limit).
func (w *Window) Max() int {
	if w == nil {
		return 0
	}
	return len(w.times)
}
