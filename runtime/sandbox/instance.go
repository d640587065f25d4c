package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"
)

// captureCap is how much of a guest's stdout and of its stderr one call
// keeps; the rest is counted and dropped. The guest is never told: its
// writes always succeed, so a flood costs it nothing but time.
const captureCap = 64 << 10

// capture is an io.Writer for guest stdout or stderr. wazero calls it on the
// goroutine of the call, so it needs no lock.
type capture struct {
	buf     []byte
	dropped int
}

func (c *capture) Write(p []byte) (int, error) {
	take := min(len(p), captureCap-len(c.buf))
	c.buf = append(c.buf, p[:take]...)
	c.dropped += len(p) - take
	return len(p), nil
}

// instance is one instantiated guest, owned by one call at a time.
type instance struct {
	mod api.Module
	// fns caches exported functions: wazero builds a call engine, with
	// its stack, on every ExportedFunction. An api.Function is not safe
	// for concurrent use; neither is an instance, which one call owns.
	fns    map[string]api.Function
	stack  []uint64
	stdout capture
	stderr capture
	// mem backs the instance's linear memory; it records a grow refused
	// by the memory limit (memory.go).
	mem *limitedMemory
	// done is the Done channel of the context the instance is running
	// under; sleep watches it.
	done <-chan struct{}
}

// sleep implements the guest's nanosleep (poll_oneoff with a clock). The
// stock one is time.Sleep, which wazero cannot interrupt: a guest asking to
// sleep for an hour would hold its goroutine for an hour past its deadline.
// This one returns when the call's context ends.
func (inst *instance) sleep(ns int64) {
	if ns <= 0 {
		return
	}
	t := time.NewTimer(time.Duration(ns))
	defer t.Stop()
	select {
	case <-t.C:
	case <-inst.done:
	}
}

func (inst *instance) close() {
	if inst.mod != nil {
		_ = inst.mod.Close(context.Background())
	}
}

// wazeroConfig is the deny-by-default module configuration shared by every
// instance of a module: no filesystem, environment, arguments or sockets
// (wazero's defaults), real clocks and crypto/rand (wazero's defaults are
// deterministic fakes), and _initialize as the only start function when the
// module exports it.
func wazeroConfig(hasInitialize bool) wazero.ModuleConfig {
	cfg := wazero.NewModuleConfig().
		WithName(""). // anonymous: one compiled module, many instances
		WithSysWalltime().
		WithSysNanotime().
		WithRandSource(rand.Reader).
		WithStartFunctions()
	if hasInitialize {
		cfg = cfg.WithStartFunctions("_initialize")
	}
	return cfg
}

// prepare instantiates the module, running _initialize under ctx. The init
// call state allows no input, no request and no output, so a guest that
// tries them during init faults like any call would.
func (m *Module) prepare(ctx context.Context) (*instance, error) {
	inst := &instance{stack: make([]uint64, 1), done: ctx.Done(), fns: map[string]api.Function{}}
	st := &callState{
		info:   CallInfo{Module: m.name, Tool: "_initialize"},
		logger: m.logger,
		limits: limits{logLineBytes: m.limits.logLineBytes, logLines: m.limits.logLines, logRate: m.limits.logRate},
	}
	cfg := m.wcfg.WithStdout(&inst.stdout).WithStderr(&inst.stderr).WithNanosleep(inst.sleep)
	ictx := experimental.WithMemoryAllocator(context.WithValue(ctx, callKey{}, st),
		newMemoryAllocator(uint64(m.pages)*pageSize, func(lm *limitedMemory) { inst.mem = lm }))
	mod, err := m.rt.InstantiateModule(ictx, m.compiled, cfg)
	st.flush(ctx, inst)
	m.stats.instantiated.Add(1)
	if err != nil {
		return nil, m.classify(ctx, st, inst.mem.takeRefused(), err, "_initialize")
	}
	inst.mod = mod
	return inst, nil
}

// run calls fn (tollgate_call or tollgate_describe) in inst with a new call
// state and returns the output. Any error means the instance must go.
func (m *Module) run(ctx context.Context, inst *instance, fn string, st *callState) ([]byte, error) {
	f := inst.fns[fn]
	if f == nil {
		if f = inst.mod.ExportedFunction(fn); f == nil { // checked at compile time; fail closed
			return nil, fmt.Errorf("%w: no export %s", ErrInvalidModule, fn)
		}
		inst.fns[fn] = f
	}
	inst.done = ctx.Done()
	inst.stack[0] = 0
	inst.mem.takeRefused() // a grow refused in an earlier call, handled by the guest, is not this call's
	err := f.CallWithStack(context.WithValue(ctx, callKey{}, st), inst.stack)
	refused := inst.mem.takeRefused()
	st.flush(ctx, inst)
	if err != nil {
		return nil, m.classify(ctx, st, refused, err, fn)
	}
	if st.fault != nil { // a fault is recorded only by a panic, so err is set; belt and braces
		return nil, st.fault
	}
	// A refused grow alone is not a fault: the guest got -1 and may have
	// coped. If it then failed on its own, the detail says what happened.
	if rc := api.DecodeI32(inst.stack[0]); rc != 0 {
		return nil, &FaultError{Kind: FaultGuestError, Detail: fmt.Sprintf("%s returned %d", fn, rc) + m.refusedNote(refused)}
	}
	if !st.hasOutput {
		return nil, &FaultError{Kind: FaultNoOutput, Detail: fn + " returned without output_write" + m.refusedNote(refused)}
	}
	return st.output, nil
}

// refusedNote is added to the detail of a guest error that followed a
// refused grow.
func (m *Module) refusedNote(refused uint64) string {
	if refused == 0 {
		return ""
	}
	return fmt.Sprintf(" (after a memory.grow to %d bytes was refused at the limit of %d bytes)", refused, uint64(m.pages)*pageSize)
}

// classify turns the error of a failed call into a *FaultError. A fault the
// host recorded wins; then the deadline and cancellation; then a memory
// fault, when the instance's allocator refused a grow at the memory limit
// during the call (refused is the size asked for, 0 if none); anything
// else is an exit or a trap.
func (m *Module) classify(ctx context.Context, st *callState, refused uint64, err error, where string) error {
	if st.fault != nil {
		if where != "tollgate_call" { // say it happened outside a call
			f := *st.fault
			f.Detail = where + ": " + f.Detail
			return &f
		}
		return st.fault
	}
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		switch exit.ExitCode() {
		case sys.ExitCodeDeadlineExceeded:
			return &FaultError{Kind: FaultTimeout, Detail: where + ": deadline exceeded", cause: context.DeadlineExceeded}
		case sys.ExitCodeContextCanceled:
			// The caller gave up; not the guest's fault.
			return fmt.Errorf("sandbox: %s: %w", where, context.Canceled)
		}
		if refused != 0 {
			return m.memoryFault(where, refused, fmt.Sprintf("exit code %d", exit.ExitCode()), exit)
		}
		return &FaultError{Kind: FaultExit, Detail: fmt.Sprintf("%s: exit code %d", where, exit.ExitCode()), cause: exit}
	}
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("sandbox: %s: %w", where, context.Canceled)
	}
	// wazero's first line ("wasm error: unreachable") is its own text; the
	// stack trace after it holds guest function names and is dropped.
	msg, _, _ := bytes.Cut([]byte(err.Error()), []byte("\n"))
	if refused != 0 {
		return m.memoryFault(where, refused, excerpt(string(msg), 200), err)
	}
	return &FaultError{Kind: FaultTrap, Detail: where + ": " + excerpt(string(msg), 200), cause: err}
}

// memoryFault is the fault of a call that failed after a grow was refused
// at the memory limit. The sizes come from the host's allocator, never
// from the guest.
func (m *Module) memoryFault(where string, refused uint64, then string, cause error) *FaultError {
	return &FaultError{Kind: FaultMemory, Detail: fmt.Sprintf("%s: memory.grow to %d bytes refused at the limit of %d bytes, then %s",
		where, refused, uint64(m.pages)*pageSize, then), cause: cause}
}

// flush sends what the guest wrote to stdout and stderr during this call to
// the log, line by line under the call's line caps, then resets the
// buffers, and reports anything dropped.
func (st *callState) flush(ctx context.Context, inst *instance) {
	for _, s := range []struct {
		c     *capture
		msg   string
		level slog.Level
	}{{&inst.stdout, "guest stdout", slog.LevelInfo}, {&inst.stderr, "guest stderr", slog.LevelWarn}} {
		rest := s.c.buf
		for len(rest) > 0 {
			var line []byte
			line, rest, _ = bytes.Cut(rest, []byte("\n"))
			st.logLine(ctx, s.level, s.msg, line)
		}
		if s.c.dropped > 0 {
			st.logger.LogAttrs(ctx, slog.LevelWarn, s.msg+" over its cap, bytes dropped",
				slog.String("module", st.info.Module), slog.String("request_id", st.info.RequestID),
				slog.Int("dropped_bytes", s.c.dropped))
		}
		s.c.buf, s.c.dropped = s.c.buf[:0], 0
	}
	if st.logDropped > 0 {
		st.logger.LogAttrs(ctx, slog.LevelWarn, "guest log lines over the per-call or per-module cap, dropped",
			slog.String("module", st.info.Module), slog.String("request_id", st.info.RequestID),
			slog.Int("dropped_lines", st.logDropped))
		st.logDropped = 0
	}
}
