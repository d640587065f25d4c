package binancetest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"
)

// TestControlAPI drives the stand-in over HTTP only, as the Node end-to-end tests do.
func TestControlAPI(t *testing.T) {
	s, _ := start(t)
	ctl := func(method, route, body string) answer {
		t.Helper()
		return do(t, method, s.URL()+"/__standin/"+route, body)
	}
	wantOK := func(a answer) {
		t.Helper()
		if a.status != http.StatusOK {
			t.Fatalf("control: status %d: %s", a.status, a.body)
		}
	}

	wantOK(ctl("POST", "fault", `{"kind":"rate_limited","path":"/api/v3/depth","count":1,"retryAfter":7}`))
	wantOK(ctl("POST", "fault", `{"kind":"delay","path":"/api/v3/time","delayMs":20}`))
	a := get(t, s, "/api/v3/depth?symbol=BTCUSDT")
	if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") != "7" {
		t.Errorf("fault not applied: %d %v", a.status, a.header)
	}
	begin := time.Now()
	if a := get(t, s, "/api/v3/time"); a.status != http.StatusOK || time.Since(begin) < 20*time.Millisecond {
		t.Errorf("delay fault: %d after %v", a.status, time.Since(begin))
	}

	wantOK(ctl("POST", "weight", `{"used":1190}`))
	a = ctl("GET", "weight", "")
	wantOK(a)
	if string(a.body) != `{"used":1190,"limit":1200}`+"\n" {
		t.Errorf("GET weight: %s", a.body)
	}
	if used, _ := weightHeaders(t, get(t, s, "/api/v3/ping")); used != 1191 {
		t.Errorf("after POST weight, used %d", used)
	}

	a = ctl("GET", "requests", "")
	wantOK(a)
	var recs []Record
	if err := json.Unmarshal(a.body, &recs); err != nil {
		t.Fatal(err)
	}
	direct := s.Requests()
	if len(recs) != 3 || !reflect.DeepEqual(recs, direct) {
		t.Errorf("GET requests\n%+v\nRequests()\n%+v", recs, direct)
	}
	if recs[0].Fault != FaultRateLimited || recs[0].Status != 429 || recs[1].Fault != FaultDelay {
		t.Errorf("records %+v", recs)
	}
	a = ctl("GET", "requests?path=/api/v3/time", "")
	if err := json.Unmarshal(a.body, &recs); err != nil || len(recs) != 1 || recs[0].Path != "/api/v3/time" {
		t.Errorf("GET requests?path: %s", a.body)
	}

	wantOK(ctl("POST", "fault", `{"kind":"banned","count":3}`))
	wantOK(ctl("POST", "reset", ""))
	if a := ctl("GET", "requests", ""); string(a.body) != "[]\n" {
		t.Errorf("after reset: %s", a.body)
	}
	if a := get(t, s, "/api/v3/ping"); a.status != http.StatusOK {
		t.Errorf("reset kept a fault: %d", a.status)
	}
	if s.CountRequests("/api/v3/ping") != 1 || len(s.Requests()) != 1 {
		t.Error("control requests were recorded")
	}
	if s.UsedWeight() != 1192 {
		t.Errorf("control requests were charged: used %d", s.UsedWeight())
	}
}

func TestControlAPIRefuses(t *testing.T) {
	s, _ := start(t)
	for _, tc := range []struct {
		method, route, body string
		status              int
	}{
		{"POST", "fault", `{"kind":"rate_limited","colour":"red"}`, 400},
		{"POST", "fault", `{"kind":"nope"}`, 400},
		{"POST", "fault", `{"kind":"server_error","status":200}`, 400},
		{"POST", "fault", `{"kind":"delay"}`, 400},
		{"POST", "fault", `{"kind":"drop"} {"kind":"drop"}`, 400},
		{"POST", "fault", `not json`, 400},
		{"POST", "weight", `{}`, 400},
		{"POST", "weight", `{"used":-1}`, 400},
		{"GET", "fault", ``, 404},
		{"POST", "requests", ``, 404},
		{"GET", "nope", ``, 404},
	} {
		a := do(t, tc.method, s.URL()+"/__standin/"+tc.route, tc.body)
		var body struct{ Error string }
		if a.status != tc.status || json.Unmarshal(a.body, &body) != nil || body.Error == "" {
			t.Errorf("%s %s %s: %d %s", tc.method, tc.route, tc.body, a.status, a.body)
		}
	}
	if len(s.Requests()) != 0 || s.UsedWeight() != 0 {
		t.Error("control requests were recorded or charged")
	}
	if a := get(t, s, "/api/v3/ping"); a.status != http.StatusOK {
		t.Errorf("a refused fault was queued: %d", a.status)
	}
}
