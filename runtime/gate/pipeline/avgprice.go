package pipeline

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/runtime/gate"
)

// avgPriceTTL is how long an average price is reused. Binance averages over 5 minutes, so
// ten seconds moves it little, while it spares a burst of orders one lookup each.
const avgPriceTTL = 10 * time.Second

// avgPrices answers the validate stage's average-price questions with GET /api/v3/avgPrice
// (weight 2), sent through the same budget and back-off as every request, and remembers
// each answer, or the failure to get one, for avgPriceTTL.
type avgPrices struct {
	fetch gate.Handler
	op    *gate.Op // avg_price
	now   func() time.Time

	mu   sync.Mutex
	seen map[string]avgPrice
}

type avgPrice struct {
	price decimal.Decimal
	ok    bool
	at    time.Time
}

func (a *avgPrices) AvgPrice(ctx context.Context, symbol string) (decimal.Decimal, bool) {
	a.mu.Lock()
	p, found := a.seen[symbol]
	a.mu.Unlock()
	if found && a.now().Sub(p.at) < avgPriceTTL {
		return p.price, p.ok
	}
	p = avgPrice{at: a.now()}
	body, err := a.fetch(ctx, &gate.Request{OpName: a.op.Name, Op: a.op, Params: gate.Params{"symbol": symbol}, Weight: a.op.Weight(nil)})
	if err == nil {
		var answer struct {
			Price string `json:"price"`
		}
		if json.Unmarshal(body, &answer) == nil {
			if d, perr := decimal.NewFromString(answer.Price); perr == nil && d.Sign() > 0 {
				p.price, p.ok = d, true
			}
		}
	}
	a.mu.Lock()
	a.seen[symbol] = p
	a.mu.Unlock()
	return p.price, p.ok
}
