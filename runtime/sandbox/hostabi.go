package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// Requester runs one gate request for a guest. The gate implements it.
//
// req is the guest's request JSON ({"op": ..., "params": ...}), copied out
// of guest memory and at most the module's request cap; the sandbox has not
// parsed it. The result is the response JSON ({"ok": ...} or
// {"error": ...}) that the guest will read; a problem with the request is
// reported inside it, never as a Go error. ctx carries the call's deadline:
// Request must return when it ends, since a guest cannot be stopped while
// the host runs on its behalf.
//
// Request is called on the goroutine of the call, once at a time per call;
// calls to one module run in parallel.
type Requester interface {
	Request(ctx context.Context, call CallInfo, req []byte) []byte
}

// RequesterFunc adapts a function to a Requester.
type RequesterFunc func(ctx context.Context, call CallInfo, req []byte) []byte

// Request calls f.
func (f RequesterFunc) Request(ctx context.Context, call CallInfo, req []byte) []byte {
	return f(ctx, call, req)
}

// CallInfo identifies a call in the input, in requests to the gate and in
// log lines.
type CallInfo struct {
	Module    string // set by the sandbox to the Module's name
	Tool      string
	RequestID string
}

// callKey carries the *callState of a call in the context that wazero
// passes to host functions. Its type is unexported so no other package can
// read or plant a call state.
type callKey struct{}

// callState is everything one call (or one _initialize, or one describe)
// may touch. It lives in the call's context and dies with it: nothing about
// a call is global, and a reused instance starts each call from a new one.
type callState struct {
	info      CallInfo
	input     []byte
	requester Requester
	limits    limits
	logger    *slog.Logger

	requests    int
	response    []byte
	hasResponse bool
	output      []byte
	hasOutput   bool
	logLines    int
	logDropped  int
	fault       *FaultError
}

// limits are the caps of one call, resolved from the ModuleConfig. For
// _initialize all are zero but the log caps: no input, no request, no
// output.
type limits struct {
	maxOutput      uint32
	maxRequests    int
	maxRequestSize uint32
	logLineBytes   uint32
	logLines       int
	logRate        *logBudget // the module's, shared by its calls; nil: none
}

// fail records a fault and ends the call: wazero recovers the panic and
// returns it from the call, and the recorded fault, not the panic text,
// becomes the call's error.
func (st *callState) fail(kind FaultKind, format string, args ...any) {
	st.fault = &FaultError{Kind: kind, Detail: fmt.Sprintf(format, args...)}
	panic(st.fault)
}

// guestRange is the single place where a guest (ptr, len) pair becomes host
// bytes. The pair must lie wholly inside memory, checked in 64-bit
// arithmetic so ptr+len cannot wrap; anything else ends the call with a
// bounds fault. The slice aliases guest memory: callers copy out of it or
// into it at once and never keep it.
func (st *callState) guestRange(mod api.Module, fn string, ptr, n uint32) []byte {
	mem := mod.Memory()
	if mem == nil {
		st.fail(FaultBounds, "%s: the module has no memory", fn)
	}
	size := uint64(mem.Size())
	if uint64(ptr)+uint64(n) > size {
		st.fail(FaultBounds, "%s: [%d, %d+%d) is outside memory of %d bytes", fn, ptr, ptr, n, size)
	}
	b, ok := mem.Read(ptr, n)
	if !ok { // cannot happen after the check above; fail closed anyway
		st.fail(FaultBounds, "%s: [%d, %d+%d) refused by the memory", fn, ptr, ptr, n)
	}
	return b
}

// readGuest copies n bytes at ptr out of guest memory, after refusing n over
// max with the given fault kind.
func (st *callState) readGuest(mod api.Module, fn string, ptr, n, max uint32, over FaultKind) []byte {
	if n > max {
		st.fail(over, "%s: %d bytes, over the cap of %d", fn, n, max)
	}
	return bytes.Clone(st.guestRange(mod, fn, ptr, n))
}

// writeGuest copies min(n, len(src)) bytes of src to ptr, after checking
// the whole (ptr, n) pair, and returns the count.
func (st *callState) writeGuest(mod api.Module, fn string, ptr, n uint32, src []byte) uint32 {
	return uint32(copy(st.guestRange(mod, fn, ptr, n), src))
}

func stateOf(ctx context.Context) *callState {
	st, _ := ctx.Value(callKey{}).(*callState)
	if st == nil {
		panic("BUG: tollgate host function called without a call state")
	}
	return st
}

// internalErrorResponse replaces a gate response too large to report as an
// i32 length. The gate caps its results far below; this is a backstop.
var internalErrorResponse = []byte(`{"error":{"type":"internal_error","message":"response too large"}}`)

// The host functions of ABI v1. Each reads its arguments from the stack as
// u32, goes through guestRange for memory, and writes its result to
// stack[0]. They run on the call's goroutine.

func hostInputLen(ctx context.Context, _ api.Module, stack []uint64) {
	stack[0] = uint64(len(stateOf(ctx).input))
}

func hostInputRead(ctx context.Context, mod api.Module, stack []uint64) {
	st := stateOf(ctx)
	ptr, n := api.DecodeU32(stack[0]), api.DecodeU32(stack[1])
	stack[0] = uint64(st.writeGuest(mod, "input_read", ptr, n, st.input))
}

func hostRequest(ctx context.Context, mod api.Module, stack []uint64) {
	st := stateOf(ctx)
	ptr, n := api.DecodeU32(stack[0]), api.DecodeU32(stack[1])
	if st.requests >= st.limits.maxRequests {
		st.fail(FaultRequestBudget, "request: budget of %d requests per call used up", st.limits.maxRequests)
	}
	req := st.readGuest(mod, "request", ptr, n, st.limits.maxRequestSize, FaultRequestTooLarge)
	st.requests++
	resp := st.requester.Request(ctx, st.info, req)
	if len(resp) > math.MaxInt32 {
		resp = internalErrorResponse
	}
	st.response, st.hasResponse = resp, true
	stack[0] = uint64(len(resp))
}

func hostResponseRead(ctx context.Context, mod api.Module, stack []uint64) {
	st := stateOf(ctx)
	ptr, n := api.DecodeU32(stack[0]), api.DecodeU32(stack[1])
	copied := st.writeGuest(mod, "response_read", ptr, n, st.response)
	if !st.hasResponse {
		stack[0] = api.EncodeI32(-1)
		return
	}
	stack[0] = uint64(copied)
}

func hostOutputWrite(ctx context.Context, mod api.Module, stack []uint64) {
	st := stateOf(ctx)
	ptr, n := api.DecodeU32(stack[0]), api.DecodeU32(stack[1])
	if st.hasOutput {
		st.fail(FaultOutputTwice, "output_write: output already written in this call")
	}
	st.output = st.readGuest(mod, "output_write", ptr, n, st.limits.maxOutput, FaultOutputTooLarge)
	st.hasOutput = true
	stack[0] = 0
}

func hostLog(ctx context.Context, mod api.Module, stack []uint64) {
	st := stateOf(ctx)
	level, ptr, n := api.DecodeU32(stack[0]), api.DecodeU32(stack[1]), api.DecodeU32(stack[2])
	b := st.guestRange(mod, "log", ptr, n) // the whole pair is checked even if cut
	st.logLine(ctx, logLevel(level), "guest log", b)
}

// logLevel maps the ABI's levels; anything above 3 is an error.
func logLevel(l uint32) slog.Level {
	switch l {
	case 0:
		return slog.LevelDebug
	case 1:
		return slog.LevelInfo
	case 2:
		return slog.LevelWarn
	default:
		return slog.LevelError
	}
}

// logLine emits one guest line, truncated to the line cap, unless the
// call's line budget is spent, in which case it is counted as dropped.
func (st *callState) logLine(ctx context.Context, level slog.Level, msg string, line []byte) {
	if st.logLines >= st.limits.logLines || st.limits.logRate != nil && !st.limits.logRate.take() {
		st.logDropped++
		return
	}
	st.logLines++
	if !st.logger.Enabled(ctx, level) {
		return
	}
	truncated := uint32(len(line)) > st.limits.logLineBytes
	if truncated {
		line = line[:st.limits.logLineBytes]
	}
	st.logger.LogAttrs(ctx, level, msg,
		slog.String("module", st.info.Module),
		slog.String("tool", st.info.Tool),
		slog.String("request_id", st.info.RequestID),
		slog.String("text", excerpt(string(line), len(line))),
		slog.Bool("truncated", truncated))
}

// instantiateHostModule defines the tollgate module in r.
func instantiateHostModule(ctx context.Context, r wazero.Runtime) error {
	i32 := api.ValueTypeI32
	b := r.NewHostModuleBuilder(hostModule)
	for _, f := range []struct {
		name    string
		fn      api.GoModuleFunc
		params  []api.ValueType
		results []api.ValueType
	}{
		{"input_len", hostInputLen, nil, []api.ValueType{i32}},
		{"input_read", hostInputRead, []api.ValueType{i32, i32}, []api.ValueType{i32}},
		{"request", hostRequest, []api.ValueType{i32, i32}, []api.ValueType{i32}},
		{"response_read", hostResponseRead, []api.ValueType{i32, i32}, []api.ValueType{i32}},
		{"output_write", hostOutputWrite, []api.ValueType{i32, i32}, []api.ValueType{i32}},
		{"log", hostLog, []api.ValueType{i32, i32, i32}, nil},
	} {
		b.NewFunctionBuilder().WithGoModuleFunction(f.fn, f.params, f.results).Export(f.name)
	}
	_, err := b.Instantiate(ctx)
	return err
}
