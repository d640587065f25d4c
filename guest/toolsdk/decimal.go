package toolsdk

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Bounds on a decimal ParseDecimal reads. A tool's arguments are checked by the host
// against their schema's grammar, not their size, and an exchange answer is not
// checked at all: "1e999999999" is a valid JSON number, and expanding it would
// allocate a billion digits inside the sandbox, whose memory is the module's whole
// budget. decimal.NewFromString alone accepts exponents up to ±10000 and strings of
// any length.
const (
	MaxDecimalLen      = 64 // bytes of text; every decimal Binance sends fits in 30
	MaxDecimalExponent = 40 // |e| in 1e40, 1e-40
)

// AcceptedDecimal says what ParseDecimal accepts, for the Accepted field of an error
// about an argument.
const AcceptedDecimal = `a decimal of at most 64 characters: digits with an optional leading minus sign, ` +
	`fraction and exponent (e-40 to e40), e.g. "65861.65", "-1" or "2.5e-3"`

// What ParseDecimal refuses, in the Err of its *DecimalError.
var (
	// ErrDecimalSyntax: the text is not a plain decimal (empty, a sign other than a
	// leading minus, no digit before or after the point, hex, NaN, spaces, ...).
	ErrDecimalSyntax = errors.New("not a plain decimal")
	// ErrDecimalLength: the text is longer than MaxDecimalLen bytes.
	ErrDecimalLength = errors.New("decimal too long")
	// ErrDecimalExponent: the exponent is beyond ±MaxDecimalExponent.
	ErrDecimalExponent = errors.New("decimal exponent out of range")
)

// DecimalError is the error of ParseDecimal: the text it refused, what was wrong with
// it, and which of ErrDecimalSyntax, ErrDecimalLength and ErrDecimalExponent that is.
type DecimalError struct {
	// Value is the text refused, cut to MaxDecimalLen bytes ("…" marks a cut), so
	// that an error never carries an unbounded string on.
	Value string
	// Reason says what is wrong with it, as the end of a sentence about the value:
	// "is 70 bytes long; at most 64 are accepted".
	Reason string
	Err    error
}

func (e *DecimalError) Error() string {
	return "decimal " + strconv.Quote(e.Value) + " " + e.Reason + "; want " + AcceptedDecimal
}

func (e *DecimalError) Unwrap() error { return e.Err }

// ParseDecimal reads an exact decimal from text such as "65861.65000000", "-1" or
// "2.5e-3": an optional minus sign, one or more digits, optionally a point and one or
// more digits, optionally e or E and an exponent with an optional sign. It refuses
// anything else, and text longer than MaxDecimalLen bytes or with an exponent beyond
// ±MaxDecimalExponent, with a *DecimalError; those bounds keep the value's digits
// few, so that arithmetic on it cannot exhaust the module's memory.
//
// The grammar is that of a JSON number, except that leading zeros are allowed
// ("007"): no plus sign before the digits, no leading or trailing point, no spaces,
// hexadecimal, underscores, NaN or Infinity.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if len(s) > MaxDecimalLen {
		return decimal.Decimal{}, decimalError(s, ErrDecimalLength,
			"is %d bytes long; at most %d are accepted", len(s), MaxDecimalLen)
	}
	if s == "" {
		return decimal.Decimal{}, decimalError(s, ErrDecimalSyntax, "is empty")
	}
	mant, exp, hasExp := strings.Cut(strings.TrimPrefix(s, "-"), "e")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(mant, "E")
	}
	whole, frac, hasPoint := strings.Cut(mant, ".")
	expDigits := exp
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		expDigits = exp[1:]
	}
	if !allDigits(whole) || hasPoint && !allDigits(frac) || hasExp && !allDigits(expDigits) {
		return decimal.Decimal{}, decimalError(s, ErrDecimalSyntax, "is not a plain decimal")
	}
	if hasExp {
		// Atoi fails only on a value out of int's range: beyond the bound too.
		if e, err := strconv.Atoi(exp); err != nil || e > MaxDecimalExponent || e < -MaxDecimalExponent {
			return decimal.Decimal{}, decimalError(s, ErrDecimalExponent,
				"has the exponent %s; it may be from -%d to %d", exp, MaxDecimalExponent, MaxDecimalExponent)
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		// Not reached: NewFromString accepts all of the grammar above.
		return decimal.Decimal{}, decimalError(s, ErrDecimalSyntax, "is not a plain decimal")
	}
	return d, nil
}

func decimalError(s string, err error, format string, args ...any) *DecimalError {
	return &DecimalError{Value: capText(s, MaxDecimalLen), Reason: fmt.Sprintf(format, args...), Err: err}
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Decimal returns a number argument (a JSON number, or a string holding one, as
// Number reads it) as an exact decimal: as sent, else its default, else zero. An
// argument that ParseDecimal refuses is a validation_error naming it, with its value
// (cut to MaxDecimalLen bytes), what was wrong and AcceptedDecimal.
func (c *Call) Decimal(name string) (decimal.Decimal, error) {
	n, err := c.Number(name)
	if err != nil || n == "" {
		return decimal.Decimal{}, err
	}
	d, err := ParseDecimal(string(n))
	if err != nil {
		var de *DecimalError
		errors.As(err, &de)
		e := Invalid(name, de.Value, "argument %q %s", name, de.Reason)
		e.Accepted = AcceptedDecimal
		return decimal.Decimal{}, e
	}
	return d, nil
}
