package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/runtime/gate"
)

// Scenarios of Binance's limits played against the stand-in with one manual clock shared
// by the gate and the exchange: nothing sleeps, and every retry_after_ms is exact. Each
// scenario asserts the full list of requests the stand-in recorded, so a local refusal is
// shown to have sent nothing. Subtests run in parallel: each has its own clock and stand-in.

// scenarioGate is newGate with the gate and the stand-in reading clock.
func scenarioGate(t *testing.T, clock *binancetest.ManualClock, opts ...binancetest.Option) (*Gate, *binancetest.Server) {
	t.Helper()
	ex := binancetest.New(append([]binancetest.Option{binancetest.WithClock(clock.Now)}, opts...)...)
	ex.Start()
	t.Cleanup(ex.Close)
	return New(Config{BaseURL: ex.URL(), Timeout: 5 * time.Second, InfoTTL: time.Hour, Now: clock.Now}), ex
}

// recorded lists what the stand-in received since its last Reset, one "METHOD path status"
// per request.
func recorded(ex *binancetest.Server) []string {
	var out []string
	for _, r := range ex.Requests() {
		out = append(out, fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status))
	}
	return out
}

func wantRecorded(t *testing.T, ex *binancetest.Server, want ...string) {
	t.Helper()
	if got := recorded(ex); !slices.Equal(got, want) {
		t.Fatalf("the stand-in recorded\n  %q\nwant\n  %q", got, want)
	}
}

// wantRefused checks that err is a gate error of type typ asking to wait exactly retry.
func wantRefused(t *testing.T, what string, err error, typ string, retry time.Duration) {
	t.Helper()
	var ge *gate.Error
	if !errors.As(err, &ge) || ge.Type != typ || ge.RetryAfterMS != retry.Milliseconds() {
		t.Fatalf("%s: err = %#v, want %s with retry_after_ms %d", what, err, typ, retry.Milliseconds())
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

const (
	getTicker  = "GET /api/v3/ticker/price 200"
	getDepth   = "GET /api/v3/depth 200"
	getInfo    = "GET /api/v3/exchangeInfo 200"
	postOrder  = "POST /api/v3/order 200"
	tickerPath = "/api/v3/ticker/price"
)

// A 429 or 418 from Binance is passed on with Binance's Retry-After; until it has passed,
// every request is refused locally with the same type and the time still to wait, and the
// exchange sees nothing; then requests flow again.
func TestScenarioBackOff(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		fault binancetest.Fault
		first string // what the stand-in records for the faulted request
		want  string // the error type, from Binance and then locally
		wait  time.Duration
	}{
		{"429 rate limited", binancetest.Fault{Kind: binancetest.FaultRateLimited, RetryAfter: 30, Path: tickerPath},
			"GET /api/v3/ticker/price 429", gate.TypeRateLimited, 30 * time.Second},
		{"418 banned", binancetest.Fault{Kind: binancetest.FaultBanned, RetryAfter: 300, Path: tickerPath},
			"GET /api/v3/ticker/price 418", gate.TypeIPBanned, 5 * time.Minute},
		{"418 banned, Binance's shortest ban", binancetest.Fault{Kind: binancetest.FaultBanned, Path: tickerPath},
			"GET /api/v3/ticker/price 418", gate.TypeIPBanned, 2 * time.Minute},
	}
	ctx := context.Background()
	ticker := params(t, `{"symbol":"BTCUSDT"}`)
	lightDepth := params(t, `{"symbol":"BTCUSDT","limit":5}`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := binancetest.NewManualClock(t0)
			g, ex := scenarioGate(t, clock)
			if _, err := g.Handle(ctx, marketCall, "ticker_price", ticker); err != nil {
				t.Fatal(err) // fills the exchangeInfo cache
			}
			ex.Reset()
			if err := ex.AddFault(tt.fault); err != nil {
				t.Fatal(err)
			}

			_, err := g.Handle(ctx, marketCall, "ticker_price", ticker)
			wantRefused(t, "from Binance", err, tt.want, tt.wait)
			wantRecorded(t, ex, tt.first)

			for _, d := range []time.Duration{time.Millisecond, tt.wait / 2, tt.wait - time.Millisecond} {
				clock.Set(t0.Add(d))
				_, err := g.Handle(ctx, marketCall, "ticker_price", ticker)
				wantRefused(t, fmt.Sprintf("ticker_price at +%s", d), err, tt.want, tt.wait-d)
				_, err = g.Handle(ctx, marketCall, "depth", lightDepth) // another endpoint is held too
				wantRefused(t, fmt.Sprintf("depth at +%s", d), err, tt.want, tt.wait-d)
			}
			wantRecorded(t, ex, tt.first)

			clock.Set(t0.Add(tt.wait))
			if _, err := g.Handle(ctx, marketCall, "ticker_price", ticker); err != nil {
				t.Fatalf("after Retry-After: %v", err)
			}
			wantRecorded(t, ex, tt.first, getTicker)
		})
	}
}

// When X-MBX-USED-WEIGHT-1M says the minute's budget is nearly spent, a heavy request is
// refused locally until the minute turns, while a light one in the same minute still goes.
func TestScenarioWeightNearLimit(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 15, 0, time.UTC)
	toNextMinute := 45 * time.Second
	tests := []struct {
		name  string
		limit int // REQUEST_WEIGHT in exchangeInfo; 0 keeps the recorded 1200
		used  int // weight already spent this minute, by other programs on this IP
		heavy string
	}{
		{"limit 100, depth 500 (25) on 82 used", 100, 80, `{"symbol":"BTCUSDT","limit":500}`},
		{"limit 300, depth 5000 (250) on 62 used", 300, 60, `{"symbol":"BTCUSDT","limit":5000}`},
		{"recorded 1200, depth 5000 (250) on 952 used", 0, 950, `{"symbol":"BTCUSDT","limit":5000}`},
	}
	ctx := context.Background()
	light := params(t, `{"symbol":"BTCUSDT"}`) // ticker_price, weight 2
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := binancetest.NewManualClock(t0)
			var opts []binancetest.Option
			limit := 1200
			if tt.limit != 0 {
				opts, limit = append(opts, binancetest.WithRequestWeightLimit(tt.limit)), tt.limit
			}
			g, ex := scenarioGate(t, clock, opts...)
			heavy := params(t, tt.heavy)
			if _, err := g.Handle(ctx, marketCall, "ticker_price", light); err != nil {
				t.Fatal(err)
			}
			ex.SetUsedWeight(tt.used)
			ex.Reset()

			if _, err := g.Handle(ctx, marketCall, "ticker_price", light); err != nil {
				t.Fatalf("light call before: %v", err)
			}
			if used, l := g.Weights(); used != tt.used+2 || l != limit {
				t.Fatalf("gate sees %d/%d after the header, want %d/%d", used, l, tt.used+2, limit)
			}
			_, err := g.Handle(ctx, marketCall, "depth", heavy)
			wantRefused(t, "heavy call", err, gate.TypeRateLimited, toNextMinute)
			if _, err := g.Handle(ctx, marketCall, "ticker_price", light); err != nil {
				t.Fatalf("light call after the refusal: %v", err)
			}
			wantRecorded(t, ex, getTicker, getTicker)
			if got := ex.UsedWeight(); got != tt.used+4 {
				t.Fatalf("stand-in used weight %d, want %d", got, tt.used+4)
			}

			clock.Set(t0.Add(toNextMinute))
			if _, err := g.Handle(ctx, marketCall, "depth", heavy); err != nil {
				t.Fatalf("heavy call in the next minute: %v", err)
			}
			wantRecorded(t, ex, getTicker, getTicker, getDepth)
		})
	}
}

// The weight budget is exchangeInfo's REQUEST_WEIGHT limit, not a constant: from a fresh
// minute, depth calls of weight 50 after the exchangeInfo fetch (20) stop at a different
// call for each limit the stand-in serves, and none of them is ever answered 429.
func TestScenarioWeightLimitFromExchangeInfo(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 15, 0, time.UTC)
	tests := []struct {
		limit  int // 0 keeps the recorded 1200
		passed int // 20 + 50*passed <= limit < 20 + 50*(passed+1)
	}{
		{100, 1},
		{300, 5},
		{0, 23},
	}
	ctx := context.Background()
	depth := params(t, `{"symbol":"BTCUSDT","limit":1000}`)
	for _, tt := range tests {
		name := fmt.Sprintf("limit %d", tt.limit)
		if tt.limit == 0 {
			name = "recorded limit 1200"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := binancetest.NewManualClock(t0)
			var opts []binancetest.Option
			if tt.limit != 0 {
				opts = append(opts, binancetest.WithRequestWeightLimit(tt.limit))
			}
			g, ex := scenarioGate(t, clock, opts...)
			passed := 0
			for ; passed <= 200; passed++ {
				_, err := g.Handle(ctx, marketCall, "depth", depth)
				if err != nil {
					wantRefused(t, fmt.Sprintf("depth #%d", passed+1), err, gate.TypeRateLimited, 45*time.Second)
					break
				}
			}
			if passed != tt.passed {
				t.Fatalf("%d depth calls passed, want %d", passed, tt.passed)
			}
			wantRecorded(t, ex, append([]string{getInfo}, repeat(getDepth, tt.passed)...)...)
			if got, want := ex.UsedWeight(), 20+50*tt.passed; got != want {
				t.Fatalf("stand-in used weight %d, want %d", got, want)
			}
		})
	}
}

// Orders count against exchangeInfo's ORDERS limit of 50 per 10 s, kept locally and
// corrected by X-MBX-ORDER-COUNT-10S (which also counts orders of other clients on the
// account). The order that would pass the limit is refused locally; other ops, including
// test orders, still go; the next 10 s window takes orders again.
func TestScenarioOrderCount(t *testing.T) {
	// 10:00:03: the 10 s window ends at 10:00:10.
	t0 := time.Date(2026, 12, 3, 10, 0, 3, 0, time.UTC)
	toNextWindow := 7 * time.Second
	// Valid for BTCUSDT in the recorded exchangeInfo at the reference price 65861.66:
	// tickSize 0.01, stepSize 0.00001, NOTIONAL >= 10, PERCENT_PRICE_BY_SIDE 0.2x..5x.
	orders := []string{
		`{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"65000.00"}`,
		`{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"0.001"}`,
		`{"symbol":"BTCUSDT","side":"SELL","type":"LIMIT","timeInForce":"GTC","quantity":"0.00100","price":"66500.50"}`,
	}
	tests := []struct {
		name      string
		elsewhere int // orders another client on the same account placed first, this window
	}{
		{"alone", 0},
		{"another client placed 30", 30},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := binancetest.NewManualClock(t0)
			g, ex := newSignedGate(t, signedSetup{creds: testCredentials(t), trading: true, local: clock, server: clock})
			other := New(Config{BaseURL: ex.URL(), Timeout: 5 * time.Second, InfoTTL: time.Hour,
				Credentials: testCredentials(t), TradingEnabled: true, Now: clock.Now})
			order := func(by *Gate, i int) error {
				_, err := by.Handle(ctx, tradeCall, "order", params(t, orders[i%len(orders)]))
				return err
			}
			// Each gate syncs its clock and fills its exchangeInfo cache with a test order,
			// which Binance does not count.
			for _, by := range []*Gate{g, other} {
				if _, err := by.Handle(ctx, tradeCall, "order_test", params(t, orders[0])); err != nil {
					t.Fatalf("order_test: %v", err)
				}
			}
			ex.Reset()
			for i := range tt.elsewhere {
				if err := order(other, i); err != nil {
					t.Fatalf("other client's order %d: %v", i+1, err)
				}
			}

			placed := 0
			for ; placed <= 60; placed++ {
				if err := order(g, placed); err != nil {
					wantRefused(t, fmt.Sprintf("order %d", tt.elsewhere+placed+1), err, gate.TypeRateLimited, toNextWindow)
					break
				}
			}
			if want := 50 - tt.elsewhere; placed != want {
				t.Fatalf("%d orders placed, want %d", placed, want)
			}
			want := repeat(postOrder, 50)
			wantRecorded(t, ex, want...)
			if got := ex.OrderCounts()["X-MBX-ORDER-COUNT-10S"]; got != 50 {
				t.Fatalf("stand-in counted %d orders this window, want 50", got)
			}

			// The refusal holds only orders.
			if _, err := g.Handle(ctx, accountCall, "account", nil); err != nil {
				t.Fatalf("account: %v", err)
			}
			if _, err := g.Handle(ctx, tradeCall, "ticker_price", params(t, `{"symbol":"BTCUSDT"}`)); err != nil {
				t.Fatalf("ticker_price: %v", err)
			}
			if _, err := g.Handle(ctx, tradeCall, "order_test", params(t, orders[0])); err != nil {
				t.Fatalf("order_test: %v", err)
			}
			err := order(g, 0)
			wantRefused(t, "order after the other ops", err, gate.TypeRateLimited, toNextWindow)
			want = append(want, "GET /api/v3/account 200", getTicker, "POST /api/v3/order/test 200")
			wantRecorded(t, ex, want...)

			clock.Set(t0.Add(toNextWindow - time.Millisecond))
			err = order(g, 0)
			wantRefused(t, "order 1 ms before the window ends", err, gate.TypeRateLimited, time.Millisecond)
			clock.Set(t0.Add(toNextWindow))
			if err := order(g, 0); err != nil {
				t.Fatalf("order in the next window: %v", err)
			}
			wantRecorded(t, ex, append(want, postOrder)...)
			counts := ex.OrderCounts()
			if counts["X-MBX-ORDER-COUNT-10S"] != 1 || counts["X-MBX-ORDER-COUNT-1D"] != 51 {
				t.Fatalf("stand-in order counts %v, want 1 in 10 s and 51 in the day", counts)
			}
		})
	}
}
