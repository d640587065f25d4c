package host

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/config"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/audit"
	"github.com/tollgate/tollgate/runtime/gate/order"
	"github.com/tollgate/tollgate/runtime/gate/pipeline"
	"github.com/tollgate/tollgate/runtime/gate/ratelimit"
	"github.com/tollgate/tollgate/runtime/mcpserver"
	"github.com/tollgate/tollgate/runtime/sandbox"
)

// compileDelay is how long after start-up modules begin compiling in the background. A
// client sends initialize and tools/list within milliseconds of starting the server; a
// compile running meanwhile took the CPU that answering them needs (docs/performance.md).
const compileDelay = 50 * time.Millisecond

// Version is the server version reported to MCP clients.
var Version = "0.1.0"

// Module is a module to serve: its bytes, the SHA-256 it is pinned to, and its grants.
type Module struct {
	Name   string
	Wasm   []byte
	SHA256 string
	Grants gate.Grants
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
	modules map[string]*served
	tools   []mcpserver.Tool
	mcp     *server.MCPServer
	prepare *time.Timer
	closers []io.Closer
}

type served struct {
	Module
	sandboxed *sandbox.Module
}

// New starts a Host.
func New(ctx context.Context, cfg config.Config, opts Options) (_ *Host, err error) {
	h := &Host{cfg: cfg, modules: map[string]*served{}}
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
	modCfg := sandbox.NewModuleConfig().
		WithMemoryLimitPages(uint32(cfg.Runtime.MemoryLimit / 65536)).
		WithTimeout(cfg.Runtime.Timeout.D()).
		WithMaxOutput(int(cfg.Runtime.MaxOutput)).
		WithMaxRequests(cfg.Runtime.MaxRequests).
		WithPoolSize(cfg.Runtime.PoolSize).
		WithCompileOnDemand(true)

	owner := map[string]string{} // tool name → module
	for _, m := range opts.Modules {
		if err := h.load(ctx, m, modCfg, owner); err != nil {
			h.audit.Event(ctx, "module_rejected", slog.String("module", m.Name), slog.String("detail", err.Error()))
			return nil, err
		}
	}

	var callLimit *ratelimit.Window // nil: no limit on tool calls
	if cfg.RateLimit.Enabled {
		callLimit = ratelimit.NewWindow(cfg.RateLimit.MaxRequestsPerMinute, time.Minute)
	}
	h.mcp, err = mcpserver.New(mcpserver.Options{Name: "tollgate", Version: Version, Audit: h.audit, Now: opts.Now, CallLimit: callLimit, Heuristics: cfg.Input.Heuristics, Redactor: red, Logger: h.logger, Environment: cfg.Environment()}, h.tools, h.invoke)
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
		for _, m := range h.modules {
			m.sandboxed.Prepare()
		}
	})
	h.logger.Info("tollgate ready", "config", cfg.Source, "binance", cfg.Binance.BaseURL, "modules", len(h.modules), "tools", len(h.tools),
		"setup_ms", float64(opts.Now().Sub(setupStart).Microseconds())/1000)
	return h, nil
}

func (h *Host) load(ctx context.Context, m Module, cfg *sandbox.ModuleConfig, owner map[string]string) error {
	if err := verifyPin(m); err != nil {
		return err
	}
	sm, err := h.engine.Load(ctx, m.Name, m.Wasm, cfg)
	if err != nil {
		return fmt.Errorf("module %s: %w", m.Name, err)
	}
	names := make([]string, 0, len(sm.Tools()))
	for _, d := range sm.Tools() {
		if other, dup := owner[d.Name]; dup {
			return fmt.Errorf("module %s: tool %q is already provided by module %s", m.Name, d.Name, other)
		}
		owner[d.Name] = m.Name
		names = append(names, d.Name)
		h.tools = append(h.tools, mcpserver.Tool{Decl: d, Module: m.Name, SHA256: m.SHA256, Grants: m.Grants})
	}
	h.modules[m.Name] = &served{Module: m, sandboxed: sm}
	h.audit.Event(ctx, "module_loaded", slog.String("module", m.Name), slog.String("module_sha256", m.SHA256),
		slog.String("grants", m.Grants.String()), slog.String("tools", strings.Join(names, ",")))
	return nil
}

// ErrPinMismatch: a module's bytes do not hash to the SHA-256 it is pinned to.
var ErrPinMismatch = errors.New("module does not match its pinned sha256")

func verifyPin(m Module) error {
	want, err := hex.DecodeString(m.SHA256)
	if err != nil || len(want) != sha256.Size {
		return fmt.Errorf("module %s: pinned sha256 %q is not 64 hex digits", m.Name, m.SHA256)
	}
	got := sha256.Sum256(m.Wasm)
	if subtle.ConstantTimeCompare(got[:], want) != 1 {
		return fmt.Errorf("module %s: %w (pinned %s, file hashes to %x)", m.Name, ErrPinMismatch, m.SHA256, got)
	}
	return nil
}

// invoke runs one call in its module's sandbox.
func (h *Host) invoke(ctx context.Context, call gate.Call, args json.RawMessage) ([]byte, error) {
	m := h.modules[call.Module]
	if m == nil {
		return nil, &gate.Error{Type: gate.TypeInternal, Message: "no module serves this tool"}
	}
	out, err := m.sandboxed.Call(ctx, sandbox.CallInfo{Tool: call.Tool, RequestID: call.RequestID}, args, requester{gate: h.gate, call: call})
	if err != nil {
		var fault *sandbox.FaultError
		if errors.As(err, &fault) {
			h.logger.Warn("tool call fault", "module", call.Module, "tool", call.Tool, "request_id", call.RequestID, "fault", string(fault.Kind))
			return nil, &gate.Error{Type: fault.ErrorType(), Message: faultMessage(fault, h.cfg)}
		}
		h.logger.Error("tool call failed", "module", call.Module, "tool", call.Tool, "request_id", call.RequestID, "err", err)
		return nil, &gate.Error{Type: gate.TypeInternal, Message: "the tool could not be run; see the server log"}
	}
	return out, nil
}

func faultMessage(f *sandbox.FaultError, cfg config.Config) string {
	switch f.Kind {
	case sandbox.FaultTimeout:
		return fmt.Sprintf("the tool did not finish within its deadline of %s and was stopped", cfg.Runtime.Timeout.D())
	case sandbox.FaultMemory:
		return fmt.Sprintf("the tool ran out of memory (limit %d bytes) and was stopped", cfg.Runtime.MemoryLimit)
	case sandbox.FaultRequestBudget:
		return fmt.Sprintf("the tool made more than %d exchange requests in one call and was stopped", cfg.Runtime.MaxRequests)
	case sandbox.FaultOutputTooLarge:
		return fmt.Sprintf("the tool's result is larger than the %d-byte limit", cfg.Runtime.MaxOutput)
	}
	return "the tool module failed: " + f.Error()
}

// MCP returns the MCP server.
func (h *Host) MCP() *server.MCPServer { return h.mcp }

// Tools returns the served tools.
func (h *Host) Tools() []mcpserver.Tool { return h.tools }

// Wait blocks until every module has compiled and is ready to serve, or ctx ends.
func (h *Host) Wait(ctx context.Context) error {
	for _, m := range h.modules {
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
