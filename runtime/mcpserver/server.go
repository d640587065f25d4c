package mcpserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/audit"
	"github.com/tollgate/tollgate/runtime/gate/ratelimit"
	"github.com/tollgate/tollgate/runtime/redact"
)

// Tool is one tool to serve: its declaration and the module that provides it.
type Tool struct {
	Decl   declare.Tool
	Module string
	SHA256 string
	Grants gate.Grants
}

// Invoker runs one call of a tool in its module's sandbox and returns the module's
// output ({"data": …} or {"error": …}). An error is reported as a failed call; it should
// be a *gate.Error (sandbox faults become sandbox_violation or limit_exceeded there).
type Invoker func(ctx context.Context, call gate.Call, arguments json.RawMessage) ([]byte, error)

// Options configures the server.
type Options struct {
	Name, Version string
	Audit         *audit.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CallLimit limits tool calls (MCP_MAX_REQUESTS_PER_MINUTE); nil allows all.
	CallLimit *ratelimit.Window
	// Heuristics turns on the injection-pattern check of string arguments
	// (MCP_INPUT_VALIDATION). Schema checks run regardless.
	Heuristics bool
	// Redactor makes a last pass over every result before it leaves the host; nil still
	// applies the general patterns (signature=…, PEM blocks).
	Redactor *redact.Redactor
	// Logger receives what a client must not see, such as a recovered panic; nil
	// discards it.
	Logger *slog.Logger
	// Environment names the Binance environment every result is from (mainnet, testnet
	// or custom).
	Environment string
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// New returns an MCP server serving tools through invoke. It announces tools.listChanged:
// SetTools may replace the tools while it runs (a reload).
func New(opts Options, tools []Tool, invoke Invoker) (*server.MCPServer, error) {
	s := server.NewMCPServer(opts.Name, opts.Version,
		server.WithToolCapabilities(true),
		server.WithRecovery(),
	)
	SetTools(s, opts, tools, invoke)
	return s, nil
}

// SetTools replaces every tool of s, made by New with the same opts, in one step, and
// sends notifications/tools/list_changed to every initialised session. A call already
// dispatched keeps the handler, and so the invoke, it started with.
func SetTools(s *server.MCPServer, opts Options, tools []Tool, invoke Invoker) {
	opts = opts.withDefaults()
	served := make([]server.ServerTool, 0, len(tools))
	for _, t := range tools {
		args := &lazySchema{tool: t.Decl.Name, raw: t.Decl.InputSchema}
		served = append(served, server.ServerTool{Tool: mcpTool(t.Decl), Handler: handler(opts, t, args, invoke)})
	}
	s.SetTools(served...)
}

// CheckDeclaration reports what in a tool's declaration this server cannot serve: an
// input or output schema that does not compile as JSON Schema, or an input schema that
// mcp-go would refuse (its x-mcp-header rules, which it enforces by panicking). The host
// runs it on every community module's tools before serving any of them; package declare
// has already bounded their size and depth.
func CheckDeclaration(d declare.Tool) error {
	if _, err := compileArgs(d.Name, d.InputSchema); err != nil {
		return err
	}
	if len(d.OutputSchema) > 0 {
		if _, err := compileSchema(d.Name, "output", d.OutputSchema); err != nil {
			return err
		}
	}
	t := mcpTool(d)
	if err := mcp.ValidateParamHeaderAnnotations(&t); err != nil {
		return fmt.Errorf("tool %s: input schema: %w", d.Name, err)
	}
	return nil
}

// lazySchema compiles a tool's input schema on its first call. Compiling all of them at
// start-up took ~6 ms, a third of the time before tools/list could be answered, and a
// session often calls only a few tools.
type lazySchema struct {
	tool string
	raw  json.RawMessage
	once sync.Once
	s    *argSchema
	err  error
}

func (l *lazySchema) check(args json.RawMessage) *gate.Error {
	l.once.Do(func() { l.s, l.err = compileArgs(l.tool, l.raw) })
	if l.err != nil {
		return &gate.Error{Type: gate.TypeInternal, Message: "the tool's input schema does not compile: " + gate.Cap(l.err.Error(), 300)}
	}
	return l.s.check(args)
}

func mcpTool(d declare.Tool) mcp.Tool {
	a := d.Annotations
	t := mcp.Tool{
		Name:           d.Name,
		Title:          d.Title,
		Description:    d.Description,
		RawInputSchema: d.InputSchema,
		Annotations: mcp.ToolAnnotation{
			Title:           d.Title,
			ReadOnlyHint:    mcp.ToBoolPtr(a.ReadOnlyHint),
			DestructiveHint: mcp.ToBoolPtr(a.DestructiveHint),
			IdempotentHint:  mcp.ToBoolPtr(a.IdempotentHint),
			OpenWorldHint:   mcp.ToBoolPtr(a.OpenWorldHint),
		},
	}
	if len(d.OutputSchema) > 0 {
		t.RawOutputSchema = envelopeSchema(d.OutputSchema)
	}
	return t
}

// envelopeSchema wraps a module's schema of its data in the schema of the envelope, which
// is what structuredContent really holds.
func envelopeSchema(data json.RawMessage) json.RawMessage {
	s, _ := json.Marshal(map[string]any{
		"type": "object",
		"properties": map[string]any{
			"success":   map[string]any{"type": "boolean"},
			"data":      data,
			"error":     map[string]any{"type": "object"},
			"timestamp": map[string]any{"type": "integer"},
		},
		"required": []string{"success", "timestamp"},
	})
	return s
}

func handler(opts Options, t Tool, args *lazySchema, invoke Invoker) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		start := opts.Now()
		call := gate.Call{RequestID: newRequestID(), Tool: t.Decl.Name, Module: t.Module, ModuleSHA256: t.SHA256, Grants: t.Grants}
		attrs := audit.CallAttrs(call)
		opts.Audit.Event(ctx, "tool_invocation", attrs...)

		env := runGuarded(ctx, opts, t, call, args, req, invoke)
		env.Environment = opts.Environment

		attrs = append(attrs, slog.Int64("duration_ms", opts.Now().Sub(start).Milliseconds()))
		if env.Success {
			opts.Audit.Event(ctx, "tool_success", attrs...)
		} else {
			attrs = append(attrs, slog.String("error_type", env.Error.Type))
			if env.Error.Field != "" {
				attrs = append(attrs, slog.String("field", env.Error.Field))
			}
			event := "tool_failure"
			switch env.Error.Type {
			case gate.TypeValidation:
				event = "validation_error"
			case gate.TypeSandboxViolation:
				event = "sandbox_violation"
			case gate.TypeRateLimited, gate.TypeIPBanned:
				event = "rate_limit_exceeded"
			}
			opts.Audit.Event(ctx, event, attrs...)
		}
		return result(env, opts.Redactor), nil
	}
}

// runGuarded is run with a recover: a panic in the host while serving a call is answered
// internal_error, and its text, which may hold anything, goes only to the redacting log.
// (mcp-go's own recovery would send the panic text to the client.)
func runGuarded(ctx context.Context, opts Options, t Tool, call gate.Call, args *lazySchema, req mcp.CallToolRequest, invoke Invoker) (env Envelope) {
	defer func() {
		if p := recover(); p != nil {
			opts.Logger.Error("panic while serving a tool call", "request_id", call.RequestID, "tool", call.Tool, "panic", fmt.Sprint(p))
			env = failure(&gate.Error{Type: gate.TypeInternal, Message: "internal error while serving the call; see the server log (request " + call.RequestID + ")"}, opts.Now().UnixMilli())
		}
	}()
	return run(ctx, opts, t, call, args, req, invoke)
}

func run(ctx context.Context, opts Options, t Tool, call gate.Call, args *lazySchema, req mcp.CallToolRequest, invoke Invoker) Envelope {
	now := func() int64 { return opts.Now().UnixMilli() }
	if ok, wait := opts.CallLimit.Allow(opts.Now()); !ok {
		return failure(&gate.Error{Type: gate.TypeRateLimited, RetryAfterMS: wait.Milliseconds() + 1,
			Message: fmt.Sprintf("too many tool calls: the limit is %d per minute (MCP_MAX_REQUESTS_PER_MINUTE); retry in %d ms", opts.CallLimit.Max(), wait.Milliseconds()+1)}, now())
	}
	raw, err := argumentsJSON(req)
	if err != nil {
		return failure(err, now())
	}
	if err := args.check(raw); err != nil {
		return failure(err, now())
	}
	if opts.Heuristics {
		if err := injection(raw); err != nil {
			return failure(err, now())
		}
	}
	if ctx.Err() != nil { // cancelled while queued: do not start it
		return failure(cancelled, now())
	}
	out, callErr := invoke(ctx, call, raw)
	if callErr != nil && ctx.Err() != nil {
		return failure(cancelled, now())
	}
	if callErr != nil {
		return failure(gate.AsError(callErr), now())
	}
	data, gerr := parseOutput(out)
	if gerr != nil {
		return failure(gerr, now())
	}
	return success(data, now())
}

// argumentsJSON returns the call's arguments as JSON; absent arguments are {}. The bytes
// the client sent are used when mcp-go kept them: its decoded Arguments hold numbers as
// float64, which would round 4999.9999999999999999 to 5000 and lose digits past 2^53.
func argumentsJSON(req mcp.CallToolRequest) (json.RawMessage, *gate.Error) {
	if len(req.Params.RawArguments) > 0 {
		return req.Params.RawArguments, nil
	}
	switch a := req.Params.Arguments.(type) {
	case nil:
		return json.RawMessage("{}"), nil
	case json.RawMessage:
		return a, nil
	default:
		b, err := json.Marshal(a)
		if err != nil {
			return nil, &gate.Error{Type: gate.TypeValidation, Field: "arguments", Message: "the arguments could not be read as JSON"}
		}
		return b, nil
	}
}

// cancelled is the answer to a call whose client cancelled it or went away; mcp-go still
// writes a response for it.
var cancelled = &gate.Error{Type: gate.TypeCancelled, Message: "the call was cancelled before it finished (the client cancelled it or closed the connection); a request it had sent to the exchange may have been carried out"}

func result(env Envelope, red *redact.Redactor) *mcp.CallToolResult {
	text := marshalEnvelope(env)
	// The last pass: nothing the gate builds holds a credential, but a module's data or a
	// message quoted from elsewhere could. Redaction replaces text inside JSON strings
	// with "[REDACTED]", which keeps the JSON valid; should it ever not, the result is
	// withheld rather than sent.
	if clean := red.Bytes(text); !bytes.Equal(clean, text) {
		text = clean
		if !json.Valid(clean) {
			env = failure(&gate.Error{Type: gate.TypeInternal, Message: "the result was withheld: it contained a credential"}, env.Timestamp)
			text = marshalEnvelope(env)
		}
	}
	return &mcp.CallToolResult{
		Content:           []mcp.Content{mcp.NewTextContent(string(text))},
		StructuredContent: json.RawMessage(text),
		IsError:           !env.Success,
	}
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// marshalEnvelope writes env as JSON without HTML escaping: "&" stays "&", so a query
// string in a message reads as sent and the redactor sees "&signature=" as it is.
func marshalEnvelope(env Envelope) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(env); err != nil { // BUG: every field of an Envelope marshals
		panic(fmt.Sprintf("BUG: envelope does not marshal: %v", err))
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
