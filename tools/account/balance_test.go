package main

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
)

const account = `{"accountType":"SPOT","balances":[
	{"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"},
	{"asset":"ETH","free":"0.00000000","locked":"0.00000000"},
	{"asset":"LTC","free":"0","locked":"1.5"}]}`

func TestGetBalance(t *testing.T) {
	tests := []struct {
		name     string
		args     map[string]any
		wantOmit bool
		want     []balance
	}{
		{"non-zero by default", nil, true, []balance{
			{"BTC", "4723846.89208129", "0.00000000"}, {"LTC", "0", "1.5"}}},
		{"include zero", map[string]any{"include_zero": true}, false, []balance{
			{"BTC", "4723846.89208129", "0.00000000"}, {"ETH", "0.00000000", "0.00000000"}, {"LTC", "0", "1.5"}}},
		{"one asset, lower case", map[string]any{"asset": "ltc"}, true, []balance{{"LTC", "0", "1.5"}}},
		{"unknown asset: empty list", map[string]any{"asset": "XYZ"}, true, []balance{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := toolsdktest.NewHost()
			h.Respond("account", toolsdktest.OK(json.RawMessage(account)))
			res, err := h.Call("get_balance", tc.args)
			if err != nil || res.Err != nil {
				t.Fatalf("call: %v %+v", err, res.Err)
			}
			if len(res.Requests) != 1 || res.Requests[0].Op != "account" ||
				!reflect.DeepEqual(res.Requests[0].Params, map[string]any{"omitZeroBalances": tc.wantOmit}) {
				t.Fatalf("requests %+v", res.Requests)
			}
			var got struct{ Balances []balance }
			if err := json.Unmarshal(res.Data, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Balances, tc.want) {
				t.Fatalf("balances %+v, want %+v", got.Balances, tc.want)
			}
		})
	}
}

func TestOrderToolsReachTheirOps(t *testing.T) {
	for _, tc := range []struct {
		tool, args, op string
		params         map[string]any
		key            string // the answer's array is under this key; "" = passed through
	}{
		{"get_open_orders", `{}`, "open_orders", map[string]any{}, "orders"},
		{"get_open_orders", `{"symbol":"BTCUSDT"}`, "open_orders", map[string]any{"symbol": "BTCUSDT"}, "orders"},
		{"get_order", `{"symbol":"BTCUSDT","client_order_id":"a-1"}`, "order_query", map[string]any{"symbol": "BTCUSDT", "origClientOrderId": "a-1"}, ""},
		{"get_orders", `{"symbol":"BTCUSDT","start_time":1,"end_time":2,"limit":5}`, "all_orders",
			map[string]any{"symbol": "BTCUSDT", "startTime": json.Number("1"), "endTime": json.Number("2"), "limit": json.Number("5")}, "orders"},
		{"get_my_trades", `{"symbol":"BTCUSDT","order_id":7,"from_id":0}`, "my_trades",
			map[string]any{"symbol": "BTCUSDT", "orderId": json.Number("7"), "fromId": json.Number("0")}, "trades"},
		{"get_rate_limit_status", `{}`, "rate_limit_status", map[string]any{}, ""},
		{"get_account_snapshot", `{"account_type":"SPOT","limit":7}`, "account_snapshot", map[string]any{"type": "SPOT", "limit": json.Number("7")}, ""},
		{"get_fee_info", `{"symbol":"BTCUSDT"}`, "trade_fee", map[string]any{"symbol": "BTCUSDT"}, "fees"},
		{"get_deposit_address", `{"coin":"usdt","network":"TRX"}`, "deposit_address", map[string]any{"coin": "usdt", "network": "TRX"}, ""},
		{"get_deposit_history", `{"coin":"BTC","status":1,"offset":0}`, "deposit_history", map[string]any{"coin": "BTC", "status": json.Number("1"), "offset": json.Number("0")}, "deposits"},
		{"get_withdraw_history", `{"start_time":5}`, "withdraw_history", map[string]any{"startTime": json.Number("5")}, "withdrawals"},
		{"get_universal_transfer_history", `{"type":"MAIN_UMFUTURE","current":1,"size":10}`, "transfer_history",
			map[string]any{"type": "MAIN_UMFUTURE", "current": json.Number("1"), "size": json.Number("10")}, ""},
		{"get_position_info", `{"symbol":"BTCUSDT"}`, "futures_positions", map[string]any{"symbol": "BTCUSDT"}, "positions"},
		{"get_pnl", `{"symbol":"BTCUSDT","limit":10}`, "futures_income", map[string]any{"symbol": "BTCUSDT", "limit": json.Number("10"), "incomeType": "REALIZED_PNL"}, "pnl"},
		{"get_liquidation_history", `{}`, "futures_force_orders", map[string]any{}, "orders"},
	} {
		t.Run(tc.tool+" "+tc.args, func(t *testing.T) {
			h := toolsdktest.NewHost()
			answer := json.RawMessage(`[{"orderId":1}]`)
			if tc.key == "" {
				answer = json.RawMessage(`{"orderId":1}`)
			}
			h.Respond(tc.op, toolsdktest.OK(answer))
			res, err := h.Call(tc.tool, json.RawMessage(tc.args))
			if err != nil || res.Err != nil {
				t.Fatalf("%v %+v", err, res.Err)
			}
			if len(res.Requests) != 1 || res.Requests[0].Op != tc.op || !reflect.DeepEqual(res.Requests[0].Params, tc.params) {
				t.Fatalf("requests %+v, want %s %v", res.Requests, tc.op, tc.params)
			}
			want := string(answer)
			if tc.key != "" {
				want = `{"` + tc.key + `":` + want + `}`
			}
			if string(res.Data) != want {
				t.Fatalf("data %s, want %s", res.Data, want)
			}
		})
	}
}
