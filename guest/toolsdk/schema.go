package toolsdk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Schema is a tool's input schema, published in the tool's declaration. The host
// checks every call's arguments against it before the guest runs (docs/abi.md), so
// a handler never sees a missing required argument, an unknown one, a string that
// is too long or not in its enum, or an integer out of range; the SDK does not
// check them again. What a schema cannot express (one argument against another,
// the format of an opaque token) is the handler's to check. The accessors of Call
// still check types as they read, and name the argument when one is wrong.
//
// Build a schema with Object from Params, or give hand-written JSON Schema to
// RawSchema.
type Schema struct {
	params []Param
	raw    json.RawMessage
}

// Object returns the schema of an object with the given properties, in that order,
// and no others ("additionalProperties": false).
func Object(params ...Param) Schema { return Schema{params: append([]Param(nil), params...)} }

// RawSchema returns a schema given as JSON Schema text; it must be a JSON object.
func RawSchema(s json.RawMessage) Schema { return Schema{raw: s} }

// MarshalJSON writes the JSON Schema.
func (s Schema) MarshalJSON() ([]byte, error) {
	if s.raw != nil {
		return s.raw, nil
	}
	var b bytes.Buffer
	b.WriteString(`{"type":"object","properties":{`)
	var required []string
	for i, p := range s.params {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := marshal(p.name)
		prop, err := marshal(p.property())
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(prop)
		if p.required {
			required = append(required, p.name)
		}
	}
	b.WriteString(`}`)
	if len(required) > 0 {
		r, _ := marshal(required)
		b.WriteString(`,"required":`)
		b.Write(r)
	}
	b.WriteString(`,"additionalProperties":false}`)
	return b.Bytes(), nil
}

func (s Schema) param(name string) *Param {
	for i := range s.params {
		if s.params[i].name == name {
			return &s.params[i]
		}
	}
	return nil
}

// verify reports a mistake in a built schema; Register panics with it.
func (s Schema) verify() error {
	if s.raw != nil {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(s.raw, &m); err != nil {
			return fmt.Errorf("input schema is not a JSON object: %w", err)
		}
		return nil
	}
	seen, sent := map[string]bool{}, map[string]bool{}
	for _, p := range s.params {
		if p.sendAs != "" {
			if sent[p.sendAs] {
				return fmt.Errorf("argument %q: two arguments are sent as %q", p.name, p.sendAs)
			}
			sent[p.sendAs] = true
		}
		if !validName(p.name) {
			return fmt.Errorf("argument name %q must match ^[a-z][a-z0-9_]{0,63}$", p.name)
		}
		if seen[p.name] {
			return fmt.Errorf("argument %q declared twice", p.name)
		}
		seen[p.name] = true
		if p.kind == 0 {
			return fmt.Errorf("argument %q: build it with String, Integer, Number or Boolean", p.name)
		}
		if p.err != nil {
			return fmt.Errorf("argument %q: default: %w", p.name, p.err)
		}
		if p.minLen != nil && p.maxLen != nil && *p.minLen > *p.maxLen ||
			p.min != nil && p.max != nil && *p.min > *p.max {
			return fmt.Errorf("argument %q: minimum above maximum", p.name)
		}
		if p.def != nil {
			if err := p.check(p.def); err != nil {
				return fmt.Errorf("argument %q: default: %w", p.name, err)
			}
		}
	}
	return nil
}

type kind uint8

const (
	kindString kind = iota + 1
	kindInteger
	kindNumber
	kindBoolean
)

// Param is one argument of an Object schema. Its methods return a modified copy,
// so a Param can be kept in a variable and refined per tool.
type Param struct {
	name, description string
	kind              kind
	required          bool
	enum              []string
	minLen, maxLen    *int
	min, max          *int64
	def               json.RawMessage
	err               error
	sendAs            string // the op parameter Call.Forward sends it as
}

// String declares a string argument.
func String(name, description string) Param {
	return Param{name: name, description: description, kind: kindString}
}

// Integer declares an integer argument (a JSON number with an integral value that
// fits in int64).
func Integer(name, description string) Param {
	return Param{name: name, description: description, kind: kindInteger}
}

// Number declares a decimal argument, given as a JSON number or a string holding
// one ("0.001" or 0.001). It is read as json.Number, digit for digit: money never
// passes through float64.
func Number(name, description string) Param {
	return Param{name: name, description: description, kind: kindNumber}
}

// Boolean declares a true/false argument.
func Boolean(name, description string) Param {
	return Param{name: name, description: description, kind: kindBoolean}
}

// Name returns the argument's name.
func (p Param) Name() string { return p.name }

// SendAs makes Call.Forward send the argument to the gate as the operation's
// parameter name (for example "startTime" for start_time). It is not part of the
// published schema.
func (p Param) SendAs(name string) Param { p.sendAs = name; return p }

// Required marks the argument as required.
func (p Param) Required() Param { p.required = true; return p }

// MinLength sets the minimum length of a string, in Unicode code points.
func (p Param) MinLength(n int) Param { p.minLen = &n; return p }

// MaxLength sets the maximum length of a string, in Unicode code points.
func (p Param) MaxLength(n int) Param { p.maxLen = &n; return p }

// Enum restricts a string to the given values (compared exactly).
func (p Param) Enum(values ...string) Param { p.enum = append([]string(nil), values...); return p }

// Minimum sets the smallest accepted integer.
func (p Param) Minimum(n int64) Param { p.min = &n; return p }

// Maximum sets the largest accepted integer.
func (p Param) Maximum(n int64) Param { p.max = &n; return p }

// Default sets the value the accessors of Call return when the argument is absent.
// It is published in the schema and must itself be valid.
func (p Param) Default(v any) Param {
	p.def, p.err = marshal(v)
	if p.err != nil {
		p.def = nil
	}
	return p
}

type propertyJSON struct {
	Type        any             `json:"type"`
	Description string          `json:"description,omitempty"`
	Enum        []string        `json:"enum,omitempty"`
	MinLength   *int            `json:"minLength,omitempty"`
	MaxLength   *int            `json:"maxLength,omitempty"`
	Pattern     string          `json:"pattern,omitempty"`
	Minimum     *int64          `json:"minimum,omitempty"`
	Maximum     *int64          `json:"maximum,omitempty"`
	Default     json.RawMessage `json:"default,omitempty"`
}

// numberPattern is the JSON number grammar, for the string form of a Number.
const numberPattern = `^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`

func (p Param) property() propertyJSON {
	j := propertyJSON{Description: p.description, Enum: p.enum, MinLength: p.minLen,
		MaxLength: p.maxLen, Minimum: p.min, Maximum: p.max, Default: p.def}
	switch p.kind {
	case kindString:
		j.Type = "string"
	case kindInteger:
		j.Type = "integer"
	case kindNumber:
		j.Type = []string{"string", "number"}
		j.Pattern = numberPattern
	case kindBoolean:
		j.Type = "boolean"
	}
	return j
}

// check validates one value against the param's rules, as the host does with the
// published schema; Register uses it to refuse an invalid default.
func (p Param) check(raw json.RawMessage) error {
	v := valueText(raw)
	switch p.kind {
	case kindString:
		s, err := rawString(raw)
		if err != nil {
			return Invalid(p.name, v, "argument %q must be a string", p.name)
		}
		n := utf8.RuneCountInString(s)
		if p.minLen != nil && n < *p.minLen {
			return Invalid(p.name, v, "argument %q must be at least %d characters long", p.name, *p.minLen)
		}
		if p.maxLen != nil && n > *p.maxLen {
			return Invalid(p.name, v, "argument %q must be at most %d characters long", p.name, *p.maxLen)
		}
		if len(p.enum) > 0 && !contains(p.enum, s) {
			e := Invalid(p.name, v, "argument %q must be one of %s", p.name, strings.Join(p.enum, ", "))
			e.Accepted = strings.Join(p.enum, ", ")
			return e
		}
	case kindInteger:
		n, err := rawInt(raw)
		if err != nil {
			return Invalid(p.name, v, "argument %q must be an integer", p.name)
		}
		if p.min != nil && n < *p.min || p.max != nil && n > *p.max {
			e := Invalid(p.name, v, "argument %q must be %s", p.name, p.rangeText())
			e.Accepted = p.rangeText()
			return e
		}
	case kindNumber:
		if _, err := rawNumber(raw); err != nil {
			return Invalid(p.name, v, "argument %q must be a decimal number (a JSON number or a string such as \"0.001\")", p.name)
		}
	case kindBoolean:
		if _, err := rawBool(raw); err != nil {
			return Invalid(p.name, v, "argument %q must be true or false", p.name)
		}
	}
	return nil
}

func (p Param) rangeText() string {
	switch {
	case p.min != nil && p.max != nil:
		return fmt.Sprintf("an integer from %d to %d", *p.min, *p.max)
	case p.min != nil:
		return fmt.Sprintf("an integer of at least %d", *p.min)
	default:
		return fmt.Sprintf("an integer of at most %d", *p.max)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// validName reports whether s matches ^[a-z][a-z0-9_]{0,63}$ (tool and argument names).
func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
