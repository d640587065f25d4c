// Package toolsdk is the Go SDK for writing Tollgate tools: WebAssembly modules that
// the Tollgate MCP server runs in a sandbox, and that reach Binance only by asking
// the host's gate to perform named operations.
//
// A module is a Go main package built with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o mytools.wasm ./mytools
//
// that registers its tools in init functions. The SDK exports the module's entry
// points (tollgate_call, tollgate_describe) and speaks the host ABI of
// docs/abi.md; a tool author never touches memory or JSON framing.
//
// # Declaring a tool
//
// Register takes a Tool: name, title, a description that tells a model what the tool
// returns, an input schema built with Object from String, Integer, Number and
// Boolean params, an optional output schema, the handler, and all four MCP
// annotations. Each annotation is a Hint that must be set to Yes or No: Register
// panics on an unset one, so no tool gets a default that marks a read tool
// destructive or a trading tool harmless.
//
//	func init() {
//		toolsdk.Register(toolsdk.Tool{
//			Name:        "get_ticker_price",
//			Description: "Latest price of a symbol: {symbol, price}.",
//			Input: toolsdk.Object(
//				toolsdk.String("symbol", "Trading pair, e.g. BTCUSDT").Required().MaxLength(20),
//			),
//			Annotations: toolsdk.Annotations{ReadOnly: toolsdk.Yes, Destructive: toolsdk.No,
//				Idempotent: toolsdk.Yes, OpenWorld: toolsdk.Yes},
//			Handler: tickerPrice,
//		})
//	}
//
// # Arguments
//
// Before the handler runs, the SDK checks the arguments against an Object schema
// (unknown, missing, mistyped and out-of-range arguments are a validation_error whose
// field is the argument's name). The handler reads them with Call.String, Call.Int,
// Call.Number, Call.Bool or Call.Value, which apply declared defaults, or decodes
// them all with Call.Bind. Numbers are never decoded as float64: Number and Bind
// keep them as json.Number, digit for digit, so prices and quantities stay exact.
//
// # Calling the gate
//
// Call.Request(op, params) sends one operation of docs/ops.md and returns the
// exchange's JSON as received. A refusal or a Binance error comes back as an *Error
// from the gate. Pass it on unchanged, after RenameFields where the op's parameter
// names differ from the tool's argument names (startTime → start_time), so the
// caller is told which of its own arguments to fix. The host limits how many
// requests a call may make.
//
// # Results and errors
//
// A handler returns the data to send back (anything encoding/json encodes; a
// json.RawMessage is passed through byte for byte) or an error. The SDK writes
// {"data": ...} or {"error": {...}}: an *Error goes out as it is; any other error
// becomes a guest_error whose message is capped at MaxMessageLen bytes, and so does
// a panic. The host then wraps the output in the
// {"success": ..., "data"|"error": ..., "timestamp": ...} envelope.
//
// # Logging
//
// Log writes a line to the host's log, tagged with the module and request id; it
// never reaches the MCP client.
//
// # Testing
//
// On any target but wasip1 the host functions are provided in process, so tools are
// tested with plain `go test`: package toolsdktest calls a registered tool with
// arguments, answers its gate requests from a script, and records them.
package toolsdk
