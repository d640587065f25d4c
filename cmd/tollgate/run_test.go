package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/internal/syncbuf"
	"github.com/tollgate/tollgate/runtime/redact"
)

// cacheHome is shared by every test here, so the market module compiles once (~20 s under
// the race detector) and later runs load it from the compilation cache.
var cacheHome string

// slowMachineConfig is the config every cli run uses unless the test sets its own.
var slowMachineConfig string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tollgate-cli-test-")
	if err != nil {
		panic(err)
	}
	cacheHome = dir
	// Under the race detector, with other test packages compiling Wasm on the same two
	// cores, fetching and parsing the 3.7 MB exchangeInfo from the in-process stand-in has
	// taken more than the default 4 s. These tests check exit codes and outputs, not speed.
	slowMachineConfig = dir + "/tollgate.toml"
	if err := os.WriteFile(slowMachineConfig, []byte("[binance]\ntimeout = \"60s\"\n[runtime]\ntimeout = \"120s\"\n"), 0o600); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cli runs the CLI in-process against a stand-in exchange.
func cli(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if _, ok := env["BINANCE_BASE_URL"]; !ok {
		ex := binancetest.New()
		ex.Start()
		t.Cleanup(ex.Close)
		env["BINANCE_BASE_URL"] = ex.URL()
	}
	if _, ok := env["TOLLGATE_CONFIG"]; !ok {
		env["TOLLGATE_CONFIG"] = slowMachineConfig
	}
	env["XDG_CACHE_HOME"] = cacheHome
	t.Setenv("XDG_CACHE_HOME", cacheHome) // os.UserCacheDir reads the process env
	// Synchronised: log lines of background work (a module's instance refill) and the
	// command's own messages reach stderr from different goroutines.
	var out, errOut syncbuf.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut, func(k string) string { return env[k] })
	return code, out.String(), errOut.String()
}

func TestCallExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"success", []string{"call", "get_ticker_price", `{"symbol":"btcusdt"}`}, 0, `"price":"65861.66000000"`},
		{"tool error", []string{"call", "get_ticker_price", `{"symbol":"NOPE"}`}, 1, `"type":"validation_error"`},
		{"arguments not JSON", []string{"call", "get_ticker_price", `{symbol}`}, 2, ""},
		{"arguments not an object", []string{"call", "get_ticker_price", `["BTCUSDT"]`}, 2, ""},
		{"a fraction is not rounded into a valid limit", []string{"call", "get_order_book", `{"symbol":"BTCUSDT","limit":4999.9999999999999999}`}, 1, `"field":"limit"`},
		{"a duplicate argument is refused", []string{"call", "get_ticker_price", `{"symbol":"BTCUSDT","symbol":"ETHBTC"}`}, 1, `"field":"symbol"`},
		{"missing arguments", []string{"call", "get_ticker_price"}, 2, ""},
		{"unknown tool", []string{"call", "no_such_tool", `{}`}, 2, ""},
		{"unknown command", []string{"frobnicate"}, 2, ""},
		{"unknown flag", []string{"tools", "--jsn"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, map[string]string{}, tt.args...)
			if code != tt.wantCode || !strings.Contains(out, tt.wantOut) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d with %q", code, out, errOut, tt.wantCode, tt.wantOut)
			}
			if tt.wantCode == 2 && !strings.Contains(errOut, "tollgate") {
				t.Errorf("usage error without a message: %q", errOut)
			}
			if tt.wantOut != "" {
				var env map[string]any
				if err := json.Unmarshal([]byte(out), &env); err != nil {
					t.Errorf("stdout is not one JSON envelope: %v", err)
				}
			}
		})
	}
}

func TestConfigErrorsExit2(t *testing.T) {
	code, out, errOut := cli(t, map[string]string{"BINANCE_TESTNET": "maybe"}, "check")
	if code != 2 || out != "" || !strings.Contains(errOut, "BINANCE_TESTNET") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// Credentials are checked at start: a placeholder or a half-set pair stops the server with
// a message naming the variable, never its value; a plausible pair is reported by type.
func TestCredentialsCheckedAtStart(t *testing.T) {
	const key = "CLITESTKEYtollgate0000000000000000000000000000000000000000000001"
	const secret = "CLITESTSECRETtollgate0000000000000000000000000000000000000000002"
	for _, tc := range []struct {
		name     string
		env      map[string]string
		wantCode int
		wantText string
	}{
		{"placeholder key", map[string]string{"BINANCE_API_KEY": "your_api_key_here", "BINANCE_API_SECRET": secret}, 2, "BINANCE_API_KEY: is a placeholder"},
		{"key without secret", map[string]string{"BINANCE_API_KEY": key}, 2, "BINANCE_API_SECRET"},
		{"short secret", map[string]string{"BINANCE_API_KEY": key, "BINANCE_API_SECRET": secret[:20]}, 2, "BINANCE_API_SECRET: does not look like a Binance key"},
		{"plausible pair", map[string]string{"BINANCE_API_KEY": key, "BINANCE_API_SECRET": secret}, 0, "credentials: HMAC_SHA256 key, checked"},
		{"none", map[string]string{}, 0, "credentials: none"},
		{"the secret in an accepted base URL's path", map[string]string{"BINANCE_API_KEY": key, "BINANCE_API_SECRET": secret, "BINANCE_BASE_URL": "http://127.0.0.1:1/" + secret}, 0, "binance: http://127.0.0.1:1/[REDACTED]"},
		{"the key inside a refused base URL", map[string]string{"BINANCE_API_KEY": key, "BINANCE_API_SECRET": secret, "BINANCE_BASE_URL": "http://u:" + key + "@127.0.0.1:1/?s=" + secret}, 2, "binance.base_url is not usable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := cli(t, tc.env, "check")
			if code != tc.wantCode || !strings.Contains(out+errOut, tc.wantText) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, tc.wantCode, tc.wantText)
			}
			for _, v := range []string{key, secret, secret[:20]} {
				if strings.Contains(out+errOut, v) {
					t.Fatalf("output holds a credential: %q %q", out, errOut)
				}
			}
		})
	}
}

func TestToolsJSON(t *testing.T) {
	code, out, _ := cli(t, map[string]string{}, "tools", "--json")
	var rows []struct {
		Name, Module, SHA256, Grants string
		ReadOnly                     bool `json:"read_only"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 27 {
		t.Fatalf("exit %d, %d tools: %s", code, len(rows), out)
	}
	grants := map[string]string{"market": "market_data", "account": "account_read,market_data", "trade": "trade"}
	for _, r := range rows {
		if grants[r.Module] == "" || len(r.SHA256) != 64 || r.Grants != grants[r.Module] || r.ReadOnly != (r.Module != "trade") {
			t.Errorf("tool %+v", r)
		}
	}
}

func TestCheck(t *testing.T) {
	code, out, errOut := cli(t, map[string]string{}, "check")
	if code != 0 || !strings.Contains(out, "module market: 9 tools, hash verified, compiled") ||
		!strings.Contains(out, "module account: 15 tools, hash verified, compiled") ||
		!strings.Contains(out, "module trade: 3 tools, hash verified, compiled") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"help", "-h", "--help"} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{arg}, strings.NewReader(""), &out, &errOut, func(string) string { return "" }); code != 0 || !strings.Contains(out.String(), "usage:") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, out.String(), errOut.String())
		}
	}
}

func TestLineLimit(t *testing.T) {
	ok := strings.Repeat("x", 10) + "\n" + strings.Repeat("y", 10) + "\n"
	if b, err := io.ReadAll(lineLimit(strings.NewReader(ok), 10)); err != nil || string(b) != ok {
		t.Fatalf("lines at the limit: %q, %v", b, err)
	}
	long := "ok\n" + strings.Repeat("x", 25) + "\nnext\n" + strings.Repeat("z", 12)
	want := "ok\n" + strings.Repeat("x", 10) + "\nnext\n" + strings.Repeat("z", 10) + "\n"
	if b, err := io.ReadAll(lineLimit(strings.NewReader(long), 10)); err != nil || string(b) != want {
		t.Fatalf("lines over the limit: %q, %v; want %q", b, err, want)
	}
}

// One message over the cap is answered with a parse error; the session goes on.
func TestOversizedMessageKeepsTheSession(t *testing.T) {
	huge := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_ticker_price","arguments":{"symbol":"` + strings.Repeat("A", maxMessageSize) + `"}}}`
	in := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}` + "\n" +
		huge + "\n" + `{"jsonrpc":"2.0","id":3,"method":"ping"}` + "\n"
	ex := binancetest.New()
	ex.Start()
	t.Cleanup(ex.Close)
	t.Setenv("XDG_CACHE_HOME", cacheHome)
	env := map[string]string{"BINANCE_BASE_URL": ex.URL(), "XDG_CACHE_HOME": cacheHome, "TOLLGATE_CONFIG": slowMachineConfig}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"serve"}, strings.NewReader(in), &out, &errOut, func(k string) string { return env[k] })
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errOut.String())
	}
	text := out.String()
	if n := strings.Count(text, "\n"); n != 3 || !strings.Contains(text, `"code":-32700`) || !strings.Contains(text, `"id":3,"result"`) {
		t.Fatalf("stdout %q: want the initialize answer, a parse error and the ping's answer", text)
	}
}

// MCP_INPUT_VALIDATION=false is said at start-up, with what it does not turn off.
func TestInputValidationSwitchIsLogged(t *testing.T) {
	code, out, errOut := cli(t, map[string]string{"MCP_INPUT_VALIDATION": "false"}, "check")
	if code != 0 || !strings.Contains(out, "input heuristics: false") ||
		!strings.Contains(errOut, "MCP_INPUT_VALIDATION=false turns off the injection-pattern heuristics only; type, bound and filter checks stay on") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, _, errOut = cli(t, map[string]string{}, "check")
	if code != 0 || !strings.Contains(errOut, "injection-pattern heuristics are on") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// stderr passes a redactor that knows the environment's credentials, whatever prints.
func TestStderrIsRedacted(t *testing.T) {
	const key = "CLITESTKEYtollgate0000000000000000000000000000000000000000000009"
	code, out, errOut := cli(t, map[string]string{"BINANCE_API_KEY": key}, key) // an "unknown command"
	if code != 2 || strings.Contains(out+errOut, key) || !strings.Contains(errOut, redact.Marker) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestCheckFailsOnAModuleThatDoesNotInitialise: a [[module]] that passes every load-time
// check but traps in _initialize would be listed by serve with every call failing; check
// says so and exits 1, where a configuration error exits 2.
func TestCheckFailsOnAModuleThatDoesNotInitialise(t *testing.T) {
	dir := t.TempDir()
	wasm := packTools(t, readHostile(t, "init_trap.wasm"), sectionPayload(t, []toolDecl{declTool("trap_on_init", "")}))
	path := filepath.Join(dir, "m.wasm")
	if err := os.WriteFile(path, wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile(slowMachineConfig)
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "tollgate.toml")
	body := fmt.Sprintf("%s\n[[module]]\nname = \"trap\"\npath = %q\nsha256 = %q\nmax_requests = 0\n", base, path, sha256Hex(wasm))
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, map[string]string{"TOLLGATE_CONFIG": config}, "check")
	if code != exitFailed || !strings.Contains(out, "not ok: a module does not compile or initialise") || !strings.Contains(errOut, "_initialize") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestControlCharactersDoNotReachTheTerminal: a config path, a tool name and a flag with
// escape sequences come back escaped on stderr; text without them is unchanged.
func TestControlCharactersDoNotReachTheTerminal(t *testing.T) {
	evil := "x\x1b]0;PWN\x07\x1b[31m\u009b\r"
	for _, args := range [][]string{
		{"check", "--config", filepath.Join(t.TempDir(), evil+".toml")},
		{"call", evil, "{}"},
		{"tools", "-bad" + evil},
	} {
		code, out, errOut := cli(t, map[string]string{}, args...)
		for _, c := range []string{"\x1b", "\x07", "\r", "\u009b"} {
			if strings.Contains(out+errOut, c) {
				t.Errorf("%q: exit %d, a raw %q reached the terminal: stdout %q, stderr %q", args[0], code, c, out, errOut)
			}
		}
		if !strings.Contains(errOut, `x\u001b]0;PWN\u0007`) {
			t.Errorf("%q: stderr %q, want the name escaped", args[0], errOut)
		}
	}
	if got := string(escapeControls([]byte("plain\ttext, été\n"))); got != "plain\ttext, été\n" {
		t.Errorf("plain text changed: %q", got)
	}
	if got := string(escapeControls([]byte("a\xffb"))); got != `a\xffb` {
		t.Errorf("an invalid byte: %q", got)
	}
}
