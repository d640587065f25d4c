package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// dec reads a decimal the way the tools do; the parser itself is tested in guest/toolsdk.
func dec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := toolsdk.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBps(t *testing.T) {
	tests := []struct {
		part, whole, want string
	}{
		// The BTCUSDT book of the stand-in: spread 0.01 at mid 65861.655 is 0.001518… bp.
		{"0.01", "65861.655", "0.0015"},
		{"-12.12236077", "65873.77736077", "-1.8402"},
		{"1", "100", "100"},
		// Half a unit of the last place rounds away from zero; just under it, toward.
		{"0.000000005", "1", "0.0001"},
		{"-0.000000005", "1", "-0.0001"},
		{"0.0000000049999", "1", "0"},
		{"-0.0000000049999", "1", "0"}, // no "-0"
		// A quotient without a finite expansion is rounded, not cut forever.
		{"1", "3", "3333.3333"},
		{"2", "3", "6666.6667"},
	}
	for _, tt := range tests {
		got, ok := bps(dec(t, tt.part), dec(t, tt.whole))
		if !ok || got != tt.want {
			t.Errorf("bps(%s, %s) = %s, %v; want %s", tt.part, tt.whole, got, ok, tt.want)
		}
	}
	if _, ok := bps(dec(t, "1"), dec(t, "0")); ok {
		t.Error("bps of a zero whole: want false")
	}
}

// The LOT_SIZE grid: each case pairs a value the filter refuses with the nearest one it
// accepts.
func TestFloorToGrid(t *testing.T) {
	tests := []struct {
		name, num, den, min, step string
		want                      string // "" = below min
	}{
		{"BTCUSDT: cut to the step", "0.18359943010736", "1", "0.00001", "0.00001", "0.18359"},
		{"BTCUSDT: on the grid stays", "0.18359", "1", "0.00001", "0.00001", "0.18359"},
		{"BTCUSDT: one step under the next", "0.18359999999", "1", "0.00001", "0.00001", "0.18359"},
		{"BTCUSDT: below minQty", "0.00000999", "1", "0.00001", "0.00001", ""},
		{"BTCUSDT: exactly minQty", "0.00001", "1", "0.00001", "0.00001", "0.00001"},
		{"grid anchored at minQty", "0.34", "1", "0.15", "0.1", "0.25"},
		{"grid anchored at minQty, next point", "0.35", "1", "0.15", "0.1", "0.35"},
		{"no step", "0.123456789", "1", "0", "0", "0.123456789"},
		{"zero minQty rounds to zero", "0.000009", "1", "0", "0.00001", "0"},
		// A quotient is never rounded before it goes on the grid: 250 / 1361.66 is
		// 0.1835994301…, and 0.35 / 1 just under a grid point stays under it.
		{"quotient: cut to the step", "250", "1361.66", "0.00001", "0.00001", "0.18359"},
		{"quotient: maxNotional / entry", "9000000", "65000", "0.00001", "0.00001", "138.46153"},
		{"quotient just under a grid point", "0.69999999999999999999", "2", "0.15", "0.1", "0.25"},
		{"quotient on a grid point", "0.7", "2", "0.15", "0.1", "0.35"},
		{"quotient below minQty", "0.00001", "1.000001", "0.00001", "0.00001", ""},
		{"quotient, no step: cut to 18 decimals", "2", "3", "0", "0", "0.666666666666666666"},
	}
	for _, tt := range tests {
		got, ok := floorToGrid(dec(t, tt.num), dec(t, tt.den), dec(t, tt.min), dec(t, tt.step))
		switch {
		case tt.want == "" && ok:
			t.Errorf("%s: floorToGrid = %s, want below min", tt.name, got)
		case tt.want != "" && (!ok || got.String() != tt.want):
			t.Errorf("%s: floorToGrid = %s, %v; want %s", tt.name, got, ok, tt.want)
		}
	}
}

func TestCeilToGrid(t *testing.T) {
	tests := []struct{ num, den, min, step, want string }{
		{"0.000153846", "1", "0.00001", "0.00001", "0.00016"},
		{"10", "65000", "0.00001", "0.00001", "0.00016"}, // 10 USDT at 65000: 0.000153846…
		{"0.00016", "1", "0.00001", "0.00001", "0.00016"},
		{"10.4", "65000", "0.00001", "0.00001", "0.00016"}, // exactly on the grid
		{"0.000001", "1", "0.00001", "0.00001", "0.00001"}, // never under minQty
		{"0.26", "1", "0.15", "0.1", "0.35"},
		{"0.3", "1", "0", "0", "0.3"},
		{"2", "3", "0", "0", "0.666666666666666667"}, // no step: rounded up to 18 decimals
	}
	for _, tt := range tests {
		if got := ceilToGrid(dec(t, tt.num), dec(t, tt.den), dec(t, tt.min), dec(t, tt.step)); got.String() != tt.want {
			t.Errorf("ceilToGrid(%s / %s, %s, %s) = %s, want %s", tt.num, tt.den, tt.min, tt.step, got, tt.want)
		}
	}
}

func TestAnswerDecimal(t *testing.T) {
	if d, err := answerDecimal("book_ticker", "bidPrice", "BTCUSDT", "65861.65000000"); err != nil || d.String() != "65861.65" {
		t.Fatalf("%s, %v", d, err)
	}
	_, err := answerDecimal("book_ticker", "bidPrice", "BTCUSDT", "1e999999999")
	want := `unexpected book_ticker answer from the exchange: bidPrice of BTCUSDT: decimal "1e999999999" has the exponent 999999999`
	var e *toolsdk.Error
	if !errors.As(err, &e) || e.Type != toolsdk.TypeGuest || !strings.HasPrefix(e.Message, want) {
		t.Fatalf("%#v", err)
	}
}
