package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/once"
	"github.com/tollgate/tollgate/runtime/gate/order"
)

const limitBuy = `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"65000"}`

func withClientID(id string) string {
	return strings.TrimSuffix(limitBuy, "}") + `,"newClientOrderId":"` + id + `"}`
}

func placeOrder(t *testing.T, g *Gate, p string) (once.Answer, error) {
	t.Helper()
	out, err := g.Handle(context.Background(), tradeCall, "order", params(t, p))
	var a once.Answer
	if err == nil {
		if jerr := json.Unmarshal(out, &a); jerr != nil {
			t.Fatalf("answer %s: %v", out, jerr)
		}
	}
	return a, err
}

// countPlacements counts the order placements the stand-in received.
func countPlacements(ex *binancetest.Server) (posts int) {
	for _, r := range ex.Requests() {
		if r.Method == "POST" && r.Path == "/api/v3/order" {
			posts++
		}
	}
	return posts
}

func TestOrderGetsAClientOrderID(t *testing.T) {
	g, ex, _ := newOrderGate(t)
	a, err := placeOrder(t, g, limitBuy)
	if err != nil {
		t.Fatal(err)
	}
	if a.Outcome != once.OutcomePlaced || !strings.HasPrefix(a.ClientOrderID, "tgtrade1-") || len(a.ClientOrderID) > 36 {
		t.Fatalf("answer %+v", a)
	}
	if countPlacements(ex) != 1 || !strings.Contains(ex.Requests()[0].RawQuery, "newClientOrderId="+a.ClientOrderID+"&") {
		t.Fatalf("requests %+v", ex.Requests())
	}
	var order struct{ ClientOrderID string }
	if err := json.Unmarshal(a.Order, &order); err != nil || order.ClientOrderID != a.ClientOrderID {
		t.Fatalf("order %s", a.Order)
	}
	// Two equal orders in one call are two orders.
	b, err := placeOrder(t, g, limitBuy)
	if err != nil || b.ClientOrderID == a.ClientOrderID || countPlacements(ex) != 2 {
		t.Fatalf("second equal order: %+v, %v, %d placements", b, err, countPlacements(ex))
	}
}

// Repeating an order with the same client order id returns the first one.
func TestRepeatedClientOrderIDReturnsTheFirstOrder(t *testing.T) {
	g, ex, _ := newOrderGate(t)
	first, err := placeOrder(t, g, withClientID("my-order-1"))
	if err != nil || first.Outcome != once.OutcomePlaced || first.ClientOrderID != "my-order-1" {
		t.Fatalf("first: %+v, %v", first, err)
	}
	again, err := placeOrder(t, g, withClientID("my-order-1"))
	if err != nil || again.Outcome != once.OutcomeAlreadyPlaced || again.ClientOrderID != "my-order-1" {
		t.Fatalf("again: %+v, %v", again, err)
	}
	var o1, o2 struct{ OrderID int64 }
	_ = json.Unmarshal(first.Order, &o1)
	_ = json.Unmarshal(again.Order, &o2)
	if o1.OrderID == 0 || o1.OrderID != o2.OrderID {
		t.Fatalf("order ids %d and %d", o1.OrderID, o2.OrderID)
	}
	if n := countPlacements(ex); n != 1 {
		t.Fatalf("%d placements, want 1", n)
	}
}

// An order whose outcome is unknown is never sent again; when Binance has no such order it
// is reported as status_unknown with its client order id.
func TestUnknownOutcomeIsNotResent(t *testing.T) {
	for _, fault := range []binancetest.Fault{
		{Kind: binancetest.FaultServerError, Path: "/api/v3/order", Status: 503},
		{Kind: binancetest.FaultDrop, Path: "/api/v3/order"},
	} {
		t.Run(string(fault.Kind), func(t *testing.T) {
			g, ex, _ := newOrderGate(t)
			if err := ex.AddFault(fault); err != nil {
				t.Fatal(err)
			}
			// No client order id given, so that the first request to /api/v3/order is the
			// placement, not the lookup a given id starts with.
			_, err := placeOrder(t, g, limitBuy)
			var ge *gate.Error
			if !errors.As(err, &ge) || !errors.Is(err, gate.ErrStatusUnknown) || !strings.HasPrefix(ge.Value, "tgtrade1-") || !strings.Contains(ge.Message, ge.Value) {
				t.Fatalf("err = %#v, want status_unknown naming the client order id", err)
			}
			if n := countPlacements(ex); n != 1 {
				t.Fatalf("%d order requests, want exactly 1 (never resent)", n)
			}
			if len(ex.Orders()) != 0 {
				t.Fatalf("orders %+v", ex.Orders())
			}
		})
	}
}

// The operator's [trading] symbols and max_notional hold before anything is sent.
func TestOrderPolicy(t *testing.T) {
	maxNotional := decimal.RequireFromString("100")
	g, ex := newSignedGate(t, signedSetup{creds: testCredentials(t), trading: true,
		policy: order.Policy{Symbols: []string{"BTCUSDT"}, MaxNotional: &maxNotional}})
	for _, tc := range []struct {
		name, params string
		field        string // "" = placed
	}{
		{"symbol not allowed", `{"symbol":"ETHBTC","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.1","price":"0.06"}`, "symbol"},
		{"over the cap", `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.002","price":"65000"}`, "quantity"},
		{"under the cap", `{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"65000"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex.Reset()
			_, err := g.Handle(context.Background(), tradeCall, "order", params(t, tc.params))
			if tc.field == "" {
				if err != nil || countPlacements(ex) != 1 {
					t.Fatalf("err %v, %d placements", err, countPlacements(ex))
				}
				return
			}
			var ge *gate.Error
			if !errors.As(err, &ge) || ge.Type != gate.TypePermissionDenied || ge.Field != tc.field {
				t.Fatalf("err = %#v, want permission_denied on %s", err, tc.field)
			}
			if n := countPlacements(ex); n != 0 {
				t.Fatalf("%d placements", n)
			}
		})
	}
}

// The fault cases: whatever goes wrong after the order is sent, the stand-in counts
// exactly one placement, and the answer is the order it holds, or status_unknown.
func TestExactlyOnePlacementWhateverTheFault(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault binancetest.Fault
	}{
		{"accepted, then the connection dropped", binancetest.Fault{Kind: binancetest.FaultAcceptThenDrop, Path: "/api/v3/order"}},
		{"placed, then HTTP 500", binancetest.Fault{Kind: binancetest.FaultServerError, Path: "/api/v3/order", PlaceThenFail: true}},
		{"placed, then -1007 after a delay", binancetest.Fault{Kind: binancetest.FaultDelay, Path: "/api/v3/order", Delay: 10 * time.Millisecond, PlaceThenFail: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, ex, _ := newOrderGate(t)
			if err := ex.AddFault(tc.fault); err != nil {
				t.Fatal(err)
			}
			a, err := placeOrder(t, g, limitBuy) // no client order id: the placement is the first request to the path
			if err != nil {
				t.Fatalf("err = %v, want the order found by its client order id", err)
			}
			if a.Outcome != once.OutcomePlaced || !strings.HasPrefix(a.ClientOrderID, "tgtrade1-") {
				t.Fatalf("answer %+v", a)
			}
			var o struct{ ClientOrderID, Status string }
			if json.Unmarshal(a.Order, &o) != nil || o.ClientOrderID != a.ClientOrderID || o.Status != "NEW" {
				t.Fatalf("order %s", a.Order)
			}
			if ex.Placements() != 1 || countPlacements(ex) != 1 {
				t.Fatalf("%d placements, %d order requests; want exactly one of each", ex.Placements(), countPlacements(ex))
			}
		})
	}
}

// Concurrent calls with one client order id place one order: the others wait and find it.
func TestConcurrentSameClientOrderIDPlacesOnce(t *testing.T) {
	g, ex, _ := newOrderGate(t)
	market := `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quoteOrderQty":"20","newClientOrderId":"same-id"}`
	var wg sync.WaitGroup
	answers := make(chan once.Answer, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := g.Handle(context.Background(), tradeCall, "order", params(t, market))
			var a once.Answer
			if err == nil {
				err = json.Unmarshal(out, &a)
			}
			if err != nil {
				t.Error(err)
			}
			answers <- a
		}()
	}
	wg.Wait()
	close(answers)
	placed := 0
	for a := range answers {
		if a.Outcome == once.OutcomePlaced {
			placed++
		}
	}
	if placed != 1 || ex.Placements() != 1 || countPlacements(ex) != 1 {
		t.Fatalf("%d answers placed, %d placements, %d order requests; want 1 of each", placed, ex.Placements(), countPlacements(ex))
	}
}

// The allow-list holds for cancels too, and is checked before the filters.
func TestAllowListCoversCancels(t *testing.T) {
	g, ex := newSignedGate(t, signedSetup{creds: testCredentials(t), trading: true, policy: order.Policy{Symbols: []string{"BTCUSDT"}}})
	if _, err := g.Handle(context.Background(), marketCall, "symbols", nil); err != nil { // warm exchangeInfo
		t.Fatal(err)
	}
	ex.Reset()
	for _, tc := range []struct{ op, params string }{
		{"order_cancel", `{"symbol":"ETHUSDT","orderId":1}`},
		{"open_orders_cancel", `{"symbol":"ETHUSDT"}`},
		{"order", `{"symbol":"ETHUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"3000"}`}, // a NOTIONAL failure too
	} {
		_, err := g.Handle(context.Background(), tradeCall, tc.op, params(t, tc.params))
		var ge *gate.Error
		if !errors.As(err, &ge) || ge.Type != gate.TypePermissionDenied || ge.Field != "symbol" {
			t.Fatalf("%s: %#v, want permission_denied on symbol", tc.op, err)
		}
	}
	if n := len(ex.Requests()); n != 0 {
		t.Fatalf("%d requests", n)
	}
	if _, err := g.Handle(context.Background(), tradeCall, "open_orders_cancel", params(t, `{"symbol":"BTCUSDT"}`)); errors.Is(err, gate.ErrPermissionDenied) {
		t.Fatalf("an allowed symbol was refused: %v", err)
	}
}
