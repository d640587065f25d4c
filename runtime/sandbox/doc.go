// Package sandbox runs Tollgate tool modules: WebAssembly modules, run under
// wazero, whose only way out is the tollgate host module of ABI v1
// (docs/abi.md) and the small WASI subset a Go guest needs to start.
//
// # Loading
//
// An [Engine] holds the compilation cache and one wazero runtime.
// [Engine.Load] reads the module's tollgate.tools section (package
// declare) and checks every import against the allow list before it
// returns, without compiling: [Module.Tools] answers at once, and a module
// importing anything else (a WASI path_* call, a socket, an "env" function,
// a memory) is refused with an [*ImportError] naming the import.
// Compilation and the first prepared instances follow in the background;
// [Module.Wait] reports a module that fails to compile or to initialise.
//
//	e, err := sandbox.NewEngine(ctx, sandbox.NewEngineConfig().WithLogger(logger))
//	m, err := e.Load(ctx, "market", wasm, sandbox.NewModuleConfig().WithTimeout(2*time.Second))
//	out, err := m.Call(ctx, sandbox.CallInfo{Tool: "get_ticker_price", RequestID: id}, args, gate)
//
// # Calls
//
// [Module.Call] takes a prepared instance (instantiated, _initialize done)
// from the module's pool, or prepares one if none is ready, runs
// tollgate_call under the module's timeout, and returns the guest's output
// bytes unparsed. Requests the guest makes go, synchronously, to the
// [Requester] passed in, which is the gate. Calls to one module run in
// parallel, each in its own instance. A healthy instance goes back to the
// pool; [ModuleConfig.WithFreshInstances] runs every call in a new
// instance instead.
//
// # Faults
//
// A call fails with a [*FaultError] when the guest breaks a rule of the ABI
// or a limit: a (ptr, len) pair outside its memory, a second output, an
// output or request over its cap, too many requests, its deadline, its
// memory limit, a trap, an exit, no output, or a non-zero return. The instance
// that ran it is closed and never reused; nothing else is affected. Match
// faults with errors.Is against [ErrFault] or a kind's sentinel
// ([ErrTimeout], [ErrBounds], ...), or errors.As for the Kind;
// [FaultError.ErrorType] gives the error type the client sees.
//
// Each instance's linear memory comes from an allocator of the sandbox's
// that enforces the module's memory limit and records a grow it refuses: a
// call that fails after one is a memory fault ([ErrMemory]), however the
// guest failed; a guest that copes with the refusal (memory.grow returned
// -1) may still succeed.
//
// # Isolation
//
// Each instance gets no filesystem, environment, arguments or sockets; real
// clocks and crypto/rand; stdout and stderr captured into capped buffers
// that go to the Engine's logger, never to the process's stdout; and a
// nanosleep that ends with the call's context. Every access to guest memory
// goes through one bounds-checked accessor, and everything a call may touch
// lives in a per-call state carried by the call's context. Host code never
// writes where the guest did not point.
//
// See docs/RATIONALE.md ("Sandbox: …") for why things are the way they are.
package sandbox
