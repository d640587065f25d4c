package mcpserver

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/gate"
)

func testTool() Tool {
	return Tool{Module: "m", Decl: declare.Tool{
		Name:        "echo",
		InputSchema: json.RawMessage(`{"type":"object","properties":{"n":{"type":"integer","maximum":5000}},"additionalProperties":false}`),
	}}
}

func callEcho(t *testing.T, ctx context.Context, invoke Invoker, raw string) Envelope {
	t.Helper()
	tool := testTool()
	h := handler(Options{}.withDefaults(), tool, &lazySchema{tool: "echo", raw: tool.Decl.InputSchema}, invoke)
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
