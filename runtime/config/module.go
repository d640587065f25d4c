package config

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Module is one community module, a [[module]] table: a Wasm file the operator chose to
// serve, pinned by its SHA-256 and given grants. Nothing in it comes from the module.
//
// Load checks what can be checked without reading the file (names, grants, limits);
// the host checks the file itself (pin, signature, imports, declarations) and refuses
// that module alone when it fails, so one bad module does not stop the others.
type Module struct {
	Name string `toml:"name"`
	// Path is the module's file; Load makes a relative path relative to the config file.
	Path string `toml:"path"`
	// SHA256 is the pin, 64 hex digits. A module without one is refused by the host.
	SHA256 string `toml:"sha256"`
	// Grants default to market_data only.
	Grants []string `toml:"grants"`
	// Symbols, when not empty, are the only symbols any request of the module may name.
	Symbols []string `toml:"symbols"`
	// MaxNotional caps one order of this module, in its quote asset; only with "trade".
	// [trading] max_notional applies as well: the lower cap wins.
	MaxNotional string `toml:"max_notional"`

	// The limits default to [runtime]'s; Load fills them in.
	MemoryLimit Size     `toml:"memory_limit"`
	Timeout     Duration `toml:"timeout"`
	MaxRequests *int     `toml:"max_requests"`
	MaxOutput   Size     `toml:"max_output"`

	// PublisherKey, when set, is the Ed25519 public key (base64) whose detached signature
	// the module must carry; a missing or wrong signature refuses the module.
	PublisherKey string `toml:"publisher_key"`
	// Signature is the signature file; Load defaults it to Path + ".sig".
	Signature string `toml:"signature"`
}

// GateGrants returns the module's grants as the gate's type.
func (m Module) GateGrants() gate.Grants {
	g := make(gate.Grants, len(m.Grants))
	for i, s := range m.Grants {
		g[i] = gate.Grant(s)
	}
	return g
}

// BuiltinModuleNames are the names of the modules compiled into the binary; a [[module]]
// may not take one.
var BuiltinModuleNames = []string{"market", "account", "trade"}

var moduleName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// validateModules checks the [[module]] tables and fills in their defaults.
func (c *Config) validateModules() []error {
	var errs []error
	seen := map[string]bool{}
	for _, b := range BuiltinModuleNames {
		seen[b] = true
	}
	dir := "."
	if c.Source != "defaults" {
		dir = filepath.Dir(c.Source)
	}
	for i := range c.Modules {
		m := &c.Modules[i]
		where := fmt.Sprintf("module[%d]", i)
		if m.Name != "" {
			where = fmt.Sprintf("module %q", m.Name)
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf(where+": "+format, args...))
		}
		switch {
		case !moduleName.MatchString(m.Name):
			bad("name %q: want 1 to 32 of a-z, 0-9 and _, starting with a letter", m.Name)
		case seen[m.Name]:
			bad("name %q is taken (built-in modules: %s; each [[module]] needs its own name)", m.Name, strings.Join(BuiltinModuleNames, ", "))
		}
		seen[m.Name] = true
		if m.Path == "" {
			bad("path is missing: want the module's .wasm file")
		} else if !filepath.IsAbs(m.Path) {
			m.Path = filepath.Join(dir, m.Path)
		}
		if m.Signature != "" && !filepath.IsAbs(m.Signature) {
			m.Signature = filepath.Join(dir, m.Signature)
		}
		if m.Signature == "" && m.Path != "" {
			m.Signature = m.Path + ".sig"
		}
		if m.Grants == nil {
			m.Grants = []string{string(gate.GrantMarketData)}
		}
		for _, g := range m.Grants {
			switch gate.Grant(g) {
			case gate.GrantMarketData, gate.GrantAccountRead, gate.GrantTrade:
			default:
				bad("grant %q: want market_data, account_read or trade", g)
			}
		}
		for j, sym := range m.Symbols {
			m.Symbols[j] = strings.ToUpper(sym)
			if !symbolLike(sym) {
				bad("symbols: %q is not a symbol", sym)
			}
		}
		if m.MaxNotional != "" {
			if !positiveDecimal(m.MaxNotional) {
				bad("max_notional = %q: want a positive decimal such as \"100\", or leave it out", m.MaxNotional)
			} else if !m.GateGrants().Has(gate.GrantTrade) {
				bad("max_notional is set, but the module has no \"trade\" grant, so it places no orders")
			}
		}
		if m.MemoryLimit == 0 {
			m.MemoryLimit = c.Runtime.MemoryLimit
		}
		if m.Timeout == 0 {
			m.Timeout = c.Runtime.Timeout
		}
		if m.MaxOutput == 0 {
			m.MaxOutput = c.Runtime.MaxOutput
		}
		if m.MaxRequests == nil {
			n := c.Runtime.MaxRequests
			m.MaxRequests = &n
		}
		if err := checkLimits(m.MemoryLimit, m.Timeout.D(), m.MaxOutput, *m.MaxRequests, 0); err != "" {
			bad("%s", err)
		}
		if m.Timeout.D() <= c.Binance.Timeout.D() && *m.MaxRequests > 0 {
			bad("timeout = %s: want more than binance.timeout (%s), so that a slow exchange is reported as such and not as the module overrunning", m.Timeout.D(), c.Binance.Timeout.D())
		}
	}
	return errs
}

// checkLimits reports the first sandbox limit out of range, in the words of the config
// keys; min is the smallest max_requests accepted.
func checkLimits(memory Size, timeout time.Duration, output Size, requests, min int) string {
	switch {
	case memory < 16<<20 || memory > 4<<30:
		return fmt.Sprintf("memory_limit = %d bytes: want 16MiB to 4GiB (a Go module needs several MiB to start)", memory)
	case memory%(64<<10) != 0:
		return fmt.Sprintf("memory_limit = %d bytes: want a whole number of 64KiB Wasm pages, such as \"32MiB\"", memory)
	case timeout < 100*time.Millisecond || timeout > 5*time.Minute:
		return fmt.Sprintf("timeout = %s: want 100ms to 5m", timeout)
	case output < 1<<10 || output > 64<<20:
		return fmt.Sprintf("max_output = %d bytes: want 1KiB to 64MiB", output)
	case requests < min || requests > 1000:
		return fmt.Sprintf("max_requests = %d: want %d to 1000", requests, min)
	}
	return ""
}

func symbolLike(sym string) bool {
	return sym != "" && len(sym) <= 20 && !strings.ContainsAny(sym, " \t&=?#/%")
}

func positiveDecimal(s string) bool {
	d, err := decimal.NewFromString(s)
	return err == nil && d.Sign() > 0 && !strings.ContainsAny(s, "eE")
}
