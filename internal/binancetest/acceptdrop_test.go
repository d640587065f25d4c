package binancetest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// noRetry is a client that neither reuses connections nor retries, so a dropped connection
// reaches the caller as an error.
var noRetry = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// dropped sends a signed request that the stand-in is expected to process and then drop.
func dropped(t *testing.T, s *Server, method, path, params string) {
	t.Helper()
	payload := params + "&timestamp=" + strconv.FormatInt(s.now().UnixMilli(), 10)
	req, err := http.NewRequest(method, s.URL()+path+"?"+payload+"&signature="+sign(docSecret, payload), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-MBX-APIKEY", docKey)
	resp, err := noRetry.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("%s %s: got status %d, want a dropped connection", method, path, resp.StatusCode)
	}
}

// TestAcceptThenDrop: the request is processed as usual (the order exists afterwards, once)
// and the client gets no answer.
func TestAcceptThenDrop(t *testing.T) {
	t.Run("new order", func(t *testing.T) {
		s, _ := start(t, WithAPIKey(docKey, docSecret))
		if err := s.AddFault(Fault{Kind: FaultAcceptThenDrop, Path: "/api/v3/order"}); err != nil {
			t.Fatal(err)
		}
		dropped(t, s, http.MethodPost, "/api/v3/order", limBuy+"&newClientOrderId=lost1")
		if n := s.Placements(); n != 1 {
			t.Fatalf("Placements %d, want 1", n)
		}
		if o := s.Orders()[0]; o.ClientOrderID != "lost1" || o.Status != "NEW" {
			t.Errorf("order %+v", o)
		}
		// The client finds the order by its clientOrderId; a retry with it is a duplicate.
		a := sreq(t, s, http.MethodGet, "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=lost1")
		if a.status != 200 || !strings.Contains(string(a.body), `"orderId":1,`) {
			t.Errorf("query: %d %s", a.status, a.body)
		}
		wantError(t, order(t, s, limBuy+"&newClientOrderId=lost1"), 400, -2010, "Duplicate order sent.")
		if n := s.Placements(); n != 1 {
			t.Errorf("Placements %d after the duplicate, want 1", n)
		}
		// The order locked its balance and counts once against the ORDERS limits.
		if b := balanceOf(t, s, "USDT"); b.Locked != "600.00000000" {
			t.Errorf("USDT %+v", b)
		}
		if c := s.OrderCounts(); c["X-MBX-ORDER-COUNT-10S"] != 1 || c["X-MBX-ORDER-COUNT-1D"] != 1 { // the refused duplicate is not counted
			t.Errorf("OrderCounts %v", c)
		}
		recs := s.Requests()
		if r := recs[0]; r.Fault != FaultAcceptThenDrop || r.Status != 0 || r.Weight != 1 {
			t.Errorf("record %+v", r)
		}
		if s.UsedWeight() != 1+4+1 {
			t.Errorf("used weight %d, want 6 (the dropped order is charged)", s.UsedWeight())
		}
	})
	t.Run("MARKET fills once", func(t *testing.T) {
		s, _ := start(t, WithAPIKey(docKey, docSecret))
		if err := s.AddFault(Fault{Kind: FaultAcceptThenDrop}); err != nil {
			t.Fatal(err)
		}
		dropped(t, s, http.MethodPost, "/api/v3/order", mktBuy)
		if n, tr := s.Placements(), s.Trades(); n != 1 || len(tr) != 1 || tr[0].OrderID != 1 {
			t.Errorf("Placements %d, Trades %+v", n, tr)
		}
		if b := balanceOf(t, s, "USDT"); b.Free != "999934.13834000" {
			t.Errorf("USDT %+v", b)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		s, _ := start(t, WithAPIKey(docKey, docSecret))
		mustOK(t, order(t, s, limBuy))
		if err := s.AddFault(Fault{Kind: FaultAcceptThenDrop, Path: "/api/v3/order", Count: 2}); err != nil {
			t.Fatal(err)
		}
		dropped(t, s, http.MethodDelete, "/api/v3/order", "symbol=BTCUSDT&orderId=1")
		if o := s.Orders()[0]; o.Status != "CANCELED" {
			t.Errorf("order after a dropped cancel: %+v", o)
		}
		// A refused request is dropped too: the fault does not look at the answer.
		dropped(t, s, http.MethodDelete, "/api/v3/order", "symbol=BTCUSDT&orderId=1")
		wantError(t, sreq(t, s, http.MethodDelete, "/api/v3/order", "symbol=BTCUSDT&orderId=1"), 400, -2011, "Unknown order sent.")
		if b := balanceOf(t, s, "USDT"); b.Locked != "0.00000000" {
			t.Errorf("USDT %+v", b)
		}
	})
	t.Run("control API", func(t *testing.T) {
		s, _ := start(t, WithAPIKey(docKey, docSecret))
		if a := do(t, http.MethodPost, s.URL()+"/__standin/fault", `{"kind":"accept_then_drop","path":"/api/v3/order"}`); a.status != 200 {
			t.Fatalf("POST /__standin/fault: %d %s", a.status, a.body)
		}
		dropped(t, s, http.MethodPost, "/api/v3/order", limBuy)
		if n := s.Placements(); n != 1 {
			t.Errorf("Placements %d", n)
		}
		mustOK(t, order(t, s, limBuy)) // the fault is used up
	})
	t.Run("placeThenFail is not for it", func(t *testing.T) {
		s, _ := start(t)
		if err := s.AddFault(Fault{Kind: FaultAcceptThenDrop, PlaceThenFail: true}); err == nil {
			t.Error("accept_then_drop with placeThenFail accepted")
		}
	})
}
