package modpin

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinels, matched with errors.Is. Every error this package returns wraps one of them.
var (
	// ErrNoPin: the module has no sha256 pin; an unpinned module is never loaded.
	ErrNoPin = errors.New("modpin: no sha256 pin")
	// ErrBadPin: the pin is not 64 hex digits.
	ErrBadPin = errors.New("modpin: sha256 pin is not 64 hex digits")
	// ErrPinMismatch: the module's SHA-256 differs from its pin. See [MismatchError].
	ErrPinMismatch = errors.New("modpin: sha256 does not match the pin")
	// ErrNoSignature: a publisher key is set but the signature is empty.
	ErrNoSignature = errors.New("modpin: signature missing")
	// ErrBadSignature: the signature does not decode, or does not verify over the module.
	ErrBadSignature = errors.New("modpin: signature invalid")
	// ErrBadKey: a public or private key that is not an Ed25519 key in an accepted form.
	ErrBadKey = errors.New("modpin: bad key")
)

// MismatchError is a module whose SHA-256 differs from its pin. Both are lowercase hex.
type MismatchError struct {
	Pinned, Actual string
}

func (e *MismatchError) Error() string {
	return "modpin: sha256 mismatch: pinned " + e.Pinned + ", the file has " + e.Actual +
		" (rebuilt or replaced since it was pinned?)"
}

// Is matches ErrPinMismatch.
func (e *MismatchError) Is(target error) bool { return target == ErrPinMismatch }

// Hash returns the lowercase hex SHA-256 of wasm: the pin, as sha256sum prints it.
func Hash(wasm []byte) string {
	sum := sha256.Sum256(wasm)
	return hex.EncodeToString(sum[:])
}

// CheckHash returns nil if wasm's SHA-256 is pinned, which must be 64 hex digits in
// either case. It returns ErrNoPin for an empty pin, an error wrapping ErrBadPin for
// anything else that is not 64 hex digits (surrounding spaces included: a pin is
// compared as written), and a *MismatchError for another hash.
func CheckHash(wasm []byte, pinned string) error {
	if pinned == "" {
		return ErrNoPin
	}
	want, err := parsePin(pinned)
	if err != nil {
		return err
	}
	got := sha256.Sum256(wasm)
	// Not secret, but constant time costs nothing and leaves nothing to argue about.
	if subtle.ConstantTimeCompare(got[:], want) != 1 {
		return &MismatchError{Pinned: hex.EncodeToString(want), Actual: hex.EncodeToString(got[:])}
	}
	return nil
}

func parsePin(pinned string) ([]byte, error) {
	if len(pinned) != 2*sha256.Size {
		return nil, fmt.Errorf("%w: %s is %d characters; want the 64 hex digits that `tollgate hash` or sha256sum prints",
			ErrBadPin, quote(pinned), len(pinned))
	}
	for i := 0; i < len(pinned); i++ {
		if c := pinned[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return nil, fmt.Errorf("%w: %s has %q at position %d; want only 0-9 and a-f (or A-F)",
				ErrBadPin, quote(pinned), c, i+1)
		}
	}
	b, err := hex.DecodeString(pinned)
	if err != nil { // unreachable after the loop above
		return nil, fmt.Errorf("%w: %v", ErrBadPin, err)
	}
	return b, nil
}

// keyPrefix may precede a base64 public key, naming its algorithm.
const keyPrefix = "ed25519:"

// ParsePublicKey reads a publisher key: the standard base64 of the 32-byte Ed25519 public
// key, optionally prefixed with "ed25519:", or a PEM "PUBLIC KEY" (PKIX) block as
// `openssl pkey -pubout` writes it. Surrounding whitespace is ignored. A key that
// encodes a point of small order (libsodium's list, the identity among them) is refused:
// a signature made without any secret verifies under it over every module. Errors wrap
// ErrBadKey and never contain s.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-----BEGIN") {
		return parsePublicPEM(s)
	}
	b64 := strings.TrimPrefix(s, keyPrefix)
	if b64 == "" {
		return nil, fmt.Errorf("%w: publisher key is empty; want the base64 of a 32-byte Ed25519 public key, as `tollgate sign` prints it", ErrBadKey)
	}
	if _, err := parsePin(b64); err == nil {
		// 64 hex digits also decode as base64, to 48 bytes: name the real mistake.
		return nil, fmt.Errorf("%w: publisher key is 64 hex digits; want the same 32 bytes in standard base64 (`xxd -r -p | base64` converts it)", ErrBadKey)
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(b64)
	if err != nil {
		// Not the decoder's text: it quotes the offending byte's offset, which is harmless,
		// but the rule is to say nothing about a value that may be a secret.
		return nil, fmt.Errorf("%w: publisher key (%d characters) is not standard base64; want the base64 of a 32-byte Ed25519 public key (44 characters ending in '='), optionally prefixed with %q, or a PEM PUBLIC KEY block",
			ErrBadKey, len(b64), keyPrefix)
	}
	return publicKey(raw)
}

func parsePublicPEM(s string) (ed25519.PublicKey, error) {
	block, rest := pem.Decode([]byte(s))
	switch {
	case block == nil:
		return nil, fmt.Errorf("%w: publisher key starts like PEM but has no complete PEM block; want -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----", ErrBadKey)
	case strings.Contains(block.Type, "PRIVATE"):
		return nil, fmt.Errorf("%w: publisher key is a %s block: that is the secret half; give the public key that `tollgate sign` or `openssl pkey -pubout` prints, and keep the private key out of the configuration",
			ErrBadKey, quote(block.Type))
	case block.Type != "PUBLIC KEY":
		return nil, fmt.Errorf("%w: publisher key is a PEM %s block; want a PUBLIC KEY block (PKIX)", ErrBadKey, quote(block.Type))
	case len(bytes.TrimSpace(rest)) != 0:
		return nil, fmt.Errorf("%w: publisher key has %d bytes after its PEM block; want exactly one PUBLIC KEY block", ErrBadKey, len(bytes.TrimSpace(rest)))
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: publisher key's PUBLIC KEY block is not a PKIX public key (%v)", ErrBadKey, err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: publisher key is a %s public key; want Ed25519", ErrBadKey, keyType(k))
	}
	return publicKey(pub)
}

// publicKey checks the length of a decoded key and copies it.
func publicKey(raw []byte) (ed25519.PublicKey, error) {
	switch {
	case len(raw) == ed25519.PrivateKeySize:
		return nil, fmt.Errorf("%w: publisher key is 64 bytes, the size of an Ed25519 private key; give the 32-byte public key that `tollgate sign` prints", ErrBadKey)
	case len(raw) != ed25519.PublicKeySize:
		return nil, fmt.Errorf("%w: publisher key is %d bytes; want the 32 bytes of an Ed25519 public key", ErrBadKey, len(raw))
	case isZero(raw):
		return nil, fmt.Errorf("%w: publisher key is all zero bytes, a placeholder; want the publisher's Ed25519 public key", ErrBadKey)
	case smallOrder(raw):
		return nil, errSmallOrder
	}
	return ed25519.PublicKey(bytes.Clone(raw)), nil
}

var errSmallOrder = fmt.Errorf("%w: publisher key is a point of small order (such as the identity), under which one signature verifies over any module; it cannot stand for a publisher; want the public key that `tollgate keygen` or `tollgate sign` prints", ErrBadKey)

// smallOrderKeys are the encodings of the Ed25519 points of small order, with the top bit
// (the sign of x) cleared: libsodium's blocklist in ge25519_has_small_order. Under such a
// key [S]B = R + [k]A holds for R and S chosen without any secret, whatever the message:
// with A the identity (01 00..00), R the identity and S = 0 verify over every module,
// and crypto/ed25519 accepts them. The last three are p-1, p and p+1, the latter two
// being non-canonical encodings of 0 and 1 that crypto/ed25519 decodes.
var smallOrderKeys = [][ed25519.PublicKeySize]byte{
	{},     // 0 (order 4)
	{0x01}, // 1, the identity (order 1)
	{0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
		0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05}, // order 8
	{0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
		0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a}, // order 8
	onesBetween(0xec), // p-1 (order 2)
	onesBetween(0xed), // p, that is 0 (order 4)
	onesBetween(0xee), // p+1, that is 1 (order 1)
}

// onesBetween returns first, 30 bytes 0xff and 0x7f.
func onesBetween(first byte) [ed25519.PublicKeySize]byte {
	var k [ed25519.PublicKeySize]byte
	for i := range k {
		k[i] = 0xff
	}
	k[0], k[len(k)-1] = first, 0x7f
	return k
}

// smallOrder reports whether pub, 32 bytes, encodes a point of small order: whether it
// is on smallOrderKeys once its top bit is cleared, as libsodium compares.
func smallOrder(pub []byte) bool {
	if len(pub) != ed25519.PublicKeySize {
		return false
	}
	var k [ed25519.PublicKeySize]byte
	copy(k[:], pub)
	k[len(k)-1] &= 0x7f
	for _, bad := range smallOrderKeys {
		if k == bad {
			return true
		}
	}
	return false
}

// CheckSignature returns nil if sig is pub's Ed25519 signature over exactly wasm.
//
// sig is the signature file's contents: the 64 raw bytes, or their standard base64 with
// any whitespace (a trailing newline, line wrapping) ignored. It returns ErrNoSignature
// for an empty (or all-whitespace) sig, an error wrapping ErrBadKey for a pub that is
// not 32 bytes or is a point of small order (as [ParsePublicKey] refuses), and an error
// wrapping ErrBadSignature for anything else that is not a valid signature of these
// bytes by this key.
func CheckSignature(wasm, sig []byte, pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize { // ed25519.Verify panics on any other length
		return fmt.Errorf("%w: public key is %d bytes; want %d", ErrBadKey, len(pub), ed25519.PublicKeySize)
	}
	if smallOrder(pub) { // ParsePublicKey refuses these; a caller may not have used it
		return errSmallOrder
	}
	raw, err := decodeSignature(sig)
	if err != nil {
		return err
	}
	if !ed25519.Verify(pub, wasm, raw) {
		return fmt.Errorf("%w: signature does not verify with publisher key %s over this module (sha256 %s); it was made with another key or over other bytes",
			ErrBadSignature, base64.StdEncoding.EncodeToString(pub), Hash(wasm))
	}
	return nil
}

// decodeSignature returns the 64 signature bytes of a signature file.
func decodeSignature(sig []byte) ([]byte, error) {
	// Exactly 64 bytes is the raw form: the base64 of a signature is 88 characters, and
	// no 64-character text decodes to 64 bytes, so the two forms cannot be confused.
	if len(sig) == ed25519.SignatureSize {
		return sig, nil
	}
	text := bytes.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return -1
		}
		return r
	}, sig)
	if len(text) == 0 {
		if len(sig) == 0 {
			return nil, fmt.Errorf("%w: signature file is empty; want the signature that `tollgate sign` writes", ErrNoSignature)
		}
		return nil, fmt.Errorf("%w: signature file holds only whitespace; want the signature that `tollgate sign` writes", ErrNoSignature)
	}
	raw := make([]byte, base64.StdEncoding.DecodedLen(len(text)))
	n, err := base64.StdEncoding.Strict().Decode(raw, text)
	if err != nil {
		return nil, fmt.Errorf("%w: signature file (%d bytes) is neither 64 raw bytes nor standard base64; want the 88-character base64 that `tollgate sign` writes",
			ErrBadSignature, len(sig))
	}
	if n != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: signature decodes to %d bytes; an Ed25519 signature is 64", ErrBadSignature, n)
	}
	return raw[:n], nil
}

// Sign returns priv's Ed25519 signature over wasm as standard base64 and a newline: what
// `tollgate sign` writes to FILE.sig and [CheckSignature] accepts. Like ed25519.Sign it
// panics if priv is not 64 bytes; [ParsePrivateKey] only returns keys that are.
func Sign(wasm []byte, priv ed25519.PrivateKey) []byte {
	sig := ed25519.Sign(priv, wasm)
	out := make([]byte, base64.StdEncoding.EncodedLen(len(sig)), base64.StdEncoding.EncodedLen(len(sig))+1)
	base64.StdEncoding.Encode(out, sig)
	return append(out, '\n')
}

// ParsePrivateKey reads an Ed25519 private key from a PKCS#8 PEM "PRIVATE KEY" block, as
// `openssl genpkey -algorithm ed25519` and `tollgate keygen` write it. Errors wrap
// ErrBadKey and never contain the key's bytes. The caller should clear pemBytes after.
func ParsePrivateKey(pemBytes []byte) (ed25519.PrivateKey, error) {
	block, rest := pem.Decode(pemBytes)
	switch {
	case block == nil:
		return nil, fmt.Errorf("%w: no PEM block; want a PKCS#8 -----BEGIN PRIVATE KEY----- block, as `openssl genpkey -algorithm ed25519` writes", ErrBadKey)
	case block.Type == "OPENSSH PRIVATE KEY":
		return nil, fmt.Errorf("%w: an OpenSSH private key; want PKCS#8 PEM (`ssh-keygen -p -m PKCS8 -f FILE` converts it, `tollgate keygen` makes a new one)", ErrBadKey)
	case block.Type == "ENCRYPTED PRIVATE KEY":
		return nil, fmt.Errorf("%w: an encrypted private key; want an unencrypted PKCS#8 PRIVATE KEY block (protect it with file permissions)", ErrBadKey)
	case block.Type != "PRIVATE KEY":
		return nil, fmt.Errorf("%w: a PEM %s block; want a PKCS#8 PRIVATE KEY block", ErrBadKey, quote(block.Type))
	case len(bytes.TrimSpace(rest)) != 0:
		return nil, fmt.Errorf("%w: %d bytes after the PEM block; want exactly one PRIVATE KEY block", ErrBadKey, len(bytes.TrimSpace(rest)))
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		// x509's text is not repeated: it describes the DER, and the DER is the secret.
		return nil, fmt.Errorf("%w: the PRIVATE KEY block is not valid PKCS#8", ErrBadKey)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%w: a %s private key; want Ed25519 (`openssl genpkey -algorithm ed25519`)", ErrBadKey, keyType(k))
	}
	return priv, nil
}

// keyType names the algorithm of a parsed key for an error message.
func keyType(k any) string {
	t := fmt.Sprintf("%T", k) // *rsa.PublicKey, *ecdsa.PrivateKey, ...
	t = strings.TrimPrefix(t, "*")
	if i := strings.IndexByte(t, '.'); i >= 0 {
		t = t[:i]
	}
	return strings.ToUpper(t)
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// quote returns s quoted, cut to 80 bytes: a pin or a PEM type is shown, but the error
// must stay one readable line whatever was written in the configuration.
func quote(s string) string {
	const max = 80
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}
