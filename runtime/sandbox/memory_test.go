package sandbox

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// i32s decodes out as little-endian i32s.
func i32s(tb testing.TB, out []byte) []int32 {
	tb.Helper()
	if len(out)%4 != 0 {
		tb.Fatalf("output %q is not i32s", out)
	}
	v := make([]int32, len(out)/4)
	for i := range v {
		v[i] = int32(binary.LittleEndian.Uint32(out[4*i:]))
	}
	return v
}

// TestMemoryLimit runs grow.wat and grow_max.wat on both engines: the limit
// holds to the page, a grow refused at the limit makes a failed call a
// memory fault and a handled one leaves the call alone, and a declared
// maximum below the limit still holds.
func TestMemoryLimit(t *testing.T) {
	const limit = 4 // pages
	cfg := NewModuleConfig().WithMemoryLimitPages(limit).WithPoolSize(1)
	for _, kind := range engineKinds {
		e := testEngine(t, kind)
		grow := pack(t, readWasm(t, "grow.wasm"), "t")
		growMax := pack(t, readWasm(t, "grow_max.wasm"), "t")
		info := CallInfo{Tool: "t"}

		t.Run(kind+"/huge grow refused, then unreachable: a memory fault", func(t *testing.T) {
			t.Parallel()
			m := load(t, e, grow, cfg)
			_, err := m.Call(testCtx, info, nil, cmd(0, 16384, 0, 0))
			var fe *FaultError
			if !errors.As(err, &fe) || fe.Kind != FaultMemory || !errors.Is(err, ErrMemory) || fe.ErrorType() != "limit_exceeded" {
				t.Fatalf("Call: %v, want a memory fault", err)
			}
			want := fmt.Sprintf("tollgate_call: memory.grow to %d bytes refused at the limit of %d bytes, then wasm error: unreachable",
				(1+16384)*65536, limit*65536)
			if fe.Detail != want {
				t.Errorf("detail %q, want %q", fe.Detail, want)
			}
			if s := m.Stats(); s.Faults != 1 || s.Discarded != 1 {
				t.Errorf("stats: %+v", s)
			}
			out, err := m.Call(testCtx, info, nil, cmd(1, 0, 0, 0))
			if err != nil {
				t.Fatalf("next call: %v", err)
			}
			if got := i32s(t, out); got[2] != 1 {
				t.Errorf("next call saw %d pages, want a fresh instance of 1", got[2])
			}
		})

		t.Run(kind+"/refused grow handled by the guest: success", func(t *testing.T) {
			t.Parallel()
			m := load(t, e, grow, cfg)
			out, err := m.Call(testCtx, info, nil, cmd(1, 16384, 0xffffffff, 0))
			if err != nil {
				t.Fatalf("Call: %v", err)
			}
			if got, want := i32s(t, out), []int32{-1, -1, 1, 0x5a17ab1e}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("grow results, size, marker: %v, want %v", got, want)
			}
			if s := m.Stats(); s.Faults != 0 || s.Discarded != 0 {
				t.Errorf("stats: %+v", s)
			}
			// In one instance: a refusal handled in one call, again in the
			// next, then a trap with no refusal of its own is a trap.
			inst, err := m.prepare(testCtx)
			if err != nil {
				t.Fatal(err)
			}
			defer inst.close()
			run := func(req Requester) ([]byte, error) {
				return m.run(testCtx, inst, "tollgate_call", &callState{info: info, input: []byte("{}"), requester: req, limits: m.limits, logger: m.logger})
			}
			for i := int32(1); i <= 2; i++ {
				out, err := run(cmd(1, 16384, 1, 0))
				if err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
				if got, want := i32s(t, out), []int32{-1, i, i + 1, 0x5a17ab1e}; fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("call %d: grow results, size, marker: %v, want %v", i, got, want)
				}
			}
			_, err = run(cmd(2, 0, 1, 0)) // a store one byte past memory
			var fe *FaultError
			if !errors.As(err, &fe) || fe.Kind != FaultTrap {
				t.Fatalf("trap after handled refusals: %v, want a trap", err)
			}
		})

		t.Run(kind+"/grow to exactly the limit, not a page more", func(t *testing.T) {
			t.Parallel()
			m := load(t, e, grow, cfg)
			out, err := m.Call(testCtx, info, nil, cmd(1, limit-1, 1, 0))
			if err != nil {
				t.Fatalf("Call: %v", err)
			}
			if got, want := i32s(t, out), []int32{1, -1, limit, 0x5a17ab1e}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("grow results, size, marker: %v, want %v", got, want)
			}
			// The same, a page at a time, in a fresh instance, then a
			// refused page is a memory fault when the guest gives up.
			m = load(t, e, grow, cfg.WithFreshInstances(true))
			if out, err := m.Call(testCtx, info, nil, cmd(2, limit-1, 0, 0)); err != nil || i32s(t, out)[0] != limit {
				t.Fatalf("a page at a time to the limit: %q, %v", out, err)
			}
			if _, err := m.Call(testCtx, info, nil, cmd(0, limit, 0, 0)); !errors.Is(err, ErrMemory) {
				t.Fatalf("one page over: %v, want a memory fault", err)
			}
		})

		t.Run(kind+"/grown memory ends at its size, not its capacity", func(t *testing.T) {
			t.Parallel()
			// Page by page to 6 pages leaves the allocator's capacity at 7
			// pages; the byte after the 6th page must still be out of bounds.
			m := load(t, e, grow, NewModuleConfig().WithMemoryLimitPages(64).WithFreshInstances(true))
			if out, err := m.Call(testCtx, info, nil, cmd(2, 5, 0, 0)); err != nil || i32s(t, out)[0] != 6 {
				t.Fatalf("last byte of 6 pages: %q, %v", out, err)
			}
			_, err := m.Call(testCtx, info, nil, cmd(2, 5, 1, 0))
			var fe *FaultError
			if !errors.As(err, &fe) || fe.Kind != FaultTrap || !strings.Contains(fe.Detail, "out of bounds") {
				t.Fatalf("first byte past 6 pages: %v, want an out of bounds trap", err)
			}
		})

		t.Run(kind+"/declared maximum below the limit holds", func(t *testing.T) {
			t.Parallel()
			m := load(t, e, growMax, cfg) // 2 pages, at most 3
			out, err := m.Call(testCtx, info, nil, cmd(1, 1, 1, 0))
			if err != nil {
				t.Fatalf("Call: %v", err)
			}
			if got, want := i32s(t, out), []int32{2, -1, 3, 0x5a17ab1e}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("grow results, size, marker: %v, want %v", got, want)
			}
			// Refused by the module's own maximum, not by the limit: a trap.
			_, err = m.Call(testCtx, info, nil, cmd(0, 2, 0, 0))
			var fe *FaultError
			if !errors.As(err, &fe) || fe.Kind != FaultTrap {
				t.Fatalf("grow past the declared maximum: %v, want a trap", err)
			}
		})

		t.Run(kind+"/declared minimum over the limit is refused", func(t *testing.T) {
			t.Parallel()
			m := load(t, e, growMax, NewModuleConfig().WithMemoryLimitPages(1))
			err := m.Wait(testCtx)
			if !errors.Is(err, ErrInvalidModule) || !strings.Contains(err.Error(), "minimum of 2 pages, over the limit of 1 pages") {
				t.Fatalf("Wait: %v, want an invalid module", err)
			}
		})
	}
}

func TestLimitedMemory(t *testing.T) {
	const limit = 1024 * pageSize
	var lm *limitedMemory
	a := newMemoryAllocator(limit, func(m *limitedMemory) { lm = m })
	mem := a.Allocate(pageSize, 65536*pageSize)
	if lm == nil || mem != lm {
		t.Fatal("the allocator did not hand out its memory")
	}
	buf := mem.Reallocate(pageSize)
	if len(buf) != pageSize {
		t.Fatalf("initial size %d", len(buf))
	}
	buf[0], buf[pageSize-1] = 1, 2
	copies := 0
	for size := uint64(2 * pageSize); size <= limit; size += pageSize {
		nb := mem.Reallocate(size)
		if uint64(len(nb)) != size || uint64(cap(nb)) > limit {
			t.Fatalf("Reallocate(%d): len %d cap %d", size, len(nb), cap(nb))
		}
		if &nb[0] != &buf[0] {
			copies++
		}
		if nb[0] != 1 || nb[pageSize-1] != 2 {
			t.Fatalf("contents lost at %d", size)
		}
		for _, b := range nb[size-pageSize:] {
			if b != 0 {
				t.Fatalf("grown page not zero at %d", size)
			}
		}
		buf = nb
	}
	// Page by page to 1024 pages: geometric growth copies O(log n) times
	// (about 30 at 1.25x), not once a page.
	if copies > 40 {
		t.Errorf("%d copies growing a page at a time to 1024 pages", copies)
	}
	if got := lm.takeRefused(); got != 0 {
		t.Errorf("refused %d with nothing refused", got)
	}
	if mem.Reallocate(limit+pageSize) != nil || mem.Reallocate(2*limit) != nil || mem.Reallocate(limit+pageSize) != nil {
		t.Fatal("a grow past the limit was not refused")
	}
	if got := lm.takeRefused(); got != 2*limit {
		t.Errorf("refused %d, want the largest, %d", got, 2*limit)
	}
	if got := lm.takeRefused(); got != 0 {
		t.Errorf("refused %d after takeRefused", got)
	}
	mem.Free()
	if lm.buf != nil || mem.Reallocate(limit) != nil {
		t.Error("Free kept the buffer")
	}
}
