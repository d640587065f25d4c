// Command demo runs Tollgate offline: it starts the local Binance stand-in with the
// recorded payloads, starts the real bin/tollgate as an MCP server on stdio, and plays a
// short scripted session with an MCP client, printing what a person would want to see.
//
//	make demo
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/internal/syncbuf"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "demo: error: %v\n", err)
		os.Exit(1)
	}
}

type step struct {
	say  string
	tool string
	args map[string]any
	show func(data json.RawMessage) string
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	exchange := binancetest.New()
	exchange.Start()
	defer exchange.Close()
	fmt.Printf("Local Binance stand-in (recorded payloads) at %s\n", exchange.URL())

	cache, err := os.MkdirTemp("", "tollgate-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(cache)
	env := append(os.Environ(),
		"BINANCE_BASE_URL="+exchange.URL(),
		"XDG_CACHE_HOME="+cache,
		"TOLLGATE_CONFIG=",
	)
	var serverLog syncbuf.Buffer
	c, err := client.NewStdioMCPClientWithOptions("bin/tollgate", env, []string{"serve"},
		transport.WithCommandStderrWriter(&serverLog))
	if err != nil {
		return fmt.Errorf("start bin/tollgate (run make build first): %w", err)
	}
	defer c.Close()

	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "tollgate-demo", Version: "1"}
	info, err := c.Initialize(ctx, init)
	if err != nil {
		return err
	}
	list, err := c.ListTools(ctx, mcp.ListToolsRequest{})
	if err != nil {
		return err
	}
	names := make([]string, len(list.Tools))
	for i, t := range list.Tools {
		names[i] = t.Name
	}
	fmt.Printf("Connected to %s %s over stdio; %d tools: %s\n\n", info.ServerInfo.Name, info.ServerInfo.Version, len(names), strings.Join(names, ", "))

	steps := []step{
		{"What does bitcoin cost?", "get_ticker_price", map[string]any{"symbol": "btcusdt"}, field("price")},
		{"The top of the BTCUSDT order book, 3 levels", "get_order_book", map[string]any{"symbol": "BTCUSDT", "limit": 3}, book},
		{"The last three daily candles", "get_klines", map[string]any{"symbol": "BTCUSDT", "interval": "1d", "limit": 3}, candles},
		{"Which USDT markets are trading? (first 5)", "get_available_assets", map[string]any{"quote_asset": "USDT", "status": "TRADING", "limit": 5}, assets},
		{"A symbol smuggling a query string is refused before anything is sent", "get_ticker_price", map[string]any{"symbol": "BTCUSDT&limit=5000"}, nil},
		{"An order book deeper than Binance allows is refused too", "get_order_book", map[string]any{"symbol": "BTCUSDT", "limit": 6000}, nil},
	}
	for _, s := range steps {
		before := len(exchange.Requests())
		req := mcp.CallToolRequest{}
		req.Params.Name, req.Params.Arguments = s.tool, s.args
		res, err := c.CallTool(ctx, req)
		if err != nil {
			return err
		}
		argsJSON, _ := json.Marshal(s.args)
		fmt.Printf("» %s\n  %s %s\n", s.say, s.tool, argsJSON)
		var env struct {
			Success bool            `json:"success"`
			Data    json.RawMessage `json:"data"`
			Error   struct {
				Type, Message, Field string
			} `json:"error"`
		}
		text := res.Content[0].(mcp.TextContent).Text
		if err := json.Unmarshal([]byte(text), &env); err != nil {
			return err
		}
		sent := len(exchange.Requests()) - before
		if env.Success {
			fmt.Printf("%s\n  requests sent to the exchange: %d\n\n", s.show(env.Data), sent)
		} else {
			fmt.Printf("  refused: %s on %q: %s\n  requests sent to the exchange: %d\n\n", env.Error.Type, env.Error.Field, env.Error.Message, sent)
		}
	}
	fmt.Printf("%d requests reached the stand-in in all.\n", len(exchange.Requests()))
	c.Close() // ends the server, so its log is complete
	events, example := 0, ""
	for _, line := range strings.Split(serverLog.String(), "\n") {
		if strings.Contains(line, `"SECURITY_EVENT"`) {
			events++
			if strings.Contains(line, `"validation_error"`) && example == "" {
				example = line
			}
		}
	}
	fmt.Printf("The server wrote %d SECURITY_EVENT audit lines to stderr (stdout carries MCP only), e.g.:\n  %s\n", events, example)
	return nil
}

func field(name string) func(json.RawMessage) string {
	return func(data json.RawMessage) string {
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		return fmt.Sprintf("  %s %s = %v", m["symbol"], name, m[name])
	}
}

func book(data json.RawMessage) string {
	var b struct{ Bids, Asks [][2]string }
	_ = json.Unmarshal(data, &b)
	var sb strings.Builder
	for i := range b.Bids {
		fmt.Fprintf(&sb, "  bid %s × %s   ask %s × %s\n", b.Bids[i][0], b.Bids[i][1], b.Asks[i][0], b.Asks[i][1])
	}
	return strings.TrimRight(sb.String(), "\n")
}

func candles(data json.RawMessage) string {
	var k struct {
		Klines []struct {
			OpenTime                    int64 `json:"open_time"`
			Open, High, Low, Close, Vol string
		} `json:"klines"`
	}
	_ = json.Unmarshal(data, &k)
	var sb strings.Builder
	for _, c := range k.Klines {
		fmt.Fprintf(&sb, "  %s  open %s  high %s  low %s  close %s\n",
			time.UnixMilli(c.OpenTime).UTC().Format("2006-01-02"), c.Open, c.High, c.Low, c.Close)
	}
	return strings.TrimRight(sb.String(), "\n")
}

func assets(data json.RawMessage) string {
	var a struct {
		Symbols []struct {
			Symbol string `json:"symbol"`
		} `json:"symbols"`
		Total int `json:"total"`
	}
	_ = json.Unmarshal(data, &a)
	names := make([]string, len(a.Symbols))
	for i, s := range a.Symbols {
		names[i] = s.Symbol
	}
	return fmt.Sprintf("  %s … (%d in all, paged with a cursor instead of 3.7 MB of exchangeInfo)", strings.Join(names, ", "), a.Total)
}
