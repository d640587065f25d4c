package jsonscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestObject(t *testing.T) {
	members, err := Object([]byte(` { "tool" : "get_ticker_price", "arguments":{"symbol":"BTCUSDT","limit":1e2},`+
		`"request_id":"r-1" , "x":[1,{"a":[]},"}"], "e\u00e9\"":null } `), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Member{
		{"tool", []byte(`"get_ticker_price"`)},
		{"arguments", []byte(`{"symbol":"BTCUSDT","limit":1e2}`)},
		{"request_id", []byte(`"r-1"`)},
		{"x", []byte(`[1,{"a":[]},"}"]`)},
		{"eé\"", []byte(`null`)},
	}
	if len(members) != len(want) {
		t.Fatalf("members = %q", members)
	}
	for i := range want {
		if members[i].Key != want[i].Key || string(members[i].Value) != string(want[i].Value) {
			t.Errorf("member %d = %q: %s; want %q: %s", i, members[i].Key, members[i].Value, want[i].Key, want[i].Value)
		}
	}

	// Members are appended to dst, which can be reused.
	buf := make([]Member, 0, 8)
	got, err := Object([]byte(`{}`), buf)
	if err != nil || len(got) != 0 {
		t.Errorf("{} = %q, %v", got, err)
	}

	// The last of duplicate keys counts, as in encoding/json.
	got, _ = Object([]byte(`{"a":1,"b":2,"a":3}`), buf[:0])
	if v, ok := Lookup(got, "a"); !ok || string(v) != "3" {
		t.Errorf("Lookup(a) = %s, %v", v, ok)
	}
	if _, ok := Lookup(got, "c"); ok {
		t.Error("Lookup(c) found a member")
	}

	for _, in := range []string{`null`, `[]`, `"{}"`, `1`, ` true `} {
		if _, err := Object([]byte(in), nil); !errors.Is(err, ErrNotObject) {
			t.Errorf("Object(%s) = %v, want ErrNotObject", in, err)
		}
	}
	for _, in := range invalid {
		if _, err := Object([]byte(in), nil); err == nil || errors.Is(err, ErrNotObject) {
			t.Errorf("Object(%q) = %v, want a syntax error", in, err)
		}
	}
}

// invalid are inputs that are not JSON (or not only one JSON value).
var invalid = []string{
	``, ` `, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1 "b":2}`, `{a:1}`, `{'a':1}`,
	`{"a":1}}`, `{"a":1} x`, `{"a":1}{}`, `{"a":[1,]}`, `{"a":[1 2]}`, `{"a":[}`, `{"a":{]}`,
	`{"a":01}`, `{"a":-}`, `{"a":1.}`, `{"a":.5}`, `{"a":1e}`, `{"a":1e+}`, `{"a":+1}`, `{"a":0x1}`,
	`{"a":tru}`, `{"a":nul}`, `{"a":True}`, `{"a":NaN}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12G4"}`,
	"{\"a\":\"\x01\"}", "{\"a\":\"\n\"}", `{"a":"}`, `{"a":"\"}`, "{\"a\":1}\x00", "\xef\xbb\xbf{}",
	`{"a":1,,"b":2}`, `{,}`, `{"a" 1}`, `{"a"::1}`, "{\"a\":1\v}",
}

func TestValid(t *testing.T) {
	for _, in := range []string{`{}`, `[]`, `0`, `-0`, `-0.0e-0`, `1E+10`, `123.456`, `"x"`, `""`, `"\u00e9\ud83d\ude00\/"`,
		`true`, `false`, `null`, " \t\r\n[ 1 , [ ] , { } , { \"a\" : [ null ] } ] \n", "\"\xff\xfe\"", `[[[[[[]]]]]]`} {
		if !Valid([]byte(in)) || !json.Valid([]byte(in)) {
			t.Errorf("Valid(%q) = false", in)
		}
	}
	for _, in := range invalid {
		if Valid([]byte(in)) {
			t.Errorf("Valid(%q) = true", in)
		}
	}
}

func TestDepth(t *testing.T) {
	nest := func(n int) []byte {
		return []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
	}
	if !Valid(nest(MaxDepth)) || Valid(nest(MaxDepth+1)) {
		t.Errorf("depth limit is not %d", MaxDepth)
	}
	// Agreeing with encoding/json at the limit, object level included.
	for _, n := range []int{MaxDepth - 2, MaxDepth - 1, MaxDepth} {
		in := []byte(`{"a":` + string(nest(n)) + `}`)
		_, err := Object(in, nil)
		var m map[string]json.RawMessage
		jerr := json.Unmarshal(in, &m)
		if (err == nil) != (jerr == nil) {
			t.Errorf("object at depth %d: %v, encoding/json %v", n+1, err, jerr)
		}
	}
	// Deep input is no problem for the scanner's own stack.
	if Valid([]byte(strings.Repeat(`{"a":[`, 1<<20))) {
		t.Error("unterminated deep input accepted")
	}
}

func TestUnquote(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`""`, ""},
		{`"BTCUSDT"`, "BTCUSDT"},
		{`"币安人生"`, "币安人生"},
		{`"a\"b\\c\/d\b\f\n\r\t"`, "a\"b\\c/d\b\f\n\r\t"},
		{`"\u0041\u00e9\u20ac"`, "Aé€"},
		{`"\ud83d\ude00"`, "😀"},
		{`"\ud83d"`, "\ufffd"},
		{`"\ude00"`, "\ufffd"},
		{`"\ud83d\u0041"`, "\ufffdA"},
		{`"\ud83d\\u0041"`, "\ufffd\\u0041"},
		{"\"\xff\"", "\ufffd"},
		{"\"a\xc3\"", "a\ufffd"},
		{"\"\xed\xa0\x80\"", "\ufffd\ufffd\ufffd"},
		{`"\u0000"`, "\x00"},
	} {
		got, ok := Unquote([]byte(tt.in))
		var std string
		if err := json.Unmarshal([]byte(tt.in), &std); err != nil || std != tt.want {
			t.Fatalf("test case %s: encoding/json gives %q, %v", tt.in, std, err)
		}
		if !ok || got != tt.want {
			t.Errorf("Unquote(%s) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{``, `"`, `"a`, `a"`, `"a" `, ` "a"`, `"a""`, `"\"`, `"\q"`, "\"\t\"", `1`, `null`} {
		if s, ok := Unquote([]byte(in)); ok {
			t.Errorf("Unquote(%q) = %q, ok", in, s)
		}
	}
}

// stdQuote is what encoding/json writes for s with HTML escaping off, as the SDK's
// encoder did.
func stdQuote(t testing.TB, s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func TestAppendQuote(t *testing.T) {
	for _, s := range []string{"", "BTCUSDT", "a\"b\\c", "<&>", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "é€😀",
		"\u2028\u2029", "\xff", "a\xc3", "\xed\xa0\x80", "\ufffd", "/"} {
		got := string(AppendQuote([]byte("x"), s))
		if want := "x" + stdQuote(t, s); got != want {
			t.Errorf("AppendQuote(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestAppendCompact(t *testing.T) {
	for _, in := range []string{`{"a":1}`, " { \"a b\" : [ 1 ,\t2 ] ,\n\"c\\\" \":\"\\\\ \" } ", `"  "`, ` 5 `, `[]`} {
		got, err := AppendCompact([]byte("x"), []byte(in))
		var want bytes.Buffer
		if jerr := json.Compact(&want, []byte(in)); jerr != nil {
			t.Fatal(jerr)
		}
		if err != nil || string(got) != "x"+want.String() {
			t.Errorf("AppendCompact(%q) = %s, %v; want x%s", in, got, err, want.String())
		}
	}
	for _, in := range invalid {
		if got, err := AppendCompact([]byte("x"), []byte(in)); err == nil || string(got) != "x" {
			t.Errorf("AppendCompact(%q) = %s, %v", in, got, err)
		}
	}
}

func TestValidNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "1", "0.00000001", "65861.66000000", "1e-7", "-1.5E+3"} {
		if !ValidNumber([]byte(s)) {
			t.Errorf("ValidNumber(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-", "01", "1.", ".1", "1e", "+1", " 1", "1 ", "1,5", "0x1", "NaN", "1e+"} {
		if ValidNumber([]byte(s)) {
			t.Errorf("ValidNumber(%q) = true", s)
		}
	}
}

// FuzzObject holds the scanner to encoding/json: it never panics, accepts exactly
// the valid JSON, and splits a valid object into the members (last key wins) and
// raw values that json.Unmarshal into map[string]json.RawMessage produces.
func FuzzObject(f *testing.F) {
	for _, s := range []string{`{"tool":"get_ticker_price","arguments":{"symbol":"BTCUSDT"},"request_id":"r1"}`,
		`{"ok":{"symbol":"BTCUSDT","price":"65861.66000000"}}`, `{"a":1,"a":2}`, `[1,2]`, `{"a":[{"b":null}]}`} {
		f.Add([]byte(s))
	}
	for _, s := range invalid {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		members, err := Object(data, nil)
		valid := Valid(data)
		if valid != json.Valid(data) {
			t.Fatalf("Valid(%q) = %v, json.Valid disagrees", data, valid)
		}
		compact, cerr := AppendCompact(nil, data)
		var want bytes.Buffer
		if jerr := json.Compact(&want, data); (jerr == nil) != (cerr == nil) || jerr == nil && want.String() != string(compact) {
			t.Fatalf("AppendCompact(%q) = %q, %v; json.Compact %q, %v", data, compact, cerr, want.String(), jerr)
		}
		var m map[string]json.RawMessage
		jerr := json.Unmarshal(data, &m)
		isObject := jerr == nil && m != nil
		switch {
		case isObject && err != nil:
			t.Fatalf("Object(%q): %v; encoding/json accepts it", data, err)
		case !isObject && err == nil:
			t.Fatalf("Object(%q) accepted what encoding/json refuses (%v)", data, jerr)
		case !valid && (err == nil || errors.Is(err, ErrNotObject)):
			t.Fatalf("Object(%q) = %v for invalid JSON", data, err)
		case !isObject:
			return
		}
		got := map[string]string{}
		for _, mb := range members {
			got[mb.Key] = string(mb.Value)
			if v, ok := Lookup(members, mb.Key); !ok || !bytes.Equal(v, m[mb.Key]) {
				t.Fatalf("Lookup(%q) = %s, encoding/json %s", mb.Key, v, m[mb.Key])
			}
		}
		if len(got) != len(m) {
			t.Fatalf("Object(%q) has keys %q, encoding/json %q", data, got, m)
		}
		for k, v := range m {
			if g, ok := got[k]; !ok || g != string(v) {
				t.Fatalf("Object(%q)[%q] = %q, encoding/json %q", data, k, g, v)
			}
		}
	})
}

// FuzzString holds Unquote and AppendQuote to encoding/json.
func FuzzString(f *testing.F) {
	for _, s := range []string{`"BTCUSDT"`, `"\ud83d\ude00"`, `"\ud83d"`, "\"\xff\"", `"a\"\\\/\b\f\n\r\t"`, `"\u2028"`, `"<&>"`, `"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := Unquote(data)
		var want string
		jerr := json.Unmarshal(data, &want)
		exact := len(data) >= 2 && data[0] == '"' && data[len(data)-1] == '"'
		if ok && (jerr != nil || got != want) {
			t.Fatalf("Unquote(%q) = %q; encoding/json %q, %v", data, got, want, jerr)
		}
		if !ok && jerr == nil && exact {
			t.Fatalf("Unquote(%q) refused what encoding/json reads as %q", data, want)
		}
		// Quoting any text, valid UTF-8 or not, is what encoding/json writes, and
		// reads back as encoding/json reads it.
		s := string(data)
		q := AppendQuote(nil, s)
		if string(q) != stdQuote(t, s) {
			t.Fatalf("AppendQuote(%q) = %s, encoding/json %s", s, q, stdQuote(t, s))
		}
		back, ok := Unquote(q)
		if !ok || utf8.ValidString(s) && back != s {
			t.Fatalf("Unquote(AppendQuote(%q)) = %q, %v", s, back, ok)
		}
	})
}
