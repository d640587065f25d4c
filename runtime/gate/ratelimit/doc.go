// Package ratelimit is the gate stage that keeps Tollgate inside Binance's request-weight
// budget, so that the exchange never has to refuse us.
//
// # Model
//
// Binance counts request weight per IP in fixed windows (REQUEST_WEIGHT, 1 minute; the
// limit is published in exchangeInfo rateLimits and changes over time, so it is never
// hard-coded here). [Weights] charges each request its documented weight before it is
// sent, refuses a request that would overrun the window (saying when the window resets),
// and corrects its count from the X-MBX-USED-WEIGHT-1M header of every response, since
// other programs on the same IP spend the same budget. After a 429 or 418 nothing at all
// is sent until Retry-After has passed; calls in between are answered locally.
//
// Time is a parameter: every method takes now, and the stage reads the clock it was
// given, so tests move time instead of sleeping.
package ratelimit
