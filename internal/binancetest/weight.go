package binancetest

import (
	"net/http"
	"strconv"
	"strings"
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

// The /sapi and /fapi routes do not count against the spot REQUEST_WEIGHT: at Binance each
// /sapi endpoint has its own IP limit of 12000 per minute (answer header
// X-SAPI-USED-IP-WEIGHT-1M), and USD-M futures have one limit of 2400 per minute on their own
// host (header X-MBX-USED-WEIGHT-1M). Without this, GET /sapi/v1/accountSnapshot (weight 2400)
// could never be answered under the spot limit of 1200.
const (
	sapiIPWeightLimit  = 12000
	fapiWeightLimit    = 2400
	sapiIPWeightHeader = "X-Sapi-Used-Ip-Weight-1m"
)

// weightPool is the weight used in one minute window of a budget other than the spot one.
type weightPool struct {
	window int64
	used   int
}

// weightBudget is where a request's weight is charged: the header that reports it, the pool
// (nil for the spot REQUEST_WEIGHT) and the limit.
type weightBudget struct {
	headers []string
	pool    *weightPool
	limit   int
}

// budget is the weight budget of a routed path; s.mu is held.
func (s *Server) budget(path string) weightBudget {
	switch {
	case strings.HasPrefix(path, "/sapi/"):
		p := s.sapiWeight[path]
		if p == nil {
			if s.sapiWeight == nil {
				s.sapiWeight = make(map[string]*weightPool)
			}
			p = &weightPool{}
			s.sapiWeight[path] = p
		}
		return weightBudget{[]string{sapiIPWeightHeader}, p, sapiIPWeightLimit}
	case strings.HasPrefix(path, "/fapi/"):
		return weightBudget{[]string{"X-Mbx-Used-Weight-1m"}, &s.fapiWeight, fapiWeightLimit}
	}
	return weightBudget{[]string{"X-Mbx-Used-Weight", "X-Mbx-Used-Weight-1m"}, nil, s.weightLimit}
}

// chargePath charges weight to the budget of path, sets its headers on h and reports whether
// the limit is now exceeded, and the limit. A request over the limit still counts, as at
// Binance, where a client that keeps sending after a 429 only climbs further.
func (s *Server) chargePath(h http.Header, path string, weight int, now time.Time) (over bool, limit int) {
	s.mu.Lock()
	b := s.budget(path)
	var used int
	if b.pool == nil {
		s.roll(now)
		s.used += weight
		used = s.used
	} else {
		if w := windowOf(now); w != b.pool.window {
			b.pool.window, b.pool.used = w, 0
		}
		b.pool.used += weight
		used = b.pool.used
	}
	s.mu.Unlock()
	for _, k := range b.headers {
		h.Set(k, strconv.Itoa(used))
	}
	return used > b.limit, b.limit
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
