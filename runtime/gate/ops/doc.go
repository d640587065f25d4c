// Package ops is the table of operations modules may ask the gate for: for each, the
// Binance endpoint, its security type, its parameters with their rules, its request weight
// (from Binance's rest-api.md) and the go-binance call that performs it.
//
// docs/ops.md is this table for people; keep the two in step.
package ops
