package validate

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/ops"
)

// FuzzParams feeds arbitrary parameter objects to every market and signed op, orders
// included (their type rules and filters run against the fixture's real symbols). Invariants: no panic;
// either params or an error, never both; every error is a *gate.Error naming a field;
// accepted symbols are listed.
func FuzzParams(f *testing.F) {
	for _, seed := range []string{
		`{"symbol":"BTCUSDT"}`, `{"symbol":"btcusdt","limit":5}`, `{"symbol":"BTC&USDT"}`,
		`{"symbol":"BTCUSDT","interval":"1d","startTime":"1","endTime":0}`, `{"limit":-0}`, `{"symbol":"币安人生usdt"}`,
	} {
		f.Add("depth", seed)
		f.Add("klines", seed)
	}
	for _, seed := range []string{
		`{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"65000"}`,
		`{"symbol":"btcusdt","side":"SELL","type":"MARKET","quoteOrderQty":1e1}`,
		`{"symbol":"ETHBTC","side":"BUY","type":"LIMIT_MAKER","quantity":0.1,"price":"0.06","icebergQty":"0.01"}`,
		`{"symbol":"BTCUSDT","side":"SELL","type":"STOP_LOSS_LIMIT","timeInForce":"GTC","quantity":"0.001","price":"60000","trailingDelta":10,"newClientOrderId":"x-1"}`,
	} {
		f.Add("order_test", seed)
	}
	market, signed := ops.Market(), ops.Signed()
	f.Fuzz(func(t *testing.T, opName, params string) {
		op := market.Lookup(opName)
		if op == nil {
			op = signed.Lookup(opName)
		}
		if op == nil {
			return
		}
		var raw map[string]json.RawMessage
		if json.Unmarshal([]byte(params), &raw) != nil {
			return
		}
		got, err := Params(context.Background(), op, raw, Config{Symbols: syms, Market: avgPrices{"BTCUSDT": "65873.77736077"}})
		if err != nil {
			var ge *gate.Error
			if got != nil || !errors.As(err, &ge) || ge.Field == "" {
				t.Fatalf("params %v, err %#v", got, err)
			}
			return
		}
		if s, ok := got.String("symbol"); ok && !syms[s] {
			t.Fatalf("accepted unlisted symbol %q", s)
		}
	})
}
