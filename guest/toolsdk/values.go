package toolsdk

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/tollgate/tollgate/guest/internal/jsonscan"
)

var errType = errors.New("wrong JSON type")

// The raw* functions read one argument value, as sent (valid JSON: the SDK's
// scanner has checked it), into a Go value without losing anything: no float64
// anywhere, and no reflection.

func rawString(raw json.RawMessage) (string, error) {
	s, ok := jsonscan.Unquote(raw)
	if !ok {
		return "", errType
	}
	return s, nil
}

func rawBool(raw json.RawMessage) (bool, error) {
	switch string(raw) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errType
}

// rawNumber accepts a JSON number or a string holding a JSON number, and returns
// its text unchanged (as encoding/json decodes into a json.Number).
func rawNumber(raw json.RawMessage) (json.Number, error) {
	if len(raw) > 0 && raw[0] == '"' {
		s, ok := jsonscan.Unquote(raw)
		if !ok || !jsonscan.ValidNumber([]byte(s)) {
			return "", errType
		}
		return json.Number(s), nil
	}
	if !jsonscan.ValidNumber(raw) {
		return "", errType
	}
	return json.Number(raw), nil
}

// rawInt accepts a JSON number with an integral value that fits in int64. 100,
// 100.0 and 1e2 are all 100 (JSON Schema's "integer"); 100.5 and "100" are not.
func rawInt(raw json.RawMessage) (int64, error) {
	if len(raw) == 0 || raw[0] == '"' {
		return 0, errType
	}
	n, err := rawNumber(raw)
	if err != nil {
		return 0, err
	}
	v, ok := exactInt(string(n))
	if !ok {
		return 0, errType
	}
	return v, nil
}

// exactInt converts a valid JSON number literal to int64 when its value is an
// integer in range, by moving the decimal point in the digits: exact, no floats.
func exactInt(s string) (int64, bool) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, true
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 1000 || e < -1000 {
			return 0, false
		}
		mant, exp = s[:i], e
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	exp -= len(frac)
	if digits == "" {
		return 0, true
	}
	for exp < 0 && strings.HasSuffix(digits, "0") {
		digits = digits[:len(digits)-1]
		exp++
	}
	if exp < 0 || len(digits)+exp > 19 {
		return 0, false
	}
	digits += strings.Repeat("0", exp)
	if neg {
		digits = "-" + digits
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// maxValueText caps the rejected value quoted back in an error.
const maxValueText = 128

// valueText is an argument value for Error.Value: a string's content or the JSON
// text of anything else, capped.
func valueText(raw json.RawMessage) string { return capText(jsonText(raw), maxValueText) }
