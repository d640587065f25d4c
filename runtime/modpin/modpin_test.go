package modpin

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// testKey is a fixed key so that failures reproduce. It signs nothing outside tests.
var testKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

var testPub = testKey.Public().(ed25519.PublicKey)

var testWasm = []byte("\x00asm\x01\x00\x00\x00 a module")

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHash(t *testing.T) {
	// sha256sum of the empty file.
	if got := Hash(nil); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("Hash(nil) = %s", got)
	}
	sum := sha256.Sum256(testWasm)
	if got := Hash(testWasm); got != hex.EncodeToString(sum[:]) {
		t.Fatalf("Hash = %s", got)
	}
}

func TestCheckHash(t *testing.T) {
	pin := Hash(testWasm)
	other := Hash([]byte("other"))
	tests := []struct {
		name    string
		pinned  string
		wantErr error // nil: accepted
	}{
		{"the pin", pin, nil},
		{"upper-case hex is the same pin", strings.ToUpper(pin), nil},
		{"mixed case", strings.ToUpper(pin[:32]) + pin[32:], nil},
		{"empty", "", ErrNoPin},
		{"another module's pin", other, ErrPinMismatch},
		{"one digit changed", pin[:63] + string("0123456789abcdef"[(strings.IndexByte("0123456789abcdef", pin[63])+1)%16]), ErrPinMismatch},
		{"63 digits", pin[:63], ErrBadPin},
		{"65 digits", pin + "0", ErrBadPin},
		{"trailing newline as copied from a file", pin[:63] + "\n", ErrBadPin},
		{"surrounding spaces", " " + pin + " ", ErrBadPin},
		{"sha256sum line", pin + "  market.wasm", ErrBadPin},
		{"sha256: prefix", "sha256:" + pin[:57], ErrBadPin},
		{"a non-hex letter", "g" + pin[1:], ErrBadPin},
		{"base64 of the hash", base64.StdEncoding.EncodeToString([]byte(pin[:48])), ErrBadPin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckHash(testWasm, tt.pinned)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestMismatchErrorFields(t *testing.T) {
	pin := strings.ToUpper(Hash([]byte("other")))
	err := CheckHash(testWasm, pin)
	var me *MismatchError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want a *MismatchError", err)
	}
	if me.Pinned != strings.ToLower(pin) || me.Actual != Hash(testWasm) {
		t.Fatalf("Pinned %s Actual %s", me.Pinned, me.Actual)
	}
	if !strings.Contains(err.Error(), me.Pinned) || !strings.Contains(err.Error(), me.Actual) {
		t.Fatalf("message does not name both hashes: %v", err)
	}
}

func TestParsePublicKey(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString(testPub)
	opensslPEM := string(readTestdata(t, "openssl_ed25519.pub.pem"))
	privPEM := string(readTestdata(t, "openssl_ed25519.pem"))
	tests := []struct {
		name    string
		in      string
		want    ed25519.PublicKey // nil: refused with ErrBadKey
		wantMsg string            // a part of the message, for refusals that must say what to do
	}{
		{"base64", b64, testPub, ""},
		{"ed25519: prefix", "ed25519:" + b64, testPub, ""},
		{"surrounding whitespace", "  " + b64 + "\n", testPub, ""},
		{"PKIX PEM from openssl", opensslPEM, opensslPub(t), ""},
		{"empty", "", nil, "empty"},
		{"prefix only", "ed25519:", nil, "empty"},
		{"base64 without padding", strings.TrimRight(b64, "="), nil, "not standard base64"},
		{"URL-safe base64", "-" + b64[1:], nil, "not standard base64"},
		{"a space inside", b64[:20] + " " + b64[20:], nil, "not standard base64"},
		{"31 bytes", base64.StdEncoding.EncodeToString(testPub[:31]), nil, "31 bytes"},
		{"33 bytes", base64.StdEncoding.EncodeToString(append(bytes.Clone(testPub), 0)), nil, "33 bytes"},
		{"the 64-byte private key", base64.StdEncoding.EncodeToString(testKey), nil, "private key"},
		{"all zero", base64.StdEncoding.EncodeToString(make([]byte, 32)), nil, "all zero"},
		{"hex instead of base64", hex.EncodeToString(testPub), nil, "64 hex digits"},
		{"wrong prefix", "ssh-ed25519 " + b64, nil, "not standard base64"},
		{"a private key PEM", privPEM, nil, "secret half"},
		{"a P-256 public key", string(readTestdata(t, "openssl_p256.pub.pem")), nil, "ECDSA public key; want Ed25519"},
		{"PEM of another type", strings.ReplaceAll(opensslPEM, "PUBLIC KEY", "CERTIFICATE"), nil, `"CERTIFICATE"`},
		{"two PEM blocks", opensslPEM + opensslPEM, nil, "exactly one"},
		{"truncated PEM", opensslPEM[:40], nil, "no complete PEM block"},
		{"PEM with bad DER", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", nil, "not a PKIX public key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePublicKey(tt.in)
			if tt.want != nil {
				if err != nil || !got.Equal(tt.want) {
					t.Fatalf("got %x, %v; want %x", got, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrBadKey) || got != nil {
				t.Fatalf("got %x, %v; want nil and ErrBadKey", got, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("message %q does not say %q", err, tt.wantMsg)
			}
			if len(tt.in) > 20 && strings.Contains(err.Error(), strings.TrimSpace(tt.in)) {
				t.Errorf("message repeats the input: %v", err)
			}
		})
	}
}

func opensslPub(t *testing.T) ed25519.PublicKey {
	t.Helper()
	priv, err := ParsePrivateKey(readTestdata(t, "openssl_ed25519.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return priv.Public().(ed25519.PublicKey)
}

func TestCheckSignature(t *testing.T) {
	signed := Sign(testWasm, testKey)
	raw := ed25519.Sign(testKey, testWasm)
	b64 := base64.StdEncoding.EncodeToString(raw)
	otherKey := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize))
	flipped := bytes.Clone(raw)
	flipped[10] ^= 1
	// URL-safe base64 is refused where it differs from the standard alphabet.
	var urlSafeErr error = ErrBadSignature
	if !strings.ContainsAny(b64, "+/") {
		urlSafeErr = nil
	}
	tests := []struct {
		name    string
		wasm    []byte
		sig     []byte
		pub     ed25519.PublicKey
		wantErr error // nil: accepted
	}{
		{"what Sign writes", testWasm, signed, testPub, nil},
		{"raw 64 bytes", testWasm, raw, testPub, nil},
		{"base64 without a newline", testWasm, []byte(b64), testPub, nil},
		{"base64 with CRLF", testWasm, []byte(b64 + "\r\n"), testPub, nil},
		{"base64 wrapped at 76 like base64(1)", testWasm, []byte(b64[:76] + "\n" + b64[76:] + "\n"), testPub, nil},
		{"base64 with spaces and tabs", testWasm, []byte("\t" + b64[:40] + " " + b64[40:] + "  "), testPub, nil},
		{"empty", testWasm, nil, testPub, ErrNoSignature},
		{"only whitespace", testWasm, []byte(" \n\n"), testPub, ErrNoSignature},
		{"63 raw bytes", testWasm, raw[:63], testPub, ErrBadSignature},
		{"65 raw bytes", testWasm, append(bytes.Clone(raw), 0), testPub, ErrBadSignature},
		{"truncated base64", testWasm, []byte(b64[:84]), testPub, ErrBadSignature},
		{"base64 of 63 bytes", testWasm, []byte(base64.StdEncoding.EncodeToString(raw[:63])), testPub, ErrBadSignature},
		{"base64 without padding", testWasm, []byte(strings.TrimRight(b64, "=")), testPub, ErrBadSignature},
		{"URL-safe base64", testWasm, []byte(base64.URLEncoding.EncodeToString(raw)), testPub, urlSafeErr},
		{"hex", testWasm, []byte(hex.EncodeToString(raw)), testPub, ErrBadSignature},
		{"one bit flipped", testWasm, flipped, testPub, ErrBadSignature},
		{"signature of other bytes", testWasm, Sign([]byte("other"), testKey), testPub, ErrBadSignature},
		{"module one byte longer", append(bytes.Clone(testWasm), 0), signed, testPub, ErrBadSignature},
		{"module one byte shorter", testWasm[:len(testWasm)-1], signed, testPub, ErrBadSignature},
		{"wrong key", testWasm, signed, otherKey.Public().(ed25519.PublicKey), ErrBadSignature},
		{"signed by another key", testWasm, Sign(testWasm, otherKey), testPub, ErrBadSignature},
		{"all-zero signature", testWasm, make([]byte, 64), testPub, ErrBadSignature},
		{"31-byte key", testWasm, signed, testPub[:31], ErrBadKey},
		{"nil key", testWasm, signed, nil, ErrBadKey},
		{"private key as public", testWasm, signed, ed25519.PublicKey(testKey), ErrBadKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSignature(tt.wasm, tt.sig, tt.pub)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// The vector made with OpenSSL 3 (`openssl pkeyutl -sign -rawin`), raw and as base64(1)
// wrapped it, verifies: the signature is plain Ed25519 over the file's bytes. The key in
// testdata/openssl_ed25519.pem exists only for this test.
func TestOpenSSLInterop(t *testing.T) {
	wasm := readTestdata(t, "module.wasm")
	pub, err := ParsePublicKey(string(readTestdata(t, "openssl_ed25519.pub.pem")))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"module.wasm.sig.raw", "module.wasm.sig.b64"} {
		if err := CheckSignature(wasm, readTestdata(t, name), pub); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	priv, err := ParsePrivateKey(readTestdata(t, "openssl_ed25519.pem"))
	if err != nil {
		t.Fatal(err)
	}
	// Ed25519 is deterministic: our signature is OpenSSL's, byte for byte.
	want := base64.StdEncoding.EncodeToString(readTestdata(t, "module.wasm.sig.raw")) + "\n"
	if got := string(Sign(wasm, priv)); got != want {
		t.Errorf("Sign = %q, OpenSSL made %q", got, want)
	}
}

func TestParsePrivateKey(t *testing.T) {
	good := readTestdata(t, "openssl_ed25519.pem")
	block := string(good)
	tests := []struct {
		name    string
		in      string
		wantMsg string // "": accepted
	}{
		{"openssl genpkey", block, ""},
		{"trailing newlines", block + "\n\n", ""},
		{"empty", "", "no PEM block"},
		{"base64 only", strings.Join(strings.Split(block, "\n")[1:2], ""), "no PEM block"},
		{"OpenSSH", strings.ReplaceAll(block, "PRIVATE KEY", "OPENSSH PRIVATE KEY"), "OpenSSH"},
		{"encrypted", strings.ReplaceAll(block, "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"), "encrypted"},
		{"PKCS#1 RSA header", strings.ReplaceAll(block, "PRIVATE KEY", "RSA PRIVATE KEY"), `"RSA PRIVATE KEY"`},
		{"a public key", string(readTestdata(t, "openssl_ed25519.pub.pem")), `"PUBLIC KEY"`},
		{"two blocks", block + block, "exactly one"},
		{"bad DER", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "not valid PKCS#8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			priv, err := ParsePrivateKey([]byte(tt.in))
			if tt.wantMsg == "" {
				if err != nil || len(priv) != ed25519.PrivateKeySize {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrBadKey) || priv != nil {
				t.Fatalf("got a key or %v; want ErrBadKey", err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("message %q does not say %q", err, tt.wantMsg)
			}
			// No line of the key's base64 may appear in the message.
			for _, line := range strings.Split(block, "\n") {
				if len(line) > 8 && !strings.HasPrefix(line, "-----") && strings.Contains(err.Error(), line) {
					t.Fatalf("message holds key material: %v", err)
				}
			}
		})
	}
}

func TestSignRoundTrip(t *testing.T) {
	sig := Sign(testWasm, testKey)
	if len(sig) != 89 || sig[88] != '\n' {
		t.Fatalf("Sign wrote %q; want 88 base64 characters and a newline", sig)
	}
	pub, err := ParsePublicKey(base64.StdEncoding.EncodeToString(testPub))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckSignature(testWasm, sig, pub); err != nil {
		t.Fatal(err)
	}
}

func ExampleCheckHash() {
	wasm := []byte("\x00asm\x01\x00\x00\x00")
	err := CheckHash(wasm, "93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476")
	fmt.Println(err)
	err = CheckHash(wasm, "sha256:93a44bbb")
	fmt.Println(errors.Is(err, ErrBadPin))
	// Output:
	// <nil>
	// true
}

// smallOrderEncodings are libsodium's small-order blocklist (ge25519_has_small_order),
// written out here rather than taken from smallOrderKeys, so a typo there fails.
func smallOrderEncodings(t *testing.T) map[string][]byte {
	t.Helper()
	h := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != 32 {
			t.Fatalf("bad test vector %s", s)
		}
		return b
	}
	ff := strings.Repeat("ff", 30)
	return map[string][]byte{
		"zero":        h(strings.Repeat("00", 32)),
		"identity":    h("01" + strings.Repeat("00", 31)),
		"order 8 (a)": h("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
		"order 8 (b)": h("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
		"p-1":         h("ec" + ff + "7f"),
		"p":           h("ed" + ff + "7f"),
		"p+1":         h("ee" + ff + "7f"),
	}
}

// A key of small order is refused, as written and with its top bit (the sign of x) set;
// the nearest keys accepted are a generated key and the identity with one more bit set.
func TestParsePublicKeySmallOrder(t *testing.T) {
	for name, enc := range smallOrderEncodings(t) {
		signed := bytes.Clone(enc)
		signed[31] |= 0x80
		for _, k := range []struct {
			name string
			key  []byte
		}{{name, enc}, {name + ", top bit set", signed}} {
			t.Run(k.name, func(t *testing.T) {
				b64 := base64.StdEncoding.EncodeToString(k.key)
				for _, in := range []string{b64, keyPrefix + b64} {
					pub, err := ParsePublicKey(in)
					if !errors.Is(err, ErrBadKey) || pub != nil {
						t.Fatalf("%s: got %x, %v; want nil and ErrBadKey", in, pub, err)
					}
					if !isZero(k.key) && !strings.Contains(err.Error(), "small order") {
						t.Errorf("message %q does not say small order", err)
					}
					if strings.Contains(err.Error(), b64) {
						t.Errorf("message repeats the input: %v", err)
					}
				}
				if err := CheckSignature(testWasm, Sign(testWasm, testKey), k.key); !errors.Is(err, ErrBadKey) {
					t.Errorf("CheckSignature with the key: %v, want ErrBadKey", err)
				}
			})
		}
	}

	// Accepted: a freshly generated key, and keys one bit away from the identity.
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ParsePublicKey(base64.StdEncoding.EncodeToString(pub)); err != nil || !got.Equal(pub) {
		t.Fatalf("a generated key: %x, %v", got, err)
	}
	for _, near := range []string{"03" + strings.Repeat("00", 31), "01" + strings.Repeat("00", 30) + "01"} {
		k, _ := hex.DecodeString(near)
		if _, err := ParsePublicKey(base64.StdEncoding.EncodeToString(k)); err != nil {
			t.Errorf("%s refused: %v", near, err)
		}
	}
}

// The attack: under the identity key, R = identity and S = 0 verify over any bytes with
// crypto/ed25519 alone. CheckSignature refuses the key, whether or not it was parsed.
func TestSmallOrderKeyForgery(t *testing.T) {
	identity := ed25519.PublicKey(append([]byte{1}, make([]byte, 31)...))
	forged := append(append([]byte{1}, make([]byte, 31)...), make([]byte, 32)...)
	for _, wasm := range [][]byte{testWasm, []byte("any other module")} {
		if !ed25519.Verify(identity, wasm, forged) {
			t.Fatal("the forged signature does not verify with crypto/ed25519; the test shows nothing")
		}
		if err := CheckSignature(wasm, forged, identity); !errors.Is(err, ErrBadKey) {
			t.Fatalf("CheckSignature: %v, want ErrBadKey", err)
		}
	}
	pemKey := "-----BEGIN PUBLIC KEY-----\n" + base64.StdEncoding.EncodeToString(append([]byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, identity...)) + "\n-----END PUBLIC KEY-----\n"
	if _, err := ParsePublicKey(pemKey); !errors.Is(err, ErrBadKey) || !strings.Contains(err.Error(), "small order") {
		t.Fatalf("the identity as PKIX PEM: %v", err)
	}
}

// The small-order keys are seeds of FuzzParsePublicKey, and the forgery one of
// FuzzCheckSignature; this checks that the corpus holds them.
func TestSmallOrderSeeds(t *testing.T) {
	for name, enc := range smallOrderEncodings(t) {
		for _, top := range []byte{0, 0x80} {
			k := bytes.Clone(enc)
			k[31] |= top
			want := "go test fuzz v1\nstring(" + strconv.Quote(base64.StdEncoding.EncodeToString(k)) + ")\n"
			if !corpusHas(t, "FuzzParsePublicKey", want) {
				t.Errorf("no seed in testdata/fuzz/FuzzParsePublicKey for %s (top bit %#x):\n%s", name, top, want)
			}
		}
	}
}

func corpusHas(t *testing.T, fuzz, want string) bool {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("testdata", "fuzz", fuzz))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if string(readTestdata(t, filepath.Join("fuzz", fuzz, e.Name()))) == want {
			return true
		}
	}
	return false
}
