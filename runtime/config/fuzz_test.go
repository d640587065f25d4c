package config

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzLoad feeds arbitrary files to Load. Invariants: no panic; a file that loads holds
// only what validate promises of every [[module]]: a valid unique name, an absolute path
// and signature path, known grants, limits in range, and max_notional only with "trade".
// Seeds live in testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("[[module]]\nname = \"watch\"\npath = \"w.wasm\"\nsha256 = \"00\"\nsymbols = [\"btcusdt\"]\n"))
	f.Add([]byte("[[module]]\nname = \"bot\"\npath = \"/m/b.wasm\"\ngrants = [\"trade\"]\nmax_notional = \"100\"\nmax_requests = 0\ntimeout = \"100ms\"\n"))
	f.Add([]byte("[runtime]\ntimeout = \"7s\"\n[[module]]\nname = \"a\"\npath = \"a\"\nmemory_limit = \"16MiB\"\n[[module]]\nname = \"b\"\npath = \"b\"\n"))
	f.Add([]byte("[trading]\nenabled = true\nmax_notional = \"1e2\"\n"))
	dir := f.TempDir()
	path := filepath.Join(dir, "c.toml")
	f.Fuzz(func(t *testing.T, file []byte) {
		if err := os.WriteFile(path, file, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(path, func(string) string { return "" })
		if err != nil {
			return
		}
		names := map[string]bool{}
		for _, m := range cfg.Modules {
			switch {
			case !moduleName.MatchString(m.Name) || names[m.Name] || slices.Contains(BuiltinModuleNames, m.Name):
				t.Fatalf("accepted name %q", m.Name)
			case !filepath.IsAbs(m.Path) || !filepath.IsAbs(m.Signature):
				t.Fatalf("paths not absolute: %q %q", m.Path, m.Signature)
			case m.MaxRequests == nil || checkLimits(m.MemoryLimit, m.Timeout.D(), m.MaxOutput, *m.MaxRequests, 0) != "":
				t.Fatalf("limits out of range: %+v", m)
			case m.MaxNotional != "" && (!positiveDecimal(m.MaxNotional) || !m.GateGrants().Has("trade")):
				t.Fatalf("max_notional %q with grants %v", m.MaxNotional, m.Grants)
			}
			for _, g := range m.Grants {
				if g != "market_data" && g != "account_read" && g != "trade" {
					t.Fatalf("accepted grant %q", g)
				}
			}
			names[m.Name] = true
		}
	})
}
