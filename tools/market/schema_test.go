package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
)

// The declared schemas are checked with a real JSON Schema validator (the one the
// host uses for arguments): inputs accept and refuse what they should, and every
// tool's output for a real fixture matches its output schema, as MCP clients
// check structuredContent against it.

func compileSchema(t *testing.T, name string, raw json.RawMessage) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("tollgate:///"+name, doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	s, err := c.Compile("tollgate:///" + name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func validate(s *jsonschema.Schema, j []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		return err
	}
	return s.Validate(doc)
}

func TestSchemas(t *testing.T) {
	out, err := toolsdktest.Describe()
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Tools []struct {
			Name         string          `json:"name"`
			InputSchema  json.RawMessage `json:"inputSchema"`
			OutputSchema json.RawMessage `json:"outputSchema"`
		} `json:"tools"`
	}
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatal(err)
	}
	in, outS := map[string]*jsonschema.Schema{}, map[string]*jsonschema.Schema{}
	for _, tool := range d.Tools {
		in[tool.Name] = compileSchema(t, tool.Name+"/input", tool.InputSchema)
		outS[tool.Name] = compileSchema(t, tool.Name+"/output", tool.OutputSchema)
	}

	for _, c := range []struct {
		tool, args string
		ok         bool
	}{
		{"get_ticker_price", `{"symbol":"btcusdt"}`, true},
		{"get_ticker_price", `{"symbol":"币安人生USDT"}`, true},
		{"get_ticker_price", `{"symbol":""}`, false},
		{"get_ticker_price", `{}`, false},
		{"get_ticker_price", `{"symbol":"BTCUSDT","x":1}`, false},
		{"get_order_book", `{"symbol":"BTCUSDT","limit":5000}`, true},
		{"get_order_book", `{"symbol":"BTCUSDT","limit":5001}`, false},
		{"get_klines", `{"symbol":"BTCUSDT","interval":"1M","start_time":0,"end_time":5}`, true},
		{"get_klines", `{"symbol":"BTCUSDT","interval":"2m"}`, false},
		{"get_klines", `{"symbol":"BTCUSDT","interval":"1m","start_time":-1}`, false},
		{"get_recent_trades", `{"symbol":"BTCUSDT","limit":0}`, false},
		{"get_available_assets", `{}`, true},
		{"get_available_assets", `{"quote_asset":"usdt","cursor":"100","limit":1000}`, true},
		{"get_available_assets", `{"limit":1001}`, false},
	} {
		if err := validate(in[c.tool], []byte(c.args)); (err == nil) != c.ok {
			t.Errorf("%s %s: valid = %v, want %v (%v)", c.tool, c.args, err == nil, c.ok, err)
		}
	}

	h := toolsdktest.NewHost()
	for op, file := range map[string]string{
		"ticker_price":  "ticker_price_BTCUSDT_testnet.json",
		"ticker_24hr":   "ticker_24hr_BTCUSDT_testnet.json",
		"avg_price":     "avgPrice_BTCUSDT_testnet.json",
		"book_ticker":   "ticker_bookTicker_BTCUSDT_testnet.json",
		"depth":         "depth_BTCUSDT_limit100_testnet.json",
		"klines":        "klines_BTCUSDT_1d_testnet.json",
		"recent_trades": "trades_BTCUSDT_mainnet_2021.json",
		"exchange_info": "symbol_info_BTCUSDT_testnet.json",
	} {
		h.Respond(op, toolsdktest.OK(fixture(t, file)))
	}
	h.Respond("symbols", symbolsOK(12, fixtureRows(t)[:3]))
	for _, tool := range d.Tools {
		args := map[string]any{"symbol": "BTCUSDT"}
		switch tool.Name {
		case "get_klines":
			args["interval"] = "1d"
		case "get_available_assets":
			args = map[string]any{"limit": 3}
		}
		res := call(t, h, tool.Name, args)
		if res.Err != nil {
			t.Fatalf("%s: %+v", tool.Name, res.Err)
		}
		if err := validate(outS[tool.Name], res.Data); err != nil {
			t.Errorf("%s output does not match its output schema: %v", tool.Name, err)
		}
	}
}
