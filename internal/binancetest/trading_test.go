package binancetest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sreq sends a signed request with the documentation key, all parameters in the query.
func sreq(t *testing.T, s *Server, method, path, params string) answer {
	t.Helper()
	return signedReq(t, s, method, path, docKey, hmacSigner(docSecret), params)
}

// mustOK fails the test unless a is 200.
func mustOK(t *testing.T, a answer) answer {
	t.Helper()
	if a.status != http.StatusOK {
		t.Fatalf("status %d: %s", a.status, a.body)
	}
	return a
}

func wantWeight(t *testing.T, a answer, want int) {
	t.Helper()
	if used, _ := weightHeaders(t, a); used != want {
		t.Errorf("used weight %d, want %d", used, want)
	}
}

const (
	tt      = "1781506390000" // t0 in ms
	limBuy  = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000"
	limSell = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=70000"
	mktBuy  = "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001"
	adaBuy  = "symbol=ADABTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=10&price=0.00001"
)

// queried is an order as GET /api/v3/order, openOrders and allOrders write it.
func queried(id, cid, side, price, status string) string {
	return `{"symbol":"BTCUSDT","orderId":` + id + `,"orderListId":-1,"clientOrderId":"` + cid + `","price":"` + price +
		`","origQty":"0.01000000","executedQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"` + status +
		`","timeInForce":"GTC","type":"LIMIT","side":"` + side + `","time":` + tt + `,"updateTime":` + tt +
		`,"isWorking":true,"workingTime":` + tt + `,"origQuoteOrderQty":"0.00000000","selfTradePreventionMode":"NONE"}`
}

// canceled is the rest-api.md "Cancel order" answer for the LIMIT BUY limBuy.
func canceled(id, origCID, cid string) string {
	return `{"symbol":"BTCUSDT","origClientOrderId":"` + origCID + `","orderId":` + id + `,"orderListId":-1,"clientOrderId":"` + cid +
		`","transactTime":` + tt + `,"price":"60000.00000000","origQty":"0.01000000","executedQty":"0.00000000",` +
		`"origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC",` +
		`"type":"LIMIT","side":"BUY","selfTradePreventionMode":"NONE"}`
}

// TestCancelOrder: DELETE /api/v3/order (rest-api.md "Cancel order"), weight 1. Orders 1
// (LIMIT BUY "lim1"), 2 (MARKET, FILLED) and 3 (LIMIT BUY "lim3") are placed first.
func TestCancelOrder(t *testing.T) {
	cases := []struct {
		name, params string
		want         string // the accepted answer, or ""
		code         int
		msg          string
	}{
		{"by orderId", "symbol=BTCUSDT&orderId=1", canceled("1", "lim1", "standincancel1"), 0, ""},
		{"by origClientOrderId", "symbol=BTCUSDT&origClientOrderId=lim1", canceled("1", "lim1", "standincancel1"), 0, ""},
		{"both, matching", "symbol=BTCUSDT&orderId=1&origClientOrderId=lim1", canceled("1", "lim1", "standincancel1"), 0, ""},
		{"newClientOrderId", "symbol=BTCUSDT&orderId=1&newClientOrderId=myCancel", canceled("1", "lim1", "myCancel"), 0, ""},
		{"ONLY_NEW", "symbol=BTCUSDT&orderId=1&cancelRestrictions=ONLY_NEW", canceled("1", "lim1", "standincancel1"), 0, ""},
		{"both, not matching", "symbol=BTCUSDT&orderId=1&origClientOrderId=lim3", "", -2011, "Unknown order sent."},
		{"unknown orderId", "symbol=BTCUSDT&orderId=99", "", -2011, "Unknown order sent."},
		{"unknown origClientOrderId", "symbol=BTCUSDT&origClientOrderId=nope", "", -2011, "Unknown order sent."},
		{"other symbol", "symbol=ETHBTC&orderId=1", "", -2011, "Unknown order sent."},
		{"filled order", "symbol=BTCUSDT&orderId=2", "", -2011, "Unknown order sent."},
		{"ONLY_PARTIALLY_FILLED", "symbol=BTCUSDT&orderId=1&cancelRestrictions=ONLY_PARTIALLY_FILLED", "", -2011, "Order was not canceled due to cancel restrictions."},
		{"bad cancelRestrictions", "symbol=BTCUSDT&orderId=1&cancelRestrictions=ANY", "", -1145, "Invalid cancelRestrictions"},
		{"neither id", "symbol=BTCUSDT", "", -1102, "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!"},
		{"no symbol", "orderId=1", "", -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."},
		{"unknown symbol", "symbol=NOPE&orderId=1", "", -1121, "Invalid symbol."},
		{"bad orderId", "symbol=BTCUSDT&orderId=x", "", -1100, "Illegal characters found in parameter 'orderId'; legal range is '^[0-9]{1,20}$'."},
		{"bad newClientOrderId", "symbol=BTCUSDT&orderId=1&newClientOrderId=a%20b", "", -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'."},
		{"unknown parameter", "symbol=BTCUSDT&orderId=1&side=BUY", "", -1104, "Not all sent parameters were read; read '4' parameter(s) but was sent '5'."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := start(t, WithAPIKey(docKey, docSecret))
			mustOK(t, order(t, s, limBuy+"&newClientOrderId=lim1"))
			mustOK(t, order(t, s, mktBuy))
			mustOK(t, order(t, s, limBuy+"&newClientOrderId=lim3"))
			before := s.UsedWeight()
			a := sreq(t, s, http.MethodDelete, "/api/v3/order", c.params)
			if c.want == "" {
				wantError(t, a, http.StatusBadRequest, c.code, c.msg)
				if st := s.Orders()[0].Status; st != "NEW" {
					t.Errorf("order 1 is %s after a refused cancel", st)
				}
			} else {
				wantBody(t, a, c.want)
				o := s.Orders()[0]
				if o.Status != "CANCELED" || o.UpdateTime != t0.UnixMilli() {
					t.Errorf("order 1 after cancel: %+v", o)
				}
				// A second cancel finds no open order.
				wantError(t, sreq(t, s, http.MethodDelete, "/api/v3/order", c.params), 400, -2011, "Unknown order sent.")
			}
			if used, _ := weightHeaders(t, a); used != before+1 {
				t.Errorf("weight %d, want %d", used-before, 1)
			}
			if n := s.Placements(); n != 3 {
				t.Errorf("Placements %d", n)
			}
		})
	}
}

// TestCancelOpenOrders: DELETE /api/v3/openOrders cancels the symbol's open orders only,
// oldest first; with none open it is -2011.
func TestCancelOpenOrders(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	mustOK(t, order(t, s, limBuy+"&newClientOrderId=a1")) // 1
	mustOK(t, order(t, s, mktBuy))                        // 2, FILLED
	mustOK(t, order(t, s, adaBuy))                        // 3, ADABTC
	mustOK(t, order(t, s, limBuy+"&newClientOrderId=a4")) // 4
	a := sreq(t, s, http.MethodDelete, "/api/v3/openOrders", "symbol=BTCUSDT")
	wantBody(t, a, "["+canceled("1", "a1", "standincancel1")+","+canceled("4", "a4", "standincancel4")+"]")
	wantWeight(t, a, 4+1)
	wantError(t, sreq(t, s, http.MethodDelete, "/api/v3/openOrders", "symbol=BTCUSDT"), 400, -2011, "Unknown order sent.")
	var st []string
	for _, o := range s.Orders() {
		st = append(st, o.Status)
	}
	if got := strings.Join(st, " "); got != "CANCELED FILLED NEW CANCELED" {
		t.Errorf("statuses %s", got)
	}
	for _, c := range []struct {
		params string
		code   int
		msg    string
	}{
		{"", -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."},
		{"symbol=NOPE", -1121, "Invalid symbol."},
		{"symbol=btcusdt", -1100, "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'."},
		{"symbol=ETHBTC", -2011, "Unknown order sent."},
	} {
		wantError(t, sreq(t, s, http.MethodDelete, "/api/v3/openOrders", c.params), 400, c.code, c.msg)
	}
	mustOK(t, sreq(t, s, http.MethodDelete, "/api/v3/openOrders", "symbol=ADABTC"))
}

// TestOpenOrders: GET /api/v3/openOrders lists NEW orders, on the symbol (weight 6) or all
// (weight 80), oldest first.
func TestOpenOrders(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	a := sreq(t, s, http.MethodGet, "/api/v3/openOrders", "symbol=BTCUSDT")
	wantBody(t, a, "[]")
	wantWeight(t, a, 6)
	mustOK(t, order(t, s, limBuy+"&newClientOrderId=o1"))  // 1
	mustOK(t, order(t, s, mktBuy))                         // 2, FILLED
	mustOK(t, order(t, s, limSell+"&newClientOrderId=o3")) // 3
	mustOK(t, order(t, s, adaBuy))                         // 4
	mustOK(t, order(t, s, limBuy+"&newClientOrderId=o5"))  // 5, canceled below
	mustOK(t, sreq(t, s, http.MethodDelete, "/api/v3/order", "symbol=BTCUSDT&orderId=5"))
	used := s.UsedWeight()

	a = sreq(t, s, http.MethodGet, "/api/v3/openOrders", "symbol=BTCUSDT")
	wantBody(t, a, "["+queried("1", "o1", "BUY", "60000.00000000", "NEW")+","+queried("3", "o3", "SELL", "70000.00000000", "NEW")+"]")
	wantWeight(t, a, used+6)
	a = sreq(t, s, http.MethodGet, "/api/v3/openOrders", "")
	if a.status != 200 || strings.Count(string(a.body), `"orderId"`) != 3 || !strings.Contains(string(a.body), `"symbol":"ADABTC","orderId":4`) {
		t.Errorf("all open orders: %d %s", a.status, a.body)
	}
	wantWeight(t, a, used+6+80)
	wantBody(t, sreq(t, s, http.MethodGet, "/api/v3/openOrders", "symbol=ETHBTC"), "[]")
	wantError(t, sreq(t, s, http.MethodGet, "/api/v3/openOrders", "symbol=NOPE"), 400, -1121, "Invalid symbol.")
	wantError(t, sreq(t, s, http.MethodGet, "/api/v3/openOrders", "symbol=BTCUSDT&orderId=1"), 400, -1104, "Not all sent parameters were read; read '3' parameter(s) but was sent '4'.")
}

// TestAllOrders: GET /api/v3/allOrders, weight 20: every status, oldest first; orderId from
// it; startTime/endTime inclusive, at most 24 hours apart; limit most recent (or first from
// orderId or startTime).
func TestAllOrders(t *testing.T) {
	s, clock := start(t, WithAPIKey(docKey, docSecret))
	mustOK(t, order(t, s, limBuy+"&newClientOrderId=x1")) // 1 at t0
	clock.Advance(time.Hour)
	mustOK(t, order(t, s, mktBuy)) // 2 at t0+1h, FILLED
	mustOK(t, order(t, s, adaBuy)) // 3, ADABTC
	clock.Advance(time.Hour)
	mustOK(t, order(t, s, limSell+"&newClientOrderId=x4")) // 4 at t0+2h
	mustOK(t, sreq(t, s, http.MethodDelete, "/api/v3/order", "symbol=BTCUSDT&orderId=4"))

	ms := func(d time.Duration) string { return strconv.FormatInt(t0.Add(d).UnixMilli(), 10) }
	ids := func(a answer) string {
		t.Helper()
		if a.status != 200 {
			t.Fatalf("%d %s", a.status, a.body)
		}
		var out []string
		for _, o := range list(parse(t, a.body)) {
			out = append(out, obj(o)["orderId"].(interface{ String() string }).String()+":"+obj(o)["status"].(string))
		}
		return strings.Join(out, " ")
	}
	cases := []struct{ name, params, want string }{
		{"all", "symbol=BTCUSDT", "1:NEW 2:FILLED 4:CANCELED"},
		{"other symbol", "symbol=ADABTC", "3:NEW"},
		{"none", "symbol=ETHBTC", ""},
		{"from orderId", "symbol=BTCUSDT&orderId=2", "2:FILLED 4:CANCELED"},
		{"orderId limit", "symbol=BTCUSDT&orderId=1&limit=2", "1:NEW 2:FILLED"},
		{"limit most recent", "symbol=BTCUSDT&limit=2", "2:FILLED 4:CANCELED"},
		{"startTime", "symbol=BTCUSDT&startTime=" + ms(time.Hour), "2:FILLED 4:CANCELED"},
		{"startTime limit", "symbol=BTCUSDT&startTime=" + ms(0) + "&limit=1", "1:NEW"},
		{"endTime inclusive", "symbol=BTCUSDT&endTime=" + ms(time.Hour), "1:NEW 2:FILLED"},
		{"24 hours exactly", "symbol=BTCUSDT&startTime=" + ms(0) + "&endTime=" + ms(24*time.Hour), "1:NEW 2:FILLED 4:CANCELED"},
		{"microseconds", "symbol=BTCUSDT&startTime=" + strconv.FormatInt(t0.Add(2*time.Hour).UnixMicro(), 10), "4:CANCELED"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := s.UsedWeight()
			a := sreq(t, s, http.MethodGet, "/api/v3/allOrders", c.params)
			if got := ids(a); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
			wantWeight(t, a, before+20)
		})
	}
	// The accepted shape, byte for byte.
	wantBody(t, sreq(t, s, http.MethodGet, "/api/v3/allOrders", "symbol=BTCUSDT&limit=1&orderId=1"), "["+queried("1", "x1", "BUY", "60000.00000000", "NEW")+"]")

	for _, c := range []struct {
		name, params string
		code         int
		msg          string
	}{
		{"more than 24 hours", "symbol=BTCUSDT&startTime=" + ms(0) + "&endTime=" + ms(24*time.Hour+time.Millisecond), -1127, "More than 24 hours between startTime and endTime."},
		{"no symbol", "orderId=1", -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."},
		{"unknown symbol", "symbol=NOPE", -1121, "Invalid symbol."},
		{"limit 0", "symbol=BTCUSDT&limit=0", -1130, "Data sent for parameter 'limit' is not valid."},
		{"limit 1001", "symbol=BTCUSDT&limit=1001", -1130, "Data sent for parameter 'limit' is not valid."},
		{"bad startTime", "symbol=BTCUSDT&startTime=yesterday", -1100, "Illegal characters found in parameter 'startTime'; legal range is '^[0-9]{1,20}$'."},
		{"empty orderId", "symbol=BTCUSDT&orderId=", -1105, "Parameter 'orderId' was empty."},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, sreq(t, s, http.MethodGet, "/api/v3/allOrders", c.params), 400, c.code, c.msg)
		})
	}
}

// trade is a GET /api/v3/myTrades row of a MARKET BUY of 0.001 BTCUSDT at 65861.66.
func trade(id, orderID, ms string) string {
	return `{"symbol":"BTCUSDT","id":` + id + `,"orderId":` + orderID + `,"orderListId":-1,"price":"65861.66000000",` +
		`"qty":"0.00100000","quoteQty":"65.86166000","commission":"0.00000150","commissionAsset":"BTC","time":` + ms +
		`,"isBuyer":true,"isMaker":false,"isBestMatch":true}`
}

// TestMyTrades: GET /api/v3/myTrades, weight 20 (5 with orderId), with the parameter
// combinations rest-api.md lists.
func TestMyTrades(t *testing.T) {
	s, clock := start(t, WithAPIKey(docKey, docSecret))
	mustOK(t, order(t, s, mktBuy)) // order 1, trade 1 at t0
	mustOK(t, order(t, s, limBuy)) // order 2, no trade
	clock.Advance(time.Hour)
	mustOK(t, order(t, s, mktBuy))                                                        // order 3, trade 2 at t0+1h
	sell := mustOK(t, order(t, s, "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001")) // order 4, trade 3
	if !strings.Contains(string(sell.body), `"commission":"0.09879249","commissionAsset":"USDT","tradeId":3`) {
		t.Errorf("SELL fill: %s", sell.body)
	}
	ms := func(d time.Duration) string { return strconv.FormatInt(t0.Add(d).UnixMilli(), 10) }
	t1, t2 := trade("1", "1", ms(0)), trade("2", "3", ms(time.Hour))
	t3 := `{"symbol":"BTCUSDT","id":3,"orderId":4,"orderListId":-1,"price":"65861.66000000","qty":"0.00100000","quoteQty":"65.86166000",` +
		`"commission":"0.09879249","commissionAsset":"USDT","time":` + ms(time.Hour) + `,"isBuyer":false,"isMaker":false,"isBestMatch":true}`
	cases := []struct {
		name, params, want string
		weight             int
	}{
		{"symbol", "symbol=BTCUSDT", "[" + t1 + "," + t2 + "," + t3 + "]", 20},
		{"limit most recent", "symbol=BTCUSDT&limit=1", "[" + t3 + "]", 20},
		{"orderId", "symbol=BTCUSDT&orderId=3", "[" + t2 + "]", 5},
		{"orderId without trades", "symbol=BTCUSDT&orderId=2", "[]", 5},
		{"orderId fromId", "symbol=BTCUSDT&orderId=3&fromId=3", "[]", 5},
		{"fromId", "symbol=BTCUSDT&fromId=2", "[" + t2 + "," + t3 + "]", 20},
		{"fromId limit", "symbol=BTCUSDT&fromId=1&limit=1", "[" + t1 + "]", 20},
		{"startTime", "symbol=BTCUSDT&startTime=" + ms(time.Minute), "[" + t2 + "," + t3 + "]", 20},
		{"endTime", "symbol=BTCUSDT&endTime=" + ms(time.Minute), "[" + t1 + "]", 20},
		{"24 hours exactly", "symbol=BTCUSDT&startTime=" + ms(0) + "&endTime=" + ms(24*time.Hour), "[" + t1 + "," + t2 + "," + t3 + "]", 20},
		{"other symbol", "symbol=ADABTC", "[]", 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := s.UsedWeight()
			a := sreq(t, s, http.MethodGet, "/api/v3/myTrades", c.params)
			wantBody(t, a, c.want)
			wantWeight(t, a, before+c.weight)
		})
	}
	for _, c := range []struct {
		name, params string
		code         int
		msg          string
	}{
		{"more than 24 hours", "symbol=BTCUSDT&startTime=" + ms(0) + "&endTime=" + ms(24*time.Hour+time.Millisecond), -1127, "More than 24 hours between startTime and endTime."},
		{"fromId startTime", "symbol=BTCUSDT&fromId=1&startTime=" + ms(0), -1128, "Combination of optional parameters invalid."},
		{"orderId endTime", "symbol=BTCUSDT&orderId=1&endTime=" + ms(0), -1128, "Combination of optional parameters invalid."},
		{"no symbol", "orderId=1", -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."},
		{"unknown symbol", "symbol=NOPE", -1121, "Invalid symbol."},
		{"limit 1001", "symbol=BTCUSDT&limit=1001", -1130, "Data sent for parameter 'limit' is not valid."},
		{"bad fromId", "symbol=BTCUSDT&fromId=-1", -1100, "Illegal characters found in parameter 'fromId'; legal range is '^[0-9]{1,20}$'."},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, sreq(t, s, http.MethodGet, "/api/v3/myTrades", c.params), 400, c.code, c.msg)
		})
	}
	if tr := s.Trades(); len(tr) != 3 || tr[0].OrderID != 1 || tr[1].OrderID != 3 || tr[2].IsBuyer {
		t.Errorf("Trades %+v", tr)
	}
}

// TestTradingUnsigned: the new signed routes refuse a request without a key.
func TestTradingUnsigned(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	for _, r := range []struct{ method, path string }{
		{http.MethodDelete, "/api/v3/order"}, {http.MethodDelete, "/api/v3/openOrders"}, {http.MethodGet, "/api/v3/openOrders"},
		{http.MethodGet, "/api/v3/allOrders"}, {http.MethodGet, "/api/v3/myTrades"},
	} {
		a := do(t, r.method, s.URL()+r.path+"?symbol=BTCUSDT&"+tsParam+"&signature=00", "")
		wantError(t, a, http.StatusUnauthorized, -2015, "Invalid API-key, IP, or permissions for action.")
	}
}
