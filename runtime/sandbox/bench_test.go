package sandbox

import (
	"runtime"
	"testing"
)

// The call benchmarks run the Go guest's "echo" tool: read the input,
// one request through the host, read the response, write the output.
//
//	go test -run '^$' -bench . -benchmem ./runtime/sandbox

func benchCall(b *testing.B, cfg *ModuleConfig) {
	e := newTestEngine(b, nil)
	m := load(b, e, goGuest(b), cfg)
	if err := m.Wait(testCtx); err != nil {
		b.Fatal(err)
	}
	args := []byte(`{"symbol":"BTCUSDT"}`)
	info := CallInfo{Tool: "echo", RequestID: "bench"}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := m.Call(testCtx, info, args, echoRequester); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCallPooled: every call reuses a prepared instance.
func BenchmarkCallPooled(b *testing.B) { benchCall(b, NewModuleConfig().WithPoolSize(1)) }

// BenchmarkCallFresh: every call instantiates the module (Go runtime init
// included) and closes the instance afterwards.
func BenchmarkCallFresh(b *testing.B) { benchCall(b, NewModuleConfig().WithFreshInstances(true)) }

// BenchmarkCallPooledParallel: calls from GOMAXPROCS goroutines, each
// taking its own instance from a pool of 4.
func BenchmarkCallPooledParallel(b *testing.B) {
	e := newTestEngine(b, nil)
	m := load(b, e, goGuest(b), NewModuleConfig().WithPoolSize(4))
	if err := m.Wait(testCtx); err != nil {
		b.Fatal(err)
	}
	args := []byte(`{"symbol":"BTCUSDT"}`)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := m.Call(testCtx, CallInfo{Tool: "echo"}, args, echoRequester); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkCallWAT: the floor, a hand-written module doing one request.
func BenchmarkCallWAT(b *testing.B) {
	m := load(b, testEngine(b, "compiler"), pack(b, readWasm(b, "hostile.wasm"), "t"), NewModuleConfig().WithPoolSize(1))
	req := cmd(0, 0, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInstanceMemory prepares Go guest instances and keeps them, to
// report what each costs: Go heap of the host (linear memory included) and
// the guest's linear memory alone. ns/op is the instantiation time.
func BenchmarkInstanceMemory(b *testing.B) {
	e := newTestEngine(b, nil)
	m := load(b, e, goGuest(b), NewModuleConfig().WithPoolSize(1))
	if err := m.Wait(testCtx); err != nil {
		b.Fatal(err)
	}
	var insts []*instance
	defer func() {
		for _, inst := range insts {
			inst.close()
		}
	}()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		inst, err := m.prepare(testCtx)
		if err != nil {
			b.Fatal(err)
		}
		insts = append(insts, inst)
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	n := float64(len(insts))
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "heap-B/instance")
	b.ReportMetric(float64(insts[0].mod.Memory().Size()), "guest-mem-B/instance")
}
