// Package jsonscan is the guest SDK's JSON fast path: a small hand-written scanner
// that validates JSON and splits an object into its members without reflection, and
// the few encoders the SDK needs (strings, compaction).
//
// encoding/json is correct but slow inside WebAssembly (reflection, and a scanner
// that makes an indirect call per byte): decoding and re-encoding an 80-byte object
// costs ~200 µs there. What is costly in a Go guest under wazero with
// WithCloseOnContextDone is every jump back to a loop (Go's wasm code takes each
// jump through its function's dispatch loop, where wazero checks for termination:
// ~40 ns each) and every allocation (~1 µs). So the scanner reads strings, the
// bulk of the JSON the SDK sees, eight bytes per iteration (SWAR), decides on a
// word without branching, and allocates nothing.
//
// The scanner accepts exactly what encoding/json accepts (RFC 8259, at most 10000
// levels of nesting, any bytes ≥ 0x80 inside strings), and the values it returns are
// the bytes encoding/json would put in a json.RawMessage. It never panics, whatever
// the input: the fuzz tests hold it to both.
package jsonscan

import (
	"encoding/binary"
	"errors"
	"math/bits"
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

// Member is one member of an object: its key and its value as raw JSON (a
// sub-slice of the input, without surrounding whitespace).
type Member struct {
	key   []byte // the key's content as written, escapes and all
	plain bool   // key has no escape and is ASCII: its content is its value
	Value []byte
}

// Key returns the member's key, unescaped as encoding/json unescapes it.
func (m *Member) Key() string {
	if m.plain {
		return string(m.key)
	}
	return unquoteBody(m.key)
}

// Is reports whether the member's key is name, without allocating for a plain key.
func (m *Member) Is(name string) bool {
	if m.plain {
		return string(m.key) == name
	}
	return unquoteBody(m.key) == name
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
	dst, end, err := objectAt(data, i, dst, 0)
	if err != nil {
		return dst, err
	}
	if j := skipSpace(data, end); j != len(data) {
		return dst, syntaxErr(j, "data after the JSON value")
	}
	return dst, nil
}

// ObjectAt is Object for the object starting at data[i] (no whitespace before
// it), with data after it: it returns the index just past the object.
func ObjectAt(data []byte, i int, dst []Member) ([]Member, int, error) {
	if i >= len(data) || data[i] != '{' {
		return dst, i, expected(data, i, "'{'")
	}
	return objectAt(data, i, dst, 0)
}

// objectAt reads the object at data[i] == '{', nested in depth containers.
func objectAt(data []byte, i int, dst []Member, depth int) ([]Member, int, error) {
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return dst, i + 1, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return dst, i, expected(data, i, "object key")
		}
		kend, flags, err := skipString(data, i)
		if err != nil {
			return dst, i, err
		}
		key, plain := data[i+1:kend-1], flags == 0
		i = skipSpace(data, kend)
		if i >= len(data) || data[i] != ':' {
			return dst, i, expected(data, i, "':' after object key")
		}
		i = skipSpace(data, i+1)
		vstart := i
		i, _, err = value(data, i, depth+1)
		if err != nil {
			return dst, i, err
		}
		dst = append(dst, Member{key: key, plain: plain, Value: data[vstart:i]})
		i = skipSpace(data, i)
		if i >= len(data) {
			return dst, i, syntaxErr(i, "unexpected end of input")
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return dst, i + 1, nil
		default:
			return dst, i, expected(data, i, "',' or '}' after object member")
		}
	}
}

// StringAt validates the JSON string starting at data[i] (no whitespace before
// it) and returns the index just past its closing quote.
func StringAt(data []byte, i int) (int, error) {
	if i >= len(data) || data[i] != '"' {
		return i, expected(data, i, "a string")
	}
	end, _, err := skipString(data, i)
	return end, err
}

// Lookup returns the value of the last member with key, and whether there is one.
func Lookup(members []Member, key string) ([]byte, bool) {
	for i := len(members) - 1; i >= 0; i-- {
		if members[i].Is(key) {
			return members[i].Value, true
		}
	}
	return nil, false
}

// Valid reports whether data is exactly one JSON value, with optional whitespace
// around it (json.Valid).
func Valid(data []byte) bool {
	end, _, err := value(data, skipSpace(data, 0), 0)
	return err == nil && skipSpace(data, end) == len(data)
}

// Check validates data as exactly one JSON value, nothing around it, and reports
// whether it is compact: no whitespace outside its strings.
func Check(data []byte) (compact bool, err error) {
	end, ws, err := value(data, 0, 0)
	if err == nil && end != len(data) {
		err = syntaxErr(end, "data after the JSON value")
	}
	return ws == 0, err
}

// Value validates the JSON value starting at data[i] (no leading whitespace) and
// returns the index just past it.
func Value(data []byte, i int) (int, error) {
	end, _, err := value(data, i, 0)
	return end, err
}

// value is Value for a value nested in depth containers already. ws is non-zero if
// the value holds whitespace outside its strings.
func value(data []byte, i int, depth int) (end int, ws int, err error) {
	// The stack of open containers: '{' or '['. Most values nest a few levels, so
	// the first 32 live on the Go stack.
	var small [32]byte
	stack := small[:0]
	for {
		// A value is expected at i.
		if i >= len(data) {
			return i, ws, syntaxErr(i, "unexpected end of input")
		}
		switch c := data[i]; c {
		case '"':
			i, _, err = skipString(data, i)
		case '{', '[':
			if depth+len(stack) >= MaxDepth {
				return i, ws, syntaxErr(i, "nested too deeply")
			}
			j := skipSpace(data, i+1)
			ws |= j - i - 1
			if j < len(data) && data[j] == c+2 { // '}' or ']'
				i = j + 1
				break
			}
			stack = append(stack, c)
			if c == '{' {
				var kws int
				if i, kws, err = memberKey(data, j); err != nil {
					return i, ws, err
				}
				ws |= kws
			} else {
				i = j
			}
			continue
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
				return i, ws, expected(data, i, "a value")
			}
		}
		if err != nil {
			return i, ws, err
		}
		// A value ended at i: close containers until one continues.
		for {
			if len(stack) == 0 {
				return i, ws, nil
			}
			j := skipSpace(data, i)
			ws |= j - i
			i = j
			if i >= len(data) {
				return i, ws, syntaxErr(i, "unexpected end of input")
			}
			top, c := stack[len(stack)-1], data[i]
			if c == ',' {
				j := skipSpace(data, i+1)
				ws |= j - i - 1
				if top == '{' {
					var kws int
					if i, kws, err = memberKey(data, j); err != nil {
						return i, ws, err
					}
					ws |= kws
				} else {
					i = j
				}
				break
			}
			if c == top+2 { // '}' or ']'
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if top == '{' {
				return i, ws, expected(data, i, "',' or '}' after object member")
			}
			return i, ws, expected(data, i, "',' or ']' after array element")
		}
	}
}

// memberKey reads `"key" :` at data[i] and returns the index of the value after
// it, and non-zero ws if there was whitespace.
func memberKey(data []byte, i int) (int, int, error) {
	if i >= len(data) || data[i] != '"' {
		return i, 0, expected(data, i, "object key")
	}
	i, _, err := skipString(data, i)
	if err != nil {
		return i, 0, err
	}
	j := skipSpace(data, i)
	ws := j - i
	if j >= len(data) || data[j] != ':' {
		return j, ws, expected(data, j, "':' after object key")
	}
	k := skipSpace(data, j+1)
	return k, ws | (k - j - 1), nil
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

// SWAR: eight bytes of a word at a time. For a word w, the expressions below set
// the high bit of (at least) the first byte with a property, and of no byte before
// it, so bits.TrailingZeros64 finds that first byte exactly.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load64 reads data[i:i+8] as a little-endian word (one i64.load in Go's wasm).
func load64(data []byte, i int) uint64 { return binary.LittleEndian.Uint64(data[i : i+8]) }

// load64s is load64 for a string.
func load64s(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// stopInString marks the bytes that end a plain run inside a JSON string: '"',
// '\\' and control characters.
func stopInString(w uint64) uint64 {
	q := w ^ (lsb * '"')
	b := w ^ (lsb * '\\')
	return ((q-lsb)&^q | (b-lsb)&^b | (w-lsb*0x20)&^w) & msb
}

// Flags skipString reports about a string.
const (
	escaped  = 1 << iota // it holds an escape
	nonASCII             // it may hold a byte ≥ 0x80
)

// skipString validates the string starting at data[i] == '"' and returns the index
// just past its closing quote, with flags saying whether its content is plain.
func skipString(data []byte, i int) (int, int, error) {
	start := i
	i++
	flags := 0
	for {
		// Skip a plain run, eight bytes at a time while eight are left.
		var high uint64
		for i+8 <= len(data) {
			w := load64(data, i)
			if m := stopInString(w); m != 0 {
				n := bits.TrailingZeros64(m)
				high |= w & msb & (1<<n - 1)
				i += n >> 3
				goto stop
			}
			high |= w & msb
			i += 8
		}
		for i < len(data) && data[i] >= 0x20 && data[i] != '"' && data[i] != '\\' {
			high |= uint64(data[i] & 0x80)
			i++
		}
	stop:
		if high != 0 {
			flags |= nonASCII
		}
		if i >= len(data) {
			return start, flags, syntaxErr(len(data), "unexpected end of input in string")
		}
		switch c := data[i]; {
		case c == '"':
			return i + 1, flags, nil
		case c < 0x20:
			return i, flags, syntaxErr(i, "control character in string")
		}
		// A backslash.
		flags |= escaped
		if i+1 >= len(data) {
			return i, flags, syntaxErr(i, "unexpected end of input in string")
		}
		switch data[i+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			i += 2
		case 'u':
			if len(data)-i < 6 || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) || !isHex(data[i+5]) {
				return i, flags, syntaxErr(i, `invalid \u escape in string`)
			}
			i += 6
		default:
			return i, flags, syntaxErr(i, "invalid escape in string")
		}
	}
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

// PlainString returns the content of the JSON string raw (quotes included, nothing
// around them) if it is plain: ASCII without escapes, so that its content is its
// value. It does not allocate.
func PlainString(raw []byte) ([]byte, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return nil, false
	}
	end, flags, err := skipString(raw, 0)
	if err != nil || end != len(raw) || flags != 0 {
		return nil, false
	}
	return raw[1 : len(raw)-1], true
}

// Unquote returns the content of the JSON string raw (quotes included, nothing
// around them), unescaped the way encoding/json does it: invalid UTF-8 and unpaired
// surrogates become U+FFFD. ok is false if raw is not exactly one valid JSON string.
func Unquote(raw []byte) (s string, ok bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	end, flags, err := skipString(raw, 0)
	if err != nil || end != len(raw) {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	if flags&escaped == 0 && (flags&nonASCII == 0 || utf8.Valid(body)) {
		return string(body), true
	}
	return unquoteBody(body), true
}

// unquoteBody unescapes the content of a string that skipString accepted.
func unquoteBody(body []byte) string {
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
		// Skip printable ASCII other than '"' and '\\', eight bytes at a time.
		for i+8 <= len(s) {
			w := load64s(s, i)
			if m := stopInString(w) | w&msb; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
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
	end, ws, err := value(src, start, 0)
	if err != nil {
		return dst, err
	}
	if j := skipSpace(src, end); j != len(src) {
		return dst, syntaxErr(j, "data after the JSON value")
	}
	v := src[start:end]
	if ws == 0 { // the usual case: the host sends compact JSON
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
