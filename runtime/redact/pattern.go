package redact

import "bytes"

// credentialNames are the key names whose values are credentials. In each, '_' stands for
// an optional '_' or '-', so "api_key" matches api_key, api-key, apikey, APIKey and the
// tail of X-MBX-APIKEY. Matching is case-insensitive and anchored at the end of the key.
//
// Names are matched against the word right before a separator, never searched for in
// running text: that is what keeps "Invalid API-key, IP, or permissions for action." and
// "Signature for this request is not valid." intact, where a substring search (the Python
// server's `api[_\s-]*key[:\s=]*[A-Za-z0-9]+`) turns "API-key format invalid." into
// "[REDACTED] invalid.".
var credentialNames = []string{
	"api_key",
	"api_secret",
	"secret_key",
	"secret",
	"private_key",
	"signature",
	"pass_phrase",
	"pass_word",
	"token",
}

// namesByEnd lists the credential names by their last letter, so that the usual word
// before a ':' (a JSON field name such as "lastPrice") is rejected after one or two
// byte comparisons.
var namesByEnd = func() (t [256][]string) {
	for _, n := range credentialNames {
		t[n[len(n)-1]] = append(t[n[len(n)-1]], n)
	}
	return t
}()

// nameTails[last] has bit prev-'a' set when some credential name ends in the letters
// prev, last. Checked before anything else, it rejects "lastPrice", "openTime", "lastQty"
// and nearly every other field name with one table load.
var nameTails = func() (t ['z' + 1]uint32) {
	for _, n := range credentialNames {
		t[n[len(n)-1]] |= 1 << (n[len(n)-2] - 'a')
	}
	return t
}()

// tailMatches reports whether a word ending in prev, last (any case) could end in a
// credential name.
func tailMatches(prev, last byte) bool {
	prev, last = toLower(prev), toLower(last)
	return last <= 'z' && isLower(prev) && nameTails[last]&(1<<(prev-'a')) != 0
}

// matchName reports whether word (letters, digits, '_' and '-') ends with a credential
// name that starts at a word boundary: the start of word, a '_' or '-' before it
// (BINANCE_API_SECRET, X-MBX-APIKEY, access_token), or a camelCase hump (secretKey,
// accessToken). Without the boundary, "csrftoken" or "nosecret" would count.
func matchName(word []byte) bool {
	if len(word) == 0 {
		return false
	}
	for _, name := range namesByEnd[toLower(word[len(word)-1])] {
		start, ok := matchSuffix(word, name)
		if !ok {
			continue
		}
		if start == 0 {
			return true
		}
		prev, first := word[start-1], word[start]
		if prev == '_' || prev == '-' {
			return true
		}
		if isUpper(first) && (isLower(prev) || isDigit(prev)) {
			return true
		}
	}
	return false
}

// matchSuffix matches name against the end of word and returns where the name starts.
func matchSuffix(word []byte, name string) (int, bool) {
	i := len(word) - 1
	for j := len(name) - 1; j >= 0; j-- {
		c := name[j]
		if c == '_' {
			if i >= 0 && (word[i] == '_' || word[i] == '-') {
				i--
			}
			continue
		}
		if i < 0 || toLower(word[i]) != c {
			return 0, false
		}
		i--
	}
	return i + 1, true
}

// findPairs appends a span for the value of every name=value or name: value pair whose
// name is a credential name and whose value looks like a credential: an unbroken run of
// at least MinSecretLen bytes up to a terminator. The name, the separator and any quotes
// are kept, so "signature=c8db…" becomes "signature=[REDACTED]" and the text still says
// what was removed. Short values are left alone: "token: none" and "password: unset" are
// not credentials, and a signature prefix that short could not be replayed.
//
// Forms covered: query strings (a=b&signature=…), headers (X-MBX-APIKEY: …), JSON
// ("apiKey":"…", also escaped inside a JSON string as \"apiKey\":\"…\"), Go's %+v of a
// struct (SecretKey:…) and of an http.Header (X-Mbx-Apikey:[…]), env and flag syntax
// (BINANCE_API_SECRET=…, --token=…).
func findPairs(b []byte, sp []span) []span {
	// Find separators with bytes.IndexByte, which is vectorised: '=' is rare in tool
	// results, and ':' comes once per JSON field.
	colon, equals := -1, -1 // next ':' and '=' at or after i; -1 before the first search
	for i := 0; i < len(b); i++ {
		if colon < i {
			colon = indexFrom(b, i, ':')
		}
		if equals < i {
			equals = indexFrom(b, i, '=')
		}
		i = min(colon, equals)
		if i == len(b) {
			break
		}
		if !nameBefore(b, i) {
			continue
		}
		v := i + 1
		for v < len(b) && (b[v] == ' ' || b[v] == '\t') {
			v++
		}
		// Step over up to three openers: quotes, the backslash of an escaped quote, the
		// '[' of http.Header's %v (X-Mbx-Apikey:[value]).
		for n := 0; n < 3 && v < len(b) && (isOpener(b[v]) || b[v] == '[' && !hasMarkerAt(b, v)); n++ {
			v++
		}
		// Then over markers: text already redacted, by a first pass or another Redactor,
		// is not redacted again. No openers after a marker: in `key:[REDACTED]"00…` the
		// quote closed the value the first pass removed.
		for v < len(b) && hasMarkerAt(b, v) {
			v += len(Marker)
		}
		// The run goes on through markers: a value with a configured secret in its middle
		// is still one credential, and its ends must not survive the secret.
		w := v
		for w < len(b) {
			if b[w] == '[' && hasMarkerAt(b, w) {
				w += len(Marker)
			} else if isTerminator(b[w]) {
				break
			} else {
				w++
			}
		}
		if w-v >= MinSecretLen {
			sp = append(sp, span{v, w})
			i = w - 1
		}
	}
	return sp
}

// indexFrom returns the index of the first c in b at or after i, or len(b).
func indexFrom(b []byte, i int, c byte) int {
	if j := bytes.IndexByte(b[i:], c); j >= 0 {
		return i + j
	}
	return len(b)
}

// nameBefore reports whether the word ending just before the separator at i, past
// optional spaces and a closing quote (possibly backslash-escaped), is a credential name.
func nameBefore(b []byte, i int) bool {
	k := i
	for k > 0 && (b[k-1] == ' ' || b[k-1] == '\t') {
		k--
	}
	if k > 0 && (b[k-1] == '"' || b[k-1] == '\'' || b[k-1] == '`') {
		k--
		if k > 0 && b[k-1] == '\\' {
			k--
		}
	}
	if k < 2 || !tailMatches(b[k-2], b[k-1]) {
		return false
	}
	s := k
	for s > 0 && isWord(b[s-1]) {
		s--
	}
	if k-s < len("token") {
		return false
	}
	return matchName(b[s:k])
}

// isTerminator reports whether c ends a credential value. Binance credentials are hex,
// base64 (percent-encoded in a query: '%', '+', '/', '=' are inside the value) or
// alphanumeric; none contains these bytes, and each of them closes a value in some
// syntax: a query (&), a header or sentence (space), JSON and Go literals (quotes, ',',
// '}', ']'), an escaped quote (\).
func isTerminator(c byte) bool {
	switch c {
	case '&', '"', '\'', '`', '\\', ',', ';', '}', ']', ')', '<', '>', 0x7f:
		return true
	}
	return c <= ' '
}

// isOpener reports whether c may stand between a separator and a value: a quote, or the
// backslash of an escaped quote.
func isOpener(c byte) bool { return c == '"' || c == '\'' || c == '`' || c == '\\' }

func isWord(c byte) bool  { return isLower(c) || isUpper(c) || isDigit(c) || c == '_' || c == '-' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func toLower(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

var (
	pemBegin   = []byte("-----BEGIN ")
	pemEnd     = []byte("-----END ")
	pemDashes  = []byte("-----")
	pemPrivate = []byte("PRIVATE KEY")
)

// maxPEMLabel caps the label between "-----BEGIN " and "-----" ("ENCRYPTED PRIVATE KEY",
// "OPENSSH PRIVATE KEY"); real ones are under 30 bytes.
const maxPEMLabel = 64

// findPEM appends a span for every PEM private-key block, from "-----BEGIN … PRIVATE
// KEY" to the end of the matching "-----END … -----" line. A block with no END (a
// truncated log line) is redacted to the end of the text: a partial private key is still
// a private key. Public keys and certificates are left alone; they are not secret, and
// Binance asks for the Ed25519 public key to be pasted into its website.
//
// This covers keys Tollgate was not configured with, and the block with its newlines
// escaped as \n inside JSON, which exact matching of the configured file would miss.
func findPEM(b []byte, sp []span) []span {
	for off := 0; off < len(b); {
		i := bytes.Index(b[off:], pemBegin)
		if i < 0 {
			break
		}
		i += off
		j := i + len(pemBegin)
		k := j
		for k < len(b) && k-j < maxPEMLabel && (isUpper(b[k]) || isDigit(b[k]) || b[k] == ' ') {
			k++
		}
		if !bytes.HasSuffix(b[j:k], pemPrivate) {
			off = j
			continue
		}
		end := len(b)
		if e := bytes.Index(b[k:], pemEnd); e >= 0 {
			end = k + e + len(pemEnd)
			if d := bytes.Index(b[end:], pemDashes); d >= 0 && d <= maxPEMLabel {
				end += d + len(pemDashes)
			}
		}
		sp = append(sp, span{i, end})
		off = end
	}
	return sp
}
