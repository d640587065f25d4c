// Package permission is the first gate stage: a module may only perform operations its
// grants cover. Grants come from the operator's configuration, never from the module.
//
// The check runs before validation, so a module without a grant learns nothing about the
// operation's parameters, and it holds for every request: a module that declares a
// read-only tool gains nothing by asking for a trade op.
package permission

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Config is the operator's side of the check.
type Config struct {
	// TradingEnabled is [trading] enabled: without it no op that places or cancels an
	// order passes, whatever the module's grants.
	TradingEnabled bool
	// HaveCredentials says whether an API key is configured. Without one a signed op is
	// refused here, before it is validated, counted or sent.
	HaveCredentials bool
}

// New returns the permission stage. It denies every request whose op's security type
// needs a grant the calling module does not hold (a module with no grants is denied
// everything), every order while trading is disabled, and every signed op when no
// credentials are configured.
func New(cfg Config) gate.Middleware {
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			need := req.Op.Security.Needs()
			switch {
			case !req.Call.Grants.Has(need):
				return nil, &gate.Error{
					Type: gate.TypePermissionDenied,
					Message: fmt.Sprintf("module %q may not perform %s: it needs the %q grant and holds [%s]",
						req.Call.Module, req.Op.Name, need, req.Call.Grants),
					Accepted: string(need),
				}
			case req.Op.Security == gate.SecurityTrade && !req.Op.DryRun && !cfg.TradingEnabled:
				return nil, &gate.Error{
					Type:     gate.TypePermissionDenied,
					Message:  fmt.Sprintf("trading is disabled, so %s is refused; an operator can enable it with [trading] enabled = true in the config", req.Op.Name),
					Accepted: "[trading] enabled = true",
				}
			case req.Op.Signed() && !cfg.HaveCredentials:
				return nil, &gate.Error{
					Type:     gate.TypeAuth,
					Message:  fmt.Sprintf("%s needs a Binance API key and none is configured; set BINANCE_API_KEY and BINANCE_API_SECRET (or binance.private_key_file) and restart", req.Op.Name),
					Accepted: "BINANCE_API_KEY with BINANCE_API_SECRET or a private-key file",
				}
			}
			return next(ctx, req)
		}
	}
}
