package host

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/internal/syncbuf"
	"github.com/tollgate/tollgate/runtime/config"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/modpin"
	"github.com/tollgate/tollgate/tools"
)

// community is a set of module files in a directory and a config that names them.
type community struct {
	t   *testing.T
	dir string
	ex  *binancetest.Server
}

func newCommunity(t *testing.T) *community {
	ex := binancetest.New()
	ex.Start()
	t.Cleanup(ex.Close)
	c := &community{t: t, dir: t.TempDir(), ex: ex}
	for _, m := range tools.Builtin() {
		c.write(m.Name+".wasm", m.Wasm)
	}
	return c
}

func (c *community) write(name string, b []byte) string {
	path := filepath.Join(c.dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		c.t.Fatal(err)
	}
	return path
}

func (c *community) hash(name string) string {
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return modpin.Hash(b)
}

// load writes body as the config file, with the stand-in and the shared cache, and loads it.
func (c *community) load(body string) config.Config {
	path := c.write("tollgate.toml", []byte(fmt.Sprintf("[runtime]\ncache_dir = %q\n[binance]\nbase_url = %q\n%s", cacheDir, c.ex.URL(), body)))
	cfg, err := config.Load(path, func(string) string { return "" })
	if err != nil {
		c.t.Fatal(err)
	}
	return cfg
}

// start runs a Host with no built-in modules on cfg.
func (c *community) start(cfg config.Config, transport http.RoundTripper) (*Host, *syncbuf.Buffer) {
	logs := &syncbuf.Buffer{}
	h, err := New(context.Background(), cfg, Options{Stderr: logs, Transport: transport})
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { h.Close() })
	return h, logs
}

func toolNames(h *Host) string {
	var names []string
	for _, t := range h.Tools() {
		names = append(names, t.Module+"."+t.Decl.Name)
	}
	return strings.Join(names, " ")
}

// TestCommunityModuleRefusedAlone: each bad [[module]] is refused with a message naming
// why and an audit event, and the server starts with the good one.
func TestCommunityModuleRefusedAlone(t *testing.T) {
	c := newCommunity(t)
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	cfg := c.load(fmt.Sprintf(`
[[module]]
name = "watch"
path = "market.wasm"
sha256 = %[1]q
symbols = ["BTCUSDT"]

[[module]]
name = "badpin"
path = "account.wasm"
sha256 = %[1]q

[[module]]
name = "nopin"
path = "account.wasm"

[[module]]
name = "missing"
path = "gone.wasm"
sha256 = %[1]q

[[module]]
name = "twin"
path = "market.wasm"
sha256 = %[1]q

[[module]]
name = "unsigned"
path = "account.wasm"
sha256 = %[2]q
publisher_key = %[3]q
`, c.hash("market.wasm"), c.hash("account.wasm"), base64.StdEncoding.EncodeToString(pub)))
	h, logs := c.start(cfg, nil)

	for _, tool := range h.Tools() {
		if tool.Module != "watch" {
			t.Errorf("tool %s of refused module %s is served", tool.Decl.Name, tool.Module)
		}
	}
	if n := len(h.Tools()); n != len(builtinTools(t, "market")) {
		t.Errorf("%d tools served, want the market module's %d", n, len(builtinTools(t, "market")))
	}
	for module, reason := range map[string]string{
		"badpin":   "sha256 mismatch",
		"nopin":    "no sha256",
		"missing":  "no such file",
		"twin":     `is already provided by module watch`,
		"unsigned": "so it must carry that publisher's signature",
	} {
		line := logLine(logs.String(), `"msg":"module refused"`, `"module":"`+module+`"`)
		if !strings.Contains(line, reason) {
			t.Errorf("module %s: log %q, want the reason %q", module, line, reason)
		}
		if logLine(logs.String(), `"event_type":"module_rejected"`, `"module":"`+module+`"`) == "" {
			t.Errorf("module %s: no module_rejected audit event", module)
		}
	}
}

// logLine returns the first line of logs holding every one of parts.
func logLine(logs string, parts ...string) string {
	for _, l := range strings.Split(logs, "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			return l
		}
	}
	return ""
}

func builtinTools(t *testing.T, module string) []string {
	h, err := New(context.Background(), config.Default(), Options{Modules: builtin(), Stderr: &syncbuf.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var names []string
	for _, tool := range h.Tools() {
		if tool.Module == module {
			names = append(names, tool.Decl.Name)
		}
	}
	return names
}

// TestModuleSymbolsAndGrants: a community module's symbols and grants hold at the gate,
// and a refused request sends nothing.
func TestModuleSymbolsAndGrants(t *testing.T) {
	c := newCommunity(t)
	h, _ := c.start(c.load(fmt.Sprintf(`
[[module]]
name = "watch"
path = "market.wasm"
sha256 = %q
symbols = ["BTCUSDT"]
`, c.hash("market.wasm"))), nil)
	invoke := h.invoker(h.generation())
	call := func(args string) string {
		call := marketCall("get_ticker_price")
		call.Module = "watch"
		out, err := invoke(context.Background(), call, json.RawMessage(args))
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	// The identity given by the caller is replaced by the module's own.
	c.ex.Reset()
	if out := call(`{"symbol":"ETHUSDT"}`); !strings.Contains(out, `"permission_denied"`) || !strings.Contains(out, `module \"watch\" may not use ETHUSDT`) {
		t.Fatalf("ETHUSDT: %s", out)
	}
	if n := c.ex.CountRequests("/api/v3/ticker/price"); n != 0 {
		t.Fatalf("%d ticker requests reached the exchange for a refused symbol", n)
	}
	if out := call(`{"symbol":"BTCUSDT"}`); !strings.Contains(out, `"price":"65861.66000000"`) {
		t.Fatalf("BTCUSDT: %s", out)
	}
}

// TestPublisherSignature: with publisher_key set, only a signature by that key over these
// very bytes lets the module load.
func TestPublisherSignature(t *testing.T) {
	c := newCommunity(t)
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	wasm, _ := os.ReadFile(filepath.Join(c.dir, "market.wasm"))
	c.write("good.sig", modpin.Sign(wasm, priv))
	c.write("stranger.sig", modpin.Sign(wasm, otherPriv))
	c.write("other-bytes.sig", modpin.Sign(append(wasm[:len(wasm):len(wasm)], 0), priv))
	key := base64.StdEncoding.EncodeToString(pub)
	for _, tc := range []struct {
		name, sig, key, wantErr string
	}{
		{"signed by the pinned key", "good.sig", key, ""},
		{"signed by another key", "stranger.sig", key, "signature"},
		{"the pinned key is another", "good.sig", base64.StdEncoding.EncodeToString(otherPub), "signature"},
		{"signature over other bytes", "other-bytes.sig", key, "signature"},
		{"no signature file", "none.sig", key, "must carry that publisher's signature file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, logs := c.start(c.load(fmt.Sprintf("[[module]]\nname = \"m\"\npath = \"market.wasm\"\nsha256 = %q\npublisher_key = %q\nsignature = %q\n",
				c.hash("market.wasm"), tc.key, tc.sig)), nil)
			served := len(h.Tools()) > 0
			if tc.wantErr == "" {
				if !served {
					t.Fatalf("refused:\n%s", logs)
				}
				return
			}
			line := logLine(logs.String(), `"msg":"module refused"`)
			if served || !strings.Contains(line, tc.wantErr) {
				t.Fatalf("served %v; log %q, want a refusal mentioning %q", served, line, tc.wantErr)
			}
			// The redactor knows "signature" as a credential name; the reason must
			// still read whole.
			if strings.Contains(line, "REDACTED") {
				t.Errorf("the reason was redacted: %s", line)
			}
		})
	}
}

// TestPinCheckedWithAWarmCache: the compilation cache holds code compiled from the pinned
// bytes; a file changed afterwards is refused before the cache is consulted.
func TestPinCheckedWithAWarmCache(t *testing.T) {
	c := newCommunity(t)
	body := fmt.Sprintf("[[module]]\nname = \"m\"\npath = \"market.wasm\"\nsha256 = %q\n", c.hash("market.wasm"))
	h, _ := c.start(c.load(body), nil)
	if err := h.Wait(context.Background()); err != nil { // compiled, and in the cache
		t.Fatal(err)
	}
	h.Close()
	wasm, _ := os.ReadFile(filepath.Join(c.dir, "market.wasm"))
	// A custom section appended: still a valid module with the same code, other bytes.
	c.write("market.wasm", append(wasm, 0, 4, 1, 'x', 0, 0))
	h, logs := c.start(c.load(body), nil)
	if len(h.Tools()) != 0 || !strings.Contains(logLine(logs.String(), `"msg":"module refused"`), "sha256 mismatch") {
		t.Fatalf("a changed file was served with a warm cache: %s\n%s", toolNames(h), logs)
	}
}

// TestReload: SIGHUP's work. A module is added, replaced and dropped while a client is
// connected; each change sends tools/list_changed and the list follows.
func TestReload(t *testing.T) {
	c := newCommunity(t)
	watch := fmt.Sprintf("[[module]]\nname = \"watch\"\npath = \"market.wasm\"\nsha256 = %q\n", c.hash("market.wasm"))
	acct := fmt.Sprintf("[[module]]\nname = \"acct\"\npath = \"account.wasm\"\nsha256 = %q\ngrants = [\"account_read\", \"market_data\"]\n", c.hash("account.wasm"))
	h, logs := c.start(c.load(watch), nil)
	notified := make(chan string, 10)
	cl, res := connect(t, h, func(n mcp.JSONRPCNotification) { notified <- n.Method })
	ctx := context.Background()
	if res.Capabilities.Tools == nil || !res.Capabilities.Tools.ListChanged {
		t.Fatalf("tools.listChanged not announced: %+v", res.Capabilities.Tools)
	}
	listed := func() map[string]bool {
		l, err := cl.ListTools(ctx, mcp.ListToolsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, tool := range l.Tools {
			names[tool.Name] = true
		}
		return names
	}
	if l := listed(); !l["get_ticker_price"] || l["get_balance"] {
		t.Fatalf("before: %v", l)
	}
	before := h.generation().modules["watch"]

	steps := []struct {
		name, body        string
		loaded, refused   int
		has, lacks        string
		watchKeptInstance bool
	}{
		{"module added", watch + acct, 2, 0, "get_balance", "", true},
		{"module's pin now wrong", strings.Replace(watch, c.hash("market.wasm"), c.hash("account.wasm"), 1) + acct, 1, 1, "get_balance", "get_ticker_price", false},
		{"module dropped", watch, 1, 0, "get_ticker_price", "get_balance", false},
	}
	for _, s := range steps {
		loaded, refused := h.Reload(ctx, c.load(s.body))
		if loaded != s.loaded || refused != s.refused {
			t.Fatalf("%s: loaded %d, refused %d; want %d, %d\n%s", s.name, loaded, refused, s.loaded, s.refused, logs)
		}
		if m := <-notified; m != mcp.MethodNotificationToolsListChanged {
			t.Fatalf("%s: notification %s", s.name, m)
		}
		l := listed()
		if !l[s.has] || (s.lacks != "" && l[s.lacks]) {
			t.Fatalf("%s: tools %v, want %s and not %s", s.name, l, s.has, s.lacks)
		}
		if s.watchKeptInstance && h.generation().modules["watch"] != before {
			t.Errorf("%s: the unchanged module was loaded again", s.name)
		}
	}
}

// blockingTransport holds requests to one path until released.
type blockingTransport struct {
	path     string
	entered  chan struct{}
	release  chan struct{}
	enterOne sync.Once
}

func (b *blockingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, b.path) {
		b.enterOne.Do(func() { close(b.entered) })
		<-b.release
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestReloadLetsCallsInFlightFinish: a call running when its module is dropped finishes
// on it, with its answer; new calls see the new tool list.
func TestReloadLetsCallsInFlightFinish(t *testing.T) {
	c := newCommunity(t)
	block := &blockingTransport{path: "/api/v3/ticker/price", entered: make(chan struct{}), release: make(chan struct{})}
	h, _ := c.start(c.load(fmt.Sprintf("[[module]]\nname = \"watch\"\npath = \"market.wasm\"\nsha256 = %q\n", c.hash("market.wasm"))), block)
	old := h.generation()
	type result struct {
		out []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := h.invoker(old)(context.Background(), watchCall(), json.RawMessage(`{"symbol":"BTCUSDT"}`))
		done <- result{out, err}
	}()
	<-block.entered
	if loaded, _ := h.Reload(context.Background(), c.load("")); loaded != 0 || len(h.Tools()) != 0 {
		t.Fatalf("after the reload: %d modules, tools %s", loaded, toolNames(h))
	}
	close(block.release)
	r := <-done
	if r.err != nil || !strings.Contains(string(r.out), `"price":"65861.66000000"`) {
		t.Fatalf("the call in flight: %s %v", r.out, r.err)
	}
	old.modules["watch"].calls.Wait()
	// A handler of the old generation that starts now is told to list the tools again.
	_, err := h.invoker(old)(context.Background(), watchCall(), json.RawMessage(`{"symbol":"BTCUSDT"}`))
	if err == nil || !strings.Contains(err.Error(), "replaced by a configuration reload") {
		t.Fatalf("a call on the retired module: %v", err)
	}
}

func watchCall() gate.Call {
	return gate.Call{RequestID: "test", Tool: "get_ticker_price", Module: "watch"}
}

// TestArgumentsCheckedBeforeTheGuest: a call whose arguments break the tool's declared
// schema is answered validation_error by the host; the module never runs.
func TestArgumentsCheckedBeforeTheGuest(t *testing.T) {
	c := newCommunity(t)
	h, _ := c.start(c.load(fmt.Sprintf("[[module]]\nname = \"watch\"\npath = \"market.wasm\"\nsha256 = %q\n", c.hash("market.wasm"))), nil)
	cl, _ := connect(t, h, nil)
	ctx := context.Background()
	for _, args := range []map[string]any{
		{"symbol": 5},                         // not a string
		{},                                    // symbol is required
		{"symbol": "BTCUSDT", "extra": "x"},   // not declared
		{"symbol": strings.Repeat("B", 1000)}, // over maxLength
	} {
		req := mcp.CallToolRequest{}
		req.Params.Name, req.Params.Arguments = "get_ticker_price", args
		res, err := cl.CallTool(ctx, req)
		if err != nil || !res.IsError || !strings.Contains(res.Content[0].(mcp.TextContent).Text, `"validation_error"`) {
			t.Fatalf("%v: %+v %v", args, res, err)
		}
	}
	if calls := h.generation().modules["watch"].sandboxed.Stats().Calls; calls != 0 {
		t.Fatalf("the module ran %d times for refused arguments", calls)
	}
}
