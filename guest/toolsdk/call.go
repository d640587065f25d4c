package toolsdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/tollgate/tollgate/guest/internal/jsonscan"
)

// Call is one tool call: its arguments, and the way to the gate. A Call is valid
// only during its handler.
type Call struct {
	tool      *Tool
	requestID []byte            // the JSON string as sent, or nil
	args      []jsonscan.Member // as sent; values are sub-slices of the input

	// lastOK is the last answer Request returned, checked and found compact:
	// returned as it is, it is written out without another pass over it.
	lastOK []byte
}

// Tool returns the name of the tool being called.
func (c *Call) Tool() string { return c.tool.Name }

// RequestID returns the host's id for this call, for log lines.
func (c *Call) RequestID() string {
	s, _ := jsonscan.Unquote(c.requestID)
	return s
}

// Arguments returns the arguments as sent, as a JSON object (the last of
// duplicate members only), without defaults.
func (c *Call) Arguments() json.RawMessage {
	b := []byte{'{'}
	for i, m := range c.args {
		if _, dup := jsonscan.Lookup(c.args[i+1:], m.Key()); dup {
			continue // a later member has this key
		}
		b = appendMember(b, m.Key(), m.Value)
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
	p := c.tool.Input.param(name)
	v, ok := jsonscan.Lookup(c.args, name)
	if !ok && p != nil {
		v = p.def
	}
	if v == nil {
		return nil, false, nil
	}
	k := kind(0)
	if p != nil {
		k = p.kind
	}
	var (
		out any
		err error
	)
	switch k {
	case kindString:
		if out, err = rawString(v); err != nil {
			err = Invalid(name, valueText(v), "argument %q must be a string", name)
		}
	case kindInteger:
		if out, err = rawInt(v); err != nil {
			err = Invalid(name, valueText(v), "argument %q must be an integer", name)
		}
	case kindNumber:
		if out, err = rawNumber(v); err != nil {
			err = Invalid(name, valueText(v), "argument %q must be a decimal number", name)
		}
	case kindBoolean:
		if out, err = rawBool(v); err != nil {
			err = Invalid(name, valueText(v), "argument %q must be true or false", name)
		}
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
// the exchange's JSON as received. Params with a nil value are left out; values
// of type string, bool, any integer type, json.Number and json.RawMessage are
// written without encoding/json (which is slow in WebAssembly), anything else with
// it. A refusal or failure comes back as an *Error from the gate; pass it on with
// RenameFields where the op's parameter names differ from the tool's argument names.
//
// A tool that sends its own arguments is simpler and faster with Forward.
func (c *Call) Request(op string, params map[string]any) (json.RawMessage, error) {
	req, err := appendRequest(reqBuf[:0], op, params)
	reqBuf = req[:0]
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", op, err)
	}
	return c.send(op, req)
}

// Forward runs op with the arguments declared with SendAs as its params: each one
// that has a value, as sent or by default, goes as its op parameter, in its
// declared type (a string as the caller wrote it, an integer in digits, a decimal
// as a JSON number, a boolean). The request is written by concatenation: no map,
// no encoding/json. It returns what Request returns, except that a gate error
// naming an op parameter names its argument instead (see RenameFields).
func (c *Call) Forward(op string) (json.RawMessage, error) { return c.ForwardWith(op, nil) }

// ForwardWith is Forward with more op parameters that are not arguments, fixed by the
// tool (get_pnl asks the income op for incomeType REALIZED_PNL, whatever the caller says).
// An extra parameter with the name of a forwarded argument replaces it.
func (c *Call) ForwardWith(op string, extra map[string]string) (json.RawMessage, error) {
	b := append(reqBuf[:0], `{"op":`...)
	b = jsonscan.AppendQuote(b, op)
	b = append(b, `,"params":{`...)
	n := len(b)
	for _, f := range c.tool.forward {
		p := &c.tool.Input.params[f.index]
		v, ok := jsonscan.Lookup(c.args, p.name)
		if !ok {
			v = p.def
		}
		if v == nil {
			continue
		}
		if _, fixed := extra[p.sendAs]; fixed {
			continue
		}
		if len(b) > n {
			b = append(b, ',')
		}
		b = append(b, f.key...)
		var err error
		if b, err = appendArg(b, p, v); err != nil {
			reqBuf = b[:0]
			return nil, err
		}
	}
	for _, k := range sortedKeys(extra) {
		if len(b) > n {
			b = append(b, ',')
		}
		b = jsonscan.AppendQuote(b, k)
		b = append(b, ':')
		b = jsonscan.AppendQuote(b, extra[k])
	}
	b = append(b, "}}"...)
	reqBuf = b[:0]
	ok, err := c.send(op, b)
	if err != nil {
		return nil, RenameFields(err, c.tool.argOf)
	}
	return ok, nil
}

// appendArg appends argument value v (valid JSON: the scanner has read it) in the
// param's declared type, or fails as the accessors of Call do.
func appendArg(b []byte, p *Param, v []byte) ([]byte, error) {
	switch p.kind {
	case kindString:
		if v[0] == '"' {
			return append(b, v...), nil
		}
		return b, Invalid(p.name, valueText(v), "argument %q must be a string", p.name)
	case kindInteger:
		if isDigits(v) {
			return append(b, v...), nil
		}
		n, err := rawInt(v)
		if err != nil {
			return b, Invalid(p.name, valueText(v), "argument %q must be an integer", p.name)
		}
		return strconv.AppendInt(b, n, 10), nil
	case kindNumber:
		if jsonscan.ValidNumber(v) {
			return append(b, v...), nil
		}
		n, err := rawNumber(v)
		if err != nil {
			return b, Invalid(p.name, valueText(v), "argument %q must be a decimal number", p.name)
		}
		return append(b, n...), nil
	case kindBoolean:
		if _, err := rawBool(v); err != nil {
			return b, Invalid(p.name, valueText(v), "argument %q must be true or false", p.name)
		}
		return append(b, v...), nil
	}
	return append(b, v...), nil
}

// isDigits reports whether v is -?[0-9]+ with no leading zero: an integer as
// strconv.FormatInt writes it.
func isDigits(v []byte) bool {
	neg := len(v) > 0 && v[0] == '-'
	if neg {
		v = v[1:]
	}
	if len(v) == 0 || len(v) > 18 || v[0] == '0' && (len(v) > 1 || neg) {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// send sends the request req for op and returns its answer.
func (c *Call) send(op string, req []byte) (json.RawMessage, error) {
	if len(req) > MaxRequestSize {
		// The host would fault the call; fail it cleanly instead.
		return nil, &Error{Type: TypeLimit, Message: fmt.Sprintf("request %s is %d bytes, over the %d-byte cap", op, len(req), MaxRequestSize)}
	}
	n := hostRequest(req)
	if n < 0 {
		return nil, &Error{Type: TypeGuest, Message: fmt.Sprintf("request %s: host returned %d", op, n)}
	}
	// A fresh buffer: the value returned is a slice of it, and a handler may keep
	// it while it makes more requests.
	resp := make([]byte, n)
	if got := hostResponseRead(resp); got != n {
		return nil, &Error{Type: TypeGuest, Message: fmt.Sprintf("request %s: host returned %d of %d response bytes", op, got, n)}
	}
	ok, compact, err := parseResponse(op, resp)
	if err == nil && compact {
		c.lastOK = ok
	}
	return ok, err
}

// reqBuf is reused for every request: the host copies a request before it returns.
var reqBuf []byte

// appendRequest appends {"op":op,"params":{...}}, keys sorted as encoding/json
// sorts map keys.
func appendRequest(b []byte, op string, params map[string]any) ([]byte, error) {
	var small [16]string
	keys := small[:0]
	for k, v := range params {
		if v != nil {
			keys = append(keys, k)
		}
	}
	for i := 1; i < len(keys); i++ { // insertion sort: a handful of keys
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	b = append(b, `{"op":`...)
	b = jsonscan.AppendQuote(b, op)
	b = append(b, `,"params":{`...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonscan.AppendQuote(b, k)
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, params[k]); err != nil {
			return b, fmt.Errorf("param %s: %w", k, err)
		}
	}
	return append(b, "}}"...), nil
}

// appendValue appends v as encoding/json (HTML escaping off) would encode it.
func appendValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case string:
		return jsonscan.AppendQuote(b, x), nil
	case json.Number:
		if x == "" { // encoding/json writes an empty Number as 0
			return append(b, '0'), nil
		}
		if !jsonscan.ValidNumber([]byte(x)) {
			return b, fmt.Errorf("invalid number literal %q", string(x))
		}
		return append(b, x...), nil
	case json.RawMessage:
		if x == nil {
			return append(b, "null"...), nil
		}
		return jsonscan.AppendCompact(b, x)
	case bool:
		return strconv.AppendBool(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int8:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int16:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int32:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case uint:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint8:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint16:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint32:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint64:
		return strconv.AppendUint(b, x, 10), nil
	}
	enc, err := marshal(v)
	if err != nil {
		return b, err
	}
	return append(b, enc...), nil
}

// parseResponse returns the "ok" value of a gate response, and whether it is
// compact, or the gate's error. The host sends exactly {"ok":<json>} or
// {"error":{...}}: the value is sliced out of the first and checked, in one pass
// of the scanner. Anything else is split by the scanner (so that whitespace or
// another order would do); what is not a gate response is a guest_error, never a
// panic.
func parseResponse(op string, resp []byte) (json.RawMessage, bool, error) {
	const prefix = `{"ok":`
	if len(resp) > len(prefix) && string(resp[:len(prefix)]) == prefix && resp[len(resp)-1] == '}' {
		ok := resp[len(prefix) : len(resp)-1]
		if compact, err := jsonscan.Check(ok); err == nil {
			return ok, compact, nil
		}
	}
	var small [2]jsonscan.Member
	members, err := jsonscan.Object(resp, small[:0])
	if err != nil {
		return nil, false, &Error{Type: TypeGuest, Message: capText(fmt.Sprintf("request %s: malformed gate response: %v", op, err), MaxMessageLen)}
	}
	if raw, ok := jsonscan.Lookup(members, "error"); ok && string(raw) != "null" {
		// The error path may take encoding/json: Error decodes leniently.
		var e Error
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, false, &Error{Type: TypeGuest, Message: fmt.Sprintf("request %s: malformed gate error", op)}
		}
		return nil, false, &e
	}
	ok, found := jsonscan.Lookup(members, "ok")
	if !found { // a JSON null would be kept as "null"
		return nil, false, &Error{Type: TypeGuest, Message: fmt.Sprintf("request %s: gate response has neither ok nor error", op)}
	}
	return ok, false, nil
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

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Under returns a function that puts an op's answer under key, as the only member of an
// object (or passes its error on): a tool's result is an object, and many Binance answers
// are bare arrays. It takes Forward's two results directly:
//
//	return toolsdk.Under("orders")(c.Forward("open_orders"))
func Under(key string) func(ok json.RawMessage, err error) (any, error) {
	return func(ok json.RawMessage, err error) (any, error) {
		if err != nil {
			return nil, err
		}
		return map[string]json.RawMessage{key: ok}, nil
	}
}
