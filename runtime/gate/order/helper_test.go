package order

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/tollgate/tollgate/runtime/gate"
)

// Fixtures: real exchangeInfo answers. The 2023 file is the stand-in's, read in place so
// that the tests and the stand-in see the same rules.
const (
	fixture2023 = "../../../internal/binancetest/testdata/exchangeInfo_spot_2023-08-13_full.json"
	fixture2021 = "testdata/exchangeInfo_spot_2021-10-22.json"
)

type exchangeInfo struct {
	Symbols []json.RawMessage `json:"symbols"`
}

// loadFixture reads and splits one exchangeInfo file once per test binary.
var loadFixture = func() func(path string) (map[string]json.RawMessage, []string, error) {
	var mu sync.Mutex
	cache := map[string]map[string]json.RawMessage{}
	order := map[string][]string{}
	return func(path string) (map[string]json.RawMessage, []string, error) {
		mu.Lock()
		defer mu.Unlock()
		if m, ok := cache[path]; ok {
			return m, order[path], nil
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		var info exchangeInfo
		if err := json.Unmarshal(body, &info); err != nil {
			return nil, nil, err
		}
		m := make(map[string]json.RawMessage, len(info.Symbols))
		for _, raw := range info.Symbols {
			var s struct {
				Symbol string `json:"symbol"`
			}
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, nil, err
			}
			m[s.Symbol] = raw
			order[path] = append(order[path], s.Symbol)
		}
		cache[path] = m
		return m, order[path], nil
	}
}()

// rawSymbol returns a symbol's object from a fixture, exactly as Binance sent it.
func rawSymbol(t testing.TB, path, symbol string) json.RawMessage {
	t.Helper()
	m, _, err := loadFixture(path)
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	raw, ok := m[symbol]
	if !ok {
		t.Fatalf("%s: no symbol %s", path, symbol)
	}
	return raw
}

// rules parses a symbol of the 2023 fixture.
func rules(t testing.TB, symbol string) *Rules {
	t.Helper()
	return parse(t, rawSymbol(t, fixture2023, symbol))
}

// rules2021 parses a symbol of the 2021 fixture (PERCENT_PRICE, MIN_NOTIONAL).
func rules2021(t testing.TB, symbol string) *Rules {
	t.Helper()
	return parse(t, rawSymbol(t, fixture2021, symbol))
}

func parse(t testing.TB, raw json.RawMessage) *Rules {
	t.Helper()
	r, err := ParseRules(raw)
	if err != nil {
		t.Fatalf("ParseRules: %v", err)
	}
	return r
}

// derived returns a real symbol's object with edits: set replaces top-level fields, and
// each of filters replaces the symbol's filter of the same type or is appended. It is for
// rules no fixture symbol has (MAX_NUM_ICEBERG_ORDERS, asymmetric PERCENT_PRICE_BY_SIDE,
// STOP_LOSS and TAKE_PROFIT in orderTypes); every other value stays real.
func derived(t testing.TB, symbol string, set map[string]any, filters ...string) *Rules {
	t.Helper()
	return derivedFrom(t, fixture2023, symbol, set, filters...)
}

// derivedFrom is derived on any fixture.
func derivedFrom(t testing.TB, path, symbol string, set map[string]any, filters ...string) *Rules {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(rawSymbol(t, path, symbol), &obj); err != nil {
		t.Fatal(err)
	}
	for k, v := range set {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		obj[k] = b
	}
	var fs []json.RawMessage
	if err := json.Unmarshal(obj["filters"], &fs); err != nil {
		t.Fatal(err)
	}
	for _, f := range filters {
		typ := filterType(t, json.RawMessage(f))
		replaced := false
		for i, old := range fs {
			if filterType(t, old) == typ {
				fs[i], replaced = json.RawMessage(f), true
			}
		}
		if !replaced {
			fs = append(fs, json.RawMessage(f))
		}
	}
	b, err := json.Marshal(fs)
	if err != nil {
		t.Fatal(err)
	}
	obj["filters"] = b
	raw, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, raw)
}

func filterType(t testing.TB, f json.RawMessage) string {
	t.Helper()
	var h struct {
		FilterType string `json:"filterType"`
	}
	if err := json.Unmarshal(f, &h); err != nil {
		t.Fatal(err)
	}
	return h.FilterType
}

// d parses a decimal literal for a test vector.
func d(s string) *decimal.Decimal {
	v := decimal.RequireFromString(s)
	return &v
}

// want describes the outcome of one vector: nil for accepted, else the kind of error,
// the filter for a filter failure, and the Field, Value and Accepted it must carry.
type want struct {
	filter   string // "" for a validation error
	field    string
	value    string
	accepted string
}

// ok is the want of an accepted order.
var ok *want

// check compares err against w.
func check(t *testing.T, err error, w *want) {
	t.Helper()
	if w == nil {
		if err != nil {
			t.Fatalf("want accepted, got %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("want refusal (filter %q, field %q), got accepted", w.filter, w.field)
	}
	var e *gate.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *gate.Error", err, err)
	}
	if w.filter == "" {
		if !errors.Is(err, gate.ErrValidation) {
			t.Fatalf("want a validation error, got %v", err)
		}
	} else {
		if !errors.Is(err, ErrFilter) {
			t.Fatalf("want a filter failure, got %v", err)
		}
		if got := FailedFilter(err); got != w.filter {
			t.Fatalf("filter = %q, want %q (%v)", got, w.filter, err)
		}
		// The message is for a person (or a model) reading it: it must carry the
		// rejected value and the suggestion, not only the fields.
		for _, part := range []string{e.Value, e.Accepted} {
			if !strings.Contains(e.Message, part) {
				t.Errorf("message %q does not mention %q", e.Message, part)
			}
		}
	}
	if e.Field != w.field {
		t.Errorf("Field = %q, want %q (%v)", e.Field, w.field, err)
	}
	if w.value != "" && e.Value != w.value {
		t.Errorf("Value = %q, want %q (%v)", e.Value, w.value, err)
	}
	if e.Accepted != w.accepted {
		t.Errorf("Accepted = %q, want %q (%v)", e.Accepted, w.accepted, err)
	}
}

// failsAgain reports whether err is a failure of filter on field: after a suggested
// value is put in place, the same filter may still fail on another parameter (quantity
// fixed, icebergQty still off), but never on the same one.
func failsAgain(err error, filter, field string) bool {
	var e *gate.Error
	return errors.As(err, &e) && FailedFilter(err) == filter && e.Field == field
}
