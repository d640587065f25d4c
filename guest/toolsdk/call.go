package toolsdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Call is one tool call: its arguments, and the way to the gate. A Call is valid
// only during its handler.
type Call struct {
	tool      *Tool
	requestID string
	args      []jsonscan.Member // as sent; values are sub-slices of the input
}

// Tool returns the name of the tool being called.
func (c *Call) Tool() string { return c.tool.Name }

// RequestID returns the host's id for this call, for log lines.
func (c *Call) RequestID() string { return c.requestID }

// Arguments returns the arguments as sent, as a JSON object (the last of
// duplicate members only), without defaults.
func (c *Call) Arguments() json.RawMessage {
	b := []byte{'{'}
	for i, m := range c.args {
		if _, dup := jsonscan.Lookup(c.args[i+1:], m.Key); dup {
			continue // a later member has this key
		}
		b = appendMember(b, m.Key, m.Value)
	}
	return append(b, '}')
}

// Has reports whether the caller sent argument name.
func (c *Call) Has(name string) bool {
	_, ok := jsonscan.Lookup(c.args, name)
	return ok
}

// appendMember appends "key":value to the object being written in b.
func appendMember(b []byte, key string, value []byte) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = jsonscan.AppendQuote(b, key)
	b = append(b, ':')
	return append(b, value...)
}

// raw returns the argument as sent, else its declared default, else nil.
func (c *Call) raw(name string) json.RawMessage {
	if v, ok := jsonscan.Lookup(c.args, name); ok {
		return v
	}
	if p := c.tool.Input.param(name); p != nil {
		return p.def
	}
	return nil
}

// String returns a string argument: as sent, else its default, else "".
func (c *Call) String(name string) (string, error) {
	v := c.raw(name)
	if v == nil {
		return "", nil
	}
	s, err := rawString(v)
	if err != nil {
		return "", Invalid(name, valueText(v), "argument %q must be a string", name)
	}
	return s, nil
}

// Int returns an integer argument: as sent, else its default, else 0.
func (c *Call) Int(name string) (int64, error) {
	v := c.raw(name)
	if v == nil {
		return 0, nil
	}
	n, err := rawInt(v)
	if err != nil {
		return 0, Invalid(name, valueText(v), "argument %q must be an integer", name)
	}
	return n, nil
}

// Number returns a decimal argument exactly as written, whether it was sent as a
// JSON number or a string: as sent, else its default, else "".
func (c *Call) Number(name string) (json.Number, error) {
	v := c.raw(name)
	if v == nil {
		return "", nil
	}
	n, err := rawNumber(v)
	if err != nil {
		return "", Invalid(name, valueText(v), "argument %q must be a decimal number", name)
	}
	return n, nil
}

// Bool returns a boolean argument: as sent, else its default, else false.
func (c *Call) Bool(name string) (bool, error) {
	v := c.raw(name)
	if v == nil {
		return false, nil
	}
	b, err := rawBool(v)
	if err != nil {
		return false, Invalid(name, valueText(v), "argument %q must be true or false", name)
	}
	return b, nil
}

// Value returns the argument in its declared Go type (string, int64, json.Number or
// bool; for a RawSchema tool, whatever Decode makes of it), with defaults applied,
// and whether there is a value at all.
func (c *Call) Value(name string) (any, bool, error) {
	v := c.raw(name)
	if v == nil {
		return nil, false, nil
	}
	var (
		out any
		err error
	)
	k := kind(0)
	if p := c.tool.Input.param(name); p != nil {
		k = p.kind
	}
	switch k {
	case kindString:
		out, err = c.String(name)
	case kindInteger:
		out, err = c.Int(name)
	case kindNumber:
		out, err = c.Number(name)
	case kindBoolean:
		out, err = c.Bool(name)
	default:
		if err = Decode(v, &out); err != nil {
			err = Invalid(name, valueText(v), "argument %q is not valid JSON", name)
		}
	}
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// Bind decodes the arguments, with declared defaults filled in, into the struct v
// points to. Numbers decode as json.Number where v asks for an interface, and an
// argument v has no field for is a validation_error naming it. Bind uses
// encoding/json, which is slow inside WebAssembly; the accessors above are not.
func (c *Call) Bind(v any) error {
	b := c.Arguments()
	b = b[:len(b)-1]
	for _, p := range c.tool.Input.params {
		if p.def != nil && !c.Has(p.name) {
			b = appendMember(b, p.name, p.def)
		}
	}
	b = append(b, '}')
	if err := Decode(b, v); err != nil {
		return c.bindError(err)
	}
	return nil
}

// bindError names the argument a json decoding error is about.
func (c *Call) bindError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		name, _, _ := strings.Cut(te.Field, ".")
		return Invalid(name, valueText(c.raw(name)), "argument %q must be of type %s", name, te.Type)
	}
	const unknown = "json: unknown field "
	if msg := err.Error(); strings.HasPrefix(msg, unknown) {
		name := strings.Trim(strings.TrimPrefix(msg, unknown), `"`)
		return Invalid(name, valueText(c.raw(name)), "unknown argument %q", name)
	}
	return &Error{Type: TypeValidation, Message: capText("arguments: "+err.Error(), MaxMessageLen)}
}

// Request runs one gate operation (see docs/ops.md) and returns its "ok" value,
// the exchange's JSON as received. Params with a nil value are left out. A refusal
// or failure comes back as an *Error from the gate; pass it on with
// RenameFields where the op's parameter names differ from the tool's argument names.
func (c *Call) Request(op string, params map[string]any) (json.RawMessage, error) {
	p := make(map[string]any, len(params))
	for k, v := range params {
		if v != nil {
			p[k] = v
		}
	}
	req, err := marshal(struct {
		Op     string         `json:"op"`
		Params map[string]any `json:"params"`
	}{op, p})
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", op, err)
	}
	if len(req) > MaxRequestSize {
		// The host would fault the call; fail it cleanly instead.
		return nil, &Error{Type: TypeLimit, Message: fmt.Sprintf("request %s is %d bytes, over the %d-byte cap", op, len(req), MaxRequestSize)}
	}
	n := hostRequest(req)
	if n < 0 {
		return nil, &Error{Type: TypeGuest, Message: fmt.Sprintf("request %s: host returned %d", op, n)}
	}
	resp := make([]byte, n)
	if got := hostResponseRead(resp); got != n {
		return nil, &Error{Type: TypeGuest, Message: fmt.Sprintf("request %s: host returned %d of %d response bytes", op, got, n)}
	}
	var r struct {
		OK    json.RawMessage `json:"ok"`
		Error *Error          `json:"error"`
	}
	if err := json.Unmarshal(resp, &r); err != nil {
		return nil, &Error{Type: TypeGuest, Message: fmt.Sprintf("request %s: malformed gate response", op)}
	}
	switch {
	case r.Error != nil:
		return nil, r.Error
	case r.OK == nil: // absent; a JSON null would be kept as "null"
		return nil, &Error{Type: TypeGuest, Message: fmt.Sprintf("request %s: gate response has neither ok nor error", op)}
	}
	return r.OK, nil
}

// MaxRequestSize is the host's cap on one gate request (docs/abi.md).
const MaxRequestSize = 64 << 10

// Level is the level of a log line.
type Level int32

// Log levels, as the host numbers them.
const (
	LevelDebug Level = 0
	LevelInfo  Level = 1
	LevelWarn  Level = 2
	LevelError Level = 3
)

// Log writes one line to the host's log (never to the client). The host caps lines
// at 1 KiB and 64 per call.
func Log(level Level, msg string) { hostLog(int32(level), []byte(msg)) }
