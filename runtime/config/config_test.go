package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRepoConfigIsTheDefault(t *testing.T) {
	cfg, err := Load("../../config.toml", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Source = cfg.Source
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("config.toml differs from Default():\n got %+v\nwant %+v", cfg, want)
	}
}

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		check func(Config) bool
	}{
		{"base url", map[string]string{"BINANCE_BASE_URL": "http://127.0.0.1:9"}, func(c Config) bool { return c.Binance.BaseURL == "http://127.0.0.1:9" }},
		{"testnet hosts", map[string]string{"BINANCE_TESTNET": "true"}, func(c Config) bool {
			return c.Binance.BaseURL == TestnetBaseURL && c.Binance.FuturesBaseURL == TestnetFuturesBaseURL
		}},
		{"testnet with explicit base", map[string]string{"BINANCE_TESTNET": "1", "BINANCE_BASE_URL": "http://127.0.0.1:9"}, func(c Config) bool {
			return c.Binance.BaseURL == "http://127.0.0.1:9" && c.Binance.Testnet
		}},
		{"security log off", map[string]string{"MCP_LOG_SECURITY": "false"}, func(c Config) bool { return !c.Log.Security }},
		{"call limit off", map[string]string{"MCP_RATE_LIMIT_ENABLED": "false"}, func(c Config) bool { return !c.RateLimit.Enabled }},
		{"call limit", map[string]string{"MCP_MAX_REQUESTS_PER_MINUTE": "1"}, func(c Config) bool { return c.RateLimit.MaxRequestsPerMinute == 1 }},
		{"futures base", map[string]string{"BINANCE_FUTURES_BASE_URL": "http://127.0.0.1:8"}, func(c Config) bool { return c.Binance.FuturesBaseURL == "http://127.0.0.1:8" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load("", env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(cfg) {
				t.Errorf("got %+v", cfg.Binance)
			}
		})
	}
}

func TestRejected(t *testing.T) {
	tests := []struct {
		name, file string
		env        map[string]string
		wantErr    string
	}{
		{name: "unknown key", file: "[trading]\nenable = true\n", wantErr: "unknown key(s) trading.enable"},
		{name: "bad bool env", env: map[string]string{"BINANCE_TESTNET": "yes please"}, wantErr: "BINANCE_TESTNET"},
		{name: "base url with query", env: map[string]string{"BINANCE_BASE_URL": "http://x/?a=b"}, wantErr: "binance.base_url"},
		{name: "base url not http", env: map[string]string{"BINANCE_BASE_URL": "file:///etc"}, wantErr: "binance.base_url"},
		{name: "base url with user info", env: map[string]string{"BINANCE_BASE_URL": "http://user:SECRETinURL0123456789@127.0.0.1:9"}, wantErr: "binance.base_url"},
		{name: "base url with fragment", env: map[string]string{"BINANCE_BASE_URL": "http://127.0.0.1:9#frag"}, wantErr: "binance.base_url"},
		{name: "futures url with a key in the query", env: map[string]string{"BINANCE_FUTURES_BASE_URL": "http://127.0.0.1:9/?k=SECRETinURL0123456789"}, wantErr: "binance.futures_base_url"},
		{name: "config is a FIFO", env: map[string]string{}, wantErr: "not a regular file"},
		{name: "testnet with a mainnet base URL", env: map[string]string{"BINANCE_TESTNET": "true", "BINANCE_BASE_URL": "https://api.binance.com"}, wantErr: "BINANCE_TESTNET=true, but a base URL names Binance's mainnet"},
		{name: "testnet with a mainnet futures URL", env: map[string]string{"BINANCE_TESTNET": "true", "BINANCE_FUTURES_BASE_URL": "https://fapi.binance.com"}, wantErr: "BINANCE_TESTNET=true"},
		{name: "bad duration", file: "[runtime]\ntimeout = \"soon\"\n", wantErr: "duration"},
		{name: "zero timeout", file: "[runtime]\ntimeout = \"0s\"\n", wantErr: "runtime.timeout"},
		{name: "bad size", file: "[runtime]\nmemory_limit = \"lots\"\n", wantErr: "size"},
		{name: "tiny memory", file: "[runtime]\nmemory_limit = \"1KiB\"\n", wantErr: "runtime.memory_limit"},
		{name: "memory a module cannot start in", file: "[runtime]\nmemory_limit = \"15MiB\"\n", wantErr: "runtime.memory_limit"},
		{name: "timeout too short to start", file: "[runtime]\ntimeout = \"99ms\"\n", wantErr: "runtime.timeout"},
		{name: "binance timeout not inside the call's", file: "[binance]\ntimeout = \"5s\"\n", wantErr: "binance.timeout"},
		{name: "config not a regular file", env: map[string]string{}, wantErr: "not a regular file"},
		{name: "log level", file: "[log]\nlevel = \"loud\"\n", wantErr: "log.level"},
		{name: "call limit zero", env: map[string]string{"MCP_MAX_REQUESTS_PER_MINUTE": "0"}, wantErr: "rate_limit.max_requests_per_minute"},
		{name: "call limit not a number", env: map[string]string{"MCP_MAX_REQUESTS_PER_MINUTE": "sixty"}, wantErr: "MCP_MAX_REQUESTS_PER_MINUTE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.name == "config not a regular file" {
				path = "/dev/zero"
			}
			if tt.name == "config is a FIFO" { // opening one would block until a writer came
				path = filepath.Join(t.TempDir(), "fifo.toml")
				if err := syscall.Mkfifo(path, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if tt.file != "" {
				path = filepath.Join(t.TempDir(), "c.toml")
				if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Load(path, env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "SECRETinURL") {
				t.Fatalf("the error repeats a credential: %v", err)
			}
		})
	}
}

func TestNearestAccepted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	body := "[binance]\ntimeout = \"99ms\"\n[runtime]\ntimeout = \"100ms\"\nmemory_limit = \"16MiB\"\nmax_output = \"1KiB\"\nmax_requests = 1\npool_size = 0\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Runtime.Timeout.D() != 100*time.Millisecond || cfg.Runtime.MemoryLimit != 16<<20 || cfg.Runtime.MaxOutput != 1<<10 {
		t.Errorf("got %+v", cfg.Runtime)
	}
}

func TestPath(t *testing.T) {
	if got := Path("a.toml", env(map[string]string{"TOLLGATE_CONFIG": "b.toml"})); got != "a.toml" {
		t.Errorf("flag should win, got %q", got)
	}
	if got := Path("", env(map[string]string{"TOLLGATE_CONFIG": "b.toml"})); got != "b.toml" {
		t.Errorf("env should apply, got %q", got)
	}
}

func TestTrailingSlashTrimmed(t *testing.T) {
	cfg, err := Load("", env(map[string]string{"BINANCE_BASE_URL": "http://127.0.0.1:9/"}))
	if err != nil || cfg.Binance.BaseURL != "http://127.0.0.1:9" {
		t.Fatalf("base url %q, err %v", cfg.Binance.BaseURL, err)
	}
}

func TestEnvironment(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "mainnet"},
		{map[string]string{"BINANCE_TESTNET": "true"}, "testnet"},
		{map[string]string{"BINANCE_BASE_URL": "http://127.0.0.1:9"}, "custom"},
		{map[string]string{"BINANCE_TESTNET": "true", "BINANCE_BASE_URL": "http://127.0.0.1:9"}, "custom"},
	} {
		cfg, err := Load("", env(tc.env))
		if err != nil || cfg.Environment() != tc.want {
			t.Errorf("%v: %q, %v; want %q", tc.env, cfg.Environment(), err, tc.want)
		}
	}
}
