package toolsdk

import (
	"encoding/json"
	"testing"
)

func TestExactInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"-0", 0, true},
		{"100", 100, true},
		{"100.0", 100, true},
		{"1e2", 100, true},
		{"1E+2", 100, true},
		{"12.5e1", 125, true},
		{"1000e-1", 100, true},
		{"0.0e5", 0, true},
		{"-5000", -5000, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"-9223372036854775808", -9223372036854775808, true},
		{"9223372036854775808", 0, false},
		{"1e19", 0, false},
		{"100.5", 0, false},
		{"1e-1", 0, false},
		{"1e999999", 0, false},
	}
	for _, tt := range tests {
		got, ok := exactInt(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("exactInt(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRawValues(t *testing.T) {
	for _, tt := range []struct {
		raw  string
		want json.Number
		ok   bool
	}{
		{`0.00000001`, "0.00000001", true},
		{`"0.00000001"`, "0.00000001", true},
		{`1e-7`, "1e-7", true},
		{`"65861.66000000"`, "65861.66000000", true},
		{`""`, "", false},
		{`" 1"`, "", false},
		{`"1,5"`, "", false},
		{`null`, "", false},
		{`true`, "", false},
	} {
		got, err := rawNumber(json.RawMessage(tt.raw))
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("rawNumber(%s) = %q, %v; want %q, ok %v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
	if _, err := rawInt(json.RawMessage(`"100"`)); err == nil {
		t.Error(`rawInt("100") accepted a string`)
	}
	if _, err := rawString(json.RawMessage(`5`)); err == nil {
		t.Error("rawString(5) accepted a number")
	}
}

func TestCapText(t *testing.T) {
	s := "ééééé" // 2 bytes each
	if got := capText(s, 6); got != "é…" {
		t.Errorf("capText = %q", got)
	}
	if got := capText("short", 10); got != "short" {
		t.Errorf("capText = %q", got)
	}
}
