// Package exchangeinfo caches Binance's exchangeInfo: the list of symbols with their
// status and trading rules, and the exchange's rate limits.
//
// The cache is the truth the gate validates against: a symbol is valid because Binance
// lists it, not because it matches a pattern (listed symbols contain non-ASCII letters).
// It is filled on first need, refreshed after its TTL, and dropped when Binance answers
// -1121 (invalid symbol) for a symbol the cache still listed. When a refresh fails and an
// older copy exists, the older copy keeps serving: a stale list of symbols is a better
// guard than none.
package exchangeinfo
