package redact

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/url"
	"strings"
	"testing"
)

// The HMAC example credentials from Binance's REST API documentation (rest-api.md,
// "SIGNED request example (HMAC)"), and the signature they give for the example order.
const (
	apiKey    = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
	apiSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
	hmacSig   = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
	// The percent-encoded example signature printed under "Ed25519 Keys" in rest-api.md
	// (344 base64 characters, so RSA-sized: the docs reuse it; any base64 will do here).
	docsSigEncoded = "HaZnek7KOGa%2Fk5%2Bf6Q1nw8lzMUpo36mRVvvLHCMUCXxlmdQQGZge1luAUKnleD%2FDYeD19YrqzeHbb6xU3MkSIXKhAO1MaYq48uGVYb3vJScEZVOutgMInrZzUcCWNulNkfcbmExSiymCZ5xQBw5QDuzpuDFqRZ1Xt%2BBZxEHBN9OYQKpoe0%2BovjnXyVOaH8VUKhE%2FghUWnThrXJr%2BhmSc5t7ggjiVPQc7pGn3qSNGCQwdpkQC9GHMr%2Fr%2B8n6qeEKMYB5j%2F1wC4d8Jae8FQiU8xcXR0NlUgV2LAw61%2FZJv5BTJpa%2Bz5Lv1W9v6jHQWRX2O8uaG3KU%2FlR3spR7%2BoGlWOw%3D"
	// The example query string the HMAC signature above signs.
	hmacPayload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
)

// Ed25519 test key from a fixed seed, so that vectors and the fuzz corpus are stable.
var (
	edKey = ed25519.NewKeyFromSeed([]byte("tollgate redact test seed 32 byt"))
	// edPEM is the key as a PKCS#8 PEM file, as Tollgate would read it.
	edPEM = func() string {
		der, err := x509.MarshalPKCS8PrivateKey(edKey)
		if err != nil {
			panic(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}()
	// edPEMLine is the PEM's one body line (an Ed25519 PKCS#8 body is 64 characters).
	edPEMLine = strings.Split(edPEM, "\n")[1]
	// edSig is a real Ed25519 signature of hmacPayload, base64 and percent-encoded the way
	// Binance wants it in a query string.
	edSig = url.QueryEscape(base64.StdEncoding.EncodeToString(ed25519.Sign(edKey, []byte(hmacPayload))))
)

// testRedactor is configured with everything Tollgate would hold at once.
var testRedactor = New(apiKey, apiSecret, edPEM)

// configured lists the configured values that must never survive redaction.
var configured = []string{apiKey, apiSecret, edPEMLine, strings.TrimSpace(edPEM)}

// noSecrets fails t if out still holds a configured secret value.
func noSecrets(t *testing.T, out string) {
	t.Helper()
	for _, s := range configured {
		if strings.Contains(out, s) {
			t.Errorf("output contains configured secret %.12q…: %q", s, out)
		}
	}
	if testRedactor.Contains([]byte(out)) {
		t.Errorf("Contains reports a secret in output %q", out)
	}
}
