package order

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/tollgate/tollgate/runtime/gate"
)

// TestFloatGridIsWrong shows why the package never uses float64: for each vector, the
// float test math.Mod(v, step) == 0 gives the wrong answer, and Check the right one.
func TestFloatGridIsWrong(t *testing.T) {
	bnb, btc := rules(t, "BNBUSDT"), rules(t, "BTCUSDT") // tickSize 0.1; stepSize 0.00001
	tests := []struct {
		name      string
		r         *Rules
		o         Order
		v, step   string // the value and grid the float test sees
		wantOnGrd bool   // the truth
	}{
		{"price 0.3 on tick 0.1", bnb, limit(SideBuy, "17", "0.3"), "0.3", "0.1", true},
		{"price 243.3 on tick 0.1", bnb, limit(SideBuy, "1", "243.3"), "243.3", "0.1", true},
		{"quantity 0.00029 on step 0.00001", btc, limit(SideBuy, "0.00029", "40000"), "0.00029", "0.00001", true},
		{"quantity 0.7 on step 0.00001", btc, limit(SideSell, "0.7", "26000"), "0.7", "0.00001", true},
		// The other way round: the float rounds 1000000000.0000000001 to 1e9 and calls it
		// on BTTCUSDT's step of 1; it is not.
		{"quantity 1000000000.0000000001 off step 1", rules(t, "BTTCUSDT"), limit(SideBuy, "1000000000.0000000001", "0.00000001"), "1000000000.0000000001", "1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := strconv.ParseFloat(tt.v, 64)
			step, _ := strconv.ParseFloat(tt.step, 64)
			if floatOnGrid := math.Mod(v, step) == 0; floatOnGrid == tt.wantOnGrd {
				t.Fatalf("math.Mod(%s, %s) = %g: the float test is right here, so the vector shows nothing", tt.v, tt.step, math.Mod(v, step))
			}
			err := tt.r.Check(tt.o, Market{})
			if tt.wantOnGrd && err != nil {
				t.Fatalf("Check refused an on-grid value: %v", err)
			}
			if !tt.wantOnGrd && !errors.Is(err, ErrFilter) {
				t.Fatalf("Check accepted an off-grid value: %v", err)
			}
		})
	}
}

// TestFloatLosesMaxPosition: 92233720368.54775807 (LUNCBUSD's MAX_POSITION) and one unit
// of the last place more are the same float64; Check tells them apart.
func TestFloatLosesMaxPosition(t *testing.T) {
	a, _ := strconv.ParseFloat("92233720368.54775807", 64)
	b, _ := strconv.ParseFloat("92233720368.54775808", 64)
	if a != b {
		t.Fatalf("float64 distinguishes them; the vector shows nothing")
	}
	lunc := rules(t, "LUNCBUSD")
	o := marketQuote(SideBuy, "10")
	if err := lunc.Check(o, position("92233720368.54775807")); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	if err := lunc.Check(o, position("92233720368.54775808")); FailedFilter(err) != FilterMaxPosition {
		t.Fatalf("over the limit by 0.00000001: %v", err)
	}
}

// exponent matches a number written with an exponent: 1E-8, 9e+3, 1.5E3.
var exponent = regexp.MustCompile(`\d[eE][+-]?\d`)

// TestNoExponent: every value an error prints is fixed-point, for very small and very
// large values, even with the decimal package's global switched to scientific notation.
func TestNoExponent(t *testing.T) {
	btc, bttc, lunc := rules(t, "BTCUSDT"), rules(t, "BTTCUSDT"), rules(t, "LUNCBUSD")
	tests := []struct {
		name     string
		r        *Rules
		o        Order
		m        Market
		accepted string
	}{
		{"0.000000005 below 0.00000001", bttc, limit(SideBuy, "1000000000", "0.000000005"), Market{}, "0.00000001"},
		{"1e-9 below 0.00000001", bttc, limit(SideBuy, "1000000000", "1e-9"), Market{}, "0.00000001"},
		{"92233720368.5 above 92233720368", bttc, limit(SideSell, "92233720368.5", "0.00000001"), Market{}, "92233720368"},
		{"9000.00001 above 9000", btc, limit(SideSell, "9000.00001", "1000"), Market{}, "9000"},
		{"1E+4 above 9000", btc, limit(SideSell, "1E+4", "100"), Market{}, "9000"},
		{"1000000.01 above 1000000", btc, limit(SideSell, "0.001", "1000000.01"), Market{}, "1000000"},
		{"maxNotional 9000000", btc, limit(SideSell, "9000", "1001"), Market{}, "8991.00899"},
		{"maxPosition 92233720368.54775807", lunc, limit(SideBuy, "20368.55", "0.0003"), position("92233700000"), "20368.54"},
	}
	for _, sci := range []bool{false, true} {
		func() {
			// Not parallel: this flips a package global of the decimal package.
			old := decimal.UseScientificNotation
			decimal.UseScientificNotation = sci
			defer func() { decimal.UseScientificNotation = old }()
			for _, tt := range tests {
				t.Run(tt.name+"/sci="+strconv.FormatBool(sci), func(t *testing.T) {
					var e *gate.Error
					if !errors.As(tt.r.Check(tt.o, tt.m), &e) {
						t.Fatal("accepted")
					}
					for _, s := range []string{e.Message, e.Value, e.Accepted} {
						if exponent.MatchString(s) {
							t.Errorf("exponent in %q", s)
						}
					}
					if e.Accepted != tt.accepted {
						t.Errorf("Accepted = %q, want %q (%s)", e.Accepted, tt.accepted, e.Message)
					}
				})
			}
		}()
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0.00000001", "0.00000001"},
		{"1e-8", "0.00000001"},
		{"0.01000000", "0.01"},
		{"10.00000000", "10"},
		{"9E3", "9000"},
		{"92233720368.54775807", "92233720368.54775807"},
		{"92233720368.0", "92233720368"},
		{"0", "0"},
		{"-0.50", "-0.5"},
		{"0.00000000000000000001", "0.00000000000000000001"},
	}
	for _, tt := range tests {
		if got := format(decimal.RequireFromString(tt.in)); got != tt.want {
			t.Errorf("format(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
