package sign

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"testing"
)

func TestNewHMACErrors(t *testing.T) {
	const key = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
	tests := []struct {
		name   string
		secret Secret
		want   error
	}{
		{"zero", Secret{}, ErrEmptySecret},
		{"empty", NewSecret(""), ErrEmptySecret},
		{"trailing newline", NewSecret(key + "\n"), ErrSecretWhitespace},
		{"leading space", NewSecret(" " + key), ErrSecretWhitespace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewHMAC(tt.secret)
			if s != nil || !errors.Is(err, tt.want) {
				t.Fatalf("NewHMAC = %v, %v; want %v", s, err, tt.want)
			}
			var ke *KeyError
			if !errors.As(err, &ke) || ke.KeyType != KeyHMAC {
				t.Fatalf("error %#v is not a *KeyError for %s", err, KeyHMAC)
			}
			assertNoKeyBytes(t, err.Error(), []byte(key))
		})
	}
}

func TestNewPEMErrors(t *testing.T) {
	edPEM, _ := ed25519PEM(t)
	rsaGood, _ := rsaPEM(t, 2048)
	rsaWeak, _ := rsaPEM(t, 1024)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecPEM := pkcs8PEM(t, ec)

	edDER := derOf(t, edPEM)
	corrupt := append([]byte(nil), edDER...)
	corrupt[len(corrupt)/2] ^= 0xff
	corrupt[3] ^= 0x0f
	reblock := func(typ string, der []byte, h map[string]string) []byte {
		return pem.EncodeToMemory(&pem.Block{Type: typ, Headers: h, Bytes: der})
	}
	truncated := reblock("PRIVATE KEY", edDER[:len(edDER)-5], nil)

	type ctor func([]byte) (Signer, error)
	newEd := func(b []byte) (Signer, error) {
		s, err := NewEd25519(b)
		if s == nil {
			return nil, err
		}
		return s, err
	}
	newRSA := func(b []byte) (Signer, error) {
		s, err := NewRSA(b)
		if s == nil {
			return nil, err
		}
		return s, err
	}
	tests := []struct {
		name    string
		new     ctor
		keyType string
		in      []byte
		want    error
	}{
		{"ed: empty", newEd, KeyEd25519, nil, ErrNoPEM},
		{"ed: raw base64 body", newEd, KeyEd25519, []byte(base64.StdEncoding.EncodeToString(edDER)), ErrNoPEM},
		{"ed: raw DER", newEd, KeyEd25519, edDER, ErrNoPEM},
		{"ed: rsa key", newEd, KeyEd25519, rsaGood, ErrWrongKeyType},
		{"ed: ecdsa key", newEd, KeyEd25519, ecPEM, ErrWrongKeyType},
		{"ed: corrupt DER", newEd, KeyEd25519, reblock("PRIVATE KEY", corrupt, nil), ErrNotPKCS8},
		{"ed: truncated DER", newEd, KeyEd25519, truncated, ErrNotPKCS8},
		{"ed: encrypted type", newEd, KeyEd25519, reblock("ENCRYPTED PRIVATE KEY", edDER, nil), ErrEncryptedPEM},
		{"ed: legacy encryption headers", newEd, KeyEd25519,
			reblock("PRIVATE KEY", edDER, map[string]string{"Proc-Type": "4,ENCRYPTED"}), ErrEncryptedPEM},
		{"ed: public key", newEd, KeyEd25519, reblock("PUBLIC KEY", edDER, nil), ErrPEMType},
		{"ed: two blocks", newEd, KeyEd25519, append(append([]byte(nil), edPEM...), edPEM...), ErrTrailingData},
		{"rsa: pkcs1 block", newRSA, KeyRSA, reblock("RSA PRIVATE KEY", derOf(t, rsaGood), nil), ErrPEMType},
		{"rsa: ed25519 key", newRSA, KeyRSA, edPEM, ErrWrongKeyType},
		{"rsa: 1024 bits", newRSA, KeyRSA, rsaWeak, ErrWeakKey},
		{"rsa: corrupt DER", newRSA, KeyRSA, reblock("PRIVATE KEY", flip(derOf(t, rsaGood)), nil), ErrNotPKCS8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.new(tt.in)
			if s != nil || !errors.Is(err, tt.want) {
				t.Fatalf("got %v, %v; want %v", s, err, tt.want)
			}
			var ke *KeyError
			if !errors.As(err, &ke) || ke.KeyType != tt.keyType {
				t.Fatalf("error %#v is not a *KeyError for %s", err, tt.keyType)
			}
			for _, key := range [][]byte{tt.in, edPEM, rsaGood, rsaWeak, ecPEM} {
				assertNoKeyBytes(t, err.Error(), key)
				if b, _ := pem.Decode(key); b != nil {
					assertNoKeyBytes(t, err.Error(), b.Bytes)
				}
			}
		})
	}
	if _, err := NewEd25519(edPEM); err != nil {
		t.Errorf("good Ed25519 key: %v", err)
	}
	if _, err := NewRSA(rsaGood); err != nil {
		t.Errorf("good RSA key: %v", err)
	}
}

func derOf(t *testing.T, p []byte) []byte {
	t.Helper()
	b, _ := pem.Decode(p)
	if b == nil {
		t.Fatal("no PEM block")
	}
	return b.Bytes
}

func flip(b []byte) []byte {
	c := append([]byte(nil), b...)
	for i := 20; i < len(c); i += 97 {
		c[i] ^= 0xa5
	}
	return c
}

// keyWindow is the length of the byte sequences looked for: long enough that English
// words in an error message cannot match base64 or hex by chance.
const keyWindow = 8

// assertNoKeyBytes fails if msg contains any keyWindow-byte sequence of the key material
// in key: its raw bytes, the base64 body of a PEM file, or their hex and base64 forms.
func assertNoKeyBytes(t *testing.T, msg string, key []byte) {
	t.Helper()
	if w, found := keyBytesIn(msg, key); found {
		t.Fatalf("error %q contains key bytes %q", msg, w)
	}
}

func keyBytesIn(msg string, key []byte) ([]byte, bool) {
	forms := [][]byte{key, []byte(hex.EncodeToString(key)), []byte(base64.StdEncoding.EncodeToString(key))}
	if b, _ := pem.Decode(key); b != nil {
		// The "-----BEGIN PRIVATE KEY-----" armour is not key material; its body is.
		forms = [][]byte{b.Bytes, []byte(hex.EncodeToString(b.Bytes)), []byte(base64.StdEncoding.EncodeToString(b.Bytes))}
	}
	m := []byte(msg)
	for _, f := range forms {
		for i := 0; i+keyWindow <= len(f); i++ {
			if w := f[i : i+keyWindow]; bytes.Contains(m, w) {
				return w, true
			}
		}
	}
	return nil, false
}

// The checker itself must catch a leak.
func TestKeyBytesIn(t *testing.T) {
	edPEM, _ := ed25519PEM(t)
	der := derOf(t, edPEM)
	body := base64.StdEncoding.EncodeToString(der)
	for _, msg := range []string{
		"bad key " + body[10:20],
		"bad key " + string(der[5:15]),
		"bad key " + hex.EncodeToString(der[20:26]),
	} {
		if _, found := keyBytesIn(msg, edPEM); !found {
			t.Errorf("leak in %q not found", msg)
		}
	}
	if w, found := keyBytesIn("sign: load ED25519 key: PEM block does not hold a valid PKCS#8 private key", edPEM); found {
		t.Errorf("false positive %q", w)
	}
}
