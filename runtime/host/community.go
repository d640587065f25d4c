package host

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/config"
	"github.com/tollgate/tollgate/runtime/modpin"
)

// community reads the [[module]] files. A module whose file, pin or signature fails is
// refused (logged and audited) and left out; the others are returned in config order.
func (h *Host) community(ctx context.Context, gen *generation, mods []config.Module) []Module {
	var out []Module
	for _, cm := range mods {
		m, err := readCommunity(cm)
		if err != nil {
			h.refuse(ctx, gen, cm.Name, err)
			continue
		}
		out = append(out, m)
	}
	return out
}

// readCommunity reads one [[module]]: its file, checked against the pin, then against
// the publisher's signature when the operator pinned a publisher key.
func readCommunity(cm config.Module) (Module, error) {
	wasm, err := modpin.ReadModule(cm.Path)
	if err != nil {
		return Module{}, fmt.Errorf("module %s: %w", cm.Name, err)
	}
	if err := modpin.CheckHash(wasm, cm.SHA256); err != nil {
		return Module{}, fmt.Errorf("module %s (%s): %w", cm.Name, cm.Path, err)
	}
	if cm.PublisherKey != "" {
		pub, err := modpin.ParsePublicKey(cm.PublisherKey)
		if err != nil {
			return Module{}, fmt.Errorf("module %s: publisher_key: %w", cm.Name, err)
		}
		sig, err := modpin.ReadSignature(cm.Signature)
		if err != nil {
			return Module{}, fmt.Errorf("module %s: %w: the config names a publisher key for it, so it must carry that publisher's signature file (%v)", cm.Name, modpin.ErrNoSignature, err)
		}
		if err := modpin.CheckSignature(wasm, sig, pub); err != nil {
			return Module{}, fmt.Errorf("module %s: signature %s: %w", cm.Name, cm.Signature, err)
		}
	}
	m := Module{
		Name: cm.Name, Wasm: wasm, SHA256: cm.SHA256, Grants: cm.GateGrants(), Symbols: cm.Symbols, Community: true,
		Limits: Limits{MemoryLimit: int64(cm.MemoryLimit), Timeout: cm.Timeout.D(), MaxOutput: int64(cm.MaxOutput), MaxRequests: *cm.MaxRequests},
	}
	if cm.MaxNotional != "" {
		d, err := decimal.NewFromString(cm.MaxNotional) // config.Load checked it
		if err != nil {
			return Module{}, fmt.Errorf("module %s: max_notional: %w", cm.Name, err)
		}
		m.MaxNotional = &d
	}
	return m, nil
}

// loadOrRefuse adds m to gen, or refuses it alone.
func (h *Host) loadOrRefuse(ctx context.Context, gen *generation, m Module) {
	if err := h.load(ctx, gen, m); err != nil {
		h.refuse(ctx, gen, m.Name, err)
	}
}

// Refusal is a [[module]] that is not served, and why.
type Refusal struct {
	Module, Reason string
}

// refuse reports a module that will not be served in gen. The server goes on without it.
func (h *Host) refuse(ctx context.Context, gen *generation, name string, err error) {
	gen.refused = append(gen.refused, Refusal{Module: name, Reason: err.Error()})
	h.logger.Error("module refused", "module", name, "reason", err.Error())
	h.audit.Event(ctx, "module_rejected", slog.String("module", name), slog.String("detail", err.Error()))
}
