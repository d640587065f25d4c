package toolsdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/tollgate/tollgate/guest/internal/jsonscan"
)

// Error types of docs/abi.md that a tool commonly produces itself. A gate error may
// carry any type of the ABI; these constants are not a closed list.
const (
	TypeValidation = "validation_error"
	TypeGuest      = "guest_error"
	TypeInternal   = "internal_error"
	TypeLimit      = "limit_exceeded"
)

// MaxMessageLen caps the message of an error the SDK builds from a plain Go error,
// so a tool cannot flood the client with text it did not mean to send.
const MaxMessageLen = 512

// Error is an ABI error object: what the gate answers for a refused or failed
// operation, and what a tool returns to fail a call. JSON names are those of
// docs/abi.md. A handler that returns an *Error (or wraps one) has it written to the
// output unchanged.
//
// Value and Accepted are text, as the host reads them: a value that was a JSON
// string is its content ("FOOBAR"), any other JSON value its JSON text ("5001").
type Error struct {
	Type           string `json:"type"`
	Message        string `json:"message"`
	Field          string `json:"field,omitempty"`    // the parameter or argument at fault
	Value          string `json:"value,omitempty"`    // the rejected value, as sent
	Accepted       string `json:"accepted,omitempty"` // what would be accepted
	Code           int    `json:"code,omitempty"`     // Binance's error code
	BinanceMessage string `json:"binance_message,omitempty"`
	RetryAfterMS   int64  `json:"retry_after_ms,omitempty"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Type + ": " + e.Field + ": " + e.Message
	}
	return e.Type + ": " + e.Message
}

// UnmarshalJSON decodes an error leniently where the ABI leaves room: value and
// accepted may be any JSON value (kept as text, see Error), so that a gate error
// always reaches the tool whole.
func (e *Error) UnmarshalJSON(b []byte) error {
	type plain Error
	var f struct {
		*plain
		Value    json.RawMessage `json:"value"`
		Accepted json.RawMessage `json:"accepted"`
	}
	f.plain = (*plain)(e)
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	e.Value, e.Accepted = jsonText(f.Value), jsonText(f.Accepted)
	return nil
}

// appendError appends e as a JSON object, exactly as encoding/json (HTML escaping
// off) encodes an Error, without reflection.
func appendError(b []byte, e *Error) []byte {
	b = append(b, `{"type":`...)
	b = jsonscan.AppendQuote(b, e.Type)
	b = append(b, `,"message":`...)
	b = jsonscan.AppendQuote(b, e.Message)
	for _, f := range [...]struct{ name, v string }{
		{`,"field":`, e.Field}, {`,"value":`, e.Value}, {`,"accepted":`, e.Accepted},
	} {
		if f.v != "" {
			b = append(b, f.name...)
			b = jsonscan.AppendQuote(b, f.v)
		}
	}
	if e.Code != 0 {
		b = append(b, `,"code":`...)
		b = strconv.AppendInt(b, int64(e.Code), 10)
	}
	if e.BinanceMessage != "" {
		b = append(b, `,"binance_message":`...)
		b = jsonscan.AppendQuote(b, e.BinanceMessage)
	}
	if e.RetryAfterMS != 0 {
		b = append(b, `,"retry_after_ms":`...)
		b = strconv.AppendInt(b, e.RetryAfterMS, 10)
	}
	return append(b, '}')
}

// jsonText is a JSON string's content, or any other JSON value's text; "" for null
// or nothing.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if s, err := rawString(raw); err == nil {
		return s
	}
	return string(raw)
}

// Invalid returns a validation_error about tool argument name. value is the value
// as the caller sent it ("" to leave it out); format and args make the message.
func Invalid(name, value string, format string, args ...any) *Error {
	return &Error{Type: TypeValidation, Message: fmt.Sprintf(format, args...), Field: name, Value: value}
}

// Unexpected returns the guest_error for an answer to op whose shape the tool does not
// know (a field missing, a number that is not one): the exchange, or the gate, sent
// something the tool cannot read, and the caller can do nothing about it. The message
// names op and says what err says, capped at MaxMessageLen bytes.
func Unexpected(op string, err error) *Error {
	return &Error{Type: TypeGuest,
		Message: capText(fmt.Sprintf("unexpected %s answer from the exchange: %v", op, err), MaxMessageLen)}
}

// RenameFields returns err with the field of a gate error renamed from an
// operation's parameter name to the tool's argument name, using names (op parameter
// → argument), for example {"startTime": "start_time"}. The message is left as the
// gate wrote it. Errors that are not an *Error, or name no listed field, are
// returned unchanged; the *Error is copied, not modified.
func RenameFields(err error, names map[string]string) error {
	var e *Error
	if !errors.As(err, &e) || e.Field == "" {
		return err
	}
	to, ok := names[e.Field]
	if !ok {
		return err
	}
	c := *e
	c.Field = to
	// The gate's sentence names its parameter too ("startTime is out of range"); the
	// caller only knows the argument.
	c.Message = replaceWord(c.Message, e.Field, to)
	return &c
}

// replaceWord replaces every whole-word occurrence of old in s: one not preceded or
// followed by a letter, digit or underscore.
func replaceWord(s, old, new string) string {
	if old == "" {
		return s
	}
	var b []byte
	last := 0
	for i := 0; i+len(old) <= len(s); {
		if s[i:i+len(old)] != old || (i > 0 && isWordByte(s[i-1])) || (i+len(old) < len(s) && isWordByte(s[i+len(old)])) {
			i++
			continue
		}
		b = append(append(b, s[last:i]...), new...)
		i += len(old)
		last = i
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// asError turns any error a handler returned into the ABI error to write: an *Error
// anywhere in the chain as it is, anything else as a guest_error with its message
// capped at MaxMessageLen bytes.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) && e != nil {
		if e.Type == "" {
			c := *e
			c.Type = TypeGuest
			return &c
		}
		return e
	}
	return &Error{Type: TypeGuest, Message: capText(err.Error(), MaxMessageLen)}
}

// capText cuts s to at most n bytes on a rune boundary, marking the cut.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…"
	cut := n - len(mark)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}
