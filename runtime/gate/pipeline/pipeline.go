// Package pipeline assembles the gate: every operation a module asks for passes the stages
// built in New, in the order they are listed there.
package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/audit"
	"github.com/tollgate/tollgate/runtime/gate/exchange"
	"github.com/tollgate/tollgate/runtime/gate/exchangeinfo"
	"github.com/tollgate/tollgate/runtime/gate/once"
	"github.com/tollgate/tollgate/runtime/gate/ops"
	"github.com/tollgate/tollgate/runtime/gate/order"
	"github.com/tollgate/tollgate/runtime/gate/permission"
	"github.com/tollgate/tollgate/runtime/gate/ratelimit"
	"github.com/tollgate/tollgate/runtime/gate/sign"
	"github.com/tollgate/tollgate/runtime/gate/validate"
)

// Config is what the gate needs from the server's configuration.
type Config struct {
	// BaseURL is Binance's REST base URL for spot and /sapi (or a stand-in's).
	BaseURL string
	// FuturesBaseURL is the USD-M futures base URL, for /fapi.
	FuturesBaseURL string
	// Testnet says the URLs are the spot testnet's, which has no /sapi endpoints: those
	// ops are refused locally rather than sent to a host that does not serve them.
	Testnet bool
	// Timeout bounds one HTTP exchange with Binance.
	Timeout time.Duration
	// InfoTTL is how long the cached exchangeInfo is trusted.
	InfoTTL time.Duration
	// Transport replaces the HTTP transport (tests); nil uses a keep-alive default.
	Transport http.RoundTripper
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Audit receives security events; nil records nothing.
	Audit *audit.Logger
	// Credentials sign the signed ops; nil refuses them with auth_error.
	Credentials *sign.Credentials
	// TradingEnabled is [trading] enabled.
	TradingEnabled bool
	// OrderPolicy is the rest of [trading]: the symbol allow-list and the cap per order.
	OrderPolicy order.Policy
}

// Gate performs operations for modules.
type Gate struct {
	handler gate.Handler
	weights *ratelimit.Weights
	info    *exchangeinfo.Cache
	now     func() time.Time
}

// New builds the gate.
func New(cfg Config) *Gate {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	g := &Gate{weights: &ratelimit.Weights{}, now: now}
	send := exchange.New(exchange.Config{BaseURL: cfg.BaseURL, FuturesBaseURL: cfg.FuturesBaseURL, Timeout: cfg.Timeout, Transport: cfg.Transport, Credentials: cfg.Credentials}).Handler()
	limit := ratelimit.New(g.weights, now, exchange.RetryAfter)

	// The exchangeInfo cache fills itself through the same budget and sender as every
	// module request, so its weight of 20 is counted and a back-off holds for it too.
	fetch := gate.Chain(send, limit)
	g.info = exchangeinfo.New(exchangeinfo.Config{
		TTL: cfg.InfoTTL,
		Now: now,
		Fetch: func(ctx context.Context) ([]byte, error) {
			op := ops.ExchangeInfoFetch
			return fetch(ctx, &gate.Request{OpName: op.Name, Op: op, Weight: op.Weight(nil)})
		},
		OnRefresh: func(info *exchangeinfo.Info) {
			var orders []ratelimit.Limit
			for _, rl := range info.RateLimits {
				switch {
				case rl.RateLimitType == "REQUEST_WEIGHT" && rl.Window() == time.Minute:
					g.weights.SetLimit(rl.Limit, rl.Window())
				case rl.RateLimitType == "ORDERS" && rl.Window() > 0:
					orders = append(orders, ratelimit.Limit{Limit: rl.Limit, Window: rl.Window()})
				}
			}
			g.weights.SetOrderLimits(orders)
		},
	})

	serverTime := func(ctx context.Context) (int64, error) {
		op := ops.ServerTime
		body, err := fetch(ctx, &gate.Request{OpName: op.Name, Op: op, Weight: op.Weight(nil)})
		if err != nil {
			return 0, err
		}
		var t struct {
			ServerTime int64 `json:"serverTime"`
		}
		if err := json.Unmarshal(body, &t); err != nil {
			return 0, err
		}
		return t.ServerTime, nil
	}

	market, signed, wallet := ops.Market(), ops.Signed(), ops.Wallet()
	avg := &avgPrices{fetch: fetch, op: market.Lookup("avg_price"), now: now, seen: map[string]avgPrice{}}

	g.handler = gate.Chain(send,
		cfg.Audit.Stage(now),            // records every outcome, refused or sent
		resolve(market, signed, wallet), // the op must exist
		available(cfg.Testnet),          // and the environment must serve it
		permission.New(permission.Config{ // 1. may this module do this at all?
			TradingEnabled:  cfg.TradingEnabled,
			HaveCredentials: cfg.Credentials != nil,
		}),
		validate.New(validate.Config{Symbols: validate.CacheSymbols{Cache: g.info}, Market: avg, Policy: cfg.OrderPolicy}), // 2. are the parameters right, by Binance's own data?
		answerFromCache(g.info),                   //    ops the exchangeInfo cache answers stop here
		answerFromBudget(g.weights, now),          //    so does the report of the budgets
		once.New(signed.Lookup(ops.OpOrderQuery)), //    an order is placed once: client order id, lookups instead of resends
		limit, // 3. is there weight left, and are we not backing off?
		sign.New(sign.StageConfig{ // 4. sign with a key only the host holds
			Credentials: cfg.Credentials, Clock: &sign.Clock{}, Now: now, ServerTime: serverTime,
		}),
	)
	return g
}

// Handle performs one operation for call.
func (g *Gate) Handle(ctx context.Context, call gate.Call, op string, params map[string]json.RawMessage) (json.RawMessage, error) {
	// The call rides in the context too, so that the requests the gate makes on the
	// call's behalf (exchangeInfo, server time, average price) carry its request id.
	return g.handler(gate.WithCall(ctx, call), &gate.Request{Call: call, OpName: op, RawParams: params})
}

// Weights reports the request weight used in the current window and the known limit.
func (g *Gate) Weights() (used, limit int) { return g.weights.Snapshot(g.now()) }

func resolve(tables ...ops.Table) gate.Middleware {
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			for _, t := range tables {
				if req.Op = t.Lookup(req.OpName); req.Op != nil {
					break
				}
			}
			if req.Op == nil {
				return nil, gate.Invalid("op", gate.Cap(req.OpName, 64), "an op listed in docs/ops.md", "unknown operation %q", gate.Cap(req.OpName, 64))
			}
			return next(ctx, req)
		}
	}
}

// answerFromCache answers the ops that the exchangeInfo cache holds, without a request.
func answerFromCache(cache *exchangeinfo.Cache) gate.Middleware {
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			switch req.Op.Name {
			case ops.OpExchangeInfo, ops.OpSymbols:
			default:
				return next(ctx, req)
			}
			info, err := cache.Get(ctx)
			if err != nil {
				return nil, gate.AsError(fmt.Errorf("exchangeInfo: %w", err))
			}
			if req.Op.Name == ops.OpSymbols {
				return listSymbols(info, req.Params)
			}
			name, _ := req.Params.String("symbol")
			return info.Lookup(name).Raw, nil // validate checked that it is listed
		}
	}
}

// listSymbols answers the symbols op: one page of the compact symbol list.
func listSymbols(info *exchangeinfo.Info, p gate.Params) (json.RawMessage, error) {
	q := exchangeinfo.Query{Limit: 100}
	q.QuoteAsset, _ = p.String("quoteAsset")
	q.BaseAsset, _ = p.String("baseAsset")
	q.Status, _ = p.String("status")
	q.Search, _ = p.String("search")
	if v, ok := p.Int("offset"); ok {
		q.Offset = int(v)
	}
	if v, ok := p.Int("limit"); ok {
		q.Limit = int(v)
	}
	total, rows := info.Find(q)
	return json.Marshal(struct {
		Total   int                `json:"total"`
		Symbols []exchangeinfo.Row `json:"symbols"`
	}{total, rows})
}

// answerFromBudget answers rate_limit_status: the gate's view of Binance's budgets (request
// weight, order counts) and of any back-off in force.
func answerFromBudget(w *ratelimit.Weights, now func() time.Time) gate.Middleware {
	type limit struct {
		RateLimitType string `json:"rateLimitType"`
		IntervalMS    int64  `json:"intervalMs"`
		Limit         int    `json:"limit"`
		Used          int    `json:"used"`
		Remaining     int    `json:"remaining"`
	}
	type backoff struct {
		Type         string `json:"type"`
		RetryAfterMS int64  `json:"retry_after_ms"`
	}
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			if req.Op.Name != ops.OpRateLimitStatus {
				return next(ctx, req)
			}
			t := now()
			var out struct {
				Limits  []limit  `json:"limits"`
				Backoff *backoff `json:"backoff"`
			}
			for _, u := range w.Usage(t) {
				out.Limits = append(out.Limits, limit{u.Type, u.Window.Milliseconds(), u.Limit, u.Used, max(u.Limit-u.Used, 0)})
			}
			if typ, wait := w.Blocked(t); typ != "" {
				out.Backoff = &backoff{typ, wait.Milliseconds()}
			}
			return json.Marshal(out)
		}
	}
}

// available refuses, locally, an op whose endpoint the environment does not have: the
// spot testnet serves /api and (on its own host) /fapi, but no /sapi.
func available(testnet bool) gate.Middleware {
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			if testnet && strings.HasPrefix(req.Op.Path, "/sapi/") {
				return nil, &gate.Error{
					Type:     gate.TypePermissionDenied,
					Message:  fmt.Sprintf("%s is not available on the Binance testnet, which has no %s; nothing was sent", req.Op.Name, req.Op.Path),
					Accepted: "mainnet (BINANCE_TESTNET=false)",
				}
			}
			return next(ctx, req)
		}
	}
}
