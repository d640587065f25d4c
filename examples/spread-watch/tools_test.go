package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/tollgate/tollgate/guest/toolsdk"
	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/mcpserver"
)

// The answers below are the ones the local Binance stand-in serves
// (internal/binancetest): read from its files, so that these tests and the end-to-end
// test (e2e/example.test.mjs) compute from the same data.
var testdata = filepath.Join("..", "..", "internal", "binancetest", "testdata")

func readFixture(t *testing.T, name string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	symbolsOnce   sync.Once
	symbolsByName map[string]json.RawMessage
)

// symbolEntry is the exchange_info op's answer for one symbol: its entry of the
// recorded exchangeInfo.
func symbolEntry(t *testing.T, symbol string) json.RawMessage {
	t.Helper()
	symbolsOnce.Do(func() {
		var doc struct {
			Symbols []json.RawMessage `json:"symbols"`
		}
		if err := json.Unmarshal(readFixture(t, "exchangeInfo_spot_2023-08-13_full.json"), &doc); err != nil {
			t.Fatal(err)
		}
		symbolsByName = map[string]json.RawMessage{}
		for _, s := range doc.Symbols {
			var name struct{ Symbol string }
			_ = json.Unmarshal(s, &name)
			symbolsByName[name.Symbol] = s
		}
	})
	s, ok := symbolsByName[symbol]
	if !ok {
		t.Fatalf("%s is not in the recorded exchangeInfo", symbol)
	}
	return s
}

// quietBook is what the stand-in answers for a listed symbol without a recorded book.
func quietBook(symbol string) json.RawMessage {
	return json.RawMessage(`{"symbol":"` + symbol + `","bidPrice":"0.00000000","bidQty":"0.00000000","askPrice":"0.00000000","askQty":"0.00000000"}`)
}

// standin answers book_ticker, avg_price and exchange_info as the stand-in does, for the
// symbols in allowed; any other symbol is refused as the gate refuses one outside a
// module's allow-list.
func standin(t *testing.T, allowed ...string) *toolsdktest.Host {
	t.Helper()
	book := readFixture(t, "python-binance-recordings/ticker_bookTicker_BTCUSDT_testnet.json")
	avg := readFixture(t, "python-binance-recordings/avgPrice_BTCUSDT_testnet.json")
	h := toolsdktest.NewHost()
	h.HandleFunc(func(r toolsdktest.Request) toolsdktest.Response {
		sym, _ := r.Params["symbol"].(string)
		sym = upperASCII(sym)
		if !contains(allowed, sym) {
			return toolsdktest.Fail(&toolsdk.Error{Type: "permission_denied", Field: "symbol", Value: sym,
				Message: "symbol " + sym + " is not in this module's symbols allow-list"})
		}
		switch {
		case r.Op == "exchange_info":
			return toolsdktest.OK(symbolEntry(t, sym))
		case r.Op == "book_ticker" && sym == "BTCUSDT":
			return toolsdktest.OK(book)
		case r.Op == "book_ticker":
			return toolsdktest.OK(quietBook(sym))
		case r.Op == "avg_price" && sym == "BTCUSDT":
			return toolsdktest.OK(avg)
		case r.Op == "avg_price":
			return toolsdktest.OK(json.RawMessage(`{"mins":5,"price":"0.00000000","closeTime":0}`))
		}
		return toolsdktest.Fail(&toolsdk.Error{Type: "internal_error", Message: "no answer for " + r.Op})
	})
	return h
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func call(t *testing.T, h *toolsdktest.Host, tool, args string) *toolsdktest.Result {
	t.Helper()
	res, err := h.Call(tool, json.RawMessage(args))
	if err != nil {
		t.Fatalf("%s %s: %v", tool, args, err)
	}
	return res
}

// wantRequests checks the ops and symbols the call asked the gate for, in order.
func wantRequests(t *testing.T, res *toolsdktest.Result, want ...string) {
	t.Helper()
	var got []string
	for _, r := range res.Requests {
		if len(r.Params) != 1 {
			t.Errorf("%s params %v, want only symbol", r.Op, r.Params)
		}
		got = append(got, r.Op+" "+r.Params["symbol"].(string))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}

func TestWatchSpread(t *testing.T) {
	h := standin(t, "BTCUSDT", "ETHUSDT", "BNBUSDT")
	res := call(t, h, "watch_spread", `{"symbols":["BTCUSDT","ethusdt","btcusdt"]}`)
	if res.Err != nil {
		t.Fatalf("error %+v", res.Err)
	}
	// A lower-case duplicate is watched once.
	wantRequests(t, res, "book_ticker BTCUSDT", "avg_price BTCUSDT", "book_ticker ethusdt", "avg_price ethusdt")
	want := `{"spreads":[` +
		// mid = (65861.65 + 65861.66) / 2; spread 0.01 = 0.0015183… bp of it; the mid is
		// 12.12236077 below the 5-minute average 65873.77736077: -1.840240… bp.
		`{"symbol":"BTCUSDT","bid_price":"65861.65000000","bid_qty":"11.79258000","ask_price":"65861.66000000","ask_qty":"13.95261000",` +
		`"quoted":true,"mid_price":"65861.655","spread":"0.01","spread_bps":"0.0015","avg_price":"65873.77736077","avg_price_mins":5,"mid_vs_avg_bps":"-1.8402"},` +
		// The stand-in has no book for ETHUSDT: both sides are 0.
		`{"symbol":"ETHUSDT","bid_price":"0.00000000","bid_qty":"0.00000000","ask_price":"0.00000000","ask_qty":"0.00000000",` +
		`"quoted":false,"mid_price":null,"spread":null,"spread_bps":null,"avg_price":"0.00000000","avg_price_mins":5,"mid_vs_avg_bps":null}]}`
	if string(res.Data) != want {
		t.Errorf("data\n%s\nwant\n%s", res.Data, want)
	}
}

// A gate refusal about one symbol fails the call and names the tool's argument.
func TestWatchSpreadRefusedSymbol(t *testing.T) {
	h := standin(t, "BTCUSDT")
	res := call(t, h, "watch_spread", `{"symbols":["BTCUSDT","SOLUSDT"]}`)
	if res.Err == nil || res.Err.Type != "permission_denied" || res.Err.Field != "symbols" || res.Err.Value != "SOLUSDT" {
		t.Fatalf("error %+v, data %s", res.Err, res.Data)
	}
	wantRequests(t, res, "book_ticker BTCUSDT", "avg_price BTCUSDT", "book_ticker SOLUSDT")
}

// The host checks the arguments against the declared schema before the module runs.
func TestWatchSpreadSchema(t *testing.T) {
	h := standin(t, "BTCUSDT")
	for _, args := range []string{
		`{}`,
		`{"symbols":[]}`,
		`{"symbols":["A","B","C","D","E","F"]}`, // maxItems 5: 6 symbols would need 12 requests
		`{"symbols":["BTCUSDT","BTCUSDT"]}`,
		`{"symbols":[""]}`,
		`{"symbols":"BTCUSDT"}`,
		`{"symbols":["BTCUSDT"],"limit":1}`,
	} {
		r, err := h.CallViaHost("watch_spread", json.RawMessage(args))
		if err != nil {
			t.Fatal(err)
		}
		if r.Success || r.Error == nil || r.Error.Type != "validation_error" || len(r.Calls) != 0 {
			t.Errorf("%s: %+v, %d calls; want a validation_error before the module runs", args, r.Error, len(r.Calls))
		}
	}
	r, err := h.CallViaHost("watch_spread", json.RawMessage(`{"symbols":["A","B","C","D","BTCUSDT"]}`))
	if err != nil || len(r.Calls) != 1 {
		t.Fatalf("5 symbols: %v, %d calls", err, len(r.Calls))
	}
}

// The declarations pass the checks the host makes on a community module before it serves
// one (names, sizes, schemas that compile, annotations), as `make examples` packs them.
func TestDeclarations(t *testing.T) {
	out, err := toolsdktest.Describe()
	if err != nil {
		t.Fatal(err)
	}
	d, err := declare.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range d.Tools {
		names = append(names, tool.Name)
		if err := mcpserver.CheckDeclaration(tool); err != nil {
			t.Errorf("%s: %v", tool.Name, err)
		}
		a := tool.Annotations
		if !a.ReadOnlyHint || a.DestructiveHint || !a.IdempotentHint || !a.OpenWorldHint {
			t.Errorf("%s: annotations %+v", tool.Name, a)
		}
	}
	if !reflect.DeepEqual(names, []string{"size_position", "watch_spread"}) {
		t.Errorf("tools %v", names)
	}
}
