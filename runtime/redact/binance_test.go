package redact

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// binanceMessages extracts every error message from testdata/binance-errors.md, a verbatim
// copy of errors.md from binance/binance-spot-api-docs (commit a5e0bc3d, 2026-07-21): the
// bullet under each code, and the first cell of each row of the matching-engine and
// filter-failure tables, without its quotes.
func binanceMessages(t *testing.T) (file string, msgs []string) {
	t.Helper()
	b, err := os.ReadFile("testdata/binance-errors.md")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "* "):
			msgs = append(msgs, strings.TrimSpace(line[2:]))
		case strings.HasPrefix(line, `"`) || strings.HasPrefix(line, "| "):
			for cell := range strings.SplitSeq(line, "|") {
				if cell = strings.TrimSpace(cell); cell != "" {
					msgs = append(msgs, strings.Trim(cell, `"`))
					break
				}
			}
		}
	}
	return string(b), msgs
}

// Garbling Binance's own error text is a bug: the agent reads it to decide what to do.
// The Python server's redaction turns "API-key format invalid." into "[REDACTED] invalid.".
func TestBinanceErrors(t *testing.T) {
	file, msgs := binanceMessages(t)
	// A broken extractor must not pass by checking nothing; the file has over 200.
	if len(msgs) < 200 {
		t.Fatalf("extracted %d messages, want at least 200", len(msgs))
	}
	for _, msg := range msgs {
		forms := []string{msg}
		// As Binance fills its placeholders: with the names of the very parameters
		// that carry credentials.
		for _, p := range []string{"signature", "apiKey", "secretKey", "X-MBX-APIKEY"} {
			forms = append(forms, strings.ReplaceAll(msg, "%s", p))
		}
		// As Binance sends it, and as a tool result carries it.
		j, err := json.Marshal(map[string]any{"code": -2015, "msg": msg})
		if err != nil {
			t.Fatal(err)
		}
		forms = append(forms, string(j))
		for _, in := range forms {
			if got := testRedactor.String(in); got != in {
				t.Errorf("Binance message changed:\n got %q\nwant %q", got, in)
			}
		}
	}
	if got := testRedactor.String(file); got != file {
		t.Error("errors.md as a whole changed")
	}
}
