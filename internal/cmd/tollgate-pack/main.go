// Command tollgate-pack writes a module's tool declarations into its tollgate.tools
// custom section, so that the host can list the tools without running the module.
//
//	tollgate-pack IN.wasm OUT.wasm
//
// It instantiates the module once in the sandbox (no network, files or environment),
// calls tollgate_describe, validates the declarations exactly as the loader will, and
// writes IN with the section appended (or replaced) to OUT.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/sandbox"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: tollgate-pack IN.wasm OUT.wasm")
		return 2
	}
	if err := pack(context.Background(), args[0], args[1]); err != nil {
		fmt.Fprintf(stderr, "tollgate-pack: error: %v\n", err)
		return 1
	}
	return 0
}

func pack(ctx context.Context, in, out string) error {
	wasm, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	engine, err := sandbox.NewEngine(ctx, sandbox.NewEngineConfig().WithCacheDir(""))
	if err != nil {
		return err
	}
	defer engine.Close(ctx)
	payload, err := engine.Describe(ctx, wasm)
	if err != nil {
		return fmt.Errorf("%s: describe: %w", in, err)
	}
	decl, err := declare.Parse(payload)
	if err != nil {
		return fmt.Errorf("%s: declarations: %w", in, err)
	}
	packed, err := declare.AppendSection(wasm, payload)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if err := os.WriteFile(out, packed, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "tollgate-pack: %s: %d tools\n", out, len(decl.Tools))
	return nil
}
