package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

var sizePosition = toolsdk.Tool{
	Name:  "size_position",
	Title: "Position size for a risk",
	Description: "Position size for a trade that loses at most risk_amount (in the quote asset, e.g. USDT " +
		"for BTCUSDT) if its stop is hit: risk_amount / |entry - stop|, rounded DOWN to the symbol's " +
		"LOT_SIZE step and checked against LOT_SIZE minQty/maxQty and the NOTIONAL (or MIN_NOTIONAL) " +
		"filter, the entry taken as a limit order at entry_price. A stop below the entry is a long (BUY), " +
		"above it a short (SELL). Without entry_price the entry is the best ask for a long or the best bid " +
		"for a short, right now. Returns {symbol, side, entry_price, quantity, notional, risk_at_stop, " +
		"tradable, ...}; when the size is not tradable, quantity is \"0\", reason says why, and " +
		"min_risk_amount is the smallest risk_amount that gives a tradable size. All amounts are exact " +
		"decimal strings.",
	Input: toolsdk.Object(
		toolsdk.String("symbol", "Trading pair symbol, e.g. BTCUSDT; case-insensitive.").Required().MinLength(1).MaxLength(20).SendAs("symbol"),
		toolsdk.Number("risk_amount", "Most you accept to lose if the stop is hit, in the quote asset, e.g. \"100\".").Required(),
		toolsdk.Number("stop_price", "Stop-loss price: below the entry for a long, above it for a short.").Required(),
		toolsdk.Number("entry_price", "Planned entry price (a limit price). Omit it to enter at the best ask (long) or bid (short) now."),
	),
	Output: json.RawMessage(`{"type":"object","properties":{
		"symbol":{"type":"string"},
		"side":{"type":"string","enum":["BUY","SELL"]},
		"base_asset":{"type":"string"},"quote_asset":{"type":"string"},
		"entry_price":{"type":"string"},
		"entry_source":{"type":"string","enum":["argument","best_ask","best_bid"]},
		"stop_price":{"type":"string"},"risk_amount":{"type":"string"},
		"risk_per_unit":{"type":"string","description":"|entry - stop|"},
		"quantity":{"type":"string","description":"in the base asset; \"0\" when not tradable"},
		"notional":{"type":"string","description":"quantity x entry, in the quote asset"},
		"risk_at_stop":{"type":"string","description":"quantity x risk_per_unit: at most risk_amount"},
		"tradable":{"type":"boolean"},
		"capped_by":{"type":"string","description":"the filter that capped the size below what the risk allows"},
		"reason":{"type":"string","description":"why the size is not tradable"},
		"min_risk_amount":{"type":"string","description":"smallest risk_amount giving a tradable size"},
		"filters":{"type":"object","properties":{
			"step_size":{"type":"string"},"min_qty":{"type":"string"},"max_qty":{"type":"string"},
			"min_notional":{"type":"string"},"max_notional":{"type":"string"}},
			"required":["step_size","min_qty","max_qty"]}},
		"required":["symbol","side","entry_price","entry_source","stop_price","risk_amount","risk_per_unit",
			"quantity","notional","risk_at_stop","tradable","filters"]}`),
	Annotations: toolsdk.ReadOnlyHints,
	Handler:     size,
}

// sizeResult is size_position's answer.
type sizeResult struct {
	Symbol        string      `json:"symbol"`
	Side          string      `json:"side"`
	BaseAsset     string      `json:"base_asset"`
	QuoteAsset    string      `json:"quote_asset"`
	EntryPrice    string      `json:"entry_price"`
	EntrySource   string      `json:"entry_source"`
	StopPrice     string      `json:"stop_price"`
	RiskAmount    string      `json:"risk_amount"`
	RiskPerUnit   string      `json:"risk_per_unit"`
	Quantity      string      `json:"quantity"`
	Notional      string      `json:"notional"`
	RiskAtStop    string      `json:"risk_at_stop"`
	Tradable      bool        `json:"tradable"`
	CappedBy      string      `json:"capped_by,omitempty"`
	Reason        string      `json:"reason,omitempty"`
	MinRiskAmount string      `json:"min_risk_amount,omitempty"`
	Filters       sizeFilters `json:"filters"`
}

// sizeFilters are the filter values the size was checked against, as Binance sent them.
type sizeFilters struct {
	StepSize    string `json:"step_size"`
	MinQty      string `json:"min_qty"`
	MaxQty      string `json:"max_qty"`
	MinNotional string `json:"min_notional,omitempty"`
	MaxNotional string `json:"max_notional,omitempty"`
}

// symbolInfo is the part of the exchange_info op's answer (the symbol's entry of
// exchangeInfo) that sizing reads.
type symbolInfo struct {
	Symbol     string `json:"symbol"`
	Status     string `json:"status"`
	BaseAsset  string `json:"baseAsset"`
	QuoteAsset string `json:"quoteAsset"`
	Filters    []struct {
		FilterType  string `json:"filterType"`
		MinQty      string `json:"minQty"`
		MaxQty      string `json:"maxQty"`
		StepSize    string `json:"stepSize"`
		MinNotional string `json:"minNotional"`
		MaxNotional string `json:"maxNotional"`
	} `json:"filters"`
}

// rules are the filters sizing applies, parsed. A zero max means no maximum.
type rules struct {
	status, base, quote      string
	minQty, maxQty, step     decimal.Decimal
	minNotional, maxNotional decimal.Decimal
	notionalFilter           string // NOTIONAL or MIN_NOTIONAL; "" when the symbol has neither
	shown                    sizeFilters
}

// rulesOf reads the LOT_SIZE and NOTIONAL / MIN_NOTIONAL filters of a symbol.
func rulesOf(info symbolInfo) (rules, error) {
	r := rules{status: info.Status, base: info.BaseAsset, quote: info.QuoteAsset}
	dec := func(filter, name, s string) (decimal.Decimal, error) {
		v, err := answerDecimal("exchange_info", filter+" "+name, info.Symbol, s)
		if err == nil && v.Sign() < 0 {
			err = toolsdk.Unexpected("exchange_info", fmt.Errorf("%s %s of %s is negative: %s", filter, name, info.Symbol, s))
		}
		return v, err
	}
	var err error
	lot := false
	for _, f := range info.Filters {
		switch f.FilterType {
		case "LOT_SIZE":
			lot = true
			if r.minQty, err = dec(f.FilterType, "minQty", f.MinQty); err != nil {
				return r, err
			}
			if r.maxQty, err = dec(f.FilterType, "maxQty", f.MaxQty); err != nil {
				return r, err
			}
			if r.step, err = dec(f.FilterType, "stepSize", f.StepSize); err != nil {
				return r, err
			}
			r.shown.MinQty, r.shown.MaxQty, r.shown.StepSize = f.MinQty, f.MaxQty, f.StepSize
		case "NOTIONAL", "MIN_NOTIONAL":
			min, err := dec(f.FilterType, "minNotional", f.MinNotional)
			if err != nil {
				return r, err
			}
			if min.GreaterThanOrEqual(r.minNotional) {
				r.minNotional, r.notionalFilter, r.shown.MinNotional = min, f.FilterType, f.MinNotional
			}
			if f.MaxNotional != "" {
				if r.maxNotional, err = dec(f.FilterType, "maxNotional", f.MaxNotional); err != nil {
					return r, err
				}
				r.shown.MaxNotional = f.MaxNotional
			}
		}
	}
	if !lot {
		return r, toolsdk.Unexpected("exchange_info", fmt.Errorf("%s has no LOT_SIZE filter", info.Symbol))
	}
	return r, nil
}

// order is a planned entry: the prices and the risk, exact.
type order struct {
	entry, stop, risk decimal.Decimal
	source            string // where entry came from: argument, best_ask or best_bid
}

func size(c *toolsdk.Call) (any, error) {
	var o order
	var err error
	if o.risk, err = positive(c, "risk_amount"); err != nil {
		return nil, err
	}
	if o.stop, err = positive(c, "stop_price"); err != nil {
		return nil, err
	}
	entryGiven := c.Has("entry_price")
	if entryGiven {
		if o.entry, err = positive(c, "entry_price"); err != nil {
			return nil, err
		}
		if o.entry.Equal(o.stop) {
			stop, _ := c.Number("stop_price")
			return nil, toolsdk.Invalid("stop_price", string(stop),
				"stop_price equals entry_price: there is no risk per unit to size on")
		}
		o.source = "argument"
	}

	ok, err := c.Forward("exchange_info")
	if err != nil {
		return nil, err
	}
	var info symbolInfo
	if err := json.Unmarshal(ok, &info); err != nil {
		return nil, toolsdk.Unexpected("exchange_info", err)
	}
	r, err := rulesOf(info)
	if err != nil {
		return nil, err
	}
	if !entryGiven {
		if err := entryFromBook(c, &o); err != nil {
			return nil, err
		}
	}
	return sizeFor(info.Symbol, o, r), nil
}

// acceptedPositive is what positive accepts.
var acceptedPositive = fmt.Sprintf(`a decimal greater than zero, of at most %d characters, with an exponent from e-%d to e%d, `+
	`e.g. "100", "0.5" or "2.5e-3"`, toolsdk.MaxDecimalLen, toolsdk.MaxDecimalExponent, toolsdk.MaxDecimalExponent)

// positive reads a decimal argument that must be above zero.
func positive(c *toolsdk.Call, name string) (decimal.Decimal, error) {
	v, err := c.Decimal(name)
	var e *toolsdk.Error
	switch {
	case errors.As(err, &e): // not a decimal within toolsdk.ParseDecimal's bounds
	case err != nil:
		return decimal.Decimal{}, err
	case v.Sign() <= 0:
		n, _ := c.Number(name)
		e = toolsdk.Invalid(name, string(n), "argument %q must be greater than zero", name)
	default:
		return v, nil
	}
	e.Accepted = acceptedPositive
	return decimal.Decimal{}, e
}

// entryFromBook takes the entry from the book: a long (stop below the bid) buys at the
// best ask, a short (stop above the ask) sells at the best bid.
func entryFromBook(c *toolsdk.Call, o *order) error {
	ok, err := c.Forward("book_ticker")
	if err != nil {
		return err
	}
	var b bookTicker
	if err := json.Unmarshal(ok, &b); err != nil {
		return toolsdk.Unexpected("book_ticker", err)
	}
	bid, err := answerDecimal("book_ticker", "bidPrice", b.Symbol, b.BidPrice)
	if err != nil {
		return err
	}
	ask, err := answerDecimal("book_ticker", "askPrice", b.Symbol, b.AskPrice)
	if err != nil {
		return err
	}
	stop, _ := c.Number("stop_price")
	switch {
	case bid.Sign() <= 0 || ask.Sign() <= 0:
		return toolsdk.Invalid("entry_price", "",
			"%s has no bid or no ask right now, so there is no market entry to size on; give entry_price", b.Symbol)
	case o.stop.Cmp(bid) < 0:
		o.entry, o.source = ask, "best_ask"
	case o.stop.Cmp(ask) > 0:
		o.entry, o.source = bid, "best_bid"
	default:
		return toolsdk.Invalid("stop_price", string(stop),
			"stop_price %s is neither below the best bid (%s) nor above the best ask (%s) of %s: it stops neither a long nor a short entered now; give entry_price",
			stop, b.BidPrice, b.AskPrice, b.Symbol)
	}
	return nil
}

// sizeFor sizes the order o under the rules r. It is the pure part of size_position.
func sizeFor(symbol string, o order, r rules) sizeResult {
	side := "BUY"
	if o.stop.GreaterThan(o.entry) {
		side = "SELL"
	}
	perUnit := o.entry.Sub(o.stop).Abs()
	res := sizeResult{Symbol: symbol, Side: side, BaseAsset: r.base, QuoteAsset: r.quote,
		EntryPrice: o.entry.String(), EntrySource: o.source, StopPrice: o.stop.String(),
		RiskAmount: o.risk.String(), RiskPerUnit: perUnit.String(),
		Quantity: "0", Notional: "0", RiskAtStop: "0", Filters: r.shown}

	// The size the risk allows is risk / perUnit, capped: num / den, kept as a fraction
	// (see decimal.go) until it goes onto the grid.
	num, den := o.risk, perUnit
	if r.maxQty.Sign() > 0 && num.GreaterThan(r.maxQty.Mul(den)) {
		num, den, res.CappedBy = r.maxQty, one, "LOT_SIZE.maxQty"
	}
	if r.maxNotional.Sign() > 0 && num.Mul(o.entry).GreaterThan(r.maxNotional.Mul(den)) {
		num, den, res.CappedBy = r.maxNotional, o.entry, r.notionalFilter+".maxNotional"
	}
	qty, onGrid := floorToGrid(num, den, r.minQty, r.step)
	switch {
	case r.status != "TRADING":
		res.Reason = fmt.Sprintf("%s is not trading (status %s)", symbol, r.status)
		res.CappedBy = ""
		return res
	case !onGrid:
		res.Reason = fmt.Sprintf("risk_amount / risk_per_unit is %s %s (cut to 8 decimals), below the LOT_SIZE minQty of %s %s",
			quoDown(o.risk, perUnit, 8), r.base, r.shown.MinQty, r.base)
	case qty.IsZero():
		res.Reason = fmt.Sprintf("risk_amount / risk_per_unit is %s %s (cut to 8 decimals), which rounds down to 0 at the LOT_SIZE stepSize of %s",
			quoDown(o.risk, perUnit, 8), r.base, r.shown.StepSize)
	case r.minNotional.Sign() > 0 && qty.Mul(o.entry).LessThan(r.minNotional):
		res.Reason = fmt.Sprintf("%s %s at %s is worth %s %s, below the %s minNotional of %s %s",
			qty, r.base, o.entry, qty.Mul(o.entry), r.quote, r.notionalFilter, r.shown.MinNotional, r.quote)
	default:
		res.Tradable = true
		res.Quantity, res.Notional, res.RiskAtStop = qty.String(), qty.Mul(o.entry).String(), qty.Mul(perUnit).String()
		return res
	}
	res.CappedBy = ""
	// The smallest tradable quantity: on the grid, at least minQty, worth at least
	// minNotional, and above zero. Risking exactly that much per unit buys it.
	least := ceilToGrid(r.minNotional, o.entry, r.minQty, r.step)
	if least.IsZero() {
		least = ceilToGrid(r.step, one, r.minQty, r.step)
	}
	if least.IsZero() || r.maxQty.Sign() > 0 && least.GreaterThan(r.maxQty) ||
		r.maxNotional.Sign() > 0 && least.Mul(o.entry).GreaterThan(r.maxNotional) {
		filters := "LOT_SIZE"
		if r.notionalFilter != "" {
			filters += " and " + r.notionalFilter
		}
		res.Reason += "; no quantity passes " + filters + " at this entry price"
		return res
	}
	res.MinRiskAmount = least.Mul(perUnit).String()
	return res
}

func init() { toolsdk.Register(sizePosition) }
