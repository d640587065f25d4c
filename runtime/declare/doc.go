// Package declare reads, validates and writes the tollgate.tools custom
// section: the tools a WebAssembly module declares, with their schemas and
// annotations (docs/abi.md, "Declarations").
//
// # Reading without running
//
// [Read] walks the section headers of a binary and decodes only the one
// custom section, so a host can answer tools/list before a module has
// compiled and without running any guest code. Nothing in the section is
// trusted: [Parse] enforces the limits below and refuses unknown fields
// (keys are matched exactly, case included), duplicate keys and trailing
// data.
//
// # Limits
//
//   - the section: at most [MaxSectionSize] bytes, "abi" equal to [ABIVersion],
//     1 to [MaxTools] tools with unique names;
//   - a name: ^[a-z][a-z0-9_]{0,63}$; a title: [MaxTitleLen] bytes; a
//     description: [MaxDescriptionLen] bytes;
//   - inputSchema (required) and outputSchema (optional): a JSON object with
//     "type": "object", at most [MaxSchemaSize] bytes and [MaxSchemaDepth]
//     levels of nesting;
//   - annotations: readOnlyHint, destructiveHint, idempotentHint and
//     openWorldHint, all four present as booleans.
//
// # Errors
//
// A broken rule is an [*Error] naming the tool (or its index when the name
// itself is bad) and the field; it matches [ErrInvalid], and [ErrTooLarge]
// when a size limit was hit. A binary that is not well framed gives
// [ErrMalformed]; one without the section gives [ErrNoSection]. Strings from
// the module are capped and quoted in every error.
//
// # Writing
//
// [AppendSection] appends the section to a binary, replacing any earlier
// copy; `tollgate pack` uses it after checking the payload with [Parse].
package declare
