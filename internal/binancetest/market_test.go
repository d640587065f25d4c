package binancetest

import (
	"encoding/json"
	"net/url"
	"strconv"
	"testing"
)

const (
	pbr = "python-binance-recordings/"
	nt  = "nautilus_trader/"
)

// TestFixtures checks that each endpoint serves its recorded answer.
func TestFixtures(t *testing.T) {
	s, _ := start(t)
	adabtc := append(list(file(t, "klines/ADABTC-1m-2021-11-27.csv")), list(file(t, "klines/ADABTC-1m-2021-11-28.csv"))...)
	tests := []struct {
		name, target string
		want         any
		weight       int
	}{
		{"ping", "/api/v3/ping", map[string]any{}, 1},
		{"time", "/api/v3/time", map[string]any{"serverTime": json.Number(strconv.FormatInt(t0.UnixMilli(), 10))}, 1},
		{"price", "/api/v3/ticker/price?symbol=BTCUSDT", file(t, pbr+"ticker_price_BTCUSDT_testnet.json"), 2},
		{"24hr", "/api/v3/ticker/24hr?symbol=BTCUSDT", file(t, pbr+"ticker_24hr_BTCUSDT_testnet.json"), 2},
		{"24hr FULL", "/api/v3/ticker/24hr?symbol=BTCUSDT&type=FULL", file(t, pbr+"ticker_24hr_BTCUSDT_testnet.json"), 2},
		{"bookTicker", "/api/v3/ticker/bookTicker?symbol=BTCUSDT", file(t, pbr+"ticker_bookTicker_BTCUSDT_testnet.json"), 2},
		{"avgPrice", "/api/v3/avgPrice?symbol=BTCUSDT", file(t, pbr+"avgPrice_BTCUSDT_testnet.json"), 2},
		{"depth", "/api/v3/depth?symbol=BTCUSDT", file(t, pbr+"depth_BTCUSDT_limit100_testnet.json"), 5},
		{"depth limit 5000", "/api/v3/depth?symbol=BTCUSDT&limit=5000", file(t, pbr+"depth_BTCUSDT_limit100_testnet.json"), 250},
		{"depth limit 6000 is cut to 5000", "/api/v3/depth?symbol=BTCUSDT&limit=6000", file(t, pbr+"depth_BTCUSDT_limit100_testnet.json"), 250},
		{"klines 1d", "/api/v3/klines?symbol=BTCUSDT&interval=1d", file(t, pbr+"klines_BTCUSDT_1d_testnet.json"), 2},
		{"klines 1m", "/api/v3/klines?symbol=BTCUSDT&interval=1m", file(t, nt+"http_spot_market_klines.json"), 2},
		{"klines ADABTC 1m from CSV", "/api/v3/klines?symbol=ADABTC&interval=1m", adabtc, 2},
		{"trades", "/api/v3/trades?symbol=BTCUSDT", file(t, nt+"http_spot_market_trades.json"), 25},
		{"historicalTrades", "/api/v3/historicalTrades?symbol=BTCUSDT", file(t, nt+"http_spot_market_historical_trades.json"), 25},
		{"aggTrades", "/api/v3/aggTrades?symbol=BTCUSDT", file(t, nt+"http_spot_market_agg_trades.json"), 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := s.UsedWeight()
			a := get(t, s, tc.target)
			wantJSON(t, a, tc.want)
			if used, _ := weightHeaders(t, a); used-before != tc.weight {
				t.Errorf("charged %d, want %d", used-before, tc.weight)
			}
		})
	}
}

func TestMiniTicker(t *testing.T) {
	s, _ := start(t)
	full := obj(file(t, pbr+"ticker_24hr_BTCUSDT_testnet.json"))
	want := map[string]any{}
	for _, f := range miniFields {
		want[f] = full[f]
	}
	wantJSON(t, get(t, s, "/api/v3/ticker/24hr?symbol=BTCUSDT&type=MINI"), want)
}

// TestWindows checks limit, startTime, endTime and fromId on the list endpoints.
func TestWindows(t *testing.T) {
	s, _ := start(t)
	d1 := list(file(t, pbr+"klines_BTCUSDT_1d_testnet.json"))
	open := func(i int) string { return string(d1[i].([]any)[0].(json.Number)) }
	openUs := func(i int) string { return open(i) + "000" }
	after := func(i int) string { n, _ := strconv.ParseInt(open(i), 10, 64); return strconv.FormatInt(n+1, 10) }
	ada := append(list(file(t, "klines/ADABTC-1m-2021-11-27.csv")), list(file(t, "klines/ADABTC-1m-2021-11-28.csv"))...)
	trades := list(file(t, nt+"http_spot_market_trades.json"))
	hist := list(file(t, nt+"http_spot_market_historical_trades.json"))
	agg := list(file(t, nt+"http_spot_market_agg_trades.json"))
	field := func(rows []any, i int, f string) string { return string(obj(rows[i])[f].(json.Number)) }
	book := obj(file(t, pbr+"depth_BTCUSDT_limit100_testnet.json"))
	side := func(s string, n int) []any { return list(book[s])[:n] }
	k := "/api/v3/klines?symbol=BTCUSDT&interval=1d"

	tests := []struct {
		name, target string
		want         any
	}{
		{"depth limit 5", "/api/v3/depth?symbol=BTCUSDT&limit=5",
			map[string]any{"lastUpdateId": book["lastUpdateId"], "bids": side("bids", 5), "asks": side("asks", 5)}},
		{"depth limit 1", "/api/v3/depth?symbol=BTCUSDT&limit=1",
			map[string]any{"lastUpdateId": book["lastUpdateId"], "bids": side("bids", 1), "asks": side("asks", 1)}},
		{"klines most recent", k + "&limit=3", d1[10:]},
		{"klines limit above rows", k + "&limit=1000", d1},
		{"klines startTime", k + "&startTime=" + open(2), d1[2:]},
		{"klines startTime limit takes the oldest", k + "&startTime=" + open(2) + "&limit=2", d1[2:4]},
		{"klines startTime after an open excludes that row", k + "&startTime=" + after(2), d1[3:]},
		{"klines endTime after an open includes that row", k + "&endTime=" + after(2), d1[:3]},
		{"klines startTime in microseconds", k + "&startTime=" + openUs(2) + "&limit=2", d1[2:4]},
		{"klines endTime inclusive", k + "&endTime=" + open(4), d1[:5]},
		{"klines endTime limit takes the latest", k + "&endTime=" + open(4) + "&limit=2", d1[3:5]},
		{"klines both", k + "&startTime=" + open(3) + "&endTime=" + open(6), d1[3:7]},
		{"klines both with limit", k + "&startTime=" + open(3) + "&endTime=" + open(6) + "&limit=2", d1[3:5]},
		{"klines after the last", k + "&startTime=" + after(12), []any{}},
		{"klines start after end", k + "&startTime=" + open(6) + "&endTime=" + open(3), []any{}},
		{"klines ADABTC across files", "/api/v3/klines?symbol=ADABTC&interval=1m&startTime=1638057600000&limit=3", ada[10:13]},
		{"klines whole-hour timeZone keeps 1m", "/api/v3/klines?symbol=ADABTC&interval=1m&timeZone=8&limit=2", ada[19:]},
		{"klines timeZone shifts 1d", k + "&timeZone=-1:00", []any{}},
		{"klines timeZone 0 is UTC", k + "&timeZone=0&limit=1", d1[12:]},
		{"trades most recent", "/api/v3/trades?symbol=BTCUSDT&limit=3", trades[7:]},
		{"historicalTrades fromId", "/api/v3/historicalTrades?symbol=BTCUSDT&fromId=" + field(hist, 3, "id") + "&limit=2", hist[3:5]},
		{"historicalTrades limit", "/api/v3/historicalTrades?symbol=BTCUSDT&limit=2", hist[8:]},
		{"aggTrades time window", "/api/v3/aggTrades?symbol=BTCUSDT&startTime=" + field(agg, 2, "T") + "&endTime=" + field(agg, 5, "T"), agg[2:6]},
		{"aggTrades fromId", "/api/v3/aggTrades?symbol=BTCUSDT&fromId=" + field(agg, 7, "a"), agg[7:]},
		{"aggTrades limit", "/api/v3/aggTrades?symbol=BTCUSDT&limit=1", agg[9:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantJSON(t, get(t, s, tc.target), tc.want) })
	}
}

// TestQuietMarket checks the answers for listed symbols without recorded data.
func TestQuietMarket(t *testing.T) {
	s, _ := start(t)
	ms := func(d int64) json.Number { return json.Number(strconv.FormatInt(t0.UnixMilli()+d, 10)) }
	z := "0.00000000"
	full := map[string]any{
		"symbol": "BCCBTC", "priceChange": z, "priceChangePercent": "0.000", "weightedAvgPrice": z,
		"prevClosePrice": z, "lastPrice": z, "lastQty": z, "bidPrice": z, "bidQty": z, "askPrice": z,
		"askQty": z, "openPrice": z, "highPrice": z, "lowPrice": z, "volume": z, "quoteVolume": z,
		"openTime": ms(-86_400_000), "closeTime": ms(0), "firstId": json.Number("-1"),
		"lastId": json.Number("-1"), "count": json.Number("0"),
	}
	miniWant := map[string]any{}
	for _, f := range miniFields {
		miniWant[f] = full[f]
	}
	tests := []struct {
		name, target string
		want         any
	}{
		{"depth", "/api/v3/depth?symbol=ETHBTC&limit=10", map[string]any{"lastUpdateId": json.Number("0"), "bids": []any{}, "asks": []any{}}},
		{"trades", "/api/v3/trades?symbol=ETHBTC", []any{}},
		{"historicalTrades", "/api/v3/historicalTrades?symbol=ETHBTC", []any{}},
		{"aggTrades", "/api/v3/aggTrades?symbol=ETHBTC", []any{}},
		{"klines", "/api/v3/klines?symbol=ETHBTC&interval=1m", []any{}},
		{"klines interval without a file", "/api/v3/klines?symbol=BTCUSDT&interval=5m", []any{}},
		{"price", "/api/v3/ticker/price?symbol=ADABTC", map[string]any{"symbol": "ADABTC", "price": z}},
		{"bookTicker", "/api/v3/ticker/bookTicker?symbol=ETHBTC",
			map[string]any{"symbol": "ETHBTC", "bidPrice": z, "bidQty": z, "askPrice": z, "askQty": z}},
		{"avgPrice", "/api/v3/avgPrice?symbol=ETHBTC", map[string]any{"mins": json.Number("5"), "price": z, "closeTime": json.Number("0")}},
		{"24hr of a BREAK symbol", "/api/v3/ticker/24hr?symbol=BCCBTC", full},
		{"24hr MINI", "/api/v3/ticker/24hr?symbol=BCCBTC&type=MINI", miniWant},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantJSON(t, get(t, s, tc.target), tc.want) })
	}
}

// TestTickerLists checks the symbols, symbolStatus and all-symbol forms of the tickers.
func TestTickerLists(t *testing.T) {
	s, _ := start(t)
	price := file(t, pbr+"ticker_price_BTCUSDT_testnet.json")
	syms := url.QueryEscape(`["ETHBTC","BTCUSDT"]`)
	tests := []struct {
		name, target  string
		count, weight int
	}{
		{"price, all", "/api/v3/ticker/price", 2276, 4},
		{"price, symbols", "/api/v3/ticker/price?symbols=" + syms, 2, 4},
		{"price, BREAK only", "/api/v3/ticker/price?symbolStatus=BREAK", 883, 4},
		{"bookTicker, all", "/api/v3/ticker/bookTicker", 2276, 4},
		{"24hr, all", "/api/v3/ticker/24hr", 2276, 80},
		{"24hr, symbols", "/api/v3/ticker/24hr?symbols=" + syms, 2, 2},
		{"24hr, TRADING of symbols", "/api/v3/ticker/24hr?symbolStatus=TRADING&symbols=" + syms, 2, 2},
		{"24hr MINI, all", "/api/v3/ticker/24hr?type=MINI", 2276, 80},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := s.UsedWeight()
			a := get(t, s, tc.target)
			if a.status != 200 {
				t.Fatalf("status %d: %s", a.status, a.body)
			}
			got := list(parse(t, a.body))
			if len(got) != tc.count {
				t.Errorf("%d tickers, want %d", len(got), tc.count)
			}
			if used, _ := weightHeaders(t, a); used-before != tc.weight {
				t.Errorf("charged %d, want %d", used-before, tc.weight)
			}
		})
	}
	got := list(parse(t, get(t, s, "/api/v3/ticker/price?symbols="+syms).body))
	if obj(got[0])["symbol"] != "ETHBTC" || !jsonEqual(got[1], price) {
		t.Errorf("symbols answer %v, want ETHBTC then the BTCUSDT fixture", got)
	}
	for _, p := range list(parse(t, get(t, s, "/api/v3/ticker/price").body)) {
		if obj(p)["symbol"] == "BTCUSDT" && !jsonEqual(p, price) {
			t.Errorf("BTCUSDT in the full list is %v", p)
		}
	}
	var many []string
	for _, n := range s.data.info.names[:21] {
		many = append(many, n)
	}
	b, _ := json.Marshal(many)
	before := s.UsedWeight()
	if used, _ := weightHeaders(t, get(t, s, "/api/v3/ticker/24hr?symbols="+url.QueryEscape(string(b)))); used-before != 40 {
		t.Errorf("24hr with 21 symbols charged %d, want 40", used-before)
	}
}

func jsonEqual(a, b any) bool { return string(mustJSON(a)) == string(mustJSON(b)) }
