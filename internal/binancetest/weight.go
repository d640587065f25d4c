package binancetest

import (
	"sync"
	"time"
)

// The weight window is the current clock minute (UTC), as the 1M in X-MBX-USED-WEIGHT-1M.
const minuteMs = 60_000

func windowOf(now time.Time) int64 {
	ms := now.UnixMilli()
	return ms - ((ms%minuteMs)+minuteMs)%minuteMs
}

// secondsToNextMinute is the Retry-After of a 429: whole seconds until the window resets.
func secondsToNextMinute(now time.Time) int {
	left := windowOf(now) + minuteMs - now.UnixMilli()
	return int((left + 999) / 1000)
}

// charge adds weight to the window of now and reports the weight used and whether the limit
// is now exceeded. A request over the limit still counts, as at Binance, where a client that
// keeps sending after a 429 only climbs further.
func (s *Server) charge(weight int, now time.Time) (used int, over bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roll(now)
	s.used += weight
	return s.used, s.used > s.weightLimit
}

func (s *Server) roll(now time.Time) {
	if w := windowOf(now); w != s.window {
		s.window, s.used = w, 0
	}
}

func (s *Server) usedWeight(now time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roll(now)
	return s.used
}

// UsedWeight is the request weight used in the current minute.
func (s *Server) UsedWeight() int { return s.usedWeight(s.now()) }

// SetUsedWeight sets the weight used in the current minute, for example to just under the
// limit. It resets at the next minute like any other weight.
func (s *Server) SetUsedWeight(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roll(s.now())
	s.used = n
}

// WeightLimit is the REQUEST_WEIGHT limit per minute that the stand-in enforces and serves.
func (s *Server) WeightLimit() int { return s.weightLimit }

// ManualClock is a clock that moves only when told, for WithClock.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a clock that reads t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t} }

// Now reads the clock.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
