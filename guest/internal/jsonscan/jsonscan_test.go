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
	want := []struct{ key, value string }{
		{"tool", `"get_ticker_price"`},
		{"arguments", `{"symbol":"BTCUSDT","limit":1e2}`},
		{"request_id", `"r-1"`},
		{"x", `[1,{"a":[]},"}"]`},
		{"eé\"", `null`},
	}
	if len(members) != len(want) {
		t.Fatalf("%d members", len(members))
	}
	for i, w := range want {
		m := &members[i]
		if m.Key() != w.key || !m.Is(w.key) || m.Is(w.key+"x") || string(m.Value) != w.value {
			t.Errorf("member %d = %q: %s; want %q: %s", i, m.Key(), m.Value, w.key, w.value)
		}
	}

	// Members are appended to dst, which can be reused.
	buf := make([]Member, 0, 8)
	got, err := Object([]byte(`{}`), buf)
	if err != nil || len(got) != 0 {
		t.Errorf("{} = %d members, %v", len(got), err)
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

func TestObjectAt(t *testing.T) {
	in := []byte(`{"tool":"x","arguments":{"a":[1,{"b":"}"}],"c":"d"},"request_id":"r"}`)
	members, end, err := ObjectAt(in, 24, nil)
	if err != nil || string(in[24:end]) != `{"a":[1,{"b":"}"}],"c":"d"}` || len(members) != 2 || members[1].Key() != "c" {
		t.Errorf("ObjectAt = %d members, %q, %v", len(members), in[24:end], err)
	}
	if end, err := StringAt(in, 8); err != nil || string(in[8:end]) != `"x"` {
		t.Errorf("StringAt = %q, %v", in[8:end], err)
	}
	for _, i := range []int{0, 7, 24, len(in)} {
		if _, err := StringAt(in, i); i != 0 && err == nil {
			t.Errorf("StringAt(%d) accepted %q", i, in[i:])
		}
	}
	for _, i := range []int{1, 8, 25, len(in)} {
		if _, _, err := ObjectAt(in, i, nil); err == nil {
			t.Errorf("ObjectAt(%d) accepted %q", i, in[i:])
		}
	}
	for _, s := range []string{`{`, `{"a"`, `{"a":1`, `{"a":1,`, `{"a":1}`} {
		_, end, err := ObjectAt([]byte(s), 0, nil)
		if (err == nil) != (s == `{"a":1}`) || err == nil && end != len(s) {
			t.Errorf("ObjectAt(%q) = %d, %v", s, end, err)
		}
	}
}

func TestCheck(t *testing.T) {
	for in, compact := range map[string]bool{`{"a":[1,"x y"]}`: true, `"a b"`: true, `{"a": 1}`: false, "[1,\n2]": false, `{ }`: false} {
		if c, err := Check([]byte(in)); err != nil || c != compact {
			t.Errorf("Check(%q) = %v, %v; want %v", in, c, err, compact)
		}
	}
	for _, in := range append([]string{` 1`, `1 `, `{} `}, invalid...) {
		if _, err := Check([]byte(in)); err == nil {
			t.Errorf("Check(%q) accepted it", in)
		}
	}
}

func TestPlainString(t *testing.T) {
	for in, want := range map[string]string{`"get_ticker_price"`: "get_ticker_price", `""`: "", `"a b"`: "a b"} {
		if got, ok := PlainString([]byte(in)); !ok || string(got) != want {
			t.Errorf("PlainString(%s) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{`"a\"b"`, `"\u0061"`, `"é"`, "\"\xff\"", `"a`, `"a" `, `a`, ``, `5`} {
		if got, ok := PlainString([]byte(in)); ok {
			t.Errorf("PlainString(%q) = %q, ok", in, got)
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
		if i := bytes.IndexByte(data, '{'); i >= 0 {
			atMembers, end, atErr := ObjectAt(data, i, nil)
			if atErr == nil {
				// Whatever ObjectAt accepts is an object, and the same Object reads.
				again, err := Object(data[i:end], nil)
				if err != nil || len(again) != len(atMembers) {
					t.Fatalf("ObjectAt(%q, %d) = %q, Object refuses it: %v", data, i, data[i:end], err)
				}
			}
		}
		if i := bytes.IndexByte(data, '"'); i >= 0 {
			if end, err := StringAt(data, i); err == nil {
				if _, ok := Unquote(data[i:end]); !ok {
					t.Fatalf("StringAt(%q, %d) = %q, Unquote refuses it", data, i, data[i:end])
				}
			}
		}
		valid := Valid(data)
		if valid != json.Valid(data) {
			t.Fatalf("Valid(%q) = %v, json.Valid disagrees", data, valid)
		}
		if isCompact, err := Check(data); err == nil && (!valid || isCompact != bytes.Equal(data, mustCompact(t, data))) {
			t.Fatalf("Check(%q) = %v, nil; valid %v", data, isCompact, valid)
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
			k := mb.Key()
			got[k] = string(mb.Value)
			if v, ok := Lookup(members, k); !ok || !bytes.Equal(v, m[k]) {
				t.Fatalf("Lookup(%q) = %s, encoding/json %s", k, v, m[k])
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

func mustCompact(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// FuzzString holds Unquote and AppendQuote to encoding/json.
func FuzzString(f *testing.F) {
	for _, s := range []string{`"BTCUSDT"`, `"\ud83d\ude00"`, `"\ud83d"`, "\"\xff\"", `"a\"\\\/\b\f\n\r\t"`, `"\u2028"`, `"<&>"`, `"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := Unquote(data)
		if plain, pok := PlainString(data); pok && (!ok || string(plain) != got) {
			t.Fatalf("PlainString(%q) = %q, Unquote %q, %v", data, plain, got, ok)
		}
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

// TestWordBoundaries puts each kind of special byte at every offset of strings of
// every length around the 8-byte words the scanner reads, and holds Valid, Unquote,
// Object and AppendQuote to encoding/json on each.
func TestWordBoundaries(t *testing.T) {
	specials := []string{`\"`, `\\`, `\n`, `\u00e9`, `\ud83d\ude00`, `\ud83d`, "\x01", "\x1f", "\"", "é", "\xff", "\u2028", "\x7f", " "}
	for n := 0; n <= 20; n++ {
		for at := 0; at <= n; at++ {
			for _, sp := range specials {
				body := strings.Repeat("a", at) + sp + strings.Repeat("b", n-at)
				for _, in := range []string{`"` + body + `"`, `{"` + body + `":"` + body + `"}`, `["` + body + `",1]`} {
					data := []byte(in)
					if Valid(data) != json.Valid(data) {
						t.Fatalf("Valid(%q) = %v", in, Valid(data))
					}
					var want string
					jerr := json.Unmarshal(data, &want)
					if got, ok := Unquote(data); ok != (jerr == nil) || ok && got != want {
						t.Fatalf("Unquote(%q) = %q, %v; encoding/json %q, %v", in, got, ok, want, jerr)
					}
					var m map[string]json.RawMessage
					jerr = json.Unmarshal(data, &m)
					members, err := Object(data, nil)
					if (err == nil) != (jerr == nil && m != nil) {
						t.Fatalf("Object(%q) = %v; encoding/json %v", in, err, jerr)
					}
					for _, mb := range members {
						if v, ok := m[mb.Key()]; !ok || string(v) != string(mb.Value) || !mb.Is(mb.Key()) {
							t.Fatalf("Object(%q): member %q = %s", in, mb.Key(), mb.Value)
						}
					}
				}
				if got, want := string(AppendQuote(nil, body)), stdQuote(t, body); got != want {
					t.Fatalf("AppendQuote(%q) = %s, want %s", body, got, want)
				}
			}
		}
	}
}
