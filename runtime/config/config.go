// Package config reads Tollgate's configuration: a TOML file (config.toml documents every
// key and its default) and the environment variables that override it.
//
// # Precedence
//
// Defaults, then the file, then the environment. A Config is a value: once Load returns,
// nothing changes it, and every part of the server reads the same copy.
//
// # Strictness
//
// An unknown key in the file is an error, not a warning: a misspelt "enabled" must not
// silently leave a safety switch at a value the operator did not mean.
package config

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/tollgate/tollgate/runtime/gate/sign"
)

// Production endpoints. Tests point BINANCE_BASE_URL at a local stand-in instead.
const (
	MainnetBaseURL        = "https://api.binance.com"
	TestnetBaseURL        = "https://testnet.binance.vision"
	MainnetFuturesBaseURL = "https://fapi.binance.com"
	TestnetFuturesBaseURL = "https://testnet.binancefuture.com"
)

// Config is the whole configuration.
type Config struct {
	Binance   Binance   `toml:"binance"`
	Exchange  Exchange  `toml:"exchange"`
	Runtime   Runtime   `toml:"runtime"`
	Log       Log       `toml:"log"`
	RateLimit RateLimit `toml:"rate_limit"`
	Trading   Trading   `toml:"trading"`
	Input     Input     `toml:"input"`
	// Modules are the community modules, [[module]] tables, in file order.
	Modules []Module `toml:"module"`

	// Credentials are the API key and its signer, from BINANCE_API_KEY with
	// BINANCE_API_SECRET or binance.private_key_file; nil when none are set. They are read
	// from the environment only, never from the file, which is easy to commit by mistake.
	Credentials *sign.Credentials `toml:"-"`

	// Source names where the configuration came from, for messages ("defaults" or a path).
	Source string `toml:"-"`
}

// Binance says where requests go.
type Binance struct {
	BaseURL        string   `toml:"base_url"`
	FuturesBaseURL string   `toml:"futures_base_url"`
	Testnet        bool     `toml:"testnet"`
	Timeout        Duration `toml:"timeout"`
	// PrivateKeyFile is an Ed25519 or RSA PKCS#8 private key (BINANCE_PRIVATE_KEY_FILE),
	// used with BINANCE_API_KEY instead of BINANCE_API_SECRET.
	PrivateKeyFile string `toml:"private_key_file"`
}

// Exchange tunes what the gate caches from the exchange.
type Exchange struct {
	InfoTTL Duration `toml:"info_ttl"`
}

// Runtime tunes the Wasm sandbox.
type Runtime struct {
	// CacheDir holds compiled modules; empty means the user's cache directory.
	CacheDir string `toml:"cache_dir"`
	// CompilationCache turns the on-disk compilation cache on or off.
	CompilationCache bool `toml:"compilation_cache"`
	// PoolSize is the number of prepared instances kept per module.
	PoolSize int `toml:"pool_size"`
	// Timeout is the per-call deadline of a built-in module.
	Timeout Duration `toml:"timeout"`
	// MemoryLimit caps a built-in module's memory, e.g. "64MiB".
	MemoryLimit Size `toml:"memory_limit"`
	// MaxOutput caps a tool result, e.g. "256KiB".
	MaxOutput Size `toml:"max_output"`
	// MaxRequests caps gate operations per tool call.
	MaxRequests int `toml:"max_requests"`
}

// Log says where logs and audit events go.
type Log struct {
	// Level is debug, info, warn or error.
	Level string `toml:"level"`
	// File receives logs instead of stderr when set. stdout is never used: in stdio mode
	// it carries MCP messages only.
	File string `toml:"file"`
	// Security turns the SECURITY_EVENT audit lines on (MCP_LOG_SECURITY).
	Security bool `toml:"security"`
	// AuditFile receives audit lines instead of the log destination when set.
	AuditFile string `toml:"audit_file"`
}

// RateLimit limits tool calls per minute, whatever they cost at Binance (the gate budgets
// Binance's request weight separately, always).
type RateLimit struct {
	// Enabled turns the limit on (MCP_RATE_LIMIT_ENABLED).
	Enabled bool `toml:"enabled"`
	// MaxRequestsPerMinute is the most tool calls in any 60 s (MCP_MAX_REQUESTS_PER_MINUTE).
	MaxRequestsPerMinute int `toml:"max_requests_per_minute"`
}

// Input tunes argument checks.
type Input struct {
	// Heuristics turns on the injection-pattern checks of free-text arguments
	// (MCP_INPUT_VALIDATION). Type, bound and filter checks are always on.
	Heuristics bool `toml:"heuristics"`
}

// Trading is the master switch for orders. No order reaches Binance unless Enabled.
type Trading struct {
	Enabled bool `toml:"enabled"`
	// MaxNotional caps one order's value in its quote asset (price × quantity, or
	// quoteOrderQty), as a decimal string; "" is no cap.
	MaxNotional string `toml:"max_notional"`
	// Symbols, when not empty, are the only symbols orders may be placed on.
	Symbols []string `toml:"symbols"`
}

// Default returns the configuration used when there is no file and no environment.
func Default() Config {
	return Config{
		Binance:  Binance{BaseURL: MainnetBaseURL, FuturesBaseURL: MainnetFuturesBaseURL, Timeout: Duration(4 * time.Second)},
		Exchange: Exchange{InfoTTL: Duration(10 * time.Minute)},
		Runtime: Runtime{
			CompilationCache: true, PoolSize: 2, Timeout: Duration(5 * time.Second),
			MemoryLimit: 64 << 20, MaxOutput: 256 << 10, MaxRequests: 10,
		},
		Log:       Log{Level: "info", Security: true},
		RateLimit: RateLimit{Enabled: true, MaxRequestsPerMinute: 60},
		Input:     Input{Heuristics: true},
		Trading:   Trading{Symbols: []string{}},
		Source:    "defaults",
	}
}

// Load reads the file at path (none when path is empty) over the defaults, then applies
// the environment as read by getenv.
func Load(path string, getenv func(string) string) (Config, error) {
	cfg := Default()
	if path != "" {
		text, err := readFile(path)
		if err != nil {
			return Config{}, fmt.Errorf("config %s: %w", path, err)
		}
		md, err := toml.Decode(text, &cfg)
		if err != nil {
			return Config{}, fmt.Errorf("config %s: %w", path, err)
		}
		if undecoded := md.Undecoded(); len(undecoded) > 0 {
			keys := make([]string, len(undecoded))
			for i, k := range undecoded {
				keys[i] = k.String()
			}
			return Config{}, fmt.Errorf("config %s: unknown key(s) %s", path, strings.Join(keys, ", "))
		}
		cfg.Source = path
	}
	if err := applyEnv(&cfg, getenv); err != nil {
		return Config{}, err
	}
	if err := cfg.validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// MaxFileSize caps the configuration file; a real one is a few KiB.
const MaxFileSize = 1 << 20

// readFile reads a regular file of at most MaxFileSize bytes (not /dev/zero, a FIFO or a
// directory).
func readFile(path string) (string, error) {
	// O_NONBLOCK: opening a FIFO would otherwise wait for a writer, forever and deaf to
	// SIGTERM; the type is checked on what was opened.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("not a regular file (%s)", fi.Mode().Type())
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return "", err
	}
	if len(b) > MaxFileSize {
		return "", fmt.Errorf("larger than %d bytes", MaxFileSize)
	}
	return string(b), nil
}

// Path returns the config file to read: the flag's value, else TOLLGATE_CONFIG, else none.
func Path(flagValue string, getenv func(string) string) string {
	if flagValue != "" {
		return flagValue
	}
	return getenv("TOLLGATE_CONFIG")
}

func applyEnv(cfg *Config, getenv func(string) string) error {
	if v := getenv("BINANCE_TESTNET"); v != "" {
		b, err := parseBool("BINANCE_TESTNET", v)
		if err != nil {
			return err
		}
		cfg.Binance.Testnet = b
	}
	if cfg.Binance.Testnet {
		// The testnet names its own hosts; never send testnet traffic to mainnet.
		if cfg.Binance.BaseURL == MainnetBaseURL {
			cfg.Binance.BaseURL = TestnetBaseURL
		}
		if cfg.Binance.FuturesBaseURL == MainnetFuturesBaseURL {
			cfg.Binance.FuturesBaseURL = TestnetFuturesBaseURL
		}
	}
	if v := getenv("BINANCE_BASE_URL"); v != "" {
		cfg.Binance.BaseURL = v
	}
	if v := getenv("BINANCE_FUTURES_BASE_URL"); v != "" {
		cfg.Binance.FuturesBaseURL = v
	}
	if v := getenv("MCP_RATE_LIMIT_ENABLED"); v != "" {
		b, err := parseBool("MCP_RATE_LIMIT_ENABLED", v)
		if err != nil {
			return err
		}
		cfg.RateLimit.Enabled = b
	}
	if v := getenv("MCP_MAX_REQUESTS_PER_MINUTE"); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("MCP_MAX_REQUESTS_PER_MINUTE=%q: want a whole number from 1 to 100000", v)
		}
		cfg.RateLimit.MaxRequestsPerMinute = n
	}
	if v := getenv("MCP_LOG_SECURITY"); v != "" {
		b, err := parseBool("MCP_LOG_SECURITY", v)
		if err != nil {
			return err
		}
		cfg.Log.Security = b
	}
	if v := getenv("MCP_INPUT_VALIDATION"); v != "" {
		b, err := parseBool("MCP_INPUT_VALIDATION", v)
		if err != nil {
			return err
		}
		cfg.Input.Heuristics = b
	}
	if v := getenv("BINANCE_PRIVATE_KEY_FILE"); v != "" {
		cfg.Binance.PrivateKeyFile = v
	}
	creds, err := sign.Load(sign.Source{
		APIKey:         getenv("BINANCE_API_KEY"),
		APISecret:      getenv("BINANCE_API_SECRET"),
		PrivateKeyFile: cfg.Binance.PrivateKeyFile,
	})
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	cfg.Credentials = creds
	return nil
}

func parseBool(name, v string) (bool, error) {
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return false, fmt.Errorf("%s=%q: want true or false", name, v)
	}
	return b, nil
}

func (c *Config) validate() error {
	var errs []error
	// "https://api.binance.com/" would make every path start with "//".
	c.Binance.BaseURL = strings.TrimRight(c.Binance.BaseURL, "/")
	c.Binance.FuturesBaseURL = strings.TrimRight(c.Binance.FuturesBaseURL, "/")
	for name, u := range map[string]string{"binance.base_url": c.Binance.BaseURL, "binance.futures_base_url": c.Binance.FuturesBaseURL} {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || p.RawQuery != "" || p.User != nil || p.Fragment != "" || strings.Contains(u, "#") {
			// The value is not repeated: a URL with user info or a query may carry a key.
			errs = append(errs, fmt.Errorf("%s is not usable: want an http(s) URL with a host and no user info, query or fragment, such as https://api.binance.com (the value is not shown, since it may hold a credential)", name))
		}
	}
	// A testnet flag with a mainnet URL is a contradiction whose cost is real orders on
	// mainnet by someone who believes they are testing: refuse it.
	if c.Binance.Testnet && (c.Binance.BaseURL == MainnetBaseURL || c.Binance.FuturesBaseURL == MainnetFuturesBaseURL) {
		errs = append(errs, errors.New("BINANCE_TESTNET=true, but a base URL names Binance's mainnet (BINANCE_BASE_URL or BINANCE_FUTURES_BASE_URL): unset it to use the testnet, or set BINANCE_TESTNET=false to use mainnet"))
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log.level = %q: want debug, info, warn or error", c.Log.Level))
	}
	if c.RateLimit.MaxRequestsPerMinute < 1 || c.RateLimit.MaxRequestsPerMinute > 100000 {
		errs = append(errs, fmt.Errorf("rate_limit.max_requests_per_minute = %d: want 1 to 100000", c.RateLimit.MaxRequestsPerMinute))
	}
	if c.Runtime.PoolSize < 0 || c.Runtime.PoolSize > 64 {
		errs = append(errs, fmt.Errorf("runtime.pool_size = %d: want 0 to 64", c.Runtime.PoolSize))
	}
	if err := checkLimits(c.Runtime.MemoryLimit, c.Runtime.Timeout.D(), c.Runtime.MaxOutput, c.Runtime.MaxRequests, 1); err != "" {
		errs = append(errs, errors.New("runtime."+err))
	}
	// A request to Binance runs inside a tool call: it must time out first, so that a slow
	// exchange is reported as a network error and not as the tool overrunning its deadline.
	if c.Binance.Timeout.D() <= 0 || c.Binance.Timeout.D() >= c.Runtime.Timeout.D() {
		errs = append(errs, fmt.Errorf("binance.timeout = %s: want more than 0 and less than runtime.timeout (%s)", c.Binance.Timeout.D(), c.Runtime.Timeout.D()))
	}
	if c.Trading.MaxNotional != "" {
		if !positiveDecimal(c.Trading.MaxNotional) {
			errs = append(errs, fmt.Errorf("trading.max_notional = %q: want a positive decimal such as \"100\" or \"250.5\", or \"\" for no cap", c.Trading.MaxNotional))
		}
	}
	for i, sym := range c.Trading.Symbols {
		c.Trading.Symbols[i] = strings.ToUpper(sym)
		if !symbolLike(sym) {
			errs = append(errs, fmt.Errorf("trading.symbols: %q is not a symbol", sym))
		}
	}
	errs = append(errs, c.validateModules()...)
	if c.Exchange.InfoTTL.D() < time.Second {
		errs = append(errs, fmt.Errorf("exchange.info_ttl = %s: want at least 1s", c.Exchange.InfoTTL.D()))
	}
	return errors.Join(errs...)
}

// CacheDir returns the compilation cache directory: the configured one, or
// tollgate/wazero under the user's cache directory.
func (c Config) CacheDir() (string, error) {
	if c.Runtime.CacheDir != "" {
		return c.Runtime.CacheDir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory (set runtime.cache_dir): %w", err)
	}
	return filepath.Join(base, "tollgate", "wazero"), nil
}

// Environment names the Binance environment requests go to: "mainnet" or "testnet" when
// the spot base URL is that environment's, "custom" for anything else (a stand-in, a proxy).
func (c Config) Environment() string {
	switch c.Binance.BaseURL {
	case MainnetBaseURL:
		return "mainnet"
	case TestnetBaseURL:
		return "testnet"
	}
	return "custom"
}
