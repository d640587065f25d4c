package binancetest

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRecording(t *testing.T) {
	s, clock := start(t)
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/api/v3/ticker/price?symbol=BTCUSDT&x=%20y", nil)
	req.Header.Set("X-MBX-APIKEY", "key-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	clock.Advance(2 * time.Second)
	do(t, http.MethodPost, s.URL()+"/api/v3/nope", "symbol=BTCUSDT&side=BUY")
	get(t, s, "/api/v3/depth?symbol=BTCUSDT")

	recs := s.Requests()
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	r := recs[0]
	if r.Method != "GET" || r.Path != "/api/v3/ticker/price" || r.RawQuery != "symbol=BTCUSDT&x=%20y" ||
		r.Header.Get("X-Mbx-Apikey") != "key-1" || !r.Time.Equal(t0) || r.Status != 400 || r.Weight != 2 {
		t.Errorf("first record %+v", r)
	}
	r = recs[1]
	if r.Method != "POST" || r.Path != "/api/v3/nope" || r.Body != "symbol=BTCUSDT&side=BUY" || !r.Time.Equal(t0.Add(2*time.Second)) || r.Status != 404 {
		t.Errorf("second record %+v", r)
	}
	if s.CountRequests("/api/v3/depth") != 1 || s.CountRequests("/api/v3/ping") != 0 {
		t.Error("CountRequests")
	}

	recs[0].Header.Set("X-Mbx-Apikey", "changed")
	recs[0].Path = "changed"
	if again := s.Requests()[0]; again.Header.Get("X-Mbx-Apikey") != "key-1" || again.Path != "/api/v3/ticker/price" {
		t.Error("Requests does not return a copy")
	}

	s.Reset()
	if len(s.Requests()) != 0 || s.CountRequests("/api/v3/depth") != 0 {
		t.Error("Reset kept records")
	}
	if s.UsedWeight() != 7 {
		t.Errorf("Reset changed the used weight to %d", s.UsedWeight())
	}
}

// TestConcurrentRequests hammers the stand-in; run with -race.
func TestConcurrentRequests(t *testing.T) {
	s, clock := start(t)
	const workers, each = 8, 20
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				switch (w + i) % 4 {
				case 0:
					resp, err := http.Get(s.URL() + "/api/v3/ping")
					if err != nil {
						t.Error(err)
						continue
					}
					resp.Body.Close()
				case 1:
					s.Requests()
				case 2:
					_ = s.AddFault(Fault{Kind: FaultServerError, Path: "/api/v3/none"})
				case 3:
					clock.Now()
					s.UsedWeight()
				}
			}
		}()
	}
	wg.Wait()
	n := s.CountRequests("/api/v3/ping")
	if n != workers*each/4 || s.UsedWeight() != n {
		t.Errorf("%d pings recorded, weight %d", n, s.UsedWeight())
	}
}

func TestLog(t *testing.T) {
	var b strings.Builder
	var mu sync.Mutex
	s, _ := start(t, WithLog(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return b.Write(p)
	})))
	_ = s.AddFault(Fault{Kind: FaultRateLimited, Path: "/api/v3/time"})
	get(t, s, "/api/v3/depth?symbol=BTCUSDT&limit=5")
	get(t, s, "/api/v3/time")
	mu.Lock()
	defer mu.Unlock()
	want := "binance-standin: GET /api/v3/depth?symbol=BTCUSDT&limit=5 200 weight=5\n" +
		"binance-standin: GET /api/v3/time 429 weight=0 fault=rate_limited\n"
	if b.String() != want {
		t.Errorf("log\n%s\nwant\n%s", b.String(), want)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
