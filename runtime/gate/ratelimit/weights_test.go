package ratelimit

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/adshao/go-binance/v2"

	"github.com/tollgate/tollgate/runtime/gate"
)

func sendNothing(context.Context, *binance.Client, gate.Params) error { return nil }

var t0 = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

func upstream(status int, used string) *gate.Upstream {
	h := http.Header{}
	if used != "" {
		h.Set("X-MBX-USED-WEIGHT-1M", used)
	}
	return &gate.Upstream{Status: status, Header: h}
}

type step struct {
	now      time.Time
	weight   int            // Reserve this much (0: skip)
	observe  *gate.Upstream // then observe this
	retry    time.Duration  // with this Retry-After
	wantType string         // "" = allowed
	wantMS   int64          // retry_after_ms when refused
	wantUsed int
}

func TestWeights(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"no limit known allows all", []step{
			{now: at(0), weight: 5000, wantUsed: 5000},
		}},
		{"budget then refuse then reset", []step{
			{now: at(0), weight: 1190, wantUsed: 1190},
			{now: at(time.Second), weight: 10, wantUsed: 1200},
			{now: at(2 * time.Second), weight: 1, wantType: gate.TypeRateLimited, wantMS: 58000, wantUsed: 1200},
			{now: at(time.Minute), weight: 1, wantUsed: 1},
		}},
		{"header corrects the count", []step{
			{now: at(0), weight: 2, observe: upstream(200, "1195"), wantUsed: 1195},
			{now: at(time.Second), weight: 25, wantType: gate.TypeRateLimited, wantMS: 59000, wantUsed: 1195},
			{now: at(time.Second), weight: 5, wantUsed: 1200},
		}},
		{"429 blocks everything until Retry-After", []step{
			{now: at(0), weight: 2, observe: upstream(429, ""), retry: 30 * time.Second, wantUsed: 2},
			{now: at(29*time.Second + 999*time.Millisecond), weight: 1, wantType: gate.TypeRateLimited, wantMS: 1, wantUsed: 2},
			{now: at(30 * time.Second), weight: 1, wantUsed: 3},
		}},
		{"a ban that ended does not colour a later 429", []step{
			{now: at(0), weight: 2, observe: upstream(418, ""), retry: 2 * time.Second, wantUsed: 2},
			{now: at(5 * time.Second), weight: 2, observe: upstream(429, ""), retry: 10 * time.Second, wantUsed: 4},
			{now: at(6 * time.Second), weight: 1, wantType: gate.TypeRateLimited, wantMS: 9000},
		}},
		{"418 is a ban and outlasts a later 429", []step{
			{now: at(0), weight: 2, observe: upstream(418, ""), retry: 120 * time.Second, wantUsed: 2},
			{now: at(time.Second), observe: upstream(429, ""), retry: time.Second},
			{now: at(10 * time.Second), weight: 1, wantType: gate.TypeIPBanned, wantMS: 110000},
			{now: at(120 * time.Second), weight: 1, wantUsed: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w Weights
			if tt.name != "no limit known allows all" {
				w.SetLimit(1200, time.Minute)
			}
			for i, s := range tt.steps {
				reserved := 0
				if s.weight > 0 {
					err := w.Reserve(s.now, s.weight, 0)
					if err == nil {
						reserved = s.weight
					}
					if s.wantType == "" && err != nil {
						t.Fatalf("step %d: refused: %v", i, err)
					}
					if s.wantType != "" {
						if err == nil || err.Type != s.wantType || err.RetryAfterMS != s.wantMS {
							t.Fatalf("step %d: err = %+v, want %s after %d ms", i, err, s.wantType, s.wantMS)
						}
					}
				}
				if s.observe != nil || reserved > 0 {
					w.Settle(s.now, reserved, 0, s.observe, s.retry)
				}
				if s.wantUsed != 0 {
					if used, _ := w.Snapshot(s.now); used != s.wantUsed {
						t.Fatalf("step %d: used %d, want %d", i, used, s.wantUsed)
					}
				}
			}
		})
	}
}

// A header answers for the requests it has seen; weight reserved for requests still in
// flight stays counted (found by a fresh user: 200 concurrent calls overran the limit).
func TestSettleKeepsInFlightWeight(t *testing.T) {
	var w Weights
	w.SetLimit(1200, time.Minute)
	for i := 0; i < 3; i++ {
		if err := w.Reserve(t0, 10, 0); err != nil {
			t.Fatal(err)
		}
	}
	w.Settle(t0, 10, 0, upstream(200, "1015"), 0) // 1000 spent elsewhere + ours; two still in flight
	if used, _ := w.Snapshot(t0); used != 1035 {
		t.Fatalf("used %d, want 1015 + 20 in flight", used)
	}
	w.Settle(t0, 10, 0, upstream(200, "1020"), 0) // an older answer cannot lower the count
	w.Settle(t0, 10, 0, nil, 0)                   // a request that got no answer releases its weight
	if used, _ := w.Snapshot(t0); used != 1035 {
		t.Fatalf("used %d, want 1035", used)
	}
	if w.weight.inFlight != 0 {
		t.Fatalf("in flight %d after every request settled", w.weight.inFlight)
	}
}

// The stage refuses locally: after a 429 the next handler is not called at all.
func TestStageSendsNothingWhileBackingOff(t *testing.T) {
	var w Weights
	w.SetLimit(1200, time.Minute)
	now := t0
	sent := 0
	next := func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
		sent++
		req.Upstream = upstream(429, "600")
		return nil, &gate.Error{Type: gate.TypeRateLimited}
	}
	h := New(&w, func() time.Time { return now }, func(http.Header) time.Duration { return 5 * time.Second })(next)
	req := func() *gate.Request {
		return &gate.Request{Op: &gate.Op{Name: "ticker_price", Send: sendNothing}, Weight: 2}
	}
	h(context.Background(), req())
	for _, d := range []time.Duration{time.Second, 4 * time.Second} {
		now = t0.Add(d)
		if _, err := h(context.Background(), req()); !errors.Is(err, gate.ErrRateLimited) {
			t.Fatalf("at +%s: err = %v, want rate_limited", d, err)
		}
	}
	if sent != 1 {
		t.Fatalf("sent %d requests during the back-off, want only the first", sent)
	}
	now = t0.Add(5 * time.Second)
	h(context.Background(), req())
	if sent != 2 {
		t.Fatalf("after Retry-After: sent %d, want 2", sent)
	}
}

// Hammer: concurrent reservations never overspend the budget.
func TestWeightsConcurrent(t *testing.T) {
	var w Weights
	w.SetLimit(1000, time.Minute)
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 500; j++ {
				if w.Reserve(t0, 3, 0) == nil {
					mu.Lock()
					granted += 3
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if granted > 1000 || granted < 997 {
		t.Fatalf("granted %d weight, want the largest multiple of 3 within 1000", granted)
	}
}

func TestOrderCounts(t *testing.T) {
	w := &Weights{}
	w.SetLimit(6000, time.Minute)
	w.SetOrderLimits([]Limit{{Limit: 100, Window: 10 * time.Second}, {Limit: 200000, Window: 24 * time.Hour}})
	h := http.Header{}
	h.Set("X-MBX-ORDER-COUNT-10S", "98") // 97 placed by another program on the account, plus ours
	h.Set("X-MBX-ORDER-COUNT-1D", "5000")
	if err := w.Reserve(at(time.Second), 1, 1); err != nil {
		t.Fatal(err)
	}
	w.Settle(at(time.Second), 1, 1, &gate.Upstream{Status: 200, Header: h}, 0)

	if err := w.Reserve(at(2*time.Second), 1, 1); err != nil { // the 99th
		t.Fatalf("99th order refused: %v", err)
	}
	if err := w.Reserve(at(2*time.Second), 1, 1); err != nil { // the 100th, still in flight with the 99th
		t.Fatalf("100th order refused: %v", err)
	}
	err := w.Reserve(at(3*time.Second), 1, 1)
	if err == nil || err.Type != gate.TypeRateLimited || err.RetryAfterMS != 7000 {
		t.Fatalf("101st order in the window: got %v, want rate_limited retrying in 7000 ms", err)
	}
	if err := w.Reserve(at(3*time.Second), 1, 0); err != nil { // a read is not an order
		t.Fatalf("non-order request refused by the order count: %v", err)
	}
	if err := w.Reserve(at(10*time.Second), 1, 1); err != nil { // next 10 s window
		t.Fatalf("order in a new window refused: %v", err)
	}
	var day Usage
	for _, u := range w.Usage(at(10 * time.Second)) {
		if u.Type == "ORDERS" && u.Window == 24*time.Hour {
			day = u
		}
	}
	if day.Used != 5003 || day.Limit != 200000 {
		t.Fatalf("daily order count %+v, want 5003 of 200000", day)
	}
}
