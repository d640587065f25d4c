package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/internal/wasmtest"
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
	if !bytes.Equal(wasmtest.DescribeGuest(decl), want) {
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
			if err := os.WriteFile(in, wasmtest.DescribeGuest(declaring(t, tt.refused)), 0o644); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			if code := run([]string{in, out}, &stderr); code != 1 || !strings.Contains(stderr.String(), "the server would refuse this module: invalid declarations: ") || !strings.Contains(stderr.String(), tt.want) {
				t.Fatalf("exit %d, %q; want 1 and %q", code, stderr.String(), tt.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("a refused module was written: %v", err)
			}
			if err := os.WriteFile(in, wasmtest.DescribeGuest(declaring(t, tt.accepted)), 0o644); err != nil {
				t.Fatal(err)
			}
			stderr.Reset()
			if code := run([]string{in, out}, &stderr); code != 0 {
				t.Fatalf("nearest accepted: exit %d, %q", code, stderr.String())
			}
		})
	}
}
