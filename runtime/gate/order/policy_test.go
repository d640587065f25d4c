package order

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/gate"
)

func TestPolicy(t *testing.T) {
	d := func(s string) *decimal.Decimal { v := decimal.RequireFromString(s); return &v }
	cap100 := Policy{Symbols: []string{"BTCUSDT", "ETHUSDT"}, MaxNotional: d("100")}
	avg := Market{AvgPrice: d("65000")}
	for _, tc := range []struct {
		name   string
		p      Policy
		symbol string
		o      Order
		m      Market
		field  string // "" = allowed
	}{
		{"zero policy allows all", Policy{}, "XRPUSDT", Order{Type: TypeMarket, Quantity: d("1000000")}, Market{}, ""},
		{"symbol outside the allow-list", cap100, "XRPUSDT", Order{Type: TypeLimit, Quantity: d("1"), Price: d("1")}, Market{}, "symbol"},
		{"symbol in the allow-list", cap100, "ETHUSDT", Order{Type: TypeLimit, Quantity: d("1"), Price: d("1")}, Market{}, ""},
		{"limit over the cap", cap100, "BTCUSDT", Order{Type: TypeLimit, Quantity: d("0.00154"), Price: d("65000")}, Market{}, "quantity"},
		{"limit at the cap", cap100, "BTCUSDT", Order{Type: TypeLimit, Quantity: d("0.001"), Price: d("100000")}, Market{}, ""},
		{"market by quote over the cap", cap100, "BTCUSDT", Order{Type: TypeMarket, QuoteOrderQty: d("100.01")}, Market{}, "quoteOrderQty"},
		{"market by quote at the cap", cap100, "BTCUSDT", Order{Type: TypeMarket, QuoteOrderQty: d("100")}, Market{}, ""},
		{"market by quantity, average price known", cap100, "BTCUSDT", Order{Type: TypeMarket, Quantity: d("0.0015")}, avg, ""},
		{"market by quantity over the cap at the average", cap100, "BTCUSDT", Order{Type: TypeMarket, Quantity: d("0.0016")}, avg, "quantity"},
		{"market by quantity, value unknown: refused", cap100, "BTCUSDT", Order{Type: TypeMarket, Quantity: d("0.0001")}, Market{}, "quantity"},
		{"stop market valued at its stop price", cap100, "BTCUSDT", Order{Type: TypeStopLoss, Quantity: d("0.002"), StopPrice: d("60000")}, Market{}, "quantity"},
		{"a sell far below the market is valued at the market", cap100, "BTCUSDT", Order{Side: SideSell, Type: TypeLimit, Quantity: d("0.0075"), Price: d("13200")}, avg, "quantity"},
		{"a sell within the cap at the market", cap100, "BTCUSDT", Order{Side: SideSell, Type: TypeLimit, Quantity: d("0.0015"), Price: d("13200")}, avg, ""},
		{"a sell above the market is valued at its price", cap100, "BTCUSDT", Order{Side: SideSell, Type: TypeLimit, Quantity: d("0.0015"), Price: d("70000")}, avg, "quantity"},
		{"a sell without an average price: refused", cap100, "BTCUSDT", Order{Side: SideSell, Type: TypeLimit, Quantity: d("0.0001"), Price: d("70000")}, Market{}, "quantity"},
		{"a buy below the market is bounded by its price", cap100, "BTCUSDT", Order{Side: SideBuy, Type: TypeLimit, Quantity: d("0.007"), Price: d("13200")}, Market{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Check(tc.symbol, tc.o, tc.m)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ge *gate.Error
			if !errors.As(err, &ge) || ge.Type != gate.TypePermissionDenied || ge.Field != tc.field || ge.Accepted == "" {
				t.Fatalf("err = %#v, want permission_denied on %s", err, tc.field)
			}
		})
	}
}
