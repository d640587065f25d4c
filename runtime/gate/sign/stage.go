package sign

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tollgate/tollgate/runtime/gate"
)

// CodeTimestamp is Binance's -1021 INVALID_TIMESTAMP: the timestamp was ahead of the
// server's clock or older than recvWindow. The request was refused before it was acted on,
// so sending it again (re-signed with a fresh timestamp) cannot duplicate an order.
const CodeTimestamp = -1021

// ServerTime performs GET /api/v3/time and returns the server's time in milliseconds.
type ServerTime func(ctx context.Context) (serverTimeMS int64, err error)

// StageConfig configures the sign stage.
type StageConfig struct {
	// Credentials sign every request of a signed op. The permission stage refuses signed
	// ops when there are none, so a nil here is a wiring bug, reported as internal.
	Credentials *Credentials
	// Clock gives timestamps; it is synchronised before the first signed request and
	// again after a -1021.
	Clock *Clock
	// Now is the local clock.
	Now func() time.Time
	// ServerTime asks the exchange for its clock.
	ServerTime ServerTime
}

// New returns the sign stage. For a signed op it builds the exact query string from the
// op's Args, the timestamp and the recvWindow parameter, signs it, and puts it in
// req.Query for the exchange client to send verbatim. When Binance answers -1021 it
// resynchronises the clock and sends the request once more, re-signed.
func New(cfg StageConfig) gate.Middleware {
	// syncing lets one resync run at a time, so that a burst of first signed calls asks
	// for the server's time once, not once each.
	var syncing sync.Mutex
	firstSync := func(ctx context.Context) error {
		syncing.Lock()
		defer syncing.Unlock()
		if _, synced := cfg.Clock.Offset(); synced {
			return nil
		}
		return resync(ctx, cfg)
	}
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			if !req.Op.Signed() {
				return next(ctx, req)
			}
			if cfg.Credentials == nil || req.Op.Args == nil {
				return nil, &gate.Error{Type: gate.TypeInternal, Message: fmt.Sprintf("BUG: signed op %s reached the sign stage without credentials or arguments", req.Op.Name)}
			}
			if _, synced := cfg.Clock.Offset(); !synced {
				if err := firstSync(ctx); err != nil {
					return nil, err
				}
			}
			recvWindow, _ := req.Params.Int(ParamRecvWindow)
			for attempt := 0; ; attempt++ {
				q, err := Query(params(req.Op.Args(req.Params)), cfg.Clock.Timestamp(cfg.Now()), recvWindow, cfg.Credentials.Signer())
				if err != nil {
					var ge *gate.Error
					if errors.As(err, &ge) {
						return nil, ge
					}
					return nil, &gate.Error{Type: gate.TypeInternal, Message: "the request could not be signed"}
				}
				req.Query = q
				out, err := next(ctx, req)
				if attempt == 0 && binanceCode(err) == CodeTimestamp {
					if rerr := resync(ctx, cfg); rerr != nil {
						return nil, err // keep Binance's own -1021 answer
					}
					continue
				}
				return out, err
			}
		}
	}
}

func resync(ctx context.Context, cfg StageConfig) error {
	sent := cfg.Now()
	ms, err := cfg.ServerTime(ctx)
	if err != nil {
		var ge *gate.Error
		if errors.As(err, &ge) {
			return ge
		}
		return &gate.Error{Type: gate.TypeNetwork, Message: "could not read Binance's server time to sign the request"}
	}
	if _, err := cfg.Clock.Resync(ms, sent, cfg.Now()); err != nil {
		return &gate.Error{Type: gate.TypeBinanceAPI, Message: "Binance's server time answer was not usable to sign the request"}
	}
	return nil
}

func binanceCode(err error) int {
	var ge *gate.Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return 0
}

func params(args []gate.Arg) []Param {
	ps := make([]Param, len(args))
	for i, a := range args {
		ps[i] = Param(a)
	}
	return ps
}
