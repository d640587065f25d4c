package binancetest

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// signer returns the signature parameter, as sent, for a payload.
type signer func(payload string) string

func hmacSigner(secret string) signer { return func(p string) string { return sign(secret, p) } }

func ed25519Signer(priv ed25519.PrivateKey) signer {
	return func(p string) string {
		return url.QueryEscape(base64.StdEncoding.EncodeToString(ed25519.Sign(priv, []byte(p))))
	}
}

func rsaSigner(t *testing.T, priv *rsa.PrivateKey) signer {
	return func(p string) string {
		sum := sha256.Sum256([]byte(p))
		sig, err := rsa.SignPKCS1v15(rand.Reader, priv, crypto.SHA256, sum[:])
		if err != nil {
			t.Fatal(err)
		}
		return url.QueryEscape(base64.StdEncoding.EncodeToString(sig))
	}
}

// tsParam is timestamp=t0 in ms, the stand-in's clock in start.
var tsParam = "timestamp=" + strconv.FormatInt(t0.UnixMilli(), 10)

// signedReq sends method path?params&timestamp=…&signature=… with key, all in the query. The
// timestamp is the client's clock, which is the stand-in's clock without its offset.
func signedReq(t *testing.T, s *Server, method, path, key string, sg signer, params string) answer {
	t.Helper()
	tsParam := "timestamp=" + strconv.FormatInt(s.now().UnixMilli(), 10)
	payload := tsParam
	if params != "" {
		payload = params + "&" + tsParam
	}
	req, err := http.NewRequest(method, s.URL()+path+"?"+payload+"&signature="+sg(payload), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-MBX-APIKEY", key)
	return send(t, req)
}

func order(t *testing.T, s *Server, params string) answer {
	t.Helper()
	return signedReq(t, s, http.MethodPost, "/api/v3/order", docKey, hmacSigner(docSecret), params)
}

func wantBody(t *testing.T, a answer, want string) {
	t.Helper()
	if a.status != http.StatusOK || string(a.body) != want {
		t.Errorf("answer %d\n got %s\nwant %s", a.status, a.body, want)
	}
}

// TestOrderAccepted places each kind of order a recorded symbol accepts, on BTCUSDT (last
// price 65861.66), and checks the answer byte for byte against the shapes of rest-api.md.
func TestOrderAccepted(t *testing.T) {
	const tt = "1781506390000" // t0
	ack := func(id, cid string) string {
		return `{"symbol":"BTCUSDT","orderId":` + id + `,"orderListId":-1,"clientOrderId":"` + cid + `","transactTime":` + tt + `}`
	}
	cases := []struct{ name, params, want string }{
		{"LIMIT default FULL", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000&newClientOrderId=lim1",
			`{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"lim1","transactTime":` + tt +
				`,"price":"60000.00000000","origQty":"0.01000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY","workingTime":` + tt + `,"selfTradePreventionMode":"NONE","fills":[]}`},
		{"LIMIT ACK", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=70000&newOrderRespType=ACK&newClientOrderId=lim2", ack("1", "lim2")},
		{"LIMIT RESULT iceberg strategy", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=70000&icebergQty=0.005&strategyId=7&strategyType=1000000&newOrderRespType=RESULT&newClientOrderId=lim3",
			`{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"lim3","transactTime":` + tt +
				`,"price":"70000.00000000","origQty":"0.01000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"SELL","workingTime":` + tt + `,"selfTradePreventionMode":"NONE","icebergQty":"0.00500000","strategyId":7,"strategyType":1000000}`},
		{"MARKET quantity default FULL", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=mkt1",
			`{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"mkt1","transactTime":` + tt +
				`,"price":"0.00000000","origQty":"0.00100000","executedQty":"0.00100000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"65.86166000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"BUY","workingTime":` + tt + `,"selfTradePreventionMode":"NONE",` +
				`"fills":[{"price":"65861.66000000","qty":"0.00100000","commission":"0.00000150","commissionAsset":"BTC","tradeId":1}]}`},
		{"MARKET quoteOrderQty SELL", "symbol=BTCUSDT&side=SELL&type=MARKET&quoteOrderQty=100&newClientOrderId=mkt2",
			`{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"mkt2","transactTime":` + tt +
				`,"price":"0.00000000","origQty":"0.00151000","executedQty":"0.00151000","origQuoteOrderQty":"100.00000000","cummulativeQuoteQty":"99.45110660","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL","workingTime":` + tt + `,"selfTradePreventionMode":"NONE",` +
				`"fills":[{"price":"65861.66000000","qty":"0.00151000","commission":"0.14917666","commissionAsset":"USDT","tradeId":1}]}`},
		{"LIMIT_MAKER default ACK", "symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.01&price=60000&newClientOrderId=mk1", ack("1", "mk1")},
		{"STOP_LOSS_LIMIT default ACK", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=60000&stopPrice=61000&newClientOrderId=sl1", ack("1", "sl1")},
		{"STOP_LOSS_LIMIT RESULT", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=60000&stopPrice=61000&newOrderRespType=RESULT&newClientOrderId=sl2",
			`{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"sl2","transactTime":` + tt +
				`,"price":"60000.00000000","origQty":"0.01000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"STOP_LOSS_LIMIT","side":"SELL","workingTime":-1,"selfTradePreventionMode":"NONE","stopPrice":"61000.00000000"}`},
		{"TAKE_PROFIT_LIMIT trailing FULL", "symbol=BTCUSDT&side=SELL&type=TAKE_PROFIT_LIMIT&timeInForce=GTC&quantity=0.01&price=70000&trailingDelta=100&newOrderRespType=FULL&newClientOrderId=tp1",
			`{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"tp1","transactTime":` + tt +
				`,"price":"70000.00000000","origQty":"0.01000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"TAKE_PROFIT_LIMIT","side":"SELL","workingTime":-1,"selfTradePreventionMode":"NONE","stopPrice":"0.00000000","trailingDelta":100,"trailingTime":-1,"fills":[]}`},
		{"generated clientOrderId", "symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.01&price=60000", ack("1", "standin1")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := start(t, WithAPIKey(docKey, docSecret))
			a := order(t, s, c.params)
			wantBody(t, a, c.want)
			if n := s.Placements(); n != 1 {
				t.Errorf("Placements %d", n)
			}
			// order/test accepts the same order and answers {}.
			wantBody(t, signedReq(t, s, http.MethodPost, "/api/v3/order/test", docKey, hmacSigner(docSecret), c.params), "{}")
			if n := s.Placements(); n != 1 {
				t.Errorf("order/test placed an order: Placements %d", n)
			}
		})
	}
}

// TestOrderRejected: each mandatory-parameter, enum, symbol and filter rule, with a real
// recorded symbol, against both POST /api/v3/order and /api/v3/order/test.
func TestOrderRejected(t *testing.T) {
	lim := "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC"
	cases := []struct {
		name, params string
		code         int
		msg          string
	}{
		{"no symbol", "side=BUY&type=LIMIT", -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."},
		{"no side", "symbol=BTCUSDT&type=LIMIT", -1102, "Mandatory parameter 'side' was not sent, was empty/null, or malformed."},
		{"no type", "symbol=BTCUSDT&side=BUY", -1102, "Mandatory parameter 'type' was not sent, was empty/null, or malformed."},
		{"unknown parameter", lim + "&quantity=1&price=60000&colour=red", -1104, "Not all sent parameters were read; read '8' parameter(s) but was sent '9'."},
		{"empty optional", lim + "&quantity=1&price=60000&newClientOrderId=", -1105, "Parameter 'newClientOrderId' was empty."},
		{"unknown symbol", "symbol=NOPE&side=BUY&type=MARKET&quantity=1", -1121, "Invalid symbol."},
		{"bad side", "symbol=BTCUSDT&side=HOLD&type=MARKET&quantity=1", -1117, "Invalid side."},
		{"bad type", "symbol=BTCUSDT&side=BUY&type=FAST&quantity=1", -1116, "Invalid orderType."},
		{"bad timeInForce", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTD&quantity=1&price=60000", -1115, "Invalid timeInForce."},
		{"bad newOrderRespType", lim + "&quantity=1&price=60000&newOrderRespType=ALL", -1130, "Data sent for parameter 'newOrderRespType' is not valid."},
		{"bad quantity", lim + "&quantity=1e3&price=60000", -1100, "Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'."},
		{"bad clientOrderId", lim + "&quantity=1&price=60000&newClientOrderId=a%20b", -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'."},
		{"strategyType small", lim + "&quantity=1&price=60000&strategyType=5", -1134, "strategyType was less than 1000000."},

		{"LIMIT no timeInForce", "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=60000", -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed."},
		{"LIMIT no quantity", lim + "&price=60000", -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed."},
		{"LIMIT no price", lim + "&quantity=1", -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed."},
		{"MARKET neither quantity", "symbol=BTCUSDT&side=BUY&type=MARKET", -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!"},
		{"STOP_LOSS_LIMIT no stop", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=1&price=60000", -1102, "Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!"},
		{"STOP_LOSS no quantity", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS&stopPrice=60000", -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed."},
		{"LIMIT_MAKER no price", "symbol=BTCUSDT&side=SELL&type=LIMIT_MAKER&quantity=1", -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed."},
		{"MARKET with price", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&price=60000", -1106, "Parameter 'price' sent when not required."},
		{"MARKET with timeInForce", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&timeInForce=GTC", -1106, "Parameter 'timeInForce' sent when not required."},
		{"MARKET with both quantities", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&quoteOrderQty=100", -1106, "Parameter 'quoteOrderQty' sent when not required."},
		{"LIMIT with stopPrice", lim + "&quantity=1&price=60000&stopPrice=61000", -1106, "Parameter 'stopPrice' sent when not required."},
		{"LIMIT_MAKER with timeInForce", "symbol=BTCUSDT&side=SELL&type=LIMIT_MAKER&timeInForce=GTC&quantity=1&price=60000", -1106, "Parameter 'timeInForce' sent when not required."},
		{"iceberg not GTC", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=1&price=60000&icebergQty=0.5", -1013, "Unsupported order combination"},
		{"pegged", lim + "&quantity=1&price=60000&pegPriceType=PRIMARY_PEG", -1013, "Pegged orders are not supported for this symbol."},

		{"symbol in BREAK", "symbol=BCCBTC&side=BUY&type=MARKET&quantity=1", -1013, "Market is closed."},
		{"STOP_LOSS not listed", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS&quantity=1&stopPrice=60000", -1013, "Stop loss orders are not supported for this symbol."},
		{"TAKE_PROFIT not listed", "symbol=BTCUSDT&side=SELL&type=TAKE_PROFIT&quantity=1&stopPrice=70000", -1013, "Take profit orders are not supported for this symbol."},
		{"quoteOrderQty not allowed", "symbol=BTCUPUSDT&side=BUY&type=MARKET&quoteOrderQty=100", -1013, "Quote order qty market orders are not support for this symbol."},
		{"trailing not allowed", "symbol=CFXTUSD&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=1&price=1&trailingDelta=100", -1013, "Trailing stop orders are not supported for this symbol."},
		{"spot not allowed", "symbol=BTCUPUSDT&side=BUY&type=MARKET&quantity=1", -2010, "This symbol is not permitted for this account."},
		{"iceberg exceeds quantity", lim + "&quantity=1&price=60000&icebergQty=1", -1013, "IcebergQty exceeds QTY."},

		// BTCUSDT: PRICE_FILTER 0.01..1000000 tick 0.01; LOT_SIZE 0.00001..9000 step 0.00001;
		// MARKET_LOT_SIZE max 169.00949758; PERCENT_PRICE_BY_SIDE 0.2..5 of 65861.66;
		// NOTIONAL 10..9000000; ICEBERG_PARTS 10; TRAILING_DELTA 10..2000.
		{"PRICE_FILTER tick", lim + "&quantity=1&price=60000.001", -1013, "Filter failure: PRICE_FILTER"},
		{"PRICE_FILTER max", lim + "&quantity=0.001&price=1000000.01", -1013, "Filter failure: PRICE_FILTER"},
		{"PRICE_FILTER stopPrice", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=60000&stopPrice=61000.005", -1013, "Filter failure: PRICE_FILTER"},
		{"PERCENT_PRICE_BY_SIDE up", lim + "&quantity=0.001&price=329308.31", -1013, "Filter failure: PERCENT_PRICE_BY_SIDE"},
		{"PERCENT_PRICE_BY_SIDE down", lim + "&quantity=0.001&price=13172.33", -1013, "Filter failure: PERCENT_PRICE_BY_SIDE"},
		{"LOT_SIZE step", lim + "&quantity=0.000015&price=60000", -1013, "Filter failure: LOT_SIZE"},
		{"LOT_SIZE min", lim + "&quantity=0.000001&price=60000", -1013, "Filter failure: LOT_SIZE"},
		{"LOT_SIZE max", lim + "&quantity=9000.00001&price=60000", -1013, "Filter failure: LOT_SIZE"},
		{"LOT_SIZE icebergQty", lim + "&quantity=1&price=60000&icebergQty=0.000005", -1013, "Filter failure: LOT_SIZE"},
		{"MARKET_LOT_SIZE max", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=169.01", -1013, "Filter failure: MARKET_LOT_SIZE"},
		{"NOTIONAL min", lim + "&quantity=0.0001&price=60000", -1013, "Filter failure: NOTIONAL"},
		{"NOTIONAL max", lim + "&quantity=151&price=60000", -1013, "Filter failure: NOTIONAL"},
		{"NOTIONAL min MARKET", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0001", -1013, "Filter failure: NOTIONAL"},
		{"NOTIONAL min quoteOrderQty", "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=9.99", -1013, "Filter failure: NOTIONAL"},
		{"ICEBERG_PARTS", lim + "&quantity=1&price=60000&icebergQty=0.09", -1013, "Filter failure: ICEBERG_PARTS"},
		{"TRAILING_DELTA below", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=60000&trailingDelta=9", -1013, "Filter failure: TRAILING_DELTA"},
		{"TRAILING_DELTA above", "symbol=BTCUSDT&side=BUY&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=60000&trailingDelta=2001", -1013, "Filter failure: TRAILING_DELTA"},
	}
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{"/api/v3/order", "/api/v3/order/test"} {
				a := signedReq(t, s, http.MethodPost, path, docKey, hmacSigner(docSecret), c.params)
				wantError(t, a, http.StatusBadRequest, c.code, c.msg)
			}
		})
	}
	if n := s.Placements(); n != 0 {
		t.Errorf("refused orders placed: %d", n)
	}
	// The nearest accepted orders, so that the rows above fail for their stated reason.
	for _, p := range []string{
		lim + "&quantity=0.00017&price=60000.01",
		lim + "&quantity=0.001&price=329308.30",
		lim + "&quantity=1&price=13172.34",
		lim + "&quantity=1&price=60000&icebergQty=0.1",
		"symbol=BTCUSDT&side=SELL&type=MARKET&quantity=169",
		"symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=10",
		lim + "&quantity=150&price=60000",
		"symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=60000&trailingDelta=10",
		"symbol=BTCUSDT&side=BUY&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=60000&trailingDelta=2000",
		"symbol=ADABTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=10&price=0.00001",
	} {
		if a := order(t, s, p); a.status != http.StatusOK {
			t.Errorf("%s: %d %s", p, a.status, a.body)
		}
	}
}

// TestOrderTestCommission: order/test weighs 20 and answers the commission shape with
// computeCommissionRates=true.
func TestOrderTestCommission(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	p := "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001"
	a := signedReq(t, s, http.MethodPost, "/api/v3/order/test", docKey, hmacSigner(docSecret), p)
	if used, _ := weightHeaders(t, a); used != 1 {
		t.Errorf("weight %d, want 1", used)
	}
	a = signedReq(t, s, http.MethodPost, "/api/v3/order/test", docKey, hmacSigner(docSecret), p+"&computeCommissionRates=true")
	wantBody(t, a, string(commissionAnswer))
	if used, _ := weightHeaders(t, a); used != 21 {
		t.Errorf("weight %d, want 21", used)
	}
	if a.header.Get("X-MBX-ORDER-COUNT-10S") != "" {
		t.Error("order/test counted as an order")
	}
	a = signedReq(t, s, http.MethodPost, "/api/v3/order/test", docKey, hmacSigner(docSecret), p+"&computeCommissionRates=yes")
	wantError(t, a, 400, -1130, "Data sent for parameter 'computeCommissionRates' is not valid.")
}

// TestQueryOrder: a placed order is found by orderId or origClientOrderId; a duplicate
// clientOrderId is refused while the order is open.
func TestQueryOrder(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	const lim = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000&newClientOrderId=myOrder1"
	wantOK := func(a answer) {
		t.Helper()
		if a.status != 200 {
			t.Fatalf("%d %s", a.status, a.body)
		}
	}
	wantOK(order(t, s, lim))
	wantError(t, order(t, s, lim), 400, -2010, "Duplicate order sent.")
	wantOK(order(t, s, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=m1"))
	wantOK(order(t, s, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=m1")) // the first is FILLED

	get := func(params string) answer {
		return signedReq(t, s, http.MethodGet, "/api/v3/order", docKey, hmacSigner(docSecret), params)
	}
	const want = `{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"myOrder1","price":"60000.00000000","origQty":"0.01000000","executedQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY","time":1781506390000,"updateTime":1781506390000,"isWorking":true,"workingTime":1781506390000,"origQuoteOrderQty":"0.00000000","selfTradePreventionMode":"NONE"}`
	a := get("symbol=BTCUSDT&origClientOrderId=myOrder1")
	wantBody(t, a, want)
	if used, _ := weightHeaders(t, a); used != 4*1+4 {
		t.Errorf("used weight %d, want 8", used)
	}
	wantBody(t, get("symbol=BTCUSDT&orderId=1"), want)
	wantBody(t, get("symbol=BTCUSDT&orderId=1&origClientOrderId=myOrder1"), want)
	if a := get("symbol=BTCUSDT&origClientOrderId=m1"); !strings.Contains(string(a.body), `"orderId":3,`) || !strings.Contains(string(a.body), `"status":"FILLED"`) {
		t.Errorf("latest m1: %s", a.body)
	}
	for _, p := range []string{"symbol=BTCUSDT&origClientOrderId=nope", "symbol=BTCUSDT&orderId=99", "symbol=BTCUSDT&orderId=1&origClientOrderId=m1", "symbol=ETHBTC&orderId=1"} {
		wantError(t, get(p), 400, -2013, "Order does not exist.")
	}
	wantError(t, get("symbol=BTCUSDT"), 400, -1102, "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!")
	wantError(t, get("symbol=NOPE&orderId=1"), 400, -1121, "Invalid symbol.")

	// The control API lists the same orders.
	c := do(t, "GET", s.URL()+"/__standin/orders", "")
	if c.status != 200 || strings.Count(string(c.body), `"orderId"`) != 3 {
		t.Errorf("GET /__standin/orders: %d %s", c.status, c.body)
	}
	if os := s.Orders(); len(os) != 3 || os[0].ClientOrderID != "myOrder1" || os[0].APIKey != docKey || os[1].Status != "FILLED" || len(os[1].Fills) != 1 {
		t.Errorf("Orders %+v", os)
	}
}

// TestMarketWithoutPrice: a symbol with no recorded price has no reference price, unless
// WithReferencePrice gives one.
func TestMarketWithoutPrice(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	a := order(t, s, "symbol=ETHBTC&side=BUY&type=MARKET&quantity=1&newOrderRespType=RESULT")
	if a.status != 200 || !strings.Contains(string(a.body), `"status":"EXPIRED"`) || !strings.Contains(string(a.body), `"executedQty":"0.00000000"`) {
		t.Errorf("%d %s", a.status, a.body)
	}
	wantError(t, order(t, s, "symbol=ETHBTC&side=BUY&type=MARKET&quoteOrderQty=1"), 400, -2010, "Order book liquidity is less than symbol minimum quantity.")

	s2, _ := start(t, WithAPIKey(docKey, docSecret), WithReferencePrice("ETHBTC", "0.06"))
	if err := s2.SetBalance("ETH", "2"); err != nil { // the account starts with no ETH
		t.Fatal(err)
	}
	a = order(t, s2, "symbol=ETHBTC&side=SELL&type=MARKET&quantity=2")
	if !strings.Contains(string(a.body), `"cummulativeQuoteQty":"0.12000000","status":"FILLED"`) {
		t.Errorf("%d %s", a.status, a.body)
	}
	// PERCENT_PRICE_BY_SIDE now has a base: 0.2 * 0.06 = 0.012.
	wantError(t, order(t, s2, "symbol=ETHBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.01199"), 400, -1013, "Filter failure: PERCENT_PRICE_BY_SIDE")
}

// TestKeyTypes: Ed25519 and RSA keys sign the same payload as HMAC does; a signature by
// another key, an altered one, or one not percent-encoded, is refused.
func TestKeyTypes(t *testing.T) {
	edPub, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, otherEd, _ := ed25519.GenerateKey(rand.Reader)
	rsaPriv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	otherRSA, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := start(t, WithAPIKey(docKey, docSecret), WithEd25519Key("ed", edPub), WithRSAKey("rsa", &rsaPriv.PublicKey))
	const p = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000"
	raw := func(sg signer) signer { // base64 not percent-encoded
		return func(payload string) string { v, _ := url.QueryUnescape(sg(payload)); return v }
	}
	flip := func(sg signer) signer { // one character changed
		return func(payload string) string {
			v := []byte(sg(payload))
			if v[0] == 'A' {
				v[0] = 'B'
			} else {
				v[0] = 'A'
			}
			return string(v)
		}
	}
	upper := func(sg signer) signer { return func(payload string) string { return strings.ToUpper(sg(payload)) } }
	cases := []struct {
		name string
		key  string
		sg   signer
		ok   bool
	}{
		{"ed25519", "ed", ed25519Signer(edPriv), true},
		{"ed25519 other key", "ed", ed25519Signer(otherEd), false},
		{"ed25519 altered", "ed", flip(ed25519Signer(edPriv)), false},
		{"ed25519 upper case", "ed", upper(ed25519Signer(edPriv)), false},
		{"ed25519 hmac signature", "ed", hmacSigner(docSecret), false},
		{"rsa", "rsa", rsaSigner(t, rsaPriv), true},
		{"rsa other key", "rsa", rsaSigner(t, otherRSA), false},
		{"rsa altered", "rsa", flip(rsaSigner(t, rsaPriv)), false},
		{"rsa upper case", "rsa", upper(rsaSigner(t, rsaPriv)), false},
		{"hmac", docKey, hmacSigner(docSecret), true},
		{"hmac with ed25519 signature", docKey, ed25519Signer(edPriv), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{"/api/v3/order/test", "/api/v3/account"} {
				params := p
				method := http.MethodPost
				if path == "/api/v3/account" {
					params, method = "", http.MethodGet
				}
				a := signedReq(t, s, method, path, c.key, c.sg, params)
				if c.ok && a.status != 200 {
					t.Errorf("%s: %d %s", path, a.status, a.body)
				}
				if !c.ok {
					wantError(t, a, 400, -1022, "Signature for this request is not valid.")
				}
			}
		})
	}
	// A base64 signature with a '+' or '/' must be percent-encoded: sent raw, '+' reads as a
	// space. Try until a signature has a '+'.
	for i := 0; ; i++ {
		params := p + "&newClientOrderId=plus" + strconv.Itoa(i)
		payload := params + "&" + tsParam
		sig := raw(ed25519Signer(edPriv))(payload)
		if !strings.Contains(sig, "+") {
			continue
		}
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/api/v3/order/test?"+payload+"&signature="+sig, nil)
		req.Header.Set("X-MBX-APIKEY", "ed")
		wantError(t, send(t, req), 400, -1022, "Signature for this request is not valid.")
		break
	}
}

// TestFormBody: parameters in a form body, mixed with the query string, the signature in
// either; the record keeps the exact bytes sent.
func TestFormBody(t *testing.T) {
	edPub, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	s, _ := start(t, WithAPIKey(docKey, docSecret), WithEd25519Key("ed", edPub))
	post := func(key, query, body, ct string) answer {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/api/v3/order?"+query, strings.NewReader(body))
		req.Header.Set("X-MBX-APIKEY", key)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		return send(t, req)
	}
	const form = "application/x-www-form-urlencoded"
	body := "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000&" + tsParam
	// Signature in the query: payload = query before it + body.
	q := "signature=" + sign(docSecret, body)
	if a := post(docKey, q, body, form); a.status != 200 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	// Signature in the body: payload = query + body before it.
	query := "newClientOrderId=fromQuery"
	b2 := body + "&signature=" + ed25519Signer(edPriv)(query+body)
	a := post("ed", query, b2, form)
	if a.status != 200 || !strings.Contains(string(a.body), `"clientOrderId":"fromQuery"`) {
		t.Fatalf("%d %s", a.status, a.body)
	}
	// Sent in both: the query string's value is used.
	both := "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=70000&newClientOrderId=fromBody&" + tsParam
	query = "newClientOrderId=q2"
	a = post(docKey, query+"&signature="+sign(docSecret, query+both), both, form)
	if a.status != 200 || !strings.Contains(string(a.body), `"clientOrderId":"q2"`) {
		t.Fatalf("%d %s", a.status, a.body)
	}
	// A JSON body is not read for parameters (but is signed).
	a = post(docKey, tsParam+"&signature="+sign(docSecret, tsParam+`{"symbol":"BTCUSDT"}`), `{"symbol":"BTCUSDT"}`, "application/json")
	wantError(t, a, 400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")

	recs := s.Requests()
	if len(recs) != 4 || recs[0].Method != "POST" || recs[0].Path != "/api/v3/order" || recs[0].RawQuery != q || recs[0].Body != body ||
		recs[1].Body != b2 || recs[1].RawQuery != "newClientOrderId=fromQuery" {
		t.Errorf("records %+v", recs)
	}
	if n := s.CountRequestsTo("POST", "/api/v3/order"); n != 4 {
		t.Errorf("CountRequestsTo POST %d", n)
	}
	if n := s.CountRequestsTo("GET", "/api/v3/order"); n != 0 {
		t.Errorf("CountRequestsTo GET %d", n)
	}
}

// TestClockOffset: the server time moves by the offset; a client that did not notice gets
// -1021, in both directions.
func TestClockOffset(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	p := "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000"
	test := func() answer {
		return signedReq(t, s, http.MethodPost, "/api/v3/order/test", docKey, hmacSigner(docSecret), p)
	}
	wantBody(t, test(), "{}")

	// Server 6 s ahead: a t0 timestamp is 6000 ms behind, outside the default 5000 ms window.
	c := do(t, "POST", s.URL()+"/__standin/clock", `{"offsetMs":6000}`)
	if c.status != 200 || string(c.body) != `{"offsetMs":6000,"serverTime":1781506396000}`+"\n" {
		t.Errorf("POST clock: %d %s", c.status, c.body)
	}
	wantError(t, test(), 400, -1021, "Timestamp for this request is outside of the recvWindow.")
	wantJSON(t, get(t, s, "/api/v3/time"), map[string]any{"serverTime": json64(t0.UnixMilli() + 6000)})

	// Server 1 s behind: a t0 timestamp is 1000 ms ahead.
	s.SetClockOffset(-time.Second)
	wantError(t, test(), 400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.")
	if s.ClockOffset() != -time.Second || !s.ServerTime().Equal(t0.Add(-time.Second)) {
		t.Errorf("offset %v, server time %v", s.ClockOffset(), s.ServerTime())
	}
	c = do(t, "GET", s.URL()+"/__standin/clock", "")
	if string(c.body) != `{"offsetMs":-1000,"serverTime":1781506389000}`+"\n" {
		t.Errorf("GET clock: %s", c.body)
	}

	// transactTime follows the server time.
	s.SetClockOffset(999 * time.Millisecond)
	a := order(t, s, p+"&newOrderRespType=ACK")
	if !strings.Contains(string(a.body), `"transactTime":1781506390999`) {
		t.Errorf("%d %s", a.status, a.body)
	}
	if c := do(t, "POST", s.URL()+"/__standin/clock", `{}`); c.status != 400 {
		t.Errorf("POST clock {}: %d", c.status)
	}

	s2, _ := start(t, WithAPIKey(docKey, docSecret), WithClockOffset(-2*time.Second))
	wantJSON(t, get(t, s2, "/api/v3/time"), map[string]any{"serverTime": json64(t0.UnixMilli() - 2000)})
}

// TestOrderCount: X-MBX-ORDER-COUNT-10S and -1D count placed orders against the recorded
// ORDERS limits (50 per 10 SECOND, 160000 per 1 DAY); the 51st in 10 s is 429 -1015.
func TestOrderCount(t *testing.T) {
	s, clock := start(t, WithAPIKey(docKey, docSecret))
	p := "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=60000&newOrderRespType=ACK"
	for i := 1; i <= 50; i++ {
		a := order(t, s, p)
		if a.status != 200 || a.header.Get("X-MBX-ORDER-COUNT-10S") != strconv.Itoa(i) || a.header.Get("X-MBX-ORDER-COUNT-1D") != strconv.Itoa(i) {
			t.Fatalf("order %d: %d %v %s", i, a.status, a.header, a.body)
		}
	}
	a := order(t, s, p)
	wantError(t, a, http.StatusTooManyRequests, -1015, "Too many new orders; current limit is 50 orders per 10 SECOND.")
	// t0 is 06:53:10, the start of a 10 s window.
	if a.header.Get("Retry-After") != "10" || a.header.Get("X-MBX-ORDER-COUNT-10S") != "50" {
		t.Errorf("headers %v", a.header)
	}
	if s.Placements() != 50 {
		t.Errorf("Placements %d", s.Placements())
	}
	// Refused and test orders are not counted.
	wantError(t, order(t, s, "symbol=BTCUSDT&side=BUY&type=MARKET"), 400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!")
	clock.Advance(10 * time.Second)
	a = order(t, s, p)
	if a.status != 200 || a.header.Get("X-MBX-ORDER-COUNT-10S") != "1" || a.header.Get("X-MBX-ORDER-COUNT-1D") != "51" {
		t.Errorf("next window: %d %v", a.status, a.header)
	}
	if c := s.OrderCounts(); c["X-MBX-ORDER-COUNT-10S"] != 1 || c["X-MBX-ORDER-COUNT-1D"] != 51 {
		t.Errorf("OrderCounts %v", c)
	}
}

func json64(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// TestConcurrentOrders places orders from several goroutines; run with -race. Every order
// gets its own orderId and is counted once.
func TestConcurrentOrders(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	const workers, each = 8, 5 // 40 orders: under the 50 per 10 s limit
	done := make(chan struct{})
	for w := 0; w < workers; w++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < each; i++ {
				a := order(t, s, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newOrderRespType=ACK")
				if a.status != 200 {
					t.Errorf("%d %s", a.status, a.body)
				}
			}
		}()
	}
	for w := 0; w < workers; w++ {
		<-done
	}
	seen := map[int64]bool{}
	for _, o := range s.Orders() {
		seen[o.OrderID] = true
	}
	if len(seen) != workers*each || s.OrderCounts()["X-MBX-ORDER-COUNT-10S"] != workers*each {
		t.Errorf("%d distinct orderIds, counts %v", len(seen), s.OrderCounts())
	}
}
