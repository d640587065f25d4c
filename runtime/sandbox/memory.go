package sandbox

import (
	"sync"

	"github.com/tetratelabs/wazero/experimental"
)

// limitedMemory backs one instance's linear memory and enforces the
// module's memory limit itself, so that the host sees a refused grow.
//
// The runtime is created with wazero's own limit at the WebAssembly maximum
// (65536 pages): wazero refuses a memory.grow past the module's declared
// maximum (or 65536 pages) before it asks the allocator, and every other
// grow reaches Reallocate, which refuses one past the limit and records it.
// wazero then returns -1 to the guest, as it would for its own limit.
//
// The backing array is an ordinary Go []byte: the garbage collector owns
// it, so a reference wazero still holds after Free can never dangle.
// Reallocate returns a slice whose length is exactly the requested size;
// wazero bounds-checks every guest access against that length (not the
// capacity). Bytes between the length and the capacity are never written
// (wazero writes only below the length it was given, and memory never
// shrinks), so they are still the zeros make gave them when a grow
// exposes them.
type limitedMemory struct {
	limit uint64 // bytes; the module's memory limit

	mu      sync.Mutex // Free may come from another goroutine (a runtime closing)
	buf     []byte
	freed   bool
	refused uint64 // the size of the largest grow refused since takeRefused, 0 if none
}

// pageSize is the size of a WebAssembly page.
const pageSize = 65536

// newMemoryAllocator returns an allocator for one instantiation: it makes
// a limitedMemory capped at limit bytes and passes it to keep.
func newMemoryAllocator(limit uint64, keep func(*limitedMemory)) experimental.MemoryAllocator {
	return experimental.MemoryAllocatorFunc(func(_, maxBytes uint64) experimental.LinearMemory {
		lm := &limitedMemory{limit: min(limit, maxBytes)}
		keep(lm)
		return lm
	})
}

// Reallocate implements experimental.LinearMemory. The first call is for
// the declared minimum, which compile has checked against the limit
// (refusing it would make wazero panic); later calls are grows.
func (lm *limitedMemory) Reallocate(size uint64) []byte {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	if lm.freed {
		return nil
	}
	if size > lm.limit {
		lm.refused = max(lm.refused, size)
		return nil
	}
	if size <= uint64(cap(lm.buf)) {
		lm.buf = lm.buf[:size]
		return lm.buf
	}
	// Grow the capacity geometrically, up to the limit, so that a guest
	// growing a page at a time costs amortised O(1) copying per page.
	// 1.25x is what append uses for large slices: less host memory held
	// beyond what the guest uses than doubling, at 5 bytes copied per
	// byte grown rather than 2.
	newCap := max(size, uint64(cap(lm.buf))+uint64(cap(lm.buf))/4)
	newCap = min((newCap+pageSize-1)/pageSize*pageSize, lm.limit)
	b := make([]byte, size, newCap)
	copy(b, lm.buf)
	lm.buf = b
	return lm.buf
}

// Free implements experimental.LinearMemory: it drops the reference to the
// buffer, which the garbage collector reclaims once wazero drops its own.
func (lm *limitedMemory) Free() {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	lm.buf, lm.freed = nil, true
}

// takeRefused returns the size of the largest grow refused since the last
// call, 0 if none, and forgets it.
func (lm *limitedMemory) takeRefused() uint64 {
	if lm == nil {
		return 0
	}
	lm.mu.Lock()
	defer lm.mu.Unlock()
	r := lm.refused
	lm.refused = 0
	return r
}
