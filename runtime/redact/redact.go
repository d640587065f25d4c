package redact

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
)

// Marker replaces every redacted span. It is bracketed so that a reader sees at once that
// text was removed, and so that a second pass recognises it and leaves it alone.
const Marker = "[REDACTED]"

// MinSecretLen is the shortest configured value [New] registers. A shorter value would
// match ordinary text ("BTCUSDT", "LIMIT", a price) and garble it, and it is too short to
// be a real Binance credential: API keys and HMAC secrets are 64 characters, and PEM body
// lines 64. The same length is the shortest key=value value treated as a credential.
const MinSecretLen = 8

// minPEMLine is the shortest PEM body line registered on its own. The last line of a body
// can be a few characters of base64 and padding; matching those would garble text and
// reveal nothing worth hiding.
const minPEMLine = 16

// Redactor removes secrets from text: the exact values it was built with, and a few narrow
// patterns that only ever carry credentials (see the package documentation). It is
// immutable after [New] and safe for concurrent use. A nil *Redactor applies the patterns
// only, so a caller that forgot to configure one still fails closed for signatures and
// PEM blocks.
type Redactor struct {
	m matcher
}

// empty stands in for a nil *Redactor.
var empty = New()

// New returns a Redactor for the given secret values: the API key, the HMAC secret, the
// contents of a PEM private-key file. Values are used byte for byte after surrounding
// whitespace is trimmed (a key read from a file often ends in a newline).
//
// Values shorter than [MinSecretLen] bytes after trimming are ignored, on purpose: an
// empty or three-letter "secret" (a placeholder, a test value) would otherwise turn every
// occurrence of those letters in every tool result into [Marker]. Real Binance
// credentials are far longer.
//
// For a value holding a PEM block, New also registers each base64 body line of at least
// 16 bytes, since a log or error may carry a single line of the file, and the
// percent-encoded form of every value that changes under query escaping (a PEM line with
// '+', '/' or '=' in a URL).
//
// A configured value containing '[' or ']', or lying inside [Marker] itself ("REDACTED"),
// cannot be guaranteed absent from the output, because a marker put in for another span
// could rebuild it; no real credential looks like that.
func New(secrets ...string) *Redactor {
	var vals []string
	add := func(v string) {
		if len(v) >= MinSecretLen {
			vals = append(vals, v)
			if e := url.QueryEscape(v); e != v {
				vals = append(vals, e)
			}
		}
	}
	for _, s := range secrets {
		// Only the trimmed value: it is inside the untrimmed one wherever that appears, and
		// registering both would swallow a neighbouring newline into the marker.
		t := strings.TrimSpace(s)
		add(t)
		if strings.Contains(t, "-----BEGIN") {
			for line := range strings.Lines(t) {
				line = strings.TrimSpace(line)
				if len(line) >= minPEMLine && !strings.HasPrefix(line, "-----") && !strings.Contains(line, ":") {
					add(line)
				}
			}
		}
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	return &Redactor{m: newMatcher(vals)}
}

func (r *Redactor) get() *Redactor {
	if r == nil {
		return empty
	}
	return r
}

// String returns s with every secret and credential value replaced by [Marker]. It
// returns s itself when nothing matched.
func (r *Redactor) String(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	out := r.Bytes(b)
	if &out[0] == &b[0] {
		return s
	}
	return string(out)
}

// Bytes is [Redactor.String] for a byte slice. When nothing matched it returns b itself,
// without copying or allocating, since it runs on every tool result; otherwise it returns
// a new slice and leaves b unchanged.
func (r *Redactor) Bytes(b []byte) []byte {
	r = r.get()
	// Each stage runs on the text the one before left, so that each sees what a second
	// pass would see, and a second pass changes nothing:
	//   - exact values first: a key glued to the name after it ("…8AprivateKey=MC4C…")
	//     then no longer hides that name's word boundary;
	//   - PEM blocks next: a pair whose value starts a PEM block then sees the marker, and
	//     redacts whatever follows it too;
	//   - pairs last: a value with a secret in its middle is one run, marker included, so
	//     none of it is left behind.
	// Text with nothing to redact goes through all three without a copy.
	b = stage(b, r.m.find)
	b = stage(b, findPEM)
	return stage(b, findPairs)
}

func stage(b []byte, find func([]byte, []span) []span) []byte {
	if sp := find(b, nil); len(sp) > 0 {
		return replace(b, sp)
	}
	return b
}

// Contains reports whether any configured secret value appears in b, byte for byte. It
// ignores the patterns: it is a check for tests and a last guard before text leaves the
// host, where a hit means a redaction was skipped somewhere.
func (r *Redactor) Contains(b []byte) bool {
	return r.get().m.find(b, nil) != nil
}

// span is a half-open byte range [start, end) to replace with the marker.
type span struct{ start, end int }

// replace returns b with each span, after merging overlapping and touching ones, replaced
// by the marker. Merging matters: two overlapping values must become one marker, not a
// marker followed by the tail of the second.
func replace(b []byte, sp []span) []byte {
	slices.SortFunc(sp, func(x, y span) int { return x.start - y.start })
	out := make([]byte, 0, len(b))
	last := 0 // first byte of b not yet copied or replaced
	for i := 0; i < len(sp); {
		start, end := sp[i].start, sp[i].end
		for i++; i < len(sp) && sp[i].start <= end; i++ {
			end = max(end, sp[i].end)
		}
		out = append(out, b[last:start]...)
		out = append(out, Marker...)
		last = end
	}
	return append(out, b[last:]...)
}

// hasMarkerAt reports whether b holds the marker at i, so that already redacted text is
// not redacted again.
func hasMarkerAt(b []byte, i int) bool { return bytes.HasPrefix(b[i:], []byte(Marker)) }
