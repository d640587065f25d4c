package binancetest

import (
	"net/http"
	"testing"
	"time"
)

const msgLimit1200 = "Too much request weight used; current limit is 1200 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."

// TestWeightHeaders checks that used weight accumulates within a clock minute, errors
// included, and starts again at the next one.
func TestWeightHeaders(t *testing.T) {
	s, clock := start(t)
	steps := []struct {
		name    string
		advance time.Duration
		target  string
		want    int
	}{
		{"ping", 0, "/api/v3/ping", 1},
		{"depth 100", 0, "/api/v3/depth?symbol=BTCUSDT", 6},
		{"price", 0, "/api/v3/ticker/price?symbol=BTCUSDT", 8},
		{"an error is charged too", 0, "/api/v3/depth?symbol=NOPE&limit=500", 33},
		{"a 404 is not charged", 0, "/api/v3/nope", 33},
		{"last second of the minute", 49*time.Second + 999*time.Millisecond, "/api/v3/time", 34},
		{"next minute", time.Millisecond, "/api/v3/time", 1},
		{"depth 1000", 0, "/api/v3/depth?symbol=BTCUSDT&limit=1000", 51},
		{"two minutes later", 2 * time.Minute, "/api/v3/exchangeInfo?symbol=BTCUSDT", 20},
	}
	for _, st := range steps {
		clock.Advance(st.advance)
		a := get(t, s, st.target)
		used, used1m := weightHeaders(t, a)
		if used != st.want || used1m != st.want {
			t.Errorf("%s: X-MBX-USED-WEIGHT %d, -1M %d, want %d", st.name, used, used1m, st.want)
		}
	}
}

// TestWeightLimit sends real requests until the 1200 limit is passed.
func TestWeightLimit(t *testing.T) {
	s, clock := start(t)
	for i := range 60 { // 60 × 20 = 1200: at the limit, not over it
		if a := get(t, s, "/api/v3/exchangeInfo?symbol=ETHBTC"); a.status != http.StatusOK {
			t.Fatalf("request %d: status %d: %s", i, a.status, a.body)
		}
	}
	a := get(t, s, "/api/v3/ping")
	wantError(t, a, http.StatusTooManyRequests, -1003, msgLimit1200)
	if ra := a.header.Get("Retry-After"); ra != "50" {
		t.Errorf("Retry-After %q, want 50 (t0 is 06:53:10)", ra)
	}
	if used, _ := weightHeaders(t, a); used != 1201 {
		t.Errorf("used %d, want 1201", used)
	}
	clock.Advance(30 * time.Second)
	a = get(t, s, "/api/v3/ping")
	if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") != "20" {
		t.Errorf("30 s later: %d, Retry-After %q", a.status, a.header.Get("Retry-After"))
	}
	clock.Advance(20 * time.Second)
	a = get(t, s, "/api/v3/ping")
	if used, _ := weightHeaders(t, a); a.status != http.StatusOK || used != 1 {
		t.Errorf("next minute: status %d, used %d", a.status, used)
	}
	if n := s.CountRequests("/api/v3/ping"); n != 3 {
		t.Errorf("%d pings recorded, want 3 (refused ones too)", n)
	}
}

func TestSetUsedWeight(t *testing.T) {
	s, clock := start(t)
	s.SetUsedWeight(1195)
	if a := get(t, s, "/api/v3/depth?symbol=BTCUSDT&limit=100"); a.status != http.StatusOK {
		t.Fatalf("1195 + 5: status %d", a.status)
	}
	wantError(t, get(t, s, "/api/v3/ping"), http.StatusTooManyRequests, -1003, msgLimit1200)
	if s.UsedWeight() != 1201 {
		t.Errorf("UsedWeight %d", s.UsedWeight())
	}
	clock.Advance(time.Minute)
	if s.UsedWeight() != 0 {
		t.Errorf("UsedWeight %d after a minute", s.UsedWeight())
	}
}

func TestSecondsToNextMinute(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		at   time.Duration
		want int
	}{
		{0, 60},
		{time.Millisecond, 60},
		{10*time.Second + 500*time.Millisecond, 50},
		{59 * time.Second, 1},
		{59*time.Second + 999*time.Millisecond, 1},
	} {
		if got := secondsToNextMinute(base.Add(tc.at)); got != tc.want {
			t.Errorf("at +%v: %d, want %d", tc.at, got, tc.want)
		}
	}
	// Before 1970 the window still starts on the minute.
	if w := windowOf(time.UnixMilli(-1)); w != -60_000 {
		t.Errorf("window of -1 ms is %d", w)
	}
}
