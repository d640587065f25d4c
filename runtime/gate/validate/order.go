package validate

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/order"
)

// Market gives the symbol's current average price (GET /api/v3/avgPrice), which
// PERCENT_PRICE, PERCENT_PRICE_BY_SIDE and the notional of a MARKET order by quantity are
// measured against. ok is false when it is not known; those filters are then left to
// Binance.
type Market interface {
	AvgPrice(ctx context.Context, symbol string) (price decimal.Decimal, ok bool)
}

// checkOrder applies the order-type rules and the symbol's filters (package order) to the
// validated parameters of an order op. The average price is asked for only when a filter
// of this symbol needs it for this order; open-order counts and the position are not
// known here, so MAX_NUM_* and MAX_POSITION are left to Binance.
func checkOrder(ctx context.Context, p gate.Params, syms Symbols, market Market, policies ...order.Policy) error {
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
	if err := order.CheckType(o); err != nil { // before asking for a price it may not need
		return err
	}
	var m order.Market
	needsPrice := needsAvgPrice(rules, o)
	for _, p := range policies {
		needsPrice = needsPrice || p.NeedsPrice(o)
	}
	if market != nil && needsPrice {
		if avg, ok := market.AvgPrice(ctx, name); ok {
			m.AvgPrice = &avg
		}
	}
	if err := rules.Check(o, m); err != nil {
		return err
	}
	for _, p := range policies {
		if err := p.Check(name, o, m); err != nil {
			return err
		}
	}
	return nil
}

// needsAvgPrice reports whether a filter of rules measures o against the average price.
func needsAvgPrice(r *order.Rules, o order.Order) bool {
	if (o.Price != nil || o.StopPrice != nil) && (r.PercentPrice != nil || r.PercentPriceBySide != nil) {
		return true
	}
	if o.Type != order.TypeMarket || o.Quantity == nil {
		return false
	}
	return (r.MinNotional != nil && r.MinNotional.ApplyToMarket) ||
		(r.Notional != nil && (r.Notional.ApplyMinToMarket || r.Notional.ApplyMaxToMarket))
}

func decimalOf(p gate.Params, name string) *decimal.Decimal {
	if d, ok := p.Decimal(name); ok {
		return &d
	}
	return nil
}
