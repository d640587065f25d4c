package host

import (
	"context"
	"log/slog"
	"reflect"
	"slices"
	"strings"

	"github.com/tollgate/tollgate/runtime/config"
	"github.com/tollgate/tollgate/runtime/mcpserver"
)

// Reload applies cfg's [[module]] tables while the server runs: every module file is read
// and its pin and signature checked again, modules whose bytes and settings are unchanged
// keep their prepared instances, and the new set replaces the old in one step, announced
// to clients with notifications/tools/list_changed. Calls in flight finish on the version
// they started with; a module left out is closed once they have. A module that fails is
// refused as at start-up, and is no longer served in any version.
//
// Only [[module]] is reloaded. The gate's state (rate-limit budgets, back-off, the clock
// offset, orders in flight) must survive, so a change elsewhere is reported in the log and
// takes effect at the next start.
func (h *Host) Reload(ctx context.Context, cfg config.Config) (loaded, refused int) {
	h.reloadMu.Lock()
	defer h.reloadMu.Unlock()
	old := h.generation()
	if changed := restartOnly(h.cfg, cfg); len(changed) > 0 {
		h.logger.Warn("reload: changes to these tables take effect at the next start", "tables", strings.Join(changed, ", "))
	}

	gen := &generation{modules: map[string]*served{}}
	for _, b := range h.builtins {
		m := old.modules[b.Name]
		tools, _ := h.declared(gen, m.Module, m.sandboxed.Tools()) // they loaded together before
		gen.tools = append(gen.tools, tools...)
		gen.modules[b.Name] = m
	}
	for _, m := range h.community(ctx, gen, cfg.Modules) {
		if prev := old.modules[m.Name]; prev != nil && sameModule(prev.Module, m) {
			tools, err := h.declared(gen, prev.Module, prev.sandboxed.Tools())
			if err != nil {
				h.refuse(ctx, gen, m.Name, err)
				continue
			}
			gen.tools = append(gen.tools, tools...)
			gen.modules[m.Name] = prev
			continue
		}
		h.loadOrRefuse(ctx, gen, m)
	}
	refused = len(gen.refused)

	h.mu.Lock()
	h.current = gen
	h.mu.Unlock()
	mcpserver.SetTools(h.mcp, h.mcpOpts, gen.tools, h.invoker(gen))

	for name, m := range old.modules {
		if gen.modules[name] != m {
			go m.retire(context.WithoutCancel(ctx))
		}
	}
	for name, m := range gen.modules {
		if old.modules[name] != m {
			m.sandboxed.Prepare()
		}
	}
	loaded = len(gen.modules) - len(h.builtins)
	h.logger.Info("reload: modules", "loaded", loaded, "refused", refused, "tools", len(gen.tools))
	h.audit.Event(ctx, "configuration_reloaded", slog.String("detail", "config from "+cfg.Source),
		slog.Int("modules_loaded", loaded), slog.Int("modules_refused", refused))
	return loaded, refused
}

// sameModule reports whether b is a with the same bytes and the same settings, so that
// the loaded a can serve for b.
func sameModule(a, b Module) bool {
	return a.SHA256 == b.SHA256 && slices.Equal(a.Grants, b.Grants) && slices.Equal(a.Symbols, b.Symbols) &&
		a.Limits == b.Limits && (a.MaxNotional == nil) == (b.MaxNotional == nil) &&
		(a.MaxNotional == nil || a.MaxNotional.Equal(*b.MaxNotional))
}

// restartOnly lists the tables other than [[module]] whose values differ between a and b.
func restartOnly(a, b config.Config) []string {
	var out []string
	for name, pair := range map[string][2]any{
		"binance": {a.Binance, b.Binance}, "exchange": {a.Exchange, b.Exchange}, "runtime": {a.Runtime, b.Runtime},
		"log": {a.Log, b.Log}, "rate_limit": {a.RateLimit, b.RateLimit}, "trading": {a.Trading, b.Trading}, "input": {a.Input, b.Input},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			out = append(out, "["+name+"]")
		}
	}
	slices.Sort(out)
	return out
}
