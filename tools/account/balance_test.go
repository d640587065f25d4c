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
