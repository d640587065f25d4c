package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/audit"
)

var marketCall = gate.Call{RequestID: "r1", Tool: "t", Module: "market", Grants: gate.Grants{gate.GrantMarketData}}

func newGate(t *testing.T, opts ...binancetest.Option) (*Gate, *binancetest.Server, *bytes.Buffer) {
	t.Helper()
	ex := binancetest.New(opts...)
	ex.Start()
	t.Cleanup(ex.Close)
	var log bytes.Buffer
	g := New(Config{BaseURL: ex.URL(), Timeout: 5 * time.Second, InfoTTL: time.Hour, Audit: audit.New(&log, nil)})
	return g, ex, &log
}

func params(t *testing.T, s string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../../internal/binancetest/testdata/python-binance-recordings/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sameJSON(t *testing.T, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got invalid JSON %q: %v", got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Fatalf("got  %s\nwant %s", gb, wb)
	}
}

// Every accepted request makes exactly one request at the exchange, with the expected
// path and query; the answer is the exchange's JSON as sent.
func TestMarketOpsReachTheExchange(t *testing.T) {
	g, ex, _ := newGate(t)
	ctx := context.Background()
	// Warm the exchangeInfo cache so that each case below counts only its own request.
	if _, err := g.Handle(ctx, marketCall, "symbols", nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		op, params, path, query string
		fixture                 string
	}{
		{"ticker_price", `{"symbol":"btcusdt"}`, "/api/v3/ticker/price", "symbol=BTCUSDT", "ticker_price_BTCUSDT_testnet.json"},
		{"ticker_24hr", `{"symbol":"BTCUSDT"}`, "/api/v3/ticker/24hr", "symbol=BTCUSDT", "ticker_24hr_BTCUSDT_testnet.json"},
		{"book_ticker", `{"symbol":"BTCUSDT"}`, "/api/v3/ticker/bookTicker", "symbol=BTCUSDT", "ticker_bookTicker_BTCUSDT_testnet.json"},
		{"avg_price", `{"symbol":"BTCUSDT"}`, "/api/v3/avgPrice", "symbol=BTCUSDT", "avgPrice_BTCUSDT_testnet.json"},
		{"depth", `{"symbol":"BTCUSDT","limit":100}`, "/api/v3/depth", "limit=100&symbol=BTCUSDT", "depth_BTCUSDT_limit100_testnet.json"},
		{"klines", `{"symbol":"BTCUSDT","interval":"1d"}`, "/api/v3/klines", "interval=1d&symbol=BTCUSDT", "klines_BTCUSDT_1d_testnet.json"},
		{"recent_trades", `{"symbol":"BTCUSDT","limit":"3"}`, "/api/v3/trades", "limit=3&symbol=BTCUSDT", ""},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			ex.Reset()
			out, err := g.Handle(ctx, marketCall, tt.op, params(t, tt.params))
			if err != nil {
				t.Fatal(err)
			}
			reqs := ex.Requests()
			if len(reqs) != 1 || reqs[0].Path != tt.path || reqs[0].RawQuery != tt.query {
				t.Fatalf("exchange saw %+v, want one %s?%s", reqs, tt.path, tt.query)
			}
			if tt.fixture != "" {
				sameJSON(t, out, fixture(t, tt.fixture))
			}
		})
	}
}

// A rejected request never reaches the exchange.
func TestRejectedRequestsSendNothing(t *testing.T) {
	g, ex, log := newGate(t)
	ctx := context.Background()
	if _, err := g.Handle(ctx, marketCall, "symbols", nil); err != nil {
		t.Fatal(err)
	}
	ex.Reset()
	tests := []struct {
		name, op, params, field string
		want                    *gate.Error
		call                    gate.Call
	}{
		{name: "unknown symbol", op: "ticker_price", params: `{"symbol":"FOOBAR"}`, field: "symbol", want: gate.ErrValidation},
		{name: "ampersand", op: "ticker_price", params: `{"symbol":"BTCUSDT&limit=5000"}`, field: "symbol", want: gate.ErrValidation},
		{name: "limit", op: "depth", params: `{"symbol":"BTCUSDT","limit":5001}`, field: "limit", want: gate.ErrValidation},
		{name: "unknown op", op: "withdraw", params: `{}`, field: "op", want: gate.ErrValidation},
		{name: "no grant", op: "ticker_price", params: `{"symbol":"BTCUSDT"}`, want: gate.ErrPermissionDenied,
			call: gate.Call{Module: "nogrants"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call := marketCall
			if tt.call.Module != "" {
				call = tt.call
			}
			_, err := g.Handle(ctx, call, tt.op, params(t, tt.params))
			var ge *gate.Error
			if !errors.Is(err, tt.want) || !errors.As(err, &ge) || ge.Field != tt.field {
				t.Fatalf("err = %#v, want %s on field %q", err, tt.want.Type, tt.field)
			}
		})
	}
	if n := len(ex.Requests()); n != 0 {
		t.Fatalf("the exchange saw %d requests for rejected input", n)
	}
	for _, event := range []string{`"event_type":"validation_error"`, `"event_type":"permission_denied"`} {
		if !bytes.Contains(log.Bytes(), []byte(event)) {
			t.Errorf("audit log lacks %s:\n%s", event, log)
		}
	}
}

// The exchangeInfo budget is not hard-coded: it comes from rateLimits, and weight headers
// correct our count.
func TestWeightBudgetFromExchangeInfo(t *testing.T) {
	g, ex, _ := newGate(t, binancetest.WithRequestWeightLimit(300))
	ctx := context.Background()
	if _, err := g.Handle(ctx, marketCall, "ticker_price", params(t, `{"symbol":"BTCUSDT"}`)); err != nil {
		t.Fatal(err)
	}
	used, limit := g.Weights()
	if limit != 300 || used != ex.UsedWeight() {
		t.Fatalf("gate sees %d/%d, exchange %d/300", used, limit, ex.UsedWeight())
	}
	ex.SetUsedWeight(290)
	// A light call passes and its header tells us 292 are used...
	if _, err := g.Handle(ctx, marketCall, "ticker_price", params(t, `{"symbol":"BTCUSDT"}`)); err != nil {
		t.Fatal(err)
	}
	ex.Reset()
	// ...so a depth of weight 25 is refused locally, and a weight-5 depth still passes.
	_, err := g.Handle(ctx, marketCall, "depth", params(t, `{"symbol":"BTCUSDT","limit":500}`))
	var ge *gate.Error
	if !errors.As(err, &ge) || ge.Type != gate.TypeRateLimited || ge.RetryAfterMS <= 0 {
		t.Fatalf("heavy call: err = %#v, want rate_limited with retry_after_ms", err)
	}
	if _, err := g.Handle(ctx, marketCall, "depth", params(t, `{"symbol":"BTCUSDT","limit":5}`)); err != nil {
		t.Fatalf("light call: %v", err)
	}
	if n := ex.CountRequests("/api/v3/depth"); n != 1 {
		t.Fatalf("exchange saw %d depth requests, want 1 (the light one)", n)
	}
}

// After a 429, nothing is sent until Retry-After has passed.
func TestBackOffAfter429(t *testing.T) {
	clock := binancetest.NewManualClock(time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC))
	ex := binancetest.New(binancetest.WithClock(clock.Now))
	ex.Start()
	defer ex.Close()
	g := New(Config{BaseURL: ex.URL(), Timeout: 5 * time.Second, InfoTTL: time.Hour, Now: clock.Now})
	ctx := context.Background()
	p := params(t, `{"symbol":"BTCUSDT"}`)
	if _, err := g.Handle(ctx, marketCall, "ticker_price", p); err != nil {
		t.Fatal(err)
	}
	ex.Reset()
	if err := ex.AddFault(binancetest.Fault{Kind: binancetest.FaultRateLimited, RetryAfter: 30}); err != nil {
		t.Fatal(err)
	}
	_, err := g.Handle(ctx, marketCall, "ticker_price", p)
	if !errors.Is(err, gate.ErrRateLimited) {
		t.Fatalf("first call: %v, want rate_limited from the exchange", err)
	}
	for _, d := range []time.Duration{time.Second, 29 * time.Second} {
		clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC).Add(d))
		_, err := g.Handle(ctx, marketCall, "ticker_price", p)
		var ge *gate.Error
		if !errors.As(err, &ge) || ge.Type != gate.TypeRateLimited || ge.RetryAfterMS <= 0 {
			t.Fatalf("at +%s: %#v, want a local rate_limited", d, err)
		}
	}
	if n := len(ex.Requests()); n != 1 {
		t.Fatalf("exchange saw %d requests during the back-off, want 1", n)
	}
	clock.Set(time.Date(2026, 12, 3, 10, 0, 30, 0, time.UTC))
	if _, err := g.Handle(ctx, marketCall, "ticker_price", p); err != nil {
		t.Fatalf("after Retry-After: %v", err)
	}
}

func TestCachedOps(t *testing.T) {
	g, ex, _ := newGate(t)
	ctx := context.Background()
	out, err := g.Handle(ctx, marketCall, "exchange_info", params(t, `{"symbol":"ethbtc"}`))
	if err != nil {
		t.Fatal(err)
	}
	var sym struct {
		Symbol  string            `json:"symbol"`
		Filters []json.RawMessage `json:"filters"`
	}
	if err := json.Unmarshal(out, &sym); err != nil || sym.Symbol != "ETHBTC" || len(sym.Filters) == 0 {
		t.Fatalf("exchange_info = %.200s (err %v)", out, err)
	}
	tests := []struct {
		params      string
		total       int
		first, last string
		n           int
	}{
		{`{}`, 2276, "ETHBTC", "", 100},
		{`{"quoteAsset":"usdt","limit":1000}`, 455, "BTCUSDT", "", 455},
		{`{"quoteAsset":"USDT","status":"trading","offset":"360","limit":5}`, 361, "", "", 1},
		{`{"baseAsset":"BTC","search":"usd"}`, 7, "BTCUSDT", "", 7},
		{`{"search":"btcusd"}`, 5, "BTCUSDT", "", 5},
		{`{"offset":2276}`, 2276, "", "", 0},
	}
	for _, tt := range tests {
		out, err := g.Handle(ctx, marketCall, "symbols", params(t, tt.params))
		if err != nil {
			t.Fatalf("%s: %v", tt.params, err)
		}
		var got struct {
			Total   int `json:"total"`
			Symbols []struct {
				Symbol string `json:"symbol"`
			} `json:"symbols"`
		}
		if err := json.Unmarshal(out, &got); err != nil || got.Symbols == nil {
			t.Fatalf("%s: %s (%v)", tt.params, out, err)
		}
		if got.Total != tt.total || len(got.Symbols) != tt.n || (tt.first != "" && got.Symbols[0].Symbol != tt.first) {
			t.Errorf("%s: total %d, %d rows, first %+v; want %d, %d, %q", tt.params, got.Total, len(got.Symbols), got.Symbols, tt.total, tt.n, tt.first)
		}
	}
	if n := ex.CountRequests("/api/v3/exchangeInfo"); n != 1 {
		t.Fatalf("exchangeInfo fetched %d times, want once", n)
	}
}
