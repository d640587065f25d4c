// Package validate is the gate stage that checks every parameter of a request against the
// operation's table entry and the exchange's own data before anything is sent.
//
// # Rules
//
//   - A parameter the operation does not list is refused, never dropped.
//   - Symbols: a JSON string of at most 20 characters with no separator, white space or
//     control character; ASCII letters are upper-cased (btcusdt → BTCUSDT), other letters
//     stay as sent; the result must be listed in the cached exchangeInfo. The lookup, not
//     a pattern, is the real check: listed symbols contain non-ASCII letters.
//   - Integers: a JSON integer or a string of decimal digits, within the op's bounds.
//     Never parsed through float64, so 1e2 and 100.0 are refused rather than rounded.
//   - Enums: one of the listed values, case-sensitive as Binance is.
//   - Times: milliseconds since the epoch, from 0 to the end of year 9999.
//
// Every refusal is a validation_error naming the parameter, the value as sent (capped)
// and what would be accepted. The stage also computes the request weight, which may
// depend on the parameters.
package validate
