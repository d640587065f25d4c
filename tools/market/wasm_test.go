package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// buildWasm builds the module the way the Makefile does and returns its bytes.
func buildWasm(t *testing.T) []byte {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	out := filepath.Join(t.TempDir(), "market.wasm")
	cmd := exec.Command(goBin, "build", "-buildmode=c-shared", "-trimpath", "-o", out, ".")
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=wasip1 go build: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wasmHost is the smallest host of docs/abi.md: enough to run the real module
// under wazero and check that the SDK keeps the ABI, byte for byte.
type wasmHost struct {
	input    []byte
	gate     func(req []byte) []byte
	requests []string
	response []byte
	output   []byte
	outputs  int
	logs     []string
}

// read copies guest memory out, refusing a range outside it (as the host must).
func read(t *testing.T, m api.Module, ptr, n uint32) []byte {
	b, ok := m.Memory().Read(ptr, n)
	if !ok {
		t.Errorf("guest passed (%d, %d), outside its memory", ptr, n)
		return nil
	}
	return append([]byte(nil), b...)
}

func (h *wasmHost) instantiate(t *testing.T, ctx context.Context, r wazero.Runtime) {
	_, err := r.NewHostModuleBuilder("tollgate").
		NewFunctionBuilder().WithFunc(func() uint32 { return uint32(len(h.input)) }).Export("input_len").
		NewFunctionBuilder().WithFunc(func(_ context.Context, m api.Module, ptr, n uint32) uint32 {
		k := min(int(n), len(h.input))
		if !m.Memory().Write(ptr, h.input[:k]) {
			t.Errorf("input_read(%d, %d) outside memory", ptr, n)
		}
		return uint32(k)
	}).Export("input_read").
		NewFunctionBuilder().WithFunc(func(_ context.Context, m api.Module, ptr, n uint32) uint32 {
		req := read(t, m, ptr, n)
		h.requests = append(h.requests, string(req))
		h.response = h.gate(req)
		return uint32(len(h.response))
	}).Export("request").
		NewFunctionBuilder().WithFunc(func(_ context.Context, m api.Module, ptr, n uint32) uint32 {
		if h.response == nil {
			return ^uint32(0) // -1
		}
		k := min(int(n), len(h.response))
		if !m.Memory().Write(ptr, h.response[:k]) {
			t.Errorf("response_read(%d, %d) outside memory", ptr, n)
		}
		return uint32(k)
	}).Export("response_read").
		NewFunctionBuilder().WithFunc(func(_ context.Context, m api.Module, ptr, n uint32) uint32 {
		h.output = read(t, m, ptr, n)
		h.outputs++
		return 0
	}).Export("output_write").
		NewFunctionBuilder().WithFunc(func(_ context.Context, m api.Module, level, ptr, n uint32) {
		h.logs = append(h.logs, string(read(t, m, ptr, n)))
	}).Export("log").
		Instantiate(ctx)
	if err != nil {
		t.Fatal(err)
	}
}

// TestWasmModule builds market.wasm for wasip1 and runs it: its imports and exports
// are those of docs/abi.md, tollgate_describe declares the tools, and calls go
// through the real host functions.
func TestWasmModule(t *testing.T) {
	wasm := buildWasm(t)
	ctx := context.Background()
	cfg, calls := wazero.NewRuntimeConfig(), 20
	if raceEnabled {
		cfg, calls = wazero.NewRuntimeConfigInterpreter(), 2
	}
	r := wazero.NewRuntimeWithConfig(ctx, cfg)
	defer r.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	compiled, err := r.CompileModule(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}

	// Imports: the tollgate host functions and WASI only.
	var tollgate []string
	for _, f := range compiled.ImportedFunctions() {
		mod, name, _ := f.Import()
		switch mod {
		case "tollgate":
			tollgate = append(tollgate, name+sig(f))
		case "wasi_snapshot_preview1":
			if !wasiAllowed(name) {
				t.Errorf("WASI import %s is not one abi.md lets a Go guest use", name)
			}
		default:
			t.Errorf("import %s.%s", mod, name)
		}
	}
	sort.Strings(tollgate)
	if got := strings.Join(tollgate, " "); got != "input_len()i32 input_read(i32,i32)i32 log(i32,i32,i32) output_write(i32,i32)i32 request(i32,i32)i32 response_read(i32,i32)i32" {
		t.Errorf("tollgate imports = %s", got)
	}
	exports := compiled.ExportedFunctions()
	for name, want := range map[string]string{"tollgate_call": "()i32", "tollgate_describe": "()i32", "_initialize": "()"} {
		if f, ok := exports[name]; !ok || sig(f) != want {
			t.Errorf("export %s missing or not %s", name, want)
		}
	}
	if _, ok := compiled.ExportedMemories()["memory"]; !ok {
		t.Error("memory not exported")
	}

	h := &wasmHost{}
	h.instantiate(t, ctx, r)
	mod, err := r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithStartFunctions("_initialize"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(export string, input string) string {
		t.Helper()
		*h = wasmHost{input: []byte(input), gate: h.gate}
		res, err := mod.ExportedFunction(export).Call(ctx)
		if err != nil {
			t.Fatalf("%s: %v", export, err)
		}
		if res[0] != 0 || h.outputs != 1 {
			t.Fatalf("%s returned %d after %d outputs", export, res[0], h.outputs)
		}
		return string(h.output)
	}

	var d struct {
		ABI   int `json:"abi"`
		Tools []struct {
			Name string `json:"name"`
		} `json:"tools"`
	}
	if err := json.Unmarshal([]byte(run("tollgate_describe", "")), &d); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range d.Tools {
		names = append(names, tool.Name)
	}
	if d.ABI != 1 || strings.Join(names, " ") != strings.Join(toolNames, " ") {
		t.Errorf("describe: abi %d, tools %v", d.ABI, names)
	}

	price := fixture(t, "ticker_price_BTCUSDT_testnet.json")
	h.gate = func(req []byte) []byte { return append(append([]byte(`{"ok":`), price...), '}') }
	out := run("tollgate_call", `{"tool":"get_ticker_price","arguments":{"symbol":"btcusdt"},"request_id":"r1"}`)
	if want := `{"data":` + compact(t, price) + `}`; out != want {
		t.Errorf("output = %s, want %s", out, want)
	}
	if len(h.requests) != 1 || h.requests[0] != `{"op":"ticker_price","params":{"symbol":"btcusdt"}}` {
		t.Errorf("requests = %q", h.requests)
	}

	// get_available_assets: the filters, offset and limit go to the op; the page
	// comes back renamed, with the next cursor.
	h.gate = func(req []byte) []byte {
		return []byte(`{"ok":{"total":7,"symbols":[{"symbol":"XRPUSDT","status":"TRADING","baseAsset":"XRP","quoteAsset":"USDT"}]}}`)
	}
	out = run("tollgate_call", `{"tool":"get_available_assets","arguments":{"quote_asset":"usdt","cursor":"3","limit":1},"request_id":"r5"}`)
	if want := `{"data":{"symbols":[{"symbol":"XRPUSDT","status":"TRADING","base_asset":"XRP","quote_asset":"USDT"}],"total":7,"next_cursor":"4"}}`; out != want {
		t.Errorf("assets output = %s, want %s", out, want)
	}
	if len(h.requests) != 1 || h.requests[0] != `{"op":"symbols","params":{"limit":1,"offset":"3","quoteAsset":"usdt"}}` {
		t.Errorf("assets requests = %q", h.requests)
	}
	out = run("tollgate_call", `{"tool":"get_available_assets","arguments":{"cursor":"03"},"request_id":"r6"}`)
	if !strings.HasPrefix(out, `{"error":{"type":"validation_error"`) || !strings.Contains(out, `"field":"cursor"`) || len(h.requests) != 0 {
		t.Errorf("bad cursor output = %s, requests %q", out, h.requests)
	}

	// Many calls on one instance, a large response, and validation before any request.
	kl := fixture(t, "klines_BTCUSDT_1d_testnet.json")
	h.gate = func(req []byte) []byte { return append(append([]byte(`{"ok":`), kl...), '}') }
	for i := 0; i < calls; i++ {
		out = run("tollgate_call", `{"tool":"get_klines","arguments":{"symbol":"BTCUSDT","interval":"1d","start_time":0},"request_id":"r2"}`)
		if !strings.HasPrefix(out, `{"data":{"interval":"1d","klines":[{"open_time":1780444800000,"open":"67101.71000000"`) {
			t.Fatalf("klines output = %.200s", out)
		}
	}
	out = run("tollgate_call", `{"tool":"get_klines","arguments":{"symbol":"BTCUSDT","interval":"1d","start_time":6,"end_time":5},"request_id":"r3"}`)
	if !strings.HasPrefix(out, `{"error":{"type":"validation_error"`) || !strings.Contains(out, `"field":"start_time"`) || len(h.requests) != 0 {
		t.Errorf("validation output = %s, requests %q", out, h.requests)
	}
	// Input or a gate response not of the ABI's shape is a guest_error, not a trap,
	// and the instance goes on serving.
	for _, input := range []string{``, `{"tool":"get_ticker_price","arguments":[1],"request_id":"r"}`,
		`{"tool":"get_ticker_price","arguments":{"symbol":"BTCUSDT"`, `{"tool":"get_ticker_price","arguments":{"symbol":"BTC\x"}}`} {
		out = run("tollgate_call", input)
		if !strings.HasPrefix(out, `{"error":{"type":"guest_error","message":"malformed call input: `) || len(h.requests) != 0 {
			t.Errorf("input %q: output = %s, requests %q", input, out, h.requests)
		}
	}
	for _, resp := range []string{``, `{"ok":`, `{"ok":{"symbol":"BTCUSDT"}`, `{"ok":{"price":01}}`, `{"nothing":1}`, `[]`} {
		h.gate = func(req []byte) []byte { return []byte(resp) }
		out = run("tollgate_call", `{"tool":"get_ticker_price","arguments":{"symbol":"BTCUSDT"},"request_id":"r"}`)
		if !strings.HasPrefix(out, `{"error":{"type":"guest_error","message":"request ticker_price: `) {
			t.Errorf("response %q: output = %s", resp, out)
		}
	}
	h.gate = func(req []byte) []byte {
		return []byte(`{"error":{"type":"rate_limited","message":"retry later","retry_after_ms":1500}}`)
	}
	out = run("tollgate_call", `{"tool":"get_avg_price","arguments":{"symbol":"BTCUSDT"},"request_id":"r4"}`)
	if out != `{"error":{"type":"rate_limited","message":"retry later","retry_after_ms":1500}}` {
		t.Errorf("gate error output = %s", out)
	}
}

func sig(f api.FunctionDefinition) string {
	types := func(ts []api.ValueType) string {
		s := make([]string, len(ts))
		for i, v := range ts {
			s[i] = api.ValueTypeName(v)
		}
		return strings.Join(s, ",")
	}
	return "(" + types(f.ParamTypes()) + ")" + types(f.ResultTypes())
}

// wasiAllowed reports whether a WASI function is among those docs/abi.md grants a
// Go guest: clocks, random, fd_* (stdout/stderr; the rest fail with EBADF),
// proc_exit, sched_yield, poll_oneoff, args_* and environ_*.
func wasiAllowed(name string) bool {
	switch name {
	case "random_get", "proc_exit", "sched_yield", "poll_oneoff":
		return true
	}
	for _, p := range []string{"clock_", "fd_", "args_", "environ_"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
