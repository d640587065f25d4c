package binancetest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// query holds the parameters of one request, one value each.
type query struct {
	vals map[string]string
	bad  bool // the query string did not parse
	dup  bool // a parameter was sent twice
}

func parseQuery(raw string) query {
	v, err := url.ParseQuery(raw)
	q := query{vals: make(map[string]string, len(v)), bad: err != nil}
	for k, vs := range v {
		if len(vs) > 1 {
			q.dup = true
		}
		q.vals[k] = vs[0]
	}
	return q
}

func (q query) has(name string) bool {
	_, ok := q.vals[name]
	return ok
}

func (q query) get(name string) string { return q.vals[name] }

// check applies the checks Binance makes before an endpoint reads its parameters: the query
// parses, no parameter is repeated, every mandatory one is present and not empty, no optional
// one is empty, and nothing else was sent.
func (q query) check(ep *endpoint) *apiError {
	if q.bad {
		return errIllegalQuery()
	}
	if q.dup {
		return errDuplicateParam()
	}
	for _, name := range ep.mandatory {
		if q.get(name) == "" {
			return errMandatory(name)
		}
	}
	read := 0
	for _, name := range ep.mandatory {
		if q.has(name) {
			read++
		}
	}
	for _, name := range ep.optional {
		if q.has(name) {
			if q.get(name) == "" {
				return errEmpty(name)
			}
			read++
		}
	}
	if read != len(q.vals) {
		return errUnread(read, len(q.vals))
	}
	return nil
}

// validSymbol reports whether s passes Binance's symbol pattern ^[A-Z0-9-_.]{1,20}$. Characters
// outside ASCII are let through to the lookup (which answers -1121): Binance lists symbols with
// non-ASCII names today, and the stand-in must not decide those by a pattern.
func validSymbol(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 1 || n > 20 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= utf8.RuneSelf:
		case 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return true
}

// symbol reads the symbol parameter; ok is false when it was not sent.
func (q query) symbol() (sym string, ok bool, e *apiError) {
	if !q.has("symbol") {
		return "", false, nil
	}
	s := q.get("symbol")
	if !validSymbol(s) {
		return "", true, errIllegal("symbol", legalSymbol)
	}
	return s, true, nil
}

// symbolList reads the symbols parameter, a JSON array of symbol names.
func (q query) symbolList() (syms []string, ok bool, e *apiError) {
	if !q.has("symbols") {
		return nil, false, nil
	}
	if err := json.Unmarshal([]byte(q.get("symbols")), &syms); err != nil {
		return nil, true, errIllegal("symbols", legalSymbols)
	}
	if len(syms) == 0 {
		return nil, true, errMandatory("symbols")
	}
	seen := make(map[string]bool, len(syms))
	for _, s := range syms {
		if !validSymbol(s) {
			return nil, true, errIllegal("symbols", legalSymbols)
		}
		if seen[s] {
			return nil, true, errDuplicateSymbols()
		}
		seen[s] = true
	}
	return syms, true, nil
}

// number reads an unsigned decimal parameter; ok is false when it was not sent.
func (q query) number(name string) (n int64, ok bool, e *apiError) {
	if !q.has(name) {
		return 0, false, nil
	}
	s := q.get(name)
	if len(s) > 20 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, true, errIllegal(name, legalNumber)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, true, errOverflow(name)
	}
	return n, true, nil
}

// limit reads the limit parameter: def when absent, -1130 outside 1..max unless capAt is set,
// in which case a larger value is cut to capAt (depth: "If limit > 5000, only 5000 entries will
// be returned").
func (q query) limit(def, max int, capAt bool) (int, *apiError) {
	n, ok, e := q.number("limit")
	switch {
	case e != nil:
		return 0, e
	case !ok:
		return def, nil
	case n < 1:
		return 0, errNotValid("limit")
	case n > int64(max) && capAt:
		return max, nil
	case n > int64(max):
		return 0, errNotValid("limit")
	}
	return int(n), nil
}

// millis reads a time parameter. Binance takes milliseconds or microseconds; a value of 10^15
// or more is read as microseconds (10^15 ms is the year 33658).
func (q query) millis(name string) (ms int64, ok bool, e *apiError) {
	n, ok, e := q.number(name)
	if e != nil || !ok {
		return 0, ok, e
	}
	if n >= 1e15 {
		n /= 1000
	}
	return n, true, nil
}

// symbolStatus reads the symbolStatus filter (TRADING, HALT or BREAK).
func (q query) symbolStatus() (string, *apiError) {
	if !q.has("symbolStatus") {
		return "", nil
	}
	switch s := q.get("symbolStatus"); s {
	case "TRADING", "HALT", "BREAK":
		return s, nil
	}
	return "", errSymbolStatus()
}

// maxFormBody caps the form body read for parameters and signatures.
const maxFormBody = 1 << 20

// readBody reads the request body and puts it back, so that it can be read again.
func readBody(r *http.Request) []byte {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxFormBody))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
	return body
}

// requestParams reads the parameters of a request: the query string, and for any method but
// GET also a form body (Content-Type application/x-www-form-urlencoded, or none). rest-api.md:
// parameters may be mixed between both; one sent in both is taken from the query string.
func requestParams(r *http.Request, body []byte) query {
	q := parseQuery(r.URL.RawQuery)
	if r.Method == http.MethodGet || len(body) == 0 || !isForm(r) {
		return q
	}
	b := parseQuery(string(body))
	q.bad = q.bad || b.bad
	q.dup = q.dup || b.dup
	for k, v := range b.vals {
		if !q.has(k) {
			q.vals[k] = v
		}
	}
	return q
}

func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/x-www-form-urlencoded"
}
