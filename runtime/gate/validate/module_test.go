package validate

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/ops"
)

// TestModuleLimits: a module's [[module]] symbols hold for every op that takes a symbol,
// and its max_notional caps its orders beside the operator's; each refused request has
// its nearest accepted one.
func TestModuleLimits(t *testing.T) {
	cap50 := decimal.RequireFromString("50")
	cap100 := decimal.RequireFromString("100")
	limited := gate.Call{Module: "watch", Symbols: []string{"BTCUSDT"}}
	capped := gate.Call{Module: "bot", MaxNotional: &cap50}
	limit := `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"%s"}`
	for _, tc := range []struct {
		name, op, params string
		call             gate.Call
		wantMessage      string // "" = accepted
	}{
		{"market data on another symbol", "ticker_price", `{"symbol":"ETHBTC"}`, limited, `module "watch" may not use ETHBTC: its [[module]] symbols allow BTCUSDT`},
		{"market data on the allowed symbol", "ticker_price", `{"symbol":"btcusdt"}`, limited, ""},
		{"open orders of every symbol", "open_orders", `{}`, limited, "must name one of them"},
		{"open orders of the allowed symbol", "open_orders", `{"symbol":"BTCUSDT"}`, limited, ""},
		{"an op without symbols is not limited", "account", `{}`, limited, ""},
		{"a futures position on another symbol", "futures_positions", `{"symbol":"ETHUSDT"}`, limited, `may not use ETHUSDT`},
		{"every futures position", "futures_positions", `{}`, limited, "must name one of them"},
		{"the futures position of the allowed symbol", "futures_positions", `{"symbol":"btcusdt"}`, limited, ""},
		{"futures income of every symbol", "futures_income", `{}`, limited, "must name one of them"},
		{"forced orders of every symbol", "futures_force_orders", `{}`, limited, "must name one of them"},
		{"an order over the module's cap", "order_test", strings.ReplaceAll(limit, "%s", "50001"), capped, `over this server's cap of 50 per order ([[module]] "bot" max_notional)`},
		{"an order at the module's cap", "order_test", strings.ReplaceAll(limit, "%s", "50000"), capped, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			op := ops.Market().Lookup(tc.op)
			for _, table := range []ops.Table{ops.Signed(), ops.Wallet()} {
				if op == nil {
					op = table.Lookup(tc.op)
				}
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(tc.params), &raw); err != nil {
				t.Fatal(err)
			}
			cfg := Config{Symbols: syms, Market: avgPrices{"BTCUSDT": "65873.77736077"}}
			cfg.Policy.MaxNotional = &cap100
			_, err := Params(context.Background(), op, raw, cfg.forModule(tc.call))
			if tc.wantMessage == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ge *gate.Error
			if !errors.As(err, &ge) || ge.Type != gate.TypePermissionDenied || !strings.Contains(ge.Message, tc.wantMessage) || ge.Accepted == "" {
				t.Fatalf("err = %v, want permission_denied with %q and what is accepted", err, tc.wantMessage)
			}
		})
	}
}
