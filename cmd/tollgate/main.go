// Command tollgate is a Binance MCP server whose tools run as WebAssembly modules.
//
//	tollgate [serve] [--config FILE]        the MCP server on stdio
//	tollgate tools [--config FILE] [--json]  list the tools with their module, hash and grants
//	tollgate call [--config FILE] TOOL JSON  call one tool; print the result envelope
//	tollgate check [--config FILE]           validate configuration and modules
//
// Exit status: 0 success, 1 a tool error (call), 2 a usage or configuration error.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
