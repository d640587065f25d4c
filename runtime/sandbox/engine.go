package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tollgate/tollgate/runtime/declare"
)

// Engine compiles and runs tool modules. It owns one compilation cache and
// one wazero.Runtime, with the tollgate host module and the WASI subset
// instantiated once. Memory limits are per module, enforced by each
// instance's allocator (memory.go), not by the runtime. Its methods are
// safe for concurrent use.
type Engine struct {
	cfg   *EngineConfig
	cache wazero.CompilationCache

	mu        sync.Mutex
	closed    bool
	rt        wazero.Runtime // created on first use
	modules   map[*Module]struct{}
	compiling map[[32]byte]*sync.Mutex // one lock per distinct binary
}

// NewEngine creates an Engine. With the default config it uses (and
// creates, 0700) os.UserCacheDir()/tollgate/wazero for compiled code, and
// fails with ErrUnsafeCacheDir if that directory is not owned by the current
// user or can be written by the group or others. When the user has no
// cache directory at all it falls back to an in-memory cache.
func NewEngine(ctx context.Context, cfg *EngineConfig) (*Engine, error) {
	if cfg == nil {
		cfg = NewEngineConfig()
	}
	dir := cfg.cacheDir
	if !cfg.cacheDirSet {
		if base, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(base, "tollgate", "wazero")
		}
	}
	var cache wazero.CompilationCache
	if dir == "" {
		cache = wazero.NewCompilationCache()
	} else {
		resolved, err := checkCacheDir(dir)
		if err != nil {
			return nil, err
		}
		// The path checked, with no symlink or ".." left in it, is the one wazero gets:
		// a symlink on the configured path could otherwise be swapped after the check.
		c, err := wazero.NewCompilationCacheWithDir(resolved)
		if err != nil {
			return nil, fmt.Errorf("sandbox: compilation cache: %w", err)
		}
		cache = c
	}
	return &Engine{
		cfg:       cfg,
		cache:     cache,
		modules:   map[*Module]struct{}{},
		compiling: map[[32]byte]*sync.Mutex{},
	}, nil
}

// checkCacheDir creates dir 0700 if missing, then refuses it unless it is
// a real directory (not a symlink) owned by us and not writable by the
// group or others; the same holds for the directories wazero keeps in it.
// Compiled code read from the cache is executed as is: whoever can write
// there can run code in this process.
func checkCacheDir(dir string) (resolved string, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("sandbox: compilation cache: %w", err)
	}
	if err := checkOwnDir(dir); err != nil {
		return "", err
	}
	if resolved, err = resolveDir(dir); err != nil {
		return "", fmt.Errorf("sandbox: compilation cache: %w", err)
	}
	if err := checkOwnDir(resolved); err != nil {
		return "", err
	}
	if err := checkAncestors(resolved, dir); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(resolved)
	if err != nil {
		return "", fmt.Errorf("sandbox: compilation cache: %w", err)
	}
	for _, e := range entries {
		if err := checkOwnDir(filepath.Join(resolved, e.Name())); err != nil {
			return "", err
		}
	}
	return resolved, nil
}

// resolveDir returns dir as the kernel resolves it: absolute, every symlink followed,
// and each ".." applied to the directory it is reached in. filepath.Abs and Clean
// remove "link/.." as text, which names another directory than the kernel's when link
// is a symlink, so the working directory is resolved first and joined without cleaning.
func resolveDir(dir string) (string, error) {
	if !filepath.IsAbs(dir) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		if wd, err = filepath.EvalSymlinks(wd); err != nil {
			return "", err
		}
		dir = wd + string(filepath.Separator) + dir
	}
	return filepath.EvalSymlinks(dir)
}

// checkAncestors refuses a cache directory that someone else could swap: one of whose
// parents, up to the root, is owned by another user (root excepted) or writable by the
// group or others without the sticky bit. Whoever can rename entries of a parent can put
// a directory of their own, full of compiled code, where the cache was checked a moment
// before. A sticky directory such as /tmp lets others create entries but not rename
// ours. resolved must have no symlinks in it: it is the path wazero is given.
func checkAncestors(resolved, configured string) error {
	for p := filepath.Dir(resolved); ; p = filepath.Dir(p) {
		fi, err := os.Lstat(p)
		if err != nil {
			return fmt.Errorf("sandbox: compilation cache: %w", err)
		}
		switch {
		case !fi.IsDir():
			return fmt.Errorf("%w: %s, above the cache directory %s, is not a directory", ErrUnsafeCacheDir, p, configured)
		case !ownedByUsOrRoot(fi):
			return fmt.Errorf("%w: %s, above the cache directory %s, is owned by another user, who could replace the cache", ErrUnsafeCacheDir, p, configured)
		case fi.Mode().Perm()&0o022 != 0 && fi.Mode()&fs.ModeSticky == 0:
			return fmt.Errorf("%w: %s, above the cache directory %s, has mode %v: group or others can write it and it is not sticky, so they could replace the cache", ErrUnsafeCacheDir, p, configured, fi.Mode().Perm())
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

func checkOwnDir(path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("sandbox: compilation cache: %w", err)
	}
	switch {
	case !fi.IsDir():
		return fmt.Errorf("%w: %s is not a directory", ErrUnsafeCacheDir, path)
	case fi.Mode().Perm()&0o022 != 0:
		return fmt.Errorf("%w: %s has mode %v; group or others can write", ErrUnsafeCacheDir, path, fi.Mode().Perm())
	case !ownedByUs(fi):
		return fmt.Errorf("%w: %s is not owned by the current user", ErrUnsafeCacheDir, path)
	}
	return nil
}

// runtime returns the Engine's runtime, creating it on first use. Its
// memory limit is the WebAssembly maximum, so that every memory.grow short
// of a module's declared maximum reaches the instance's allocator, which
// enforces the module's own limit and records what it refuses.
func (e *Engine) runtime(ctx context.Context) (wazero.Runtime, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, ErrClosed
	}
	if e.rt != nil {
		return e.rt, nil
	}
	var rc wazero.RuntimeConfig
	if e.cfg.interpreter || !compilerSupported() {
		rc = wazero.NewRuntimeConfigInterpreter()
	} else {
		rc = wazero.NewRuntimeConfigCompiler()
	}
	rc = rc.WithCloseOnContextDone(true). // always: the only way to stop a guest loop
						WithMemoryLimitPages(maxPages).
						WithCompilationCache(e.cache)
	r := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, r); err != nil {
		_ = r.Close(ctx)
		return nil, fmt.Errorf("sandbox: instantiate WASI: %w", err)
	}
	if err := instantiateHostModule(ctx, r); err != nil {
		_ = r.Close(ctx)
		return nil, fmt.Errorf("sandbox: instantiate host module: %w", err)
	}
	e.rt = r
	return r, nil
}

// maxPages is the WebAssembly limit of a 32-bit memory: 4 GiB.
const maxPages = 65536

// compileModule compiles wasm in r, one compilation of the same binary at
// a time. wazero v1.12 publishes a module loaded from the file cache before
// it has finished building its entry preambles, so a second compile of the
// same bytes racing with the first can hand out a module whose preambles
// are still being written (seen with -race when two modules share a
// binary, as two [[module]] entries with different grants may).
func (e *Engine) compileModule(ctx context.Context, r wazero.Runtime, wasm []byte) (wazero.CompiledModule, error) {
	sum := sha256.Sum256(wasm)
	e.mu.Lock()
	l, ok := e.compiling[sum]
	if !ok {
		l = &sync.Mutex{}
		e.compiling[sum] = l
	}
	e.mu.Unlock()
	l.Lock()
	defer l.Unlock()
	return r.CompileModule(ctx, wasm)
}

// compilerSupported reports whether wazero has a compiler for this
// platform; NewRuntimeConfigCompiler panics elsewhere.
func compilerSupported() bool {
	switch runtime.GOARCH {
	case "amd64", "arm64":
		return runtime.GOOS == "linux" || runtime.GOOS == "darwin" || runtime.GOOS == "windows" ||
			runtime.GOOS == "freebsd" || runtime.GOOS == "netbsd" || runtime.GOOS == "dragonfly" ||
			runtime.GOOS == "solaris" || runtime.GOOS == "illumos"
	}
	return false
}

// Load checks a packed module and returns it ready to list its tools.
//
// Before returning, Load reads the tollgate.tools section (declare.Read)
// and checks every import against the ABI's allow list, refusing the
// module with an *ImportError naming the first import it does not provide.
// Neither needs compiling, so Load is fast and Tools works at once.
// Compilation and the first prepared instances follow in the background;
// Call waits for them, and Wait reports a module that fails to compile or
// to initialise. cfg nil means NewModuleConfig().
func (e *Engine) Load(ctx context.Context, name string, wasm []byte, cfg *ModuleConfig) (*Module, error) {
	if cfg == nil {
		cfg = NewModuleConfig()
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("sandbox: module %s: %w", name, err)
	}
	decl, err := declare.Read(wasm)
	if err != nil {
		return nil, fmt.Errorf("sandbox: module %s: %w", name, err)
	}
	if err := checkImports(wasm); err != nil {
		return nil, fmt.Errorf("sandbox: module %s: %w", name, err)
	}
	r, err := e.runtime(ctx)
	if err != nil {
		return nil, err
	}
	m := e.newModule(name, cfg, r)
	m.decl = decl
	for _, t := range decl.Tools {
		m.tools[t.Name] = true
	}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		m.bgCancel()
		return nil, ErrClosed
	}
	e.modules[m] = struct{}{}
	e.mu.Unlock()
	m.wasm = bytes.Clone(wasm)
	if !cfg.compileOnDemand {
		m.Prepare()
	}
	return m, nil
}

func (e *Engine) newModule(name string, cfg *ModuleConfig, r wazero.Runtime) *Module {
	m := &Module{
		name:      name,
		tools:     map[string]bool{},
		cfg:       cfg,
		pages:     cfg.memoryLimitPages,
		logger:    e.cfg.logger,
		engine:    e,
		rt:        r,
		ready:     make(chan struct{}),
		closeDone: make(chan struct{}),
		pool:      make(chan *instance, cfg.poolSize),
		refill:    make(chan struct{}, 1),
		limits: limits{
			maxOutput:      uint32(cfg.maxOutput),
			maxRequests:    cfg.maxRequests,
			maxRequestSize: uint32(cfg.maxRequestSize),
			logLineBytes:   uint32(cfg.logLineBytes),
			logLines:       cfg.logLines,
			logRate:        newLogBudget(cfg.logLinesPerMinute, e.cfg.now),
		},
	}
	m.bgCtx, m.bgCancel = context.WithCancel(context.Background())
	return m
}

func (e *Engine) forget(m *Module) {
	e.mu.Lock()
	delete(e.modules, m)
	e.mu.Unlock()
}

// Describe runs a module's tollgate_describe once in a fresh instance and
// returns its output, unparsed: the declarations JSON that `tollgate pack`
// checks with declare.Parse and writes with declare.AppendSection. The
// module need not have the section yet; its imports are checked as by
// Load. The guest gets no input and no requests; its output may be up to
// declare.MaxSectionSize bytes. The default module limits apply.
func (e *Engine) Describe(ctx context.Context, wasm []byte) ([]byte, error) {
	if err := checkImports(wasm); err != nil {
		return nil, err
	}
	cfg := NewModuleConfig().WithFreshInstances(true)
	r, err := e.runtime(ctx)
	if err != nil {
		return nil, err
	}
	m := e.newModule("describe", cfg, r)
	defer m.bgCancel()
	compiled, err := e.compileModule(ctx, r, wasm)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalidModule, excerpt(err.Error(), 300))
	}
	defer compiled.Close(ctx)
	hasInit, err := checkExports(compiled, cfg.memoryLimitPages, "tollgate_call", "tollgate_describe")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidModule, err)
	}
	m.compiled, m.wcfg = compiled, wazeroConfig(hasInit)

	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	inst, err := m.prepare(ctx)
	if err != nil {
		return nil, err
	}
	defer inst.close()
	st := &callState{
		info:   CallInfo{Module: m.name, Tool: "tollgate_describe"},
		logger: m.logger,
		limits: limits{maxOutput: declare.MaxSectionSize, logLineBytes: m.limits.logLineBytes, logLines: m.limits.logLines},
	}
	return m.run(ctx, inst, "tollgate_describe", st)
}

// Close closes every module (waiting for calls in flight), every runtime
// and the compilation cache.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	mods := make([]*Module, 0, len(e.modules))
	for m := range e.modules {
		mods = append(mods, m)
	}
	e.mu.Unlock()
	var errs []error
	for _, m := range mods {
		errs = append(errs, m.Close(ctx))
	}
	e.mu.Lock()
	if e.rt != nil {
		errs = append(errs, e.rt.Close(ctx))
	}
	e.mu.Unlock()
	errs = append(errs, e.cache.Close(ctx))
	return errors.Join(errs...)
}
