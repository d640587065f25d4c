package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/redact"
)

func testTool() Tool {
	return Tool{Module: "m", Decl: declare.Tool{
		Name:        "echo",
		InputSchema: json.RawMessage(`{"type":"object","properties":{"n":{"type":"integer","maximum":5000}},"additionalProperties":false}`),
	}}
}

func callEcho(t *testing.T, ctx context.Context, invoke Invoker, raw string) Envelope {
	t.Helper()
	return callWith(t, ctx, Options{}, testTool(), invoke, raw)
}

func callWith(t *testing.T, ctx context.Context, opts Options, tool Tool, invoke Invoker, raw string) Envelope {
	t.Helper()
	h := handler(opts.withDefaults(), tool, &lazySchema{tool: tool.Decl.Name, raw: tool.Decl.InputSchema}, invoke)
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.RawArguments = "echo", json.RawMessage(raw)
	res, err := h(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var env Envelope
	if err := json.Unmarshal(res.StructuredContent.(json.RawMessage), &env); err != nil {
		t.Fatal(err)
	}
	if env.Success == res.IsError {
		t.Fatalf("isError %v for %+v", res.IsError, env)
	}
	return env
}

func TestCancelledCalls(t *testing.T) {
	ran := 0
	blocking := func(ctx context.Context, _ gate.Call, _ json.RawMessage) ([]byte, error) {
		ran++
		<-ctx.Done()
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env := callEcho(t, ctx, blocking, `{}`)
	if env.Error == nil || env.Error.Type != gate.TypeCancelled || ran != 0 {
		t.Fatalf("cancelled before it ran: %+v, ran %d", env.Error, ran)
	}
}

// The bytes the client sent reach the schema check and the module: no float64 on the way.
func TestRawArgumentsAreChecked(t *testing.T) {
	var got json.RawMessage
	echo := func(_ context.Context, _ gate.Call, args json.RawMessage) ([]byte, error) {
		got = args
		return []byte(`{"data":{}}`), nil
	}
	for _, tt := range []struct {
		args, field string
	}{
		{`{"n":4999.9999999999999999}`, "n"}, // float64 would make it 5000
		{`{"n":5000.0000000000000001}`, "n"}, // and this 5000 too
		{`{"n":1,"n":2}`, "n"},               // given twice
	} {
		env := callEcho(t, context.Background(), echo, tt.args)
		if env.Error == nil || env.Error.Type != gate.TypeValidation || env.Error.Field != tt.field {
			t.Errorf("%s: %+v", tt.args, env.Error)
		}
	}
	if env := callEcho(t, context.Background(), echo, `{"n":9007199254740993}`); env.Success {
		t.Fatalf("over the maximum accepted")
	}
	if env := callEcho(t, context.Background(), echo, `{"n": 4999}`); !env.Success || string(got) != `{"n": 4999}` {
		t.Fatalf("module got %s", got)
	}
}

// MCP_INPUT_VALIDATION switches the injection heuristics and nothing else: with it off a
// suspicious text reaches the module, and a schema violation is still refused.
func TestInjectionHeuristics(t *testing.T) {
	tool := Tool{Module: "m", Decl: declare.Tool{Name: "search",
		InputSchema: json.RawMessage(`{"type":"object","properties":{"q":{"type":"string","maxLength":40},"tags":{"type":"array","items":{"type":"string"}}},"additionalProperties":false}`)}}
	ran := 0
	echo := func(context.Context, gate.Call, json.RawMessage) ([]byte, error) {
		ran++
		return []byte(`{"data":{}}`), nil
	}
	tests := []struct {
		name       string
		heuristics bool
		args       string
		wantField  string // "" = the module runs
	}{
		{"markup refused", true, `{"q":"<script>alert(1)</script>"}`, "q"},
		{"nested in an array", true, `{"tags":["ok","{{7*7}}"]}`, "tags"},
		{"nearest accepted", true, `{"q":"BTC script"}`, ""},
		{"heuristics off: reaches the module", false, `{"q":"<script>alert(1)</script>"}`, ""},
		{"heuristics off: schema still enforced", false, `{"q":"<script>alert(1)</script><script>alert(1)</script>"}`, "q"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ran = 0
			env := callWith(t, context.Background(), Options{Heuristics: tc.heuristics}, tool, echo, tc.args)
			if tc.wantField == "" {
				if !env.Success || ran != 1 {
					t.Fatalf("refused: %+v", env.Error)
				}
				return
			}
			if env.Success || env.Error.Type != gate.TypeValidation || env.Error.Field != tc.wantField || ran != 0 {
				t.Fatalf("got %+v (module ran %d times), want a validation_error on %s", env.Error, ran, tc.wantField)
			}
		})
	}
}

// The last pass over results: a credential in a module's data is replaced and the result
// stays valid JSON; a panic's text reaches the (redacting) log only, never the client.
func TestResultsAreRedacted(t *testing.T) {
	const secret = "TESTSECRETmcpserver000000000000000000000000000000000000000000001"
	var logged bytes.Buffer
	red := redact.New(secret)
	opts := Options{Redactor: red, Logger: slog.New(red.Handler(slog.NewJSONHandler(&logged, nil)))}
	leaky := func(context.Context, gate.Call, json.RawMessage) ([]byte, error) {
		return []byte(`{"data":{"echo":"` + secret + `","url":"/api/v3/account?timestamp=1&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71","note":"Signature for this request is not valid."}}`), nil
	}
	env := callWith(t, context.Background(), opts, testTool(), leaky, `{}`)
	data := string(env.Data)
	if !env.Success || strings.Contains(data, secret) || strings.Contains(data, "c8db5682") ||
		!strings.Contains(data, "Signature for this request is not valid.") || !strings.Contains(data, redact.Marker) {
		t.Fatalf("result %+v", env)
	}

	panicky := func(context.Context, gate.Call, json.RawMessage) ([]byte, error) {
		panic("lost " + secret)
	}
	env = callWith(t, context.Background(), opts, testTool(), panicky, `{}`)
	if env.Success || env.Error.Type != gate.TypeInternal || strings.Contains(env.Error.Message, "lost") {
		t.Fatalf("panic answered %+v", env.Error)
	}
	if !strings.Contains(logged.String(), "lost") || strings.Contains(logged.String(), secret) {
		t.Fatalf("log %s", logged.String())
	}
}
