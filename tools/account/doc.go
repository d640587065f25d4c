// Account is Tollgate's module of read-only account tools. It holds the grant
// account_read only: it can read the account's balances through signed requests the
// host makes for it, and it can neither place an order nor see a key. The API key and
// the signature are added by the host's gate after the module's request leaves the
// sandbox; the module never holds them.
//
// Build it with `make guests`.
//
// # Tools
//
//	get_balance(asset, include_zero=false)   op account   {balances: [{asset, free, locked}]}
//
// get_balance returns the non-zero balances by default, as the Python
// binance-mcp-server does; include_zero=true returns every asset. asset (optional,
// case-insensitive) keeps that asset's row only. Amounts are decimal strings exactly
// as Binance sent them.
package main
