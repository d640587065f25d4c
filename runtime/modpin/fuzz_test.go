package modpin

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"unicode"
)

// FuzzCheckSignature feeds arbitrary module bytes, signature files and keys to
// CheckSignature. Seeds live in testdata/fuzz/FuzzCheckSignature. Invariants: no panic
// (ed25519.Verify panics on a key of the wrong size); every error wraps one of the three
// sentinels and stays one short line; an accepted signature verifies with ed25519.Verify
// and stops verifying when one byte is appended to the module; and what Sign writes, for
// a key derived from the input, is always accepted.
func FuzzCheckSignature(f *testing.F) {
	raw := ed25519.Sign(testKey, testWasm)
	f.Add(testWasm, Sign(testWasm, testKey), []byte(testPub))
	f.Add(testWasm, raw, []byte(testPub))
	f.Add(testWasm, raw[:63], []byte(testPub))
	f.Add(testWasm, []byte(" \n"), []byte(testPub))
	f.Add([]byte(nil), []byte(nil), []byte(nil))
	f.Fuzz(func(t *testing.T, wasm, sig, pub []byte) {
		err := CheckSignature(wasm, sig, pub)
		if err != nil {
			if !errors.Is(err, ErrNoSignature) && !errors.Is(err, ErrBadSignature) && !errors.Is(err, ErrBadKey) {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
			if len(err.Error()) > 400 || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error is not one short line: %q", err)
			}
		} else {
			dec, derr := decodeSignature(sig)
			if len(pub) != ed25519.PublicKeySize || derr != nil || !ed25519.Verify(pub, wasm, dec) {
				t.Fatalf("accepted a signature that does not verify")
			}
			if CheckSignature(append(bytes.Clone(wasm), 0), sig, pub) == nil {
				t.Fatalf("the signature also verifies over the module with a byte appended")
			}
		}
		seed := sha256.Sum256(pub)
		priv := ed25519.NewKeyFromSeed(seed[:])
		if err := CheckSignature(wasm, Sign(wasm, priv), priv.Public().(ed25519.PublicKey)); err != nil {
			t.Fatalf("Sign's output refused: %v", err)
		}
	})
}

// FuzzParsePublicKey feeds arbitrary publisher_key values to ParsePublicKey. Seeds live
// in testdata/fuzz/FuzzParsePublicKey. Invariants: no panic; an error comes with a nil key,
// wraps ErrBadKey and never repeats the input (an operator may paste a private key
// there); an accepted key is 32 bytes and parses back from its base64, with and without
// the "ed25519:" prefix.
func FuzzParsePublicKey(f *testing.F) {
	b64 := base64.StdEncoding.EncodeToString(testPub)
	f.Add(b64)
	f.Add("ed25519:" + b64)
	f.Add("")
	f.Add(base64.StdEncoding.EncodeToString(testKey))
	f.Add("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAB5Wd9wiVwJSpkmRF5uekxRnUHoSm+KZ2PzOXIWQuMQo=\n-----END PUBLIC KEY-----\n")
	f.Fuzz(func(t *testing.T, s string) {
		pub, err := ParsePublicKey(s)
		if err != nil {
			if pub != nil {
				t.Fatalf("a key with an error")
			}
			if !errors.Is(err, ErrBadKey) {
				t.Fatalf("error does not wrap ErrBadKey: %v", err)
			}
			// Messages are words between spaces; a long run without any is the input.
			if len(s) >= 24 && !strings.ContainsFunc(s, unicode.IsSpace) && strings.Contains(err.Error(), s) {
				t.Fatalf("error repeats the input: %v", err)
			}
			return
		}
		if len(pub) != ed25519.PublicKeySize {
			t.Fatalf("accepted a key of %d bytes", len(pub))
		}
		enc := base64.StdEncoding.EncodeToString(pub)
		for _, again := range []string{enc, keyPrefix + enc} {
			if back, err := ParsePublicKey(again); err != nil || !back.Equal(pub) {
				t.Fatalf("%q does not parse back: %v", again, err)
			}
		}
	})
}
