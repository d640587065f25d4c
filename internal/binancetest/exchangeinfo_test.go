package binancetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

const infoFile = "exchangeInfo_spot_2023-08-13_full.json"

// TestExchangeInfoFull checks that the whole document is the recorded bytes, serverTime aside.
func TestExchangeInfoFull(t *testing.T) {
	s, _ := start(t)
	raw, err := os.ReadFile("testdata/" + infoFile)
	if err != nil {
		t.Fatal(err)
	}
	a := get(t, s, "/api/v3/exchangeInfo")
	if a.status != http.StatusOK {
		t.Fatalf("status %d", a.status)
	}
	now := []byte(`"serverTime":` + strconv.FormatInt(t0.UnixMilli(), 10) + `,`)
	recorded := []byte(`"serverTime":1691945251489,`)
	if !bytes.Contains(a.body, now) {
		t.Errorf("serverTime is not the clock's %s", now)
	}
	if !bytes.Equal(bytes.Replace(a.body, now, recorded, 1), raw) {
		t.Errorf("body (%d bytes) differs from the fixture (%d bytes) beyond serverTime", len(a.body), len(raw))
	}
	if used, _ := weightHeaders(t, a); used != 20 {
		t.Errorf("weight %d, want 20", used)
	}
}

func TestExchangeInfoFilters(t *testing.T) {
	s, _ := start(t)
	doc := obj(file(t, infoFile))
	all := list(doc["symbols"])
	bySymbol := map[string]any{}
	for _, sym := range all {
		bySymbol[obj(sym)["symbol"].(string)] = sym
	}
	count := func(keep func(map[string]any) bool) int {
		n := 0
		for _, sym := range all {
			if keep(obj(sym)) {
				n++
			}
		}
		return n
	}
	hasPerm := func(perms ...string) func(map[string]any) bool {
		return func(sym map[string]any) bool {
			for _, p := range list(sym["permissions"]) {
				if slices.Contains(perms, p.(string)) {
					return true
				}
			}
			return false
		}
	}
	q := url.QueryEscape
	tests := []struct {
		name, query string
		symbols     []string // exact symbols, in order
		count       int      // or only how many
	}{
		{"symbol", "symbol=ETHBTC", []string{"ETHBTC"}, 0},
		{"symbol of a BREAK pair", "symbol=BCCBTC", []string{"BCCBTC"}, 0},
		{"symbols, in the order asked", "symbols=" + q(`["BTCUSDT","BNBBTC"]`), []string{"BTCUSDT", "BNBBTC"}, 0},
		{"symbolStatus", "symbolStatus=BREAK", nil, 883},
		{"permissions, one", "permissions=MARGIN", nil, count(hasPerm("MARGIN"))},
		{"permissions, list", "permissions=" + q(`["MARGIN","LEVERAGED"]`), nil, count(hasPerm("MARGIN", "LEVERAGED"))},
		{"permissions and status", "permissions=SPOT&symbolStatus=TRADING", nil,
			count(func(m map[string]any) bool { return hasPerm("SPOT")(m) && m["status"] == "TRADING" })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := get(t, s, "/api/v3/exchangeInfo?"+tc.query)
			if a.status != http.StatusOK {
				t.Fatalf("status %d: %s", a.status, a.body)
			}
			got := obj(parse(t, a.body))
			for _, f := range []string{"timezone", "rateLimits", "exchangeFilters"} {
				if !reflect.DeepEqual(got[f], doc[f]) {
					t.Errorf("%s = %v, want the recorded %v", f, got[f], doc[f])
				}
			}
			syms := list(got["symbols"])
			if tc.symbols == nil {
				if len(syms) != tc.count {
					t.Errorf("%d symbols, want %d", len(syms), tc.count)
				}
				return
			}
			var want []any
			for _, name := range tc.symbols {
				want = append(want, bySymbol[name])
			}
			if !reflect.DeepEqual(syms, want) {
				t.Errorf("symbols %.300v, want the recorded objects of %v", syms, tc.symbols)
			}
		})
	}
}

func TestExchangeInfoErrors(t *testing.T) {
	s, _ := start(t)
	q := url.QueryEscape
	combo := "Combination of optional parameters invalid."
	for _, tc := range []struct {
		name, query string
		code        int
		msg         string
	}{
		{"unknown symbol", "symbol=NOPEUSDT", -1121, "Invalid symbol."},
		{"unknown in symbols", "symbols=" + q(`["BTCUSDT","NOPEUSDT"]`), -1121, "Invalid symbol."},
		{"symbol and symbols", "symbol=BTCUSDT&symbols=" + q(`["ETHBTC"]`), -1128, combo},
		{"symbol and symbolStatus", "symbol=BTCUSDT&symbolStatus=TRADING", -1128, combo},
		{"symbols and permissions", "symbols=" + q(`["ETHBTC"]`) + "&permissions=SPOT", -1128, combo},
		{"bad symbolStatus", "symbolStatus=CLOSED", -1122, "Invalid symbolStatus."},
		{"unknown parameter", "symbol=BTCUSDT&foo=1", -1104, "Not all sent parameters were read; read '1' parameter(s) but was sent '2'."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, get(t, s, "/api/v3/exchangeInfo?"+tc.query), http.StatusBadRequest, tc.code, tc.msg)
		})
	}
}

// TestWeightLimitOption checks that WithRequestWeightLimit changes what is served and enforced.
func TestWeightLimitOption(t *testing.T) {
	s, _ := start(t, WithRequestWeightLimit(6000))
	var doc struct {
		RateLimits []rateLimit `json:"rateLimits"`
	}
	if err := json.Unmarshal(get(t, s, "/api/v3/exchangeInfo?symbol=BTCUSDT").body, &doc); err != nil {
		t.Fatal(err)
	}
	want := []rateLimit{
		{"REQUEST_WEIGHT", "MINUTE", 1, 6000},
		{"ORDERS", "SECOND", 10, 50},
		{"ORDERS", "DAY", 1, 160000},
		{"RAW_REQUESTS", "MINUTE", 5, 6100},
	}
	if !reflect.DeepEqual(doc.RateLimits, want) {
		t.Errorf("rateLimits %v, want %v", doc.RateLimits, want)
	}
	if s.WeightLimit() != 6000 {
		t.Errorf("WeightLimit %d", s.WeightLimit())
	}
	s.SetUsedWeight(5999)
	if a := get(t, s, "/api/v3/ping"); a.status != http.StatusOK {
		t.Errorf("at 6000: status %d", a.status)
	}
	a := get(t, s, "/api/v3/ping")
	wantError(t, a, http.StatusTooManyRequests, -1003,
		"Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.")
	// The shared recorded document is untouched.
	if weightLimit(data().info.rateLimits) != 1200 || New().WeightLimit() != 1200 {
		t.Error("the option changed the shared document")
	}
}
