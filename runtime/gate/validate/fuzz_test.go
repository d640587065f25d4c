package validate

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/ops"
)

// FuzzParams feeds arbitrary parameter objects to every market op. Invariants: no panic;
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
	market := ops.Market()
	f.Fuzz(func(t *testing.T, opName, params string) {
		op := market.Lookup(opName)
		if op == nil {
			return
		}
		var raw map[string]json.RawMessage
		if json.Unmarshal([]byte(params), &raw) != nil {
			return
		}
		got, err := Params(context.Background(), op, raw, syms)
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
