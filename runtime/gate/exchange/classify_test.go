package exchange

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   time.Duration
	}{
		{"30", 30 * time.Second},
		{"0", 0},
		{"259200", MaxRetryAfter},                      // exactly three days
		{"259201", MaxRetryAfter},                      // over: capped
		{"10000000000", MaxRetryAfter},                 // would overflow into a negative Duration
		{"99999999999999999999", MaxRetryAfter},        // over int64
		{"-5", time.Minute},                            // nonsense: the safe default
		{"-99999999999999999999", time.Minute},         //
		{"", time.Minute},                              // missing
		{"Wed, 21 Oct 2026 07:28:00 GMT", time.Minute}, // HTTP-date: Binance sends seconds
	} {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		if got := RetryAfter(h); got != tt.want {
			t.Errorf("Retry-After %q: %s, want %s", tt.header, got, tt.want)
		}
	}
}
