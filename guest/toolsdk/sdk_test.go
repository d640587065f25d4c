package toolsdk_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/guest/internal/fakehost"
	"github.com/tollgate/tollgate/guest/toolsdk"
	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
)

// readOnly is the preset under test in TestDescribe.
var readOnly = toolsdk.ReadOnlyHints

// lastCall lets a test look at what its handler saw.
var lastCall struct {
	values map[string]any
	bound  any
}

func init() {
	toolsdk.Register(toolsdk.Tool{
		Name:        "test_args",
		Description: "Echoes its arguments in their Go types.",
		Input: toolsdk.Object(
			toolsdk.String("symbol", "").Required().MinLength(1).MaxLength(5),
			toolsdk.Integer("limit", "").Minimum(1).Maximum(10).Default(5),
			toolsdk.String("side", "").Enum("BUY", "SELL"),
			toolsdk.Number("qty", ""),
			toolsdk.Boolean("flag", ""),
		),
		Annotations: readOnly,
		Handler: func(c *toolsdk.Call) (any, error) {
			out := map[string]any{}
			for _, n := range []string{"symbol", "limit", "side", "qty", "flag"} {
				if v, ok, err := c.Value(n); err != nil {
					return nil, err
				} else if ok {
					out[n] = fmt.Sprintf("%T:%v", v, v)
				}
			}
			return out, nil
		},
	})
	toolsdk.Register(toolsdk.Tool{
		Name:        "test_bind",
		Description: "Binds its arguments to a struct.",
		Input:       toolsdk.RawSchema(json.RawMessage(`{"type":"object"}`)),
		Annotations: readOnly,
		Handler: func(c *toolsdk.Call) (any, error) {
			var v struct {
				Qty   json.Number `json:"qty"`
				Limit int         `json:"limit"`
			}
			if err := c.Bind(&v); err != nil {
				return nil, err
			}
			return v, nil
		},
	})
	toolsdk.Register(toolsdk.Tool{
		Name:        "test_gate",
		Description: "Makes the gate requests it is told to make.",
		Input: toolsdk.Object(
			toolsdk.Integer("n", "").Default(1),
			toolsdk.Integer("start_time", ""),
			toolsdk.String("fail", ""),
			toolsdk.Integer("pad", ""),
		),
		Annotations: readOnly,
		Handler: func(c *toolsdk.Call) (any, error) {
			n, _ := c.Int("n")
			pad, _ := c.Int("pad")
			var last json.RawMessage
			for i := int64(0); i < n; i++ {
				st, ok, _ := c.Value("start_time")
				if !ok {
					st = nil
				}
				params := map[string]any{"symbol": "BTCUSDT", "startTime": st}
				if pad > 0 {
					params["pad"] = strings.Repeat("x", int(pad))
				}
				toolsdk.Log(toolsdk.LevelInfo, "request "+fmt.Sprint(i))
				raw, err := c.Request("klines", params)
				if err != nil {
					return nil, toolsdk.RenameFields(err, map[string]string{"startTime": "start_time"})
				}
				last = raw
			}
			switch f, _ := c.String("fail"); f {
			case "plain":
				return nil, errors.New(strings.Repeat("boom ", 500))
			case "wrapped":
				return nil, fmt.Errorf("context: %w", toolsdk.Invalid("n", "3", "bad n"))
			case "panic":
				var m map[string]int
				m["x"] = 1
			}
			return last, nil
		},
	})
}

func init() {
	// test_forward sends its arguments with Forward; test_request sends the same
	// with Request and Value, the long way round.
	input := toolsdk.Object(
		toolsdk.String("symbol", "").Required().SendAs("symbol"),
		toolsdk.Integer("limit", "").Default(100).SendAs("limit"),
		toolsdk.Integer("start_time", "").SendAs("startTime"),
		toolsdk.Number("qty", "").SendAs("quantity"),
		toolsdk.Boolean("flag", "").SendAs("flag"),
		toolsdk.String("note", ""), // not sent
	)
	toolsdk.Register(toolsdk.Tool{
		Name: "test_forward", Description: "Forwards its arguments.", Input: input, Annotations: readOnly,
		Handler: func(c *toolsdk.Call) (any, error) { return c.Forward("klines") },
	})
	toolsdk.Register(toolsdk.Tool{
		Name: "test_request", Description: "Requests with its arguments.", Input: input, Annotations: readOnly,
		Handler: func(c *toolsdk.Call) (any, error) {
			params := map[string]any{}
			for arg, param := range map[string]string{"symbol": "symbol", "limit": "limit", "start_time": "startTime", "qty": "quantity", "flag": "flag"} {
				v, ok, err := c.Value(arg)
				if err != nil {
					return nil, err
				}
				if ok {
					params[param] = v
				}
			}
			ok, err := c.Request("klines", params)
			return ok, toolsdk.RenameFields(err, map[string]string{"symbol": "symbol", "limit": "limit", "startTime": "start_time", "quantity": "qty", "flag": "flag"})
		},
	})
}

func call(t *testing.T, h *toolsdktest.Host, tool string, args any) *toolsdktest.Result {
	t.Helper()
	res, err := h.Call(tool, args)
	if err != nil {
		t.Fatalf("Call(%s): %v", tool, err)
	}
	return res
}

func TestArguments(t *testing.T) {
	h := toolsdktest.NewHost()
	res := call(t, h, "test_args", json.RawMessage(`{"symbol":"btc","qty":"0.00000001","flag":true,"side":"BUY"}`))
	var got map[string]string
	if err := res.DecodeData(&got); err != nil {
		t.Fatal(err, string(res.Output))
	}
	want := map[string]string{"symbol": "string:btc", "limit": "int64:5", "side": "string:BUY",
		"qty": "json.Number:0.00000001", "flag": "bool:true"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values = %v\nwant %v", got, want)
	}
	res = call(t, h, "test_args", json.RawMessage(`{"symbol":"ÉÉÉÉÉ","limit":1e1,"qty":1e-7}`))
	if err := res.DecodeData(&got); err != nil {
		t.Fatal(err, string(res.Output))
	}
	if got["limit"] != "int64:10" || got["qty"] != "json.Number:1e-7" || got["symbol"] != "string:ÉÉÉÉÉ" {
		t.Errorf("values = %v", got)
	}
}

// Arguments that break the schema are refused by the host before the guest runs; the
// accessors still refuse a value of the wrong type should one reach a handler.
func TestArgumentValidation(t *testing.T) {
	tests := []struct {
		name, args, field, msg string
		guest                  bool // the accessors refuse it too, without the host
	}{
		{"missing", `{}`, "symbol", "is required", false},
		{"unknown", `{"symbol":"BTC","price":"1"}`, "price", "unknown argument", false},
		{"type", `{"symbol":5}`, "symbol", "must be a string", true},
		{"null", `{"symbol":null}`, "symbol", "must be a string", true},
		{"too short", `{"symbol":""}`, "symbol", "at least 1", false},
		{"too long", `{"symbol":"BTCUSD"}`, "symbol", "at most 5", false},
		{"below", `{"symbol":"BTC","limit":0}`, "limit", "from 1 to 10", false},
		{"above", `{"symbol":"BTC","limit":11}`, "limit", "from 1 to 10", false},
		{"fraction", `{"symbol":"BTC","limit":2.5}`, "limit", "must be an integer", true},
		{"string int", `{"symbol":"BTC","limit":"2"}`, "limit", "must be an integer", true},
		{"enum", `{"symbol":"BTC","side":"buy"}`, "side", "one of BUY, SELL", false},
		{"decimal", `{"symbol":"BTC","qty":"1,5"}`, "qty", "decimal number", true},
		{"bool", `{"symbol":"BTC","flag":"yes"}`, "flag", "true or false", true},
		{"array", `[1]`, "arguments", "", false},
	}
	h := toolsdktest.NewHost()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// What a client gets: a validation_error naming the argument, from the
			// host's check of the declared schema; the guest does not run.
			r := viaHost(t, h, "test_args", json.RawMessage(tt.args))
			if r.Success || r.Error == nil || r.Error.Type != toolsdk.TypeValidation || r.Error.Field != tt.field {
				t.Errorf("via the host: %+v; want a validation_error on %s", r.Error, tt.field)
			}
			if len(r.Calls) != 0 {
				t.Errorf("via the host: the guest ran: %s", r.Calls[0].Output)
			}
			if !tt.guest {
				return
			}
			// Without the host's check, the accessors refuse it.
			res := call(t, h, "test_args", json.RawMessage(tt.args))
			if res.Err == nil {
				t.Fatalf("no error: %s", res.Output)
			}
			if res.Err.Type != toolsdk.TypeValidation || res.Err.Field != tt.field || !strings.Contains(res.Err.Message, tt.msg) {
				t.Errorf("error = %+v; want validation_error on %s containing %q", res.Err, tt.field, tt.msg)
			}
			if len(res.Requests) != 0 {
				t.Errorf("requests made: %v", res.Requests)
			}
		})
	}
	// A valid call goes through the host to the guest.
	r := viaHost(t, h, "test_args", json.RawMessage(`{"symbol":"btc","limit":1e1}`))
	if !r.Success || len(r.Calls) != 1 || string(r.Data) != `{"limit":"int64:10","symbol":"string:btc"}` {
		t.Errorf("valid call via the host: %+v", r)
	}
}

// The guest relies on the host for the shape of its input, but input of another
// shape is a guest_error, never a crash.
func TestMalformedInput(t *testing.T) {
	h := toolsdktest.NewHost()
	res := call(t, h, "test_args", json.RawMessage(`[1]`))
	if res.Err == nil || res.Err.Type != toolsdk.TypeGuest || !strings.Contains(res.Err.Message, "arguments is not a JSON object") {
		t.Errorf("array arguments: %s", res.Output)
	}
	res = call(t, h, "no_such_tool", json.RawMessage(`{}`))
	if res.Err == nil || res.Err.Type != toolsdk.TypeGuest || !strings.Contains(res.Err.Message, "no_such_tool") {
		t.Errorf("unknown tool: %s", res.Output)
	}
	for _, input := range []string{``, `{`, `[]`, `{"tool":5}`, `{"arguments":{}}`, `{"tool":"test_args","arguments":"x"}`,
		`{"tool":"test_args","arguments":{"symbol":"BTC"},"request_id":7}`, `{"tool":"test_args","arguments":{"symbol":"BTC"`,
		"{\"tool\":\"test_args\",\"arguments\":{\"symbol\":\"\x01\"}}", `{"tool":"test_args","arguments":{"symbol":"BTC"}} x`} {
		out, err := (&fakehost.Host{Input: []byte(input)}).Call()
		if err != nil {
			t.Errorf("input %q: %v", input, err)
			continue
		}
		if !strings.HasPrefix(string(out), `{"error":{"type":"guest_error","message":"`) {
			t.Errorf("input %q: output %s", input, out)
		}
	}
	// The shape the host sends, with whitespace, null arguments and no request id.
	for _, input := range []string{` { "tool" : "test_args" , "arguments" : { "symbol" : "BTC" } , "request_id" : "r" } `,
		`{"tool":"test_args","arguments":null,"request_id":null}`, `{"tool":"test_args"}`} {
		out, err := (&fakehost.Host{Input: []byte(input)}).Call()
		if err != nil || !strings.HasPrefix(string(out), `{"data":{"limit":"int64:5"`) {
			t.Errorf("input %q: %s, %v", input, out, err)
		}
	}
}

func TestBind(t *testing.T) {
	h := toolsdktest.NewHost()
	res := call(t, h, "test_bind", json.RawMessage(`{"qty":0.12345678901234567890,"limit":3}`))
	if string(res.Output) != `{"data":{"qty":0.12345678901234567890,"limit":3}}` {
		t.Errorf("output = %s", res.Output)
	}
	res = call(t, h, "test_bind", json.RawMessage(`{"qty":"1","extra":1}`))
	if res.Err == nil || res.Err.Field != "extra" || res.Err.Type != toolsdk.TypeValidation {
		t.Errorf("unknown field: %s", res.Output)
	}
	res = call(t, h, "test_bind", json.RawMessage(`{"limit":"x"}`))
	if res.Err == nil || res.Err.Field != "limit" {
		t.Errorf("wrong type: %s", res.Output)
	}
}

func TestRequestAndPassThrough(t *testing.T) {
	h := toolsdktest.NewHost()
	h.Respond("klines", toolsdktest.OK(json.RawMessage(`[[1,"0.10000000"]]`)))
	res := call(t, h, "test_gate", map[string]any{"start_time": 5})
	if string(res.Output) != `{"data":[[1,"0.10000000"]]}` {
		t.Errorf("output = %s", res.Output)
	}
	if len(res.Requests) != 1 || string(res.Requests[0].Raw) != `{"op":"klines","params":{"startTime":5,"symbol":"BTCUSDT"}}` {
		t.Errorf("requests = %+v", res.Requests)
	}
	if len(res.Logs) != 1 || res.Logs[0] != (toolsdktest.LogLine{Level: toolsdk.LevelInfo, Message: "request 0"}) {
		t.Errorf("logs = %+v", res.Logs)
	}

	// A nil param is left out.
	res = call(t, h, "test_gate", map[string]any{})
	if _, ok := res.Requests[0].Params["startTime"]; ok {
		t.Errorf("nil param sent: %s", res.Requests[0].Raw)
	}

	// A gate error passes through whole, with its field renamed, in the field and in the
	// sentence (whole words only: "endTime" stays).
	gateErr := `{"type":"validation_error","message":"startTime must not be after endTime","field":"startTime","value":"1781506407163","accepted":"≤ endTime","code":-1102,"binance_message":"x","retry_after_ms":10}`
	var e toolsdk.Error
	if err := json.Unmarshal([]byte(gateErr), &e); err != nil {
		t.Fatal(err)
	}
	h.Respond("klines", toolsdktest.Fail(&e))
	res = call(t, h, "test_gate", map[string]any{"start_time": 5})
	want := strings.Replace(gateErr, `"field":"startTime"`, `"field":"start_time"`, 1)
	want = strings.Replace(want, `"message":"startTime must`, `"message":"start_time must`, 1)
	if string(res.Output) != `{"error":`+want+`}` {
		t.Errorf("output = %s\nwant {\"error\":%s}", res.Output, want)
	}
	if e.Field != "startTime" {
		t.Error("RenameFields modified the gate's error")
	}

	// A gate error whose value is not a string still decodes, as text.
	var lenient toolsdk.Error
	if err := json.Unmarshal([]byte(`{"type":"validation_error","message":"m","value":5001,"accepted":["a","b"],"extra":1}`), &lenient); err != nil {
		t.Fatal(err)
	}
	if lenient.Value != "5001" || lenient.Accepted != `["a","b"]` {
		t.Errorf("lenient decode = %+v", lenient)
	}

	// Unscripted op.
	res = call(t, toolsdktest.NewHost(), "test_gate", map[string]any{})
	if res.Err == nil || res.Err.Type != toolsdk.TypeInternal {
		t.Errorf("unscripted: %s", res.Output)
	}
}

// Forward sends what Request sends for the same arguments, byte for byte, and
// fails the same way.
func TestForward(t *testing.T) {
	h := toolsdktest.NewHost()
	h.Respond("klines", toolsdktest.OK(json.RawMessage(`[[1,"0.10000000"]]`)))
	for _, args := range []string{
		`{"symbol":"BTCUSDT"}`,
		`{"symbol":"btc\u0055SDT","note":"n"}`,
		`{"symbol":"BTCUSDT","limit":1e2,"start_time":1780444800000,"qty":"0.00100000","flag":true}`,
		`{"symbol":"BTCUSDT","limit":-0,"start_time":100.0,"qty":1e-7,"flag":false}`,
		`{"symbol":"BTCUSDT","limit":9223372036854775807,"start_time":-5}`,
		`{"symbol":"<&>","symbol":"ETHBTC"}`,
	} {
		fw := call(t, h, "test_forward", json.RawMessage(args))
		rq := call(t, h, "test_request", json.RawMessage(args))
		if len(fw.Requests) != 1 || len(rq.Requests) != 1 || !reflect.DeepEqual(fw.Requests[0].Params, rq.Requests[0].Params) ||
			fw.Requests[0].Op != "klines" || string(fw.Output) != `{"data":[[1,"0.10000000"]]}` {
			t.Errorf("%s: Forward sent %s\nRequest sent %s", args, fw.Requests[0].Raw, rq.Requests[0].Raw)
		}
	}
	res := call(t, h, "test_forward", json.RawMessage(`{"symbol":"BTCUSDT","limit":1e2,"qty":"0.001"}`))
	if string(res.Requests[0].Raw) != `{"op":"klines","params":{"limit":100,"quantity":0.001,"symbol":"BTCUSDT"}}` {
		t.Errorf("request = %s", res.Requests[0].Raw)
	}
	// Arguments of the wrong type (which the host refuses first).
	for args, field := range map[string]string{`{"symbol":5}`: "symbol", `{"symbol":"B","limit":2.5}`: "limit",
		`{"symbol":"B","limit":"2"}`: "limit", `{"symbol":"B","qty":"1,5"}`: "qty", `{"symbol":"B","flag":"yes"}`: "flag",
		`{"symbol":"B","start_time":1e300}`: "start_time"} {
		fw := call(t, h, "test_forward", json.RawMessage(args))
		rq := call(t, h, "test_request", json.RawMessage(args))
		if fw.Err == nil || fw.Err.Type != toolsdk.TypeValidation || fw.Err.Field != field || len(fw.Requests) != 0 ||
			rq.Err == nil || fw.Err.Message != rq.Err.Message {
			t.Errorf("%s: Forward %s, Request %s", args, fw.Output, rq.Output)
		}
	}
	// A gate error on an op parameter names the argument.
	h.Respond("klines", toolsdktest.Fail(&toolsdk.Error{Type: "validation_error", Message: "m", Field: "startTime", Value: "5"}))
	res = call(t, h, "test_forward", json.RawMessage(`{"symbol":"BTCUSDT","start_time":5}`))
	if res.Err == nil || res.Err.Field != "start_time" || res.Err.Value != "5" {
		t.Errorf("gate error: %s", res.Output)
	}
	h.Respond("klines", toolsdktest.Fail(&toolsdk.Error{Type: "rate_limited", Message: "m", RetryAfterMS: 10}))
	res = call(t, h, "test_forward", json.RawMessage(`{"symbol":"BTCUSDT"}`))
	if string(res.Output) != `{"error":{"type":"rate_limited","message":"m","retry_after_ms":10}}` {
		t.Errorf("gate error: %s", res.Output)
	}
}

func TestHandlerErrors(t *testing.T) {
	h := toolsdktest.NewHost()
	h.Respond("klines", toolsdktest.OK([]int{}))
	res := call(t, h, "test_gate", map[string]any{"fail": "plain"})
	if res.Err == nil || res.Err.Type != toolsdk.TypeGuest || len(res.Err.Message) > toolsdk.MaxMessageLen {
		t.Errorf("plain error: %+v (%d bytes)", res.Err, len(res.Err.Message))
	}
	res = call(t, h, "test_gate", map[string]any{"fail": "wrapped"})
	if string(res.Output) != `{"error":{"type":"validation_error","message":"bad n","field":"n","value":"3"}}` {
		t.Errorf("wrapped: %s", res.Output)
	}
	res = call(t, h, "test_gate", map[string]any{"fail": "panic"})
	if res.Err == nil || res.Err.Type != toolsdk.TypeGuest || !strings.Contains(res.Err.Message, "test_gate failed") {
		t.Errorf("panic: %s", res.Output)
	}
}

func TestLimits(t *testing.T) {
	h := toolsdktest.NewHost()
	h.MaxRequests = 2
	h.Respond("klines", toolsdktest.OK([]int{}))
	if _, err := h.Call("test_gate", map[string]any{"n": 2}); err != nil {
		t.Fatalf("2 requests: %v", err)
	}
	_, err := h.Call("test_gate", map[string]any{"n": 3})
	var f *toolsdktest.Fault
	if !errors.As(err, &f) || !strings.Contains(f.Reason, "more than 2 requests") {
		t.Errorf("3 requests: err = %v", err)
	}
	// An oversized request is refused by the SDK before it reaches the host.
	res := call(t, h, "test_gate", map[string]any{"pad": toolsdk.MaxRequestSize})
	if res.Err == nil || res.Err.Type != toolsdk.TypeLimit || len(res.Requests) != 0 {
		t.Errorf("oversized: %s", res.Output)
	}
}

func TestDescribe(t *testing.T) {
	out, err := toolsdktest.Describe()
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		ABI   int `json:"abi"`
		Tools []struct {
			Name        string          `json:"name"`
			InputSchema json.RawMessage `json:"inputSchema"`
			Annotations map[string]bool `json:"annotations"`
		} `json:"tools"`
	}
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatal(err, string(out))
	}
	if d.ABI != 1 || len(d.Tools) < 4 {
		t.Fatalf("describe = %s", out)
	}
	for _, tool := range d.Tools {
		// Every test tool is declared with ReadOnlyHints.
		if want := map[string]bool{"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": true}; !reflect.DeepEqual(tool.Annotations, want) {
			t.Errorf("%s annotations = %v", tool.Name, tool.Annotations)
		}
		if tool.Name == "test_args" {
			want := `{"type":"object","properties":{"symbol":{"type":"string","minLength":1,"maxLength":5},` +
				`"limit":{"type":"integer","minimum":1,"maximum":10,"default":5},` +
				`"side":{"type":"string","enum":["BUY","SELL"]},` +
				`"qty":{"type":["string","number"],"pattern":"^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"},` +
				`"flag":{"type":"boolean"}},"required":["symbol"],"additionalProperties":false}`
			if string(tool.InputSchema) != want {
				t.Errorf("schema = %s\nwant     %s", tool.InputSchema, want)
			}
		}
	}
}

func TestRegisterRefuses(t *testing.T) {
	ok := func(c *toolsdk.Call) (any, error) { return nil, nil }
	tests := map[string]toolsdk.Tool{
		"unset hint": {Name: "bad_hint", Description: "d", Handler: ok,
			Annotations: toolsdk.Annotations{ReadOnly: toolsdk.Yes, Idempotent: toolsdk.Yes, OpenWorld: toolsdk.Yes}},
		"read-only destructive": {Name: "bad_ro", Description: "d", Handler: ok,
			Annotations: toolsdk.Annotations{ReadOnly: toolsdk.Yes, Destructive: toolsdk.Yes, Idempotent: toolsdk.Yes, OpenWorld: toolsdk.Yes}},
		"bad name":    {Name: "Bad-Name", Description: "d", Handler: ok, Annotations: readOnly},
		"duplicate":   {Name: "test_args", Description: "d", Handler: ok, Annotations: readOnly},
		"no handler":  {Name: "no_handler", Description: "d", Annotations: readOnly},
		"bad default": {Name: "bad_default", Description: "d", Handler: ok, Annotations: readOnly, Input: toolsdk.Object(toolsdk.Integer("limit", "").Maximum(5).Default(6))},
		"dup arg":     {Name: "dup_arg", Description: "d", Handler: ok, Annotations: readOnly, Input: toolsdk.Object(toolsdk.String("a", ""), toolsdk.String("a", ""))},
		"bad output":  {Name: "bad_output", Description: "d", Handler: ok, Annotations: readOnly, Output: json.RawMessage(`[]`)},
		"sent twice":  {Name: "sent_twice", Description: "d", Handler: ok, Annotations: readOnly, Input: toolsdk.Object(toolsdk.String("a", "").SendAs("x"), toolsdk.String("b", "").SendAs("x"))},
	}
	for name, tool := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("Register did not panic")
				}
			}()
			toolsdk.Register(tool)
		})
	}
}

func TestRenameFieldsInTheSentence(t *testing.T) {
	for _, tt := range []struct{ msg, want string }{
		{"offset is out of range", "cursor is out of range"},
		{"operation symbols has no parameter offset", "operation symbols has no parameter cursor"},
		{"offsets and offset_x stay; (offset) goes", "offsets and offset_x stay; (cursor) goes"},
		{"no mention", "no mention"},
	} {
		err := toolsdk.RenameFields(&toolsdk.Error{Type: "validation_error", Field: "offset", Message: tt.msg}, map[string]string{"offset": "cursor"})
		var e *toolsdk.Error
		if !errors.As(err, &e) || e.Message != tt.want || e.Field != "cursor" {
			t.Errorf("%q: got %+v, want %q", tt.msg, e, tt.want)
		}
	}
}
