// Command tollgate is a Binance MCP server whose tools run as WebAssembly modules.
//
//	tollgate [serve] [--config FILE]        the MCP server on stdio
//	tollgate tools [--config FILE] [--json]  list the tools with their module, hash and grants
//	tollgate call [--config FILE] TOOL JSON  call one tool; print the result envelope
//	tollgate check [--config FILE]           validate configuration and modules
//	tollgate hash FILE...                    print module pins (sha256), like sha256sum
//	tollgate inspect [-json] FILE            imports, tools and loadability, running nothing
//	tollgate pack IN.wasm OUT.wasm           write the tool declarations into a module
//	tollgate sign -key KEY.pem FILE          write FILE.sig; print publisher_key
//	tollgate keygen -out KEY.pem             make a module-signing key
//
// Exit status: 0 success, 1 a tool error (call) or a module command that failed (an
// unreadable file, a module inspect finds not loadable), 2 a usage or configuration error.
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
