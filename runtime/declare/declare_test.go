package declare

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// emptyWasm is the smallest well-framed binary: the header alone.
var emptyWasm = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

const okTool = `{"name":"get_ticker_price","title":"Ticker price","description":"d",
 "inputSchema":{"type":"object","properties":{"symbol":{"type":"string"}},"required":["symbol"]},
 "outputSchema":{"type":"object"},
 "annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`

// tool returns okTool with the JSON fragment old replaced by new.
func tool(old, new string) string {
	if !strings.Contains(okTool, old) {
		panic("fixture: " + old)
	}
	return strings.Replace(okTool, old, new, 1)
}

func section(tools ...string) string {
	return `{"abi":1,"tools":[` + strings.Join(tools, ",") + `]}`
}

// nest returns an object schema nested depth levels deep.
func nest(depth int) string {
	return `{"type":"object","a":` + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + `}`
}

// schemaOf replaces okTool's input schema.
func schemaOf(schema string) string {
	return tool(`"inputSchema":{"type":"object","properties":{"symbol":{"type":"string"}},"required":["symbol"]}`, `"inputSchema":`+schema)
}

func TestParse(t *testing.T) {
	many := make([]string, MaxTools+1)
	for i := range many {
		many[i] = tool(`"get_ticker_price"`, fmt.Sprintf(`"t%d"`, i))
	}
	bigSchema := `{"type":"object","description":"` + strings.Repeat("x", MaxSchemaSize) + `"}`

	type testCase struct {
		payload   string
		wantTool  string // "" when the error is about the section or the name is bad
		wantIndex int
		wantField string
		tooLarge  bool
	}
	tests := map[string]testCase{
		"ok":                         {payload: section(okTool), wantIndex: -2},
		"ok without optional":        {payload: section(`{"name":"a","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":false,"destructiveHint":true,"idempotentHint":false,"openWorldHint":false}}`), wantIndex: -2},
		"ok name of 64":              {payload: section(tool(`"get_ticker_price"`, `"a`+strings.Repeat("b", 63)+`"`)), wantIndex: -2},
		"ok schema depth 32":         {payload: section(schemaOf(nest(MaxSchemaDepth))), wantIndex: -2},
		"abi missing":                {payload: `{"tools":[` + okTool + `]}`, wantIndex: -1, wantField: "abi"},
		"abi 2":                      {payload: `{"abi":2,"tools":[` + okTool + `]}`, wantIndex: -1, wantField: "abi"},
		"no tools":                   {payload: `{"abi":1,"tools":[]}`, wantIndex: -1, wantField: "tools"},
		"too many tools":             {payload: section(many...), wantIndex: -1, wantField: "tools", tooLarge: true},
		"unknown top field":          {payload: `{"abi":1,"x":1,"tools":[` + okTool + `]}`, wantIndex: -1},
		"unknown tool field":         {payload: section(tool(`"title"`, `"grants":["trade"],"title"`)), wantTool: "get_ticker_price", wantIndex: 0},
		"unknown annotation":         {payload: section(tool(`"readOnlyHint"`, `"title":"x","readOnlyHint"`)), wantTool: "get_ticker_price", wantIndex: 0},
		"trailing data":              {payload: section(okTool) + ` {}`, wantIndex: -1},
		"not json":                   {payload: `{"abi":1,`, wantIndex: -1},
		"section too large":          {payload: section(okTool) + strings.Repeat(" ", MaxSectionSize), wantIndex: -1, tooLarge: true},
		"name missing":               {payload: section(tool(`"name":"get_ticker_price",`, ``)), wantIndex: 0, wantField: "name"},
		"name upper case":            {payload: section(tool(`"get_ticker_price"`, `"Get"`)), wantIndex: 0, wantField: "name"},
		"name starts with digit":     {payload: section(tool(`"get_ticker_price"`, `"1a"`)), wantIndex: 0, wantField: "name"},
		"name with dash":             {payload: section(tool(`"get_ticker_price"`, `"a-b"`)), wantIndex: 0, wantField: "name"},
		"name of 65":                 {payload: section(tool(`"get_ticker_price"`, `"a`+strings.Repeat("b", 64)+`"`)), wantIndex: 0, wantField: "name"},
		"name duplicate":             {payload: section(okTool, okTool), wantTool: "get_ticker_price", wantIndex: 1, wantField: "name"},
		"title too long":             {payload: section(tool(`"Ticker price"`, `"`+strings.Repeat("t", MaxTitleLen+1)+`"`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "title", tooLarge: true},
		"description too long":       {payload: section(tool(`"description":"d"`, `"description":"`+strings.Repeat("d", MaxDescriptionLen+1)+`"`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "description", tooLarge: true},
		"input schema missing":       {payload: section(`{"name":"a","annotations":{"readOnlyHint":false,"destructiveHint":true,"idempotentHint":false,"openWorldHint":false}}`), wantTool: "a", wantIndex: 0, wantField: "inputSchema"},
		"input schema null":          {payload: section(schemaOf(`null`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "inputSchema"},
		"input schema array":         {payload: section(schemaOf(`[{"type":"object"}]`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "inputSchema"},
		"input schema twice":         {payload: section(tool(`"outputSchema"`, `"inputSchema":{"type":"object"},"outputSchema"`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "inputSchema"},
		"input schema type array":    {payload: section(tool(`{"type":"object","properties"`, `{"type":"array","properties"`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "inputSchema"},
		"input schema no type":       {payload: section(tool(`{"type":"object","properties"`, `{"properties"`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "inputSchema"},
		"input schema too large":     {payload: section(schemaOf(bigSchema)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "inputSchema", tooLarge: true},
		"input schema too deep":      {payload: section(schemaOf(nest(MaxSchemaDepth + 1))), wantTool: "get_ticker_price", wantIndex: 0, wantField: "inputSchema.a" + strings.Repeat("[0]", MaxSchemaDepth-1)},
		"input schema duplicate key": {payload: section(tool(`{"type":"string"}`, `{"type":"string","type":"number"}`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "inputSchema.properties.symbol.type"},
		"output schema null":         {payload: section(tool(`"outputSchema":{"type":"object"}`, `"outputSchema":null`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "outputSchema"},
		"output schema not object":   {payload: section(tool(`"outputSchema":{"type":"object"}`, `"outputSchema":{"type":"string"}`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "outputSchema"},
		"duplicate top-level key":    {payload: `{"abi":1,"abi":1,"tools":[` + okTool + `]}`, wantIndex: -1},
		"annotations missing":        {payload: section(`{"name":"a","inputSchema":{"type":"object"}}`), wantTool: "a", wantIndex: 0, wantField: "annotations"},
		"hint missing":               {payload: section(tool(`,"openWorldHint":true`, ``)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "annotations.openWorldHint"},
		// encoding/json matches keys case-insensitively; the section must not.
		"key in another case":        {payload: section(tool(`"name"`, `"NAME"`)), wantIndex: 0},
		"key twice in two cases":     {payload: section(tool(`"title"`, `"Name":"other","title"`)), wantTool: "get_ticker_price", wantIndex: 0},
		"abi in another case":        {payload: `{"ABI":1,"tools":[` + okTool + `]}`, wantIndex: -1},
		"annotation in another case": {payload: section(tool(`"readOnlyHint"`, `"ReadOnlyHint"`)), wantTool: "get_ticker_price", wantIndex: 0},
		"tool not an object":         {payload: section(`1`), wantIndex: 0},
		"hint as string":             {payload: section(tool(`"readOnlyHint":true`, `"readOnlyHint":"true"`)), wantTool: "get_ticker_price", wantIndex: 0, wantField: "annotations.readOnlyHint"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, err := Parse([]byte(tc.payload))
			if tc.wantIndex == -2 {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse succeeded, want an error")
			}
			if d != nil {
				t.Errorf("result not nil on error")
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v (%T) is not an *Error matching ErrInvalid", err, err)
			}
			if e.Tool != tc.wantTool || e.Index != tc.wantIndex || (tc.wantField != "" && e.Field != tc.wantField) {
				t.Errorf("got tool %q index %d field %q, want %q %d %q (%v)", e.Tool, e.Index, e.Field, tc.wantTool, tc.wantIndex, tc.wantField, err)
			}
			if got := errors.Is(err, ErrTooLarge); got != tc.tooLarge {
				t.Errorf("errors.Is(err, ErrTooLarge) = %v, want %v", got, tc.tooLarge)
			}
			if len(err.Error()) > 400 {
				t.Errorf("error message of %d bytes is not capped", len(err.Error()))
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	d, err := Parse([]byte(section(okTool)))
	if err != nil {
		t.Fatal(err)
	}
	want := &Declarations{ABI: 1, Tools: []Tool{{
		Name:         "get_ticker_price",
		Title:        "Ticker price",
		Description:  "d",
		InputSchema:  json.RawMessage(`{"type":"object","properties":{"symbol":{"type":"string"}},"required":["symbol"]}`),
		OutputSchema: json.RawMessage(`{"type":"object"}`),
		Annotations:  Annotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
	}}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("got %+v\nwant %+v", d, want)
	}
}

func TestErrorCapsModuleStrings(t *testing.T) {
	for name, payload := range map[string]string{
		"bad name":       section(tool(`"get_ticker_price"`, `"`+strings.Repeat("X", 10000)+`"`)),
		"unknown field":  `{"abi":1,"` + strings.Repeat("k", 10000) + `":1}`,
		"control in key": `{"abi":1,"` + strings.Repeat(`\n`, 100) + `":1}`,
		"duplicate key":  section(tool(`{"type":"string"}`, `{"`+strings.Repeat("k", 1000)+`":1,"`+strings.Repeat("k", 1000)+`":2}`)),
	} {
		_, err := Parse([]byte(payload))
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		if msg := err.Error(); len(msg) > 400 || strings.Contains(msg, "\n") {
			t.Errorf("%s: error not capped or not sanitized: %d bytes %q", name, len(msg), msg[:min(len(msg), 100)])
		}
	}
}

func TestReadAndAppendSection(t *testing.T) {
	payload := []byte(section(okTool))
	if _, err := Read(emptyWasm); !errors.Is(err, ErrNoSection) {
		t.Fatalf("Read of a bare binary: %v, want ErrNoSection", err)
	}
	w, err := AppendSection(emptyWasm, payload)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(w)
	if err != nil || d.Tools[0].Name != "get_ticker_price" {
		t.Fatalf("Read after append: %v %+v", err, d)
	}
	// Replacing keeps exactly one section.
	other := []byte(section(tool(`"get_ticker_price"`, `"other"`)))
	w2, err := AppendSection(w, other)
	if err != nil {
		t.Fatal(err)
	}
	if d, err = Read(w2); err != nil || len(d.Tools) != 1 || d.Tools[0].Name != "other" {
		t.Fatalf("Read after replace: %v %+v", err, d)
	}
	if string(w[:len(emptyWasm)]) != string(emptyWasm) {
		t.Errorf("AppendSection modified its input")
	}
	// Two sections are ambiguous and refused.
	twice := append(append([]byte{}, w...), w2[len(emptyWasm):]...)
	if _, err := Read(twice); !errors.Is(err, ErrInvalid) {
		t.Errorf("two sections: %v, want ErrInvalid", err)
	}
	if _, err := AppendSection(emptyWasm, make([]byte, MaxSectionSize+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized payload: %v, want ErrTooLarge", err)
	}
}

func TestSectionsMalformed(t *testing.T) {
	tests := map[string][]byte{
		"empty":                nil,
		"bad magic":            []byte("\x00asn\x01\x00\x00\x00"),
		"component":            []byte("\x00asm\x0d\x00\x01\x00"),
		"truncated size":       append(append([]byte{}, emptyWasm...), 0x01, 0x80),
		"size past end":        append(append([]byte{}, emptyWasm...), 0x01, 0x05, 0x00),
		"size over 32 bits":    append(append([]byte{}, emptyWasm...), 0x01, 0xff, 0xff, 0xff, 0xff, 0x7f),
		"leb of 6 bytes":       append(append([]byte{}, emptyWasm...), 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00),
		"custom name too long": append(append([]byte{}, emptyWasm...), 0x00, 0x02, 0x05, 'a'),
		"custom name not utf8": append(append([]byte{}, emptyWasm...), 0x00, 0x02, 0x01, 0xff),
	}
	for name, w := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Read(w); !errors.Is(err, ErrMalformed) {
				t.Errorf("Read: %v, want ErrMalformed", err)
			}
			if _, err := AppendSection(w, []byte("{}")); !errors.Is(err, ErrMalformed) {
				t.Errorf("AppendSection: %v, want ErrMalformed", err)
			}
		})
	}
}

func TestReadU32(t *testing.T) {
	tests := map[string]struct {
		in   []byte
		want uint32
		n    int
		ok   bool
	}{
		"zero":         {[]byte{0}, 0, 1, true},
		"127":          {[]byte{0x7f}, 127, 1, true},
		"128":          {[]byte{0x80, 0x01}, 128, 2, true},
		"max":          {[]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 0xffffffff, 5, true},
		"over 32 bits": {[]byte{0xff, 0xff, 0xff, 0xff, 0x1f}, 0, 0, false},
		"truncated":    {[]byte{0x80}, 0, 0, false},
		"six bytes":    {[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, 0, false},
		"padded ok":    {[]byte{0x80, 0x00}, 0, 2, true},
	}
	for name, tc := range tests {
		v, n, err := ReadU32(tc.in)
		if (err == nil) != tc.ok || v != tc.want || n != tc.n {
			t.Errorf("%s: got %d %d %v", name, v, n, err)
		}
		if tc.ok {
			if got := appendU32(nil, v); name != "padded ok" && string(got) != string(tc.in) {
				t.Errorf("%s: appendU32 = %x", name, got)
			}
		}
	}
}
