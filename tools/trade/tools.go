package main

import (
	"encoding/json"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

var symbolArg = toolsdk.String("symbol", "Trading pair symbol, e.g. BTCUSDT; case-insensitive.").
	Required().MinLength(1).MaxLength(20).SendAs("symbol")

var recvWindowArg = toolsdk.Integer("recv_window", "How long, in ms, the request stays valid after it is signed (1 to 60000; Binance's default is 5000).").
	Minimum(1).Maximum(60000).SendAs("recvWindow")

var clientIDArg = toolsdk.String("client_order_id", "Your id for the order, 1 to 36 of A-Z a-z 0-9 _ -. "+
	"Repeating create_order with the same id returns the first order instead of placing a second.").
	MinLength(1).MaxLength(36)

var createOrder = toolsdk.Tool{
	Name:  "create_order",
	Title: "Create a spot order",
	Description: "Places a spot order (real money unless test is true). The host checks it against the order type's rules " +
		"and the symbol's filters first and refuses it, saying which value would pass, before anything is sent. " +
		"Every order carries a client order id (yours, or one made for the call and returned); an order whose " +
		"outcome is unknown is looked up, never sent again. Idempotent when client_order_id is given.",
	Input: toolsdk.Object(
		symbolArg,
		toolsdk.String("side", "BUY or SELL.").Required().Enum("BUY", "SELL").SendAs("side"),
		toolsdk.String("order_type", "LIMIT, MARKET, STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT, TAKE_PROFIT_LIMIT or LIMIT_MAKER.").
			Required().Enum("LIMIT", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT", "LIMIT_MAKER").SendAs("type"),
		toolsdk.Number("quantity", "Quantity in the base asset, as a number or a decimal string.").SendAs("quantity"),
		toolsdk.Number("price", "Limit price in the quote asset (LIMIT, *_LIMIT, LIMIT_MAKER).").SendAs("price"),
		toolsdk.String("time_in_force", "GTC, IOC or FOK; required for LIMIT, STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT.").
			Enum("GTC", "IOC", "FOK").SendAs("timeInForce"),
		toolsdk.Number("stop_price", "Trigger price of STOP_LOSS* and TAKE_PROFIT* orders.").SendAs("stopPrice"),
		toolsdk.Integer("trailing_delta", "Trailing stop in basis points, for STOP_LOSS* and TAKE_PROFIT* orders.").
			Minimum(1).Maximum(10000).SendAs("trailingDelta"),
		toolsdk.Number("quote_order_qty", "MARKET only: spend (BUY) or receive (SELL) this amount of the quote asset instead of giving quantity.").SendAs("quoteOrderQty"),
		toolsdk.Number("iceberg_qty", "Visible part of an iceberg order (LIMIT, LIMIT_MAKER, *_LIMIT with GTC).").SendAs("icebergQty"),
		clientIDArg.SendAs("newClientOrderId"),
		toolsdk.String("self_trade_prevention_mode", "NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH or DECREMENT.").
			Enum("NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT").SendAs("selfTradePreventionMode"),
		toolsdk.String("new_order_resp_type", "ACK, RESULT or FULL: how much Binance says about the new order.").
			Enum("ACK", "RESULT", "FULL").SendAs("newOrderRespType"),
		recvWindowArg,
		toolsdk.Boolean("test", "Validate the order with Binance (POST /api/v3/order/test) without placing it.").Default(false),
	),
	Output: json.RawMessage(`{"type":"object","properties":{
		"outcome":{"type":"string","enum":["placed","already_placed","validated"]},
		"clientOrderId":{"type":"string"},
		"order":{"type":"object","description":"Binance's order object, prices and quantities as decimal strings"}},
		"required":["outcome","order"]}`),
	Annotations: toolsdk.Annotations{ReadOnly: toolsdk.No, Destructive: toolsdk.Yes, Idempotent: toolsdk.No, OpenWorld: toolsdk.Yes},
	Handler: func(c *toolsdk.Call) (any, error) {
		test, err := c.Bool("test")
		if err != nil {
			return nil, err
		}
		if test {
			ok, err := c.Forward("order_test")
			if err != nil {
				return nil, err
			}
			return map[string]any{"outcome": "validated", "order": ok}, nil
		}
		return c.Forward("order") // the host answers {outcome, clientOrderId, order}
	},
}

var cancelOrder = toolsdk.Tool{
	Name:        "cancel_order",
	Title:       "Cancel an order",
	Description: "Cancels one open spot order, named by order_id or by client_order_id (exactly one). Returns Binance's answer: the order as cancelled.",
	Input: toolsdk.Object(
		symbolArg,
		toolsdk.Integer("order_id", "Binance's order id.").Minimum(1).SendAs("orderId"),
		clientIDArg.SendAs("origClientOrderId"),
		recvWindowArg,
	),
	Output:      json.RawMessage(`{"type":"object","properties":{"symbol":{"type":"string"},"orderId":{"type":"integer"},"clientOrderId":{"type":"string"},"status":{"type":"string"}}}`),
	Annotations: toolsdk.Annotations{ReadOnly: toolsdk.No, Destructive: toolsdk.Yes, Idempotent: toolsdk.Yes, OpenWorld: toolsdk.Yes},
	Handler:     func(c *toolsdk.Call) (any, error) { return c.Forward("order_cancel") },
}

var cancelOpenOrders = toolsdk.Tool{
	Name:        "cancel_open_orders",
	Title:       "Cancel all open orders of a symbol",
	Description: "Cancels every open spot order on the symbol. Returns Binance's answer: the orders as cancelled.",
	Input:       toolsdk.Object(symbolArg, recvWindowArg),
	Output:      json.RawMessage(`{"type":"object","properties":{"orders":{"type":"array","items":{"type":"object"}}},"required":["orders"]}`),
	Annotations: toolsdk.Annotations{ReadOnly: toolsdk.No, Destructive: toolsdk.Yes, Idempotent: toolsdk.Yes, OpenWorld: toolsdk.Yes},
	Handler: func(c *toolsdk.Call) (any, error) {
		return toolsdk.Under("orders")(c.Forward("open_orders_cancel")) // Binance answers a bare array
	},
}

func init() {
	for _, t := range []toolsdk.Tool{createOrder, cancelOrder, cancelOpenOrders} {
		toolsdk.Register(t)
	}
}
