package ops

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/adshao/go-binance/v2"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Table maps an op name to its entry. Build one with Market (and, later, the signed ops).
type Table map[string]*gate.Op

// Lookup returns the op named name, or nil.
func (t Table) Lookup(name string) *gate.Op { return t[name] }

// Intervals are Binance's kline intervals (rest-api.md, case-sensitive).
var Intervals = []string{"1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"}

// Names of the host-answered ops: the pipeline answers them from the exchangeInfo cache
// and from its own budgets.
const (
	OpExchangeInfo    = "exchange_info"
	OpSymbols         = "symbols"
	OpRateLimitStatus = "rate_limit_status"
)

// ExchangeInfoFetch is the op the exchangeInfo cache uses to fill itself. It is not in the
// table modules can reach.
var ExchangeInfoFetch = &gate.Op{
	Name: "exchange_info_fetch", Method: "GET", Path: "/api/v3/exchangeInfo",
	Security: gate.SecurityNone, Weight: gate.FixedWeight(20),
	Send: func(ctx context.Context, c *binance.Client, _ gate.Params) error {
		_, err := c.NewExchangeInfoService().Do(ctx)
		return err
	},
}

var symbolParam = gate.Param{Name: "symbol", Kind: gate.KindSymbol, Required: true}

func symbolOf(p gate.Params) string { s, _ := p.String("symbol"); return s }

// bySymbol is an op whose only parameter is the symbol, with a weight of 2 (the single-
// symbol price, ticker and average endpoints), sent by send.
func bySymbol(name, path string, send func(ctx context.Context, c *binance.Client, symbol string) error) *gate.Op {
	return &gate.Op{
		Name: name, Method: "GET", Path: path,
		Params: []gate.Param{symbolParam}, Weight: gate.FixedWeight(2),
		Send: func(ctx context.Context, c *binance.Client, p gate.Params) error {
			return send(ctx, c, symbolOf(p))
		},
	}
}

// Market returns the public market-data ops.
func Market() Table {
	t := Table{}
	add := func(op *gate.Op) { t[op.Name] = op }

	add(bySymbol("ticker_price", "/api/v3/ticker/price", func(ctx context.Context, c *binance.Client, symbol string) error {
		_, err := c.NewListPricesService().Symbol(symbol).Do(ctx)
		return err
	}))
	add(bySymbol("ticker_24hr", "/api/v3/ticker/24hr", func(ctx context.Context, c *binance.Client, symbol string) error {
		_, err := c.NewListPriceChangeStatsService().Symbol(symbol).Do(ctx)
		return err
	}))
	add(&gate.Op{
		Name: "depth", Method: "GET", Path: "/api/v3/depth",
		Params: []gate.Param{symbolParam, {Name: "limit", Kind: gate.KindInt, Min: 1, Max: 5000}},
		Weight: func(p gate.Params) int {
			limit, ok := p.Int("limit")
			if !ok {
				limit = 100
			}
			switch {
			case limit <= 100:
				return 5
			case limit <= 500:
				return 25
			case limit <= 1000:
				return 50
			}
			return 250
		},
		Send: func(ctx context.Context, c *binance.Client, p gate.Params) error {
			s := c.NewDepthService().Symbol(symbolOf(p))
			if limit, ok := p.Int("limit"); ok {
				s.Limit(int(limit))
			}
			_, err := s.Do(ctx)
			return err
		},
	})
	add(&gate.Op{
		Name: "klines", Method: "GET", Path: "/api/v3/klines",
		Params: []gate.Param{
			symbolParam,
			{Name: "interval", Kind: gate.KindEnum, Required: true, Values: Intervals},
			{Name: "startTime", Kind: gate.KindTime},
			{Name: "endTime", Kind: gate.KindTime},
			{Name: "limit", Kind: gate.KindInt, Min: 1, Max: 1000},
		},
		Check:  startBeforeEnd,
		Weight: gate.FixedWeight(2),
		Send: func(ctx context.Context, c *binance.Client, p gate.Params) error {
			interval, _ := p.String("interval")
			s := c.NewKlinesService().Symbol(symbolOf(p)).Interval(interval)
			if v, ok := p.Int("startTime"); ok {
				s.StartTime(v)
			}
			if v, ok := p.Int("endTime"); ok {
				s.EndTime(v)
			}
			if v, ok := p.Int("limit"); ok {
				s.Limit(int(v))
			}
			_, err := s.Do(ctx)
			return err
		},
	})
	add(bySymbol("avg_price", "/api/v3/avgPrice", func(ctx context.Context, c *binance.Client, symbol string) error {
		_, err := c.NewAveragePriceService().Symbol(symbol).Do(ctx)
		return err
	}))
	add(bySymbol("book_ticker", "/api/v3/ticker/bookTicker", func(ctx context.Context, c *binance.Client, symbol string) error {
		_, err := c.NewListBookTickersService().Symbol(symbol).Do(ctx)
		return err
	}))
	add(&gate.Op{
		Name: "recent_trades", Method: "GET", Path: "/api/v3/trades",
		Params: []gate.Param{symbolParam, {Name: "limit", Kind: gate.KindInt, Min: 1, Max: 1000}},
		Weight: gate.FixedWeight(25),
		// go-binance v2.8.7's RecentTradesService calls the retired /api/v1/trades.
		Query: func(p gate.Params) url.Values {
			q := url.Values{"symbol": {symbolOf(p)}}
			if v, ok := p.Int("limit"); ok {
				q.Set("limit", strconv.FormatInt(v, 10))
			}
			return q
		},
	})
	// Answered from the host's exchangeInfo cache (see package pipeline); weight 0 here,
	// the cache's own fetch is charged when it happens.
	add(&gate.Op{
		Name: OpExchangeInfo, Method: "GET", Path: "/api/v3/exchangeInfo",
		Params: []gate.Param{symbolParam}, Weight: gate.FixedWeight(0),
	})
	add(&gate.Op{
		Name: OpSymbols, Method: "GET", Path: "/api/v3/exchangeInfo",
		Params: []gate.Param{
			{Name: "quoteAsset", Kind: gate.KindText},
			{Name: "baseAsset", Kind: gate.KindText},
			{Name: "status", Kind: gate.KindText},
			{Name: "search", Kind: gate.KindText},
			{Name: "offset", Kind: gate.KindInt, Min: 0, Max: 1_000_000},
			{Name: "limit", Kind: gate.KindInt, Min: 1, Max: 1000},
		},
		Weight: gate.FixedWeight(0),
	})
	// Answered from the gate's own budgets; nothing is sent.
	add(&gate.Op{Name: OpRateLimitStatus, Weight: gate.FixedWeight(0)})
	return t
}

func startBeforeEnd(p gate.Params) error {
	start, okStart := p.Int("startTime")
	end, okEnd := p.Int("endTime")
	if okStart && okEnd && start > end {
		return gate.Invalid("startTime", fmt.Sprint(start), fmt.Sprintf("a time at or before endTime (%d)", end),
			"startTime (%d) is after endTime (%d)", start, end)
	}
	return nil
}
