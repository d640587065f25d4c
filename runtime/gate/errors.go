package gate

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Error types, as they appear in the "type" field of an error result. They are part of the
// ABI (docs/abi.md) and of what MCP clients see; do not rename them.
const (
	TypeValidation       = "validation_error"
	TypePermissionDenied = "permission_denied"
	TypeRateLimited      = "rate_limited"
	TypeIPBanned         = "ip_banned"
	TypeAuth             = "auth_error"
	TypeFilterViolation  = "filter_violation"
	TypeOrderRejected    = "order_rejected"
	TypeOrderNotFound    = "order_not_found"
	TypeStatusUnknown    = "status_unknown"
	TypeBinanceAPI       = "binance_api_error"
	TypeNetwork          = "network_error"
	TypeLimitExceeded    = "limit_exceeded"
	TypeSandboxViolation = "sandbox_violation"
	TypeGuest            = "guest_error"
	TypeInternal         = "internal_error"
	TypeCancelled        = "cancelled"
)

// Error is a refusal or failure that is reported to the module, and through it to the
// client, as data. Message is a sentence a person can read; the optional fields say which
// value was wrong and what would have been accepted.
type Error struct {
	Type           string `json:"type"`
	Message        string `json:"message"`
	Field          string `json:"field,omitempty"`
	Value          string `json:"value,omitempty"`
	Accepted       string `json:"accepted,omitempty"`
	Code           int    `json:"code,omitempty"`
	BinanceMessage string `json:"binance_message,omitempty"`
	RetryAfterMS   int64  `json:"retry_after_ms,omitempty"`
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }

// Is reports whether target is an *Error of the same Type, so that
// errors.Is(err, &gate.Error{Type: gate.TypeValidation}) matches any validation error.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Type == e.Type && t.Message == ""
}

// Invalid returns a validation error for one field. value is the rejected input as sent
// (capped by the caller when it may be long); accepted says what would pass.
func Invalid(field, value, accepted, format string, args ...any) *Error {
	return &Error{
		Type:     TypeValidation,
		Message:  fmt.Sprintf(format, args...),
		Field:    field,
		Value:    value,
		Accepted: accepted,
	}
}

// Sentinels for errors.Is; they carry only a Type.
var (
	ErrValidation       = &Error{Type: TypeValidation}
	ErrPermissionDenied = &Error{Type: TypePermissionDenied}
	ErrRateLimited      = &Error{Type: TypeRateLimited}
	ErrIPBanned         = &Error{Type: TypeIPBanned}
	ErrNetwork          = &Error{Type: TypeNetwork}
	ErrBinanceAPI       = &Error{Type: TypeBinanceAPI}
	ErrAuth             = &Error{Type: TypeAuth}
	ErrOrderNotFound    = &Error{Type: TypeOrderNotFound}
	ErrStatusUnknown    = &Error{Type: TypeStatusUnknown}
	ErrFilterViolation  = &Error{Type: TypeFilterViolation}
)

// AsError returns err as an *Error, turning anything else into an internal error whose
// message does not repeat err's text: errors from below the gate can carry URLs, and a
// signed URL is a secret.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Type: TypeInternal, Message: "internal error in the gate; see the server log"}
}

// Cap returns s cut to at most n bytes on a rune boundary, with "…" appended when cut.
// Every string that came from a client, a module or the exchange passes through it before
// it is put in an error.
func Cap(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
