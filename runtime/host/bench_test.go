package host

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/runtime/config"
)

// BenchmarkSandboxOverhead measures what the sandbox adds to a tool call. Each iteration
// performs the same operation (ticker price of BTCUSDT, against the in-process stand-in)
// three ways, interleaved so that all three see the same machine state:
//
//   - direct: the gate operation called from Go (validation, rate limit, HTTP round trip);
//   - sandbox: the get_ticker_price tool run in its Wasm module, which makes that same
//     gate call through the host ABI;
//   - mcp: the whole tools/call through an in-process MCP client (schema check, envelope).
//
// It reports the p50 of each in µs, the sandbox's added p50 and the ratio sandbox/direct.
func BenchmarkSandboxOverhead(b *testing.B) {
	// Measure, don't throttle: no tool-call limit, and a stand-in with a huge weight limit.
	h, _, _ := newHostWith(b, func(c *config.Config) { c.RateLimit.Enabled = false }, binancetest.WithRequestWeightLimit(1<<30))
	ctx := context.Background()
	c, _ := connect(b, h, nil)
	params := map[string]json.RawMessage{"symbol": json.RawMessage(`"BTCUSDT"`)}
	args := json.RawMessage(`{"symbol":"BTCUSDT"}`)
	call := marketCall("get_ticker_price")
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = "get_ticker_price", map[string]any{"symbol": "BTCUSDT"}

	direct := func() {
		if _, err := h.gate.Handle(ctx, call, "ticker_price", params); err != nil {
			b.Fatal(err)
		}
	}
	sandboxed := func() {
		if _, err := h.invoker(h.generation())(ctx, call, args); err != nil {
			b.Fatal(err)
		}
	}
	viaMCP := func() {
		res, err := c.CallTool(ctx, req)
		if err != nil || res.IsError {
			b.Fatalf("%v %+v", err, res)
		}
	}
	for range 20 { // warm every path: pools, connections, caches
		direct()
		sandboxed()
		viaMCP()
	}
	var d, s, m []time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		direct()
		t1 := time.Now()
		sandboxed()
		t2 := time.Now()
		viaMCP()
		t3 := time.Now()
		d, s, m = append(d, t1.Sub(t0)), append(s, t2.Sub(t1)), append(m, t3.Sub(t2))
	}
	b.StopTimer()
	pd, ps, pm := p50(d), p50(s), p50(m)
	b.ReportMetric(us(pd), "direct-p50-µs")
	b.ReportMetric(us(ps), "sandbox-p50-µs")
	b.ReportMetric(us(pm), "mcp-p50-µs")
	b.ReportMetric(us(ps-pd), "added-p50-µs")
	b.ReportMetric(float64(ps)/float64(pd), "sandbox/direct")
}

func p50(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
