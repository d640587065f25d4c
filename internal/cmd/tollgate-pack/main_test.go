package main

import (
	"bytes"
	"context"
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
