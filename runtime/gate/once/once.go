package once

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Outcomes of an order, as the order op reports them.
const (
	OutcomePlaced        = "placed"         // Binance accepted it now, or it was found after an unknown outcome
	OutcomeAlreadyPlaced = "already_placed" // its client order id was known: the first order, not a new one
)

// Answer is what the order op returns: the outcome, the client order id the order
// carries, and Binance's order object (the placement's answer, or the order as looked up).
type Answer struct {
	Outcome       string          `json:"outcome"`
	ClientOrderID string          `json:"clientOrderId"`
	Order         json.RawMessage `json:"order"`
}

// lookupTimeout bounds the lookup after an unknown outcome. It runs even when the call's
// context has ended (a client that went away still needs the order found), but not for
// long.
const lookupTimeout = 5 * time.Second

// New returns the stage. lookup is the op that queries one order by symbol and
// origClientOrderId (GET /api/v3/order).
func New(lookup *gate.Op) gate.Middleware {
	var ids keyedLock
	return func(next gate.Handler) gate.Handler {
		find := func(ctx context.Context, req *gate.Request, id string) (json.RawMessage, error) {
			symbol, _ := req.Params.String("symbol")
			return next(ctx, &gate.Request{
				Call: req.Call, OpName: lookup.Name, Op: lookup,
				Params: gate.Params{"symbol": symbol, "origClientOrderId": id},
				Weight: lookup.Weight(nil),
			})
		}
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			if !req.Op.Order || req.Op.DryRun {
				return next(ctx, req)
			}
			id, given := req.Params.String("newClientOrderId")
			if given {
				// Two calls with one id at once would both miss the lookup and both place:
				// the second waits for the first, then finds its order.
				unlock := ids.lock(id)
				defer unlock()
				first, err := find(ctx, req, id)
				switch {
				case err == nil:
					return answer(OutcomeAlreadyPlaced, id, first)
				case !errors.Is(err, gate.ErrOrderNotFound):
					return nil, err // cannot tell whether it exists: placing could duplicate it
				}
			} else {
				id = derive(req)
				req.Params["newClientOrderId"] = id
			}

			placed, err := next(ctx, req)
			if err == nil {
				return answer(OutcomePlaced, id, placed)
			}
			if !unknownOutcome(err, req.Upstream) {
				return nil, err
			}
			lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
			defer cancel()
			if found, ferr := find(lookupCtx, req, id); ferr == nil {
				return answer(OutcomePlaced, id, found)
			}
			return nil, &gate.Error{
				Type:  gate.TypeStatusUnknown,
				Field: "newClientOrderId", Value: id,
				Message: fmt.Sprintf("the order's outcome is unknown (%s) and it was not sent again; "+
					"look it up by client order id %s before placing another", gate.AsError(err).Type, id),
			}
		}
	}
}

// unknownOutcome reports whether err leaves open whether Binance acted on the order: no
// answer at all, an answer from a failing server, or -1007.
func unknownOutcome(err error, up *gate.Upstream) bool {
	var ge *gate.Error
	if !errors.As(err, &ge) {
		return true
	}
	switch ge.Type {
	case gate.TypeNetwork, gate.TypeStatusUnknown, gate.TypeCancelled:
		return true
	}
	return up != nil && up.Status >= http.StatusInternalServerError
}

// derive makes a client order id for an order that came without one: the call's request
// id, so that the audit log and the exchange's records can be joined, and a random part,
// so that two orders of one call (two equal clips of a larger order, say) are two orders.
// It fits Binance's ^[a-zA-Z0-9_-]{1,36}$.
func derive(req *gate.Request) string {
	call := strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return -1
	}, req.Call.RequestID)
	if len(call) > 16 {
		call = call[:16]
	}
	var nonce [6]byte
	_, _ = rand.Read(nonce[:])
	return "tg" + call + "-" + hex.EncodeToString(nonce[:])
}

func answer(outcome, id string, order json.RawMessage) (json.RawMessage, error) {
	return json.Marshal(Answer{Outcome: outcome, ClientOrderID: id, Order: order})
}

// keyedLock is a mutex per key, for as long as someone holds or waits for it.
type keyedLock struct {
	mu    sync.Mutex
	locks map[string]*keyed
}

type keyed struct {
	sync.Mutex
	users int
}

func (k *keyedLock) lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*keyed{}
	}
	l := k.locks[key]
	if l == nil {
		l = &keyed{}
		k.locks[key] = l
	}
	l.users++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		if l.users--; l.users == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}
