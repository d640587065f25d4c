package declare

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// FuzzRead feeds arbitrary binaries to the section reader. Seeds live in
// testdata/fuzz/FuzzRead. Invariants: no panic; a nil result with every
// error, and the error is one of the documented kinds; a result survives a
// round trip through JSON and AppendSection unchanged.
func FuzzRead(f *testing.F) {
	if w, err := AppendSection(emptyWasm, []byte(section(okTool))); err == nil {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, wasm []byte) {
		d, err := Read(wasm)
		if err != nil {
			if d != nil {
				t.Fatalf("non-nil result with error %v", err)
			}
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrNoSection) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		roundTrip(t, d)
		payload, _ := marshal(d)
		w2, err := AppendSection(wasm, payload)
		if err != nil {
			t.Fatalf("AppendSection on a readable binary: %v", err)
		}
		d2, err := Read(w2)
		if err != nil {
			t.Fatalf("Read after AppendSection: %v", err)
		}
		if !reflect.DeepEqual(d, d2) {
			t.Fatalf("changed by AppendSection:\n%+v\n%+v", d, d2)
		}
	})
}

// FuzzParse fuzzes the JSON of the section directly.
func FuzzParse(f *testing.F) {
	f.Add([]byte(section(okTool)))
	f.Add([]byte(section(okTool, tool(`"get_ticker_price"`, `"b"`))))
	f.Add([]byte(`{"abi":1,"tools":[{"name":"a","inputSchema":{"type":"object","a":{"a":{"a":[]}}},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}]}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		d, err := Parse(payload)
		if err != nil {
			if d != nil {
				t.Fatalf("non-nil result with error %v", err)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error is not an *Error: %v", err)
			}
			return
		}
		roundTrip(t, d)
	})
}

func roundTrip(t *testing.T, d *Declarations) {
	t.Helper()
	payload, err := marshal(d)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	d2, err := Parse(payload)
	if err != nil {
		t.Fatalf("re-Parse of a valid result: %v\n%s", err, payload)
	}
	if !reflect.DeepEqual(d, d2) {
		t.Fatalf("round trip changed the declarations:\n%+v\n%+v", d, d2)
	}
}

// marshal encodes without HTML escaping, which would turn "&" in a schema
// into "\u0026": the same JSON, other bytes.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
