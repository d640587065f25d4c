package pipeline

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/sign"
)

// newOrderGate returns a gate whose clock and the stand-in's read the same fixed time, so
// that the timestamp, and with it every byte of a signed request, is known in advance.
func newOrderGate(t *testing.T) (*Gate, *binancetest.Server, int64) {
	t.Helper()
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	clock := binancetest.NewManualClock(t0)
	g, ex := newSignedGate(t, signedSetup{creds: testCredentials(t), trading: true, local: clock, server: clock})
	// Warm the exchangeInfo cache and synchronise the clock, so that each case below
	// makes only its own requests.
	if _, err := g.Handle(context.Background(), marketCall, "symbols", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Handle(context.Background(), accountCall, "account", nil); err != nil {
		t.Fatal(err)
	}
	// The same for the average prices the PERCENT_PRICE_BY_SIDE and NOTIONAL filters need.
	for _, symbol := range []string{"BTCUSDT", "BNBUSDT", "BTTCUSDT"} {
		if _, err := g.Handle(context.Background(), tradeCall, "order_test", params(t, `{"symbol":"`+symbol+`","side":"BUY","type":"MARKET","quantity":"1"}`)); err != nil && !errors.Is(err, gate.ErrFilterViolation) {
			t.Fatal(err)
		}
	}
	ex.Reset()
	return g, ex, t0.Add(-sign.DefaultMargin).UnixMilli()
}

// signedQuery is what the gate must send: the parameters in the op's order, the timestamp,
// and the HMAC-SHA256 of exactly those bytes, computed here independently of package sign.
func signedQuery(params string, ts int64) string {
	payload := params + "&timestamp=" + strconv.FormatInt(ts, 10)
	m := hmac.New(sha256.New, []byte(testSecret))
	m.Write([]byte(payload))
	return payload + "&signature=" + hex.EncodeToString(m.Sum(nil))
}

// Every order rule: a rejected input makes no request; the nearest accepted input makes
// exactly one, with exactly the expected bytes. Filter values are BTCUSDT's, BNBUSDT's and
// BTTCUSDT's in the fixture exchangeInfo.
func TestOrderValidationAgainstTheExchange(t *testing.T) {
	tests := []struct {
		name, params string
		wantQuery    string // accepted: the query before timestamp
		wantType     string // rejected: the error type
		wantField    string
		wantFilter   string // rejected by a filter: its name in the message
		wantAccepted string // rejected: the nearest valid value offered
	}{
		{name: "limit buy", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"65000"}`,
			wantQuery: "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=65000"},
		{name: "PRICE_FILTER: off the 0.01 tick", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"65000.005"}`,
			wantType: gate.TypeFilterViolation, wantField: "price", wantFilter: "PRICE_FILTER", wantAccepted: "65000"},
		{name: "PRICE_FILTER: on the tick", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"65000.01"}`,
			wantQuery: "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=65000.01"},
		{name: "LOT_SIZE: below minQty", params: `{"symbol":"BTCUSDT","side":"SELL","type":"LIMIT","timeInForce":"GTC","quantity":"0.000009","price":"65000"}`,
			wantType: gate.TypeFilterViolation, wantField: "quantity", wantFilter: "LOT_SIZE", wantAccepted: "0.00001"},
		{name: "LOT_SIZE: off the step", params: `{"symbol":"BTCUSDT","side":"SELL","type":"LIMIT","timeInForce":"GTC","quantity":"0.001005","price":"65000"}`,
			wantType: gate.TypeFilterViolation, wantField: "quantity", wantFilter: "LOT_SIZE"},
		{name: "LOT_SIZE: on the step", params: `{"symbol":"BTCUSDT","side":"SELL","type":"LIMIT","timeInForce":"GTC","quantity":"0.00101","price":"65000"}`,
			wantQuery: "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.00101&price=65000"},
		{name: "NOTIONAL: under 10 USDT", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.00015","price":"65000"}`,
			wantType: gate.TypeFilterViolation, wantField: "quantity", wantFilter: "NOTIONAL"},
		{name: "NOTIONAL: at 10.4 USDT", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.00016","price":"65000"}`,
			wantQuery: "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00016&price=65000"},
		{name: "PERCENT_PRICE_BY_SIDE: a buy over 5x the average price", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"400000"}`,
			wantType: gate.TypeFilterViolation, wantField: "price", wantFilter: "PERCENT_PRICE_BY_SIDE", wantAccepted: "329368.88"},
		{name: "PERCENT_PRICE_BY_SIDE: a sell at 0.2x", params: `{"symbol":"BTCUSDT","side":"SELL","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"13174.76"}`,
			wantQuery: "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.001&price=13174.76"},
		{name: "NOTIONAL of a market order at the average price", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"0.0001"}`,
			wantType: gate.TypeFilterViolation, wantField: "quantity", wantFilter: "NOTIONAL"},
		{name: "ICEBERG_PARTS: 11 parts", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.011","price":"65000","icebergQty":"0.001"}`,
			wantType: gate.TypeFilterViolation, wantField: "icebergQty", wantFilter: "ICEBERG_PARTS"},
		{name: "ICEBERG_PARTS: 10 parts", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.01","price":"65000","icebergQty":"0.001"}`,
			wantQuery: "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000&icebergQty=0.001"},
		{name: "TRAILING_DELTA: under 10", params: `{"symbol":"BTCUSDT","side":"SELL","type":"STOP_LOSS_LIMIT","timeInForce":"GTC","quantity":"0.001","price":"60000","trailingDelta":9}`,
			wantType: gate.TypeFilterViolation, wantField: "trailingDelta", wantFilter: "TRAILING_DELTA"},
		{name: "TRAILING_DELTA: 10", params: `{"symbol":"BTCUSDT","side":"SELL","type":"STOP_LOSS_LIMIT","timeInForce":"GTC","quantity":"0.001","price":"60000","trailingDelta":10}`,
			wantQuery: "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.001&price=60000&trailingDelta=10"},
		{name: "float says 300.3 is off a 0.1 tick; the decimal is exact", params: `{"symbol":"BNBUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":0.1,"price":300.3}`,
			wantQuery: "symbol=BNBUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=300.3"},
		{name: "tiny price and huge quantity as JSON numbers: no exponent", params: `{"symbol":"BTTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":9.2233720368e10,"price":5e-7}`,
			wantQuery: "symbol=BTTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=92233720368&price=0.0000005"},
		{name: "TAKE_PROFIT_LIMIT sell", params: `{"symbol":"BTCUSDT","side":"SELL","type":"TAKE_PROFIT_LIMIT","timeInForce":"GTC","quantity":"0.001","price":"70000","stopPrice":"69000"}`,
			wantQuery: "symbol=BTCUSDT&side=SELL&type=TAKE_PROFIT_LIMIT&timeInForce=GTC&quantity=0.001&price=70000&stopPrice=69000"},
		{name: "TAKE_PROFIT_LIMIT without stopPrice or trailingDelta", params: `{"symbol":"BTCUSDT","side":"SELL","type":"TAKE_PROFIT_LIMIT","timeInForce":"GTC","quantity":"0.001","price":"70000"}`,
			wantType: gate.TypeValidation, wantField: "stopPrice"},
		{name: "STOP_LOSS_LIMIT without price", params: `{"symbol":"BTCUSDT","side":"SELL","type":"STOP_LOSS_LIMIT","timeInForce":"GTC","quantity":"0.001","stopPrice":"60000"}`,
			wantType: gate.TypeValidation, wantField: "price"},
		{name: "LIMIT_MAKER with timeInForce", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT_MAKER","timeInForce":"GTC","quantity":"0.001","price":"65000"}`,
			wantType: gate.TypeValidation, wantField: "timeInForce"},
		{name: "MARKET by quantity", params: `{"symbol":"BTCUSDT","side":"SELL","type":"MARKET","quantity":"0.001"}`,
			wantQuery: "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001"},
		{name: "TAKE_PROFIT, which no fixture symbol allows", params: `{"symbol":"BTCUSDT","side":"SELL","type":"TAKE_PROFIT","quantity":"0.001","stopPrice":"70000"}`,
			wantType: gate.TypeValidation, wantField: "type"},
		{name: "market by quote amount", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quoteOrderQty":"25.5"}`,
			wantQuery: "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=25.5"},
		{name: "market with a price", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quoteOrderQty":"25.5","price":"65000"}`,
			wantType: gate.TypeValidation, wantField: "price"},
		{name: "market with quantity and quote amount", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"0.001","quoteOrderQty":"25.5"}`,
			wantType: gate.TypeValidation, wantField: "quoteOrderQty"},
		{name: "limit without timeInForce", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","quantity":"0.001","price":"65000"}`,
			wantType: gate.TypeValidation, wantField: "timeInForce"},
		{name: "limit maker takes no timeInForce", params: `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT_MAKER","quantity":"0.001","price":"65000"}`,
			wantQuery: "symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.001&price=65000"},
		{name: "type the symbol does not allow", params: `{"symbol":"BTCUSDT","side":"SELL","type":"STOP_LOSS","quantity":"0.001","stopPrice":"60000"}`,
			wantType: gate.TypeValidation, wantField: "type"},
		{name: "side in lower case", params: `{"symbol":"BTCUSDT","side":"buy","type":"MARKET","quantity":"0.001"}`,
			wantType: gate.TypeValidation, wantField: "side"},
		{name: "quantity NaN", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"NaN"}`,
			wantType: gate.TypeValidation, wantField: "quantity"},
		{name: "quantity empty", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":""}`,
			wantType: gate.TypeValidation, wantField: "quantity"},
		{name: "quantity negative", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":-0.001}`,
			wantType: gate.TypeValidation, wantField: "quantity"},
		{name: "client order id with a dot", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"0.001","newClientOrderId":"my.order"}`,
			wantType: gate.TypeValidation, wantField: "newClientOrderId"},
		{name: "client order id", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"0.001","newClientOrderId":"my-order_1"}`,
			wantQuery: "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=my-order_1"},
		{name: "recvWindow over 60000", params: `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"0.001","recvWindow":60001}`,
			wantType: gate.TypeValidation, wantField: "recvWindow"},
		{name: "symbol not listed", params: `{"symbol":"BTCUSDX","side":"BUY","type":"MARKET","quantity":"0.001"}`,
			wantType: gate.TypeValidation, wantField: "symbol"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, ex, ts := newOrderGate(t)
			_, err := g.Handle(context.Background(), tradeCall, "order_test", params(t, tc.params))
			recs := ex.Requests()
			if tc.wantQuery != "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if len(recs) != 1 || recs[0].Method != "POST" || recs[0].Path != "/api/v3/order/test" {
					t.Fatalf("requests %+v, want one POST /api/v3/order/test", recs)
				}
				if want := signedQuery(tc.wantQuery, ts); recs[0].RawQuery != want {
					t.Fatalf("sent  %s\nwant %s", recs[0].RawQuery, want)
				}
				return
			}
			var ge *gate.Error
			if !errors.As(err, &ge) || ge.Type != tc.wantType || ge.Field != tc.wantField {
				t.Fatalf("err = %#v, want %s on %s", err, tc.wantType, tc.wantField)
			}
			if !strings.Contains(ge.Message, tc.wantFilter) || ge.Accepted == "" || (tc.wantAccepted != "" && ge.Accepted != tc.wantAccepted) {
				t.Fatalf("error %+v: want the filter %q named and the nearest valid value %q", ge, tc.wantFilter, tc.wantAccepted)
			}
			if len(recs) != 0 {
				t.Fatalf("a rejected order made %d requests", len(recs))
			}
		})
	}
	if math.Mod(300.3, 0.1) < 1e-9 {
		t.Fatal("the float64 premise of the BNBUSDT case no longer holds")
	}
}

// The same order given with JSON numbers and with decimal strings is the same request,
// byte for byte.
func TestOrderNumbersAndStringsSendTheSameBytes(t *testing.T) {
	var sent []string
	for _, p := range []string{
		`{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":0.00100,"price":65000.10}`,
		`{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.00100","price":"65000.10"}`,
		`{"symbol":"btcusdt","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":1e-3,"price":6.50001e4}`,
	} {
		g, ex, _ := newOrderGate(t)
		if _, err := g.Handle(context.Background(), tradeCall, "order_test", params(t, p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		recs := ex.Requests()
		if len(recs) != 1 {
			t.Fatalf("%s: %d requests", p, len(recs))
		}
		sent = append(sent, recs[0].RawQuery)
	}
	for _, q := range sent[1:] {
		if q != sent[0] {
			t.Fatalf("different bytes:\n%s\n%s", sent[0], q)
		}
	}
	if !strings.HasPrefix(sent[0], "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=65000.1&timestamp=") {
		t.Fatalf("sent %s", sent[0])
	}
}
