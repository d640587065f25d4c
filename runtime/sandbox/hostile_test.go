package sandbox

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// memSize is hostile.wat's memory: one page.
const memSize = 65536

func i32le(v int32) string { return string(binary.LittleEndian.AppendUint32(nil, uint32(v))) }

// TestHostile runs the named attacks of hostile.wat on both engines. Every
// fault must end that call only: the next call on the same Module, in a
// replacement instance, succeeds.
func TestHostile(t *testing.T) {
	okOut := `{"data":"ok"}`
	type testCase struct {
		cmd     [4]uint32 // op, a, b, c
		cfg     *ModuleConfig
		args    string
		want    FaultKind // "" for success
		noNext  bool      // every call faults the same way: skip the next-call check
		wantOut string    // checked when set and want == ""
	}
	input := `{"tool":"t","arguments":{"x":1},"request_id":"r1"}`
	tests := map[string]testCase{
		"ok": {cmd: [4]uint32{0}, wantOut: okOut},

		// input_read: the whole (ptr, len) pair must be inside memory.
		"input_read empty at memSize":       {cmd: [4]uint32{1, memSize, 0, 0}, wantOut: i32le(0)},
		"input_read 1 byte at memSize":      {cmd: [4]uint32{1, memSize, 1, 0}, want: FaultBounds},
		"input_read empty at memSize+1":     {cmd: [4]uint32{1, memSize + 1, 0, 0}, want: FaultBounds},
		"input_read all of memory":          {cmd: [4]uint32{1, 0, memSize, 0}, wantOut: i32le(int32(len(input)))},
		"input_read memSize+1 bytes":        {cmd: [4]uint32{1, 0, memSize + 1, 0}, want: FaultBounds},
		"input_read last byte":              {cmd: [4]uint32{1, memSize - 1, 1, 0}, wantOut: i32le(1)},
		"input_read ptr+len wraps 32 bits":  {cmd: [4]uint32{1, 0xffffffff, 2, 0}, want: FaultBounds},
		"input_read len wraps 32 bits":      {cmd: [4]uint32{1, 2, 0xffffffff, 0}, want: FaultBounds},
		"input_read copies at most the len": {cmd: [4]uint32{1, 0, 5, 0}, wantOut: i32le(5)},

		// request
		"request empty at memSize":      {cmd: [4]uint32{2, memSize, 0, 0}, wantOut: i32le(int32(len(`{"ok":true}`)))},
		"request 1 byte at memSize":     {cmd: [4]uint32{2, memSize, 1, 0}, want: FaultBounds},
		"request empty at memSize+1":    {cmd: [4]uint32{2, memSize + 1, 0, 0}, want: FaultBounds},
		"request ptr+len wraps 32 bits": {cmd: [4]uint32{2, 0xffffffff, 2, 0}, want: FaultBounds},
		"request at the size cap":       {cmd: [4]uint32{2, 0, memSize, 0}, wantOut: i32le(int32(len(`{"ok":true}`)))},
		"request over the size cap":     {cmd: [4]uint32{2, 0, memSize + 1, 0}, want: FaultRequestTooLarge},
		"request over a small size cap": {cmd: [4]uint32{2, 0, 101, 0}, cfg: NewModuleConfig().WithMaxRequestSize(100), want: FaultRequestTooLarge},
		"requests up to the budget":     {cmd: [4]uint32{13, 0, 0, 9}, wantOut: okOut},
		"request over the budget":       {cmd: [4]uint32{13, 0, 0, 10}, want: FaultRequestBudget},
		"request with no budget":        {cmd: [4]uint32{0}, cfg: NewModuleConfig().WithMaxRequests(0), want: FaultRequestBudget, noNext: true},

		// response_read
		"response_read empty at memSize":      {cmd: [4]uint32{3, memSize, 0, 0}, wantOut: i32le(0)},
		"response_read 1 byte at memSize":     {cmd: [4]uint32{3, memSize, 1, 0}, want: FaultBounds},
		"response_read empty at memSize+1":    {cmd: [4]uint32{3, memSize + 1, 0, 0}, want: FaultBounds},
		"response_read all of memory":         {cmd: [4]uint32{3, 0, memSize, 0}, wantOut: i32le(16)},
		"response_read ptr+len wraps 32 bits": {cmd: [4]uint32{3, 0xffffffff, 2, 0}, want: FaultBounds},

		// output_write
		"output_write empty at memSize":      {cmd: [4]uint32{4, memSize, 0, 0}, wantOut: ""},
		"output_write 1 byte at memSize":     {cmd: [4]uint32{4, memSize, 1, 0}, want: FaultBounds},
		"output_write empty at memSize+1":    {cmd: [4]uint32{4, memSize + 1, 0, 0}, want: FaultBounds},
		"output_write ptr+len wraps 32 bits": {cmd: [4]uint32{4, 0xffffffff, 2, 0}, want: FaultBounds},
		"output_write all of memory":         {cmd: [4]uint32{4, 0, memSize, 0}},
		"output written twice":               {cmd: [4]uint32{10}, want: FaultOutputTwice},
		"output over the cap":                {cmd: [4]uint32{4, 0, 1025, 0}, cfg: NewModuleConfig().WithMaxOutput(1024), want: FaultOutputTooLarge},
		"output at the cap":                  {cmd: [4]uint32{4, 0, 1024, 0}, cfg: NewModuleConfig().WithMaxOutput(1024)},

		// log
		"log empty at memSize":      {cmd: [4]uint32{5, memSize, 0, 1}, wantOut: okOut},
		"log 1 byte at memSize":     {cmd: [4]uint32{5, memSize, 1, 1}, want: FaultBounds},
		"log empty at memSize+1":    {cmd: [4]uint32{5, memSize + 1, 0, 1}, want: FaultBounds},
		"log ptr+len wraps 32 bits": {cmd: [4]uint32{5, 0xffffffff, 2, 1}, want: FaultBounds},
		"log of all memory":         {cmd: [4]uint32{5, 0, memSize, 7}, wantOut: okOut},

		// the rest of the ABI's faults
		"loop forever is stopped at its deadline": {cmd: [4]uint32{6}, cfg: NewModuleConfig().WithTimeout(100 * time.Millisecond), want: FaultTimeout},
		"memory grown past its cap":               {cmd: [4]uint32{7}, cfg: NewModuleConfig().WithMemoryLimitPages(4), want: FaultMemory},
		"no output":                               {cmd: [4]uint32{8}, want: FaultNoOutput},
		"non-zero return":                         {cmd: [4]uint32{9}, want: FaultGuestError},
		"trap":                                    {cmd: [4]uint32{11}, want: FaultTrap},
		"echo input":                              {cmd: [4]uint32{14}, args: `{"x":1}`, wantOut: input},
	}
	for _, kind := range engineKinds {
		e := testEngine(t, kind)
		wasm := pack(t, readWasm(t, "hostile.wasm"), "t")
		for name, tc := range tests {
			t.Run(kind+"/"+name, func(t *testing.T) {
				t.Parallel()
				m := load(t, e, wasm, tc.cfg)
				info := CallInfo{Tool: "t", RequestID: "r1"}
				args := tc.args
				if args == "" {
					args = `{"x":1}`
				}
				start := time.Now()
				out, err := m.Call(testCtx, info, []byte(args), cmd(tc.cmd[0], tc.cmd[1], tc.cmd[2], tc.cmd[3]))
				if tc.want == "" {
					if err != nil {
						t.Fatalf("Call: %v", err)
					}
					if tc.wantOut != "" || tc.cmd[0] == 4 && tc.cmd[2] == 0 {
						if string(out) != tc.wantOut {
							t.Errorf("output %q, want %q", out, tc.wantOut)
						}
					}
				} else {
					var fe *FaultError
					if !errors.As(err, &fe) || fe.Kind != tc.want {
						t.Fatalf("Call: %v, want a %s fault", err, tc.want)
					}
					if out != nil {
						t.Errorf("output %q with a fault", out)
					}
					if !errors.Is(err, &FaultError{Kind: tc.want}) || !errors.Is(err, ErrFault) {
						t.Errorf("errors.Is does not match the kind sentinel")
					}
					if tc.want == FaultTimeout {
						if el := time.Since(start); el < 100*time.Millisecond || el > 5*time.Second {
							t.Errorf("stopped after %v, want about 100ms", el)
						}
						if !errors.Is(err, context.DeadlineExceeded) {
							t.Errorf("timeout does not match context.DeadlineExceeded")
						}
					}
					if s := m.Stats(); s.Discarded != 1 || s.Faults != 1 {
						t.Errorf("stats after a fault: %+v", s)
					}
				}
				if tc.noNext {
					return
				}
				// The fault ended that call only.
				if out, err := m.Call(testCtx, info, nil, cmd(0, 0, 0, 0)); err != nil || string(out) != okOut {
					t.Fatalf("next call: %q, %v", out, err)
				}
			})
		}
	}
}

// TestMemoryFaultIsolated: a guest growing memory past its cap fails alone
// while calls on the same Module run beside it and after it.
func TestMemoryFaultIsolated(t *testing.T) {
	m := load(t, testEngine(t, "compiler"), pack(t, readWasm(t, "hostile.wasm"), "t"),
		NewModuleConfig().WithMemoryLimitPages(16).WithPoolSize(4))
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			op := uint32(0)
			if i == 10 {
				op = 7
			}
			_, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, cmd(op, 0, 0, 0))
			if op == 7 {
				if !errors.Is(err, ErrMemory) {
					errs <- err
				}
				return
			}
			if err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if s := m.Stats(); s.Faults != 1 || s.Discarded != 1 {
		t.Errorf("stats: %+v", s)
	}
}

func TestForbiddenImports(t *testing.T) {
	tests := map[string]struct {
		file       string
		module     string
		name       string
		reasonPart string
	}{
		"wasi path_open":        {"forbidden_path_open.wasm", "wasi_snapshot_preview1", "path_open", "WASI subset"},
		"env socket":            {"forbidden_env_socket.wasm", "env", "sock_connect", "not provided"},
		"wrong signature":       {"forbidden_signature.wasm", "tollgate", "request", "signature (i64,i32)->(i32)"},
		"memory import":         {"forbidden_memory_import.wasm", "env", "memory", "a memory cannot be imported"},
		"unknown host function": {"forbidden_unknown_host.wasm", "tollgate", "sign", "ABI v1"},
	}
	e := testEngine(t, "compiler")
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			wasm := readWasm(t, tc.file)
			for _, err := range []error{
				func() error { _, err := e.Load(testCtx, "m", pack(t, wasm, "t"), nil); return err }(),
				func() error { _, err := e.Describe(testCtx, wasm); return err }(),
			} {
				var ie *ImportError
				if !errors.As(err, &ie) || !errors.Is(err, ErrForbiddenImport) {
					t.Fatalf("got %v, want an *ImportError", err)
				}
				if ie.Module != tc.module || ie.Name != tc.name || !strings.Contains(ie.Reason, tc.reasonPart) {
					t.Errorf("got %q.%q: %s", ie.Module, ie.Name, ie.Reason)
				}
				if !strings.Contains(err.Error(), tc.name) {
					t.Errorf("error %q does not name the import", err)
				}
			}
		})
	}
}

func TestInitFaults(t *testing.T) {
	tests := map[string]struct {
		file string
		want FaultKind
	}{
		"trap in _initialize":    {"init_trap.wasm", FaultTrap},
		"request in _initialize": {"init_request.wasm", FaultRequestBudget},
	}
	for _, kind := range engineKinds {
		for name, tc := range tests {
			t.Run(kind+"/"+name, func(t *testing.T) {
				m := load(t, testEngine(t, kind), pack(t, readWasm(t, tc.file), "t"), nil)
				if len(m.Tools()) != 1 {
					t.Errorf("Tools() = %v", m.Tools())
				}
				err := m.Wait(testCtx)
				var fe *FaultError
				if !errors.As(err, &fe) || fe.Kind != tc.want || !strings.Contains(fe.Detail, "_initialize") {
					t.Fatalf("Wait: %v, want a %s fault in _initialize", err, tc.want)
				}
				_, err = m.Call(testCtx, CallInfo{Tool: "t"}, nil, echoRequester)
				if !errors.As(err, &fe) || fe.Kind != tc.want {
					t.Fatalf("Call: %v, want a %s fault", err, tc.want)
				}
			})
		}
	}
}

func TestResponseReadWithoutRequest(t *testing.T) {
	m := load(t, testEngine(t, "compiler"), pack(t, readWasm(t, "no_request.wasm"), "t"), nil)
	out, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, echoRequester)
	if err != nil || string(out) != i32le(-1) {
		t.Fatalf("got %q, %v; want -1", out, err)
	}
}
