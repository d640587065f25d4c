package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/runtime/sandbox"
)

const describeWasm = "../../../runtime/sandbox/testdata/describe.wasm"

// The command writes what sandbox.Engine.Pack returns, byte for byte: `tollgate pack` and
// `make guests` cannot drift apart.
func TestPackIsEnginePack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.wasm")
	var stderr bytes.Buffer
	if code := run([]string{describeWasm, out}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if want := "tollgate-pack: " + out + ": 1 tools\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := os.ReadFile(describeWasm)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e, err := sandbox.NewEngine(ctx, sandbox.NewEngineConfig().WithCacheDir(""))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	want, _, err := e.Pack(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("tollgate-pack wrote other bytes than Engine.Pack returns")
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no arguments", nil, 2, "usage: tollgate-pack IN.wasm OUT.wasm"},
		{"one argument", []string{describeWasm}, 2, "usage:"},
		{"missing input", []string{filepath.Join(dir, "nope.wasm"), filepath.Join(dir, "out.wasm")}, 1, "nope.wasm: no such file"},
		{"a forbidden import", []string{"../../../runtime/sandbox/testdata/forbidden_path_open.wasm", filepath.Join(dir, "out.wasm")}, 1, "path_open"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(tt.args, &stderr); code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("exit %d, %q; want %d and %q", code, stderr.String(), tt.wantCode, tt.wantErr)
			}
		})
	}
}

// describeGuest assembles a module like runtime/sandbox/testdata/describe.wat whose
// tollgate_describe writes decl (cmd/tollgate's test of the same name checks the
// assembly against wat2wasm's; TestDescribeGuest here checks it against describe.wasm).
func describeGuest(decl string) []byte {
	uleb := func(v uint64) (b []byte) {
		for ; v >= 0x80; v >>= 7 {
			b = append(b, byte(v)|0x80)
		}
		return append(b, byte(v))
	}
	sleb := func(v int64) (b []byte) {
		for {
			c := byte(v & 0x7f)
			v >>= 7
			if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
				return append(b, c)
			}
			b = append(b, c|0x80)
		}
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	vec := func(n int, items ...[]byte) []byte { return cat(uleb(uint64(n)), cat(items...)) }
	str := func(s string) []byte { return cat(uleb(uint64(len(s))), []byte(s)) }
	section := func(id byte, payload []byte) []byte { return cat([]byte{id}, uleb(uint64(len(payload))), payload) }
	i32 := func(v int) []byte { return cat([]byte{0x41}, sleb(int64(v))) }
	body := func(code []byte) []byte { b := cat([]byte{0}, code, []byte{0x0b}); return cat(uleb(uint64(len(b))), b) }
	write := func(at, n int) []byte { return cat(i32(at), i32(n), []byte{0x10, 0x00, 0x1a}, i32(0)) }
	const ok = `{"data":"ok"}`
	return cat([]byte("\x00asm\x01\x00\x00\x00"),
		section(1, vec(2, []byte{0x60, 2, 0x7f, 0x7f, 1, 0x7f}, []byte{0x60, 0, 1, 0x7f})),
		section(2, vec(1, str("tollgate"), str("output_write"), []byte{0x00, 0x00})),
		section(3, vec(2, []byte{1}, []byte{1})),
		section(5, vec(1, cat([]byte{0x00}, uleb(uint64(1+(64+len(decl))/65536))))),
		section(7, vec(3, str("memory"), []byte{2, 0}, str("tollgate_describe"), []byte{0, 1}, str("tollgate_call"), []byte{0, 2})),
		section(10, vec(2, body(write(64, len(decl))), body(write(0, len(ok))))),
		section(11, vec(2, cat([]byte{0}, i32(0), []byte{0x0b}, str(ok)), cat([]byte{0}, i32(64), []byte{0x0b}, str(decl)))),
	)
}

// declaring returns a tollgate.tools payload declaring one tool "t" with inputSchema.
func declaring(t *testing.T, inputSchema string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"abi": 1, "tools": []any{map[string]any{
		"name": "t", "inputSchema": json.RawMessage(inputSchema),
		"annotations": map[string]bool{"readOnlyHint": false, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDescribeGuest(t *testing.T) {
	want, err := os.ReadFile(describeWasm)
	if err != nil {
		t.Fatal(err)
	}
	decl := `{"abi":1,"tools":[{"name":"ping","title":"Ping","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":false}}]}`
	if !bytes.Equal(describeGuest(decl), want) {
		t.Fatal("describeGuest does not assemble describe.wat as wat2wasm does")
	}
}

// Declarations the server would refuse in a community module are not written; the
// nearest ones it serves are.
func TestRefusesWhatTheServerRefuses(t *testing.T) {
	prop := func(schema string) string { return `{"type":"object","properties":{"a":` + schema + `}}` }
	for _, tt := range []struct {
		name, refused, accepted, want string
	}{
		{"an unknown type", prop(`{"type":"nosuch"}`), prop(`{"type":"string"}`), "value must be one of"},
		{"a pattern Go cannot compile", prop(`{"type":"string","pattern":"(?=x)"}`), prop(`{"type":"string","pattern":"(?:x)"}`), "is not valid regex"},
		{"$ref to http:", prop(`{"$ref":"http://example.com/s.json"}`), prop(`{"$ref":"#"}`), "external references are not loaded"},
		{"$ref to file:", prop(`{"$ref":"file:///etc/passwd"}`), prop(`{"$ref":"#"}`), "external references are not loaded"},
		{"$ref to a relative path", prop(`{"$ref":"other.json"}`), prop(`{"$ref":"#"}`), "external references are not loaded"},
		{"$ref to /etc/passwd", prop(`{"$ref":"/etc/passwd"}`), prop(`{"$ref":"#"}`), "external references are not loaded"},
		{"$schema an http URL", `{"$schema":"http://example.com/schema","type":"object"}`, `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`, "external references are not loaded"},
		{"x-mcp-header with CR LF", prop(`{"type":"string","x-mcp-header":"X-A\r\nB: 1"}`), prop(`{"type":"string","x-mcp-header":"X-A"}`), "invalid character"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.wasm")
			in := filepath.Join(dir, "in.wasm")
			if err := os.WriteFile(in, describeGuest(declaring(t, tt.refused)), 0o644); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			if code := run([]string{in, out}, &stderr); code != 1 || !strings.Contains(stderr.String(), "the server would refuse this module: invalid declarations: ") || !strings.Contains(stderr.String(), tt.want) {
				t.Fatalf("exit %d, %q; want 1 and %q", code, stderr.String(), tt.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("a refused module was written: %v", err)
			}
			if err := os.WriteFile(in, describeGuest(declaring(t, tt.accepted)), 0o644); err != nil {
				t.Fatal(err)
			}
			stderr.Reset()
			if code := run([]string{in, out}, &stderr); code != 0 {
				t.Fatalf("nearest accepted: exit %d, %q", code, stderr.String())
			}
		})
	}
}
