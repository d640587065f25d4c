// Package binancetest is a local stand-in for Binance's spot REST API, for tests. It listens
// on 127.0.0.1, answers the public market-data endpoints from real captured payloads, verifies
// HMAC-signed requests (GET /api/v3/account), charges the documented request weights, enforces
// the per-minute weight limit, answers with Binance's error bodies and headers, can be told to
// fail, and records every request so a test can assert what did and did not reach the exchange.
//
// It is written apart from the product: it imports nothing from the rest of this repository,
// only the standard library, and follows Binance's documents (rest-api.md, errors.md at
// binance/binance-spot-api-docs a5e0bc3d) and the captured payloads. Where it and the gate
// disagree, one of them is wrong.
//
//	clock := binancetest.NewManualClock(time.Date(2026, 6, 15, 6, 53, 10, 0, time.UTC))
//	s := binancetest.New(binancetest.WithClock(clock.Now))
//	s.Start()
//	defer s.Close()
//	// point the client at s.URL(); clock.Advance(time.Minute) resets the used weight;
//	// s.Requests() and s.CountRequests("/api/v3/depth") tell what reached the exchange.
//
// # Endpoints
//
// GET only; any other method or path is answered 404 with Binance's HTML page. Weights are
// those of rest-api.md.
//
//	path                       weight                                   parameters
//	/api/v3/ping               1                                        -
//	/api/v3/time               1                                        -
//	/api/v3/exchangeInfo       20                                       symbol | symbols | permissions, symbolStatus; showPermissionSets
//	/api/v3/depth              limit 1-100: 5, -500: 25, -1000: 50,     symbol*, limit (default 100; above 5000 cut to 5000), symbolStatus
//	                           -5000: 250
//	/api/v3/trades             25                                       symbol*, limit (1-1000, default 500)
//	/api/v3/historicalTrades   25                                       symbol*, limit, fromId
//	/api/v3/aggTrades          4                                        symbol*, fromId, startTime, endTime, limit
//	/api/v3/klines             2                                        symbol*, interval*, startTime, endTime, timeZone, limit (1-1000, default 500)
//	/api/v3/avgPrice           2                                        symbol*
//	/api/v3/ticker/price       symbol 2, otherwise 4                    symbol | symbols, symbolStatus
//	/api/v3/ticker/bookTicker  symbol 2, otherwise 4                    symbol | symbols, symbolStatus
//	/api/v3/ticker/24hr        symbol 2; symbols 1-20: 2, 21-100: 40,   symbol | symbols, type (FULL, MINI), symbolStatus
//	                           101+: 80; none: 80
//	/api/v3/account (SIGNED)   20                                       timestamp*, signature*, recvWindow, omitZeroBalances (true, false)
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
// WithAPIKey(apiKey, hmacSecret) registers an HMAC-SHA256 key; several may be registered, and
// with none every signed request is refused. A signed request (today only GET /api/v3/account)
// is charged and recorded like any other, then checked in this order (rest-api.md "SIGNED
// Endpoint security" and "Timing security"), before its other parameters:
//
//	X-MBX-APIKEY missing or not registered        401 -2015 "Invalid API-key, IP, or permissions for action."
//	timestamp missing or empty                    400 -1102 "Mandatory parameter 'timestamp' was not sent, ..."
//	signature missing, not hex, not the last      400 -1022 "Signature for this request is not valid."
//	query parameter, or not HMAC-SHA256(secret,
//	query string before "&signature=" + body)
//	timestamp not digits                          400 -1100
//	recvWindow not ms with up to 3 decimals       400 -1100
//	recvWindow > 60000                            400 -1131 "recvWindow must be less than 60000"
//	timestamp >= serverTime + 1000 ms             400 -1021 "Timestamp for this request was 1000ms ahead of the server's time."
//	serverTime - timestamp > recvWindow (5000)    400 -1021 "Timestamp for this request is outside of the recvWindow."
//
// The signature is compared, hex-decoded (so in any letter case, as rest-api.md says of HMAC),
// with hmac.Equal, over the bytes as sent: a signature over the decoded or reordered query
// does not match. serverTime is the stand-in's clock; timestamps of 10^15 and more are
// microseconds. rest-api.md processes a request only if timestamp < serverTime + 1 second,
// so a timestamp exactly 1000 ms ahead is refused; serverTime - timestamp = recvWindow is
// accepted. errors.md does not list -1131; its text is the stand-in's.
//
// The account answer is testdata/nautilus_trader/account_response.json, the only answer
// served that is not LIVE: it is DERIVED from rest-api.md (docs balances, updateTime
// 123456789). It is the same for every key. omitZeroBalances changes nothing (no balance is
// zero).
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
// Every answer carries X-MBX-USED-WEIGHT and X-MBX-USED-WEIGHT-1M: the weight used in the
// current minute of the stand-in's clock. Each routed request is charged its weight before its
// parameters are checked, so an error answer costs weight too (Binance's carry the headers);
// 404s, faults and control requests are not charged. Reset leaves the used weight alone.
// When the used weight passes the REQUEST_WEIGHT limit of exchangeInfo rateLimits (1200, or
// WithRequestWeightLimit), the answer is HTTP 429, Retry-After (seconds to the next minute) and
// -1003 "Too much request weight used; current limit is 1200 request weight per 1 MINUTE.
// Please use WebSocket Streams for live updates to avoid polling the API.". The request that
// passes the limit still counts. The weight resets when the clock enters a new minute.
//
// # Faults
//
// AddFault (or POST /__standin/fault) makes the next Count requests, to one path or any,
// answer 429 or 418 with Retry-After and the -1003 bodies, a 5xx with a Binance body, a delay
// before the normal answer, or a dropped connection. SetUsedWeight sets the weight used this
// minute, for example to just under the limit.
//
// # Control API
//
// Under the reserved prefix /__standin/, never charged and never recorded, for end-to-end
// tests that run the stand-in as a process (cmd/binance-standin):
//
//	GET  /__standin/requests[?path=P]  JSON array of Record, oldest first (only those to P)
//	POST /__standin/reset              clear records and faults
//	POST /__standin/fault              {"kind":"rate_limited|banned|server_error|delay|drop",
//	                                    "path":"/api/v3/depth","count":1,"retryAfter":30,
//	                                    "status":503,"code":-1001,"msg":"...","delayMs":200}
//	GET  /__standin/weight             {"used":N,"limit":1200}
//	POST /__standin/weight             {"used":1190}
//
// Bodies are decoded strictly (unknown fields are refused); errors answer 400 {"error":...}.
//
// # Not served
//
// Signed endpoints other than account (orders, trades), RSA and Ed25519 keys, a signature
// sent in the body, IP and permission restrictions of keys, order filters,
// X-MBX-ORDER-COUNT, RAW_REQUESTS, SBE, X-MBX-TIME-UNIT, and the automatic ban after repeated
// 429s are not part of this stand-in yet.
package binancetest
