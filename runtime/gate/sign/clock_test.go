package sign

import (
	"errors"
	"sync"
	"testing"
	"time"
)

var t0 = time.UnixMilli(1_700_000_000_000) // local time of the first sample

func TestClockResync(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name       string
		server     int64         // serverTime in the reply
		sent, recv time.Duration // since t0, local
		margin     time.Duration
		wantOffset time.Duration
		now        time.Duration // since t0, local
		wantTS     int64
	}{
		{"clocks agree, instant reply", t0.UnixMilli(), 0, 0, -1, 0, 0, t0.UnixMilli()},
		{"clocks agree, 100 ms rtt", t0.UnixMilli() + 50, 0, 100 * ms, -1, 0, 100 * ms, t0.UnixMilli() + 50},
		{"server 2 s ahead", t0.UnixMilli() + 2000 + 20, 0, 40 * ms, -1, 2000 * ms, 40 * ms, t0.UnixMilli() + 2020},
		{"server 3 s behind", t0.UnixMilli() - 3000 + 10, 0, 20 * ms, -1, -3000 * ms, 1000 * ms, t0.UnixMilli() - 3000 + 990},
		{"default margin", t0.UnixMilli(), 0, 0, 0, 0, 0, t0.UnixMilli() - DefaultMargin.Milliseconds()},
		{"custom margin", t0.UnixMilli(), 0, 0, 7 * ms, 0, 0, t0.UnixMilli() - 7},
		{"sub-ms rounds down", t0.UnixMilli(), 0, 3 * time.Microsecond, -1, -1500 * time.Nanosecond, 999 * time.Microsecond, t0.UnixMilli() + 0},
		{"odd nanosecond rtt", t0.UnixMilli(), 0, 3, -1, -1, 2 * ms, t0.UnixMilli() + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Clock{Margin: tt.margin}
			off, err := c.Resync(tt.server, t0.Add(tt.sent), t0.Add(tt.recv))
			if err != nil || off != tt.wantOffset {
				t.Fatalf("Resync = %v, %v; want %v", off, err, tt.wantOffset)
			}
			if o, ok := c.Offset(); o != tt.wantOffset || !ok {
				t.Errorf("Offset = %v, %v", o, ok)
			}
			if got := c.Timestamp(t0.Add(tt.now)); got != tt.wantTS {
				t.Errorf("Timestamp = %d, want %d", got, tt.wantTS)
			}
		})
	}
}

// Whatever instant within the round trip the server read its clock at, the timestamp
// for any later moment is never ahead of the server's clock at that moment.
func TestClockNeverAhead(t *testing.T) {
	ms := time.Millisecond
	for _, skew := range []time.Duration{-5000 * ms, -1, 0, 1, 333 * ms, 90_000 * ms} {
		for _, rtt := range []time.Duration{0, 1, 999 * time.Microsecond, 7 * ms, 250 * ms, 3 * time.Second} {
			for _, at := range []float64{0, 0.25, 0.5, 0.999, 1} { // where in the round trip the server stamped
				stamp := t0.Add(time.Duration(float64(rtt) * at))
				server := stamp.Add(skew).UnixMilli() // Binance truncates to ms
				for _, m := range []time.Duration{-1, 0} {
					c := &Clock{Margin: m}
					if _, err := c.Resync(server, t0, t0.Add(rtt)); err != nil {
						t.Fatal(err)
					}
					for _, later := range []time.Duration{rtt, rtt + 1, rtt + 10*time.Second} {
						now := t0.Add(later)
						serverNow := now.Add(skew)
						if ts := c.Timestamp(now); time.UnixMilli(ts).After(serverNow) {
							t.Errorf("skew %v rtt %v at %v margin %v: ts %d ahead of server %d",
								skew, rtt, at, m, ts, serverNow.UnixMilli())
						}
					}
				}
			}
		}
	}
}

func TestClockBadSample(t *testing.T) {
	var c Clock
	for _, tt := range []struct {
		server     int64
		sent, recv time.Time
	}{
		{1, t0, t0.Add(-1)},
		{0, t0, t0},
		{-5, t0, t0},
	} {
		if _, err := c.Resync(tt.server, tt.sent, tt.recv); !errors.Is(err, ErrBadSample) {
			t.Errorf("Resync(%d, %v, %v) = %v, want ErrBadSample", tt.server, tt.sent, tt.recv, err)
		}
	}
	if _, ok := c.Offset(); ok {
		t.Error("bad samples marked the clock synced")
	}
	if got, want := c.Timestamp(t0), t0.Add(-DefaultMargin).UnixMilli(); got != want {
		t.Errorf("unsynced Timestamp = %d, want %d", got, want)
	}
}

func TestClockConcurrent(t *testing.T) {
	var c Clock
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				if i%2 == 0 {
					_, _ = c.Resync(t0.UnixMilli()+int64(j), t0, t0.Add(time.Millisecond))
				} else {
					_ = c.Timestamp(t0)
					_, _ = c.Offset()
				}
			}
		}()
	}
	wg.Wait()
}
