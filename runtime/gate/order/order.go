package order

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/tollgate/tollgate/runtime/gate"
)

// Order is one spot order as it will be sent to POST /api/v3/order. A string is "" and a
// decimal nil when the parameter is absent; TrailingDelta is 0 when absent.
type Order struct {
	Side        string
	Type        string
	TimeInForce string

	Quantity      *decimal.Decimal
	QuoteOrderQty *decimal.Decimal
	Price         *decimal.Decimal
	StopPrice     *decimal.Decimal
	IcebergQty    *decimal.Decimal

	// TrailingDelta is in basis points (BIPS), as Binance takes it.
	TrailingDelta int64
}

// Market is what the host knows at validation time. Each field is optional: a nil field
// is unknown, and the filters that need it are left to Binance rather than guessed.
type Market struct {
	// AvgPrice is the symbol's weighted average price over the filter's avgPriceMins
	// (GET /api/v3/avgPrice), when the host has a fresh one. PERCENT_PRICE and
	// PERCENT_PRICE_BY_SIDE, and the notional filters of MARKET orders by quantity, need it.
	// A value no filter can use (not positive, or more than 20 digits either side of the
	// point) counts as unknown; so does a negative Position or count.
	AvgPrice *decimal.Decimal
	// Open counts the account's open orders on the symbol, when the host has counted them.
	Open *OpenOrders
	// Position is the account's position in the base asset as MAX_POSITION defines it:
	// free plus locked balance plus the quantity of every open BUY order.
	Position *decimal.Decimal
}

// OpenOrders counts open orders on one symbol, before the order being checked. An order
// can count in more than one field: every order counts in Orders, stop and take-profit
// orders also in Algo, and iceberg orders also in Iceberg.
type OpenOrders struct {
	Orders, Algo, Iceberg int
}

// Order sides, types and times in force (enums.md).
const (
	SideBuy  = "BUY"
	SideSell = "SELL"

	TypeLimit           = "LIMIT"
	TypeMarket          = "MARKET"
	TypeStopLoss        = "STOP_LOSS"
	TypeStopLossLimit   = "STOP_LOSS_LIMIT"
	TypeTakeProfit      = "TAKE_PROFIT"
	TypeTakeProfitLimit = "TAKE_PROFIT_LIMIT"
	TypeLimitMaker      = "LIMIT_MAKER"

	TIFGTC = "GTC"
	TIFIOC = "IOC"
	TIFFOK = "FOK"
)

// shape is what one order type takes, from the table under "New order (TRADE)" in
// rest-api.md.
type shape struct {
	tif     bool // timeInForce required; refused otherwise (-1114 TIF_NOT_REQUIRED)
	price   bool // price required; refused otherwise
	stop    bool // stopPrice or trailingDelta required (both allowed); refused otherwise
	iceberg bool // icebergQty allowed
	algo    bool // counts toward MAX_NUM_ALGO_ORDERS
}

var shapes = map[string]shape{
	TypeLimit:           {tif: true, price: true, iceberg: true},
	TypeMarket:          {},
	TypeStopLoss:        {stop: true, algo: true},
	TypeStopLossLimit:   {tif: true, price: true, stop: true, iceberg: true, algo: true},
	TypeTakeProfit:      {stop: true, algo: true},
	TypeTakeProfitLimit: {tif: true, price: true, stop: true, iceberg: true, algo: true},
	TypeLimitMaker:      {price: true, iceberg: true},
}

// orderTypes lists the types in enums.md order, for messages.
const orderTypes = "LIMIT, MARKET, STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT, TAKE_PROFIT_LIMIT, LIMIT_MAKER"

// Bounds on the digits of a decimal parameter, after trailing zeros are dropped. Binance
// sends at most 8 decimals and 11 integer digits (92233720368.54775807); the bounds are
// generous but finite, because a value like 1e-1000000 would make every grid
// computation allocate megabytes.
const (
	maxIntDigits  = 20
	maxFracDigits = 20
	// maxCoefficientDigits bounds the digits as sent, trailing zeros included, so that
	// dropping them is cheap too.
	maxCoefficientDigits = 64
)

// maxShown caps how much of a value from a client an error repeats.
const maxShown = 64

// CheckType checks the combination of parameters, before any symbol rule: the side, the
// type, timeInForce, and which of quantity, quoteOrderQty, price, stopPrice,
// trailingDelta and icebergQty the type requires, allows or refuses. Every decimal must
// be positive. It returns a validation error naming the first Binance parameter at fault.
//
// # Rules
//
//   - side is BUY or SELL; type is one of the seven spot types.
//   - LIMIT, STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT require timeInForce GTC, IOC or FOK;
//     the other types refuse it.
//   - MARKET takes quantity or quoteOrderQty, not both; every other type requires
//     quantity and refuses quoteOrderQty.
//   - The *_LIMIT types and LIMIT_MAKER require price; the others refuse it.
//   - STOP_LOSS* and TAKE_PROFIT* require stopPrice or trailingDelta (or both); the
//     others refuse both.
//   - icebergQty goes with LIMIT, LIMIT_MAKER, STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT, with
//     timeInForce GTC when the type takes one, and must be less than quantity.
func CheckType(o Order) error {
	if o.Side != SideBuy && o.Side != SideSell {
		return gate.Invalid("side", gate.Cap(o.Side, maxShown), "BUY or SELL", "side %q is not BUY or SELL", gate.Cap(o.Side, maxShown))
	}
	sh, ok := shapes[o.Type]
	if !ok {
		return gate.Invalid("type", gate.Cap(o.Type, maxShown), orderTypes, "type %q is not a spot order type", gate.Cap(o.Type, maxShown))
	}
	for _, p := range []struct {
		field string
		v     *decimal.Decimal
	}{
		{"quantity", o.Quantity}, {"quoteOrderQty", o.QuoteOrderQty}, {"price", o.Price},
		{"stopPrice", o.StopPrice}, {"icebergQty", o.IcebergQty},
	} {
		if p.v != nil {
			if err := checkDecimal(p.field, *p.v); err != nil {
				return err
			}
		}
	}
	if o.TrailingDelta < 0 {
		v := strconv.FormatInt(o.TrailingDelta, 10)
		return gate.Invalid("trailingDelta", v, "a positive number of basis points", "trailingDelta %s is negative", v)
	}

	switch {
	case sh.tif && o.TimeInForce == "":
		return gate.Invalid("timeInForce", "", "GTC, IOC or FOK", "%s orders require timeInForce", o.Type)
	case sh.tif && o.TimeInForce != TIFGTC && o.TimeInForce != TIFIOC && o.TimeInForce != TIFFOK:
		v := gate.Cap(o.TimeInForce, maxShown)
		return gate.Invalid("timeInForce", v, "GTC, IOC or FOK", "timeInForce %q is not GTC, IOC or FOK", v)
	case !sh.tif && o.TimeInForce != "":
		return notTaken("timeInForce", gate.Cap(o.TimeInForce, maxShown), o.Type)
	}

	if o.Type == TypeMarket {
		switch {
		case o.Quantity == nil && o.QuoteOrderQty == nil:
			return gate.Invalid("quantity", "", "quantity or quoteOrderQty", "MARKET orders require quantity or quoteOrderQty")
		case o.Quantity != nil && o.QuoteOrderQty != nil:
			return gate.Invalid("quoteOrderQty", format(*o.QuoteOrderQty), "quantity or quoteOrderQty, not both",
				"MARKET orders take quantity or quoteOrderQty, not both")
		}
	} else {
		if o.Quantity == nil {
			return gate.Invalid("quantity", "", "a positive decimal", "%s orders require quantity", o.Type)
		}
		if o.QuoteOrderQty != nil {
			return notTaken("quoteOrderQty", format(*o.QuoteOrderQty), o.Type)
		}
	}

	switch {
	case sh.price && o.Price == nil:
		return gate.Invalid("price", "", "a positive decimal", "%s orders require price", o.Type)
	case !sh.price && o.Price != nil:
		return notTaken("price", format(*o.Price), o.Type)
	}

	switch {
	case sh.stop && o.StopPrice == nil && o.TrailingDelta == 0:
		return gate.Invalid("stopPrice", "", "stopPrice, trailingDelta or both", "%s orders require stopPrice or trailingDelta", o.Type)
	case !sh.stop && o.StopPrice != nil:
		return notTaken("stopPrice", format(*o.StopPrice), o.Type)
	case !sh.stop && o.TrailingDelta != 0:
		return notTaken("trailingDelta", strconv.FormatInt(o.TrailingDelta, 10), o.Type)
	}

	if o.IcebergQty != nil {
		ice := format(*o.IcebergQty)
		switch {
		case !sh.iceberg:
			return gate.Invalid("icebergQty", ice, "LIMIT, LIMIT_MAKER, STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT",
				"%s orders cannot be iceberg orders", o.Type)
		case sh.tif && o.TimeInForce != TIFGTC:
			return gate.Invalid("timeInForce", o.TimeInForce, TIFGTC, "iceberg orders require timeInForce GTC")
		case !o.IcebergQty.LessThan(*o.Quantity):
			return gate.Invalid("icebergQty", ice, "less than quantity "+format(*o.Quantity),
				"icebergQty %s is not less than quantity %s", ice, format(*o.Quantity))
		}
	}
	return nil
}

// notTaken refuses a parameter the order type does not take (-1106 PARAM_NOT_REQUIRED).
func notTaken(field, value, typ string) *gate.Error {
	return gate.Invalid(field, value, "absent", "%s orders do not take %s", typ, field)
}

// checkDecimal refuses a parameter that is not positive or has too many digits.
func checkDecimal(field string, d decimal.Decimal) error {
	if !inRange(d) {
		return gate.Invalid(field, "", "at most 20 digits before and 20 after the decimal point",
			"%s has too many digits", field)
	}
	if d.Sign() <= 0 {
		v := format(d)
		return gate.Invalid(field, v, "a positive decimal", "%s %s is not positive", field, v)
	}
	return nil
}

// inRange reports whether d is within the digit bounds of an order parameter.
func inRange(d decimal.Decimal) bool {
	i, f, ok := digits(d)
	return ok && i <= maxIntDigits && f <= maxFracDigits
}

// digits returns how many digits d has before and after the decimal point once trailing
// zeros are dropped, without printing d: printing 1e1000000 is the cost being avoided.
// ok is false when the coefficient alone is longer than any bound allows.
func digits(d decimal.Decimal) (intDigits, fracDigits int, ok bool) {
	if d.IsZero() {
		return 0, 0, true
	}
	if d.NumDigits() > maxCoefficientDigits {
		return 0, 0, false
	}
	n := d.Normalize()
	exp, nd := int64(n.Exponent()), int64(n.NumDigits())
	if exp < 0 {
		frac := -exp
		intd := nd - frac
		return int(max(intd, 0)), int(min(frac, maxFracDigits+1)), true
	}
	return int(min(nd+exp, maxIntDigits+1)), 0, true
}

// format prints d exactly, in fixed point with no trailing zeros, whatever the
// decimal package's global String settings are (UseScientificNotation would turn 1200
// into 1.2E3).
func format(d decimal.Decimal) string {
	n := d.Normalize()
	if n.Exponent() >= 0 {
		return n.StringFixed(0)
	}
	return n.StringFixed(-n.Exponent())
}

// joinTypes lists a symbol's order types for a message.
func joinTypes(ts []string) string { return strings.Join(ts, ", ") }
