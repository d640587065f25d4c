package binancetest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// sendHost sends a signed GET with the Host header set to host, as a client configured with
// https://testnet.binance.vision would send it.
func sendHost(t *testing.T, s *Server, host, path, params string) answer {
	t.Helper()
	payload := "timestamp=" + strconv.FormatInt(s.now().UnixMilli(), 10)
	if params != "" {
		payload = params + "&" + payload
	}
	req, err := http.NewRequest(http.MethodGet, s.URL()+path+"?"+payload+"&signature="+sign(docSecret, payload), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	req.Header.Set("X-MBX-APIKEY", docKey)
	return send(t, req)
}

// TestTestnet: with WithTestnet only /api answers (testnet-general-info.md); /sapi and /fapi
// are Binance's 404 page, uncharged. Every request's Host is recorded.
func TestTestnet(t *testing.T) {
	const host = "testnet.binance.vision"
	cases := []struct {
		path, params string
		testnet      int // status with WithTestnet
		mainnet      int // status without
	}{
		{"/api/v3/allOrders", "symbol=BTCUSDT", 200, 200},
		{"/api/v3/account", "", 200, 200},
		{"/api/v3/openOrders", "symbol=BTCUSDT", 200, 200},
		{"/sapi/v1/asset/tradeFee", "symbol=BTCUSDT", 404, 200},
		{"/sapi/v1/capital/deposit/address", "coin=BTC", 404, 200},
		{"/sapi/v1/accountSnapshot", "type=SPOT", 404, 200},
		{"/fapi/v2/positionRisk", "", 404, 200},
		{"/fapi/v3/positionRisk", "", 404, 200},
		{"/fapi/v1/income", "", 404, 200},
		{"/fapi/v1/forceOrders", "", 404, 200},
		{"/wapi/v3/nothing", "", 404, 404},
	}
	for _, testnet := range []bool{true, false} {
		opts := []Option{WithAPIKey(docKey, docSecret)}
		if testnet {
			opts = append(opts, WithTestnet())
		}
		s, _ := start(t, opts...)
		for _, c := range cases {
			want := c.mainnet
			if testnet {
				want = c.testnet
			}
			before := s.UsedWeight()
			a := sendHost(t, s, host, c.path, c.params)
			if a.status != want {
				t.Errorf("testnet %v: %s: status %d, want %d: %.200s", testnet, c.path, a.status, want, a.body)
				continue
			}
			if want == 404 {
				if string(a.body) != notFoundPage || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") {
					t.Errorf("%s: 404 answer %q %.100s", c.path, a.header.Get("Content-Type"), a.body)
				}
				if s.UsedWeight() != before {
					t.Errorf("%s: a 404 was charged", c.path)
				}
			}
		}
		recs := s.Requests()
		if len(recs) != len(cases) {
			t.Fatalf("%d records, want %d", len(recs), len(cases))
		}
		for i, r := range recs {
			if r.Host != host || r.Path != cases[i].path {
				t.Errorf("record %d: host %q path %q", i, r.Host, r.Path)
			}
			if testnet && cases[i].testnet == 404 && (r.Status != 404 || r.Weight != 0) {
				t.Errorf("record %d: %+v", i, r)
			}
		}
		// The control API reports the host too.
		a := do(t, http.MethodGet, s.URL()+"/__standin/requests?path=/sapi/v1/asset/tradeFee", "")
		if a.status != 200 || !strings.Contains(string(a.body), `"host":"`+host+`"`) {
			t.Errorf("GET /__standin/requests: %d %.300s", a.status, a.body)
		}
	}
	// Without a Host override the recorded host is the listener's.
	s, _ := start(t, WithTestnet())
	get(t, s, "/api/v3/ping")
	if r := s.Requests()[0]; "http://"+r.Host != s.URL() {
		t.Errorf("host %q, URL %s", r.Host, s.URL())
	}
}
