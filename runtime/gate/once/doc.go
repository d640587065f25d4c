// Package once is the gate stage that keeps each intended order to at most one placement.
//
// An order is real money, and the usual cure for a failed request, sending it again, can
// buy twice. So:
//
//   - Every order carries a client order id: the caller's newClientOrderId, or one made
//     of the tool call's request id and a random part, which is returned.
//   - An order given a client order id that Binance already knows is not placed again:
//     the first order is looked up and returned (outcome "already_placed"). Binance itself
//     refuses a duplicate id only while the first order is open; a filled one would be
//     bought again.
//   - An order whose outcome is unknown (a timeout, a lost connection, an HTTP 5xx, -1007)
//     is never sent again. It is looked up by its client order id and reported as found
//     (outcome "placed"), or as status_unknown with the id to look it up later.
//
// The stage sits before rate limiting, so that each lookup it makes passes the budget,
// the signing and the audit like any other request.
package once
