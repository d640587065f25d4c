package sign

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
)

// Test keys are made at run time, never checked in.

var ed25519Seed = bytes.Repeat([]byte{0x5a}, ed25519.SeedSize)

func ed25519PEM(t testing.TB) ([]byte, ed25519.PublicKey) {
	t.Helper()
	priv := ed25519.NewKeyFromSeed(ed25519Seed)
	return pkcs8PEM(t, priv), priv.Public().(ed25519.PublicKey)
}

var rsaKeys = struct {
	once         sync.Once
	k2048, k1024 *rsa.PrivateKey
}{}

func rsaPEM(t testing.TB, bits int) ([]byte, *rsa.PublicKey) {
	t.Helper()
	rsaKeys.once.Do(func() {
		var err error
		if rsaKeys.k2048, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if rsaKeys.k1024, err = rsa.GenerateKey(rand.Reader, 1024); err != nil {
			panic(err)
		}
	})
	k := rsaKeys.k2048
	if bits == 1024 {
		k = rsaKeys.k1024
	}
	return pkcs8PEM(t, k), &k.PublicKey
}

func pkcs8PEM(t testing.TB, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

type vectorFile struct {
	SecretKey string `json:"secretKey"`
	Vectors   []struct {
		Payload   string `json:"payload"`
		Signature string `json:"signature"`
	} `json:"vectors"`
}

func loadVectors(t *testing.T) vectorFile {
	t.Helper()
	b, err := os.ReadFile("testdata/hmac_signature_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectorFile
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Vectors) != 2 {
		t.Fatalf("want 2 vectors, have %d", len(v.Vectors))
	}
	return v
}

func TestHMACVectors(t *testing.T) {
	v := loadVectors(t)
	s, err := NewHMAC(NewSecret(v.SecretKey))
	if err != nil {
		t.Fatal(err)
	}
	for _, vec := range v.Vectors {
		got, err := s.Sign([]byte(vec.Payload))
		if err != nil || got != vec.Signature {
			t.Errorf("Sign(%q) = %q, %v; want %q", vec.Payload, got, err, vec.Signature)
		}
	}
}

func TestSigners(t *testing.T) {
	edPEM, edPub := ed25519PEM(t)
	rsaPEMBytes, rsaPub := rsaPEM(t, 2048)
	hmacKey := []byte("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j")
	tests := []struct {
		name    string
		new     func() (Signer, error)
		keyType string
		verify  func(payload []byte, sig string) error
	}{
		{"hmac", func() (Signer, error) { return NewHMAC(NewSecret(string(hmacKey))) }, KeyHMAC,
			func(p []byte, sig string) error {
				m := hmacSHA256(hmacKey, p)
				if sig != strings.ToLower(sig) {
					return errors.New("not lowercase hex")
				}
				got, err := hex.DecodeString(sig)
				if err != nil || !hmac.Equal(got, m) {
					return fmt.Errorf("mac mismatch (%v)", err)
				}
				return nil
			}},
		{"ed25519", func() (Signer, error) { return NewEd25519(edPEM) }, KeyEd25519,
			func(p []byte, sig string) error {
				b, err := base64.StdEncoding.DecodeString(sig)
				if err != nil || !ed25519.Verify(edPub, p, b) {
					return fmt.Errorf("bad signature (%v)", err)
				}
				return nil
			}},
		{"rsa", func() (Signer, error) { return NewRSA(rsaPEMBytes) }, KeyRSA,
			func(p []byte, sig string) error {
				b, err := base64.StdEncoding.DecodeString(sig)
				if err != nil {
					return err
				}
				d := sha256.Sum256(p)
				return rsa.VerifyPKCS1v15(rsaPub, crypto.SHA256, d[:], b)
			}},
	}
	payloads := []string{
		"",
		"symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918&recvWindow=5000",
		"symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918&recvWindow=5000",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.new()
			if err != nil {
				t.Fatal(err)
			}
			if s.KeyType() != tt.keyType {
				t.Errorf("KeyType = %q, want %q", s.KeyType(), tt.keyType)
			}
			for _, p := range payloads {
				sig, err := s.Sign([]byte(p))
				if err != nil {
					t.Fatalf("Sign(%q): %v", p, err)
				}
				if err := tt.verify([]byte(p), sig); err != nil {
					t.Errorf("Sign(%q) = %q: %v", p, sig, err)
				}
				if err := tt.verify([]byte(p+"x"), sig); err == nil {
					t.Errorf("signature of %q also verifies for a longer payload", p)
				}
			}
			// A signer prints its type only.
			want := "sign." + tt.keyType + "(REDACTED)"
			for _, f := range []string{"%v", "%+v", "%#v", "%s", "%x"} {
				if got := fmt.Sprintf(f, s); got != want {
					t.Errorf("Sprintf(%q) = %q, want %q", f, got, want)
				}
			}
			var buf bytes.Buffer
			slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "signer", s)
			if !strings.Contains(buf.String(), "signer="+want) {
				t.Errorf("slog: %s", buf.String())
			}
		})
	}
}

func hmacSHA256(key, p []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(p)
	return m.Sum(nil)
}

// Fail closed: a signer not made by its constructor refuses to sign.
func TestZeroSigners(t *testing.T) {
	for _, s := range []Signer{&HMAC{}, &Ed25519{}, &RSA{}} {
		sig, err := s.Sign([]byte("timestamp=1"))
		if sig != "" || !errors.Is(err, ErrZeroSigner) {
			t.Errorf("%s: Sign = %q, %v; want ErrZeroSigner", s.KeyType(), sig, err)
		}
		if q, err := Query(nil, 1, 0, s); q != "" || !errors.Is(err, ErrZeroSigner) {
			t.Errorf("%s: Query = %q, %v; want ErrZeroSigner", s.KeyType(), q, err)
		}
	}
}
