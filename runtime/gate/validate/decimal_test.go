package validate

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Each rule of Decimal has a rejected input and the nearest accepted one. want is the
// wire form: fixed point, never an exponent.
func TestDecimal(t *testing.T) {
	tests := []struct {
		name, in, want string // want "" = rejected
	}{
		{"string", `"0.001"`, "0.001"},
		{"number", `0.001`, "0.001"},
		{"exponent number is expanded", `3e-05`, "0.00003"},
		{"upper-case exponent", `1E+3`, "1000"},
		{"trailing zeros dropped", `"1.50000000"`, "1.5"},
		{"smallest Binance step", `"0.00000001"`, "0.00000001"},
		{"large", `"92233720368.54775807"`, "92233720368.54775807"},
		{"20 integer digits", `"99999999999999999999"`, "99999999999999999999"},
		{"21 integer digits", `"100000000000000000000"`, ""},
		{"20 fraction digits", `"0.00000000000000000001"`, "0.00000000000000000001"},
		{"21 fraction digits", `"0.000000000000000000001"`, ""},
		{"exponent at the bound", `1e-20`, "0.00000000000000000001"},
		{"exponent too large", `1e400`, ""},
		{"exponent huge", `1e999999999`, ""},
		{"beyond float64 precision stays exact", `4999.9999999999999999`, "4999.9999999999999999"},
		{"zero", `0`, ""},
		{"zero string", `"0.000"`, ""},
		{"negative", `-1`, ""},
		{"negative string", `"-0.5"`, ""},
		{"plus sign is dropped", `"+1"`, "1"},
		{"empty string", `""`, ""},
		{"NaN", `"NaN"`, ""},
		{"Infinity", `"Infinity"`, ""},
		{"exponent in a string", `"1e5"`, ""},
		{"hex", `"0x10"`, ""},
		{"leading dot", `".5"`, ""},
		{"trailing dot", `"5."`, ""},
		{"comma decimal", `"0,5"`, ""},
		{"space", `" 1"`, ""},
		{"boolean", `true`, ""},
		{"object", `{}`, ""},
		{"null", `null`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Decimal("quantity", json.RawMessage(tc.in))
			if tc.want == "" {
				var ge *gate.Error
				if !errors.As(err, &ge) || ge.Type != gate.TypeValidation || ge.Field != "quantity" || ge.Accepted == "" {
					t.Fatalf("Decimal(%s) = %s, %v; want a validation_error on quantity", tc.in, d, err)
				}
				return
			}
			if err != nil || d.String() != tc.want {
				t.Fatalf("Decimal(%s) = %q, %v; want %q", tc.in, d.String(), err, tc.want)
			}
		})
	}
}

// FuzzDecimal: no panic; an accepted value is positive, prints without an exponent within
// Binance's 20+20 digits, and reads back to itself.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{`"0.001"`, `3e-05`, `1e400`, `"NaN"`, `-0`, `"00001.10"`, `0.1`, `1E+20`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := Decimal("price", json.RawMessage(in))
		if err != nil {
			var ge *gate.Error
			if !errors.As(err, &ge) || ge.Field != "price" {
				t.Fatalf("error %#v", err)
			}
			return
		}
		s := d.String()
		if d.Sign() <= 0 || strings.ContainsAny(s, "eE+-") {
			t.Fatalf("accepted %q as %q", in, s)
		}
		back, err := Decimal("price", json.RawMessage(`"`+s+`"`))
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q does not read back: %v", s, err)
		}
	})
}

func TestBooleanAndClientID(t *testing.T) {
	for _, tc := range []struct {
		kind, in string
		ok       bool
	}{
		{"bool", `true`, true}, {"bool", `"false"`, true},
		{"bool", `1`, false}, {"bool", `"yes"`, false}, {"bool", `"True"`, false},
		{"id", `"my-order_1"`, true}, {"id", `"` + strings.Repeat("a", 36) + `"`, true},
		{"id", `"` + strings.Repeat("a", 37) + `"`, false}, {"id", `""`, false},
		{"id", `"my.order"`, false}, {"id", `"a b"`, false}, {"id", `"ordér"`, false}, {"id", `12`, false},
	} {
		var err error
		if tc.kind == "bool" {
			_, err = boolean("omitZeroBalances", json.RawMessage(tc.in))
		} else {
			_, err = clientID("newClientOrderId", json.RawMessage(tc.in))
		}
		var ge *gate.Error
		if tc.ok != (err == nil) || (err != nil && (!errors.As(err, &ge) || ge.Accepted == "")) {
			t.Errorf("%s %s: err %v, want ok=%v", tc.kind, tc.in, err, tc.ok)
		}
	}
}
