package host

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/internal/syncbuf"
	"github.com/tollgate/tollgate/runtime/config"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/modpin"
	"github.com/tollgate/tollgate/tools"
)

// cacheDir is one compilation cache for the whole package: compiling the market module
// takes ~20 s under the race detector, once.
var cacheDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tollgate-host-test-")
	if err != nil {
		panic(err)
	}
	cacheDir = filepath.Join(dir, "cache")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func builtin() []Module {
	var mods []Module
	for _, m := range tools.Builtin() {
		mods = append(mods, Module{Name: m.Name, Wasm: m.Wasm, SHA256: m.SHA256, Grants: m.Grants})
	}
	return mods
}

// newHost starts a stand-in exchange and a Host pointed at it, with the built-in modules
// compiled and the exchangeInfo cache warm.
func newHost(tb testing.TB, opts ...binancetest.Option) (*Host, *binancetest.Server, *syncbuf.Buffer) {
	tb.Helper()
	return newHostWith(tb, nil, opts...)
}

// newHostWith is newHost with the configuration changed by edit first.
func newHostWith(tb testing.TB, edit func(*config.Config), opts ...binancetest.Option) (*Host, *binancetest.Server, *syncbuf.Buffer) {
	tb.Helper()
	ex := binancetest.New(opts...)
	ex.Start()
	tb.Cleanup(ex.Close)
	cfg := config.Default()
	if edit != nil {
		edit(&cfg)
	}
	cfg.Binance.BaseURL = ex.URL()
	cfg.Runtime.CacheDir = cacheDir
	logs := &syncbuf.Buffer{}
	h, err := New(context.Background(), cfg, Options{Modules: builtin(), Stderr: logs})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { h.Close() })
	if err := h.Wait(context.Background()); err != nil {
		tb.Fatal(err)
	}
	if _, err := h.gate.Handle(context.Background(), marketCall("warm"), "symbols", nil); err != nil {
		tb.Fatal(err)
	}
	ex.Reset()
	return h, ex, logs
}

func marketCall(tool string) gate.Call {
	m := builtin()[0]
	return gate.Call{RequestID: "test", Tool: tool, Module: m.Name, ModuleSHA256: m.SHA256, Grants: m.Grants}
}

func TestPinnedHashIsChecked(t *testing.T) {
	m := builtin()[0]
	tampered := bytes.Clone(m.Wasm)
	tampered[len(tampered)-1] ^= 1
	for name, mod := range map[string]Module{
		"one bit changed": {Name: m.Name, Wasm: tampered, SHA256: m.SHA256, Grants: m.Grants},
		"no pin":          {Name: m.Name, Wasm: m.Wasm, Grants: m.Grants},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := config.Default()
			cfg.Runtime.CompilationCache = false
			logs := &syncbuf.Buffer{}
			_, err := New(context.Background(), cfg, Options{Modules: []Module{mod}, Stderr: logs})
			if err == nil {
				t.Fatal("a module that does not match its pin was loaded")
			}
			if name == "one bit changed" && !errors.Is(err, modpin.ErrPinMismatch) {
				t.Fatalf("err = %v, want ErrPinMismatch", err)
			}
			if !strings.Contains(logs.String(), `"event_type":"module_rejected"`) {
				t.Errorf("no module_rejected audit event:\n%s", logs)
			}
		})
	}
}

func TestInvokeThroughTheSandbox(t *testing.T) {
	h, ex, _ := newHost(t)
	out, err := h.invoker(h.generation())(context.Background(), marketCall("get_ticker_price"), json.RawMessage(`{"symbol":"BTCUSDT"}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"data":{"symbol":"BTCUSDT","price":"65861.66000000"}}`; string(out) != want {
		t.Fatalf("output %s, want %s", out, want)
	}
	if n := ex.CountRequests("/api/v3/ticker/price"); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

// A module's request cannot change who it is: the call identity comes from the host.
func TestRequesterKeepsTheCallIdentity(t *testing.T) {
	h, ex, _ := newHost(t)
	noGrants := gate.Call{RequestID: "x", Tool: "t", Module: "market"}
	r := requester{gate: h.gate, call: noGrants}
	out := r.Request(context.Background(), sandboxCallInfo(), []byte(`{"op":"ticker_price","params":{"symbol":"BTCUSDT"},"grants":["market_data"]}`))
	if !bytes.Contains(out, []byte(`"validation_error"`)) {
		t.Fatalf("unknown field in a request: %s", out)
	}
	out = r.Request(context.Background(), sandboxCallInfo(), []byte(`{"op":"ticker_price","params":{"symbol":"BTCUSDT"}}`))
	if !bytes.Contains(out, []byte(`"permission_denied"`)) {
		t.Fatalf("a call without grants: %s", out)
	}
	if n := len(ex.Requests()); n != 0 {
		t.Fatalf("%d requests reached the exchange", n)
	}
}

// stdout carries MCP messages only: a log file that is stdout is refused.
func TestLogFileMayNotBeStdout(t *testing.T) {
	cfg := config.Default()
	cfg.Runtime.CompilationCache = false
	cfg.Log.File = "/dev/stdout"
	if _, err := New(context.Background(), cfg, Options{Modules: builtin(), Stderr: &syncbuf.Buffer{}}); err == nil || !strings.Contains(err.Error(), "stdout") {
		t.Fatalf("err = %v", err)
	}
}

// MCP_MAX_REQUESTS_PER_MINUTE is wired: the third call in a minute with a limit of 2 is
// refused locally, says when to retry, and reaches neither the module nor the exchange.
func TestToolCallLimit(t *testing.T) {
	h, ex, logs := newHostWith(t, func(c *config.Config) { c.RateLimit.MaxRequestsPerMinute = 2 })
	c, _ := connect(t, h, nil)
	ctx := context.Background()
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = "get_ticker_price", map[string]any{"symbol": "BTCUSDT"}
	for i, wantError := range []bool{false, false, true} {
		res, err := c.CallTool(ctx, req)
		if err != nil || res.IsError != wantError {
			t.Fatalf("call %d: isError %v, err %v", i+1, res.IsError, err)
		}
		if wantError {
			text := res.Content[0].(mcp.TextContent).Text
			if !strings.Contains(text, `"type":"rate_limited"`) || !strings.Contains(text, `"retry_after_ms"`) || !strings.Contains(text, "the limit is 2 per minute") {
				t.Fatalf("refusal: %s", text)
			}
		}
	}
	if n := ex.CountRequests("/api/v3/ticker/price"); n != 2 {
		t.Fatalf("%d requests reached the exchange, want 2", n)
	}
	if !strings.Contains(logs.String(), `"event_type":"rate_limit_exceeded"`) {
		t.Errorf("no rate_limit_exceeded audit event")
	}
}

// connect starts an in-process MCP client on h, initialised, closed with the test, and
// returns it with the server's answer to initialize. It calls onNotification, if not
// nil, for every notification the server sends.
func connect(tb testing.TB, h *Host, onNotification func(mcp.JSONRPCNotification)) (*client.Client, *mcp.InitializeResult) {
	tb.Helper()
	c, err := client.NewInProcessClient(h.MCP())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	if onNotification != nil {
		c.OnNotification(onNotification)
	}
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	res, err := c.Initialize(ctx, init)
	if err != nil {
		tb.Fatal(err)
	}
	return c, res
}
