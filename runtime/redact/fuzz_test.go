package redact

import (
	"strings"
	"testing"
)

// sensitiveWords are what every credential pattern needs in its input: each credential
// name contains one of them, and a PEM block starts with "-----BEGIN". Text with none of
// them, and no configured value, has nothing to redact.
var sensitiveWords = []string{"key", "secret", "signature", "token", "pass", "-----begin"}

func looksSensitive(s string) bool {
	if testRedactor.Contains([]byte(s)) {
		return true
	}
	l := strings.ToLower(s)
	for _, w := range sensitiveWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// FuzzRedact feeds text, optionally with a configured secret inserted at a fuzzed offset,
// and checks the invariants:
//   - no configured secret survives;
//   - text with no secret and no credential-looking word comes back byte-identical;
//   - redaction is idempotent: a second pass changes nothing;
//   - String and Bytes agree.
//
// Seeds: every mustRedact and mustNotChange vector (added below), and the checked-in
// corpus in testdata/fuzz/FuzzRedact: hostile shapes (markers inside values, PEM without
// END, escaped JSON, chained separators) and the inputs that found bugs, named regression_*.
// Run: go test -run x -fuzz FuzzRedact -fuzztime 20s ./runtime/redact/
func FuzzRedact(f *testing.F) {
	for i, v := range mustRedact {
		f.Add(v.in, uint8(i), uint16(i*7))
	}
	for i, in := range mustNotChange {
		f.Add(in, uint8(4+i%4), uint16(0))
	}
	f.Fuzz(func(t *testing.T, in string, which uint8, at uint16) {
		// which 0–3 inserts configured[which]; 4–7 leaves the text as it is.
		if w := int(which % 8); w < len(configured) {
			pos := int(at) % (len(in) + 1)
			in = in[:pos] + configured[w] + in[pos:]
		}
		out := testRedactor.String(in)
		noSecrets(t, out)
		if !looksSensitive(in) && out != in {
			t.Errorf("text without secrets changed:\n in %q\nout %q", in, out)
		}
		if again := testRedactor.String(out); again != out {
			t.Errorf("not idempotent:\n in %q\nout %q\nagain %q", in, out, again)
		}
		if b := testRedactor.Bytes([]byte(in)); string(b) != out {
			t.Errorf("Bytes %q != String %q", b, out)
		}
	})
}
