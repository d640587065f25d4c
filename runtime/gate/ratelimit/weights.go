package ratelimit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Weights tracks request weight in fixed windows aligned to the clock, as Binance does.
// The zero value has no limit until SetLimit is called; it still honours back-off.
type Weights struct {
	mu           sync.Mutex
	limit        int
	window       time.Duration
	windowStart  time.Time
	used         int
	inFlight     int // weight of requests reserved and not yet answered
	blockedUntil time.Time
	blockedType  string
}

// SetLimit sets the budget: limit weight per window.
func (w *Weights) SetLimit(limit int, window time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.limit, w.window = limit, window
}

// Snapshot reports the weight used in the current window and the limit (0: unknown).
func (w *Weights) Snapshot(now time.Time) (used, limit int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.roll(now)
	return w.used, w.limit
}

func (w *Weights) roll(now time.Time) {
	if w.window <= 0 {
		return
	}
	if start := now.Truncate(w.window); start.After(w.windowStart) {
		w.windowStart, w.used = start, 0
	}
}

// Reserve charges weight at now, or refuses with a rate_limited or ip_banned error that
// says when to retry.
func (w *Weights) Reserve(now time.Time, weight int) *gate.Error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if now.Before(w.blockedUntil) {
		wait := w.blockedUntil.Sub(now)
		return &gate.Error{
			Type:         w.blockedType,
			Message:      fmt.Sprintf("Binance asked us to back off; no request is sent for another %d ms", wait.Milliseconds()),
			RetryAfterMS: ceilMS(wait),
		}
	}
	w.roll(now)
	if w.limit > 0 && w.used+weight > w.limit {
		wait := w.windowStart.Add(w.window).Sub(now)
		return &gate.Error{
			Type: gate.TypeRateLimited,
			Message: fmt.Sprintf("this request needs weight %d but only %d of the %d per %s remain; the window resets in %d ms",
				weight, max(w.limit-w.used, 0), w.limit, w.window, wait.Milliseconds()),
			RetryAfterMS: ceilMS(wait),
		}
	}
	w.used += weight
	w.inFlight += weight
	return nil
}

// Settle ends a request reserved with weight. When the exchange answered (up != nil), its
// X-MBX-USED-WEIGHT-1M header, plus the weight of the requests still in flight (which the
// header cannot count yet), corrects the count upwards: other programs on the same IP
// spend the same budget. The count is never lowered by a header, since answers arrive out
// of order. A 429 or 418 starts a back-off of retryAfter.
func (w *Weights) Settle(now time.Time, weight int, up *gate.Upstream, retryAfter time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.inFlight = max(w.inFlight-weight, 0)
	if up == nil {
		return
	}
	w.roll(now)
	if v, err := strconv.Atoi(up.Header.Get("X-Mbx-Used-Weight-1m")); err == nil && v >= 0 {
		w.used = max(w.used, v+w.inFlight)
	}
	switch up.Status {
	case http.StatusTooManyRequests:
		w.backoff(now, now.Add(retryAfter), gate.TypeRateLimited)
	case http.StatusTeapot:
		w.backoff(now, now.Add(retryAfter), gate.TypeIPBanned)
	}
}

func (w *Weights) backoff(now, until time.Time, typ string) {
	if !now.Before(w.blockedUntil) { // the previous back-off is over: this one stands alone
		w.blockedUntil, w.blockedType = until, typ
		return
	}
	if until.After(w.blockedUntil) {
		w.blockedUntil = until
	}
	if typ == gate.TypeIPBanned { // a ban outranks a rate limit while both last
		w.blockedType = typ
	}
}

func ceilMS(d time.Duration) int64 { return int64((d + time.Millisecond - 1) / time.Millisecond) }

// New returns the stage. retryAfter reads Retry-After from a response header.
func New(w *Weights, now func() time.Time, retryAfter func(http.Header) time.Duration) gate.Middleware {
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			if !req.Op.Remote() { // answered by the host, nothing is sent
				return next(ctx, req)
			}
			if err := w.Reserve(now(), req.Weight); err != nil {
				return nil, err
			}
			out, err := next(ctx, req)
			var wait time.Duration
			if req.Upstream != nil {
				wait = retryAfter(req.Upstream.Header)
			}
			w.Settle(now(), req.Weight, req.Upstream, wait)
			return out, err
		}
	}
}
