package binancetest

import (
	"net/http"
	"net/url"
	"testing"
)

func TestErrors(t *testing.T) {
	s, _ := start(t)
	illegalSymbol := "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'."
	illegalLimit := "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'."
	illegalSymbols := `Illegal characters found in parameter 'symbols'; legal range is '^\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\]$'.`
	mandatory := func(p string) string {
		return "Mandatory parameter '" + p + "' was not sent, was empty/null, or malformed."
	}
	notValid := func(p string) string { return "Data sent for parameter '" + p + "' is not valid." }
	q := url.QueryEscape
	tests := []struct {
		name, target string
		code         int
		msg          string
	}{
		{"unknown symbol", "/api/v3/ticker/price?symbol=NOPEUSDT", -1121, "Invalid symbol."},
		{"unknown symbol, depth", "/api/v3/depth?symbol=NOPEUSDT", -1121, "Invalid symbol."},
		{"unknown symbol, klines", "/api/v3/klines?symbol=NOPEUSDT&interval=1m", -1121, "Invalid symbol."},
		{"unknown symbol, trades", "/api/v3/trades?symbol=NOPEUSDT", -1121, "Invalid symbol."},
		{"unknown symbol, avgPrice", "/api/v3/avgPrice?symbol=NOPEUSDT", -1121, "Invalid symbol."},
		{"unknown symbol, 24hr", "/api/v3/ticker/24hr?symbol=NOPEUSDT", -1121, "Invalid symbol."},
		{"unknown symbol, bookTicker", "/api/v3/ticker/bookTicker?symbol=NOPEUSDT", -1121, "Invalid symbol."},
		{"unknown symbol in symbols", "/api/v3/ticker/price?symbols=" + q(`["BTCUSDT","NOPEUSDT"]`), -1121, "Invalid symbol."},
		{"unknown non-ASCII symbol", "/api/v3/ticker/price?symbol=" + q("币安人生USDT"), -1121, "Invalid symbol."},
		{"missing symbol, depth", "/api/v3/depth", -1102, mandatory("symbol")},
		{"missing symbol, klines", "/api/v3/klines?interval=1m", -1102, mandatory("symbol")},
		{"missing symbol, trades", "/api/v3/trades?limit=5", -1102, mandatory("symbol")},
		{"missing symbol, avgPrice", "/api/v3/avgPrice", -1102, mandatory("symbol")},
		{"empty symbol", "/api/v3/depth?symbol=", -1102, mandatory("symbol")},
		{"missing interval", "/api/v3/klines?symbol=BTCUSDT", -1102, mandatory("interval")},
		{"lower-case symbol", "/api/v3/depth?symbol=btcusdt", -1100, illegalSymbol},
		{"symbol with a separator", "/api/v3/depth?symbol=" + q("BTC&USDT"), -1100, illegalSymbol},
		{"symbol too long", "/api/v3/depth?symbol=ABCDEFGHIJKLMNOPQRSTU", -1100, illegalSymbol},
		{"symbols not an array", "/api/v3/ticker/price?symbols=BTCUSDT", -1100, illegalSymbols},
		{"symbols repeated", "/api/v3/ticker/price?symbols=" + q(`["BTCUSDT","BTCUSDT"]`), -1151, "Symbol is present multiple times in the list."},
		{"symbol and symbols", "/api/v3/ticker/price?symbol=BTCUSDT&symbols=" + q(`["ETHBTC"]`), -1128, "Combination of optional parameters invalid."},
		{"limit not a number", "/api/v3/depth?symbol=BTCUSDT&limit=abc", -1100, illegalLimit},
		{"negative limit", "/api/v3/trades?symbol=BTCUSDT&limit=-5", -1100, illegalLimit},
		{"limit 0", "/api/v3/depth?symbol=BTCUSDT&limit=0", -1130, notValid("limit")},
		{"klines limit 1001", "/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1001", -1130, notValid("limit")},
		{"trades limit 1001", "/api/v3/trades?symbol=BTCUSDT&limit=1001", -1130, notValid("limit")},
		{"limit overflows", "/api/v3/depth?symbol=BTCUSDT&limit=99999999999999999999", -1108, "Parameter 'limit' overflowed."},
		{"empty limit", "/api/v3/depth?symbol=BTCUSDT&limit=", -1105, "Parameter 'limit' was empty."},
		{"bad interval", "/api/v3/klines?symbol=BTCUSDT&interval=1x", -1120, "Invalid interval."},
		{"interval is case-sensitive", "/api/v3/klines?symbol=BTCUSDT&interval=1D", -1120, "Invalid interval."},
		{"bad startTime", "/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=yesterday", -1100,
			"Illegal characters found in parameter 'startTime'; legal range is '^[0-9]{1,20}$'."},
		{"bad timeZone", "/api/v3/klines?symbol=BTCUSDT&interval=1m&timeZone=15", -1130, notValid("timeZone")},
		{"repeated parameter", "/api/v3/depth?symbol=BTCUSDT&symbol=ETHBTC", -1101, "Duplicate values for a parameter detected."},
		{"unknown parameter", "/api/v3/klines?symbol=BTCUSDT&interval=1h&fromId=1", -1104,
			"Not all sent parameters were read; read '2' parameter(s) but was sent '3'."},
		{"parameter on ping", "/api/v3/ping?symbol=BTCUSDT", -1104,
			"Not all sent parameters were read; read '0' parameter(s) but was sent '1'."},
		{"bad query", "/api/v3/depth?symbol=%zz", -1100, "Illegal characters found in a parameter."},
		{"bad ticker type", "/api/v3/ticker/24hr?symbol=BTCUSDT&type=HALF", -1139, "Invalid ticker type."},
		{"bad symbolStatus", "/api/v3/depth?symbol=BTCUSDT&symbolStatus=OPEN", -1122, "Invalid symbolStatus."},
		{"symbolStatus mismatch", "/api/v3/depth?symbol=BCCBTC&symbolStatus=TRADING", -1220,
			"The symbol's status does not match the requested symbolStatus."},
		{"symbolStatus mismatch, price", "/api/v3/ticker/price?symbol=BTCUSDT&symbolStatus=BREAK", -1220,
			"The symbol's status does not match the requested symbolStatus."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := get(t, s, tc.target)
			wantError(t, a, http.StatusBadRequest, tc.code, tc.msg)
			if ct := a.header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
				t.Errorf("Content-Type %q", ct)
			}
			weightHeaders(t, a)
		})
	}
}

func TestNotFound(t *testing.T) {
	s, _ := start(t)
	for _, tc := range []struct{ method, path string }{
		{"GET", "/api/v3/nope"},
		{"GET", "/api/v3/order/test"},
		{"PUT", "/api/v3/order"},
		{"DELETE", "/api/v3/ping"},
		{"POST", "/api/v3/ping"},
		{"GET", "/"},
	} {
		a := do(t, tc.method, s.URL()+tc.path, "")
		if a.status != http.StatusNotFound || string(a.body) != notFoundPage {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, a.status, a.body)
		}
	}
	if s.UsedWeight() != 0 {
		t.Errorf("404s charged %d weight", s.UsedWeight())
	}
}
