package binancetest

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	banUntil := strconv.FormatInt(t0.Add(120*time.Second).UnixMilli(), 10)
	banUntil600 := strconv.FormatInt(t0.Add(600*time.Second).UnixMilli(), 10)
	tests := []struct {
		name       string
		fault      Fault
		status     int
		retryAfter string
		code       int
		msg        string
	}{
		{"429", Fault{Kind: FaultRateLimited, RetryAfter: 30}, 429, "30", -1003, msgLimit1200},
		{"429 until the next minute", Fault{Kind: FaultRateLimited}, 429, "50", -1003, msgLimit1200},
		{"418", Fault{Kind: FaultBanned}, 418, "120", -1003,
			"Way too much request weight used; IP banned until " + banUntil + ". Please use WebSocket Streams for live updates to avoid bans."},
		{"418 for 10 minutes", Fault{Kind: FaultBanned, RetryAfter: 600}, 418, "600", -1003,
			"Way too much request weight used; IP banned until " + banUntil600 + ". Please use WebSocket Streams for live updates to avoid bans."},
		{"500", Fault{Kind: FaultServerError}, 500, "", -1001, msgInternal},
		{"503 with a body", Fault{Kind: FaultServerError, Status: 503, Code: -1008,
			Msg: "Server is currently overloaded with other requests. Please try again in a few minutes."}, 503, "", -1008,
			"Server is currently overloaded with other requests. Please try again in a few minutes."},
		{"504 timeout", Fault{Kind: FaultServerError, Status: 504, Code: -1007,
			Msg: "Timeout waiting for response from backend server. Send status unknown; execution status unknown."}, 504, "", -1007,
			"Timeout waiting for response from backend server. Send status unknown; execution status unknown."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := start(t)
			s.SetUsedWeight(7)
			tc.fault.Path, tc.fault.Count = "/api/v3/depth", 2
			if err := s.AddFault(tc.fault); err != nil {
				t.Fatal(err)
			}
			if a := get(t, s, "/api/v3/ping"); a.status != http.StatusOK {
				t.Errorf("other path: status %d", a.status)
			}
			for i := range 2 {
				a := get(t, s, "/api/v3/depth?symbol=BTCUSDT")
				wantError(t, a, tc.status, tc.code, tc.msg)
				if got := a.header.Get("Retry-After"); got != tc.retryAfter {
					t.Errorf("request %d: Retry-After %q, want %q", i, got, tc.retryAfter)
				}
				if used, _ := weightHeaders(t, a); used != 8 {
					t.Errorf("request %d: used %d, want 8 (faults are not charged)", i, used)
				}
			}
			if a := get(t, s, "/api/v3/depth?symbol=BTCUSDT"); a.status != http.StatusOK {
				t.Errorf("third request: status %d", a.status)
			}
			recs := s.Requests()
			if len(recs) != 4 || recs[1].Fault != tc.fault.Kind || recs[1].Status != tc.status || recs[3].Fault != "" {
				t.Errorf("records %+v", recs)
			}
		})
	}
}

func TestFaultDelay(t *testing.T) {
	s, _ := start(t)
	if err := s.AddFault(Fault{Kind: FaultDelay, Delay: 40 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	a := get(t, s, "/api/v3/ticker/price?symbol=BTCUSDT")
	if took := time.Since(begin); took < 40*time.Millisecond {
		t.Errorf("answered after %v", took)
	}
	wantJSON(t, a, file(t, pbr+"ticker_price_BTCUSDT_testnet.json"))
	if used, _ := weightHeaders(t, a); used != 2 {
		t.Errorf("a delayed request is charged normally; used %d", used)
	}
	if r := s.Requests()[0]; r.Fault != FaultDelay || r.Status != 200 {
		t.Errorf("record %+v", r)
	}
}

func TestFaultDelayEndsOnClose(t *testing.T) {
	s, _ := start(t)
	if err := s.AddFault(Fault{Kind: FaultDelay, Delay: time.Hour}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for s.CountRequests("/api/v3/ping") == 0 {
			time.Sleep(time.Millisecond)
		}
		s.Close()
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := http.Get(s.URL() + "/api/v3/ping")
		if err == nil {
			resp.Body.Close()
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not end the delay")
	}
}

func TestFaultDrop(t *testing.T) {
	s, _ := start(t)
	if err := s.AddFault(Fault{Kind: FaultDrop, Path: "/api/v3/time"}); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get(s.URL() + "/api/v3/time")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want a dropped connection", resp.StatusCode)
	}
	if a := get(t, s, "/api/v3/time"); a.status != http.StatusOK {
		t.Errorf("after the drop: status %d", a.status)
	}
	recs := s.Requests()
	if len(recs) != 2 || recs[0].Fault != FaultDrop || recs[0].Status != 0 {
		t.Errorf("records %+v", recs)
	}
	if s.UsedWeight() != 1 {
		t.Errorf("used %d, want 1 (the drop is not charged)", s.UsedWeight())
	}
}

func TestFaultOrderAndAnyPath(t *testing.T) {
	s, _ := start(t)
	must := func(f Fault) {
		if err := s.AddFault(f); err != nil {
			t.Fatal(err)
		}
	}
	must(Fault{Kind: FaultServerError, Status: 502})
	must(Fault{Kind: FaultRateLimited, Count: 2})
	for i, want := range []int{502, 429, 429, 200} {
		if a := get(t, s, "/api/v3/ping"); a.status != want {
			t.Errorf("request %d: status %d, want %d", i, a.status, want)
		}
	}
	must(Fault{Kind: FaultBanned, Count: 5})
	s.Reset()
	if a := get(t, s, "/api/v3/ping"); a.status != http.StatusOK {
		t.Errorf("after Reset: status %d", a.status)
	}
}

func TestBadFaults(t *testing.T) {
	s := New()
	for _, f := range []Fault{
		{},
		{Kind: "teapot"},
		{Kind: FaultServerError, Status: 404},
		{Kind: FaultDelay},
		{Kind: FaultRateLimited, Count: -1},
		{Kind: FaultBanned, RetryAfter: -5},
	} {
		if err := s.AddFault(f); !errors.Is(err, ErrBadFault) {
			t.Errorf("AddFault(%+v) = %v, want ErrBadFault", f, err)
		}
	}
}
