package declare

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrMalformed: the bytes are not a well-framed core WebAssembly binary.
	ErrMalformed = errors.New("malformed wasm binary")
	// ErrNoSection: the binary has no tollgate.tools section; it was not
	// packed with `tollgate pack`.
	ErrNoSection = errors.New("no " + SectionName + " custom section")
	// ErrTooLarge: a size limit was exceeded. Errors carrying it also match
	// ErrInvalid when they come from the declarations.
	ErrTooLarge = errors.New("over size limit")
	// ErrInvalid: the declarations break a rule of docs/abi.md. Every
	// *Error matches it.
	ErrInvalid = errors.New("invalid declarations")
)

// Error describes one broken rule in the declarations, naming the tool and
// the field. Every string taken from the module is capped and quoted, so an
// Error is safe to log or return to a client.
type Error struct {
	// Tool is the tool's name when that name is valid, else "".
	Tool string
	// Index is the tool's position in "tools", or -1 for the section
	// itself (abi, tools, the JSON framing).
	Index int
	// Field is the field at fault, as a path: "name", "inputSchema",
	// "annotations.readOnlyHint", "abi".
	Field string
	// Reason says what is wrong with it.
	Reason string
	// Err is an underlying cause such as ErrTooLarge, or nil.
	Err error
}

func (e *Error) Error() string {
	s := "declare: "
	switch {
	case e.Index < 0:
	case e.Tool != "":
		s += "tool " + strconv.Quote(e.Tool) + ": "
	default:
		s += "tools[" + strconv.Itoa(e.Index) + "]: "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Reason
}

// Unwrap returns ErrInvalid and, if set, Err.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalid, e.Err}
	}
	return []error{ErrInvalid}
}

// maxQuoted caps every module-controlled string copied into an error.
const maxQuoted = 64

// quote returns s, cut to maxQuoted bytes on a rune boundary, Go-quoted.
func quote(s string) string {
	if len(s) > maxQuoted {
		cut := maxQuoted
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "..."
	}
	return strconv.Quote(s)
}

// capErr renders a decoder error with its length capped and control
// characters replaced: encoding/json quotes unknown keys from the input
// verbatim, and a key may hold an escaped newline.
func capErr(err error) string {
	s := err.Error()
	if len(s) > 200 {
		cut := 200
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}
