package toolsdk_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/guest/toolsdk"
	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
)

// Each rejected input of ParseDecimal stands next to the nearest input it accepts. want
// is the value's String(); wantErr the sentinel of a refusal.
func TestParseDecimal(t *testing.T) {
	atCap := "1." + strings.Repeat("0", toolsdk.MaxDecimalLen-2)
	tests := []struct {
		name, in, want string
		wantErr        error
	}{
		{"price", "65861.65000000", "65861.65", nil},
		{"small", "0.00001000", "0.00001", nil},
		{"negative", "-1", "-1", nil},
		{"exponent", "2.5e-3", "0.0025", nil},
		{"upper-case exponent", "1E2", "100", nil},
		{"leading zeros", "007", "7", nil},
		{"negative zero", "-0", "0", nil},
		{"beyond float64", "4999.9999999999999999", "4999.9999999999999999", nil},

		{"empty", "", "", toolsdk.ErrDecimalSyntax},
		{"nearest to empty", "0", "0", nil},
		{"over the length cap", atCap + "0", "", toolsdk.ErrDecimalLength},
		{"at the length cap", atCap, "1", nil},
		{"far over the length cap", strings.Repeat("9", 1<<20), "", toolsdk.ErrDecimalLength},
		{"exponent over the cap", "1e41", "", toolsdk.ErrDecimalExponent},
		{"exponent at the cap", "1e40", "1" + strings.Repeat("0", 40), nil},
		{"signed exponent over the cap", "1e+41", "", toolsdk.ErrDecimalExponent},
		{"signed exponent at the cap", "1e+40", "1" + strings.Repeat("0", 40), nil},
		{"negative exponent over the cap", "1e-41", "", toolsdk.ErrDecimalExponent},
		{"negative exponent at the cap", "1e-40", "0." + strings.Repeat("0", 39) + "1", nil},
		{"padded exponent over the cap", "1e0041", "", toolsdk.ErrDecimalExponent},
		{"padded exponent at the cap", "1e0040", "1" + strings.Repeat("0", 40), nil},
		{"exponent beyond int", "1e99999999999999999999", "", toolsdk.ErrDecimalExponent},
		{"exponent of a billion", "1e999999999", "", toolsdk.ErrDecimalExponent},
		{"plus sign", "+1", "", toolsdk.ErrDecimalSyntax},
		{"nearest to plus sign", "1", "1", nil},
		{"two minus signs", "--1", "", toolsdk.ErrDecimalSyntax},
		{"minus alone", "-", "", toolsdk.ErrDecimalSyntax},
		{"nearest to minus alone", "-0", "0", nil},
		{"Unicode minus", "\u22121", "", toolsdk.ErrDecimalSyntax},
		{"nearest to Unicode minus", "-1", "-1", nil},
		{"leading point", ".5", "", toolsdk.ErrDecimalSyntax},
		{"nearest to leading point", "0.5", "0.5", nil},
		{"trailing point", "5.", "", toolsdk.ErrDecimalSyntax},
		{"nearest to trailing point", "5.0", "5", nil},
		{"point before exponent", "1.e5", "", toolsdk.ErrDecimalSyntax},
		{"nearest to point before exponent", "1.0e5", "100000", nil},
		{"two points", "1.2.3", "", toolsdk.ErrDecimalSyntax},
		{"decimal comma", "1,5", "", toolsdk.ErrDecimalSyntax},
		{"nearest to decimal comma", "1.5", "1.5", nil},
		{"no exponent digits", "1e", "", toolsdk.ErrDecimalSyntax},
		{"nearest to no exponent digits", "1e0", "1", nil},
		{"exponent sign alone", "1e+", "", toolsdk.ErrDecimalSyntax},
		{"nearest to exponent sign alone", "1e+0", "1", nil},
		{"two exponent signs", "1e+-5", "", toolsdk.ErrDecimalSyntax},
		{"nearest to two exponent signs", "1e-5", "0.00001", nil},
		{"two exponents", "1e5e3", "", toolsdk.ErrDecimalSyntax},
		{"two upper-case exponents", "1E5E3", "", toolsdk.ErrDecimalSyntax},
		{"mixed exponents", "1E5e3", "", toolsdk.ErrDecimalSyntax},
		{"no mantissa", "e5", "", toolsdk.ErrDecimalSyntax},
		{"nearest to no mantissa", "1e5", "100000", nil},
		{"fraction", "1/3", "", toolsdk.ErrDecimalSyntax},
		{"hexadecimal", "0x10", "", toolsdk.ErrDecimalSyntax},
		{"nearest to hexadecimal", "16", "16", nil},
		{"binary exponent", "0x1p4", "", toolsdk.ErrDecimalSyntax},
		{"underscore", "1_000", "", toolsdk.ErrDecimalSyntax},
		{"nearest to underscore", "1000", "1000", nil},
		{"leading space", " 1", "", toolsdk.ErrDecimalSyntax},
		{"trailing space", "1 ", "", toolsdk.ErrDecimalSyntax},
		{"trailing newline", "1\n", "", toolsdk.ErrDecimalSyntax},
		{"NUL", "1\x00", "", toolsdk.ErrDecimalSyntax},
		{"NaN", "NaN", "", toolsdk.ErrDecimalSyntax},
		{"Inf", "Inf", "", toolsdk.ErrDecimalSyntax},
		{"Infinity", "-Infinity", "", toolsdk.ErrDecimalSyntax},
		{"full-width digit", "１", "", toolsdk.ErrDecimalSyntax},
		{"JSON string", `"1"`, "", toolsdk.ErrDecimalSyntax},
		{"invalid UTF-8", "1\xff", "", toolsdk.ErrDecimalSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := toolsdk.ParseDecimal(tt.in)
			if tt.wantErr == nil {
				if err != nil || d.String() != tt.want {
					t.Fatalf("ParseDecimal(%q) = %s, %v; want %s", tt.in, d, err, tt.want)
				}
				return
			}
			var de *toolsdk.DecimalError
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &de) {
				t.Fatalf("ParseDecimal(%q) = %s, %v; want %v", tt.in, d, err, tt.wantErr)
			}
			checkDecimalError(t, tt.in, de)
			if !d.IsZero() {
				t.Errorf("a refused value is %s, not zero", d)
			}
		})
	}
}

// checkDecimalError: the error says what was wrong, shows the value cut to the bound,
// and says what is accepted.
func checkDecimalError(t *testing.T, in string, de *toolsdk.DecimalError) {
	t.Helper()
	if len(de.Value) > toolsdk.MaxDecimalLen || de.Reason == "" {
		t.Errorf("value %q (%d bytes), reason %q", de.Value, len(de.Value), de.Reason)
	}
	if len(in) <= toolsdk.MaxDecimalLen && de.Value != in ||
		len(in) > toolsdk.MaxDecimalLen && !strings.HasPrefix(in, strings.TrimSuffix(de.Value, "…")) {
		t.Errorf("value %q is not %q, or its start", de.Value, in)
	}
	if msg := de.Error(); !strings.Contains(msg, strconv.Quote(de.Value)) || !strings.Contains(msg, de.Reason) ||
		!strings.HasSuffix(msg, toolsdk.AcceptedDecimal) {
		t.Errorf("message %q", msg)
	}
}

func TestDecimalErrorReasons(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "is empty",
		"1e41":                   "has the exponent 41; it may be from -40 to 40",
		"1e-99":                  "has the exponent -99; it may be from -40 to 40",
		strings.Repeat("1", 100): "is 100 bytes long; at most 64 are accepted",
		"+1":                     "is not a plain decimal",
	} {
		_, err := toolsdk.ParseDecimal(in)
		var de *toolsdk.DecimalError
		if !errors.As(err, &de) || de.Reason != want {
			t.Errorf("ParseDecimal(%q): %v; want reason %q", in, err, want)
		}
	}
	// AcceptedDecimal states the bounds the parser enforces.
	for _, bound := range []string{strconv.Itoa(toolsdk.MaxDecimalLen) + " characters",
		"e-" + strconv.Itoa(toolsdk.MaxDecimalExponent), "e" + strconv.Itoa(toolsdk.MaxDecimalExponent) + ")"} {
		if !strings.Contains(toolsdk.AcceptedDecimal, bound) {
			t.Errorf("AcceptedDecimal does not say %q: %s", bound, toolsdk.AcceptedDecimal)
		}
	}
}

func init() {
	toolsdk.Register(toolsdk.Tool{
		Name:        "test_decimal",
		Description: "Returns its price argument, read with Call.Decimal.",
		Input:       toolsdk.Object(toolsdk.Number("price", "")),
		Annotations: readOnly,
		Handler: func(c *toolsdk.Call) (any, error) {
			d, err := c.Decimal("price")
			if err != nil {
				return nil, err
			}
			return d.String(), nil
		},
	})
}

func TestCallDecimal(t *testing.T) {
	h := toolsdktest.NewHost()
	for args, want := range map[string]string{
		`{"price":"65861.65000000"}`: `"65861.65"`,
		`{"price":2.5e-3}`:           `"0.0025"`,
		`{"price":1e40}`:             `"1` + strings.Repeat("0", 40) + `"`,
		`{}`:                         `"0"`, // absent, no default
	} {
		res := call(t, h, "test_decimal", json.RawMessage(args))
		if res.Err != nil || string(res.Data) != want {
			t.Errorf("%s: %s, %+v; want %s", args, res.Data, res.Err, want)
		}
	}
	long := "1." + strings.Repeat("0", 200)
	for args, value := range map[string]string{
		`{"price":1e41}`:           "1e41",
		`{"price":"` + long + `"}`: long[:toolsdk.MaxDecimalLen-len("…")] + "…",
		`{"price":"1e999999999"}`:  "1e999999999",
		`{"price":"not a number"}`: `not a number`, // Number's own refusal
		`{"price":[1]}`:            `[1]`,
	} {
		res := call(t, h, "test_decimal", json.RawMessage(args))
		if res.Err == nil || res.Err.Type != toolsdk.TypeValidation || res.Err.Field != "price" ||
			res.Err.Value != value || res.Err.Message == "" {
			t.Errorf("%s: %s; want a validation_error on price with value %q", args, res.Output, value)
		}
		if strings.HasPrefix(value, "1") && res.Err != nil && res.Err.Accepted != toolsdk.AcceptedDecimal {
			t.Errorf("%s: accepted %q", args, res.Err.Accepted)
		}
	}
}

// plainDecimal is ParseDecimal's grammar, written independently of it.
var plainDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE]([+-]?[0-9]+))?$`)

// FuzzParseDecimal: no panic; ParseDecimal accepts exactly the plain decimals within its
// bounds, reads them as math/big does, and refuses the rest with a *DecimalError that
// carries at most MaxDecimalLen bytes of the input.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"65861.65000000", "0.00001000", "-1", "2.5e-3", "1E+40", "1e-41", "007", "-0",
		"", "+1", ".5", "5.", "1e", "1e+-5", "0x10", "NaN", "\u22121", "１", "1e99999999999999999999",
		strings.Repeat("9", toolsdk.MaxDecimalLen), strings.Repeat("9", toolsdk.MaxDecimalLen+1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := toolsdk.ParseDecimal(s)
		m := plainDecimal.FindStringSubmatch(s)
		inBounds := m != nil && len(s) <= toolsdk.MaxDecimalLen
		if inBounds && m[3] != "" {
			e, aerr := strconv.Atoi(m[3])
			inBounds = aerr == nil && -toolsdk.MaxDecimalExponent <= e && e <= toolsdk.MaxDecimalExponent
		}
		if err != nil {
			var de *toolsdk.DecimalError
			if !errors.As(err, &de) || !d.IsZero() {
				t.Fatalf("ParseDecimal(%q) = %s, %#v", s, d, err)
			}
			if inBounds {
				t.Fatalf("ParseDecimal(%q) refused a plain decimal within bounds: %v", s, err)
			}
			if len(de.Value) > toolsdk.MaxDecimalLen || utf8.ValidString(s) && !utf8.ValidString(de.Value) {
				t.Fatalf("value %q of %q", de.Value, s)
			}
			return
		}
		if !inBounds {
			t.Fatalf("ParseDecimal(%q) = %s, want refused", s, d)
		}
		want, ok := new(big.Rat).SetString(s)
		if !ok || want.Cmp(d.Rat()) != 0 {
			t.Fatalf("ParseDecimal(%q) = %s, want %v", s, d, want)
		}
		// The bounds bound the digits: at most MaxDecimalLen of them, scaled by at most
		// MaxDecimalExponent + MaxDecimalLen places.
		if d.NumDigits() > toolsdk.MaxDecimalLen || d.Exponent() > toolsdk.MaxDecimalExponent ||
			d.Exponent() < -toolsdk.MaxDecimalExponent-toolsdk.MaxDecimalLen {
			t.Fatalf("ParseDecimal(%q): %d digits, exponent %d", s, d.NumDigits(), d.Exponent())
		}
	})
}

func ExampleParseDecimal() {
	bid, _ := toolsdk.ParseDecimal("65861.65000000")
	ask, _ := toolsdk.ParseDecimal("65861.66000000")
	spread := ask.Sub(bid)
	// In basis points of the bid, rounded half away from zero to 4 places.
	fmt.Println(spread, spread.Mul(decimal.NewFromInt(10000)).DivRound(bid, 4))

	_, err := toolsdk.ParseDecimal("1e999999999")
	fmt.Println(errors.Is(err, toolsdk.ErrDecimalExponent))
	var de *toolsdk.DecimalError
	if errors.As(err, &de) {
		fmt.Println(de.Value, de.Reason)
	}
	// Output:
	// 0.01 0.0015
	// true
	// 1e999999999 has the exponent 999999999; it may be from -40 to 40
}
