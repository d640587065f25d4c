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

// New returns the permission stage. It denies every request whose op's security type
// needs a grant the calling module does not hold; a module with no grants is denied
// everything.
func New() gate.Middleware {
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			need := req.Op.Security.Needs()
			if !req.Call.Grants.Has(need) {
				return nil, &gate.Error{
					Type: gate.TypePermissionDenied,
					Message: fmt.Sprintf("module %q may not perform %s: it needs the %q grant and holds [%s]",
						req.Call.Module, req.Op.Name, need, req.Call.Grants),
					Accepted: string(need),
				}
			}
			return next(ctx, req)
		}
	}
}
