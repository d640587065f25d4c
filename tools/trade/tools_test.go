package main

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tollgate/tollgate/guest/toolsdk"
	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
)

// Each argument reaches its op under Binance's name, decimals digit for digit.
func TestArgumentsReachTheOp(t *testing.T) {
	tests := []struct {
		tool   string
		args   string
		op     string
		params map[string]any
	}{
		{"create_order", `{"symbol":"btcusdt","side":"BUY","order_type":"LIMIT","quantity":0.00100,"price":"65000.10","time_in_force":"GTC","client_order_id":"a-1","recv_window":5000}`,
			"order", map[string]any{"symbol": "btcusdt", "side": "BUY", "type": "LIMIT", "quantity": json.Number("0.00100"), "price": json.Number("65000.10"),
				"timeInForce": "GTC", "newClientOrderId": "a-1", "recvWindow": json.Number("5000")}},
		{"create_order", `{"symbol":"BTCUSDT","side":"SELL","order_type":"STOP_LOSS_LIMIT","quantity":"1","price":"1","stop_price":"1.1","trailing_delta":10,"iceberg_qty":"0.5","self_trade_prevention_mode":"NONE","new_order_resp_type":"FULL","time_in_force":"GTC","test":true}`,
			"order_test", map[string]any{"symbol": "BTCUSDT", "side": "SELL", "type": "STOP_LOSS_LIMIT", "quantity": json.Number("1"), "price": json.Number("1"),
				"stopPrice": json.Number("1.1"), "trailingDelta": json.Number("10"), "icebergQty": json.Number("0.5"), "selfTradePreventionMode": "NONE",
				"newOrderRespType": "FULL", "timeInForce": "GTC"}},
		{"create_order", `{"symbol":"BTCUSDT","side":"BUY","order_type":"MARKET","quote_order_qty":25.5}`,
			"order", map[string]any{"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quoteOrderQty": json.Number("25.5")}},
		{"cancel_order", `{"symbol":"BTCUSDT","order_id":12}`, "order_cancel", map[string]any{"symbol": "BTCUSDT", "orderId": json.Number("12")}},
		{"cancel_order", `{"symbol":"BTCUSDT","client_order_id":"a-1"}`, "order_cancel", map[string]any{"symbol": "BTCUSDT", "origClientOrderId": "a-1"}},
		{"cancel_open_orders", `{"symbol":"BTCUSDT"}`, "open_orders_cancel", map[string]any{"symbol": "BTCUSDT"}},
	}
	for _, tc := range tests {
		t.Run(tc.tool+" "+tc.op, func(t *testing.T) {
			h := toolsdktest.NewHost()
			h.Respond(tc.op, toolsdktest.OK(json.RawMessage(`[]`)))
			res, err := h.Call(tc.tool, json.RawMessage(tc.args))
			if err != nil || res.Err != nil {
				t.Fatalf("%v %+v", err, res.Err)
			}
			if len(res.Requests) != 1 || res.Requests[0].Op != tc.op || !reflect.DeepEqual(res.Requests[0].Params, tc.params) {
				t.Fatalf("requests %+v\nwant op %s params %v", res.Requests, tc.op, tc.params)
			}
		})
	}
}

// A gate error about an op parameter names the tool's argument.
func TestGateErrorsNameTheArgument(t *testing.T) {
	h := toolsdktest.NewHost()
	h.Respond("order", toolsdktest.Fail(&toolsdk.Error{Type: "filter_violation", Field: "timeInForce", Message: "timeInForce is required"}))
	res, err := h.Call("create_order", json.RawMessage(`{"symbol":"BTCUSDT","side":"BUY","order_type":"LIMIT","quantity":"1","price":"1"}`))
	if err != nil || res.Err == nil || res.Err.Field != "time_in_force" {
		t.Fatalf("%v %+v", err, res.Err)
	}
}
