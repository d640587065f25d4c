package validate

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/order"
)

// checkOrder applies the order-type rules and the symbol's filters (package order) to the
// validated parameters of an order op. The host knows neither the average price nor the
// open-order counts here, so the filters that need them are left to Binance.
func checkOrder(ctx context.Context, p gate.Params, syms Symbols) error {
	name, _ := p.String("symbol")
	sym, err := syms.Lookup(ctx, name)
	if err != nil || sym == nil {
		return &gate.Error{Type: gate.TypeInternal, Message: "the symbol's trading rules (exchangeInfo) could not be loaded"}
	}
	rules, err := order.ParseRules(sym.Raw)
	if err != nil {
		return &gate.Error{Type: gate.TypeInternal, Message: "the symbol's trading rules (exchangeInfo) could not be read"}
	}
	o := order.Order{
		Quantity:      decimalOf(p, "quantity"),
		QuoteOrderQty: decimalOf(p, "quoteOrderQty"),
		Price:         decimalOf(p, "price"),
		StopPrice:     decimalOf(p, "stopPrice"),
		IcebergQty:    decimalOf(p, "icebergQty"),
	}
	o.Side, _ = p.String("side")
	o.Type, _ = p.String("type")
	o.TimeInForce, _ = p.String("timeInForce")
	o.TrailingDelta, _ = p.Int("trailingDelta")
	return rules.Check(o, order.Market{})
}

func decimalOf(p gate.Params, name string) *decimal.Decimal {
	if d, ok := p.Decimal(name); ok {
		return &d
	}
	return nil
}
