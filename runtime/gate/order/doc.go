// Package order checks a spot order before it is sent to Binance (POST /api/v3/order):
// first the combination of parameters its type takes ([CheckType]), then what the
// symbol allows and every symbol filter that applies ([Rules.Check]), with the filter
// values parsed from the symbol's exchangeInfo object ([ParseRules]).
//
// # Why check before Binance does
//
// Binance refuses a bad order too, but an agent that learns only "Filter failure:
// LOT_SIZE" guesses again, and each guess costs request weight and an unfilled-order
// count. A refusal from here names the filter as Binance does, the rejected value, and
// the nearest value that would pass (in the error's Accepted field), so the next try is
// the right one.
//
// # Why decimals, never float64
//
// Prices and quantities are decimal strings on the wire and the filters are decimal
// grids. A float64 cannot hold 0.1 exactly, so the float test for "on the tick grid"
// is wrong in both directions: math.Mod(0.3, 0.1) is 0.09999999999999998, which says
// that 0.3 is off a 0.1 grid, and large quantities such as 92233720368.54775807 lose
// their last digits altogether. Every comparison, product and grid test here uses
// github.com/shopspring/decimal, whose division with remainder is exact on big
// integers, and every value printed in an error is fixed-point with no exponent
// (1E-8 is written 0.00000001), whatever that package's global String settings are.
//
// # What is left to Binance
//
// A filter is checked only when everything it needs is known; otherwise it is skipped,
// not guessed, and Binance remains the final check:
//
//   - PERCENT_PRICE, PERCENT_PRICE_BY_SIDE, and the notional of a MARKET order by
//     quantity need the average price ([Market].AvgPrice). Binance prefers a "reference
//     price" when the symbol has one; the host cannot see it, so with one set the
//     host's average price may differ from what Binance uses.
//   - MAX_NUM_ORDERS, MAX_NUM_ALGO_ORDERS and MAX_NUM_ICEBERG_ORDERS need the open-order
//     counts ([Market].Open).
//   - MAX_POSITION needs the account's position ([Market].Position): balances plus open
//     BUY orders.
//   - The notional of STOP_LOSS and TAKE_PROFIT orders, which carry no price: which
//     price Binance multiplies by is not documented.
//   - Exchange filters (EXCHANGE_MAX_NUM_*) count orders across every symbol, and
//     MAX_NUM_ORDER_LISTS and MAX_NUM_ORDER_AMENDS concern order lists and amendments,
//     not a new single order; unknown filter types are kept in [Rules].Other.
//   - "Order would trigger immediately" and "would immediately match and take" depend
//     on the live book.
//
// # Errors
//
// Parameter combinations and symbol-level refusals are gate validation errors whose
// Field is the Binance parameter name. Filter failures are filter_violation errors
// ([ErrFilter]) whose Message starts "Filter failure: <FILTER>: " and whose Field,
// Value and Accepted give the parameter, the rejected value and the nearest valid one;
// [FailedFilter] returns the filter's name.
package order
