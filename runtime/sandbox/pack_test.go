package sandbox

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/runtime/declare"
)

func TestPack(t *testing.T) {
	e := testEngine(t, "compiler")
	wasm := readWasm(t, "describe.wasm")
	orig := bytes.Clone(wasm)
	packed, decl, err := e.Pack(testCtx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(wasm, orig) {
		t.Fatal("Pack modified its input")
	}
	if len(decl.Tools) != 1 || decl.Tools[0].Name != "ping" || !decl.Tools[0].Annotations.ReadOnlyHint {
		t.Fatalf("declarations: %+v", decl)
	}
	if read, err := declare.Read(packed); err != nil || !reflect.DeepEqual(read, decl) {
		t.Fatalf("the section reads back as %+v, %v; Pack returned %+v", read, err, decl)
	}
	m := load(t, e, packed, nil)
	if out, err := m.Call(testCtx, CallInfo{Tool: "ping"}, nil, echoRequester); err != nil || string(out) != `{"data":"ok"}` {
		t.Fatalf("Call: %q %v", out, err)
	}
	// Packing a packed module replaces the section: the same bytes again.
	again, _, err := e.Pack(testCtx, packed)
	if err != nil || !bytes.Equal(again, packed) {
		t.Fatalf("repacking changed the module (%d -> %d bytes): %v", len(packed), len(again), err)
	}
}

func TestPackRefuses(t *testing.T) {
	e := testEngine(t, "compiler")
	var ie *ImportError
	tests := []struct {
		name  string
		wasm  []byte
		check func(error) bool
	}{
		{"no tollgate_describe", readWasm(t, "hostile.wasm"), func(err error) bool { return errors.Is(err, ErrInvalidModule) }},
		{"a forbidden import", readWasm(t, "forbidden_path_open.wasm"), func(err error) bool { return errors.As(err, &ie) && ie.Name == "path_open" }},
		{"not WebAssembly", []byte("#!/bin/sh\n"), func(err error) bool { return err != nil }},
		{"empty", nil, func(err error) bool { return err != nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			packed, decl, err := e.Pack(testCtx, tt.wasm)
			if !tt.check(err) || packed != nil || decl != nil {
				t.Fatalf("Pack = %d bytes, %v, %v", len(packed), decl, err)
			}
		})
	}
}

func TestImports(t *testing.T) {
	const wasi = "wasi_snapshot_preview1"
	tests := []struct {
		file string
		want []Import
	}{
		{"describe.wasm", []Import{{Module: "tollgate", Name: "output_write", Signature: "(i32,i32)->(i32)", Allowed: true}}},
		{"forbidden_path_open.wasm", []Import{{Module: wasi, Name: "path_open", Signature: "(i32,i32,i32,i32,i32,i64,i64,i32,i32)->(i32)",
			Reason: "not in the WASI subset the sandbox provides (no files, sockets or environment)"}}},
		{"forbidden_signature.wasm", []Import{{Module: "tollgate", Name: "request", Signature: "(i64,i32)->(i32)",
			Reason: "signature (i64,i32)->(i32), want (i32,i32)->(i32)"}}},
		{"forbidden_memory_import.wasm", []Import{{Module: "env", Name: "memory", Signature: "memory",
			Reason: "a memory cannot be imported; only functions of tollgate and " + wasi}}},
		{"hostile.wasm", nil}, // checked below only for agreeing with Load
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Imports(readWasm(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestImportsAgreeWithLoad: for every module at hand, Load's check refuses exactly the
// modules in which Imports finds a refused import, and names the first of them.
func TestImportsAgreeWithLoad(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.wasm")
	builtin, _ := filepath.Glob("../../tools/*/*.wasm") // after `make guests`
	files = append(files, builtin...)
	if len(files) < 10 {
		t.Fatalf("only %d modules found", len(files))
	}
	modules := map[string][]byte{"after a refused table, global and memory64": nonFuncImports(), "no imports": wasmHeader()}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		modules[f] = b
	}
	for name, wasm := range modules {
		list, err := Imports(wasm)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var firstRefused *Import
		for i := range list {
			if !list[i].Allowed {
				firstRefused = &list[i]
				break
			}
			if list[i].Reason != "" {
				t.Errorf("%s: an allowed import with a reason: %+v", name, list[i])
			}
		}
		err = checkImports(wasm)
		var ie *ImportError
		switch {
		case firstRefused == nil && err != nil:
			t.Errorf("%s: Imports allows everything, Load refuses: %v", name, err)
		case firstRefused != nil && !errors.As(err, &ie):
			t.Errorf("%s: Imports refuses %+v, Load says %v", name, *firstRefused, err)
		case firstRefused != nil && (ie.Module != firstRefused.Module || ie.Name != firstRefused.Name || ie.Reason != firstRefused.Reason):
			t.Errorf("%s: Imports refuses %+v first, Load %+v", name, *firstRefused, *ie)
		}
	}
}

// TestImportsListsPastRefusals: Load stops at the first refused import; the listing goes
// on past a table, a global and a 64-bit memory to the allowed function after them.
func TestImportsListsPastRefusals(t *testing.T) {
	got, err := Imports(nonFuncImports())
	if err != nil {
		t.Fatal(err)
	}
	var sigs []string
	for _, imp := range got {
		sigs = append(sigs, imp.Module+"."+imp.Name+" "+imp.Signature)
		if (imp.Name == "fd_write") != imp.Allowed {
			t.Errorf("%+v", imp)
		}
	}
	want := "env.table table|env.g global|env.mem64 memory|wasi_snapshot_preview1.fd_write (i32,i32,i32,i32)->(i32)"
	if strings.Join(sigs, "|") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(sigs, "|"), want)
	}
}

func TestImportsMalformed(t *testing.T) {
	good := nonFuncImports()
	importSection := func(payload ...byte) []byte {
		return append(wasmHeader(), section(sectionImport, payload)...)
	}
	tests := map[string][]byte{
		"empty":                       nil,
		"not WebAssembly":             []byte("\x7fELF\x02\x01\x01\x00"),
		"a component":                 []byte("\x00asm\x0d\x00\x01\x00"),
		"truncated":                   good[:len(good)-3],
		"type index out of range":     importSection(1, 1, 'a', 1, 'b', 0, 5),
		"unknown import kind":         importSection(1, 1, 'a', 1, 'b', 9),
		"more imports than bytes":     importSection(200, 1, 'a'),
		"trailing bytes":              append(wasmHeader(), section(sectionImport, []byte{1, 1, 'a', 1, 'b', 2, 0, 1, 0xff})...),
		"endless LEB128 in limits":    importSection(1, 1, 'a', 1, 'b', 2, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0),
		"limits cut off":              importSection(1, 1, 'a', 1, 'b', 2, 1, 0x80),
		"bad value type in the types": append(wasmHeader(), section(sectionType, []byte{1, 0x60, 1, 0x01, 0})...),
	}
	for name, wasm := range tests {
		t.Run(name, func(t *testing.T) {
			list, err := Imports(wasm)
			if !errors.Is(err, ErrInvalidModule) || list != nil {
				t.Fatalf("Imports = %+v, %v; want nil and ErrInvalidModule", list, err)
			}
		})
	}
}

func wasmHeader() []byte { return []byte("\x00asm\x01\x00\x00\x00") }

// section frames a payload of under 128 bytes.
func section(id byte, payload []byte) []byte {
	return append([]byte{id, byte(len(payload))}, payload...)
}

// nonFuncImports is a module importing a table, a global and a memory64 memory (all
// refused), then WASI fd_write (allowed).
func nonFuncImports() []byte {
	types := []byte{1, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f}
	imports := []byte{4}
	name := func(s string) []byte { return append([]byte{byte(len(s))}, s...) }
	entry := func(mod, field string, desc ...byte) {
		imports = append(append(append(imports, name(mod)...), name(field)...), desc...)
	}
	entry("env", "table", 1, 0x70, 0x00, 1)
	entry("env", "g", 3, 0x7f, 0x00)
	entry("env", "mem64", 2, 0x05, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02)
	entry("wasi_snapshot_preview1", "fd_write", 0, 0)
	return append(append(wasmHeader(), section(sectionType, types)...), section(sectionImport, imports)...)
}
