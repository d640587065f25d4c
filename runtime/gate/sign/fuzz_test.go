package sign

import (
	"crypto/ed25519"
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/runtime/gate"
)

// FuzzQuery builds signed queries from arbitrary parameters. Invariants: no panic; an
// error means an empty string and a *gate.Error; otherwise the output is printable ASCII
// with exactly one "&signature=", the signature verifies for exactly the bytes before it
// (HMAC and Ed25519), and url.ParseQuery gives back the same parameters.
func FuzzQuery(f *testing.F) {
	// The seed corpus is in testdata/fuzz/FuzzQuery; a few more here.
	f.Add("symbol", "LTCBTC", "side", "BUY", int64(1499827319559), int64(5000))
	f.Add("symbol", "１２３４５６", "price", "0.1", int64(1499827319559), int64(0))
	f.Add("a b", "c+d&e=f", "signature", "x", int64(1), int64(1))

	pemBytes, pub := ed25519PEM(f)
	ed, err := NewEd25519(pemBytes)
	if err != nil {
		f.Fatal(err)
	}
	hkey := []byte("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j")
	hm, err := NewHMAC(NewSecret(string(hkey)))
	if err != nil {
		f.Fatal(err)
	}
	verify := map[Signer]func(payload []byte, sig string) bool{
		hm: func(p []byte, sig string) bool {
			b, err := hex.DecodeString(sig)
			return err == nil && hmac.Equal(b, hmacSHA256(hkey, p))
		},
		ed: func(p []byte, sig string) bool {
			b, err := base64.StdEncoding.DecodeString(sig)
			return err == nil && ed25519.Verify(pub, p, b)
		},
	}

	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string, ts, window int64) {
		params := []Param{{k1, v1}, {k2, v2}}
		for s, ok := range verify {
			q, err := Query(params, ts, window, s)
			if err != nil {
				var ge *gate.Error
				if q != "" || !errors.As(err, &ge) || ge.Type != gate.TypeValidation {
					t.Fatalf("Query = %q, %#v", q, err)
				}
				return
			}
			for i := 0; i < len(q); i++ {
				if q[i] <= ' ' || q[i] >= 0x7f {
					t.Fatalf("byte %#x at %d in %q", q[i], i, q)
				}
			}
			if n := strings.Count(q, "&signature="); n != 1 {
				t.Fatalf("%d signatures in %q", n, q)
			}
			payload, esig, _ := strings.Cut(q, "&signature=")
			sig, err := url.QueryUnescape(esig)
			if err != nil || !ok([]byte(payload), sig) {
				t.Fatalf("%s signature %q does not verify for %q (%v)", s.KeyType(), esig, payload, err)
			}
			checkParses(t, q, params, ts, window, sig)
		}
	})
}
