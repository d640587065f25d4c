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
	"runtime/debug"
	"syscall"
	"time"
)

// startupGCPause is how long the garbage collector waits after the process starts.
const startupGCPause = 200 * time.Millisecond

func main() {
	// Start-up allocates a few tens of MB once (module bytes, declarations, the MCP
	// server); a garbage collection in the middle of it doubled the time to an answered
	// tools/list (docs/performance.md). Collect only once start-up is over.
	gc := debug.SetGCPercent(-1)
	time.AfterFunc(startupGCPause, func() { debug.SetGCPercent(gc) })

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
