package binancetest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The HMAC key of rest-api.md "SIGNED Endpoint Examples for POST /api/v3/order".
const (
	docKey    = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
	docSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
	otherKey  = "otherKey"
	otherSec  = "otherSecret"
)

func sign(secret, payload string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(payload))
	return hex.EncodeToString(mac.Sum(nil))
}

// TestHMACVectors checks the verifier against Binance's own examples
// (testdata/binance-spot-api-docs/hmac_signature_vectors.json).
func TestHMACVectors(t *testing.T) {
	raw, err := os.ReadFile("testdata/binance-spot-api-docs/hmac_signature_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		APIKey, SecretKey string
		Vectors           []struct{ Payload, Signature string }
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if f.APIKey != docKey || f.SecretKey != docSecret || len(f.Vectors) == 0 {
		t.Fatalf("unexpected vector file: %+v", f)
	}
	for _, v := range f.Vectors {
		if got := sign(f.SecretKey, v.Payload); got != v.Signature {
			t.Errorf("crypto/hmac over %q = %s, Binance says %s", v.Payload, got, v.Signature)
		}
		// The example's timestamp, 1499827319559, is the server's time.
		clock := NewManualClock(time.UnixMilli(1499827319559))
		s := New(WithClock(clock.Now), WithAPIKey(f.APIKey, f.SecretKey))
		for _, sig := range []string{v.Signature, strings.ToUpper(v.Signature)} {
			r := httptest.NewRequest(http.MethodGet, "/api/v3/order?"+v.Payload+"&signature="+sig, nil)
			r.Header.Set("X-MBX-APIKEY", f.APIKey)
			if key, e := s.verifySigned(r); e != nil || key != f.APIKey {
				t.Errorf("verifySigned(%q) = %q, %v", v.Payload, key, e)
			}
		}
		bad := []byte(v.Signature)
		bad[0] ^= 1
		r := httptest.NewRequest(http.MethodGet, "/api/v3/order?"+v.Payload+"&signature="+string(bad), nil)
		r.Header.Set("X-MBX-APIKEY", f.APIKey)
		if _, e := s.verifySigned(r); e == nil || e.code != -1022 {
			t.Errorf("altered signature: %v", e)
		}
	}
}

// TestSigned runs, for each rule, the rejected request and the nearest accepted one against
// GET /api/v3/account, on a stand-in whose clock is t0.
func TestSigned(t *testing.T) {
	now := t0.UnixMilli()
	ms := func(d int64) string { return strconv.FormatInt(now+d, 10) }
	us := func(d int64) string { return strconv.FormatInt(t0.UnixMicro()+d, 10) }
	// signed is payload&signature=HMAC(secret, payload+body).
	signed := func(secret, payload, body string) string {
		return payload + "&signature=" + sign(secret, payload+body)
	}
	ts := "timestamp=" + ms(0)
	const (
		msgKey    = "Invalid API-key, IP, or permissions for action."
		msgSig    = "Signature for this request is not valid."
		msgAhead  = "Timestamp for this request was 1000ms ahead of the server's time."
		msgWindow = "Timestamp for this request is outside of the recvWindow."
	)
	type tc struct {
		name   string
		key    string // X-MBX-APIKEY; "-" sends none
		query  string
		body   string
		status int // 200, or the error's status
		code   int
		msg    string
	}
	ok := func(name, key, query, body string) tc { return tc{name, key, query, body, 200, 0, ""} }
	bad := func(name, key, query, body string, code int, msg string) tc {
		st := http.StatusBadRequest
		if code == -2015 {
			st = http.StatusUnauthorized
		}
		return tc{name, key, query, body, st, code, msg}
	}
	cases := []tc{
		bad("missing key", "-", signed(docSecret, ts, ""), "", -2015, msgKey),
		bad("empty key", "", signed(docSecret, ts, ""), "", -2015, msgKey),
		ok("key sent", docKey, signed(docSecret, ts, ""), ""),
		bad("unknown key", "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8B", signed(docSecret, ts, ""), "", -2015, msgKey),
		ok("second registered key", otherKey, signed(otherSec, ts, ""), ""),
		bad("key with another key's secret", otherKey, signed(docSecret, ts, ""), "", -1022, msgSig),

		bad("missing timestamp", docKey, signed(docSecret, "recvWindow=5000", ""), "", -1102,
			"Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed."),
		ok("timestamp sent", docKey, signed(docSecret, "recvWindow=5000&"+ts, ""), ""),

		bad("missing signature", docKey, ts, "", -1022, msgSig),
		bad("empty signature", docKey, ts+"&signature=", "", -1022, msgSig),
		bad("signature not hex", docKey, ts+"&signature="+strings.Repeat("z", 64), "", -1022, msgSig),
		bad("wrong signature (other secret)", docKey, signed(otherSec, ts, ""), "", -1022, msgSig),
		ok("signature upper case", docKey, ts+"&signature="+strings.ToUpper(sign(docSecret, ts)), ""),

		bad("signed other order of parameters", docKey,
			"recvWindow=5000&"+ts+"&signature="+sign(docSecret, ts+"&recvWindow=5000"), "", -1022, msgSig),
		bad("signed decoded bytes", docKey,
			"omitZeroBalances=%74rue&"+ts+"&signature="+sign(docSecret, "omitZeroBalances=true&"+ts), "", -1022, msgSig),
		ok("signed the bytes sent", docKey, signed(docSecret, "omitZeroBalances=%74rue&"+ts, ""), ""),
		bad("body not signed", docKey, signed(docSecret, ts, ""), "omitZeroBalances=true", -1022, msgSig),
		ok("query and body signed", docKey, signed(docSecret, ts, "omitZeroBalances=true"), "omitZeroBalances=true"),
		bad("parameter after the signature", docKey, signed(docSecret, ts, "")+"&omitZeroBalances=true", "", -1022, msgSig),

		// rest-api.md: processed only if timestamp < serverTime + 1 second.
		bad("1001 ms ahead", docKey, signed(docSecret, "timestamp="+ms(1001), ""), "", -1021, msgAhead),
		bad("1000 ms ahead", docKey, signed(docSecret, "timestamp="+ms(1000), ""), "", -1021, msgAhead),
		ok("999 ms ahead", docKey, signed(docSecret, "timestamp="+ms(999), ""), ""),
		ok("999999 us ahead", docKey, signed(docSecret, "timestamp="+us(999999), ""), ""),

		bad("5001 ms behind, default recvWindow", docKey, signed(docSecret, "timestamp="+ms(-5001), ""), "", -1021, msgWindow),
		ok("5000 ms behind, default recvWindow", docKey, signed(docSecret, "timestamp="+ms(-5000), ""), ""),
		bad("10001 ms behind, recvWindow 10000", docKey, signed(docSecret, "recvWindow=10000&timestamp="+ms(-10001), ""), "", -1021, msgWindow),
		ok("10000 ms behind, recvWindow 10000", docKey, signed(docSecret, "recvWindow=10000&timestamp="+ms(-10000), ""), ""),
		bad("5000.501 ms behind, recvWindow 5000.5", docKey, signed(docSecret, "recvWindow=5000.5&timestamp="+us(-5000501), ""), "", -1021, msgWindow),
		ok("5000.500 ms behind, recvWindow 5000.5", docKey, signed(docSecret, "recvWindow=5000.5&timestamp="+us(-5000500), ""), ""),

		bad("recvWindow 60001", docKey, signed(docSecret, "recvWindow=60001&"+ts, ""), "", -1131, "recvWindow must be less than 60000"),
		bad("recvWindow 60000.001", docKey, signed(docSecret, "recvWindow=60000.001&"+ts, ""), "", -1131, "recvWindow must be less than 60000"),
		ok("recvWindow 60000", docKey, signed(docSecret, "recvWindow=60000&"+ts, ""), ""),
		ok("60000 ms behind, recvWindow 60000", docKey, signed(docSecret, "recvWindow=60000&timestamp="+ms(-60000), ""), ""),
	}
	// The fixture's balances, then the USDT balance the stand-in adds.
	want := file(t, "nautilus_trader/account_response.json")
	obj(want)["balances"] = append(list(obj(want)["balances"]),
		map[string]any{"asset": "USDT", "free": "1000000.00000000", "locked": "0.00000000"})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := start(t, WithAPIKey(docKey, docSecret), WithAPIKey(otherKey, otherSec))
			req, err := http.NewRequest(http.MethodGet, s.URL()+"/api/v3/account?"+c.query, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if c.key != "-" {
				req.Header.Set("X-MBX-APIKEY", c.key)
			}
			a := send(t, req)
			if c.status == http.StatusOK {
				wantJSON(t, a, want)
			} else {
				wantError(t, a, c.status, c.code, c.msg)
			}
			// Charged and recorded like any request, accepted or not.
			if used, _ := weightHeaders(t, a); used != 20 {
				t.Errorf("used weight %d, want 20", used)
			}
			recs := s.Requests()
			if len(recs) != 1 || recs[0].Path != "/api/v3/account" || recs[0].RawQuery != c.query ||
				recs[0].Body != c.body || recs[0].Status != c.status || recs[0].Weight != 20 {
				t.Errorf("record %+v", recs)
			}
		})
	}
}

// TestSignedParams checks that, once verified, the account parameters are checked like the
// public ones, and that nothing is accepted without a registered key.
func TestSignedParams(t *testing.T) {
	ts := "timestamp=" + strconv.FormatInt(t0.UnixMilli(), 10)
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	for _, c := range []struct {
		payload string
		code    int
		msg     string
	}{
		{"symbol=BTCUSDT&" + ts, -1104, "Not all sent parameters were read; read '2' parameter(s) but was sent '3'."},
		{"omitZeroBalances=yes&" + ts, -1130, "Data sent for parameter 'omitZeroBalances' is not valid."},
		{"timestamp=12x", -1100, "Illegal characters found in parameter 'timestamp'; legal range is '^[0-9]{1,20}$'."},
	} {
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"/api/v3/account?"+c.payload+"&signature="+sign(docSecret, c.payload), nil)
		req.Header.Set("X-MBX-APIKEY", docKey)
		wantError(t, send(t, req), http.StatusBadRequest, c.code, c.msg)
	}

	// No key registered: every key is refused.
	s2, _ := start(t)
	req, _ := http.NewRequest(http.MethodGet, s2.URL()+"/api/v3/account?"+ts+"&signature="+sign(docSecret, ts), nil)
	req.Header.Set("X-MBX-APIKEY", docKey)
	wantError(t, send(t, req), http.StatusUnauthorized, -2015, "Invalid API-key, IP, or permissions for action.")
}

func send(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, b}
}
