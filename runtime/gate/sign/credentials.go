package sign

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"syscall"

	"github.com/tollgate/tollgate/runtime/redact"
)

// HeaderAPIKey is the header that carries the API key on SIGNED and USER_STREAM requests.
const HeaderAPIKey = "X-MBX-APIKEY"

// Credentials are what the gate signs with: the API key, sent in a header, and the
// signer for the key's type. A nil *Credentials means none are configured; public ops
// still work.
type Credentials struct {
	apiKey   Secret
	signer   Signer
	redactor *redact.Redactor
}

// Redactor returns a redactor that knows these credentials' exact values (the API key,
// the HMAC secret or the private key file's text) as well as the general patterns. A nil
// *Credentials gives one with the patterns only.
func (c *Credentials) Redactor() *redact.Redactor {
	if c == nil {
		return redact.New()
	}
	return c.redactor
}

// KeyType returns the signer's key type.
func (c *Credentials) KeyType() string { return c.signer.KeyType() }

// Signer returns the signer.
func (c *Credentials) Signer() Signer { return c.signer }

// SetHeader puts the API key on an outgoing request. It is the only place the key's
// bytes leave this package, and they go only into an HTTP header.
func (c *Credentials) SetHeader(h http.Header) { h.Set(HeaderAPIKey, string(c.apiKey.bytes())) }

// String never shows the key.
func (c *Credentials) String() string {
	return "sign.Credentials(" + c.signer.KeyType() + ", REDACTED)"
}

// Format never shows the key, whatever the verb.
func (c *Credentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// Source says where credentials come from: BINANCE_API_KEY, and either
// BINANCE_API_SECRET (an HMAC key) or a PKCS#8 private-key file (Ed25519 or RSA).
type Source struct {
	APIKey         string
	APISecret      string
	PrivateKeyFile string
}

// MaxKeyFileSize caps a private-key file; a 4096-bit RSA PKCS#8 PEM is about 3.3 KB.
const MaxKeyFileSize = 64 << 10

// Errors of [Load]. None of them, nor any error Load returns, contains a key's bytes.
var (
	ErrAPIKeyMissing    = errors.New("not set, but a secret or a private-key file is")
	ErrSecretMissing    = errors.New("not set, and no private-key file either, while BINANCE_API_KEY is")
	ErrBothSecrets      = errors.New("both BINANCE_API_SECRET and a private-key file are set; set the one that matches the key's type")
	ErrPlaceholder      = errors.New("is a placeholder from an example, not a key")
	ErrImplausible      = errors.New("does not look like a Binance key: want 64 letters and digits")
	ErrKeyFileNotFile   = errors.New("private-key file is not a regular file")
	ErrKeyFileTooLarge  = errors.New("private-key file is larger than 64 KiB")
	ErrKeyFileReadable  = errors.New("private-key file may be read by other users; run chmod 600 on it")
	ErrKeyFileOwner     = errors.New("private-key file belongs to another user; its owner could replace the key")
	ErrSameKeyAndSecret = errors.New("is the same as BINANCE_API_KEY; the secret is a different value")
	ErrKeyFileNotLoaded = errors.New("private-key file holds neither an Ed25519 nor an RSA PKCS#8 private key")
)

// CredentialError says which credential is wrong. It names the variable, never the value.
type CredentialError struct {
	Name string // BINANCE_API_KEY, BINANCE_API_SECRET or the key file's path
	Err  error
}

func (e *CredentialError) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *CredentialError) Unwrap() error { return e.Err }

// placeholders are values copied from .env examples and READMEs (the Python server's
// among them) that people forget to replace.
var placeholders = []string{"your_api_key_here", "your_api_secret_here", "your_secret_key_here",
	"your_binance_api_key", "your_binance_api_secret", "your_api_key", "your_api_secret",
	"api_key", "api_secret", "changeme", "change_me", "xxx", "placeholder", "test", "secret"}

// Load checks src and returns the credentials, or nil and no error when none are set.
// Checks happen at start-up so that a wrong key fails the server loudly rather than every
// signed call later: both halves present, no placeholders, the shapes Binance issues (a
// 64-character alphanumeric API key and HMAC secret), and a private-key file that is a
// regular file no other user can read.
func Load(src Source) (*Credentials, error) {
	if src.APIKey == "" && src.APISecret == "" && src.PrivateKeyFile == "" {
		return nil, nil
	}
	switch {
	case src.APIKey == "":
		return nil, &CredentialError{"BINANCE_API_KEY", ErrAPIKeyMissing}
	case src.APISecret == "" && src.PrivateKeyFile == "":
		return nil, &CredentialError{"BINANCE_API_SECRET", ErrSecretMissing}
	case src.APISecret != "" && src.PrivateKeyFile != "":
		return nil, &CredentialError{"BINANCE_API_SECRET", ErrBothSecrets}
	}
	if err := plausible(src.APIKey); err != nil {
		return nil, &CredentialError{"BINANCE_API_KEY", err}
	}
	if src.APISecret != "" {
		if err := plausible(src.APISecret); err != nil {
			return nil, &CredentialError{"BINANCE_API_SECRET", err}
		}
		if src.APISecret == src.APIKey {
			return nil, &CredentialError{"BINANCE_API_SECRET", ErrSameKeyAndSecret}
		}
		s, err := NewHMAC(NewSecret(src.APISecret))
		if err != nil {
			return nil, &CredentialError{"BINANCE_API_SECRET", err}
		}
		return &Credentials{apiKey: NewSecret(src.APIKey), signer: s, redactor: redact.New(src.APIKey, src.APISecret)}, nil
	}
	pemBytes, err := readKeyFile(src.PrivateKeyFile)
	if err != nil {
		return nil, &CredentialError{src.PrivateKeyFile, err}
	}
	var s Signer
	if ed, err := NewEd25519(pemBytes); err == nil {
		s = ed
	} else if r, err := NewRSA(pemBytes); err == nil {
		s = r
	} else {
		var ke *KeyError
		if errors.As(err, &ke) && !errors.Is(err, ErrWrongKeyType) {
			return nil, &CredentialError{src.PrivateKeyFile, ke.Err}
		}
		return nil, &CredentialError{src.PrivateKeyFile, ErrKeyFileNotLoaded}
	}
	red := redact.New(src.APIKey, string(pemBytes))
	clear(pemBytes)
	return &Credentials{apiKey: NewSecret(src.APIKey), signer: s, redactor: red}, nil
}

func plausible(v string) error {
	lower := strings.ToLower(v)
	for _, p := range placeholders {
		if lower == p {
			return ErrPlaceholder
		}
	}
	if strings.HasPrefix(lower, "your_") || strings.HasPrefix(lower, "your-") || strings.HasPrefix(lower, "<") {
		return ErrPlaceholder
	}
	if len(v) != 64 {
		return ErrImplausible
	}
	if strings.Count(v, v[:1]) == len(v) { // "xxxx…", "0000…": a filler, not a key
		return ErrPlaceholder
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return ErrImplausible
		}
	}
	return nil
}

func readKeyFile(path string) ([]byte, error) {
	// O_NONBLOCK: opening a FIFO would otherwise wait for a writer, forever and deaf to
	// SIGTERM; the type is checked on what was opened, so swapping the path in between
	// gains nothing.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, pe.Err // the path is already in CredentialError.Name
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, ErrKeyFileNotFile
	case fi.Size() > MaxKeyFileSize:
		return nil, ErrKeyFileTooLarge
	case fi.Mode().Perm()&0o077 != 0:
		return nil, ErrKeyFileReadable
	case !ownedByUs(fi):
		return nil, ErrKeyFileOwner
	}
	return io.ReadAll(io.LimitReader(f, MaxKeyFileSize))
}
