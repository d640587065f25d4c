package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tollgate/tollgate/runtime/declare"
)

func TestModuleConfigIsImmutable(t *testing.T) {
	src := NewModuleConfig()
	got := src.WithTimeout(time.Second).WithMemoryLimitPages(2).WithMaxOutput(1).WithMaxRequests(0).
		WithMaxRequestSize(1).WithLogLimits(1, 1).WithLogRate(7).WithPoolSize(9).WithFreshInstances(true).WithCompileWait(time.Second)
	if *src != *defaultModuleConfig {
		t.Errorf("source was modified: %+v", src)
	}
	want := ModuleConfig{memoryLimitPages: 2, timeout: time.Second, maxOutput: 1, maxRequestSize: 1, logLineBytes: 1, logLines: 1, logLinesPerMinute: 7, poolSize: 9, fresh: true, compileWait: time.Second}
	if *got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	esrc := NewEngineConfig()
	_ = esrc.WithCacheDir("x").WithLogger(slog.Default()).WithClock(time.Now)
	if esrc.cacheDir != "" || esrc.cacheDirSet || esrc.logger != defaultEngineConfig.logger {
		t.Errorf("engine config source was modified")
	}
}

func TestModuleConfigValidation(t *testing.T) {
	e := testEngine(t, "compiler")
	wasm := pack(t, readWasm(t, "hostile.wasm"), "t")
	for name, cfg := range map[string]*ModuleConfig{
		"no memory":         NewModuleConfig().WithMemoryLimitPages(0),
		"too much memory":   NewModuleConfig().WithMemoryLimitPages(65537),
		"zero timeout":      NewModuleConfig().WithTimeout(0),
		"zero output":       NewModuleConfig().WithMaxOutput(0),
		"negative budget":   NewModuleConfig().WithMaxRequests(-1),
		"negative pool":     NewModuleConfig().WithPoolSize(-1),
		"zero log line":     NewModuleConfig().WithLogLimits(0, 1),
		"negative log rate": NewModuleConfig().WithLogRate(-1),
	} {
		if _, err := e.Load(testCtx, name, wasm, cfg); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: %v, want ErrInvalidConfig", name, err)
		}
	}
}

func TestCacheDir(t *testing.T) {
	if os.Getuid() == 0 {
		// root owns everything it creates; the ownership row still runs.
		t.Log("running as root")
	}
	tests := map[string]struct {
		setup func(t *testing.T, dir string) string
		ok    bool
	}{
		"created 0700": {setup: func(t *testing.T, dir string) string { return filepath.Join(dir, "a", "b") }, ok: true},
		"existing 0700": {setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "c")
			mustDo(t, os.Mkdir(p, 0o700))
			return p
		}, ok: true},
		"world-writable": {setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "c")
			mustDo(t, os.Mkdir(p, 0o700))
			mustDo(t, os.Chmod(p, 0o777))
			return p
		}},
		"group-writable": {setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "c")
			mustDo(t, os.Mkdir(p, 0o700))
			mustDo(t, os.Chmod(p, 0o770))
			return p
		}},
		"writable wazero subdirectory": {setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "c")
			mustDo(t, os.MkdirAll(filepath.Join(p, "wazero-v1"), 0o700))
			mustDo(t, os.Chmod(filepath.Join(p, "wazero-v1"), 0o777))
			return p
		}},
		"symlink": {setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "c")
			mustDo(t, os.Mkdir(p, 0o700))
			mustDo(t, os.Symlink(p, filepath.Join(dir, "link")))
			return filepath.Join(dir, "link")
		}},
		"parent writable by others": {setup: func(t *testing.T, dir string) string {
			mustDo(t, os.Chmod(dir, 0o777))
			return filepath.Join(dir, "c")
		}},
		"parent writable by others, sticky": {setup: func(t *testing.T, dir string) string {
			mustDo(t, os.Chmod(dir, 0o777|os.ModeSticky))
			return filepath.Join(dir, "c")
		}, ok: true},
		"grandparent writable by the group": {setup: func(t *testing.T, dir string) string {
			mustDo(t, os.Chmod(dir, 0o770))
			mustDo(t, os.Mkdir(filepath.Join(dir, "p"), 0o700))
			return filepath.Join(dir, "p", "c")
		}},
		"through a symlinked parent into a writable directory": {setup: func(t *testing.T, dir string) string {
			open := filepath.Join(dir, "open")
			mustDo(t, os.MkdirAll(filepath.Join(open, "real"), 0o700))
			mustDo(t, os.Chmod(open, 0o777))
			mustDo(t, os.Symlink(filepath.Join(open, "real"), filepath.Join(dir, "link")))
			return filepath.Join(dir, "link", "c")
		}},
		"through a symlinked parent into a safe directory": {setup: func(t *testing.T, dir string) string {
			mustDo(t, os.MkdirAll(filepath.Join(dir, "safe", "real"), 0o700))
			mustDo(t, os.Symlink(filepath.Join(dir, "safe", "real"), filepath.Join(dir, "link")))
			return filepath.Join(dir, "link", "c")
		}, ok: true},
		"parent owned by another user": {setup: func(t *testing.T, dir string) string {
			if os.Getuid() != 0 {
				t.Skip("only root can give a directory away")
			}
			p := filepath.Join(dir, "theirs")
			mustDo(t, os.Mkdir(p, 0o755))
			mustDo(t, os.Chown(p, 4242, 4242))
			mustDo(t, os.Mkdir(filepath.Join(p, "c"), 0o700))
			return filepath.Join(p, "c")
		}},
		"a file": {setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "f")
			mustDo(t, os.WriteFile(p, nil, 0o600))
			return p
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := tc.setup(t, t.TempDir())
			e, err := NewEngine(testCtx, NewEngineConfig().WithCacheDir(dir))
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				defer e.Close(testCtx)
				fi, err := os.Stat(dir)
				if err != nil || fi.Mode().Perm() != 0o700 {
					t.Errorf("dir mode %v, %v", fi.Mode().Perm(), err)
				}
				return
			}
			if name == "a file" {
				if err == nil {
					e.Close(testCtx)
					t.Fatal("accepted a file")
				}
				return
			}
			if !errors.Is(err, ErrUnsafeCacheDir) {
				t.Fatalf("got %v, want ErrUnsafeCacheDir", err)
			}
		})
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestCacheIsUsed compiles a module with a file cache, then again in a new
// engine on the same directory.
func TestCacheIsUsed(t *testing.T) {
	dir := t.TempDir()
	wasm := pack(t, readWasm(t, "hostile.wasm"), "t")
	for i := 0; i < 2; i++ {
		e, err := NewEngine(testCtx, NewEngineConfig().WithCacheDir(dir))
		if err != nil {
			t.Fatal(err)
		}
		m, err := e.Load(testCtx, "m", wasm, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, cmd(0, 0, 0, 0)); err != nil {
			t.Fatal(err)
		}
		mustDo(t, e.Close(testCtx))
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "wazero-*", "*"))
	if len(entries) == 0 {
		t.Errorf("nothing cached in %s", dir)
	}
}

// TestCachePathIsResolved: the cache goes where the configured path resolves when the
// engine starts, as the kernel resolves it: ".." after a symlink applies to the
// symlink's target (filepath.Clean would drop "link/.." as text and name another
// directory), and a symlink on the path changed afterwards moves nothing.
func TestCachePathIsResolved(t *testing.T) {
	dir := t.TempDir()
	mustDo(t, os.MkdirAll(filepath.Join(dir, "real", "sub"), 0o700))
	mustDo(t, os.Mkdir(filepath.Join(dir, "elsewhere"), 0o700))
	link := filepath.Join(dir, "link")
	mustDo(t, os.Symlink(filepath.Join(dir, "real", "sub"), link))
	e, err := NewEngine(testCtx, NewEngineConfig().WithCacheDir(link+"/../cache"))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(testCtx)
	// Swap the symlink before anything is compiled.
	mustDo(t, os.Remove(link))
	mustDo(t, os.Symlink(filepath.Join(dir, "elsewhere"), link))
	m, err := e.Load(testCtx, "m", pack(t, readWasm(t, "hostile.wasm"), "t"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, cmd(0, 0, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if got, _ := filepath.Glob(filepath.Join(dir, "real", "cache", "wazero-*", "*")); len(got) == 0 {
		t.Errorf("nothing cached in real/cache, where link/../cache resolved")
	}
	for _, wrong := range []string{filepath.Join(dir, "cache"), filepath.Join(dir, "cache", "wazero-*"), filepath.Join(dir, "elsewhere", "*")} {
		if got, _ := filepath.Glob(wrong); len(got) > 0 {
			t.Errorf("the cache went to %v", got)
		}
	}
}

// TestAllowedWASISignatures checks our table against wazero's own WASI
// definitions, so a typo cannot admit or refuse the wrong thing.
func TestAllowedWASISignatures(t *testing.T) {
	r := wazero.NewRuntime(testCtx)
	defer r.Close(testCtx)
	c, err := wasi_snapshot_preview1.NewBuilder(r).Compile(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	defs := c.ExportedFunctions()
	for name, sig := range allowedImports[wasiModule] {
		d, ok := defs[name]
		if !ok {
			t.Errorf("%s: not provided by wazero", name)
			continue
		}
		if got := sigString(d.ParamTypes(), d.ResultTypes()); got != sig {
			t.Errorf("%s: wazero has %s, table has %s", name, got, sig)
		}
	}
}

func sigString(params, results []byte) string {
	names := func(ts []byte) string {
		var s []string
		for _, t := range ts {
			s = append(s, valueTypes[t])
		}
		return "(" + strings.Join(s, ",") + ")"
	}
	return names(params) + "->" + names(results)
}

func TestLoadRefuses(t *testing.T) {
	e := testEngine(t, "compiler")
	if _, err := e.Load(testCtx, "m", readWasm(t, "hostile.wasm"), nil); !errors.Is(err, declare.ErrNoSection) {
		t.Errorf("unpacked module: %v, want declare.ErrNoSection", err)
	}
	bad, _ := declare.AppendSection(readWasm(t, "hostile.wasm"), []byte(`{"abi":1,"tools":[{"name":"Bad"}]}`))
	if _, err := e.Load(testCtx, "m", bad, nil); !errors.Is(err, declare.ErrInvalid) {
		t.Errorf("bad declarations: %v, want declare.ErrInvalid", err)
	}
	m := load(t, e, pack(t, readWasm(t, "no_call.wasm"), "t"), nil)
	if err := m.Wait(testCtx); !errors.Is(err, ErrInvalidModule) || !strings.Contains(err.Error(), "tollgate_call") {
		t.Errorf("Wait without tollgate_call: %v", err)
	}
	if _, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, echoRequester); !errors.Is(err, ErrInvalidModule) {
		t.Errorf("Call without tollgate_call: %v", err)
	}
	garbage := pack(t, append(readWasm(t, "hostile.wasm"), 0x0a, 0x01, 0x00), "t")
	if m, err := e.Load(testCtx, "m", garbage, nil); err == nil {
		defer m.Close(testCtx)
		if err := m.Wait(testCtx); !errors.Is(err, ErrInvalidModule) {
			t.Errorf("Wait on a broken binary: %v", err)
		}
	}
}

func TestCallChecks(t *testing.T) {
	m := load(t, testEngine(t, "compiler"), pack(t, readWasm(t, "hostile.wasm"), "t"), nil)
	if _, err := m.Call(testCtx, CallInfo{Tool: "nope"}, nil, echoRequester); !errors.Is(err, ErrUnknownTool) {
		t.Errorf("unknown tool: %v", err)
	}
	if _, err := m.Call(testCtx, CallInfo{Tool: "t"}, []byte(`{"x":`), echoRequester); err == nil {
		t.Errorf("invalid arguments accepted")
	}
	var got CallInfo
	_, err := m.Call(testCtx, CallInfo{Module: "spoofed", Tool: "t", RequestID: "r9"}, nil,
		RequesterFunc(func(ctx context.Context, c CallInfo, req []byte) []byte {
			got = c
			return cmd(0, 0, 0, 0).Request(ctx, c, req)
		}))
	if err != nil || got != (CallInfo{Module: m.Name(), Tool: "t", RequestID: "r9"}) {
		t.Errorf("CallInfo seen by the gate: %+v, %v", got, err)
	}
	mustDo(t, m.Close(testCtx))
	if _, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, echoRequester); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

func TestCallCanceledIsNotAFault(t *testing.T) {
	m := load(t, testEngine(t, "compiler"), pack(t, readWasm(t, "hostile.wasm"), "t"), nil)
	ctx, cancel := context.WithCancel(testCtx)
	req := RequesterFunc(func(ctx context.Context, c CallInfo, req []byte) []byte {
		cancel() // the client goes away while the guest is about to loop
		return cmd(6, 0, 0, 0).Request(ctx, c, req)
	})
	_, err := m.Call(ctx, CallInfo{Tool: "t"}, nil, req)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrFault) {
		t.Fatalf("got %v, want context.Canceled and no fault", err)
	}
	if out, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, cmd(0, 0, 0, 0)); err != nil {
		t.Fatalf("next call: %q %v", out, err)
	}
}

// TestParallelCallsAreIsolated runs many calls at once on one module; each
// must see its own input and produce its own output.
func TestParallelCallsAreIsolated(t *testing.T) {
	for name, cfg := range map[string]*ModuleConfig{
		"pool of 3":       NewModuleConfig().WithPoolSize(3),
		"pool of 0":       NewModuleConfig().WithPoolSize(0),
		"fresh instances": NewModuleConfig().WithPoolSize(3).WithFreshInstances(true),
	} {
		fresh := cfg.fresh || cfg.poolSize == 0
		t.Run(name, func(t *testing.T) {
			m := load(t, testEngine(t, "compiler"), pack(t, readWasm(t, "hostile.wasm"), "t"), cfg)
			var wg sync.WaitGroup
			for i := 0; i < 32; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					id := fmt.Sprintf("r%d", i)
					want := fmt.Sprintf(`{"tool":"t","arguments":{"i":%d},"request_id":"%s"}`, i, id)
					out, err := m.Call(testCtx, CallInfo{Tool: "t", RequestID: id}, []byte(fmt.Sprintf(`{"i":%d}`, i)), cmd(14, 0, 0, 0))
					if err != nil || string(out) != want {
						t.Errorf("call %d: %q %v", i, out, err)
					}
				}(i)
			}
			wg.Wait()
			s := m.Stats()
			if fresh && (s.Reused != 0 || s.Instantiated != 32) {
				t.Errorf("fresh mode stats: %+v", s)
			}
			if !fresh && s.Idle > 3 {
				t.Errorf("pool over its size: %+v", s)
			}
		})
	}
}

// TestStdoutFloodStaysCapped: a guest writing 1 MiB to stdout succeeds,
// nothing reaches the process stdout, and the log gets at most the per-call
// line cap of lines, each at most the line cap long.
func TestStdoutFloodStaysCapped(t *testing.T) {
	rec := &logRecorder{}
	e := newTestEngine(t, slog.New(rec))
	m := load(t, e, pack(t, readWasm(t, "hostile.wasm"), "t"), NewModuleConfig().WithLogLimits(100, 10))
	if err := m.Wait(testCtx); err != nil {
		t.Fatal(err)
	}

	// Catch anything written to the process stdout during the call.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	leaked := make(chan []byte)
	go func() { b, _ := io.ReadAll(r); leaked <- b }()
	out, callErr := m.Call(testCtx, CallInfo{Tool: "t", RequestID: "flood"}, nil, cmd(12, 0, 0, 1024))
	os.Stdout = saved
	w.Close()
	if b := <-leaked; len(b) != 0 {
		t.Errorf("%d bytes reached os.Stdout", len(b))
	}
	if callErr != nil || string(out) != `{"data":"ok"}` {
		t.Fatalf("Call: %q %v", out, callErr)
	}
	lines := rec.find("guest stdout")
	if len(lines) == 0 || len(lines) > 10 {
		t.Errorf("%d stdout lines logged, want 1 to 10", len(lines))
	}
	for _, l := range lines {
		if n := len(l["text"].String()); n > 100 {
			t.Errorf("logged line of %d bytes over the 100-byte cap", n)
		}
		if l["request_id"].String() != "flood" {
			t.Errorf("line not tagged with the request id: %v", l)
		}
	}
	dropped := rec.find("guest stdout over its cap, bytes dropped")
	if len(dropped) != 1 || dropped[0]["dropped_bytes"].Int64() != 1024*1024-captureCap {
		t.Errorf("dropped report: %v", dropped)
	}
	// The buffer was reset: the next call logs nothing from the flood.
	n := len(rec.find("guest stdout"))
	if _, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, cmd(0, 0, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if len(rec.find("guest stdout")) != n {
		t.Errorf("stdout of one call leaked into the next")
	}
}

func TestGuestLogLine(t *testing.T) {
	rec := &logRecorder{}
	e := newTestEngine(t, slog.New(rec))
	m := load(t, e, pack(t, readWasm(t, "hostile.wasm"), "t"), nil)
	// log(level 2, ptr 4096, len 13) logs {"data":"ok"}; len 2000 is cut.
	for _, c := range []struct {
		len       uint32
		truncated bool
	}{{13, false}, {2000, true}} {
		if _, err := m.Call(testCtx, CallInfo{Tool: "t", RequestID: "l"}, nil, cmd(5, 4096, c.len, 2)); err != nil {
			t.Fatal(err)
		}
	}
	logs := rec.find("guest log")
	if len(logs) != 2 || logs[0]["text"].String() != `{"data":"ok"}` || logs[0]["truncated"].Bool() {
		t.Fatalf("logs: %v", logs)
	}
	if got := len(logs[1]["text"].String()); got > 1024 || !logs[1]["truncated"].Bool() {
		t.Errorf("long line: %d bytes, truncated=%v", got, logs[1]["truncated"])
	}
}

func TestDescribe(t *testing.T) {
	e := testEngine(t, "compiler")
	wasm := readWasm(t, "describe.wasm")
	out, err := e.Describe(testCtx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	decl, err := declare.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	packed, err := declare.AppendSection(wasm, out)
	if err != nil {
		t.Fatal(err)
	}
	m := load(t, e, packed, nil)
	if got := m.Tools(); len(got) != 1 || got[0].Name != decl.Tools[0].Name {
		t.Fatalf("Tools: %+v", got)
	}
	if out, err := m.Call(testCtx, CallInfo{Tool: "ping"}, nil, echoRequester); err != nil || string(out) != `{"data":"ok"}` {
		t.Fatalf("Call: %q %v", out, err)
	}
	if _, err := e.Describe(testCtx, readWasm(t, "hostile.wasm")); !errors.Is(err, ErrInvalidModule) {
		t.Errorf("Describe without tollgate_describe: %v", err)
	}
}

// TestToolsBeforeCompile: Tools answers from the section alone, before the
// background compile has finished.
func TestToolsBeforeCompile(t *testing.T) {
	e, err := NewEngine(testCtx, NewEngineConfig().WithCacheDir(""))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(testCtx)
	m, err := e.Load(testCtx, "m", pack(t, readWasm(t, "hostile.wasm"), "a", "b"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if ts := m.Tools(); len(ts) != 2 || ts[0].Name != "a" || ts[1].Name != "b" {
		t.Fatalf("Tools: %+v", ts)
	}
	ts := m.Tools()
	ts[0].InputSchema[0] = 'X'
	if m.Tools()[0].InputSchema[0] != '{' {
		t.Errorf("Tools returned shared memory")
	}
}

// TestCloseDuringCalls: Close waits for calls in flight; every call either
// completes or gets ErrClosed.
func TestCloseDuringCalls(t *testing.T) {
	e := newTestEngine(t, nil)
	m, err := e.Load(testCtx, "m", pack(t, readWasm(t, "hostile.wasm"), "t"), NewModuleConfig().WithPoolSize(2))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				_, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, cmd(0, 0, 0, 0))
				if err != nil && !errors.Is(err, ErrClosed) {
					t.Error(err)
				}
			}
		}()
	}
	mustDo(t, m.Close(testCtx))
	wg.Wait()
	if s := m.Stats(); s.Idle != 0 {
		t.Errorf("instances left in the pool after Close: %+v", s)
	}
	mustDo(t, e.Close(testCtx))
	if _, err := e.Load(testCtx, "m", pack(t, readWasm(t, "hostile.wasm"), "t"), nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Load after Close: %v", err)
	}
}

// With WithCompileOnDemand nothing compiles until a call (or Prepare) asks, and a module
// that was never asked closes without waiting for a compile.
func TestCompileOnDemand(t *testing.T) {
	e := testEngine(t, "compiler")
	wasm := pack(t, readWasm(t, "hostile.wasm"), "t")
	cfg := NewModuleConfig().WithCompileOnDemand(true)

	idle := load(t, e, wasm, cfg)
	if got := len(idle.Tools()); got != 1 {
		t.Fatalf("tools before compiling: %d", got)
	}
	select {
	case <-idle.ready:
		t.Fatal("compiled before anyone asked")
	default:
	}
	if err := idle.Close(testCtx); err != nil {
		t.Fatalf("close of a never-compiled module: %v", err)
	}

	m := load(t, e, wasm, cfg)
	out, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, cmd(0, 0, 0, 0))
	if err != nil || len(out) == 0 {
		t.Fatalf("first call compiles on demand: out %q, err %v", out, err)
	}
	if s := m.Stats(); s.Calls != 1 {
		t.Fatalf("stats %+v", s)
	}
}

// TestCompileWaitIsBounded: a call on a module still compiling gives up after the
// module's compile wait with a timeout fault that says so, instead of waiting for the
// compile however long it takes; once compiled, the module serves calls.
func TestCompileWaitIsBounded(t *testing.T) {
	e, err := NewEngine(testCtx, NewEngineConfig().WithCacheDir("")) // no cache: a Go guest takes seconds to compile
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close(testCtx) })
	m, err := e.Load(testCtx, "slow", goGuest(t), NewModuleConfig().WithCompileWait(100*time.Millisecond).WithCompileOnDemand(true))
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Call(testCtx, CallInfo{Tool: "echo"}, nil, RequesterFunc(func(context.Context, CallInfo, []byte) []byte { return []byte(`{"ok":{}}`) }))
	var fe *FaultError
	if !errors.As(err, &fe) || fe.Kind != FaultTimeout || !errors.Is(err, ErrStillCompiling) || !strings.Contains(fe.Detail, "still compiling") {
		t.Fatalf("err = %v, want a timeout fault while compiling", err)
	}
	if err := m.Wait(testCtx); err != nil {
		t.Fatal(err)
	}
}
