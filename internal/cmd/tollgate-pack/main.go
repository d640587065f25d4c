// Command tollgate-pack writes a module's tool declarations into its tollgate.tools
// custom section, so that the host can list the tools without running the module.
//
//	tollgate-pack IN.wasm OUT.wasm
//
// It is what `make guests` runs on the built-in modules; `tollgate pack` does the same
// for anyone else's. Both call sandbox.Engine.Pack: it instantiates the module once in
// the sandbox (no network, files or environment), calls tollgate_describe, validates the
// declarations exactly as the loader will, and returns IN with the section appended (or
// replaced). Both then refuse declarations the server would refuse in a community module
// (mcpserver.CheckDeclaration: schemas that do not compile, references to anything
// outside the schema, x-mcp-header values mcp-go rejects); only what passes is written
// to OUT.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/mcpserver"
	"github.com/tollgate/tollgate/runtime/sandbox"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: tollgate-pack IN.wasm OUT.wasm")
		return 2
	}
	n, err := pack(context.Background(), args[0], args[1])
	if err != nil {
		fmt.Fprintf(stderr, "tollgate-pack: error: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "tollgate-pack: %s: %d tools\n", args[1], n)
	return 0
}

// pack packs in into out and returns the number of tools declared.
func pack(ctx context.Context, in, out string) (int, error) {
	wasm, err := os.ReadFile(in)
	if err != nil {
		return 0, err
	}
	// An in-memory compilation cache: the guest is compiled once, to describe it, and a
	// build should not leave code in the user's cache.
	engine, err := sandbox.NewEngine(ctx, sandbox.NewEngineConfig().WithCacheDir(""))
	if err != nil {
		return 0, err
	}
	defer engine.Close(ctx)
	packed, decl, err := engine.Pack(ctx, wasm)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", in, err)
	}
	for _, d := range decl.Tools {
		if err := mcpserver.CheckDeclaration(d); err != nil {
			return 0, fmt.Errorf("%s: the server would refuse this module: %w: %v", in, declare.ErrInvalid, err)
		}
	}
	if err := os.WriteFile(out, packed, 0o644); err != nil {
		return 0, err
	}
	return len(decl.Tools), nil
}
