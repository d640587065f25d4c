package toolsdk_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/tollgate/tollgate/guest/toolsdk"
	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/mcpserver"
)

// The SDK leaves the checks a schema expresses to the host, which makes them against
// the declared input schema before the guest runs (docs/abi.md). viaHost calls a
// tool the way a client's call reaches it: through the host's MCP server
// (runtime/mcpserver), with its argument check, and the guest run by toolsdktest.

// hostResult is what a client got back, and what the guest did.
type hostResult struct {
	Success bool            `json:"success"`
	Data    json.RawMessage `json:"data"`
	Error   *toolsdk.Error  `json:"error"`
	Calls   []*toolsdktest.Result
}

func viaHost(t *testing.T, h *toolsdktest.Host, tool string, args json.RawMessage) hostResult {
	t.Helper()
	ctx := context.Background()
	out, err := toolsdktest.Describe()
	if err != nil {
		t.Fatal(err)
	}
	d, err := declare.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	tools := make([]mcpserver.Tool, len(d.Tools))
	for i, decl := range d.Tools {
		tools[i] = mcpserver.Tool{Decl: decl, Module: "test"}
	}
	var r hostResult
	invoke := func(_ context.Context, call gate.Call, args json.RawMessage) ([]byte, error) {
		res, err := h.Call(call.Tool, args)
		if err != nil {
			return nil, err
		}
		r.Calls = append(r.Calls, res)
		return res.Output, nil
	}
	s, err := mcpserver.New(mcpserver.Options{Name: "test", Version: "0"}, tools, invoke)
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = tool, args
	res, err := c.CallTool(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	env, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(env, &r); err != nil {
		t.Fatalf("%v: %s", err, env)
	}
	return r
}
