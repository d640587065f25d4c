package binancetest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// t0 is 06:53:10 UTC: 50 s before the next minute.
var t0 = time.Date(2026, 6, 15, 6, 53, 10, 0, time.UTC)

// start runs a stand-in on a manual clock set to t0.
func start(t *testing.T, opts ...Option) (*Server, *ManualClock) {
	t.Helper()
	clock := NewManualClock(t0)
	s := New(append([]Option{WithClock(clock.Now)}, opts...)...)
	s.Start()
	t.Cleanup(s.Close)
	return s, clock
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// get sends GET target (path and query) to s.
func get(t *testing.T, s *Server, target string) answer {
	t.Helper()
	return do(t, http.MethodGet, s.URL()+target, "")
}

func do(t *testing.T, method, url, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, b}
}

// parse decodes JSON with numbers kept as json.Number, so nothing is lost to float64.
func parse(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v: %.200s", err, b)
	}
	return v
}

// file parses a file of testdata/ (read from disk, not through the embedded copy). A
// data.binance.vision CSV becomes the JSON rows GET /api/v3/klines sends.
func file(t *testing.T, name string) any {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(name, ".csv") {
		return parse(t, b)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []any
	for _, rec := range recs {
		var row []any
		for i, f := range rec {
			if i == 0 || i == 6 || i == 8 {
				row = append(row, json.Number(f))
			} else {
				row = append(row, f)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func list(v any) []any { return v.([]any) }

func obj(v any) map[string]any { return v.(map[string]any) }

// wantJSON fails unless the answer is 200 with JSON equal to want.
func wantJSON(t *testing.T, a answer, want any) {
	t.Helper()
	if a.status != http.StatusOK {
		t.Fatalf("status %d: %s", a.status, a.body)
	}
	if ct := a.header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if got := parse(t, a.body); !reflect.DeepEqual(got, want) {
		t.Errorf("body\n got %.600s\nwant %.600s", a.body, mustJSON(want))
	}
}

// wantError fails unless the answer is status with Binance's body {"code":code,"msg":msg}.
func wantError(t *testing.T, a answer, status, code int, msg string) {
	t.Helper()
	if a.status != status {
		t.Errorf("status %d, want %d: %s", a.status, status, a.body)
	}
	want := `{"code":` + strconv.Itoa(code) + `,"msg":` + string(mustJSONNoEscape(msg)) + `}`
	if string(a.body) != want {
		t.Errorf("body\n got %s\nwant %s", a.body, want)
	}
}

func mustJSONNoEscape(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func weightHeaders(t *testing.T, a answer) (used, used1m int) {
	t.Helper()
	u, err1 := strconv.Atoi(a.header.Get("X-MBX-USED-WEIGHT"))
	u1, err2 := strconv.Atoi(a.header.Get("X-MBX-USED-WEIGHT-1M"))
	if err1 != nil || err2 != nil {
		t.Fatalf("weight headers missing: %v", a.header)
	}
	return u, u1
}
