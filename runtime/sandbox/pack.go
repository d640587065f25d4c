package sandbox

import (
	"context"
	"errors"
	"fmt"

	"github.com/tetratelabs/wazero"

	"github.com/tollgate/tollgate/runtime/declare"
)

// Pack makes a module loadable: it runs the module's tollgate_describe once, in a fresh
// sandboxed instance ([Engine.Describe]: no network, files or environment), validates
// what it wrote exactly as [Engine.Load] will (declare.Parse), and returns wasm with that
// JSON in its tollgate.tools custom section, appended or replacing an existing one, and
// the parsed declarations. wasm itself is not modified.
//
// This is the one place packing happens: `tollgate pack` and internal/cmd/tollgate-pack
// (which packs the built-in modules) both call it, so a module packed by either loads
// the same way.
func (e *Engine) Pack(ctx context.Context, wasm []byte) (packed []byte, decl *declare.Declarations, err error) {
	payload, err := e.Describe(ctx, wasm)
	if err != nil {
		return nil, nil, fmt.Errorf("describe: %w", err)
	}
	if decl, err = declare.Parse(payload); err != nil {
		return nil, nil, fmt.Errorf("declarations: %w", err)
	}
	if packed, err = declare.AppendSection(wasm, payload); err != nil {
		return nil, nil, err
	}
	return packed, decl, nil
}

// Import is one import of a module, with the sandbox's verdict on it.
type Import struct {
	Module string `json:"module"` // as imported, capped and sanitised
	Name   string `json:"name"`   // as imported, capped and sanitised
	// Signature is a function's type, like "(i32,i32)->(i32)", or the kind of anything
	// else imported: "table", "memory", "global" or "tag".
	Signature string `json:"signature"`
	Allowed   bool   `json:"allowed"`
	Reason    string `json:"reason,omitempty"` // why it is refused; empty when Allowed
}

// Imports lists every import of wasm, in order, with the verdict [Engine.Load] gives
// each one: Load refuses the module, with an [*ImportError] for the first import that
// is not Allowed, exactly when one is not. Like Load's check it reads only the type and
// import sections: nothing is compiled and no guest code runs, so it is safe on any
// file. A binary whose sections cannot be read gives an error wrapping ErrInvalidModule
// and no list.
func Imports(wasm []byte) ([]Import, error) {
	var imports []Import
	err := withImportSection(wasm, func(payload []byte, types []string) error {
		var err error
		imports, err = listImports(payload, types)
		return err
	})
	switch {
	case err == nil:
		return imports, nil
	case errors.Is(err, ErrInvalidModule):
		return nil, err
	default:
		return nil, fmt.Errorf("%w: %w", ErrInvalidModule, err)
	}
}

// listImports walks an import section entry by entry. Each entry's verdict comes from
// checkImportSection run on a section holding that entry alone, so the list and Load
// cannot disagree about an import. Only the walking is done here: checkImportSection
// stops at the first refusal, and to list the imports after a refused table, memory or
// global their descriptors must be stepped over.
func listImports(payload []byte, types []string) ([]Import, error) {
	r := &reader{b: payload}
	n := r.count(4)
	out := make([]Import, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		entry := r.b
		mod, name := r.name(), r.name()
		kind := r.next()
		sig := ""
		switch kind {
		case 0: // func: a type index
			idx := r.u32()
			if r.err == nil && uint64(idx) < uint64(len(types)) {
				sig = excerpt(types[idx], 200)
			}
		case 1: // table: a reference type and limits
			r.next()
			r.skipLimits()
			sig = "table"
		case 2: // memory: limits
			r.skipLimits()
			sig = "memory"
		case 3: // global: a value type and mutability
			r.next()
			r.next()
			sig = "global"
		case 4: // tag (exception handling): an attribute and a type index
			r.next()
			r.u32()
			sig = "tag"
		default:
			r.fail("import %d: unknown kind 0x%02x", i, kind)
		}
		if r.err != nil {
			break
		}
		entry = entry[:len(entry)-len(r.b)]
		imp := Import{Module: excerpt(mod, 64), Name: excerpt(name, 64), Signature: sig, Allowed: true}
		var ie *ImportError
		switch err := checkImportSection(append([]byte{1}, entry...), types); {
		case errors.As(err, &ie):
			imp.Allowed, imp.Reason = false, ie.Reason
		case err != nil:
			return out, fmt.Errorf("import %d: %w", i, err)
		}
		out = append(out, imp)
	}
	if r.err != nil {
		return out, fmt.Errorf("%w: import section: %v", ErrInvalidModule, r.err)
	}
	if len(r.b) != 0 {
		return out, fmt.Errorf("%w: import section: trailing bytes", ErrInvalidModule)
	}
	return out, nil
}

// skipLimits steps over the limits of a table or memory type: a flags byte, the minimum
// and, if flag bit 0 is set, the maximum. Bit 2 (memory64) makes them 64-bit, which
// ReadU32 would refuse, so they are skipped as LEB128 of any width up to 10 bytes.
func (r *reader) skipLimits() {
	flags := r.next()
	r.skipLEB()
	if flags&1 != 0 {
		r.skipLEB()
	}
}

func (r *reader) skipLEB() {
	for i := 0; i < 10; i++ {
		if r.next()&0x80 == 0 || r.err != nil {
			return
		}
	}
	r.fail("LEB128 longer than 10 bytes")
}

// Validate compiles wasm with wazero's interpreter, which validates the whole binary, and
// checks the exports the sandbox requires, exactly as a load would: a memory named
// "memory", tollgate_call as () -> i32 and _initialize, if present, as () -> (). It runs
// no guest code, not even the start function: compiling is not instantiating. The
// interpreter compiles in a fraction of the compiler's time and validates the same.
func Validate(ctx context.Context, wasm []byte) error {
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer r.Close(ctx)
	c, err := r.CompileModule(ctx, wasm)
	if err != nil {
		return fmt.Errorf("%w: does not compile: %s", ErrInvalidModule, excerpt(err.Error(), 300))
	}
	defer c.Close(ctx)
	if _, err := checkExports(c, maxPages, "tollgate_call"); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidModule, err)
	}
	return nil
}
