package host

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/config"
	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/audit"
	"github.com/tollgate/tollgate/runtime/gate/order"
	"github.com/tollgate/tollgate/runtime/gate/pipeline"
	"github.com/tollgate/tollgate/runtime/gate/ratelimit"
	"github.com/tollgate/tollgate/runtime/mcpserver"
	"github.com/tollgate/tollgate/runtime/modpin"
	"github.com/tollgate/tollgate/runtime/sandbox"
)

// compileDelay is how long after start-up modules begin compiling in the background. A
// client sends initialize and tools/list within milliseconds of starting the server; a
// compile running meanwhile took the CPU that answering them needs (docs/performance.md).
const compileDelay = 50 * time.Millisecond

// Version is the server version reported to MCP clients.
var Version = "0.1.0"

// Module is a module to serve: its bytes, the SHA-256 it is pinned to, and what the
// operator lets it do.
type Module struct {
	Name   string
	Wasm   []byte
	SHA256 string
	Grants gate.Grants
	// Symbols, when not empty, are the only symbols its requests may name.
	Symbols []string
	// MaxNotional, when set, caps each of its orders, besides [trading] max_notional.
	MaxNotional *decimal.Decimal
	// Limits are its sandbox limits; the zero value means [runtime]'s.
	Limits Limits
	// Community marks a [[module]]: its tools' declarations are checked in full before
	// they are served, and a failure refuses it alone instead of stopping the server.
	Community bool
}

// Limits are the sandbox limits of one module's calls.
type Limits struct {
	MemoryLimit int64 // bytes, a whole number of 64 KiB pages
	Timeout     time.Duration
	MaxOutput   int64
	MaxRequests int
}

// Options are the parts of a Host that are not configuration.
type Options struct {
	// Modules to serve.
	Modules []Module
	// Stderr receives logs (and audit lines) unless the configuration names a file.
	Stderr io.Writer
	// Transport replaces the HTTP transport to Binance (tests).
	Transport http.RoundTripper
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Host is a running server.
type Host struct {
	cfg     config.Config
	logger  *slog.Logger
	audit   *audit.Logger
	gate    *pipeline.Gate
	engine  *sandbox.Engine
	mcpOpts mcpserver.Options
	mcp     *server.MCPServer
	prepare *time.Timer
	closers []io.Closer

	builtins []Module
	reloadMu sync.Mutex   // one reload at a time
	mu       sync.RWMutex // guards current
	current  *generation
}

// generation is one set of served modules and their tools: the start-up set, then one per
// reload. A tool handler is bound to the generation it was registered in, so a call runs
// to its end on the module version it started with.
type generation struct {
	modules map[string]*served
	tools   []mcpserver.Tool
	refused []Refusal
}

// served is a loaded module. calls counts the calls using it, so that a reload that drops
// it closes it only after they finish.
type served struct {
	Module
	sandboxed *sandbox.Module

	mu      sync.Mutex
	retired bool
	calls   sync.WaitGroup
}

// acquire registers a call, refusing it once the module has been retired by a reload.
func (m *served) acquire() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.retired {
		return false
	}
	m.calls.Add(1)
	return true
}

// retire stops new calls, waits for those in flight and closes the module.
func (m *served) retire(ctx context.Context) {
	m.mu.Lock()
	m.retired = true
	m.mu.Unlock()
	m.calls.Wait()
	_ = m.sandboxed.Close(ctx)
}

// New starts a Host.
func New(ctx context.Context, cfg config.Config, opts Options) (_ *Host, err error) {
	h := &Host{cfg: cfg, builtins: opts.Modules}
	defer func() {
		if err != nil {
			h.Close()
		}
	}()
	if opts.Now == nil {
		opts.Now = time.Now
	}
	setupStart := opts.Now()
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	logOut, err := h.open(cfg.Log.File, opts.Stderr)
	if err != nil {
		return nil, fmt.Errorf("log.file: %w", err)
	}
	red := cfg.Credentials.Redactor()
	h.logger = slog.New(red.Handler(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: level(cfg.Log.Level)})))
	if cfg.Log.Security {
		auditOut, err := h.open(cfg.Log.AuditFile, logOut)
		if err != nil {
			return nil, fmt.Errorf("log.audit_file: %w", err)
		}
		h.audit = audit.New(auditOut, red)
	}

	h.gate = pipeline.New(pipeline.Config{
		BaseURL: cfg.Binance.BaseURL, FuturesBaseURL: cfg.Binance.FuturesBaseURL, Testnet: cfg.Binance.Testnet, Timeout: cfg.Binance.Timeout.D(), InfoTTL: cfg.Exchange.InfoTTL.D(),
		Transport: opts.Transport, Now: opts.Now, Audit: h.audit,
		Credentials: cfg.Credentials, TradingEnabled: cfg.Trading.Enabled, OrderPolicy: orderPolicy(cfg.Trading),
	})

	cacheDir := ""
	if cfg.Runtime.CompilationCache {
		if cacheDir, err = cfg.CacheDir(); err != nil {
			return nil, err
		}
	}
	h.engine, err = sandbox.NewEngine(ctx, sandbox.NewEngineConfig().WithCacheDir(cacheDir).WithLogger(h.logger))
	if err != nil {
		return nil, err
	}
	gen := &generation{modules: map[string]*served{}}
	for _, m := range opts.Modules {
		if err := h.load(ctx, gen, m); err != nil {
			h.audit.Event(ctx, "module_rejected", slog.String("module", m.Name), slog.String("detail", err.Error()))
			return nil, err
		}
	}
	for _, m := range h.community(ctx, gen, cfg.Modules) {
		h.loadOrRefuse(ctx, gen, m)
	}

	var callLimit *ratelimit.Window // nil: no limit on tool calls
	if cfg.RateLimit.Enabled {
		callLimit = ratelimit.NewWindow(cfg.RateLimit.MaxRequestsPerMinute, time.Minute)
	}
	h.mcpOpts = mcpserver.Options{Name: "tollgate", Version: Version, Audit: h.audit, Now: opts.Now, CallLimit: callLimit, Heuristics: cfg.Input.Heuristics, Redactor: red, Logger: h.logger, Environment: cfg.Environment()}
	h.current = gen
	h.mcp, err = mcpserver.New(h.mcpOpts, gen.tools, h.invoker(gen))
	if err != nil {
		return nil, err
	}
	if cfg.Input.Heuristics {
		h.logger.Info("input validation: injection-pattern heuristics are on (MCP_INPUT_VALIDATION)")
	} else {
		h.logger.Warn("input validation: MCP_INPUT_VALIDATION=false turns off the injection-pattern heuristics only; type, bound and filter checks stay on")
	}
	h.audit.Event(ctx, "configuration_validated", slog.String("detail", "config from "+cfg.Source+"; trading enabled: "+fmt.Sprint(cfg.Trading.Enabled)))
	// Compile after the client has had its initialize and tools/list answered (they need
	// no compiled code), or at the first call, whichever comes first.
	h.prepare = time.AfterFunc(compileDelay, func() {
		for _, m := range gen.modules {
			m.sandboxed.Prepare()
		}
	})
	h.logger.Info("tollgate ready", "config", cfg.Source, "binance", cfg.Binance.BaseURL, "modules", len(gen.modules), "tools", len(gen.tools),
		"setup_ms", float64(opts.Now().Sub(setupStart).Microseconds())/1000)
	return h, nil
}

// load adds m to gen: it checks the pin, reads the declarations and imports (the sandbox
// refuses a forbidden import here), checks a community module's declarations in full and
// refuses a tool name that gen already serves. Nothing of m is served unless all pass.
func (h *Host) load(ctx context.Context, gen *generation, m Module) error {
	if err := modpin.CheckHash(m.Wasm, m.SHA256); err != nil {
		return fmt.Errorf("module %s: %w", m.Name, err)
	}
	sm, err := h.engine.Load(ctx, m.Name, m.Wasm, h.sandboxConfig(m.Limits))
	if err != nil {
		return err // "sandbox: module <name>: …"
	}
	tools, err := h.declared(gen, m, sm.Tools())
	if err != nil {
		_ = sm.Close(ctx)
		return fmt.Errorf("module %s: %w", m.Name, err)
	}
	gen.tools = append(gen.tools, tools...)
	gen.modules[m.Name] = &served{Module: m, sandboxed: sm}
	names := make([]string, len(tools))
	for i, t := range tools {
		names[i] = t.Decl.Name
	}
	h.audit.Event(ctx, "module_loaded", slog.String("module", m.Name), slog.String("module_sha256", m.SHA256),
		slog.String("grants", m.Grants.String()), slog.String("tools", strings.Join(names, ",")))
	return nil
}

// declared returns m's tools as served, or why they cannot be: a name gen already
// serves (the whole module is refused, never renamed: a client that asked for the tool by
// name must not get another module's), and for a community module, a schema that does
// not compile or a read-only claim from a module that may trade.
func (h *Host) declared(gen *generation, m Module, decls []declare.Tool) ([]mcpserver.Tool, error) {
	owner := map[string]string{}
	for _, t := range gen.tools {
		owner[t.Decl.Name] = t.Module
	}
	tools := make([]mcpserver.Tool, 0, len(decls))
	for _, d := range decls {
		if other, dup := owner[d.Name]; dup {
			return nil, fmt.Errorf("%w: tool %q is already provided by module %s", ErrToolCollision, d.Name, other)
		}
		if m.Community {
			if err := mcpserver.CheckDeclaration(d); err != nil {
				return nil, fmt.Errorf("%w: %v", declare.ErrInvalid, err)
			}
			if d.Annotations.ReadOnlyHint && m.Grants.Has(gate.GrantTrade) {
				return nil, fmt.Errorf("%w: tool %q declares readOnlyHint, but the module holds the \"trade\" grant, so a client could not trust it; a read-only tool belongs in a module without \"trade\"", declare.ErrInvalid, d.Name)
			}
		}
		tools = append(tools, mcpserver.Tool{Decl: d, Module: m.Name, SHA256: m.SHA256, Grants: m.Grants})
	}
	return tools, nil
}

// ErrToolCollision: a module declares a tool name another module already provides.
var ErrToolCollision = errors.New("tool name collision")

// sandboxConfig returns the sandbox limits for l, [runtime]'s where l has none.
func (h *Host) sandboxConfig(l Limits) *sandbox.ModuleConfig {
	l = h.limits(l)
	return sandbox.NewModuleConfig().
		WithMemoryLimitPages(uint32(l.MemoryLimit / 65536)).
		WithTimeout(l.Timeout).
		WithMaxOutput(int(l.MaxOutput)).
		WithMaxRequests(l.MaxRequests).
		WithPoolSize(h.cfg.Runtime.PoolSize).
		WithCompileOnDemand(true)
}

func (h *Host) limits(l Limits) Limits {
	if l == (Limits{}) {
		rt := h.cfg.Runtime
		return Limits{MemoryLimit: int64(rt.MemoryLimit), Timeout: rt.Timeout.D(), MaxOutput: int64(rt.MaxOutput), MaxRequests: rt.MaxRequests}
	}
	return l
}

// invoker returns the Invoker of gen's tools: a call runs in the module version of the
// generation its tool was registered in.
func (h *Host) invoker(gen *generation) mcpserver.Invoker {
	return func(ctx context.Context, call gate.Call, args json.RawMessage) ([]byte, error) {
		m := gen.modules[call.Module]
		if m == nil {
			return nil, &gate.Error{Type: gate.TypeInternal, Message: "no module serves this tool"}
		}
		if !m.acquire() {
			return nil, &gate.Error{Type: gate.TypeInternal, Message: "this tool's module was replaced by a configuration reload; list the tools again and retry"}
		}
		defer m.calls.Done()
		// Everything the gate checks about the caller comes from the operator's
		// configuration of this very module version.
		call.Module, call.ModuleSHA256, call.Grants, call.Symbols, call.MaxNotional = m.Name, m.SHA256, m.Grants, m.Symbols, m.MaxNotional
		out, err := m.sandboxed.Call(ctx, sandbox.CallInfo{Tool: call.Tool, RequestID: call.RequestID}, args, requester{gate: h.gate, call: call})
		if err != nil {
			var fault *sandbox.FaultError
			if errors.As(err, &fault) {
				h.logger.Warn("tool call fault", "module", call.Module, "tool", call.Tool, "request_id", call.RequestID, "fault", string(fault.Kind))
				return nil, &gate.Error{Type: fault.ErrorType(), Message: faultMessage(fault, h.limits(m.Limits))}
			}
			h.logger.Error("tool call failed", "module", call.Module, "tool", call.Tool, "request_id", call.RequestID, "err", err)
			return nil, &gate.Error{Type: gate.TypeInternal, Message: "the tool could not be run; see the server log"}
		}
		return out, nil
	}
}

func faultMessage(f *sandbox.FaultError, l Limits) string {
	switch f.Kind {
	case sandbox.FaultTimeout:
		if errors.Is(f, sandbox.ErrStillCompiling) {
			return "the tool's module was still being compiled after five minutes, so the call did not run; retry later (a module that takes this long to compile is unusually large or complex)"
		}
		return fmt.Sprintf("the tool did not finish within its deadline of %s and was stopped", l.Timeout)
	case sandbox.FaultMemory:
		return fmt.Sprintf("the tool ran out of memory (limit %d bytes) and was stopped", l.MemoryLimit)
	case sandbox.FaultRequestBudget:
		return fmt.Sprintf("the tool made more than %d exchange requests in one call and was stopped", l.MaxRequests)
	case sandbox.FaultOutputTooLarge:
		return fmt.Sprintf("the tool's result is larger than the %d-byte limit", l.MaxOutput)
	}
	return "the tool module failed: " + f.Error()
}

// MCP returns the MCP server.
func (h *Host) MCP() *server.MCPServer { return h.mcp }

// Tools returns the served tools.
func (h *Host) Tools() []mcpserver.Tool { return h.generation().tools }

// Refused returns the [[module]] tables not served, with the reason each was refused.
func (h *Host) Refused() []Refusal { return h.generation().refused }

func (h *Host) generation() *generation {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.current
}

// Wait blocks until every module has compiled and is ready to serve, or ctx ends.
func (h *Host) Wait(ctx context.Context) error {
	for _, m := range h.generation().modules {
		if err := m.sandboxed.Wait(ctx); err != nil {
			return fmt.Errorf("module %s: %w", m.Name, err)
		}
	}
	return nil
}

// Logger returns the server's logger.
func (h *Host) Logger() *slog.Logger { return h.logger }

// Close stops the sandbox and closes log files.
func (h *Host) Close() error {
	var errs []error
	if h.prepare != nil {
		h.prepare.Stop()
	}
	if h.engine != nil {
		errs = append(errs, h.engine.Close(context.Background()))
	}
	for _, c := range h.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

func (h *Host) open(path string, fallback io.Writer) (io.Writer, error) {
	if path == "" {
		return fallback, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	// In stdio mode stdout carries MCP messages only: /dev/stdout or /proc/self/fd/1 as a
	// log file would mix log lines into the protocol.
	if fi, err := f.Stat(); err == nil {
		if out, err := os.Stdout.Stat(); err == nil && os.SameFile(fi, out) {
			f.Close()
			return nil, fmt.Errorf("%s is this process's stdout, which carries MCP messages only", path)
		}
	}
	h.closers = append(h.closers, f)
	return f, nil
}

func level(s string) slog.Level {
	var l slog.Level
	_ = l.UnmarshalText([]byte(s))
	return l
}

// orderPolicy turns [trading] into the gate's order policy. config.Load has checked that
// max_notional is a positive decimal.
func orderPolicy(t config.Trading) order.Policy {
	p := order.Policy{Symbols: t.Symbols}
	if d, err := decimal.NewFromString(t.MaxNotional); err == nil {
		p.MaxNotional = &d
	}
	return p
}
