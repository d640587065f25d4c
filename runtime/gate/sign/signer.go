package sign

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
)

// Key types, as returned by [Signer.KeyType]. They are Binance's names for the three
// kinds of API key.
const (
	KeyHMAC    = "HMAC_SHA256"
	KeyRSA     = "RSA"
	KeyEd25519 = "ED25519"
)

// MinRSABits is the smallest RSA modulus [NewRSA] accepts.
const MinRSABits = 2048

// Signer signs a request payload: the exact bytes of the query string (and body) that
// will be sent, up to but not including "&signature=".
//
//	s, err := sign.NewEd25519(pemBytes)
//	sig, err := s.Sign([]byte("symbol=BTCUSDT&timestamp=1668481559918"))
//
// # Notes
//
//   - Sign returns the signature in the encoding Binance expects (lowercase hex for HMAC,
//     standard base64 for RSA and Ed25519), not yet percent-encoded; [Query] does that.
//   - Implementations are safe for concurrent use and never put key material in errors.
//
// See https://developers.binance.com/docs/binance-spot-api-docs/rest-api (SIGNED Endpoint
// Examples for POST /api/v3/order).
type Signer interface {
	KeyType() string
	Sign(payload []byte) (string, error)
}

// Errors returned, wrapped in a [*KeyError], by the constructors. None of them carries
// any byte of the key: the parsers' own errors are dropped, because ASN.1 errors may
// quote the bytes they stopped at.
var (
	ErrEmptySecret      = errors.New("secret is empty")
	ErrSecretWhitespace = errors.New("secret has leading or trailing whitespace (a newline from the file?)")
	ErrNoPEM            = errors.New("no PEM block found")
	ErrEncryptedPEM     = errors.New("PEM key is encrypted; store it unencrypted with restricted file permissions")
	ErrPEMType          = errors.New(`PEM block is not "PRIVATE KEY" (only PKCS#8 keys are supported)`)
	ErrTrailingData     = errors.New("data after the PEM block")
	ErrNotPKCS8         = errors.New("PEM block does not hold a valid PKCS#8 private key")
	ErrWrongKeyType     = errors.New("PKCS#8 key is of another algorithm")
	ErrWeakKey          = errors.New("RSA key is shorter than 2048 bits")
)

// ErrZeroSigner is returned by Sign on a signer that was not made by its constructor: a
// zero HMAC would otherwise sign with an empty key.
var ErrZeroSigner = errors.New("sign: signer has no key (use NewHMAC, NewEd25519 or NewRSA)")

// KeyError is a failure to load a key. KeyType says which constructor failed; Err is one
// of the ErrXxx sentinels above. Match with errors.Is.
type KeyError struct {
	KeyType string
	Err     error
}

func (e *KeyError) Error() string { return "sign: load " + e.KeyType + " key: " + e.Err.Error() }
func (e *KeyError) Unwrap() error { return e.Err }

// HMAC signs with HMAC-SHA256 and returns the MAC in lowercase hex.
type HMAC struct{ key Secret }

// NewHMAC returns an HMAC-SHA256 signer for the secret key. It refuses an empty secret
// and one with surrounding whitespace, which Binance would reject on every request.
func NewHMAC(secret Secret) (*HMAC, error) {
	b := secret.bytes()
	if len(b) == 0 {
		return nil, &KeyError{KeyHMAC, ErrEmptySecret}
	}
	if len(bytes.TrimSpace(b)) != len(b) {
		return nil, &KeyError{KeyHMAC, ErrSecretWhitespace}
	}
	return &HMAC{key: secret}, nil
}

// KeyType returns [KeyHMAC].
func (*HMAC) KeyType() string { return KeyHMAC }

// Sign returns hex(HMAC-SHA256(secret, payload)). It fails only on a zero HMAC.
func (h *HMAC) Sign(payload []byte) (string, error) {
	if h.key.IsZero() {
		return "", ErrZeroSigner
	}
	m := hmac.New(sha256.New, h.key.bytes())
	m.Write(payload)
	return hex.EncodeToString(m.Sum(nil)), nil
}

// Ed25519 signs with an Ed25519 key and returns the signature in standard base64.
//
// Like [Secret], the signers keep their key inside a closure, out of reach of fmt and
// other reflection-based printers.
type Ed25519 struct{ sign func(payload []byte) []byte }

// NewEd25519 parses an unencrypted PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----"),
// as produced by `openssl genpkey -algorithm ed25519`.
func NewEd25519(pemBytes []byte) (*Ed25519, error) {
	k, err := parsePKCS8(pemBytes)
	if err != nil {
		return nil, &KeyError{KeyEd25519, err}
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, &KeyError{KeyEd25519, ErrWrongKeyType}
	}
	return &Ed25519{sign: func(p []byte) []byte { return ed25519.Sign(priv, p) }}, nil
}

// KeyType returns [KeyEd25519].
func (*Ed25519) KeyType() string { return KeyEd25519 }

// Sign returns base64(Ed25519(payload)). It fails only on a zero Ed25519.
func (e *Ed25519) Sign(payload []byte) (string, error) {
	if e.sign == nil {
		return "", ErrZeroSigner
	}
	return base64.StdEncoding.EncodeToString(e.sign(payload)), nil
}

// RSA signs with RSASSA-PKCS1-v1_5 over SHA-256 and returns the signature in standard
// base64.
type RSA struct {
	sign func(digest []byte) ([]byte, error)
}

// NewRSA parses an unencrypted PKCS#8 PEM RSA private key of at least [MinRSABits] bits.
// Binance accepts only PKCS#8; a PKCS#1 "RSA PRIVATE KEY" block is refused with
// [ErrPEMType].
func NewRSA(pemBytes []byte) (*RSA, error) {
	k, err := parsePKCS8(pemBytes)
	if err != nil {
		return nil, &KeyError{KeyRSA, err}
	}
	priv, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, &KeyError{KeyRSA, ErrWrongKeyType}
	}
	if priv.N.BitLen() < MinRSABits {
		return nil, &KeyError{KeyRSA, ErrWeakKey}
	}
	return &RSA{sign: func(d []byte) ([]byte, error) { return rsa.SignPKCS1v15(nil, priv, crypto.SHA256, d) }}, nil
}

// KeyType returns [KeyRSA].
func (*RSA) KeyType() string { return KeyRSA }

// Sign returns base64(RSASSA-PKCS1-v1_5(SHA-256(payload))). The signature is
// deterministic.
func (r *RSA) Sign(payload []byte) (string, error) {
	if r.sign == nil {
		return "", ErrZeroSigner
	}
	d := sha256.Sum256(payload)
	sig, err := r.sign(d[:])
	if err != nil {
		// rsa's errors name the failure, never the key.
		return "", fmt.Errorf("sign: RSA signature: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// parsePKCS8 decodes exactly one unencrypted "PRIVATE KEY" PEM block. It returns only
// sentinel errors: the x509 and asn1 errors are not wrapped, since they may describe the
// bytes they failed on.
func parsePKCS8(pemBytes []byte) (any, error) {
	block, rest := pem.Decode(pemBytes)
	switch {
	case block == nil:
		return nil, ErrNoPEM
	case block.Type == "ENCRYPTED PRIVATE KEY" || len(block.Headers) > 0:
		return nil, ErrEncryptedPEM
	case block.Type != "PRIVATE KEY":
		return nil, ErrPEMType
	case len(bytes.TrimSpace(rest)) > 0:
		return nil, ErrTrailingData
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, ErrNotPKCS8
	}
	return k, nil
}

// The signers print as their key type only, rather than as &{0xc000123456}.

func (h HMAC) String() string    { return describe(KeyHMAC) }
func (e Ed25519) String() string { return describe(KeyEd25519) }
func (r RSA) String() string     { return describe(KeyRSA) }

func (h HMAC) GoString() string    { return h.String() }
func (e Ed25519) GoString() string { return e.String() }
func (r RSA) GoString() string     { return r.String() }

func (h HMAC) Format(f fmt.State, _ rune)    { _, _ = f.Write([]byte(h.String())) }
func (e Ed25519) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(e.String())) }
func (r RSA) Format(f fmt.State, _ rune)     { _, _ = f.Write([]byte(r.String())) }

func (h HMAC) LogValue() slog.Value    { return slog.StringValue(h.String()) }
func (e Ed25519) LogValue() slog.Value { return slog.StringValue(e.String()) }
func (r RSA) LogValue() slog.Value     { return slog.StringValue(r.String()) }

func describe(keyType string) string { return "sign." + keyType + "(" + redacted + ")" }

var (
	_ Signer = (*HMAC)(nil)
	_ Signer = (*Ed25519)(nil)
	_ Signer = (*RSA)(nil)
)
