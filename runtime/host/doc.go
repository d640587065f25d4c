// Package host wires a Tollgate server together: configuration, the gate, the Wasm
// sandbox with its modules, and the MCP server that exposes their tools.
//
// # Start-up
//
// New checks each module's pinned SHA-256 before anything else, reads its tool
// declarations from the module's custom section (no compiling), and hands the module to
// the sandbox, which compiles it and prepares instances in the background. The MCP server
// can answer tools/list at once; the first call of a module waits for its compilation.
//
// # Requests from modules
//
// A module's request reaches the gate through requester, which decodes
// {"op", "params"} strictly and answers {"ok": …} or {"error": …}. The call identity
// (module, grants, hash, request id) comes from the host, never from the module.
package host
