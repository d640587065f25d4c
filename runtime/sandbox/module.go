package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"

	"github.com/tetratelabs/wazero"
	"github.com/tollgate/tollgate/runtime/declare"
)

// Module is a loaded tool module: its declarations, its compiled code and a
// pool of prepared instances. Its methods are safe for concurrent use; calls
// run in parallel, each in its own instance.
type Module struct {
	name   string
	decl   *declare.Declarations
	tools  map[string]bool
	cfg    *ModuleConfig
	limits limits
	pages  uint32
	logger *slog.Logger
	engine *Engine
	rt     wazero.Runtime
	wcfg   wazero.ModuleConfig // set when compiled

	wasm         []byte
	startCompile sync.Once
	ready        chan struct{} // closed when compiled (or failed)
	compiled     wazero.CompiledModule
	compileErr   error

	pool   chan *instance
	refill chan struct{}

	// bgCtx ends background work (compiling aside) when the module closes.
	bgCtx    context.Context
	bgCancel context.CancelFunc
	bg       sync.WaitGroup

	mu        sync.Mutex // guards closed and inflight.Add
	closed    bool
	closeDone chan struct{} // closed when the first Close has finished
	inflight  sync.WaitGroup

	stats struct {
		calls, faults, reused, instantiated, discarded atomic.Uint64
	}
}

// Stats are counters of a Module since Load, for metrics and tests.
type Stats struct {
	Calls        uint64 // calls run (after the tool check)
	Faults       uint64 // calls that failed with a *FaultError
	Reused       uint64 // calls served by a prepared instance from the pool
	Instantiated uint64 // instances created, prepared ahead or on demand
	Discarded    uint64 // instances closed after a failed call
	Idle         int    // prepared instances waiting in the pool now
}

// Stats returns the module's counters.
func (m *Module) Stats() Stats {
	return Stats{
		Calls:        m.stats.calls.Load(),
		Faults:       m.stats.faults.Load(),
		Reused:       m.stats.reused.Load(),
		Instantiated: m.stats.instantiated.Load(),
		Discarded:    m.stats.discarded.Load(),
		Idle:         len(m.pool),
	}
}

// Name returns the name given to Load.
func (m *Module) Name() string { return m.name }

// Tools returns the tools the module declares, read from its
// tollgate.tools section at Load. It needs no compilation. The result is a
// copy.
func (m *Module) Tools() []declare.Tool {
	out := make([]declare.Tool, len(m.decl.Tools))
	for i, t := range m.decl.Tools {
		t.InputSchema = append(json.RawMessage(nil), t.InputSchema...)
		if t.OutputSchema != nil {
			t.OutputSchema = append(json.RawMessage(nil), t.OutputSchema...)
		}
		out[i] = t
	}
	return out
}

// compile runs in the background from Load: it compiles, checks the
// exports, then starts the pool.
func (m *Module) compile(ctx context.Context, wasm []byte) {
	defer close(m.ready)
	compiled, err := m.engine.compileModule(ctx, m.rt, wasm)
	if err != nil {
		// wazero's text may quote names from the binary: capped.
		m.compileErr = fmt.Errorf("%w: %s: %s", ErrInvalidModule, m.name, excerpt(err.Error(), 300))
		return
	}
	hasInit, err := checkExports(compiled, m.pages, "tollgate_call")
	if err != nil {
		_ = compiled.Close(ctx)
		m.compileErr = fmt.Errorf("%w: %s: %v", ErrInvalidModule, m.name, err)
		return
	}
	m.compiled = compiled
	m.wcfg = wazeroConfig(hasInit)
	if !m.cfg.fresh && m.cfg.poolSize > 0 {
		m.bg.Add(1)
		go m.refillLoop()
		m.signalRefill()
	}
}

// checkExports checks the exports the ABI requires: the memory, whose
// declared minimum must fit in limitPages, the named functions as
// () -> i32, and _initialize, if present, as () -> ().
//
// The memory is the module's only one (memory imports are refused, and
// wazero allows one memory; shared memories need the threads feature,
// which is off). Its minimum is checked here because the runtime's
// own limit is the WebAssembly maximum: the instance's allocator enforces
// the module's limit on every grow, and must not be asked for more at
// instantiation (refusing that would make wazero panic).
func checkExports(c wazero.CompiledModule, limitPages uint32, funcs ...string) (hasInitialize bool, err error) {
	mem, ok := c.ExportedMemories()["memory"]
	if !ok {
		return false, errors.New(`no exported memory named "memory"`)
	}
	if mem.Min() > limitPages {
		return false, fmt.Errorf("memory declares a minimum of %d pages, over the limit of %d pages", mem.Min(), limitPages)
	}
	fns := c.ExportedFunctions()
	for _, name := range funcs {
		f, ok := fns[name]
		if !ok {
			return false, fmt.Errorf("no exported function %s", name)
		}
		if len(f.ParamTypes()) != 0 || len(f.ResultTypes()) != 1 || f.ResultTypes()[0] != 0x7f {
			return false, fmt.Errorf("%s must be () -> i32", name)
		}
	}
	if f, ok := fns["_initialize"]; ok {
		if len(f.ParamTypes()) != 0 || len(f.ResultTypes()) != 0 {
			return false, errors.New("_initialize must be () -> ()")
		}
		return true, nil
	}
	return false, nil
}

// Prepare starts compiling the module and preparing its instances in the
// background, if that has not started yet. Load does it unless the module's
// config says WithCompileOnDemand; a call or Wait does it too.
func (m *Module) Prepare() {
	m.startCompile.Do(func() { go m.compile(m.bgCtx, m.wasm) })
}

// waitCompiledFor waits for the compile on a call's behalf, at most the module's compile
// wait: a module crafted to compile for minutes must not hold its callers for minutes
// (wazero's compile cannot be stopped, so it goes on in the background). The wait is
// longer than a call's deadline because a first call on a cold cache legitimately waits
// for a compile of a few seconds.
func (m *Module) waitCompiledFor(ctx context.Context) error {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, m.cfg.compileWait)
	defer cancel()
	err := m.waitCompiled(ctx)
	if err != nil && parent.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return &FaultError{Kind: FaultTimeout, Detail: fmt.Sprintf("%s was still compiling after %s", m.name, m.cfg.compileWait), cause: fmt.Errorf("%w: %w", ErrStillCompiling, err)}
	}
	return err
}

// waitCompiled blocks until the module is compiled or ctx ends.
func (m *Module) waitCompiled(ctx context.Context) error {
	m.Prepare()
	select {
	case <-m.ready:
		return m.compileErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wait blocks until the module is compiled and one instance has been
// prepared, and reports what went wrong if either failed: a binary that
// does not compile, a missing export, a trap in _initialize. Call does not
// need it; `tollgate check` does.
func (m *Module) Wait(ctx context.Context) error {
	if err := m.enter(); err != nil {
		return err
	}
	defer m.inflight.Done()
	if err := m.waitCompiled(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, m.cfg.timeout)
	defer cancel()
	inst, err := m.take(ctx)
	if err != nil {
		return err
	}
	m.put(inst)
	return nil
}

// enter registers an in-flight operation, refusing it once Close began.
func (m *Module) enter() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	m.inflight.Add(1)
	return nil
}

// Call runs one tool call: it takes a prepared instance, gives it the input
// {"tool", "arguments", "request_id"}, calls tollgate_call under the
// module's timeout and returns the guest's output bytes, unparsed.
//
// Requests the guest makes go to r. A guest that faults gets a
// *FaultError; its instance is closed and never reused, and nothing else is
// affected. A healthy instance goes back to the pool. The input's arguments
// must be JSON; nil means {}.
func (m *Module) Call(ctx context.Context, info CallInfo, arguments json.RawMessage, r Requester) ([]byte, error) {
	if r == nil {
		return nil, errors.New("sandbox: Call needs a Requester")
	}
	if !m.tools[info.Tool] {
		return nil, fmt.Errorf("%w: %s has no tool %q", ErrUnknownTool, m.name, excerpt(info.Tool, 64))
	}
	if err := m.enter(); err != nil {
		return nil, err
	}
	defer m.inflight.Done()
	info.Module = m.name
	if len(arguments) == 0 {
		arguments = json.RawMessage("{}")
	}
	input, err := json.Marshal(struct {
		Tool      string          `json:"tool"`
		Arguments json.RawMessage `json:"arguments"`
		RequestID string          `json:"request_id"`
	}{info.Tool, arguments, info.RequestID})
	if err != nil {
		return nil, fmt.Errorf("sandbox: arguments: %w", err)
	}
	if len(input) > math.MaxInt32 {
		return nil, errors.New("sandbox: input over 2 GiB")
	}
	if err := m.waitCompiledFor(ctx); err != nil {
		return nil, err
	}
	m.stats.calls.Add(1)

	ctx, cancel := context.WithTimeout(ctx, m.cfg.timeout)
	defer cancel()
	inst, err := m.take(ctx)
	if err != nil {
		m.countFault(err)
		return nil, err
	}
	st := &callState{info: info, input: input, requester: r, limits: m.limits, logger: m.logger}
	out, err := m.run(ctx, inst, "tollgate_call", st)
	if err != nil {
		m.countFault(err)
		m.discard(inst)
		return nil, err
	}
	m.put(inst)
	return out, nil
}

func (m *Module) countFault(err error) {
	if errors.Is(err, ErrFault) {
		m.stats.faults.Add(1)
	}
}

// take returns a prepared instance from the pool, or prepares one now if
// the pool is empty (and asks the refiller to catch up).
func (m *Module) take(ctx context.Context) (*instance, error) {
	if !m.cfg.fresh {
		select {
		case inst := <-m.pool:
			m.stats.reused.Add(1)
			return inst, nil
		default:
			m.signalRefill()
		}
	}
	return m.prepare(ctx)
}

// put returns a healthy instance to the pool, or closes it when the pool is
// full, the module is in fresh mode, or it is closing.
func (m *Module) put(inst *instance) {
	if !m.cfg.fresh && m.bgCtx.Err() == nil {
		select {
		case m.pool <- inst:
			return
		default:
		}
	}
	inst.close()
}

// discard closes an instance after a failed call and asks for a
// replacement.
func (m *Module) discard(inst *instance) {
	inst.close()
	m.stats.discarded.Add(1)
	m.signalRefill()
}

func (m *Module) signalRefill() {
	if m.cfg.fresh {
		return
	}
	select {
	case m.refill <- struct{}{}:
	default: // a refill is already pending
	}
}

// refillLoop keeps the pool full in the background, so that a call does
// not pay for instantiation. After a failure it waits for the next signal
// (a call that found the pool empty, or a discard) rather than retrying in
// a loop: a module whose _initialize always fails costs one attempt per
// call, not a spinning goroutine.
func (m *Module) refillLoop() {
	defer m.bg.Done()
	for {
		select {
		case <-m.bgCtx.Done():
			return
		case <-m.refill:
		}
		for len(m.pool) < cap(m.pool) && m.bgCtx.Err() == nil {
			ctx, cancel := context.WithTimeout(m.bgCtx, m.cfg.timeout)
			inst, err := m.prepare(ctx)
			cancel()
			if err != nil {
				if m.bgCtx.Err() == nil {
					m.logger.LogAttrs(m.bgCtx, slog.LevelWarn, "preparing an instance failed",
						slog.String("module", m.name), slog.String("error", err.Error()))
				}
				break
			}
			select {
			case m.pool <- inst:
				continue
			default:
				inst.close()
			}
			break
		}
	}
}

// Close stops the module: new calls get ErrClosed, calls in flight finish
// (they are bounded by the timeout), then every instance and the compiled
// code are released.
func (m *Module) Close(ctx context.Context) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		// Another Close is under way (a host retiring the module while the Engine
		// closes): returning before it finishes would let the Engine close the
		// runtime under a compile still running.
		<-m.closeDone
		return nil
	}
	m.closed = true
	m.mu.Unlock()
	defer close(m.closeDone)

	m.bgCancel()
	m.startCompile.Do(func() { // never compiled: nothing to wait for
		m.compileErr = ErrClosed
		close(m.ready)
	})
	<-m.ready
	m.inflight.Wait()
	m.bg.Wait()
	for {
		select {
		case inst := <-m.pool:
			inst.close()
			continue
		default:
		}
		break
	}
	m.engine.forget(m)
	if m.compiled != nil {
		return m.compiled.Close(ctx)
	}
	return nil
}
