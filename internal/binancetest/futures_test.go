package binancetest

import (
	"net/http"
	"strconv"
	"testing"
)

const (
	posBTCv2 = `{"entryPrice":"65000.0","breakEvenPrice":"65026.0","marginType":"cross","isAutoAddMargin":"false","isolatedMargin":"0.00000000","leverage":"10","liquidationPrice":"0","markPrice":"65861.66000000","maxNotionalValue":"20000000","positionAmt":"0.010","notional":"658.61660000","isolatedWallet":"0","symbol":"BTCUSDT","unRealizedProfit":"8.61660000","positionSide":"BOTH","updateTime":1781452800000}`
	posETHv2 = `{"entryPrice":"3500.0","breakEvenPrice":"3501.4","marginType":"cross","isAutoAddMargin":"false","isolatedMargin":"0.00000000","leverage":"10","liquidationPrice":"0","markPrice":"3450.00000000","maxNotionalValue":"20000000","positionAmt":"-0.500","notional":"-1725.00000000","isolatedWallet":"0","symbol":"ETHUSDT","unRealizedProfit":"25.00000000","positionSide":"BOTH","updateTime":1781424000000}`
	posBNBv2 = `{"entryPrice":"0.0","breakEvenPrice":"0.0","marginType":"cross","isAutoAddMargin":"false","isolatedMargin":"0.00000000","leverage":"10","liquidationPrice":"0","markPrice":"0.00000000","maxNotionalValue":"20000000","positionAmt":"0.000","notional":"0","isolatedWallet":"0","symbol":"BNBUSDT","unRealizedProfit":"0.00000000","positionSide":"BOTH","updateTime":0}`
	posBTCv3 = `{"symbol":"BTCUSDT","positionSide":"BOTH","positionAmt":"0.010","entryPrice":"65000.0","breakEvenPrice":"65026.0","markPrice":"65861.66000000","unRealizedProfit":"8.61660000","liquidationPrice":"0","isolatedMargin":"0","notional":"658.61660000","marginAsset":"USDT","isolatedWallet":"0","initialMargin":"65.86166000","maintMargin":"2.63446640","positionInitialMargin":"65.86166000","openOrderInitialMargin":"0","adl":2,"bidNotional":"0","askNotional":"0","updateTime":1781452800000}`
	posETHv3 = `{"symbol":"ETHUSDT","positionSide":"BOTH","positionAmt":"-0.500","entryPrice":"3500.0","breakEvenPrice":"3501.4","markPrice":"3450.00000000","unRealizedProfit":"25.00000000","liquidationPrice":"0","isolatedMargin":"0","notional":"-1725.00000000","marginAsset":"USDT","isolatedWallet":"0","initialMargin":"172.50000000","maintMargin":"6.90000000","positionInitialMargin":"172.50000000","openOrderInitialMargin":"0","adl":2,"bidNotional":"0","askNotional":"0","updateTime":1781424000000}`

	income1 = `{"symbol":"","incomeType":"TRANSFER","income":"1000.00000000","asset":"USDT","info":"TRANSFER","time":1781337600000,"tranId":9689322392,"tradeId":""}`
	income2 = `{"symbol":"ETHUSDT","incomeType":"FUNDING_FEE","income":"-0.13000000","asset":"USDT","info":"FUNDING_FEE","time":1781395200000,"tranId":9689322393,"tradeId":""}`
	income3 = `{"symbol":"BTCUSDT","incomeType":"REALIZED_PNL","income":"12.50000000","asset":"USDT","info":"REALIZED_PNL","time":1781424000000,"tranId":9689322394,"tradeId":"2059192"}`
	income4 = `{"symbol":"BTCUSDT","incomeType":"COMMISSION","income":"-0.26000000","asset":"USDT","info":"COMMISSION","time":1781424000000,"tranId":9689322395,"tradeId":"2059192"}`

	force1 = `{"orderId":6071832819,"symbol":"BTCUSDT","status":"FILLED","clientOrderId":"autoclose-1781255700000000020","price":"60871.09","avgPrice":"60913.21000","origQty":"0.002","executedQty":"0.002","cumQuote":"121.82642","timeInForce":"IOC","type":"LIMIT","reduceOnly":false,"closePosition":false,"side":"SELL","positionSide":"BOTH","stopPrice":"0","workingType":"CONTRACT_PRICE","origType":"LIMIT","time":1781255700044,"updateTime":1781255700087}`
	force2 = `{"orderId":6071832820,"symbol":"ETHUSDT","status":"FILLED","clientOrderId":"adl_autoclose-1781452800000000021","price":"3480.00","avgPrice":"3480.00000","origQty":"0.100","executedQty":"0.100","cumQuote":"348.00000","timeInForce":"IOC","type":"LIMIT","reduceOnly":false,"closePosition":false,"side":"BUY","positionSide":"BOTH","stopPrice":"0","workingType":"CONTRACT_PRICE","origType":"LIMIT","time":1781452800044,"updateTime":1781452800087}`
)

// TestFutures: the /fapi reads answer their fixed data, charged to the futures budget
// (X-MBX-USED-WEIGHT-1M, limit 2400), not the spot REQUEST_WEIGHT.
func TestFutures(t *testing.T) {
	cases := []struct {
		name, path, params, want string
		weight                   int
	}{
		{"v2 all", "/fapi/v2/positionRisk", "", "[" + posBTCv2 + "," + posETHv2 + "]", 5},
		{"v2 symbol", "/fapi/v2/positionRisk", "symbol=ETHUSDT", "[" + posETHv2 + "]", 5},
		{"v2 symbol without position", "/fapi/v2/positionRisk", "symbol=BNBUSDT", "[" + posBNBv2 + "]", 5},
		{"v3 all", "/fapi/v3/positionRisk", "", "[" + posBTCv3 + "," + posETHv3 + "]", 5},
		{"v3 symbol", "/fapi/v3/positionRisk", "symbol=BTCUSDT", "[" + posBTCv3 + "]", 5},
		{"v3 symbol without position", "/fapi/v3/positionRisk", "symbol=BNBUSDT", "[]", 5},
		{"income", "/fapi/v1/income", "", "[" + income1 + "," + income2 + "," + income3 + "," + income4 + "]", 30},
		{"income symbol", "/fapi/v1/income", "symbol=BTCUSDT", "[" + income3 + "," + income4 + "]", 30},
		{"income type", "/fapi/v1/income", "incomeType=FUNDING_FEE", "[" + income2 + "]", 30},
		{"income time", "/fapi/v1/income", "startTime=1781395200000&endTime=1781395200000", "[" + income2 + "]", 30},
		{"income page", "/fapi/v1/income", "page=2&limit=3", "[" + income4 + "]", 30},
		{"income page past the end", "/fapi/v1/income", "page=3&limit=3", "[]", 30},
		{"forceOrders", "/fapi/v1/forceOrders", "", "[" + force1 + "," + force2 + "]", 50},
		{"forceOrders symbol", "/fapi/v1/forceOrders", "symbol=BTCUSDT", "[" + force1 + "]", 20},
		{"forceOrders LIQUIDATION", "/fapi/v1/forceOrders", "autoCloseType=LIQUIDATION", "[" + force1 + "]", 50},
		{"forceOrders ADL", "/fapi/v1/forceOrders", "autoCloseType=ADL", "[" + force2 + "]", 50},
		{"forceOrders limit most recent", "/fapi/v1/forceOrders", "limit=1", "[" + force2 + "]", 50},
		{"forceOrders endTime", "/fapi/v1/forceOrders", "endTime=1781452800043", "[" + force1 + "]", 50},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := start(t, WithAPIKey(docKey, docSecret))
			a := sreq(t, s, http.MethodGet, c.path, c.params)
			wantBody(t, a, c.want)
			if got := a.header.Get("X-MBX-USED-WEIGHT-1M"); got != strconv.Itoa(c.weight) {
				t.Errorf("X-MBX-USED-WEIGHT-1M %q, want %d", got, c.weight)
			}
			if s.UsedWeight() != 0 {
				t.Errorf("a /fapi read used %d spot weight", s.UsedWeight())
			}
		})
	}
	t.Run("budget", func(t *testing.T) {
		s, _ := start(t, WithAPIKey(docKey, docSecret))
		for range 80 {
			mustOK(t, sreq(t, s, http.MethodGet, "/fapi/v1/income", ""))
		}
		a := sreq(t, s, http.MethodGet, "/fapi/v1/forceOrders", "symbol=BTCUSDT")
		wantError(t, a, http.StatusTooManyRequests, -1003, "Too much request weight used; current limit is 2400 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.")
		if got := a.header.Get("X-MBX-USED-WEIGHT-1M"); got != "2420" {
			t.Errorf("X-MBX-USED-WEIGHT-1M %q", got)
		}
		mustOK(t, sreq(t, s, http.MethodGet, "/api/v3/account", "")) // the spot budget is untouched
	})
}

// TestFuturesErrors: each refusal of the /fapi reads.
func TestFuturesErrors(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	cases := []struct {
		name, path, params string
		code               int
		msg                string
	}{
		{"positionRisk unknown symbol", "/fapi/v2/positionRisk", "symbol=NOPE", -1121, "Invalid symbol."},
		{"positionRisk v3 bad symbol", "/fapi/v3/positionRisk", "symbol=btcusdt", -1100, "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'."},
		{"positionRisk unknown parameter", "/fapi/v2/positionRisk", "limit=5", -1104, "Not all sent parameters were read; read '2' parameter(s) but was sent '3'."},
		{"income bad type", "/fapi/v1/income", "incomeType=GIFT", -1130, "Data sent for parameter 'incomeType' is not valid."},
		{"income page 0", "/fapi/v1/income", "page=0", -1130, "Data sent for parameter 'page' is not valid."},
		{"income limit 1001", "/fapi/v1/income", "limit=1001", -1130, "Data sent for parameter 'limit' is not valid."},
		{"income unknown symbol", "/fapi/v1/income", "symbol=NOPE", -1121, "Invalid symbol."},
		{"forceOrders bad autoCloseType", "/fapi/v1/forceOrders", "autoCloseType=BOTH", -1130, "Data sent for parameter 'autoCloseType' is not valid."},
		{"forceOrders limit 101", "/fapi/v1/forceOrders", "limit=101", -1130, "Data sent for parameter 'limit' is not valid."},
		{"forceOrders empty symbol", "/fapi/v1/forceOrders", "symbol=", -1105, "Parameter 'symbol' was empty."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, sreq(t, s, http.MethodGet, c.path, c.params), http.StatusBadRequest, c.code, c.msg)
		})
	}
	a := do(t, http.MethodGet, s.URL()+"/fapi/v2/positionRisk?"+tsParam+"&signature=00", "")
	wantError(t, a, http.StatusUnauthorized, -2015, "Invalid API-key, IP, or permissions for action.")
}
