// Package binancetest is a local stand-in for Binance's spot REST API, for tests. It listens
// on 127.0.0.1, answers the public market-data endpoints from real captured payloads, verifies
// signed requests (HMAC, Ed25519 and RSA keys), takes orders (POST /api/v3/order and
// /api/v3/order/test) checked against the recorded symbol filters, cancels and lists them,
// keeps the account's balances (fills move them, open orders lock them), answers a few fixed
// /sapi wallet and /fapi futures reads, charges the documented request weights, enforces the
// per-minute weight limits and the ORDERS limits, answers with Binance's error bodies and
// headers, can be told to fail, to run its clock off the client's or to act as the spot test
// network, and records every request so a test can assert what did and did not reach the
// exchange.
//
// It is written apart from the product: it imports nothing from the rest of this repository,
// only the standard library (decimals are math/big.Rat), and follows Binance's documents
// (rest-api.md, errors.md, filters.md, enums.md at
// binance/binance-spot-api-docs a5e0bc3d) and the captured payloads. Where it and the gate
// disagree, one of them is wrong.
//
//	clock := binancetest.NewManualClock(time.Date(2026, 6, 15, 6, 53, 10, 0, time.UTC))
//	s := binancetest.New(binancetest.WithClock(clock.Now))
//	s.Start()
//	defer s.Close()
//	// point the client at s.URL(); clock.Advance(time.Minute) resets the used weight;
//	// s.Requests(), s.CountRequests("/api/v3/depth"), s.CountRequestsTo("POST", "/api/v3/order")
//	// and s.Orders() tell what reached the exchange.
//
// # Endpoints
//
// The routes below; any other method or path is answered 404 with Binance's HTML page.
// Weights are those of rest-api.md. A POST takes its parameters from the query string and
// from a form body (Content-Type application/x-www-form-urlencoded, or none), mixed as the
// client likes; a parameter sent in both is taken from the query string. A GET reads the
// query string only. * marks a mandatory parameter.
//
//	route                              weight                                 parameters
//	GET /api/v3/ping                   1                                      -
//	GET /api/v3/time                   1                                      -
//	GET /api/v3/exchangeInfo           20                                     symbol | symbols | permissions, symbolStatus; showPermissionSets
//	GET /api/v3/depth                  limit 1-100: 5, -500: 25, -1000: 50,   symbol*, limit (default 100; above 5000 cut to 5000), symbolStatus
//	                                   -5000: 250
//	GET /api/v3/trades                 25                                     symbol*, limit (1-1000, default 500)
//	GET /api/v3/historicalTrades       25                                     symbol*, limit, fromId
//	GET /api/v3/aggTrades              4                                      symbol*, fromId, startTime, endTime, limit
//	GET /api/v3/klines                 2                                      symbol*, interval*, startTime, endTime, timeZone, limit (1-1000, default 500)
//	GET /api/v3/avgPrice               2                                      symbol*
//	GET /api/v3/ticker/price           symbol 2, otherwise 4                  symbol | symbols, symbolStatus
//	GET /api/v3/ticker/bookTicker      symbol 2, otherwise 4                  symbol | symbols, symbolStatus
//	GET /api/v3/ticker/24hr            symbol 2; symbols 1-20: 2, 21-100: 40, symbol | symbols, type (FULL, MINI), symbolStatus
//	                                   101+: 80; none: 80
//	GET /api/v3/account (SIGNED)       20                                     timestamp*, signature*, recvWindow, omitZeroBalances (true, false)
//	POST /api/v3/order (SIGNED)        1                                      symbol*, side*, type*, timestamp*, signature*, timeInForce,
//	                                                                          quantity, quoteOrderQty, price, newClientOrderId, strategyId,
//	                                                                          strategyType, stopPrice, trailingDelta, icebergQty,
//	                                                                          newOrderRespType, selfTradePreventionMode, pegPriceType,
//	                                                                          pegOffsetValue, pegOffsetType, recvWindow
//	POST /api/v3/order/test (SIGNED)   1; computeCommissionRates=true: 20    those of POST /api/v3/order, computeCommissionRates (true, false)
//	GET /api/v3/order (SIGNED)         4                                      symbol*, orderId | origClientOrderId, timestamp*, signature*, recvWindow
//	DELETE /api/v3/order (SIGNED)      1                                      symbol*, orderId | origClientOrderId, newClientOrderId,
//	                                                                          cancelRestrictions (ONLY_NEW, ONLY_PARTIALLY_FILLED), timestamp*,
//	                                                                          signature*, recvWindow
//	DELETE /api/v3/openOrders (SIGNED) 1                                      symbol*, timestamp*, signature*, recvWindow
//	GET /api/v3/openOrders (SIGNED)    symbol 6, otherwise 80                 symbol, timestamp*, signature*, recvWindow
//	GET /api/v3/allOrders (SIGNED)     20                                     symbol*, orderId, startTime, endTime, limit (1-1000, default 500),
//	                                                                          timestamp*, signature*, recvWindow
//	GET /api/v3/myTrades (SIGNED)      orderId 5, otherwise 20                symbol*, orderId, startTime, endTime, fromId, limit (1-1000,
//	                                                                          default 500), timestamp*, signature*, recvWindow
//
// The /sapi and /fapi routes are listed under Wallet and Futures.
//
// Lists (klines, trades) are oldest first. klines and aggTrades filter on the open time and
// the trade time, both bounds inclusive; with startTime (or fromId) they return the oldest
// limit rows from it, otherwise the most recent limit rows. Time parameters of 10^15 and more
// are read as microseconds. klines rows are recorded in UTC: a timeZone whose offset is not a
// whole number of intervals gets [] (nothing was recorded at those open times).
//
// exchangeInfo is the recorded document byte for byte, except serverTime, which is the
// stand-in's clock, and rateLimits when WithRequestWeightLimit changes it. With symbol or
// symbols only those symbols are kept, in the order asked; permissions and symbolStatus filter.
//
// # Data served, per symbol
//
// Every one of the 2,276 symbols of testdata/exchangeInfo_spot_2023-08-13_full.json (LIVE
// mainnet, 2023-08-13; 1393 TRADING, 883 BREAK) is listed; any other symbol is -1121. The
// table fixtures in data.go says which file answers what:
//
//	symbol   endpoint                 file under testdata/                                          recorded
//	BTCUSDT  depth                    python-binance-recordings/depth_BTCUSDT_limit100_testnet.json   testnet 2026-06-15, 100 levels a side
//	BTCUSDT  ticker/price             python-binance-recordings/ticker_price_BTCUSDT_testnet.json     testnet 2026-06-15
//	BTCUSDT  ticker/24hr              python-binance-recordings/ticker_24hr_BTCUSDT_testnet.json      testnet 2026-06-15 (FULL; MINI is its subset)
//	BTCUSDT  ticker/bookTicker        python-binance-recordings/ticker_bookTicker_BTCUSDT_testnet.json testnet 2026-06-15
//	BTCUSDT  avgPrice                 python-binance-recordings/avgPrice_BTCUSDT_testnet.json         testnet 2026-06-15
//	BTCUSDT  klines 1d                python-binance-recordings/klines_BTCUSDT_1d_testnet.json        testnet, 13 rows 2026-06-03..15
//	BTCUSDT  klines 1m                nautilus_trader/http_spot_market_klines.json                    mainnet 2021-10-22, 10 rows
//	BTCUSDT  trades                   nautilus_trader/http_spot_market_trades.json                    mainnet 2021-10-22, 10 trades
//	BTCUSDT  historicalTrades         nautilus_trader/http_spot_market_historical_trades.json         mainnet 2021-10-22, 10 trades
//	BTCUSDT  aggTrades                nautilus_trader/http_spot_market_agg_trades.json                mainnet 2021-10-22, 10 trades
//	ADABTC   klines 1m                klines/ADABTC-1m-2021-11-27.csv, ADABTC-1m-2021-11-28.csv       data.binance.vision, 10 + 11 rows
//
// Recorded answers are served as recorded (compacted), their times included: they do not
// follow the clock. BTCUSDT is thus a 2026 testnet book with 2021 mainnet trades; each file
// is real, their mix is not one moment of one market.
//
// A listed symbol with no file for an endpoint (every symbol but BTCUSDT, and ADABTC apart
// from its 1m klines) answers as a market with no orders and no trades:
//
//	depth             {"lastUpdateId":0,"bids":[],"asks":[]}
//	trades, historicalTrades, aggTrades, klines (any interval without a file)   []
//	ticker/price      {"symbol":S,"price":"0.00000000"}
//	ticker/bookTicker {"symbol":S,"bidPrice":"0.00000000","bidQty":"0.00000000","askPrice":"0.00000000","askQty":"0.00000000"}
//	ticker/24hr       every price and volume "0.00000000", priceChangePercent "0.000",
//	                  openTime now-24h, closeTime now, firstId -1, lastId -1, count 0
//	avgPrice          {"mins":5,"price":"0.00000000","closeTime":0}
//
// Captured but not served: the nautilus_trader 2021 BTCUSDT depth, price, book and avgPrice
// answers (the 2026 testnet ones answer for BTCUSDT), its 2-symbol exchangeInfo, and the
// DOCS/DERIVED examples, which are not real answers.
//
// # Signed endpoints
//
// WithAPIKey(apiKey, hmacSecret) registers an HMAC-SHA256 key, WithEd25519Key(apiKey, pub) an
// Ed25519 key and WithRSAKey(apiKey, pub) an RSA key; several may be registered, and with none
// every signed request is refused. Each key type has its verifier; the rest of the path is one.
// A signed request is charged and recorded like any other, then checked in this order
// (rest-api.md "SIGNED Endpoint security" and "Timing security"), before its other parameters:
//
//	X-MBX-APIKEY missing or not registered        401 -2015 "Invalid API-key, IP, or permissions for action."
//	timestamp missing or empty                    400 -1102 "Mandatory parameter 'timestamp' was not sent, ..."
//	signature missing, not the last parameter,    400 -1022 "Signature for this request is not valid."
//	or not valid under the key over the payload
//	timestamp not digits                          400 -1100
//	recvWindow not ms with up to 3 decimals       400 -1100
//	recvWindow > 60000                            400 -1131 "recvWindow must be less than 60000"
//	timestamp >= serverTime + 1000 ms             400 -1021 "Timestamp for this request was 1000ms ahead of the server's time."
//	serverTime - timestamp > recvWindow (5000)    400 -1021 "Timestamp for this request is outside of the recvWindow."
//
// The payload is the query string before "&signature=" followed by the body, as sent: a
// signature over the decoded or reordered query does not match. The signature is the last
// parameter of the query string or, on a POST whose query string has none, of the form body;
// then the payload is the query string followed by the body before "&signature=".
//
//	key type   signature                                           compared
//	HMAC       hex HMAC-SHA256(secret, payload), any letter case   hmac.Equal
//	Ed25519    base64 Ed25519 signature, percent-encoded           ed25519.Verify
//	RSA        base64 RSASSA-PKCS1-v1_5 SHA-256, percent-encoded   rsa.VerifyPKCS1v15
//
// Base64 signatures are percent-decoded, then decoded as standard base64 with padding: case
// matters, and a '+' sent without percent-encoding reads as a space and fails.
//
// serverTime is the stand-in's clock plus its offset (see Clock skew); timestamps of 10^15 and more are
// microseconds. rest-api.md processes a request only if timestamp < serverTime + 1 second,
// so a timestamp exactly 1000 ms ahead is refused; serverTime - timestamp = recvWindow is
// accepted. errors.md does not list -1131; its text is the stand-in's.
//
// The account answer is testdata/nautilus_trader/account_response.json, DERIVED from
// rest-api.md (commissions 15, updateTime 123456789, uid 354937868), with its balances
// replaced by the account's current ones (see Balances). It is the same for every key.
// omitZeroBalances=true leaves out assets with free and locked both zero.
//
// # Orders
//
// POST /api/v3/order and /api/v3/order/test check a new order after the generic parameter
// checks of Errors, in this order (the order of checks within Binance is not documented; this
// is the stand-in's):
//
//	symbol not ^[A-Z0-9-_.]{1,20}$ / not listed      -1100 / -1121 "Invalid symbol."
//	side, type, timeInForce not an enum value        -1117 "Invalid side." / -1116 "Invalid orderType." / -1115 "Invalid timeInForce."
//	newOrderRespType, selfTradePreventionMode        -1130 (an STP mode must be in the symbol's allowedSelfTradePreventionModes)
//	newClientOrderId not ^[a-zA-Z0-9-_]{1,36}$       -1100
//	a DECIMAL not ^([0-9]{1,20})(\.[0-9]{1,20})?$    -1100; trailingDelta, strategyId, strategyType not digits: -1100
//	strategyType < 1000000                           -1134 "strategyType was less than 1000000."
//	pegPriceType, pegOffsetType, pegOffsetValue      -1013 "Pegged orders are not supported for this symbol." (no recorded
//	                                                 symbol has pegInstructionsAllowed), or for MARKET, STOP_LOSS,
//	                                                 TAKE_PROFIT "This order type may not use pegged price."
//	a mandatory parameter of the type missing        -1102 "Mandatory parameter '%s' ..." in the order timeInForce,
//	                                                 quantity, price; "Param 'quantity' or 'quoteOrderQty' must be
//	                                                 sent, but both were empty/null!"; the same for 'stopPrice' or 'trailingDelta'
//	a parameter the type does not take               -1106 "Parameter '%s' sent when not required." (also quoteOrderQty
//	                                                 sent with quantity on MARKET)
//	icebergQty with timeInForce other than GTC       -1013 "Unsupported order combination"
//	symbol status not TRADING                        -1013 "Market is closed."
//	type not in the symbol's orderTypes              -1013 "Stop loss orders are not supported for this symbol." etc.
//	icebergQty, quoteOrderQty, trailingDelta where   -1013 "Iceberg orders are not supported for this symbol." etc.
//	the symbol does not allow them
//	isSpotTradingAllowed false                       -2010 "This symbol is not permitted for this account."
//	icebergQty >= quantity                           -1013 "IcebergQty exceeds QTY."
//	a symbol filter fails                            -1013 "Filter failure: <FILTER>", the first in the recorded order
//
// Mandatory parameters per type follow rest-api.md "New order": LIMIT timeInForce, quantity,
// price; MARKET quantity or quoteOrderQty; STOP_LOSS and TAKE_PROFIT quantity, stopPrice or
// trailingDelta; STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT timeInForce, quantity, price, stopPrice
// or trailingDelta; LIMIT_MAKER quantity, price. Every recorded symbol lists LIMIT,
// LIMIT_MAKER, MARKET, STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT, so STOP_LOSS and TAKE_PROFIT are
// refused everywhere, as the recorded exchange would.
//
// Filters are those of filters.md, computed exactly (big.Rat): PRICE_FILTER on price and
// stopPrice (a zero bound disabled); PERCENT_PRICE and PERCENT_PRICE_BY_SIDE on price, when
// the symbol has a reference price; LOT_SIZE on quantity and icebergQty; MARKET_LOT_SIZE on a
// MARKET quantity (a zero maxQty or stepSize disabled); MIN_NOTIONAL and NOTIONAL on price *
// quantity (stopPrice for a stop order without price; for MARKET the reference price, or
// quoteOrderQty, and only as applyToMarket, applyMinToMarket, applyMaxToMarket say);
// ICEBERG_PARTS as ceil(quantity / icebergQty); TRAILING_DELTA by side and type; and, for
// POST /api/v3/order only, MAX_NUM_ORDERS, MAX_NUM_ALGO_ORDERS and MAX_NUM_ICEBERG_ORDERS
// against the open orders on the symbol. The "x % step == 0" rules are read as filters.md
// writes them (a multiple of the step), not from minPrice or minQty.
//
// The reference price of a symbol is its recorded last price (ticker/price; BTCUSDT
// 65861.66), or WithReferencePrice; filters.md uses the average price of the last
// avgPriceMins instead, which the stand-in does not have. A symbol without one has no
// reference price: its price-based MARKET checks are skipped.
//
// order/test answers {} (or, with computeCommissionRates=true, the rest-api.md shape with the
// account fixture's rates 0.0015) and places nothing. POST /api/v3/order then, under one
// lock: counts the order against the ORDERS limits (see below), checks MAX_NUM_* and that no
// open order on the symbol has the same newClientOrderId (-2010 "Duplicate order sent."),
// and places it: orderId 1, 2, ... per stand-in, transactTime the server time, clientOrderId
// newClientOrderId or "standin<orderId>". A MARKET order fills whole at once at the reference
// price, one fill, commission 0.0015 of what is received (base asset on BUY, quote on SELL),
// rounded half away from zero to 8 places; with quoteOrderQty its quantity is quoteOrderQty /
// price rounded down to the LOT_SIZE step. Each fill is a trade of GET /api/v3/myTrades,
// tradeId 1, 2, ... per stand-in, isMaker false.
// With no reference price a MARKET order by quantity EXPIRES unfilled, and one by
// quoteOrderQty is -2010 "Order book liquidity is less than symbol minimum quantity.". Every
// other order stays NEW (workingTime -1 for stop orders) until canceled; nothing ever
// matches later. An order the free balance does not cover is -2010 "Account has insufficient
// balance for requested action." (see Balances), checked last, after MAX_NUM_* and the
// duplicate check, and is neither placed nor counted.
//
// The answer is ACK, RESULT or FULL (rest-api.md "New order"; default FULL for MARKET and
// LIMIT, ACK for the rest), with the conditional fields stopPrice (stop orders), icebergQty,
// trailingDelta and trailingTime (-1), strategyId and strategyType when they apply. Decimals
// are written with the symbol's precision (8 places in the recording; rest-api.md shows
// origQuoteOrderQty with 6, a slip of the example). timeInForce is GTC when not sent.
//
// GET /api/v3/order finds a placed order by orderId (and then origClientOrderId must match)
// or by origClientOrderId (the latest), on the symbol; otherwise -2013 "Order does not
// exist.", or -1102 "Param 'orderId' or 'origClientOrderId' must be sent, but both were
// empty/null!". Orders are one account's, whatever the key. Orders() and GET
// /__standin/orders list them; Placements() counts them. Reset leaves them.
//
// # Cancel and order lists
//
// DELETE /api/v3/order cancels the open (NEW) order named as GET /api/v3/order names it, and
// answers rest-api.md "Cancel order": origClientOrderId, the order's clientOrderId;
// clientOrderId, newClientOrderId or "standincancel<orderId>"; transactTime, the server time;
// status CANCELED; the conditional fields. The order's updateTime becomes the server time and
// what it locked is unlocked. Refusals, after the generic checks of Errors:
//
//	neither orderId nor origClientOrderId       -1102 "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!"
//	newClientOrderId not ^[a-zA-Z0-9-_]{1,36}$  -1100
//	cancelRestrictions not an enum value        -1145 "Invalid cancelRestrictions"
//	symbol not listed                           -1121 "Invalid symbol."
//	no such order, or not NEW (FILLED,          -2011 "Unknown order sent."
//	EXPIRED, CANCELED), or orderId and
//	origClientOrderId name different orders
//	cancelRestrictions=ONLY_PARTIALLY_FILLED    -2011 "Order was not canceled due to cancel restrictions." (nothing is
//	                                            ever partially filled here)
//
// DELETE /api/v3/openOrders cancels every NEW order on the symbol, oldest first, and answers
// the array of cancel answers (clientOrderId "standincancel<orderId>"); none open is -2011
// "Unknown order sent.", as Binance answers. GET /api/v3/openOrders lists the NEW orders on the
// symbol, or on all symbols, oldest first, in the GET /api/v3/order shape.
//
// GET /api/v3/allOrders lists the symbol's orders of every status, oldest first; with orderId
// those from it; startTime and endTime filter on the order's time, both inclusive. With
// orderId or startTime it keeps the first limit rows, otherwise the most recent limit.
// GET /api/v3/myTrades lists the symbol's trades the same way (fromId for orderId; orderId
// keeps that order's trades), in the rest-api.md shape. For both, startTime and endTime more
// than 24 hours apart are -1127 "More than 24 hours between startTime and endTime." (exactly
// 24 hours is accepted). myTrades accepts only the combinations rest-api.md lists: orderId or
// fromId with startTime or endTime is -1128 "Combination of optional parameters invalid.".
// Trades() and GET /__standin/trades list the trades.
//
// # Balances
//
// The account starts with the account fixture's balances and 1,000,000 USDT (the fixture has
// none), in this order, each with nothing locked:
//
//	BTC    4723846.89208129
//	LTC    4763368.68006011
//	USDT   1000000.00000000
//
// Every New (fresh stand-in) starts from them; Reset leaves balances alone. Amounts are exact
// (big.Rat) and written with 8 places. A MARKET fill takes the quote asset (price * quantity)
// and gives the base asset less the commission on a BUY; takes the base asset and gives the
// quote less the commission on a SELL. A resting order locks, from free to locked, price *
// quantity of the quote asset on a BUY (stopPrice when there is no price) and the quantity of
// the base asset on a SELL; a cancel unlocks it. An asset first received is added after the
// others. For example, a MARKET BUY of 0.001 BTCUSDT at 65861.66 leaves USDT 999934.13834000
// and BTC 4723846.89307979; a LIMIT BUY of 0.01 at 60000 locks 600 USDT.
//
// Balances() and GET /__standin/balances read them; SetBalance(asset, free) and POST
// /__standin/balance {"asset":"USDT","free":"100"} set a free balance (the locked part is left
// alone), for example to provoke -2010. The /sapi wallet data below does not follow them.
//
// # Order count
//
// Each order POST /api/v3/order places counts against the ORDERS limits of exchangeInfo
// rateLimits (50 per 10 SECOND, 160000 per 1 DAY; windows aligned on the epoch, by the clock
// without offset). Its answer carries X-MBX-ORDER-COUNT-10S and X-MBX-ORDER-COUNT-1D. An order
// that would pass a limit is not placed nor counted: 429, Retry-After (seconds to the end of
// that window), the count headers, and -1015 "Too many new orders; current limit is 50 orders
// per 10 SECOND.". Refused orders are not counted: those refused before the count (parameters,
// symbol, stateless filters) carry no count header, those refused after it (MAX_NUM_*,
// duplicate) carry the unchanged counts. Test orders are never counted. OrderCounts() reads
// the counts. WithRequestWeightLimit does not change the ORDERS limits.
//
// # Clock skew
//
// WithClockOffset(d), SetClockOffset(d) or POST /__standin/clock {"offsetMs":N} set the
// server time to the clock plus the offset, for tests of -1021 handling: GET /api/v3/time,
// exchangeInfo serverTime, the timestamp checks and order times read it. The weight and order
// windows, Retry-After and records read the clock itself.
//
// # Errors
//
// HTTP 400 with Binance's body, checked in this order: -1100 for a query that does not parse;
// -1101 for a repeated parameter; -1102 "Mandatory parameter '%s' was not sent, was
// empty/null, or malformed." for a missing or empty mandatory one; -1105 for an empty optional
// one; -1104 for a parameter the endpoint does not take; then, per parameter, -1100 "Illegal
// characters found in parameter '%s'; legal range is '%s'." (symbol ^[A-Z0-9-_.]{1,20}$,
// numbers ^[0-9]{1,20}$; non-ASCII symbol names go on to the lookup), -1120 for an interval,
// -1130 for a limit outside 1..max or a bad timeZone, -1139 for a ticker type, -1122 for a
// symbolStatus, -1128 for symbol with symbols (or with permissions or symbolStatus on
// exchangeInfo), -1151 for a symbol listed twice, -1102 for an empty symbols list; then -1121 "Invalid symbol." and -1220 for a
// status mismatch. Binance's documents give the codes but not always their order, nor the code
// for a limit above the maximum; these are the stand-in's choices.
//
// # Weight and limits
//
// Every /api answer carries X-MBX-USED-WEIGHT and X-MBX-USED-WEIGHT-1M: the weight used in the
// current minute of the stand-in's clock. Each routed request is charged its weight before its
// parameters are checked, so an error answer costs weight too (Binance's carry the headers);
// 404s, faults and control requests are not charged. Reset leaves the used weight alone.
// When the used weight passes the REQUEST_WEIGHT limit of exchangeInfo rateLimits (1200, or
// WithRequestWeightLimit), the answer is HTTP 429, Retry-After (seconds to the next minute) and
// -1003 "Too much request weight used; current limit is 1200 request weight per 1 MINUTE.
// Please use WebSocket Streams for live updates to avoid polling the API.". The request that
// passes the limit still counts. The weight resets when the clock enters a new minute.
//
// The /sapi and /fapi routes do not count against that REQUEST_WEIGHT, as at Binance (from its
// wallet and futures documentation, not in this repository's reference): each /sapi path has
// its own budget of 12000 per minute, reported in X-SAPI-USED-IP-WEIGHT-1M; /fapi has one
// budget of 2400 per minute, reported in X-MBX-USED-WEIGHT-1M. Passing either is the same 429
// -1003 answer with that limit in its text. UsedWeight, SetUsedWeight and
// WithRequestWeightLimit concern the spot budget only.
//
// # Faults
//
// AddFault (or POST /__standin/fault) makes the next Count requests, to one path or any,
// answer badly; the kinds are
//
//	rate_limited      429, Retry-After and the -1003 weight-limit body; not charged
//	banned            418, Retry-After and the -1003 "IP banned until" body; not charged
//	server_error      a 5xx (default 500) with a Binance body (default -1001); not charged
//	delay             the normal answer, after Delay
//	drop              the connection closed without an answer; nothing processed, not charged
//	accept_then_drop  the request processed as usual (an order placed, counted and its balance
//	                  moved, a cancel canceled), charged, then the connection closed without an
//	                  answer: the client cannot tell whether it reached the exchange
//
// and placeThenFail on server_error or delay processes the request, then answers the error
// (delay: 503 -1007 by default). A faulted request is recorded with its Fault; a dropped one
// with Status 0. The fault applies whatever the answer would have been (a refused order is
// dropped too). Clients that retry idempotent requests on a broken reused connection (Go's
// http.Transport does so for GET) may send a dropped GET twice; POST and DELETE are not retried.
// SetUsedWeight sets the weight used this minute, for example to just under the limit.
//
// # Control API
//
// Under the reserved prefix /__standin/, never charged and never recorded, for end-to-end
// tests that run the stand-in as a process (cmd/binance-standin):
//
//	GET  /__standin/requests[?path=P]  JSON array of Record, oldest first (only those to P)
//	POST /__standin/reset              clear records and faults
//	POST /__standin/fault              {"kind":"rate_limited|banned|server_error|delay|drop|accept_then_drop",
//	                                    "path":"/api/v3/depth","count":1,"retryAfter":30,
//	                                    "status":503,"code":-1001,"msg":"...","delayMs":200,
//	                                    "placeThenFail":false}
//	GET  /__standin/weight             {"used":N,"limit":1200}
//	POST /__standin/weight             {"used":1190}
//	GET  /__standin/clock              {"offsetMs":N,"serverTime":ms}
//	POST /__standin/clock              {"offsetMs":-2000}: set the server-time offset
//	GET  /__standin/orders             JSON array of Order, oldest first
//	GET  /__standin/placements         {"placements":N}
//	GET  /__standin/trades             JSON array of Trade, oldest first
//	GET  /__standin/balances           JSON array of Balance, in account order
//	POST /__standin/balance            {"asset":"USDT","free":"100"}: set a free balance
//
// Bodies are decoded strictly (unknown fields are refused); errors answer 400 {"error":...}.
//
// # Wallet (/sapi)
//
// SIGNED like the spot routes, on the same listener, in the shapes of Binance's wallet
// documentation (not in this repository's reference). Their data is fixed, the stand-in's own,
// and does not follow orders or balances. Weights count against their own budget (see Weight
// and limits).
//
//	route                                   weight  parameters
//	GET /sapi/v1/capital/deposit/address    10      coin*, network, amount
//	GET /sapi/v1/capital/deposit/hisrec     1       includeSource, coin, status, startTime, endTime, offset, limit (1-1000, default 1000), txId
//	GET /sapi/v1/capital/withdraw/history   18      coin, withdrawOrderId, status, offset, limit (1-1000), idList (comma-separated), startTime, endTime
//	GET /sapi/v1/asset/transfer             1       type*, startTime, endTime, current (from 1), size (1-100, default 10), fromSymbol, toSymbol
//	GET /sapi/v1/accountSnapshot            2400    type* (SPOT, MARGIN, FUTURES), startTime, endTime, limit (7-30, default 7)
//	GET /sapi/v1/asset/tradeFee             1       symbol
//
// (each also timestamp*, signature*, recvWindow). The data (wallet.go):
//
//	deposit address   BTC: 1HPn8Rx2y6nNSfagQBKy27GB99Vbzg89wv (network BTC); USDT: network ETH
//	                  (the default) 0x94df8b352de7f46f64b01d3666bf6e936e44ce60, TRX
//	                  TJDENsfBJs4RFETt1X1W8wMDc8M5XnJhCe; tag ""
//	deposits          0.5 BTC at 1780300800000 (id 769800519366885376), 2500 USDT on TRX at
//	                  1781094600000 (id 769800519366885377); status 1
//	withdrawals       100 USDT on ETH, applyTime 2026-06-12 09:15:00, withdrawOrderId
//	                  WITHDRAWtest123; 0.01 BTC, 2026-06-14 16:00:00; status 6
//	transfers         1000 USDT MAIN_UMFUTURE at 1781337600000 (tranId 11415955596), 250 USDT
//	                  UMFUTURE_MAIN at 1781424000000 (11415955597)
//	accountSnapshot   one snapshot a day, updateTime 23:59:59.999 UTC, the limit days up to
//	                  yesterday by the server time (or up to endTime), from startTime; the same
//	                  data every day; type in lower case
//	tradeFee          maker and taker "0.0015" for the symbol, or for every listed symbol in
//	                  exchangeInfo order
//
// Histories are oldest first and filter on every parameter sent (time bounds inclusive; the
// withdrawal time is applyTime). No default time window is applied (Binance defaults to the
// last 90 days; every row is within them at the default clock). asset/transfer answers
// {"total":N,"rows":[...]}, or {"total":0} with no rows field when nothing matches. Refusals:
// -1102 for a missing coin or type, -1130 "Data sent for parameter '%s' is not valid." for an
// unknown coin, network, type, includeSource, current < 1, size outside 1-100, limit outside
// its range, -1121 for an unlisted tradeFee symbol.
//
// # Futures (/fapi)
//
// USD-M futures reads, SIGNED with the same keys, on the same listener, in the shapes of
// Binance's USD-M documentation; fixed data (futures.go). A symbol must be listed in the
// spot exchangeInfo (-1121 otherwise): the stand-in has no futures exchangeInfo, so USD-M-only
// symbols such as 1000PEPEUSDT are refused.
//
//	route                         weight                   parameters
//	GET /fapi/v2/positionRisk     5                        symbol
//	GET /fapi/v3/positionRisk     5                        symbol
//	GET /fapi/v1/income           30                       symbol, incomeType, startTime, endTime, page (from 1), limit (1-1000, default 100)
//	GET /fapi/v1/forceOrders      symbol 20, otherwise 50  symbol, autoCloseType (LIQUIDATION, ADL), startTime, endTime, limit (1-100, default 50)
//
// Positions (one-way, cross, leverage 10): BTCUSDT 0.010 at 65000.0, mark 65861.66, PnL
// 8.6166; ETHUSDT -0.500 at 3500.0, mark 3450, PnL 25. v2 answers a zero row for a symbol
// without a position, v3 leaves it out. Income: TRANSFER 1000 USDT, ETHUSDT FUNDING_FEE -0.13,
// BTCUSDT REALIZED_PNL 12.5 and COMMISSION -0.26 (tranId 9689322392-95). Force orders: a
// BTCUSDT liquidation (orderId 6071832819, clientOrderId autoclose-...) and an ETHUSDT ADL
// (6071832820, adl_autoclose-...); forceOrders keeps the most recent limit. Refusals: -1130 for
// an unknown incomeType or autoCloseType, page < 1, a limit outside its range.
//
// # Testnet
//
// WithTestnet (cmd/binance-standin -testnet) makes the stand-in answer like the spot test
// network, where "only the /api endpoints are available" (testnet-general-info.md): every
// path not under /api/ answers 404 with the HTML page, uncharged but recorded. Everything
// else is unchanged (the testnet's filters and limits are "generally the same"). Every
// Record keeps the request's Host header, so a test can check which host a client meant to
// reach (for example testnet.binance.vision) while it talks to 127.0.0.1.
//
// # Not served
//
// Signed endpoints other than those above (order lists, SOR, cancelReplace, amend,
// rateLimit/order, every /sapi and /fapi route not listed), matching (a LIMIT order never
// fills, nor partially), MAX_POSITION, pegged orders, EXCHANGE_MAX_* filters (none recorded),
// the unfilled-order-count decrement on fills, the /sapi UID limits, IP and permission
// restrictions of keys, RAW_REQUESTS, SBE, X-MBX-TIME-UNIT, and the automatic ban after
// repeated 429s are not part of this stand-in yet.
package binancetest
