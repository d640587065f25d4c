package sandbox

import (
	"fmt"
	"strings"

	"github.com/tollgate/tollgate/runtime/declare"
)

// hostModule is the name of the ABI's host module.
const hostModule = "tollgate"

// wasiModule is the WASI preview 1 module a Go wasip1 guest imports.
const wasiModule = "wasi_snapshot_preview1"

// allowedImports is everything a module may import, with the exact
// signature. The tollgate functions are docs/abi.md; the WASI subset is
// what a Go 1.26 wasip1 guest using the standard library imports without
// opening files (runtime start, clocks, random, stdio through fd_write,
// proc_exit for panics), plus the few read-side fd_* calls a stdio-using
// program may reach. With no preopens and no stdin they report nothing or
// EBADF. path_*, sock_* and the fd_* calls that change state are absent:
// a module importing them is refused at load.
var allowedImports = map[string]map[string]string{
	hostModule: {
		"input_len":     "()->(i32)",
		"input_read":    "(i32,i32)->(i32)",
		"request":       "(i32,i32)->(i32)",
		"response_read": "(i32,i32)->(i32)",
		"output_write":  "(i32,i32)->(i32)",
		"log":           "(i32,i32,i32)->()",
	},
	wasiModule: {
		"args_get":            "(i32,i32)->(i32)",
		"args_sizes_get":      "(i32,i32)->(i32)",
		"environ_get":         "(i32,i32)->(i32)",
		"environ_sizes_get":   "(i32,i32)->(i32)",
		"clock_res_get":       "(i32,i32)->(i32)",
		"clock_time_get":      "(i32,i64,i32)->(i32)",
		"fd_close":            "(i32)->(i32)",
		"fd_fdstat_get":       "(i32,i32)->(i32)",
		"fd_fdstat_set_flags": "(i32,i32)->(i32)",
		"fd_filestat_get":     "(i32,i32)->(i32)",
		"fd_prestat_get":      "(i32,i32)->(i32)",
		"fd_prestat_dir_name": "(i32,i32,i32)->(i32)",
		"fd_read":             "(i32,i32,i32,i32)->(i32)",
		"fd_seek":             "(i32,i64,i32,i32)->(i32)",
		"fd_write":            "(i32,i32,i32,i32)->(i32)",
		"poll_oneoff":         "(i32,i32,i32,i32)->(i32)",
		"proc_exit":           "(i32)->()",
		"random_get":          "(i32,i32)->(i32)",
		"sched_yield":         "()->(i32)",
	},
}

// Section ids of the core binary format.
const (
	sectionType   = 1
	sectionImport = 2
)

// checkImports refuses a module that imports anything outside
// allowedImports, reading only the type and import sections: no compile.
func checkImports(wasm []byte) error {
	err := withImportSection(wasm, checkImportSection)
	if err != nil {
		if _, ok := err.(*ImportError); ok {
			return err
		}
		return fmt.Errorf("sandbox: %w", err)
	}
	return nil
}

// withImportSection reads the type section and calls f with the import section's
// payload and the function types, if the module has imports.
func withImportSection(wasm []byte, f func(payload []byte, types []string) error) error {
	var types []string
	return declare.Sections(wasm, func(s declare.Section) error {
		switch s.ID {
		case sectionType:
			var err error
			if types, err = parseTypes(s.Payload); err != nil {
				return fmt.Errorf("%w: type section: %v", ErrInvalidModule, err)
			}
		case sectionImport:
			return f(s.Payload, types)
		}
		return nil
	})
}

// reader is a bounds-checked cursor over a section payload.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

func (r *reader) u32() uint32 {
	if r.err != nil {
		return 0
	}
	v, n, err := declare.ReadU32(r.b)
	if err != nil {
		r.fail("%v", err)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) next() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// count reads a vector length, refusing one that the remaining bytes
// cannot hold at minSize bytes per element (no huge allocations).
func (r *reader) count(minSize int) int {
	n := r.u32()
	if r.err == nil && uint64(n)*uint64(minSize) > uint64(len(r.b)) {
		r.fail("vector of %d past the end", n)
		return 0
	}
	return int(n)
}

func (r *reader) name() string {
	n := r.count(1)
	if r.err != nil {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

var valueTypes = map[byte]string{0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref"}

// parseTypes returns each function type of a type section as a signature
// string like "(i32,i64)->(i32)".
func parseTypes(payload []byte) ([]string, error) {
	r := &reader{b: payload}
	n := r.count(3)
	types := make([]string, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		if form := r.next(); form != 0x60 && r.err == nil {
			r.fail("type %d: unsupported form 0x%02x", i, form)
		}
		var sig strings.Builder
		for part := 0; part < 2; part++ {
			if part == 1 {
				sig.WriteString("->")
			}
			sig.WriteByte('(')
			m := r.count(1)
			for j := 0; j < m && r.err == nil; j++ {
				c := r.next()
				name, ok := valueTypes[c]
				if !ok {
					r.fail("type %d: unsupported value type 0x%02x", i, c)
				}
				if j > 0 {
					sig.WriteByte(',')
				}
				sig.WriteString(name)
			}
			sig.WriteByte(')')
		}
		types = append(types, sig.String())
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("trailing bytes")
	}
	return types, r.err
}

// checkImportSection returns an *ImportError for the first import not in
// allowedImports, or an error for a malformed section.
func checkImportSection(payload []byte, types []string) error {
	r := &reader{b: payload}
	n := r.count(4)
	for i := 0; i < n && r.err == nil; i++ {
		mod, name := r.name(), r.name()
		kind := r.next()
		if r.err != nil {
			break
		}
		refuse := func(reason string) error {
			return &ImportError{Module: excerpt(mod, 64), Name: excerpt(name, 64), Reason: reason}
		}
		if kind != 0 {
			what := map[byte]string{1: "a table", 2: "a memory", 3: "a global", 4: "a tag"}[kind]
			if what == "" {
				what = fmt.Sprintf("an import of kind 0x%02x", kind)
			}
			return refuse(what + " cannot be imported; only functions of " + hostModule + " and " + wasiModule)
		}
		idx := r.u32()
		if r.err != nil {
			break
		}
		if uint64(idx) >= uint64(len(types)) {
			return fmt.Errorf("%w: import %d: type index %d out of range", ErrInvalidModule, i, idx)
		}
		funcs, ok := allowedImports[mod]
		if !ok {
			return refuse("module " + excerpt(mod, 64) + " is not provided; only " + hostModule + " and " + wasiModule)
		}
		want, ok := funcs[name]
		if !ok {
			if mod == wasiModule {
				return refuse("not in the WASI subset the sandbox provides (no files, sockets or environment)")
			}
			return refuse("no such function in ABI v1")
		}
		if got := types[idx]; got != want {
			return refuse("signature " + got + ", want " + want)
		}
	}
	if r.err != nil {
		return fmt.Errorf("%w: import section: %v", ErrInvalidModule, r.err)
	}
	if len(r.b) != 0 {
		return fmt.Errorf("%w: import section: trailing bytes", ErrInvalidModule)
	}
	return nil
}
