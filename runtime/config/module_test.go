package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func loadText(t *testing.T, body string) (Config, string, error) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, env(nil))
	return cfg, dir, err
}

// TestModuleRejected pairs every [[module]] rule with the input it refuses and the
// nearest input it accepts.
func TestModuleRejected(t *testing.T) {
	const base = "[[module]]\nname = \"watch\"\npath = \"w.wasm\"\nsha256 = \"00\"\n"
	tests := []struct {
		name, rejected, accepted, wantErr string
	}{
		{"name with a capital", `name = "Watch"`, `name = "watch2"`, "want 1 to 32 of a-z"},
		{"name too long", `name = "` + strings.Repeat("a", 33) + `"`, `name = "` + strings.Repeat("a", 32) + `"`, "want 1 to 32"},
		{"name of a built-in", `name = "market"`, `name = "markets"`, "is taken"},
		{"unknown grant", `grants = ["withdraw"]`, `grants = ["trade"]`, `grant "withdraw"`},
		{"symbol with a space", `symbols = ["BTC USDT"]`, `symbols = ["btcusdt"]`, "is not a symbol"},
		{"max_notional without trade", `max_notional = "100"`, "max_notional = \"100\"\ngrants = [\"trade\"]", `no "trade" grant`},
		{"max_notional not positive", "max_notional = \"0\"\ngrants = [\"trade\"]", "max_notional = \"0.01\"\ngrants = [\"trade\"]", "want a positive decimal"},
		{"max_notional with an exponent", "max_notional = \"1e2\"\ngrants = [\"trade\"]", "max_notional = \"100\"\ngrants = [\"trade\"]", "want a positive decimal"},
		{"memory below 16MiB", `memory_limit = "16383KiB"`, `memory_limit = "16MiB"`, "memory_limit"},
		{"memory not whole pages", `memory_limit = "16400KiB"`, `memory_limit = "16448KiB"`, "64KiB Wasm pages"},
		{"timeout too short", `timeout = "99ms"`, "timeout = \"100ms\"\nmax_requests = 0", "timeout = 99ms"},
		{"timeout not above the exchange's", `timeout = "4s"`, `timeout = "4001ms"`, "more than binance.timeout"},
		{"output too small", `max_output = "1023"`, `max_output = "1KiB"`, "max_output"},
		{"negative requests", `max_requests = -1`, `max_requests = 0`, "max_requests = -1"},
		{"too many requests", `max_requests = 1001`, `max_requests = 1000`, "max_requests = 1001"},
		{"unknown key", `sha = "x"`, `sha256 = "x"`, "unknown key(s) module.sha"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A key given again overrides nothing in TOML: drop base's line of the same key.
			build := func(extra string) string {
				lines := []string{}
				for _, l := range strings.Split(strings.TrimSpace(base), "\n") {
					key := strings.Fields(l)[0]
					if !strings.Contains(extra, key+" =") {
						lines = append(lines, l)
					}
				}
				return strings.Join(lines, "\n") + "\n" + extra + "\n"
			}
			if _, _, err := loadText(t, build(tt.rejected)); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("rejected %q: err = %v, want one mentioning %q", tt.rejected, err, tt.wantErr)
			}
			if _, _, err := loadText(t, build(tt.accepted)); err != nil {
				t.Errorf("accepted %q: %v", tt.accepted, err)
			}
		})
	}
}

func TestModuleMissingPathAndDuplicateName(t *testing.T) {
	if _, _, err := loadText(t, "[[module]]\nname = \"a\"\n"); err == nil || !strings.Contains(err.Error(), "path is missing") {
		t.Errorf("missing path: %v", err)
	}
	two := "[[module]]\nname = \"a\"\npath = \"a.wasm\"\n[[module]]\nname = \"a\"\npath = \"b.wasm\"\n"
	if _, _, err := loadText(t, two); err == nil || !strings.Contains(err.Error(), `name "a" is taken`) {
		t.Errorf("duplicate name: %v", err)
	}
}

// TestModuleDefaults: paths are relative to the config file, grants default to
// market_data, limits to [runtime]'s, and the signature to the path + ".sig".
func TestModuleDefaults(t *testing.T) {
	cfg, dir, err := loadText(t, "[runtime]\ntimeout = \"7s\"\n[[module]]\nname = \"a\"\npath = \"mods/a.wasm\"\n[[module]]\nname = \"b\"\npath = \"/abs/b.wasm\"\nmax_requests = 0\nsignature = \"b.sig\"\n")
	if err != nil {
		t.Fatal(err)
	}
	a, b := cfg.Modules[0], cfg.Modules[1]
	if a.Path != filepath.Join(dir, "mods/a.wasm") || a.Signature != filepath.Join(dir, "mods/a.wasm.sig") {
		t.Errorf("paths of a: %q %q", a.Path, a.Signature)
	}
	if len(a.Grants) != 1 || a.Grants[0] != "market_data" {
		t.Errorf("grants of a: %v", a.Grants)
	}
	if a.Timeout.D() != 7*time.Second || a.MemoryLimit != 64<<20 || a.MaxOutput != 256<<10 || *a.MaxRequests != 10 {
		t.Errorf("limits of a: %+v", a)
	}
	if b.Path != "/abs/b.wasm" || b.Signature != filepath.Join(dir, "b.sig") || *b.MaxRequests != 0 {
		t.Errorf("b: %+v", b)
	}
}
