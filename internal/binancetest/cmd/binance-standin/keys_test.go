package main

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tollgate/tollgate/internal/syncbuf"
)

// TestKeyFlags registers an HMAC and an Ed25519 key on the command line and sends a signed
// test order with each.
func TestKeyFlags(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	pemFile := filepath.Join(t.TempDir(), "ed.pem")
	if err := os.WriteFile(pemFile, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr syncbuf.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"-hmac-key", "hk=secret", "-ed25519-key", "ek=" + pemFile}, strings.NewReader(""), outW, &stderr)
	}()
	base := readURL(t, outR)
	go io.Copy(io.Discard, outR)

	payload := "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&timestamp=" + strconv.FormatInt(time.Now().UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte("secret"))
	mac.Write([]byte(payload))
	for key, sig := range map[string]string{
		"hk": hex.EncodeToString(mac.Sum(nil)),
		"ek": url.QueryEscape(base64.StdEncoding.EncodeToString(ed25519.Sign(priv, []byte(payload)))),
	} {
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v3/order/test?"+payload+"&signature="+sig, nil)
		req.Header.Set("X-MBX-APIKEY", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != "{}" {
			t.Errorf("%s: %d %s", key, resp.StatusCode, body)
		}
	}
	cancel()
	if c := <-code; c != 0 {
		t.Errorf("exit %d: %s", c, stderr.String())
	}

	// Bad key flags are usage errors.
	for _, args := range [][]string{{"-hmac-key", "nosecret"}, {"-ed25519-key", "k=/nonexistent.pem"}, {"-rsa-key", "k=" + pemFile}} {
		var errOut syncbuf.Buffer
		if c := run(context.Background(), args, strings.NewReader(""), io.Discard, &errOut); c != 2 {
			t.Errorf("%v: exit %d", args, c)
		}
	}
}
