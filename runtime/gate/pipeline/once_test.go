package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/once"
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
