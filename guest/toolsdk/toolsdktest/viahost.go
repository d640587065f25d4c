package toolsdktest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/tollgate/tollgate/guest/toolsdk"
	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/mcpserver"
)

// HostResult is what a client got back from a call made with CallViaHost, and what the
// tool did (one Result per time the tool ran; none when the host refused the call).
type HostResult struct {
	Success bool            `json:"success"`
	Data    json.RawMessage `json:"data"`
	Error   *toolsdk.Error  `json:"error"`
	Calls   []*Result       `json:"-"`
}

// CallViaHost calls tool the way a client's call reaches it: through the host's MCP
// server (runtime/mcpserver) with its check of the arguments against the declared input
// schema, and then, if they pass, the tool run by h. Use it to test what a tool leaves
// to that check.
func (h *Host) CallViaHost(tool string, args json.RawMessage) (HostResult, error) {
	ctx := context.Background()
	out, err := Describe()
	if err != nil {
		return HostResult{}, err
	}
	d, err := declare.Parse(out)
	if err != nil {
		return HostResult{}, fmt.Errorf("declarations: %w", err)
	}
	tools := make([]mcpserver.Tool, len(d.Tools))
	for i, decl := range d.Tools {
		tools[i] = mcpserver.Tool{Decl: decl, Module: "test"}
	}
	var r HostResult
	invoke := func(_ context.Context, call gate.Call, args json.RawMessage) ([]byte, error) {
		res, err := h.Call(call.Tool, args)
		if err != nil {
			return nil, err
		}
		r.Calls = append(r.Calls, res)
		return res.Output, nil
	}
	s, err := mcpserver.New(mcpserver.Options{Name: "toolsdktest", Version: "0"}, tools, invoke)
	if err != nil {
		return HostResult{}, err
	}
	c, err := client.NewInProcessClient(s)
	if err != nil {
		return HostResult{}, err
	}
	defer c.Close()
	if err := c.Start(ctx); err != nil {
		return HostResult{}, err
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	if _, err := c.Initialize(ctx, init); err != nil {
		return HostResult{}, err
	}
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = tool, args
	res, err := c.CallTool(ctx, req)
	if err != nil {
		return HostResult{}, err
	}
	env, err := json.Marshal(res.StructuredContent)
	if err != nil {
		return HostResult{}, err
	}
	if err := json.Unmarshal(env, &r); err != nil {
		return HostResult{}, fmt.Errorf("result envelope %s: %w", env, err)
	}
	return r, nil
}
