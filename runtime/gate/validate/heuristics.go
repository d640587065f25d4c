package validate

import "strings"

// injectionPatterns are fragments that no symbol, asset, interval, client order id or
// search text a trader sends contains, and that attacks on other programs do: a tool's
// arguments end up in logs, dashboards and prompts that may interpret them. They are
// heuristics: MCP_INPUT_VALIDATION=false turns them off, and nothing else, since every
// type, bound and filter check stands on its own.
var injectionPatterns = []string{
	"<script", "javascript:", "<!--", "<img", "<iframe", "<svg", "onerror=", "onload=", // markup read by a log viewer or dashboard
	"${", "{{", "$(", "`", // template and shell expansion
	"../", "..\\", "%2e%2e", // path traversal
	"\x00", "%00", // NUL truncation
	"' or '", " or 1=1", "\" or \"", "union select", "; drop ", "--;", // SQL
	"ignore previous instructions", "ignore all previous", // prompt injection aimed at the next model to read the text
}

// Suspicious returns the first injection pattern s contains, compared without regard to
// ASCII case.
func Suspicious(s string) (pattern string, found bool) {
	lower := strings.ToLower(s)
	for _, p := range injectionPatterns {
		if strings.Contains(lower, p) {
			return p, true
		}
	}
	return "", false
}
