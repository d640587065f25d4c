package main

import (
	"encoding/json"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

var (
	symbolArg = toolsdk.String("symbol", "Trading pair symbol, e.g. BTCUSDT; case-insensitive.").MinLength(1).MaxLength(20).SendAs("symbol")
	orderID   = toolsdk.Integer("order_id", "Binance's order id.").Minimum(1).SendAs("orderId")
	startTime = toolsdk.Integer("start_time", "From this time, in ms since the epoch; at most 24 hours before end_time.").Minimum(0).SendAs("startTime")
	endTime   = toolsdk.Integer("end_time", "Up to this time, in ms since the epoch.").Minimum(0).SendAs("endTime")
	limit     = toolsdk.Integer("limit", "At most this many rows, 1 to 1000 (default 500).").Minimum(1).Maximum(1000).SendAs("limit")
)

// orderObject and listOf describe Binance's order and trade rows: prices and quantities
// are decimal strings.
const orderObject = `{"type":"object","properties":{"symbol":{"type":"string"},"orderId":{"type":"integer"},
	"clientOrderId":{"type":"string"},"price":{"type":"string"},"origQty":{"type":"string"},
	"executedQty":{"type":"string"},"status":{"type":"string"},"type":{"type":"string"},"side":{"type":"string"}}}`

func listOf(key, item string) json.RawMessage {
	return json.RawMessage(`{"type":"object","properties":{"` + key + `":{"type":"array","items":` + item + `}},"required":["` + key + `"]}`)
}

// list is the handler of a tool whose op answers a bare JSON array: the array, under key,
// since a tool's result is an object.
func list(op, key string) func(c *toolsdk.Call) (any, error) {
	return func(c *toolsdk.Call) (any, error) { return toolsdk.Under(key)(c.Forward(op)) }
}

var orderTools = []toolsdk.Tool{
	{
		Name: "get_open_orders", Title: "Open orders",
		Description: "The account's open spot orders, on one symbol or on all (weight 6 for one symbol, 80 for all).",
		Input:       toolsdk.Object(symbolArg),
		Output:      listOf("orders", orderObject), Annotations: toolsdk.ReadOnlyHints,
		Handler: list("open_orders", "orders"),
	},
	{
		Name: "get_order", Title: "One order",
		Description: "One spot order, named by order_id or by client_order_id (exactly one), whatever its status.",
		Input: toolsdk.Object(symbolArg.Required(), orderID,
			toolsdk.String("client_order_id", "The order's client order id.").MinLength(1).MaxLength(36).SendAs("origClientOrderId")),
		Output: json.RawMessage(orderObject), Annotations: toolsdk.ReadOnlyHints,
		Handler: func(c *toolsdk.Call) (any, error) { return c.Forward("order_query") },
	},
	{
		Name: "get_orders", Title: "Order history",
		Description: "The account's orders on a symbol (open, cancelled or filled), most recent first unless start_time is given; " +
			"start_time and end_time may be at most 24 hours apart.",
		Input:  toolsdk.Object(symbolArg.Required(), startTime, endTime, limit),
		Output: listOf("orders", orderObject), Annotations: toolsdk.ReadOnlyHints,
		Handler: list("all_orders", "orders"),
	},
	{
		Name: "get_my_trades", Title: "Trade history",
		Description: "The account's trades on a symbol, optionally of one order; start_time and end_time may be at most 24 hours apart.",
		Input: toolsdk.Object(symbolArg.Required(), orderID, startTime, endTime,
			toolsdk.Integer("from_id", "From this trade id on.").Minimum(0).SendAs("fromId"), limit),
		Output: listOf("trades", `{"type":"object","properties":{"id":{"type":"integer"},"orderId":{"type":"integer"},
			"price":{"type":"string"},"qty":{"type":"string"},"commission":{"type":"string"},"isBuyer":{"type":"boolean"}}}`),
		Annotations: toolsdk.ReadOnlyHints,
		Handler:     list("my_trades", "trades"),
	},
	{
		Name: "get_rate_limit_status", Title: "Rate-limit budgets",
		Description: "The gate's view of Binance's budgets: request weight and order counts per window (limit, used, remaining), " +
			"and any back-off Binance asked for (type, retry_after_ms). Costs nothing: no request is sent.",
		Input: toolsdk.Object(),
		Output: json.RawMessage(`{"type":"object","properties":{"limits":{"type":"array","items":{"type":"object","properties":{
			"rateLimitType":{"type":"string"},"intervalMs":{"type":"integer"},"limit":{"type":"integer"},
			"used":{"type":"integer"},"remaining":{"type":"integer"}}}},
			"backoff":{"type":["object","null"]}},"required":["limits"]}`),
		Annotations: toolsdk.ReadOnlyHints,
		Handler:     func(c *toolsdk.Call) (any, error) { return c.Forward("rate_limit_status") },
	},
}

func init() {
	for _, t := range orderTools {
		toolsdk.Register(t)
	}
}
