package order

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Policy is the operator's own limits on orders ([trading] in the config), on top of
// Binance's filters. The zero Policy allows every symbol and any value.
type Policy struct {
	// Symbols, when not empty, are the only symbols orders may be placed on.
	Symbols []string
	// MaxNotional, when set, caps one order's value in its quote asset.
	MaxNotional *decimal.Decimal
	// Source names where the limits are configured, for messages; "" means the
	// operator's [trading] table.
	Source string
}

// source returns where p's limits are set, as an operator would look for it.
func (p Policy) source(key string) string {
	if p.Source == "" {
		return "[trading] " + key
	}
	return p.Source + " " + key
}

// NeedsPrice reports whether checking o against the policy needs the average price: a
// MARKET order by quantity has no value otherwise, and a SELL fills at the market price
// when that is above its own.
func (p Policy) NeedsPrice(o Order) bool {
	return p.MaxNotional != nil && (o.Type == TypeMarket && o.QuoteOrderQty == nil || o.Side == SideSell)
}

// Check refuses, as permission_denied, an order on a symbol outside the allow-list or
// worth more than the cap. An order whose value cannot be known here (a MARKET order by
// quantity or a SELL without an average price, a stop order without a price) is refused
// while a cap is set: the cap must hold, not be guessed.
func (p Policy) Check(symbol string, o Order, m Market) error {
	if err := p.CheckSymbol(symbol); err != nil {
		return err
	}
	if p.MaxNotional == nil {
		return nil
	}
	n, ok := notionalOf(o, m.usable())
	if !ok && o.StopPrice != nil && o.Quantity != nil {
		n, ok = notional{value: o.Quantity.Mul(*o.StopPrice), basis: "quantity " + format(*o.Quantity) + " × stopPrice " + format(*o.StopPrice)}, true
	}
	// A SELL below the market fills at the market: its value is bounded by the higher of
	// its own price and the average price, and unknown without the latter.
	if ok && o.Side == SideSell && !n.byQuote {
		avg := m.usable().AvgPrice
		switch {
		case avg == nil:
			ok = false
		case avg.Mul(*o.Quantity).GreaterThan(n.value):
			n = notional{value: avg.Mul(*o.Quantity), basis: "quantity " + format(*o.Quantity) + " × average price " + format(*avg) + ", above the order's own price"}
		}
	}
	if !ok {
		return &gate.Error{
			Type: gate.TypePermissionDenied, Field: "quantity", Accepted: "an order whose value is known: a price, or quoteOrderQty",
			Message: fmt.Sprintf("the order's value cannot be known before it is sent, and this server caps it at %s (%s)", format(*p.MaxNotional), p.source("max_notional")),
		}
	}
	if n.value.GreaterThan(*p.MaxNotional) {
		field := "quantity"
		if n.byQuote {
			field = "quoteOrderQty"
		}
		return &gate.Error{
			Type: gate.TypePermissionDenied, Field: field, Value: format(n.value), Accepted: "at most " + format(*p.MaxNotional),
			Message: fmt.Sprintf("the order is worth %s (%s), over this server's cap of %s per order (%s)",
				format(n.value), n.basis, format(*p.MaxNotional), p.source("max_notional")),
		}
	}
	return nil
}

// CheckSymbol refuses, as permission_denied, a symbol outside the allow-list. It applies
// to every trading op, cancels included: an agent kept to BTCUSDT may not cancel orders a
// person placed on other symbols either.
func (p Policy) CheckSymbol(symbol string) error {
	if len(p.Symbols) > 0 && !slices.Contains(p.Symbols, symbol) {
		return &gate.Error{
			Type: gate.TypePermissionDenied, Field: "symbol", Value: symbol, Accepted: strings.Join(p.Symbols, ", "),
			Message: fmt.Sprintf("trading on %s is not allowed by this server's configuration (%s)", symbol, p.source("symbols")),
		}
	}
	return nil
}
