package sandbox

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FaultKind names the reason a call failed. The values are stable: they
// appear in audit events and in the errors returned to clients.
type FaultKind string

// The fault kinds. See docs/abi.md, "Faults".
const (
	FaultTimeout         FaultKind = "timeout"           // ran past its deadline
	FaultMemory          FaultKind = "memory"            // failed after a memory.grow was refused at its limit
	FaultBounds          FaultKind = "bounds"            // a (ptr, len) pair outside memory
	FaultOutputTwice     FaultKind = "output_twice"      // output_write called a second time
	FaultOutputTooLarge  FaultKind = "output_too_large"  // output over the module's cap
	FaultRequestTooLarge FaultKind = "request_too_large" // a request over the request cap
	FaultRequestBudget   FaultKind = "request_budget"    // more requests than max_requests
	FaultTrap            FaultKind = "trap"              // a WebAssembly trap
	FaultExit            FaultKind = "exit"              // proc_exit, e.g. a Go panic
	FaultNoOutput        FaultKind = "no_output"         // returned without output_write
	FaultGuestError      FaultKind = "guest_error"       // tollgate_call returned non-zero
)

// FaultError is a call that failed because of what the guest did. The
// instance that ran it has been thrown away; other calls are not affected.
//
// Detail is written by the host and never holds more than a short, capped
// and sanitised excerpt of anything the guest controls.
type FaultError struct {
	Kind   FaultKind
	Detail string
	cause  error
}

func (e *FaultError) Error() string {
	if e.Detail == "" {
		return "sandbox: " + string(e.Kind)
	}
	return "sandbox: " + string(e.Kind) + ": " + e.Detail
}

// Is matches ErrFault, and the sentinel of the same Kind (ErrTimeout ...).
func (e *FaultError) Is(target error) bool {
	if target == ErrFault {
		return true
	}
	t, ok := target.(*FaultError)
	return ok && t.Detail == "" && t.Kind == e.Kind
}

// Unwrap returns the cause when there is one: context.DeadlineExceeded for
// a timeout, the *sys.ExitError of an exit.
func (e *FaultError) Unwrap() error { return e.cause }

// ErrorType is the error "type" the client sees (docs/abi.md, "Errors"):
// limit_exceeded for a limit, sandbox_violation for a broken ABI rule,
// guest_error for a guest that crashed or failed on its own.
func (e *FaultError) ErrorType() string {
	switch e.Kind {
	case FaultTimeout, FaultMemory, FaultOutputTooLarge, FaultRequestTooLarge, FaultRequestBudget:
		return "limit_exceeded"
	case FaultBounds, FaultOutputTwice:
		return "sandbox_violation"
	default:
		return "guest_error"
	}
}

// Sentinels, matched with errors.Is. Every *FaultError matches ErrFault and
// the sentinel of its kind.
var (
	ErrFault = errors.New("sandbox: fault")

	ErrTimeout         error = &FaultError{Kind: FaultTimeout}
	ErrMemory          error = &FaultError{Kind: FaultMemory}
	ErrBounds          error = &FaultError{Kind: FaultBounds}
	ErrOutputTwice     error = &FaultError{Kind: FaultOutputTwice}
	ErrOutputTooLarge  error = &FaultError{Kind: FaultOutputTooLarge}
	ErrRequestTooLarge error = &FaultError{Kind: FaultRequestTooLarge}
	ErrRequestBudget   error = &FaultError{Kind: FaultRequestBudget}
	ErrTrap            error = &FaultError{Kind: FaultTrap}
	ErrExit            error = &FaultError{Kind: FaultExit}
	ErrNoOutput        error = &FaultError{Kind: FaultNoOutput}
	ErrGuestError      error = &FaultError{Kind: FaultGuestError}
)

// Errors that are not faults of a call.
var (
	// ErrForbiddenImport: the module imports something the sandbox does not
	// provide. Returned wrapped in an *ImportError by Load and Describe.
	ErrForbiddenImport = errors.New("sandbox: forbidden import")
	// ErrInvalidModule: the binary does not compile or lacks an export the
	// ABI requires (memory, tollgate_call).
	ErrInvalidModule = errors.New("sandbox: invalid module")
	// ErrInvalidConfig: a configuration value is out of range.
	ErrInvalidConfig = errors.New("sandbox: invalid config")
	// ErrUnsafeCacheDir: the compilation cache directory could be written
	// by someone else, who could then plant machine code that we would run.
	ErrUnsafeCacheDir = errors.New("sandbox: unsafe compilation cache directory")
	// ErrUnknownTool: Call named a tool the module does not declare.
	ErrUnknownTool = errors.New("sandbox: tool not declared by the module")
	// ErrClosed: the Module or Engine has been closed.
	ErrClosed = errors.New("sandbox: closed")
	// ErrStillCompiling is the cause of a timeout fault of a call that ended while its
	// module was still compiling: the guest never ran.
	ErrStillCompiling = errors.New("sandbox: module still compiling")
)

// ImportError names an import that made Load or Describe refuse a module.
type ImportError struct {
	Module, Name string // as imported, capped and sanitised
	Reason       string
}

func (e *ImportError) Error() string {
	return "sandbox: import " + strconv.Quote(e.Module) + "." + strconv.Quote(e.Name) + " refused: " + e.Reason
}

// Unwrap returns ErrForbiddenImport.
func (e *ImportError) Unwrap() error { return ErrForbiddenImport }

// excerpt returns at most n bytes of s, cut on a rune boundary, with
// invalid UTF-8 and control characters replaced: the one way a string
// that the guest controls may enter an error or a log line.
func excerpt(s string, n int) string {
	cut := false
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s, cut = s[:n], true
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' {
			return '?'
		}
		return r
	}, s)
	if cut {
		s += "..."
	}
	return s
}
