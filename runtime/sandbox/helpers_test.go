package sandbox

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tollgate/tollgate/runtime/declare"
)

var testCtx = context.Background()

// tmpDir holds what tests build once per process (the Go guest).
var tmpDir string

func TestMain(m *testing.M) {
	var err error
	if tmpDir, err = os.MkdirTemp("", "sandbox-test-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	engines.Range(func(_, e any) bool {
		_ = e.(*Engine).Close(testCtx)
		return true
	})
	os.RemoveAll(tmpDir)
	os.Exit(code)
}

// engines are shared by the tests of one process, one per engine kind.
var engines sync.Map // "compiler" | "interpreter" -> *Engine

var engineKinds = []string{"compiler", "interpreter"}

func testEngine(tb testing.TB, kind string) *Engine {
	tb.Helper()
	if e, ok := engines.Load(kind); ok {
		return e.(*Engine)
	}
	e, err := NewEngine(testCtx, NewEngineConfig().WithCacheDir(testCacheDir()).withInterpreter(kind == "interpreter"))
	if err != nil {
		tb.Fatal(err)
	}
	if prev, loaded := engines.LoadOrStore(kind, e); loaded {
		_ = e.Close(testCtx)
		return prev.(*Engine)
	}
	return e
}

// testCacheDir is a compilation cache shared by the engines of one test
// process, so the Go guest compiles once (about 15 s under -race).
func testCacheDir() string { return filepath.Join(tmpDir, "cache") }

// newTestEngine returns an Engine of its own logging to logger, closed at
// the end of the test.
func newTestEngine(tb testing.TB, logger *slog.Logger) *Engine {
	tb.Helper()
	e, err := NewEngine(testCtx, NewEngineConfig().WithCacheDir(testCacheDir()).WithLogger(logger))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = e.Close(testCtx) })
	return e
}

// toolsJSON declares the named tools with an open object schema.
func toolsJSON(tools ...string) []byte {
	var ts []string
	for _, t := range tools {
		ts = append(ts, `{"name":"`+t+`","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":false}}`)
	}
	return []byte(`{"abi":1,"tools":[` + strings.Join(ts, ",") + `]}`)
}

// readWasm reads testdata/name.
func readWasm(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// pack appends a tollgate.tools section declaring tools to wasm.
func pack(tb testing.TB, wasm []byte, tools ...string) []byte {
	tb.Helper()
	out, err := declare.AppendSection(wasm, toolsJSON(tools...))
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// load loads a packed module and closes it when the test ends.
func load(tb testing.TB, e *Engine, wasm []byte, cfg *ModuleConfig) *Module {
	tb.Helper()
	m, err := e.Load(testCtx, tb.Name(), wasm, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = m.Close(testCtx) })
	return m
}

// cmd answers hostile.wat's first request ("{}") with the command
// (op, a, b, c) followed by extra, and any other request with {"ok":true}.
func cmd(op, a, b, c uint32, extra ...byte) Requester {
	resp := binary.LittleEndian.AppendUint32(nil, op)
	resp = binary.LittleEndian.AppendUint32(resp, a)
	resp = binary.LittleEndian.AppendUint32(resp, b)
	resp = binary.LittleEndian.AppendUint32(resp, c)
	resp = append(resp, extra...)
	return RequesterFunc(func(_ context.Context, _ CallInfo, req []byte) []byte {
		if string(req) == "{}" {
			return resp
		}
		return []byte(`{"ok":true}`)
	})
}

// logRecorder is a slog.Handler that keeps records for assertions.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h *logRecorder) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	return nil
}
func (h *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logRecorder) WithGroup(string) slog.Handler      { return h }

// find returns the records with the given message, each as its attributes.
func (h *logRecorder) find(msg string) []map[string]slog.Value {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []map[string]slog.Value
	for _, r := range h.records {
		if r.Message != msg {
			continue
		}
		attrs := map[string]slog.Value{}
		r.Attrs(func(a slog.Attr) bool {
			attrs[a.Key] = a.Value
			return true
		})
		out = append(out, attrs)
	}
	return out
}

var (
	goGuestOnce sync.Once
	goGuestWasm []byte
	goGuestErr  error
)

// goGuest builds testdata/goguest once per process and returns it packed.
func goGuest(tb testing.TB) []byte {
	tb.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("no go tool to build the Go guest")
	}
	goGuestOnce.Do(func() {
		out := filepath.Join(tmpDir, "goguest.wasm")
		cmd := exec.Command(goBin, "build", "-buildmode=c-shared", "-o", out, "./testdata/goguest")
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			goGuestErr = fmt.Errorf("build goguest: %v\n%s", err, stderr.String())
			return
		}
		goGuestWasm, goGuestErr = os.ReadFile(out)
	})
	if goGuestErr != nil {
		tb.Fatal(goGuestErr)
	}
	return pack(tb, goGuestWasm, "echo", "spin", "sleep", "panic", "print", "alloc", "alloc_chunks")
}

// echoRequester answers every request with {"ok": <the request>}.
var echoRequester = RequesterFunc(func(_ context.Context, _ CallInfo, req []byte) []byte {
	return append(append([]byte(`{"ok":`), req...), '}')
})

func mustJSON(tb testing.TB, b []byte, v any) {
	tb.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("output %q: %v", b, err)
	}
}
