package sign

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/runtime/gate"
)

func order(symbol, side string, price string) []Param {
	return []Param{
		{"symbol", symbol}, {"side", side}, {"type", "LIMIT"}, {"timeInForce", "GTC"},
		{"quantity", "1"}, {"price", price},
	}
}

// Both HMAC vectors, through Query. The documentation's example sends recvWindow before
// timestamp, so it is passed among the params.
func TestQueryHMACVectors(t *testing.T) {
	v := loadVectors(t)
	s, err := NewHMAC(NewSecret(v.SecretKey))
	if err != nil {
		t.Fatal(err)
	}
	for i, symbol := range []string{"LTCBTC", "１２３４５６"} {
		params := append(order(symbol, "BUY", "0.1"), Param{"recvWindow", "5000"})
		got, err := Query(params, 1499827319559, 0, s)
		if err != nil {
			t.Fatal(err)
		}
		want := v.Vectors[i].Payload + "&signature=" + v.Vectors[i].Signature
		if got != want {
			t.Errorf("vector %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// The RSA and Ed25519 examples of rest-api.md give only placeholder keys, so the exact
// payloads are checked and the signatures verified with generated keys. (The Ed25519
// example's printed signatures are RSA-sized and cannot be Ed25519 signatures.)
func TestQueryDocPayloads(t *testing.T) {
	pemBytes, pub := ed25519PEM(t)
	s, err := NewEd25519(pemBytes)
	if err != nil {
		t.Fatal(err)
	}
	rsaBytes, _ := rsaPEM(t, 2048)
	r, err := NewRSA(rsaBytes)
	if err != nil {
		t.Fatal(err)
	}
	payloads := map[string]string{
		"BTCUSDT": "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918&recvWindow=5000",
		"１２３４５６":  "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918&recvWindow=5000",
	}
	for symbol, want := range payloads {
		for _, signer := range []Signer{s, r} {
			got, err := Query(order(symbol, "SELL", "0.2"), 1668481559918, 5000, signer)
			if err != nil {
				t.Fatal(err)
			}
			payload, sig, ok := strings.Cut(got, "&signature=")
			if !ok || payload != want {
				t.Fatalf("%s: payload\n got %s\nwant %s", signer.KeyType(), payload, want)
			}
			if strings.ContainsAny(sig, "+/=") {
				t.Errorf("%s: signature %q not percent-encoded", signer.KeyType(), sig)
			}
			raw, _ := url.QueryUnescape(sig)
			if want, _ := signer.Sign([]byte(payload)); raw != want {
				t.Errorf("%s: signature %q, want %q", signer.KeyType(), raw, want)
			}
			if signer == Signer(s) {
				b, _ := base64.StdEncoding.DecodeString(raw)
				if !ed25519.Verify(pub, []byte(payload), b) {
					t.Errorf("Ed25519 signature does not verify")
				}
			}
		}
	}
}

// fixedSigner returns a signature that needs percent-encoding, to see the encoding.
type fixedSigner string

func (fixedSigner) KeyType() string               { return "TEST" }
func (f fixedSigner) Sign([]byte) (string, error) { return string(f), nil }

type failSigner struct{}

var errFail = errors.New("no")

func (failSigner) KeyType() string             { return "TEST" }
func (failSigner) Sign([]byte) (string, error) { return "", errFail }

func TestQuery(t *testing.T) {
	sig := fixedSigner("a+b/c==")
	tests := []struct {
		name       string
		params     []Param
		ts, window int64
		signer     Signer
		want       string
		wantErr    error
	}{
		{name: "no params", ts: 1, signer: sig, want: "timestamp=1&signature=a%2Bb%2Fc%3D%3D"},
		{name: "order kept, not sorted", params: []Param{{"z", "1"}, {"a", "2"}, {"z", "3"}}, ts: 5, window: 5000, signer: sig,
			want: "z=1&a=2&z=3&timestamp=5&recvWindow=5000&signature=a%2Bb%2Fc%3D%3D"},
		{name: "space is %20, plus is %2B", params: []Param{{"q", "a b+c"}}, ts: 1, signer: sig,
			want: "q=a%20b%2Bc&timestamp=1&signature=a%2Bb%2Fc%3D%3D"},
		{name: "separators in values are encoded", params: []Param{{"k&x=1", "v&signature=0;%"}}, ts: 1, signer: sig,
			want: "k%26x%3D1=v%26signature%3D0%3B%25&timestamp=1&signature=a%2Bb%2Fc%3D%3D"},
		{name: "unreserved kept", params: []Param{{"k", "AZaz09-_.~"}}, ts: 1, signer: sig,
			want: "k=AZaz09-_.~&timestamp=1&signature=a%2Bb%2Fc%3D%3D"},
		{name: "non-ASCII and invalid UTF-8 bytes", params: []Param{{"s", "币\xff"}}, ts: 1, signer: sig,
			want: "s=%E5%B8%81%FF&timestamp=1&signature=a%2Bb%2Fc%3D%3D"},
		{name: "empty value", params: []Param{{"k", ""}}, ts: 1, signer: sig, want: "k=&timestamp=1&signature=a%2Bb%2Fc%3D%3D"},
		{name: "max window", ts: 1, window: 60000, signer: sig, want: "timestamp=1&recvWindow=60000&signature=a%2Bb%2Fc%3D%3D"},

		{name: "empty key", params: []Param{{"", "v"}}, ts: 1, signer: sig, wantErr: gate.ErrValidation},
		{name: "timestamp reserved", params: []Param{{"timestamp", "1"}}, ts: 1, signer: sig, wantErr: gate.ErrValidation},
		{name: "signature reserved", params: []Param{{"signature", "x"}}, ts: 1, signer: sig, wantErr: gate.ErrValidation},
		{name: "recvWindow twice", params: []Param{{"recvWindow", "1"}}, ts: 1, window: 1, signer: sig, wantErr: gate.ErrValidation},
		{name: "zero timestamp", ts: 0, signer: sig, wantErr: gate.ErrValidation},
		{name: "negative timestamp", ts: -1, signer: sig, wantErr: gate.ErrValidation},
		{name: "negative window", ts: 1, window: -1, signer: sig, wantErr: gate.ErrValidation},
		{name: "window too large", ts: 1, window: 60001, signer: sig, wantErr: gate.ErrValidation},
		{name: "signer fails", ts: 1, signer: failSigner{}, wantErr: errFail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Query(tt.params, tt.ts, tt.window, tt.signer)
			if tt.wantErr != nil {
				if got != "" || !errors.Is(err, tt.wantErr) {
					t.Fatalf("Query = %q, %v; want error %v", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Query =\n %q, %v\nwant\n %q", got, err, tt.want)
			}
			checkParses(t, got, tt.params, tt.ts, tt.window, string(tt.signer.(fixedSigner)))
		})
	}
}

// checkParses asserts that q parses back with url.ParseQuery to exactly params plus
// timestamp, recvWindow and signature.
func checkParses(t *testing.T, q string, params []Param, ts, window int64, sig string) {
	t.Helper()
	want := url.Values{}
	for _, p := range params {
		want.Add(p.Key, p.Value)
	}
	want.Add("timestamp", itoa(ts))
	if window != 0 {
		want.Add("recvWindow", itoa(window))
	}
	want.Add("signature", sig)
	got, err := url.ParseQuery(q)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseQuery(%q) = %v, %v; want %v", q, got, err, want)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
