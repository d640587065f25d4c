package binancetest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// wantSapiWeight fails unless a reports used as the weight of its /sapi endpoint.
func wantSapiWeight(t *testing.T, a answer, used int) {
	t.Helper()
	if got := a.header.Get("X-SAPI-USED-IP-WEIGHT-1M"); got != strconv.Itoa(used) {
		t.Errorf("X-SAPI-USED-IP-WEIGHT-1M %q, want %d", got, used)
	}
	if got := a.header.Get("X-MBX-USED-WEIGHT-1M"); got != "" {
		t.Errorf("a /sapi answer carries X-MBX-USED-WEIGHT-1M %q", got)
	}
}

const (
	btcAddr   = `{"address":"1HPn8Rx2y6nNSfagQBKy27GB99Vbzg89wv","coin":"BTC","tag":"","url":"https://btc.com/1HPn8Rx2y6nNSfagQBKy27GB99Vbzg89wv"}`
	usdtETH   = `{"address":"0x94df8b352de7f46f64b01d3666bf6e936e44ce60","coin":"USDT","tag":"","url":"https://etherscan.io/address/0x94df8b352de7f46f64b01d3666bf6e936e44ce60"}`
	usdtTRX   = `{"address":"TJDENsfBJs4RFETt1X1W8wMDc8M5XnJhCe","coin":"USDT","tag":"","url":"https://tronscan.org/#/address/TJDENsfBJs4RFETt1X1W8wMDc8M5XnJhCe"}`
	deposit1  = `{"id":"769800519366885376","amount":"0.50000000","coin":"BTC","network":"BTC","status":1,"address":"1HPn8Rx2y6nNSfagQBKy27GB99Vbzg89wv","addressTag":"","txId":"b3c3d6f8a1e5b2c4d7e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1","insertTime":1780300800000,"transferType":0,"confirmTimes":"2/2","unlockConfirm":0,"walletType":0}`
	deposit2  = `{"id":"769800519366885377","amount":"2500.00000000","coin":"USDT","network":"TRX","status":1,"address":"TJDENsfBJs4RFETt1X1W8wMDc8M5XnJhCe","addressTag":"","txId":"98a3ea560c6b3336d348b6c83f0f95ece4f1f5919e94bd006e5bf3bf264facfc","insertTime":1781094600000,"transferType":0,"confirmTimes":"1/1","unlockConfirm":0,"walletType":0}`
	withdraw1 = `{"id":"b6ae22b3aa844210a7041aee7589627c","amount":"100.00000000","transactionFee":"1.00000000","coin":"USDT","status":6,"address":"0x94df8b352de7f46f64b01d3666bf6e936e44ce60","txId":"0xb5ef8c13b968a406cc62a93a8bd80f9e9a906ef1b3fcf20a2e48573c17659268","applyTime":"2026-06-12 09:15:00","network":"ETH","transferType":0,"withdrawOrderId":"WITHDRAWtest123","info":"","confirmNo":12,"walletType":0,"txKey":"","completeTime":"2026-06-12 09:20:00"}`
	withdraw2 = `{"id":"156ec387f49b41df8724fa744fa82719","amount":"0.01000000","transactionFee":"0.00020000","coin":"BTC","status":6,"address":"1FZdVHtiBqMrWdjPyRPULCUceZPJ2WLCsB","txId":"60fd9007ebfddc753455f95fafa808c4302c836e4d1eebc5a132c36c1d8ac354","applyTime":"2026-06-14 16:00:00","network":"BTC","transferType":0,"info":"","confirmNo":3,"walletType":0,"txKey":"","completeTime":"2026-06-14 16:40:00"}`
	transfer1 = `{"asset":"USDT","amount":"1000.00000000","type":"MAIN_UMFUTURE","status":"CONFIRMED","tranId":11415955596,"timestamp":1781337600000}`
	transfer2 = `{"asset":"USDT","amount":"250.00000000","type":"UMFUTURE_MAIN","status":"CONFIRMED","tranId":11415955597,"timestamp":1781424000000}`
)

// snapshot is the accountSnapshot answer with one vo of data per updateTime.
func snapshot(typ, data string, times ...int64) string {
	var vos []string
	for _, ms := range times {
		vos = append(vos, `{"data":`+data+`,"type":"`+typ+`","updateTime":`+strconv.FormatInt(ms, 10)+`}`)
	}
	return `{"code":200,"msg":"","snapshotVos":[` + strings.Join(vos, ",") + `]}`
}

// TestWallet: the /sapi wallet reads answer their fixed data, charged to their own per-endpoint
// budget, not the spot REQUEST_WEIGHT.
func TestWallet(t *testing.T) {
	const dayMs = 86_400_000
	jun14 := int64(1781481599999) // 2026-06-14 23:59:59.999 UTC, the last snapshot before t0
	days := func(n int, last int64) []int64 {
		var out []int64
		for i := n - 1; i >= 0; i-- {
			out = append(out, last-int64(i)*dayMs)
		}
		return out
	}
	spot := snapshotData["SPOT"]
	cases := []struct {
		name, path, params, want string
		weight                   int
	}{
		{"address BTC", "/sapi/v1/capital/deposit/address", "coin=BTC", btcAddr, 10},
		{"address default network", "/sapi/v1/capital/deposit/address", "coin=USDT", usdtETH, 10},
		{"address network", "/sapi/v1/capital/deposit/address", "coin=USDT&network=TRX", usdtTRX, 10},
		{"deposits", "/sapi/v1/capital/deposit/hisrec", "", "[" + deposit1 + "," + deposit2 + "]", 1},
		{"deposits coin", "/sapi/v1/capital/deposit/hisrec", "coin=USDT", "[" + deposit2 + "]", 1},
		{"deposits status", "/sapi/v1/capital/deposit/hisrec", "status=0", "[]", 1},
		{"deposits txId", "/sapi/v1/capital/deposit/hisrec", "txId=b3c3d6f8a1e5b2c4d7e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1", "[" + deposit1 + "]", 1},
		{"deposits startTime", "/sapi/v1/capital/deposit/hisrec", "startTime=1780300800001", "[" + deposit2 + "]", 1},
		{"deposits endTime inclusive", "/sapi/v1/capital/deposit/hisrec", "endTime=1780300800000", "[" + deposit1 + "]", 1},
		{"deposits offset limit", "/sapi/v1/capital/deposit/hisrec", "offset=1&limit=1&includeSource=true", "[" + deposit2 + "]", 1},
		{"deposits offset past the end", "/sapi/v1/capital/deposit/hisrec", "offset=5", "[]", 1},
		{"withdrawals", "/sapi/v1/capital/withdraw/history", "", "[" + withdraw1 + "," + withdraw2 + "]", 18},
		{"withdrawals coin", "/sapi/v1/capital/withdraw/history", "coin=BTC", "[" + withdraw2 + "]", 18},
		{"withdrawals withdrawOrderId", "/sapi/v1/capital/withdraw/history", "withdrawOrderId=WITHDRAWtest123", "[" + withdraw1 + "]", 18},
		{"withdrawals idList", "/sapi/v1/capital/withdraw/history", "idList=x,156ec387f49b41df8724fa744fa82719", "[" + withdraw2 + "]", 18},
		{"withdrawals applyTime range", "/sapi/v1/capital/withdraw/history", "startTime=1781255700000&endTime=1781255700000", "[" + withdraw1 + "]", 18},
		{"transfers", "/sapi/v1/asset/transfer", "type=MAIN_UMFUTURE", `{"total":1,"rows":[` + transfer1 + `]}`, 1},
		{"transfers other way", "/sapi/v1/asset/transfer", "type=UMFUTURE_MAIN&current=1&size=100", `{"total":1,"rows":[` + transfer2 + `]}`, 1},
		{"transfers page past the end", "/sapi/v1/asset/transfer", "type=UMFUTURE_MAIN&current=2&size=1", `{"total":1,"rows":[]}`, 1},
		{"transfers none", "/sapi/v1/asset/transfer", "type=MAIN_MARGIN", `{"total":0}`, 1},
		{"transfers out of range", "/sapi/v1/asset/transfer", "type=MAIN_UMFUTURE&endTime=1781337599999", `{"total":0}`, 1},
		{"snapshot SPOT", "/sapi/v1/accountSnapshot", "type=SPOT", snapshot("spot", spot, days(7, jun14)...), 2400},
		{"snapshot limit", "/sapi/v1/accountSnapshot", "type=FUTURES&limit=8", snapshot("futures", snapshotData["FUTURES"], days(8, jun14)...), 2400},
		{"snapshot MARGIN endTime", "/sapi/v1/accountSnapshot", "type=MARGIN&endTime=" + strconv.FormatInt(jun14-dayMs, 10), snapshot("margin", snapshotData["MARGIN"], days(7, jun14-dayMs)...), 2400},
		{"snapshot endTime mid-day", "/sapi/v1/accountSnapshot", "type=SPOT&endTime=" + strconv.FormatInt(jun14-dayMs/2, 10), snapshot("spot", spot, days(7, jun14-dayMs)...), 2400},
		{"snapshot startTime", "/sapi/v1/accountSnapshot", "type=SPOT&startTime=" + strconv.FormatInt(jun14-dayMs, 10), snapshot("spot", spot, jun14-dayMs, jun14), 2400},
		{"tradeFee symbol", "/sapi/v1/asset/tradeFee", "symbol=BTCUSDT", `[{"symbol":"BTCUSDT","makerCommission":"0.0015","takerCommission":"0.0015"}]`, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := start(t, WithAPIKey(docKey, docSecret))
			a := sreq(t, s, http.MethodGet, c.path, c.params)
			wantBody(t, a, c.want)
			wantSapiWeight(t, a, c.weight)
			if s.UsedWeight() != 0 {
				t.Errorf("a /sapi read used %d spot weight", s.UsedWeight())
			}
		})
	}

	t.Run("tradeFee all", func(t *testing.T) {
		s, _ := start(t, WithAPIKey(docKey, docSecret))
		a := mustOK(t, sreq(t, s, http.MethodGet, "/sapi/v1/asset/tradeFee", ""))
		rows := list(parse(t, a.body))
		if len(rows) != 2276 || obj(rows[0])["symbol"] != "ETHBTC" || obj(rows[0])["takerCommission"] != "0.0015" {
			t.Errorf("%d rows, first %v", len(rows), rows[0])
		}
	})
	t.Run("budgets per endpoint", func(t *testing.T) {
		s, _ := start(t, WithAPIKey(docKey, docSecret))
		for i := 1; i <= 5; i++ {
			a := mustOK(t, sreq(t, s, http.MethodGet, "/sapi/v1/accountSnapshot", "type=SPOT"))
			wantSapiWeight(t, a, 2400*i)
		}
		wantSapiWeight(t, sreq(t, s, http.MethodGet, "/sapi/v1/capital/deposit/address", "coin=BTC"), 10)
		a := sreq(t, s, http.MethodGet, "/sapi/v1/accountSnapshot", "type=SPOT")
		wantError(t, a, http.StatusTooManyRequests, -1003, "Too much request weight used; current limit is 12000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.")
		wantSapiWeight(t, a, 14400)
		if a.header.Get("Retry-After") != "50" {
			t.Errorf("Retry-After %q", a.header.Get("Retry-After"))
		}
	})
}

// TestWalletErrors: each documented refusal of the wallet reads.
func TestWalletErrors(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	cases := []struct {
		name, path, params string
		code               int
		msg                string
	}{
		{"address no coin", "/sapi/v1/capital/deposit/address", "", -1102, "Mandatory parameter 'coin' was not sent, was empty/null, or malformed."},
		{"address unknown coin", "/sapi/v1/capital/deposit/address", "coin=DOGE", -1130, "Data sent for parameter 'coin' is not valid."},
		{"address unknown network", "/sapi/v1/capital/deposit/address", "coin=BTC&network=ETH", -1130, "Data sent for parameter 'network' is not valid."},
		{"deposits bad status", "/sapi/v1/capital/deposit/hisrec", "status=x", -1100, "Illegal characters found in parameter 'status'; legal range is '^[0-9]{1,20}$'."},
		{"deposits bad includeSource", "/sapi/v1/capital/deposit/hisrec", "includeSource=yes", -1130, "Data sent for parameter 'includeSource' is not valid."},
		{"deposits limit 1001", "/sapi/v1/capital/deposit/hisrec", "limit=1001", -1130, "Data sent for parameter 'limit' is not valid."},
		{"deposits unknown parameter", "/sapi/v1/capital/deposit/hisrec", "symbol=BTCUSDT", -1104, "Not all sent parameters were read; read '2' parameter(s) but was sent '3'."},
		{"withdrawals bad startTime", "/sapi/v1/capital/withdraw/history", "startTime=x", -1100, "Illegal characters found in parameter 'startTime'; legal range is '^[0-9]{1,20}$'."},
		{"transfers no type", "/sapi/v1/asset/transfer", "", -1102, "Mandatory parameter 'type' was not sent, was empty/null, or malformed."},
		{"transfers bad type", "/sapi/v1/asset/transfer", "type=MAIN_MOON", -1130, "Data sent for parameter 'type' is not valid."},
		{"transfers current 0", "/sapi/v1/asset/transfer", "type=MAIN_UMFUTURE&current=0", -1130, "Data sent for parameter 'current' is not valid."},
		{"transfers size 101", "/sapi/v1/asset/transfer", "type=MAIN_UMFUTURE&size=101", -1130, "Data sent for parameter 'size' is not valid."},
		{"snapshot no type", "/sapi/v1/accountSnapshot", "", -1102, "Mandatory parameter 'type' was not sent, was empty/null, or malformed."},
		{"snapshot bad type", "/sapi/v1/accountSnapshot", "type=spot", -1130, "Data sent for parameter 'type' is not valid."},
		{"snapshot limit 6", "/sapi/v1/accountSnapshot", "type=SPOT&limit=6", -1130, "Data sent for parameter 'limit' is not valid."},
		{"snapshot limit 31", "/sapi/v1/accountSnapshot", "type=SPOT&limit=31", -1130, "Data sent for parameter 'limit' is not valid."},
		{"tradeFee unknown symbol", "/sapi/v1/asset/tradeFee", "symbol=NOPE", -1121, "Invalid symbol."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, sreq(t, s, http.MethodGet, c.path, c.params), http.StatusBadRequest, c.code, c.msg)
		})
	}
	// Signed like every other USER_DATA read.
	a := do(t, http.MethodGet, s.URL()+"/sapi/v1/asset/tradeFee?"+tsParam+"&signature=00", "")
	wantError(t, a, http.StatusUnauthorized, -2015, "Invalid API-key, IP, or permissions for action.")
}
