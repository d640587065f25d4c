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
// destructive or a trading tool harmless. ReadOnlyHints is the setting of a tool that
// only reads from the exchange.
//
//	func init() {
//		toolsdk.Register(toolsdk.Tool{
//			Name:        "get_ticker_price",
//			Description: "Latest price of a symbol: {symbol, price}.",
//			Input: toolsdk.Object(
//				toolsdk.String("symbol", "Trading pair, e.g. BTCUSDT").Required().MaxLength(20).SendAs("symbol"),
//			),
//			Annotations: toolsdk.Annotations{ReadOnly: toolsdk.Yes, Destructive: toolsdk.No,
//				Idempotent: toolsdk.Yes, OpenWorld: toolsdk.Yes},
//			Handler: func(c *toolsdk.Call) (any, error) { return c.Forward("ticker_price") },
//		})
//	}
//
// # Arguments
//
// The host checks every call's arguments against the tool's declared input schema
// before the module runs (docs/abi.md), and the SDK relies on it: a handler never
// sees a missing required argument, an unknown one, or one out of its declared
// length, range or enum, and the SDK does not check them again. A handler checks
// only what a schema cannot say (one argument against another, the format of a
// token it issued). The handler reads arguments with Call.String, Call.Int,
// Call.Number, Call.Decimal, Call.Bool or Call.Value, which apply declared defaults
// and still refuse a value of the wrong type with a validation_error naming the
// argument, or decodes them all with Call.Bind. Numbers are never decoded as
// float64: Number and Bind keep them as json.Number, digit for digit, so prices and
// quantities stay exact.
//
// # Exact decimals
//
// To compute on prices and quantities, read them into a
// github.com/shopspring/decimal Decimal with ParseDecimal (a string from an answer)
// or Call.Decimal (an argument). Do not use decimal.NewFromString on them: it
// accepts a string of any length and exponents up to ±10000, and "1e9999" expands
// to ten thousand digits in the sandbox's memory. ParseDecimal accepts plain
// decimals of at most MaxDecimalLen bytes with an exponent within
// ±MaxDecimalExponent and refuses anything else with a *DecimalError that says
// what was wrong; Call.Decimal turns that into a validation_error with the value and
// AcceptedDecimal. Decimal.Div rounds to 16 places: divide with DivRound or QuoRem,
// which say where they round.
//
// # Calling the gate
//
// Call.Forward(op) sends one operation of docs/ops.md with the arguments declared
// with SendAs as its params, and returns the exchange's JSON as received; a gate
// error naming an op parameter comes back naming the argument. Call.Request(op,
// params) sends any params. A refusal or a Binance error comes back as an *Error
// from the gate. Pass it on unchanged, after RenameFields where the op's parameter
// names differ from the tool's argument names (startTime → start_time), so the
// caller is told which of its own arguments to fix. The host limits how many
// requests a call may make.
//
// # Speed
//
// encoding/json works by reflection, which is slow in WebAssembly (a decode and
// encode of a small object costs ~200 µs under the host's sandbox). The SDK does
// not use it on the way from input to output of a tool that forwards its
// arguments and returns the gate's answer as a json.RawMessage: it reads the input
// and the answers with a scanner of its own, writes the request by concatenation,
// and copies the answer to the output. Handlers that reshape data may use
// encoding/json (Decode keeps numbers exact); Bind and Value of a RawSchema tool
// do.
//
// # Results and errors
//
// A handler returns the data to send back (anything encoding/json encodes; a
// json.RawMessage is written as it is, only its whitespace removed) or an error.
// The SDK writes {"data": ...} or {"error": {...}}: an *Error goes out as it is
// (Invalid builds one about an argument, Unexpected one about an answer the tool
// cannot read); any other error becomes a guest_error whose message is capped at
// MaxMessageLen bytes, and so does a panic, or input or a gate answer not of the
// shape the ABI promises. The host then wraps the output in the
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
// arguments, answers its gate requests from a script, and records them. Like the
// sandbox, it does not check the arguments against the schema: that is the MCP
// server's part.
package toolsdk
