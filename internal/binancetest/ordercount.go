package binancetest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// orderWindow counts the orders placed in the current window of one ORDERS rate limit of
// exchangeInfo (recorded: 50 per 10 SECOND, 160000 per 1 DAY).
type orderWindow struct {
	limit  rateLimit
	length int64 // window length, ms
	start  int64 // start of the current window, ms since the epoch
	count  int
}

var intervalMs = map[string]int64{"SECOND": 1000, "MINUTE": 60_000, "HOUR": 3_600_000, "DAY": 86_400_000}

func orderWindows(rls []rateLimit) []orderWindow {
	var out []orderWindow
	for _, rl := range rls {
		if rl.RateLimitType == "ORDERS" && intervalMs[rl.Interval] > 0 && rl.IntervalNum > 0 {
			out = append(out, orderWindow{limit: rl, length: intervalMs[rl.Interval] * int64(rl.IntervalNum)})
		}
	}
	return out
}

// header is X-MBX-ORDER-COUNT-(intervalNum)(intervalLetter), as rest-api.md "LIMITS" names it.
func (w *orderWindow) header() string {
	return "X-MBX-ORDER-COUNT-" + strconv.Itoa(w.limit.IntervalNum) + w.limit.Interval[:1]
}

// roll starts a new window when now has left the current one. Windows are aligned on the
// epoch (a 10 s window starts at a multiple of 10 s; a day at 00:00 UTC).
func (w *orderWindow) roll(now int64) {
	if start := now - ((now%w.length)+w.length)%w.length; start != w.start {
		w.start, w.count = start, 0
	}
}

// takeOrder counts one order placement at now, unless that would pass an ORDERS limit: then
// nothing is counted, and the answer is 429 -1015 with Retry-After (seconds to the end of
// the window that is full). s.mu must be held. Either way the count headers are set on w.
func (s *Server) takeOrder(w http.ResponseWriter, now time.Time) *apiError {
	ms := now.UnixMilli()
	var full *orderWindow
	for i := range s.orderCounts {
		ow := &s.orderCounts[i]
		ow.roll(ms)
		if full == nil && ow.count+1 > ow.limit.Limit {
			full = ow
		}
	}
	if full == nil {
		for i := range s.orderCounts {
			s.orderCounts[i].count++
		}
	}
	for i := range s.orderCounts {
		w.Header().Set(s.orderCounts[i].header(), strconv.Itoa(s.orderCounts[i].count))
	}
	if full == nil {
		return nil
	}
	left := full.start + full.length - ms
	w.Header().Set("Retry-After", strconv.FormatInt((left+999)/1000, 10))
	return &apiError{status: http.StatusTooManyRequests, code: -1015,
		msg: fmt.Sprintf("Too many new orders; current limit is %d orders per %d %s.", full.limit.Limit, full.limit.IntervalNum, full.limit.Interval)}
}

// OrderCounts is the number of orders counted in the current window of each ORDERS rate
// limit, keyed by its header name (X-MBX-ORDER-COUNT-10S, X-MBX-ORDER-COUNT-1D).
func (s *Server) OrderCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	ms := s.now().UnixMilli()
	out := make(map[string]int, len(s.orderCounts))
	for i := range s.orderCounts {
		s.orderCounts[i].roll(ms)
		out[s.orderCounts[i].header()] = s.orderCounts[i].count
	}
	return out
}
