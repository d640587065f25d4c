package validate

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/exchangeinfo"
	"github.com/tollgate/tollgate/runtime/gate/ops"
)

// listed is a stand-in for the exchangeInfo cache: three real symbols, one of them with
// non-ASCII letters as Binance lists some.
type listed map[string]bool

func (l listed) Lookup(_ context.Context, name string) (*exchangeinfo.Symbol, error) {
	if !l[name] {
		return nil, nil
	}
	return &exchangeinfo.Symbol{Name: name, Status: "TRADING", Raw: symbolRaw(name)}, nil
}

// symbolRaw is the symbol's object from the fixture exchangeInfo, or, for a symbol the
// 2023 fixture does not list, a minimal object with the same fields and no filters.
func symbolRaw(name string) json.RawMessage {
	fixtureOnce.Do(func() {
		b, err := os.ReadFile("../../../internal/binancetest/testdata/exchangeInfo_spot_2023-08-13_full.json")
		if err != nil {
			panic(err)
		}
		var doc struct{ Symbols []json.RawMessage }
		if err := json.Unmarshal(b, &doc); err != nil {
			panic(err)
		}
		fixtureSymbols = map[string]json.RawMessage{}
		for _, raw := range doc.Symbols {
			var s struct{ Symbol string }
			_ = json.Unmarshal(raw, &s)
			fixtureSymbols[s.Symbol] = raw
		}
	})
	if raw, ok := fixtureSymbols[name]; ok {
		return raw
	}
	q, _ := json.Marshal(name)
	return json.RawMessage(`{"symbol":` + string(q) + `,"status":"TRADING","orderTypes":["LIMIT","LIMIT_MAKER","MARKET"],"icebergAllowed":false,"quoteOrderQtyMarketAllowed":true,"allowTrailingStop":false,"isSpotTradingAllowed":true,"permissions":["SPOT"],"filters":[]}`)
}

var (
	fixtureOnce    sync.Once
	fixtureSymbols map[string]json.RawMessage
)

func (listed) Invalidate() {}

var syms = listed{"BTCUSDT": true, "ETHBTC": true, "币安人生USDT": true}

// Each rule has a rejected input and the nearest accepted one.
func TestParams(t *testing.T) {
	market := ops.Market()
	tests := []struct {
		name      string
		op        string
		params    string
		wantField string // "" = accepted
		want      gate.Params
	}{
		{name: "symbol listed", op: "ticker_price", params: `{"symbol":"BTCUSDT"}`, want: gate.Params{"symbol": "BTCUSDT"}},
		{name: "symbol lower case is upper-cased", op: "ticker_price", params: `{"symbol":"btcusdt"}`, want: gate.Params{"symbol": "BTCUSDT"}},
		{name: "symbol not listed", op: "ticker_price", params: `{"symbol":"FOOBAR"}`, wantField: "symbol"},
		{name: "symbol non-ASCII listed", op: "ticker_price", params: `{"symbol":"币安人生usdt"}`, want: gate.Params{"symbol": "币安人生USDT"}},
		{name: "symbol with ampersand", op: "ticker_price", params: `{"symbol":"BTC&USDT"}`, wantField: "symbol"},
		{name: "symbol with equals", op: "ticker_price", params: `{"symbol":"BTCUSDT=1"}`, wantField: "symbol"},
		{name: "symbol with space", op: "ticker_price", params: `{"symbol":"BTC USDT"}`, wantField: "symbol"},
		{name: "symbol with newline", op: "ticker_price", params: `{"symbol":"BTCUSDT\n"}`, wantField: "symbol"},
		{name: "symbol with zero-width joiner", op: "ticker_price", params: `{"symbol":"BTC\u200dUSDT"}`, wantField: "symbol"},
		{name: "symbol 21 chars", op: "ticker_price", params: `{"symbol":"ABCDEFGHIJKLMNOPQRSTU"}`, wantField: "symbol"},
		{name: "symbol empty", op: "ticker_price", params: `{"symbol":""}`, wantField: "symbol"},
		{name: "symbol number", op: "ticker_price", params: `{"symbol":42}`, wantField: "symbol"},
		{name: "symbol missing", op: "ticker_price", params: `{}`, wantField: "symbol"},
		{name: "symbol null is missing", op: "ticker_price", params: `{"symbol":null}`, wantField: "symbol"},
		{name: "unknown param", op: "ticker_price", params: `{"symbol":"BTCUSDT","symbols":"x"}`, wantField: "symbols"},
		{name: "limit max", op: "depth", params: `{"symbol":"BTCUSDT","limit":5000}`, want: gate.Params{"symbol": "BTCUSDT", "limit": int64(5000)}},
		{name: "limit over max", op: "depth", params: `{"symbol":"BTCUSDT","limit":5001}`, wantField: "limit"},
		{name: "limit min", op: "depth", params: `{"symbol":"BTCUSDT","limit":1}`, want: gate.Params{"symbol": "BTCUSDT", "limit": int64(1)}},
		{name: "limit zero", op: "depth", params: `{"symbol":"BTCUSDT","limit":0}`, wantField: "limit"},
		{name: "limit as digit string", op: "depth", params: `{"symbol":"BTCUSDT","limit":"10"}`, want: gate.Params{"symbol": "BTCUSDT", "limit": int64(10)}},
		{name: "limit fractional", op: "depth", params: `{"symbol":"BTCUSDT","limit":10.5}`, wantField: "limit"},
		{name: "limit exponent", op: "depth", params: `{"symbol":"BTCUSDT","limit":1e2}`, wantField: "limit"},
		{name: "limit huge", op: "depth", params: `{"symbol":"BTCUSDT","limit":99999999999999999999}`, wantField: "limit"},
		{name: "limit bool", op: "depth", params: `{"symbol":"BTCUSDT","limit":true}`, wantField: "limit"},
		{name: "interval known", op: "klines", params: `{"symbol":"BTCUSDT","interval":"1M"}`, want: gate.Params{"symbol": "BTCUSDT", "interval": "1M"}},
		{name: "interval case matters", op: "klines", params: `{"symbol":"BTCUSDT","interval":"1H"}`, wantField: "interval"},
		{name: "interval missing", op: "klines", params: `{"symbol":"BTCUSDT"}`, wantField: "interval"},
		{name: "times in order", op: "klines", params: `{"symbol":"BTCUSDT","interval":"1d","startTime":1,"endTime":1}`, want: gate.Params{"symbol": "BTCUSDT", "interval": "1d", "startTime": int64(1), "endTime": int64(1)}},
		{name: "start after end", op: "klines", params: `{"symbol":"BTCUSDT","interval":"1d","startTime":2,"endTime":1}`, wantField: "startTime"},
		{name: "negative time", op: "klines", params: `{"symbol":"BTCUSDT","interval":"1d","startTime":-1}`, wantField: "startTime"},
		{name: "klines limit 1000", op: "klines", params: `{"symbol":"BTCUSDT","interval":"1d","limit":1000}`, want: gate.Params{"symbol": "BTCUSDT", "interval": "1d", "limit": int64(1000)}},
		{name: "klines limit 1001", op: "klines", params: `{"symbol":"BTCUSDT","interval":"1d","limit":1001}`, wantField: "limit"},
		{name: "symbols takes nothing", op: "symbols", params: `{}`, want: gate.Params{}},
		{name: "symbols refuses a param", op: "symbols", params: `{"quote":"USDT"}`, wantField: "quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(tt.params), &raw); err != nil {
				t.Fatal(err)
			}
			got, err := Params(context.Background(), market.Lookup(tt.op), raw, Config{Symbols: syms})
			if tt.wantField != "" {
				var ge *gate.Error
				if !errors.As(err, &ge) || !errors.Is(err, gate.ErrValidation) {
					t.Fatalf("err = %v, want a validation error", err)
				}
				if ge.Field != tt.wantField || ge.Message == "" || ge.Accepted == "" {
					t.Errorf("error %+v: want field %q with a message and what is accepted", ge, tt.wantField)
				}
				if got != nil {
					t.Errorf("params = %v alongside an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("params = %#v, want %#v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("params[%s] = %#v, want %#v", k, got[k], v)
				}
			}
		})
	}
}

func TestDepthWeight(t *testing.T) {
	depth := ops.Market().Lookup("depth")
	for _, tt := range []struct {
		limit  int64
		weight int
	}{{1, 5}, {100, 5}, {101, 25}, {500, 25}, {501, 50}, {1000, 50}, {1001, 250}, {5000, 250}} {
		if got := depth.Weight(gate.Params{"limit": tt.limit}); got != tt.weight {
			t.Errorf("depth limit %d: weight %d, want %d", tt.limit, got, tt.weight)
		}
	}
	if got := depth.Weight(gate.Params{}); got != 5 {
		t.Errorf("depth default limit: weight %d, want 5", got)
	}
}

// avgPrices is a stand-in for the gate's average-price lookup.
type avgPrices map[string]string

func (a avgPrices) AvgPrice(_ context.Context, symbol string) (decimal.Decimal, bool) {
	s, ok := a[symbol]
	if !ok {
		return decimal.Decimal{}, false
	}
	return decimal.RequireFromString(s), true
}

// The average price is asked for only when a filter needs it, and PERCENT_PRICE_BY_SIDE
// is then checked here rather than left to Binance.
func TestOrderAveragePrice(t *testing.T) {
	op := ops.Signed().Lookup("order_test")
	avg := avgPrices{"BTCUSDT": "65873.77736077"} // BUY limits: 0.2x to 5x
	for _, tc := range []struct {
		name, params string
		market       Market
		wantFilter   string // "" = accepted
	}{
		{"above 5x the average", `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"329368.9"}`, avg, "PERCENT_PRICE_BY_SIDE"},
		{"at 5x the average, on the tick", `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"329368.88"}`, avg, ""},
		{"below 0.2x", `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"13174.75"}`, avg, "PERCENT_PRICE_BY_SIDE"},
		{"at 0.2x, rounded up to the tick", `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"13174.76"}`, avg, ""},
		{"average unknown: left to Binance", `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"900000"}`, avgPrices{}, ""},
		{"market by quantity under the notional", `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"0.0001"}`, avg, "NOTIONAL"},
		{"market by quantity over the notional", `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"0.0002"}`, avg, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(tc.params), &raw); err != nil {
				t.Fatal(err)
			}
			_, err := Params(context.Background(), op, raw, Config{Symbols: syms, Market: tc.market})
			if tc.wantFilter == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ge *gate.Error
			if !errors.As(err, &ge) || ge.Type != gate.TypeFilterViolation || !strings.Contains(ge.Message, tc.wantFilter) || ge.Accepted == "" {
				t.Fatalf("err = %v, want a %s filter_violation with the nearest valid value", err, tc.wantFilter)
			}
		})
	}
}
