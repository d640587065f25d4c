package pipeline

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/order"
	"github.com/tollgate/tollgate/runtime/gate/sign"
)

// Recognisable test credentials: a leak of either is easy to grep for.
const (
	testAPIKey = "TESTKEYtollgatePIPELINE00000000000000000000000000000000000000001"
	testSecret = "TESTSECRETtollgatePIPELINE00000000000000000000000000000000000002"
)

var (
	accountCall = gate.Call{RequestID: "acct-1", Tool: "get_balance", Module: "account", Grants: gate.Grants{gate.GrantAccountRead}}
	tradeCall   = gate.Call{RequestID: "trade-1", Tool: "create_order", Module: "trade", Grants: gate.Grants{gate.GrantMarketData, gate.GrantTrade}}
)

func testCredentials(t *testing.T) *sign.Credentials {
	t.Helper()
	c, err := sign.Load(sign.Source{APIKey: testAPIKey, APISecret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type signedSetup struct {
	creds   *sign.Credentials
	trading bool
	policy  order.Policy
	local   *binancetest.ManualClock // the gate's clock
	server  *binancetest.ManualClock // the stand-in's clock
}

func newSignedGate(t *testing.T, s signedSetup) (*Gate, *binancetest.Server) {
	t.Helper()
	opts := []binancetest.Option{binancetest.WithAPIKey(testAPIKey, testSecret)}
	if s.server != nil {
		opts = append(opts, binancetest.WithClock(s.server.Now))
	}
	ex := binancetest.New(opts...)
	ex.Start()
	t.Cleanup(ex.Close)
	cfg := Config{BaseURL: ex.URL(), Timeout: 5 * time.Second, InfoTTL: time.Hour, Credentials: s.creds, TradingEnabled: s.trading, OrderPolicy: s.policy}
	if s.local != nil {
		cfg.Now = s.local.Now
	}
	return New(cfg), ex
}

func TestSignedRequestReachesTheExchange(t *testing.T) {
	g, ex := newSignedGate(t, signedSetup{creds: testCredentials(t)})
	out, err := g.Handle(context.Background(), accountCall, "account", params(t, `{"omitZeroBalances":true,"recvWindow":"5000"}`))
	if err != nil {
		t.Fatalf("account: %v", err)
	}
	if !strings.Contains(string(out), `"balances"`) {
		t.Fatalf("account answer %s", out)
	}
	recs := ex.Requests()
	if len(recs) != 2 || recs[0].Path != "/api/v3/time" || recs[1].Path != "/api/v3/account" {
		t.Fatalf("requests %+v, want the clock sync then the account", recs)
	}
	q := recs[1].RawQuery
	if !strings.HasPrefix(q, "omitZeroBalances=true&timestamp=") || !strings.Contains(q, "&recvWindow=5000&signature=") {
		t.Fatalf("query %q: want omitZeroBalances, timestamp, recvWindow, signature in that order", q)
	}
	if got := recs[1].Header.Get(sign.HeaderAPIKey); got != testAPIKey {
		t.Fatalf("API key header %q", got)
	}
	for _, r := range recs { // the clock sync was made on the call's behalf: same id
		if got := r.Header.Get("X-Tollgate-Request-Id"); got != accountCall.RequestID {
			t.Fatalf("%s: request id header %q, want %q", r.Path, got, accountCall.RequestID)
		}
	}
}

// A clock that drifted makes Binance answer -1021; the gate resynchronises and sends the
// request once more, re-signed, and only once.
func TestTimestampRejectedResyncsOnce(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	local, server := binancetest.NewManualClock(t0), binancetest.NewManualClock(t0)
	g, ex := newSignedGate(t, signedSetup{creds: testCredentials(t), local: local, server: server})
	ctx := context.Background()
	if _, err := g.Handle(ctx, accountCall, "account", nil); err != nil {
		t.Fatal(err)
	}
	server.Advance(10 * time.Minute) // the local clock now lags by ten minutes: outside recvWindow
	ex.Reset()
	if _, err := g.Handle(ctx, accountCall, "account", nil); err != nil {
		t.Fatalf("after drift: %v", err)
	}
	var paths []string
	for _, r := range ex.Requests() {
		paths = append(paths, r.Path+" "+strconv.Itoa(r.Status))
	}
	want := "/api/v3/account 400,/api/v3/time 200,/api/v3/account 200"
	if strings.Join(paths, ",") != want {
		t.Fatalf("requests %v, want %s", paths, want)
	}

}

// Signed ops are refused before anything is sent when the server has no credentials,
// when the module lacks the grant, or, for orders, while trading is disabled.
func TestSignedRefusals(t *testing.T) {
	order := `{"symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"0.001"}`
	tests := []struct {
		name    string
		setup   signedSetup
		call    gate.Call
		op      string
		params  string
		want    *gate.Error
		message string
	}{
		{"no credentials", signedSetup{}, accountCall, "account", `{}`, gate.ErrAuth, "BINANCE_API_KEY"},
		{"market-data module asks for the account", signedSetup{creds: testCredentials(t)}, marketCall, "account", `{}`, gate.ErrPermissionDenied, "account_read"},
		{"account module asks for an order", signedSetup{creds: testCredentials(t), trading: true}, accountCall, "order", order, gate.ErrPermissionDenied, "trade"},
		{"trading disabled", signedSetup{creds: testCredentials(t)}, tradeCall, "order", order, gate.ErrPermissionDenied, "[trading] enabled = true"},
		{"order without credentials", signedSetup{trading: true}, tradeCall, "order", order, gate.ErrAuth, "BINANCE_API_KEY"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, ex := newSignedGate(t, tc.setup)
			_, err := g.Handle(context.Background(), tc.call, tc.op, params(t, tc.params))
			var ge *gate.Error
			if !errors.Is(err, tc.want) || !errors.As(err, &ge) || !strings.Contains(ge.Message, tc.message) {
				t.Fatalf("err = %v, want %s mentioning %q", err, tc.want.Type, tc.message)
			}
			if n := len(ex.Requests()); n != 0 {
				t.Fatalf("the exchange saw %d requests, want 0", n)
			}
		})
	}
}

// Each key type Binance issues signs requests the stand-in verifies on its own.
func TestSignedWithEachKeyType(t *testing.T) {
	edPub, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsaPriv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		priv   any
		option binancetest.Option
	}{
		{"ed25519", edPriv, binancetest.WithEd25519Key(testAPIKey, edPub)},
		{"rsa", rsaPriv, binancetest.WithRSAKey(testAPIKey, &rsaPriv.PublicKey)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			der, err := x509.MarshalPKCS8PrivateKey(tc.priv)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "key.pem")
			if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
				t.Fatal(err)
			}
			creds, err := sign.Load(sign.Source{APIKey: testAPIKey, PrivateKeyFile: file})
			if err != nil {
				t.Fatal(err)
			}
			ex := binancetest.New(tc.option)
			ex.Start()
			t.Cleanup(ex.Close)
			g := New(Config{BaseURL: ex.URL(), Timeout: 5 * time.Second, InfoTTL: time.Hour, Credentials: creds})
			if _, err := g.Handle(context.Background(), accountCall, "account", nil); err != nil {
				t.Fatalf("account signed with %s: %v", tc.name, err)
			}
			// A signature over a different key is refused by the exchange, as auth_error.
			other, err := sign.Load(sign.Source{APIKey: testAPIKey, APISecret: testSecret})
			if err != nil {
				t.Fatal(err)
			}
			g = New(Config{BaseURL: ex.URL(), Timeout: 5 * time.Second, InfoTTL: time.Hour, Credentials: other})
			if _, err := g.Handle(context.Background(), accountCall, "account", nil); !errors.Is(err, gate.ErrAuth) {
				t.Fatalf("HMAC signature for a %s key: %v, want auth_error", tc.name, err)
			}
		})
	}
}

// A burst of first signed calls synchronises the clock once, not once each.
func TestClockSyncedOnceForABurst(t *testing.T) {
	g, ex := newSignedGate(t, signedSetup{creds: testCredentials(t)})
	if _, err := g.Handle(context.Background(), marketCall, "symbols", nil); err != nil { // exchangeInfo first
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := g.Handle(context.Background(), accountCall, "account", nil)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := ex.CountRequests("/api/v3/time"); n != 1 {
		t.Fatalf("%d server-time requests for 20 concurrent first calls, want 1", n)
	}
}

// rate_limit_status reports the gate's budgets, from exchangeInfo and the headers, and any
// back-off, without a request.
func TestRateLimitStatus(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	clock := binancetest.NewManualClock(t0)
	g, ex := newSignedGate(t, signedSetup{local: clock, server: clock})
	ctx := context.Background()
	if _, err := g.Handle(ctx, marketCall, "ticker_price", params(t, `{"symbol":"BTCUSDT"}`)); err != nil {
		t.Fatal(err)
	}
	if err := ex.AddFault(binancetest.Fault{Kind: binancetest.FaultRateLimited, RetryAfter: 30}); err != nil {
		t.Fatal(err)
	}
	_, _ = g.Handle(ctx, marketCall, "ticker_price", params(t, `{"symbol":"BTCUSDT"}`))
	before := len(ex.Requests())
	out, err := g.Handle(ctx, marketCall, "rate_limit_status", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"limits":[{"rateLimitType":"REQUEST_WEIGHT","intervalMs":60000,"limit":1200,"used":24,"remaining":1176},` +
		`{"rateLimitType":"ORDERS","intervalMs":10000,"limit":50,"used":0,"remaining":50},` +
		`{"rateLimitType":"ORDERS","intervalMs":86400000,"limit":160000,"used":0,"remaining":160000}],` +
		`"backoff":{"type":"rate_limited","retry_after_ms":30000}}`
	if string(out) != want {
		t.Fatalf("status %s\nwant   %s", out, want)
	}
	if len(ex.Requests()) != before {
		t.Fatal("rate_limit_status sent a request")
	}
}
