package host

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/internal/syncbuf"
	"github.com/tollgate/tollgate/runtime/config"
	"github.com/tollgate/tollgate/runtime/gate"
)

// hostRecorder records the host every outgoing request is addressed to, then delivers it
// to the stand-in: the test sees where Tollgate would have sent it.
type hostRecorder struct {
	to    *url.URL
	mu    sync.Mutex
	hosts map[string][]string // host -> paths
}

func (r *hostRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.hosts[req.URL.Host] = append(r.hosts[req.URL.Host], req.URL.Path)
	r.mu.Unlock()
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = r.to.Scheme, r.to.Host
	return http.DefaultTransport.RoundTrip(req)
}

// BINANCE_TESTNET=true sends every request to the testnet's hosts, spot and futures, and
// refuses locally what the testnet does not serve (/sapi).
func TestTestnetRouting(t *testing.T) {
	const key = "TESTKEYtollgateHOST000000000000000000000000000000000000000000001"
	const secret = "TESTSECRETtollgateHOST000000000000000000000000000000000000000002"
	ex := binancetest.New(binancetest.WithAPIKey(key, secret))
	ex.Start()
	t.Cleanup(ex.Close)
	to, _ := url.Parse(ex.URL())
	rec := &hostRecorder{to: to, hosts: map[string][]string{}}

	env := map[string]string{"BINANCE_TESTNET": "true", "BINANCE_API_KEY": key, "BINANCE_API_SECRET": secret}
	cfg, err := config.Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	cfg.Runtime.CacheDir = cacheDir
	h, err := New(context.Background(), cfg, Options{Modules: builtin(), Stderr: &syncbuf.Buffer{}, Transport: rec})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })

	call := gate.Call{RequestID: "testnet", Tool: "t", Module: "m", Grants: gate.Grants{gate.GrantMarketData, gate.GrantAccountRead}}
	ctx := context.Background()
	for _, op := range []string{"ticker_price", "account", "futures_positions"} {
		p := map[string][]byte{}
		if op == "ticker_price" {
			p["symbol"] = []byte(`"BTCUSDT"`)
		}
		if _, err := h.gate.Handle(ctx, call, op, raw(p)); err != nil {
			t.Fatalf("%s: %v", op, err)
		}
	}
	_, err = h.gate.Handle(ctx, call, "deposit_address", raw(map[string][]byte{"coin": []byte(`"BTC"`)}))
	if !errors.Is(err, gate.ErrPermissionDenied) {
		t.Fatalf("deposit_address on the testnet: %v, want permission_denied", err)
	}

	want := map[string]bool{"testnet.binance.vision": true, "testnet.binancefuture.com": true}
	for host, paths := range rec.hosts {
		if !want[host] {
			t.Errorf("requests %v went to %s, a host the testnet does not name", paths, host)
		}
		for _, p := range paths {
			if (host == "testnet.binancefuture.com") != (len(p) > 6 && p[:6] == "/fapi/") {
				t.Errorf("%s went to %s", p, host)
			}
			if len(p) > 6 && p[:6] == "/sapi/" {
				t.Errorf("%s was sent", p)
			}
		}
	}
	if len(rec.hosts["testnet.binancefuture.com"]) != 1 || len(rec.hosts["testnet.binance.vision"]) < 3 {
		t.Fatalf("hosts %v", rec.hosts)
	}
}

func raw(p map[string][]byte) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(p))
	for k, v := range p {
		out[k] = v
	}
	return out
}
