// Package jsonscan is the guest SDK's JSON fast path: a small hand-written scanner
// that validates JSON and splits an object into its members without reflection, and
// the few encoders the SDK needs (strings, compaction).
//
// encoding/json is correct but slow inside WebAssembly (reflection, and a scanner
// that makes an indirect call per byte): decoding and re-encoding an 80-byte object
// costs ~200 µs there. Everything here is a plain loop over bytes.
//
// The scanner accepts exactly what encoding/json accepts (RFC 8259, at most 10000
// levels of nesting, any bytes ≥ 0x80 inside strings), and the values it returns are
// the bytes encoding/json would put in a json.RawMessage. It never panics, whatever
// the input: the fuzz tests hold it to both.
package jsonscan

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting accepted, encoding/json's limit.
const MaxDepth = 10000

// SyntaxError reports invalid JSON and where it was found.
type SyntaxError struct {
	Offset int // byte offset of the problem in the input
	msg    string
}

func (e *SyntaxError) Error() string {
	return "invalid JSON at offset " + strconv.Itoa(e.Offset) + ": " + e.msg
}

func syntaxErr(off int, msg string) error { return &SyntaxError{Offset: off, msg: msg} }

// ErrNotObject is returned by Object for valid JSON that is not an object.
var ErrNotObject = errors.New("not a JSON object")

// Member is one member of an object: its key, unescaped, and its value as raw JSON
// (a sub-slice of the input, without surrounding whitespace).
type Member struct {
	Key   string
	Value []byte
}

// Object validates data as one JSON object (whitespace around it allowed) and
// appends its members to dst, in order, duplicates included: as with
// encoding/json, the last of several members with one key is the one that counts
// (see Lookup). Valid JSON of another type is ErrNotObject.
func Object(data []byte, dst []Member) ([]Member, error) {
	i := skipSpace(data, 0)
	if i >= len(data) {
		return dst, syntaxErr(i, "unexpected end of input")
	}
	if data[i] != '{' {
		if end, err := Value(data, i); err != nil {
			return dst, err
		} else if skipSpace(data, end) != len(data) {
			return dst, syntaxErr(skipSpace(data, end), "data after the JSON value")
		}
		return dst, ErrNotObject
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		if j := skipSpace(data, i+1); j != len(data) {
			return dst, syntaxErr(j, "data after the JSON value")
		}
		return dst, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return dst, expected(data, i, "object key")
		}
		kend, err := skipString(data, i)
		if err != nil {
			return dst, err
		}
		key := unquote(data[i:kend])
		i = skipSpace(data, kend)
		if i >= len(data) || data[i] != ':' {
			return dst, expected(data, i, "':' after object key")
		}
		i = skipSpace(data, i+1)
		vstart := i
		i, err = value(data, i, 1)
		if err != nil {
			return dst, err
		}
		dst = append(dst, Member{Key: key, Value: data[vstart:i]})
		i = skipSpace(data, i)
		if i >= len(data) {
			return dst, syntaxErr(i, "unexpected end of input")
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			if j := skipSpace(data, i+1); j != len(data) {
				return dst, syntaxErr(j, "data after the JSON value")
			}
			return dst, nil
		default:
			return dst, expected(data, i, "',' or '}' after object member")
		}
	}
}

// Lookup returns the value of the last member with key, and whether there is one.
func Lookup(members []Member, key string) ([]byte, bool) {
	for i := len(members) - 1; i >= 0; i-- {
		if members[i].Key == key {
			return members[i].Value, true
		}
	}
	return nil, false
}

// Valid reports whether data is exactly one JSON value, with optional whitespace
// around it (json.Valid).
func Valid(data []byte) bool {
	end, err := Value(data, skipSpace(data, 0))
	return err == nil && skipSpace(data, end) == len(data)
}

// Value validates the JSON value starting at data[i] (no leading whitespace) and
// returns the index just past it.
func Value(data []byte, i int) (int, error) { return value(data, i, 0) }

// value is Value for a value nested in depth containers already.
func value(data []byte, i int, depth int) (int, error) {
	// The stack of open containers: '{' or '['. Most values nest a few levels, so
	// the first 32 live on the Go stack.
	var small [32]byte
	stack := small[:0]
	for {
		// A value is expected at i.
		if i >= len(data) {
			return i, syntaxErr(i, "unexpected end of input")
		}
		var err error
		switch c := data[i]; c {
		case '{', '[':
			if depth+len(stack) >= MaxDepth {
				return i, syntaxErr(i, "nested too deeply")
			}
			j := skipSpace(data, i+1)
			if c == '{' && j < len(data) && data[j] == '}' || c == '[' && j < len(data) && data[j] == ']' {
				i = j + 1
				break
			}
			stack = append(stack, c)
			if c == '{' {
				if i, err = memberKey(data, j); err != nil {
					return i, err
				}
			} else {
				i = j
			}
			continue
		case '"':
			i, err = skipString(data, i)
		case 't':
			i, err = literal(data, i, "true")
		case 'f':
			i, err = literal(data, i, "false")
		case 'n':
			i, err = literal(data, i, "null")
		default:
			if c == '-' || '0' <= c && c <= '9' {
				i, err = skipNumber(data, i)
			} else {
				return i, expected(data, i, "a value")
			}
		}
		if err != nil {
			return i, err
		}
		// A value ended at i: close containers until one continues.
		for {
			if len(stack) == 0 {
				return i, nil
			}
			i = skipSpace(data, i)
			if i >= len(data) {
				return i, syntaxErr(i, "unexpected end of input")
			}
			top := stack[len(stack)-1]
			c := data[i]
			if c == ',' {
				if top == '{' {
					if i, err = memberKey(data, skipSpace(data, i+1)); err != nil {
						return i, err
					}
				} else {
					i = skipSpace(data, i+1)
				}
				break
			}
			if top == '{' && c == '}' || top == '[' && c == ']' {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if top == '{' {
				return i, expected(data, i, "',' or '}' after object member")
			}
			return i, expected(data, i, "',' or ']' after array element")
		}
	}
}

// memberKey reads `"key" :` at data[i] and returns the index of the value after it.
func memberKey(data []byte, i int) (int, error) {
	if i >= len(data) || data[i] != '"' {
		return i, expected(data, i, "object key")
	}
	i, err := skipString(data, i)
	if err != nil {
		return i, err
	}
	i = skipSpace(data, i)
	if i >= len(data) || data[i] != ':' {
		return i, expected(data, i, "':' after object key")
	}
	return skipSpace(data, i+1), nil
}

func expected(data []byte, i int, what string) error {
	if i >= len(data) {
		return syntaxErr(i, "unexpected end of input, expecting "+what)
	}
	return syntaxErr(i, "unexpected "+strconv.QuoteRune(rune(data[i]))+", expecting "+what)
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func literal(data []byte, i int, lit string) (int, error) {
	if len(data)-i < len(lit) || string(data[i:i+len(lit)]) != lit {
		return i, expected(data, i, "a value")
	}
	return i + len(lit), nil
}

// skipString validates the string starting at data[i] == '"' and returns the index
// just past its closing quote.
func skipString(data []byte, i int) (int, error) {
	start := i
	i++
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			return i + 1, nil
		case c == '\\':
			if i+1 >= len(data) {
				return i, syntaxErr(i, "unexpected end of input in string")
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if len(data)-i < 6 || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) || !isHex(data[i+5]) {
					return i, syntaxErr(i, `invalid \u escape in string`)
				}
				i += 6
			default:
				return i, syntaxErr(i, "invalid escape in string")
			}
		case c < 0x20:
			return i, syntaxErr(i, "control character in string")
		default:
			i++
		}
	}
	return start, syntaxErr(len(data), "unexpected end of input in string")
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// skipNumber validates the number starting at data[i] and returns the index just
// past it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipNumber(data []byte, i int) (int, error) {
	start := i
	if data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = digits(data, i+1)
	default:
		return start, syntaxErr(i, "invalid number")
	}
	if i < len(data) && data[i] == '.' {
		j := digits(data, i+1)
		if j == i+1 {
			return start, syntaxErr(j, "invalid number: no digits after '.'")
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := digits(data, i)
		if j == i {
			return start, syntaxErr(j, "invalid number: no digits in exponent")
		}
		i = j
	}
	return i, nil
}

func digits(data []byte, i int) int {
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i
}

// ValidNumber reports whether s is a JSON number literal, nothing around it.
func ValidNumber(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	end, err := skipNumber(s, 0)
	return err == nil && end == len(s)
}

// Unquote returns the content of the JSON string raw (quotes included, nothing
// around them), unescaped the way encoding/json does it: invalid UTF-8 and unpaired
// surrogates become U+FFFD. ok is false if raw is not exactly one valid JSON string.
func Unquote(raw []byte) (s string, ok bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if end, err := skipString(raw, 0); err != nil || end != len(raw) {
		return "", false
	}
	return unquote(raw), true
}

// unquote unescapes a string that skipString accepted.
func unquote(raw []byte) string {
	body := raw[1 : len(raw)-1]
	simple := true
	for _, c := range body {
		if c == '\\' || c >= utf8.RuneSelf {
			simple = false
			break
		}
	}
	if simple || !containsByte(body, '\\') && utf8.Valid(body) {
		return string(body)
	}
	b := make([]byte, 0, len(body)+8)
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '\\':
			switch e := body[i+1]; e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(body[i+2:])
				i += 6
				if utf16.IsSurrogate(r) {
					if len(body)-i >= 6 && body[i] == '\\' && body[i+1] == 'u' {
						if d := utf16.DecodeRune(r, hex4(body[i+2:])); d != utf8.RuneError {
							b = utf8.AppendRune(b, d)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				continue
			default: // '"', '\\', '/'
				b = append(b, e)
			}
			i += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(body[i:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, body[i:i+size]...)
			}
			i += size
		}
	}
	return string(b)
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

// hex4 decodes four hex digits that skipString checked.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c <= 'F':
			c -= 'A' - 10
		default:
			c -= 'a' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

const hexDigits = "0123456789abcdef"

// AppendQuote appends s as a JSON string, escaped as encoding/json escapes it with
// HTML escaping off: invalid UTF-8 becomes \ufffd, and U+2028 and U+2029 are escaped.
func AppendQuote(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendCompact validates src as one JSON value (whitespace around it allowed) and
// appends it to dst with the whitespace outside strings removed, as json.Compact
// does. On error dst is returned unchanged.
func AppendCompact(dst, src []byte) ([]byte, error) {
	start := skipSpace(src, 0)
	end, err := Value(src, start)
	if err != nil {
		return dst, err
	}
	if j := skipSpace(src, end); j != len(src) {
		return dst, syntaxErr(j, "data after the JSON value")
	}
	v := src[start:end]
	// Fast path: nothing to remove (the host sends compact JSON).
	spaced := false
	for _, c := range v {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			spaced = true
			break
		}
	}
	if !spaced {
		return append(dst, v...), nil
	}
	inString := false
	from := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if inString {
			switch c {
			case '\\':
				i++ // the escaped byte cannot end the string
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case ' ', '\t', '\n', '\r':
			dst = append(dst, v[from:i]...)
			from = i + 1
		}
	}
	return append(dst, v[from:]...), nil
}
