package sign

import (
	"fmt"
	"log/slog"
)

// redacted is what every printed form of a key shows.
const redacted = "REDACTED"

// Secret holds an HMAC secret key. It cannot be printed, logged or marshalled by
// accident: String, GoString, Format (every verb), LogValue, MarshalText and MarshalJSON
// all give "REDACTED", and no code outside this package can read the bytes back.
//
// The bytes are captured by a closure, which reflection cannot look into: fmt prints a
// func as an address even where it cannot call Secret's methods (an unexported struct
// field) or where it dereferences pointers (a bad verb such as %s on a pointer field). The
// zero Secret is empty.
type Secret struct {
	get func() []byte
}

// NewSecret returns s as a Secret. The caller should drop its own copy of s as soon as
// it can; the Secret keeps a private copy.
func NewSecret(s string) Secret {
	b := []byte(s)
	return Secret{get: func() []byte { return b }}
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return len(s.bytes()) == 0 }

// bytes returns the key. It is the only way to read a Secret and is unexported on
// purpose: keys live in this package and nowhere else.
func (s Secret) bytes() []byte {
	if s.get == nil {
		return nil
	}
	return s.get()
}

// String returns "REDACTED".
func (Secret) String() string { return redacted }

// GoString returns "REDACTED", for %#v.
func (Secret) GoString() string { return redacted }

// Format writes "REDACTED" for every verb and flag, so that %x, %q or %s cannot reveal
// the key either.
func (Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue implements [slog.LogValuer]; it returns "REDACTED".
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText returns "REDACTED", so encoding/json, TOML encoders and slog's text and
// JSON handlers (when they bypass LogValue) all print the redacted form.
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

var (
	_ fmt.Stringer   = Secret{}
	_ fmt.GoStringer = Secret{}
	_ fmt.Formatter  = Secret{}
	_ slog.LogValuer = Secret{}
)
