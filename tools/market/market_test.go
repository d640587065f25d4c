package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/guest/toolsdk"
	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
)

func fixture(t *testing.T, name string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func compact(t *testing.T, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func call(t *testing.T, h *toolsdktest.Host, tool string, args any) *toolsdktest.Result {
	t.Helper()
	res, err := h.Call(tool, args)
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	return res
}

// wantOneRequest checks the call made exactly one request, with this op and params.
func wantOneRequest(t *testing.T, res *toolsdktest.Result, op string, params map[string]any) {
	t.Helper()
	if len(res.Requests) != 1 {
		t.Fatalf("requests = %d, want 1: %+v", len(res.Requests), res.Requests)
	}
	r := res.Requests[0]
	if r.Op != op || !reflect.DeepEqual(r.Params, params) {
		t.Errorf("request = %s\nwant op %s params %v", r.Raw, op, params)
	}
}

func num(n int64) json.Number { return json.Number(fmt.Sprint(n)) }

// Tools that return the exchange's answer byte for byte.
func TestPassThroughTools(t *testing.T) {
	tests := []struct {
		name    string
		tool    string
		args    map[string]any
		op      string
		params  map[string]any
		fixture string
	}{
		{"ticker price", "get_ticker_price", map[string]any{"symbol": "BTCUSDT"},
			"ticker_price", map[string]any{"symbol": "BTCUSDT"}, "ticker_price_BTCUSDT_testnet.json"},
		{"lowercase symbol is sent as given", "get_ticker_price", map[string]any{"symbol": "btcusdt"},
			"ticker_price", map[string]any{"symbol": "btcusdt"}, "ticker_price_BTCUSDT_testnet.json"},
		{"24 h ticker", "get_ticker", map[string]any{"symbol": "BTCUSDT"},
			"ticker_24hr", map[string]any{"symbol": "BTCUSDT"}, "ticker_24hr_BTCUSDT_testnet.json"},
		{"avg price", "get_avg_price", map[string]any{"symbol": "BTCUSDT"},
			"avg_price", map[string]any{"symbol": "BTCUSDT"}, "avgPrice_BTCUSDT_testnet.json"},
		{"book ticker", "get_book_ticker", map[string]any{"symbol": "BTCUSDT"},
			"book_ticker", map[string]any{"symbol": "BTCUSDT"}, "ticker_bookTicker_BTCUSDT_testnet.json"},
		{"order book, default limit", "get_order_book", map[string]any{"symbol": "BTCUSDT"},
			"depth", map[string]any{"symbol": "BTCUSDT", "limit": num(100)}, "depth_BTCUSDT_limit100_testnet.json"},
		{"order book, max limit", "get_order_book", map[string]any{"symbol": "BTCUSDT", "limit": 5000},
			"depth", map[string]any{"symbol": "BTCUSDT", "limit": num(5000)}, "depth_BTCUSDT_limit100_testnet.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := toolsdktest.NewHost()
			h.Respond(tt.op, toolsdktest.OK(fixture(t, tt.fixture)))
			res := call(t, h, tt.tool, tt.args)
			wantOneRequest(t, res, tt.op, tt.params)
			if res.Err != nil {
				t.Fatalf("error: %+v", res.Err)
			}
			if got, want := string(res.Data), compact(t, fixture(t, tt.fixture)); got != want {
				t.Errorf("data = %s\nwant %s", got, want)
			}
		})
	}
}

func TestKlines(t *testing.T) {
	h := toolsdktest.NewHost()
	h.Respond("klines", toolsdktest.OK(fixture(t, "klines_BTCUSDT_1d_testnet.json")))

	res := call(t, h, "get_klines", map[string]any{"symbol": "BTCUSDT", "interval": "1d"})
	wantOneRequest(t, res, "klines", map[string]any{"symbol": "BTCUSDT", "interval": "1d", "limit": num(500)})

	res = call(t, h, "get_klines", map[string]any{"symbol": "BTCUSDT", "interval": "1d", "limit": 13,
		"start_time": 1780444800000, "end_time": 1781481600000})
	wantOneRequest(t, res, "klines", map[string]any{"symbol": "BTCUSDT", "interval": "1d", "limit": num(13),
		"startTime": num(1780444800000), "endTime": num(1781481600000)})

	var out struct {
		Interval string           `json:"interval"`
		Klines   []map[string]any `json:"klines"`
	}
	if err := res.DecodeData(&out); err != nil {
		t.Fatalf("%v: %s", err, res.Output)
	}
	if out.Interval != "1d" || len(out.Klines) != 13 {
		t.Fatalf("interval %q, %d klines", out.Interval, len(out.Klines))
	}
	// The first row of the fixture, every value as received (prices strings, times integers).
	first := map[string]any{
		"open_time": json.Number("1780444800000"), "open": "67101.71000000", "high": "76707.80000000",
		"low": "802.04000000", "close": "64463.60000000", "volume": "677.36109000",
		"close_time": json.Number("1780531199999"), "quote_volume": "9647588.51567520",
		"trades": json.Number("52455"), "taker_buy_base_volume": "312.56676000",
		"taker_buy_quote_volume": "4039250.27751400",
	}
	if !reflect.DeepEqual(out.Klines[0], first) {
		t.Errorf("first kline = %v\nwant %v", out.Klines[0], first)
	}
	// Every row is the fixture's row, column for column.
	var rows [][]json.RawMessage
	if err := json.Unmarshal(fixture(t, "klines_BTCUSDT_1d_testnet.json"), &rows); err != nil {
		t.Fatal(err)
	}
	var got []map[string]json.RawMessage
	var data struct{ Klines *[]map[string]json.RawMessage }
	data.Klines = &got
	if err := json.Unmarshal(res.Data, &data); err != nil {
		t.Fatal(err)
	}
	names := []string{"open_time", "open", "high", "low", "close", "volume", "close_time",
		"quote_volume", "trades", "taker_buy_base_volume", "taker_buy_quote_volume"}
	for i, row := range rows {
		for j, name := range names {
			if string(got[i][name]) != string(row[j]) {
				t.Errorf("row %d %s = %s, want %s", i, name, got[i][name], row[j])
			}
		}
		if len(got[i]) != len(names) {
			t.Errorf("row %d has %d fields", i, len(got[i]))
		}
	}

	// A row the tool does not understand is a guest_error, not a wrong answer.
	h.Respond("klines", toolsdktest.OK(json.RawMessage(`[[1,"2"]]`)))
	res = call(t, h, "get_klines", map[string]any{"symbol": "BTCUSDT", "interval": "1m"})
	if res.Err == nil || res.Err.Type != toolsdk.TypeGuest {
		t.Errorf("short row: %s", res.Output)
	}
}

func TestRecentTrades(t *testing.T) {
	trades := fixture(t, "trades_BTCUSDT_mainnet_2021.json")
	h := toolsdktest.NewHost()
	h.Respond("recent_trades", toolsdktest.OK(trades))

	res := call(t, h, "get_recent_trades", map[string]any{"symbol": "BTCUSDT"})
	wantOneRequest(t, res, "recent_trades", map[string]any{"symbol": "BTCUSDT", "limit": num(500)})
	if want := `{"trades":` + compact(t, trades) + `}`; string(res.Data) != want {
		t.Errorf("data = %s\nwant %s", res.Data, want)
	}
	res = call(t, h, "get_recent_trades", map[string]any{"symbol": "ETHBTC", "limit": 1000})
	wantOneRequest(t, res, "recent_trades", map[string]any{"symbol": "ETHBTC", "limit": num(1000)})

	// An answer that is not a list is a guest_error.
	for _, answer := range []string{`{"id":1}`, `"x"`, `5`} {
		h.Respond("recent_trades", toolsdktest.OK(json.RawMessage(answer)))
		res = call(t, h, "get_recent_trades", map[string]any{"symbol": "BTCUSDT"})
		if res.Err == nil || res.Err.Type != toolsdk.TypeGuest {
			t.Errorf("answer %s: %s", answer, res.Output)
		}
	}
}

func TestExchangeInfo(t *testing.T) {
	info := fixture(t, "symbol_info_BTCUSDT_testnet.json")
	h := toolsdktest.NewHost()
	h.Respond("exchange_info", toolsdktest.OK(info))
	res := call(t, h, "get_exchange_info", map[string]any{"symbol": "BTCUSDT"})
	wantOneRequest(t, res, "exchange_info", map[string]any{"symbol": "BTCUSDT"})

	var in, out map[string]json.RawMessage
	if err := json.Unmarshal(info, &in); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(res.Data, &out); err != nil {
		t.Fatalf("%v: %s", err, res.Output)
	}
	// Every member but filters is as received.
	for k, v := range in {
		if k != "filters" && compact(t, v) != string(out[k]) {
			t.Errorf("%s = %s, want %s", k, out[k], v)
		}
	}
	if len(out) != len(in) {
		t.Errorf("%d members, want %d", len(out), len(in))
	}
	// Filters are keyed by type, each value exactly as received.
	var listed []map[string]json.RawMessage
	var keyed map[string]map[string]json.RawMessage
	if err := json.Unmarshal(in["filters"], &listed); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out["filters"], &keyed); err != nil {
		t.Fatal(err)
	}
	if len(keyed) != len(listed) {
		t.Errorf("%d filters, want %d", len(keyed), len(listed))
	}
	for _, f := range listed {
		var typ string
		_ = json.Unmarshal(f["filterType"], &typ)
		g, ok := keyed[typ]
		if !ok {
			t.Errorf("filter %s missing", typ)
			continue
		}
		for k, v := range f {
			if k != "filterType" && string(g[k]) != string(v) {
				t.Errorf("%s.%s = %s, want %s", typ, k, g[k], v)
			}
		}
		if len(g) != len(f)-1 {
			t.Errorf("%s has %d members, want %d", typ, len(g), len(f)-1)
		}
	}
	if got := string(keyed["PRICE_FILTER"]["tickSize"]); got != `"0.01000000"` {
		t.Errorf("PRICE_FILTER.tickSize = %s", got)
	}
	if got := string(keyed["ICEBERG_PARTS"]["limit"]); got != `100` {
		t.Errorf("ICEBERG_PARTS.limit = %s", got)
	}
}

// Bad arguments are a validation_error naming the argument, and reach no exchange.
// The host refuses what the declared schemas express before the module runs; the
// module itself refuses the rest (start_time after end_time, a cursor it did not
// make) and, should one reach it, a value of the wrong type.
func TestArgumentValidation(t *testing.T) {
	long := strings.Repeat("B", 21)
	tests := []struct {
		name  string
		tool  string
		args  string
		field string
		by    string // who refuses it: the host (schema), the module, or both
	}{
		{"missing symbol", "get_ticker_price", `{}`, "symbol", "host"},
		{"empty symbol", "get_ticker", `{"symbol":""}`, "symbol", "host"},
		{"long symbol", "get_avg_price", `{"symbol":"` + long + `"}`, "symbol", "host"},
		{"symbol not a string", "get_book_ticker", `{"symbol":42}`, "symbol", "both"},
		{"unknown argument", "get_ticker_price", `{"symbol":"BTCUSDT","side":"BUY"}`, "side", "host"},
		{"depth limit 0", "get_order_book", `{"symbol":"BTCUSDT","limit":0}`, "limit", "host"},
		{"depth limit 5001", "get_order_book", `{"symbol":"BTCUSDT","limit":5001}`, "limit", "host"},
		{"depth limit fraction", "get_order_book", `{"symbol":"BTCUSDT","limit":10.5}`, "limit", "both"},
		{"klines limit 1001", "get_klines", `{"symbol":"BTCUSDT","interval":"1m","limit":1001}`, "limit", "host"},
		{"klines missing interval", "get_klines", `{"symbol":"BTCUSDT"}`, "interval", "host"},
		{"klines bad interval", "get_klines", `{"symbol":"BTCUSDT","interval":"2m"}`, "interval", "host"},
		{"klines interval case", "get_klines", `{"symbol":"BTCUSDT","interval":"1D"}`, "interval", "host"},
		{"klines negative start", "get_klines", `{"symbol":"BTCUSDT","interval":"1m","start_time":-1}`, "start_time", "host"},
		{"klines end as string", "get_klines", `{"symbol":"BTCUSDT","interval":"1m","end_time":"5"}`, "end_time", "both"},
		{"klines start after end", "get_klines", `{"symbol":"BTCUSDT","interval":"1m","start_time":6,"end_time":5}`, "start_time", "module"},
		{"trades limit 1001", "get_recent_trades", `{"symbol":"BTCUSDT","limit":1001}`, "limit", "host"},
		{"assets limit 1001", "get_available_assets", `{"limit":1001}`, "limit", "host"},
		{"assets cursor garbage", "get_available_assets", `{"cursor":"abc"}`, "cursor", "module"},
		{"assets cursor negative", "get_available_assets", `{"cursor":"-1"}`, "cursor", "module"},
		{"assets empty filter", "get_available_assets", `{"quote_asset":""}`, "quote_asset", "host"},
	}
	h := toolsdktest.NewHost()
	h.Respond("symbols", symbolsOK(12, fixtureRows(t)))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// What a client gets, through the host.
			r := viaHost(t, h, tt.tool, json.RawMessage(tt.args))
			if r.Success || r.Error == nil || r.Error.Type != "validation_error" || r.Error.Field != tt.field || !strings.Contains(r.Error.Message, tt.field) {
				t.Errorf("via the host: %+v; want a validation_error naming %s", r.Error, tt.field)
			}
			for _, c := range r.Calls {
				if len(c.Requests) != 0 {
					t.Errorf("via the host: the gate was asked: %s", c.Requests[0].Raw)
				}
			}
			if (len(r.Calls) != 0) != (tt.by == "module") {
				t.Errorf("via the host: the module ran %d times", len(r.Calls))
			}
			if tt.by == "host" {
				return
			}
			// The module's own refusal, without the host's check.
			res := call(t, h, tt.tool, json.RawMessage(tt.args))
			if res.Err == nil {
				t.Fatalf("no error: %s", res.Output)
			}
			if res.Err.Type != "validation_error" || res.Err.Field != tt.field || !strings.Contains(res.Err.Message, tt.field) {
				t.Errorf("error = %s; want a validation_error naming %s", res.Output, tt.field)
			}
			if len(res.Requests) != 0 {
				t.Errorf("the gate was asked: %s", res.Requests[0].Raw)
			}
		})
	}
}

func TestGateErrors(t *testing.T) {
	t.Run("field renamed to the argument", func(t *testing.T) {
		h := toolsdktest.NewHost()
		h.Respond("klines", toolsdktest.Fail(&toolsdk.Error{Type: "validation_error",
			Message: "startTime is before the first kline", Field: "startTime",
			Value: "1", Accepted: "≥ 1500000000000"}))
		res := call(t, h, "get_klines", map[string]any{"symbol": "BTCUSDT", "interval": "1m", "start_time": 1})
		want := `{"error":{"type":"validation_error","message":"start_time is before the first kline",` +
			`"field":"start_time","value":"1","accepted":"≥ 1500000000000"}}`
		if string(res.Output) != want {
			t.Errorf("output = %s\nwant   %s", res.Output, want)
		}
		h.Respond("klines", toolsdktest.Fail(&toolsdk.Error{Type: "validation_error", Message: "m", Field: "endTime"}))
		res = call(t, h, "get_klines", map[string]any{"symbol": "BTCUSDT", "interval": "1m", "end_time": 1})
		if res.Err == nil || res.Err.Field != "end_time" {
			t.Errorf("endTime not renamed: %s", res.Output)
		}
	})
	// Errors of every other kind pass through byte for byte.
	for _, raw := range []string{
		`{"type":"validation_error","message":"symbol \"FOOBAR\" is not listed on the exchange","field":"symbol","value":"FOOBAR","code":-1121}`,
		`{"type":"rate_limited","message":"request weight exhausted; retry later","retry_after_ms":1500}`,
		`{"type":"permission_denied","message":"module market lacks grant account_read"}`,
		`{"type":"binance_api_error","message":"Binance refused the request","code":-1000,"binance_message":"An unknown error occured while processing the request."}`,
	} {
		var e toolsdk.Error
		if err := json.Unmarshal([]byte(raw), &e); err != nil {
			t.Fatal(err)
		}
		h := toolsdktest.NewHost()
		h.Respond("ticker_price", toolsdktest.Fail(&e))
		res := call(t, h, "get_ticker_price", map[string]any{"symbol": "FOOBAR"})
		if string(res.Output) != `{"error":`+raw+`}` {
			t.Errorf("output = %s\nwant {\"error\":%s}", res.Output, raw)
		}
	}
}

// fixtureRows are the rows of symbols_2023-08-13_subset.json, each exactly as in the
// file: the rows the symbols op answers with, in exchange order.
func fixtureRows(t *testing.T) []json.RawMessage {
	t.Helper()
	var rows []json.RawMessage
	if err := json.Unmarshal(fixture(t, "symbols_2023-08-13_subset.json"), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// symbolsOK is an answer of the symbols op: one page of rows and the total.
func symbolsOK(total int, rows []json.RawMessage) toolsdktest.Response {
	if rows == nil {
		rows = []json.RawMessage{}
	}
	return toolsdktest.OK(map[string]any{"total": total, "symbols": rows})
}

type assetsPage struct {
	Symbols []struct {
		Symbol     string `json:"symbol"`
		Status     string `json:"status"`
		BaseAsset  string `json:"base_asset"`
		QuoteAsset string `json:"quote_asset"`
	} `json:"symbols"`
	Total int     `json:"total"`
	Next  *string `json:"next_cursor"`
}

func (p assetsPage) names() string {
	var s []string
	for _, r := range p.Symbols {
		s = append(s, r.Symbol)
	}
	return strings.Join(s, " ")
}

func (p assetsPage) next() string {
	if p.Next == nil {
		return "(absent)"
	}
	return *p.Next
}

func decodeAssets(t *testing.T, res *toolsdktest.Result) assetsPage {
	t.Helper()
	if res.Err != nil {
		t.Fatalf("error: %s", res.Output)
	}
	var p assetsPage
	if err := res.DecodeData(&p); err != nil {
		t.Fatalf("%v: %s", err, res.Output)
	}
	return p
}

// The filters, the cursor and the limit go to the op, renamed; the cursor is sent
// as the offset exactly as given (a string of digits), the limit as a number and
// always, with the tool's default when the caller sends none.
func TestAvailableAssetsParams(t *testing.T) {
	tests := []struct {
		args   string
		params map[string]any
	}{
		{`{}`, map[string]any{"limit": num(100)}},
		{`{"limit":1}`, map[string]any{"limit": num(1)}},
		{`{"limit":1000}`, map[string]any{"limit": num(1000)}},
		{`{"quote_asset":"usdt","cursor":"200","limit":50}`,
			map[string]any{"quoteAsset": "usdt", "offset": "200", "limit": num(50)}},
		{`{"base_asset":"Btc"}`, map[string]any{"baseAsset": "Btc", "limit": num(100)}},
		{`{"status":"break"}`, map[string]any{"status": "break", "limit": num(100)}},
		{`{"search":"bnb"}`, map[string]any{"search": "bnb", "limit": num(100)}},
		{`{"cursor":"0"}`, map[string]any{"offset": "0", "limit": num(100)}},
		{`{"cursor":"9223372036854775807"}`, map[string]any{"offset": "9223372036854775807", "limit": num(100)}},
		{`{"quote_asset":"BTC","base_asset":"ETH","status":"TRADING","search":"ETHB","cursor":"3","limit":7}`,
			map[string]any{"quoteAsset": "BTC", "baseAsset": "ETH", "status": "TRADING", "search": "ETHB",
				"offset": "3", "limit": num(7)}},
		{`{"search":"币安人生"}`, map[string]any{"search": "币安人生", "limit": num(100)}},
	}
	h := toolsdktest.NewHost()
	h.Respond("symbols", symbolsOK(0, nil))
	for _, tt := range tests {
		res := call(t, h, "get_available_assets", json.RawMessage(tt.args))
		wantOneRequest(t, res, "symbols", tt.params)
		if p := decodeAssets(t, res); len(p.Symbols) != 0 || p.Total != 0 || p.Next != nil {
			t.Errorf("%s: data = %s", tt.args, res.Data)
		}
	}
	// The request is exactly this (keys sorted, offset a string, limit a number).
	res := call(t, h, "get_available_assets", map[string]any{"quote_asset": "usdt", "cursor": "200", "limit": 50})
	if got := string(res.Requests[0].Raw); got != `{"op":"symbols","params":{"limit":50,"offset":"200","quoteAsset":"usdt"}}` {
		t.Errorf("request = %s", got)
	}
}

func TestAvailableAssets(t *testing.T) {
	rows := fixtureRows(t) // 12 rows
	usdt := []json.RawMessage{rows[3], rows[4], rows[5], rows[6], rows[7], rows[9], rows[10]}

	// Rows are renamed and nothing else: the data is the page, the total and the cursor.
	h := toolsdktest.NewHost()
	h.Respond("symbols", symbolsOK(1, rows[11:]))
	res := call(t, h, "get_available_assets", map[string]any{"search": "BCCBTC"})
	if want := `{"symbols":[{"symbol":"BCCBTC","status":"BREAK","base_asset":"BCC","quote_asset":"BTC"}],"total":1}`; string(res.Data) != want {
		t.Errorf("data = %s\nwant %s", res.Data, want)
	}
	// Members of a row the tool does not know are left out.
	h.Respond("symbols", toolsdktest.OK(json.RawMessage(
		`{"total":1,"symbols":[{"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","quoteAsset":"BTC","permissions":["SPOT"]}]}`)))
	res = call(t, h, "get_available_assets", map[string]any{})
	if want := `{"symbols":[{"symbol":"ETHBTC","status":"TRADING","base_asset":"ETH","quote_asset":"BTC"}],"total":1}`; string(res.Data) != want {
		t.Errorf("data = %s\nwant %s", res.Data, want)
	}

	// next_cursor is offset+len(symbols), present only while that is below total.
	tests := []struct {
		name   string
		args   map[string]any
		answer toolsdktest.Response
		want   string
		total  int
		next   string
	}{
		{"everything on one page", map[string]any{}, symbolsOK(12, rows),
			"ETHBTC LTCBTC BNBBTC BTCUSDT ETHUSDT BNBUSDT XRPUSDT DOGEUSDT BTCTRY SOLUSDT BTCUPUSDT BCCBTC", 12, "(absent)"},
		{"no match", map[string]any{"quote_asset": "USD"}, symbolsOK(0, nil), "", 0, "(absent)"},
		{"first page", map[string]any{"quote_asset": "USDT", "limit": 3}, symbolsOK(7, usdt[0:3]),
			"BTCUSDT ETHUSDT BNBUSDT", 7, "3"},
		{"page ends one short of the end", map[string]any{"quote_asset": "USDT", "limit": 3, "cursor": "3"}, symbolsOK(7, usdt[3:6]),
			"XRPUSDT DOGEUSDT SOLUSDT", 7, "6"},
		{"page ends exactly at the end", map[string]any{"quote_asset": "USDT", "limit": 3, "cursor": "4"}, symbolsOK(7, usdt[4:7]),
			"DOGEUSDT SOLUSDT BTCUPUSDT", 7, "(absent)"},
		{"short last page", map[string]any{"quote_asset": "USDT", "limit": 3, "cursor": "6"}, symbolsOK(7, usdt[6:]),
			"BTCUPUSDT", 7, "(absent)"},
		{"at the end", map[string]any{"quote_asset": "USDT", "cursor": "7"}, symbolsOK(7, nil), "", 7, "(absent)"},
		{"past the end", map[string]any{"quote_asset": "USDT", "cursor": "100"}, symbolsOK(7, nil), "", 7, "(absent)"},
		{"limit 1", map[string]any{"limit": 1, "cursor": "10"}, symbolsOK(12, rows[10:11]), "BTCUPUSDT", 12, "11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := toolsdktest.NewHost()
			h.Respond("symbols", tt.answer)
			p := decodeAssets(t, call(t, h, "get_available_assets", tt.args))
			if p.names() != tt.want || p.Total != tt.total || p.next() != tt.next {
				t.Errorf("got [%s] total %d next %s\nwant [%s] total %d next %s", p.names(), p.Total, p.next(), tt.want, tt.total, tt.next)
			}
		})
	}

	// Walking the cursor against an op that pages the fixture visits every row once,
	// the offset sent being each time the cursor returned.
	h = toolsdktest.NewHost()
	h.HandleFunc(func(r toolsdktest.Request) toolsdktest.Response {
		offset := 0
		if o, ok := r.Params["offset"].(string); ok {
			offset, _ = strconv.Atoi(o)
		}
		limit, _ := strconv.Atoi(string(r.Params["limit"].(json.Number)))
		from, to := min(offset, len(rows)), min(offset+limit, len(rows))
		return symbolsOK(len(rows), rows[from:to])
	})
	var walked, offsets []string
	cursor := ""
	for i := 0; ; i++ {
		args := map[string]any{"limit": 5}
		params := map[string]any{"limit": num(5)}
		if cursor != "" {
			args["cursor"], params["offset"] = cursor, cursor
		}
		res := call(t, h, "get_available_assets", args)
		wantOneRequest(t, res, "symbols", params)
		p := decodeAssets(t, res)
		walked = append(walked, p.names())
		offsets = append(offsets, p.next())
		if p.Next == nil || i > 10 {
			break
		}
		cursor = *p.Next
	}
	if got := strings.Join(walked, " "); got != "ETHBTC LTCBTC BNBBTC BTCUSDT ETHUSDT BNBUSDT XRPUSDT DOGEUSDT BTCTRY SOLUSDT BTCUPUSDT BCCBTC" {
		t.Errorf("walk = %s", got)
	}
	if got := strings.Join(offsets, " "); got != "5 10 (absent)" {
		t.Errorf("cursors = %s", got)
	}
}

func TestAvailableAssetsDefaultLimit(t *testing.T) {
	rows := make([]json.RawMessage, 2500)
	for i := range rows {
		rows[i] = json.RawMessage(fmt.Sprintf(`{"symbol":"A%dUSDT","status":"TRADING","baseAsset":"A%d","quoteAsset":"USDT"}`, i, i))
	}
	h := toolsdktest.NewHost()
	h.Respond("symbols", symbolsOK(2500, rows[:100]))
	res := call(t, h, "get_available_assets", map[string]any{})
	wantOneRequest(t, res, "symbols", map[string]any{"limit": num(100)})
	if p := decodeAssets(t, res); len(p.Symbols) != 100 || p.Total != 2500 || p.next() != "100" {
		t.Errorf("default page: %d rows, total %d, next %s", len(p.Symbols), p.Total, p.next())
	}
	h.Respond("symbols", symbolsOK(2500, rows[2000:]))
	res = call(t, h, "get_available_assets", map[string]any{"limit": 1000, "cursor": "2000"})
	wantOneRequest(t, res, "symbols", map[string]any{"limit": num(1000), "offset": "2000"})
	if p := decodeAssets(t, res); len(p.Symbols) != 500 || p.Symbols[0].Symbol != "A2000USDT" || p.Next != nil {
		t.Errorf("last page: %d rows, first %v, next %s", len(p.Symbols), p.Symbols[0], p.next())
	}
	h.Respond("symbols", symbolsOK(2500, rows[1000:2000]))
	res = call(t, h, "get_available_assets", map[string]any{"limit": 1000, "cursor": "1000"})
	if p := decodeAssets(t, res); len(p.Symbols) != 1000 || p.next() != "2000" {
		t.Errorf("full page: %d rows, next %s", len(p.Symbols), p.next())
	}
}

// A malformed cursor is refused by the tool itself, before any request.
func TestAvailableAssetsBadCursor(t *testing.T) {
	h := toolsdktest.NewHost()
	h.Respond("symbols", symbolsOK(12, fixtureRows(t)))
	for _, cursor := range []string{"abc", "-1", "-0", "01", "00", "+1", "1.0", "1e3", " 1", "1 ", "0x10", "٣",
		"9223372036854775808", "99999999999999999999"} {
		res := call(t, h, "get_available_assets", map[string]any{"quote_asset": "USDT", "cursor": cursor})
		if res.Err == nil || res.Err.Type != toolsdk.TypeValidation || res.Err.Field != "cursor" || res.Err.Value != cursor {
			t.Errorf("cursor %q: %s", cursor, res.Output)
		}
		if len(res.Requests) != 0 {
			t.Errorf("cursor %q: the gate was asked: %s", cursor, res.Requests[0].Raw)
		}
	}
}

func TestAvailableAssetsGateErrors(t *testing.T) {
	// A validation_error on an op parameter names the tool's argument instead, in its
	// field and its sentence; everything else of the error is kept.
	for param, arg := range map[string]string{"quoteAsset": "quote_asset", "baseAsset": "base_asset",
		"status": "status", "search": "search", "offset": "cursor", "limit": "limit"} {
		h := toolsdktest.NewHost()
		h.Respond("symbols", toolsdktest.Fail(&toolsdk.Error{Type: "validation_error",
			Message: param + " is refused", Field: param, Value: "x", Accepted: "something else"}))
		res := call(t, h, "get_available_assets", map[string]any{"quote_asset": "usdt", "cursor": "5"})
		want := `{"error":{"type":"validation_error","message":"` + arg + ` is refused","field":"` + arg +
			`","value":"x","accepted":"something else"}}`
		if string(res.Output) != want {
			t.Errorf("output = %s\nwant   %s", res.Output, want)
		}
	}
	// Errors naming no parameter of the map, or no field, pass through byte for byte.
	for _, raw := range []string{
		`{"type":"validation_error","message":"unknown parameter","field":"symbol"}`,
		`{"type":"rate_limited","message":"request weight exhausted; retry later","retry_after_ms":1500}`,
		`{"type":"permission_denied","message":"module market lacks grant market_data"}`,
		`{"type":"binance_api_error","message":"Binance refused the request","code":-1000,"binance_message":"An unknown error occured while processing the request."}`,
	} {
		var e toolsdk.Error
		if err := json.Unmarshal([]byte(raw), &e); err != nil {
			t.Fatal(err)
		}
		h := toolsdktest.NewHost()
		h.Respond("symbols", toolsdktest.Fail(&e))
		res := call(t, h, "get_available_assets", map[string]any{})
		if string(res.Output) != `{"error":`+raw+`}` {
			t.Errorf("output = %s\nwant {\"error\":%s}", res.Output, raw)
		}
	}
}

// An answer not in the op's shape, or whose page does not fit its total, is a
// guest_error rather than a wrong page or a cursor that never ends.
func TestAvailableAssetsUnexpectedAnswer(t *testing.T) {
	rows := fixtureRows(t)
	for _, tt := range []struct {
		name   string
		args   map[string]any
		answer toolsdktest.Response
	}{
		{"the old bare list", map[string]any{}, toolsdktest.OK(fixture(t, "symbols_2023-08-13_subset.json"))},
		{"no total", map[string]any{}, toolsdktest.OK(map[string]any{"symbols": rows})},
		{"no symbols", map[string]any{}, toolsdktest.OK(map[string]any{"total": 12})},
		{"null symbols", map[string]any{}, toolsdktest.OK(json.RawMessage(`{"total":12,"symbols":null}`))},
		{"total not an integer", map[string]any{}, toolsdktest.OK(json.RawMessage(`{"total":"12","symbols":[]}`))},
		{"negative total", map[string]any{}, toolsdktest.OK(json.RawMessage(`{"total":-1,"symbols":[]}`))},
		{"more rows than the limit", map[string]any{"limit": 2}, symbolsOK(12, rows[:3])},
		{"more rows than the total", map[string]any{}, symbolsOK(2, rows[:3])},
		{"rows past the total", map[string]any{"cursor": "11"}, symbolsOK(12, rows[:2])},
		{"no rows before the total", map[string]any{"cursor": "5"}, symbolsOK(12, nil)},
		{"a row not an object", map[string]any{}, toolsdktest.OK(json.RawMessage(`{"total":1,"symbols":["ETHBTC"]}`))},
	} {
		h := toolsdktest.NewHost()
		h.Respond("symbols", tt.answer)
		res := call(t, h, "get_available_assets", tt.args)
		if res.Err == nil || res.Err.Type != toolsdk.TypeGuest || !strings.Contains(res.Err.Message, "symbols") {
			t.Errorf("%s: %s", tt.name, res.Output)
		}
	}
}

var toolNames = []string{"get_available_assets", "get_avg_price", "get_book_ticker", "get_exchange_info",
	"get_klines", "get_order_book", "get_recent_trades", "get_ticker", "get_ticker_price"}

type schema struct {
	Type       string                     `json:"type"`
	Properties map[string]json.RawMessage `json:"properties"`
	Required   []string                   `json:"required"`
	AddProps   *bool                      `json:"additionalProperties"`
}

func TestDeclarations(t *testing.T) {
	out, err := toolsdktest.Describe()
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		ABI   int `json:"abi"`
		Tools []struct {
			Name         string          `json:"name"`
			Title        string          `json:"title"`
			Description  string          `json:"description"`
			InputSchema  schema          `json:"inputSchema"`
			OutputSchema *schema         `json:"outputSchema"`
			Annotations  map[string]bool `json:"annotations"`
		} `json:"tools"`
	}
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var names []string
	for _, tool := range d.Tools {
		names = append(names, tool.Name)
		hints := map[string]bool{"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": true}
		if !reflect.DeepEqual(tool.Annotations, hints) {
			t.Errorf("%s annotations = %v", tool.Name, tool.Annotations)
		}
		in := tool.InputSchema
		if in.Type != "object" || in.AddProps == nil || *in.AddProps {
			t.Errorf("%s input schema not a closed object", tool.Name)
		}
		if tool.OutputSchema == nil || tool.OutputSchema.Type != "object" || tool.Title == "" || len(tool.Description) < 40 {
			t.Errorf("%s: missing output schema, title or description", tool.Name)
		}
		if sym, ok := in.Properties["symbol"]; ok {
			if string(sym) != `{"type":"string","description":"Trading pair symbol, e.g. BTCUSDT; case-insensitive.","minLength":1,"maxLength":20}` {
				t.Errorf("%s symbol schema = %s", tool.Name, sym)
			}
			if len(in.Required) == 0 || in.Required[0] != "symbol" {
				t.Errorf("%s required = %v", tool.Name, in.Required)
			}
		} else if tool.Name != "get_available_assets" {
			t.Errorf("%s has no symbol", tool.Name)
		}
	}
	if !reflect.DeepEqual(names, toolNames) {
		t.Errorf("tools = %v\nwant %v", names, toolNames)
	}

	props := func(tool string) schema {
		for _, x := range d.Tools {
			if x.Name == tool {
				return x.InputSchema
			}
		}
		t.Fatalf("no %s", tool)
		return schema{}
	}
	k := props("get_klines")
	if got := strings.Join(k.Required, ","); got != "symbol,interval" {
		t.Errorf("get_klines required = %s", got)
	}
	for name, want := range map[string]string{
		"interval":   `"enum":["1s","1m","3m","5m","15m","30m","1h","2h","4h","6h","8h","12h","1d","3d","1w","1M"]`,
		"limit":      `"minimum":1,"maximum":1000,"default":500`,
		"start_time": `"type":"integer"`,
		"end_time":   `"minimum":0`,
	} {
		if !strings.Contains(string(k.Properties[name]), want) {
			t.Errorf("get_klines %s = %s, want %s", name, k.Properties[name], want)
		}
	}
	if got := string(props("get_order_book").Properties["limit"]); !strings.Contains(got, `"minimum":1,"maximum":5000,"default":100`) {
		t.Errorf("get_order_book limit = %s", got)
	}
	a := props("get_available_assets")
	if len(a.Required) != 0 || len(a.Properties) != 6 ||
		!strings.Contains(string(a.Properties["limit"]), `"minimum":1,"maximum":1000,"default":100`) {
		t.Errorf("get_available_assets input = %+v", a)
	}
}
