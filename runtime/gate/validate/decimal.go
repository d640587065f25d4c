package validate

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Limits on a decimal parameter. Binance's own pattern for prices and quantities is
// ^([0-9]{1,20})(\.[0-9]{1,20})?$; the same bounds hold here whatever notation the value
// came in, so that nothing Binance would refuse as malformed is sent.
const (
	maxIntDigits  = 20
	maxFracDigits = 20
	// maxExponent bounds the exponent of a JSON number such as 1e-5 before it is
	// expanded; 1e999999999 would otherwise allocate a billion digits.
	maxExponent = 40
)

// decimalString is what a decimal string may look like: digits with an optional
// fraction, and an optional sign so that "-1" is told "must be positive" rather than
// "not a number".
var decimalString = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// jsonNumber is the JSON number grammar (RFC 8259 §6).
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

const acceptedDecimal = `a positive decimal as a JSON number or a string, e.g. 0.001 or "0.001", with at most 20 digits before and after the point`

// Decimal parses a positive exact decimal from a JSON number or a JSON string. It never
// goes through float64: "0.1" is one tenth exactly, and 1e-8 is 0.00000001.
func Decimal(field string, v json.RawMessage) (decimal.Decimal, error) {
	text := string(bytes.TrimSpace(v))
	isString := false
	if s, ok := jsonString(v); ok {
		text, isString = s, true
	}
	switch {
	case text == "":
		return decimal.Decimal{}, gate.Invalid(field, "", acceptedDecimal, "%s is empty", field)
	case isString && !decimalString.MatchString(text):
		return decimal.Decimal{}, gate.Invalid(field, capShown(text), acceptedDecimal, "%s is not a decimal number", field)
	case !isString && !jsonNumber.MatchString(text):
		return decimal.Decimal{}, gate.Invalid(field, shown(v), acceptedDecimal, "%s must be a number or a decimal string", field)
	}
	if i := strings.IndexAny(text, "eE"); i >= 0 && !exponentInRange(text[i+1:]) {
		return decimal.Decimal{}, gate.Invalid(field, capShown(text), acceptedDecimal, "%s is out of range", field)
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, gate.Invalid(field, capShown(text), acceptedDecimal, "%s is not a decimal number", field)
	}
	if d.Sign() <= 0 {
		return decimal.Decimal{}, gate.Invalid(field, capShown(text), acceptedDecimal, "%s must be greater than zero", field)
	}
	out := d.String()
	intPart, frac, _ := strings.Cut(out, ".")
	if len(intPart) > maxIntDigits || len(frac) > maxFracDigits {
		return decimal.Decimal{}, gate.Invalid(field, capShown(text), acceptedDecimal,
			"%s has %d digits before and %d after the point", field, len(intPart), len(frac))
	}
	return d, nil
}

func exponentInRange(exp string) bool {
	exp = strings.TrimLeft(exp, "+-")
	exp = strings.TrimLeft(exp, "0")
	return len(exp) <= 2 && (len(exp) < 2 || exp <= "40")
}
