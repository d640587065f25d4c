// Package mcpserver exposes module tools over MCP with mcp-go.
//
// # A tool call
//
// For every call the server makes a request id, records tool_invocation, checks the
// arguments against the tool's declared input schema (a person-readable validation_error
// naming the argument when they do not fit; the module never runs), runs the call through
// the Invoker, and answers with the result envelope of DESIGN.md §6 as structuredContent
// plus the same JSON as text. Every failure is a tool result with isError set, never a
// protocol error, so clients show it to the model instead of throwing.
//
// # Annotations
//
// mcp-go marks a tool destructive unless told otherwise; every tool here carries the four
// annotations its module declared, explicitly.
package mcpserver
