package sandbox

import (
	"errors"
	"testing"
	"time"
)

// FuzzHostCalls drives hostile.wat with random commands: random pointers
// and lengths reach every host function, and random response bytes reach
// guest memory through response_read. Seeds live in
// testdata/fuzz/FuzzHostCalls. Invariants: no host panic; every error is a
// *FaultError with no output; output respects the cap; after any call the
// module still serves a healthy one.
func FuzzHostCalls(f *testing.F) {
	f.Add(uint32(1), uint32(memSize), uint32(1), uint32(0), []byte(nil))
	f.Add(uint32(3), uint32(0xffffffff), uint32(2), uint32(0), []byte("xyz"))
	f.Add(uint32(4), uint32(0), uint32(memSize), uint32(0), []byte(nil))
	f.Add(uint32(5), uint32(100), uint32(3000), uint32(9), []byte(nil))

	const maxOutput = 32 << 10
	e := testEngine(f, "compiler")
	m := load(f, e, pack(f, readWasm(f, "hostile.wasm"), "t"),
		NewModuleConfig().WithMemoryLimitPages(8).WithMaxOutput(maxOutput).WithTimeout(2*time.Second))
	f.Fuzz(func(t *testing.T, op, a, b, c uint32, extra []byte) {
		op %= 15
		switch op {
		case 6: // an endless loop only tests the timeout, slowly
			op = 0
		case 12, 13:
			c %= 64
		}
		out, err := m.Call(testCtx, CallInfo{Tool: "t"}, []byte(`{"k":"v"}`), cmd(op, a, b, c, extra...))
		if err != nil {
			var fe *FaultError
			if !errors.As(err, &fe) {
				t.Fatalf("error is not a fault: %v", err)
			}
			if out != nil {
				t.Fatalf("output with a fault")
			}
			if len(fe.Error()) > 400 {
				t.Fatalf("error of %d bytes", len(fe.Error()))
			}
		}
		if len(out) > maxOutput {
			t.Fatalf("output of %d bytes over the cap", len(out))
		}
		if out, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, cmd(0, 0, 0, 0)); err != nil || string(out) != `{"data":"ok"}` {
			t.Fatalf("healthy call after op %d: %q %v", op, out, err)
		}
	})
}
