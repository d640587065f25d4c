package ratelimit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Weights tracks Binance's request weight and order counts in fixed windows aligned to
// the clock, as Binance counts them, and the back-off after a 429 or 418. The zero value
// has no limits until SetLimit and SetOrderLimits are called; it still honours back-off.
type Weights struct {
	mu           sync.Mutex
	weight       counter
	orders       []counter // one per ORDERS rate limit (10 s and 1 day on spot)
	blockedUntil time.Time
	blockedType  string
}

// counter is one fixed-window budget and the response header that reports its use.
type counter struct {
	what     string // "request weight" or "orders", for messages
	header   string // e.g. X-Mbx-Used-Weight-1m, X-Mbx-Order-Count-10s
	limit    int    // 0: unknown, nothing refused
	window   time.Duration
	start    time.Time
	used     int
	inFlight int // reserved by requests not yet answered
}

func (c *counter) roll(now time.Time) {
	if c.window <= 0 {
		return
	}
	if start := now.Truncate(c.window); start.After(c.start) {
		c.start, c.used = start, 0
	}
}

// refuse returns why n more does not fit, or nil.
func (c *counter) refuse(now time.Time, n int) *gate.Error {
	c.roll(now)
	if c.limit <= 0 || n == 0 || c.used+n <= c.limit {
		return nil
	}
	wait := c.start.Add(c.window).Sub(now)
	return &gate.Error{
		Type: gate.TypeRateLimited,
		Message: fmt.Sprintf("this request needs %d %s but only %d of the %d per %s remain; the window resets in %d ms",
			n, c.what, max(c.limit-c.used, 0), c.limit, c.window, wait.Milliseconds()),
		RetryAfterMS: ceilMS(wait),
	}
}

func (c *counter) reserve(n int) { c.used += n; c.inFlight += n }

// settle ends a reservation of n. The exchange's header, plus what is still in flight
// (which the header cannot count yet), corrects the count upwards: other programs on the
// same IP or account spend the same budget. A header never lowers the count, since
// answers arrive out of order.
func (c *counter) settle(now time.Time, n int, h http.Header) {
	c.inFlight = max(c.inFlight-n, 0)
	if h == nil {
		return
	}
	c.roll(now)
	if v, err := strconv.Atoi(h.Get(c.header)); err == nil && v >= 0 {
		c.used = max(c.used, v+c.inFlight)
	}
}

// headerName returns Binance's header for a counter over window, e.g. X-MBX-USED-WEIGHT-1M
// for one minute or X-MBX-ORDER-COUNT-10S for ten seconds.
func headerName(prefix string, window time.Duration) string {
	n, unit := int64(window/time.Second), "S"
	switch {
	case window > 0 && window%(24*time.Hour) == 0:
		n, unit = int64(window/(24*time.Hour)), "D"
	case window > 0 && window%time.Hour == 0:
		n, unit = int64(window/time.Hour), "H"
	case window > 0 && window%time.Minute == 0:
		n, unit = int64(window/time.Minute), "M"
	}
	return http.CanonicalHeaderKey(prefix + strconv.FormatInt(n, 10) + unit)
}

// SetLimit sets the request-weight budget: limit weight per window.
func (w *Weights) SetLimit(limit int, window time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.weight.what, w.weight.header = "request weight", headerName("X-MBX-USED-WEIGHT-", window)
	w.weight.limit, w.weight.window = limit, window
}

// Limit is one budget of exchangeInfo's rateLimits.
type Limit struct {
	Limit  int
	Window time.Duration
}

// SetOrderLimits sets the ORDERS budgets. Counts already kept for a window of the same
// length carry over.
func (w *Weights) SetOrderLimits(limits []Limit) {
	w.mu.Lock()
	defer w.mu.Unlock()
	next := make([]counter, 0, len(limits))
	for _, l := range limits {
		c := counter{what: "orders", header: headerName("X-MBX-ORDER-COUNT-", l.Window), window: l.Window}
		for _, old := range w.orders {
			if old.window == l.Window {
				c = old
			}
		}
		c.limit = l.Limit
		next = append(next, c)
	}
	w.orders = next
}

// Snapshot reports the weight used in the current window and the limit (0: unknown).
func (w *Weights) Snapshot(now time.Time) (used, limit int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.weight.roll(now)
	return w.weight.used, w.weight.limit
}

// Usage is one budget's state, for reports such as get_rate_limit_status.
type Usage struct {
	Type   string
	Window time.Duration
	Limit  int // 0: not known yet
	Used   int
}

// Blocked reports the back-off in force at now: its type (rate_limited or ip_banned) and
// how long it still lasts; "" and 0 when there is none.
func (w *Weights) Blocked(now time.Time) (typ string, wait time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if now.Before(w.blockedUntil) {
		return w.blockedType, w.blockedUntil.Sub(now)
	}
	return "", 0
}

// Usage reports every budget at now: request weight first, then the order counts.
func (w *Weights) Usage(now time.Time) []Usage {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]Usage, 0, 1+len(w.orders))
	for i, c := range append([]*counter{&w.weight}, w.orderPtrs()...) {
		c.roll(now)
		typ := "ORDERS"
		if i == 0 {
			typ = "REQUEST_WEIGHT"
		}
		out = append(out, Usage{Type: typ, Window: c.window, Limit: c.limit, Used: c.used})
	}
	return out
}

func (w *Weights) orderPtrs() []*counter {
	ps := make([]*counter, len(w.orders))
	for i := range w.orders {
		ps[i] = &w.orders[i]
	}
	return ps
}

// Reserve charges weight and orders at now, or refuses with a rate_limited or ip_banned
// error that says when to retry. Nothing is charged when it refuses.
func (w *Weights) Reserve(now time.Time, weight, orders int) *gate.Error {
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
	w.weight.what = "request weight"
	if err := w.weight.refuse(now, weight); err != nil {
		return err
	}
	for i := range w.orders {
		if err := w.orders[i].refuse(now, orders); err != nil {
			return err
		}
	}
	w.weight.reserve(weight)
	for i := range w.orders {
		w.orders[i].reserve(orders)
	}
	return nil
}

// Settle ends a request reserved with weight and orders. When the exchange answered
// (up != nil), its X-MBX-USED-WEIGHT-* and X-MBX-ORDER-COUNT-* headers correct the counts
// (see counter.settle). A 429 or 418 starts a back-off of retryAfter.
func (w *Weights) Settle(now time.Time, weight, orders int, up *gate.Upstream, retryAfter time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var h http.Header
	if up != nil {
		h = up.Header
	}
	if w.weight.header == "" { // no limit known yet: still learn the use from the header
		w.weight.header = headerName("X-MBX-USED-WEIGHT-", time.Minute)
	}
	w.weight.settle(now, weight, h)
	for i := range w.orders {
		w.orders[i].settle(now, orders, h)
	}
	if up == nil {
		return
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
			weight, orders := req.Weight, 0
			if req.Op.Order && !req.Op.DryRun {
				orders = 1
			}
			// /sapi and /fapi weights count against their own limits at Binance, not the
			// spot REQUEST_WEIGHT that exchangeInfo gives; a back-off holds for them too.
			if !strings.HasPrefix(req.Op.Path, "/api/") {
				weight = 0
			}
			if err := w.Reserve(now(), weight, orders); err != nil {
				return nil, err
			}
			out, err := next(ctx, req)
			var wait time.Duration
			if req.Upstream != nil {
				wait = retryAfter(req.Upstream.Header)
			}
			w.Settle(now(), weight, orders, req.Upstream, wait)
			return out, err
		}
	}
}
