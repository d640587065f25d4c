package binancetest

import (
	"encoding/json"
	"math/big"
	"regexp"
	"slices"
)

// symbolRules is what an order on a symbol is checked against, read from the recorded
// exchangeInfo entry of the symbol.
type symbolRules struct {
	Symbol                     string       `json:"symbol"`
	Status                     string       `json:"status"`
	BaseAsset                  string       `json:"baseAsset"`
	QuoteAsset                 string       `json:"quoteAsset"`
	BaseAssetPrecision         int          `json:"baseAssetPrecision"`
	QuotePrecision             int          `json:"quotePrecision"`
	OrderTypes                 []string     `json:"orderTypes"`
	IcebergAllowed             bool         `json:"icebergAllowed"`
	QuoteOrderQtyMarketAllowed bool         `json:"quoteOrderQtyMarketAllowed"`
	AllowTrailingStop          bool         `json:"allowTrailingStop"`
	IsSpotTradingAllowed       bool         `json:"isSpotTradingAllowed"`
	DefaultSTP                 string       `json:"defaultSelfTradePreventionMode"`
	AllowedSTP                 []string     `json:"allowedSelfTradePreventionModes"`
	Filters                    []filterJSON `json:"filters"`
}

// filterJSON is any symbol filter of filters.md; each uses some of the fields.
type filterJSON struct {
	FilterType            string `json:"filterType"`
	MinPrice              string `json:"minPrice"`
	MaxPrice              string `json:"maxPrice"`
	TickSize              string `json:"tickSize"`
	MinQty                string `json:"minQty"`
	MaxQty                string `json:"maxQty"`
	StepSize              string `json:"stepSize"`
	MinNotional           string `json:"minNotional"`
	MaxNotional           string `json:"maxNotional"`
	ApplyToMarket         bool   `json:"applyToMarket"`
	ApplyMinToMarket      bool   `json:"applyMinToMarket"`
	ApplyMaxToMarket      bool   `json:"applyMaxToMarket"`
	Limit                 int64  `json:"limit"`
	MultiplierUp          string `json:"multiplierUp"`
	MultiplierDown        string `json:"multiplierDown"`
	BidMultiplierUp       string `json:"bidMultiplierUp"`
	BidMultiplierDown     string `json:"bidMultiplierDown"`
	AskMultiplierUp       string `json:"askMultiplierUp"`
	AskMultiplierDown     string `json:"askMultiplierDown"`
	MinTrailingAboveDelta int64  `json:"minTrailingAboveDelta"`
	MaxTrailingAboveDelta int64  `json:"maxTrailingAboveDelta"`
	MinTrailingBelowDelta int64  `json:"minTrailingBelowDelta"`
	MaxTrailingBelowDelta int64  `json:"maxTrailingBelowDelta"`
	MaxNumOrders          int    `json:"maxNumOrders"`
	MaxNumAlgoOrders      int    `json:"maxNumAlgoOrders"`
	MaxNumIcebergOrders   int    `json:"maxNumIcebergOrders"`
}

// rules reads the exchangeInfo entry of the listed symbol at index i.
func (s *Server) rules(i int) *symbolRules {
	var r symbolRules
	if err := json.Unmarshal(s.data.info.symbols[i], &r); err != nil {
		panic("BUG: binancetest fixtures: symbol " + s.data.info.names[i] + ": " + err.Error())
	}
	return &r
}

// decimalPattern is the legal range Binance quotes for a DECIMAL parameter.
const legalDecimal = `^([0-9]{1,20})(\.[0-9]{1,20})?$`

var decimalRE = regexp.MustCompile(legalDecimal)

// decimal reads a DECIMAL parameter exactly; ok is false when it was not sent.
func (q query) decimal(name string) (d *big.Rat, ok bool, e *apiError) {
	if !q.has(name) {
		return nil, false, nil
	}
	v := q.get(name)
	if !decimalRE.MatchString(v) {
		return nil, true, errIllegal(name, legalDecimal)
	}
	d, _ = new(big.Rat).SetString(v)
	return d, true, nil
}

// rat reads a decimal of exchangeInfo; "" or a bad value reads as zero (the rule disabled).
func rat(v string) *big.Rat {
	r, ok := new(big.Rat).SetString(v)
	if !ok {
		return new(big.Rat)
	}
	return r
}

func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }

// multipleOf reports whether v is a whole multiple of step: v % step == 0 (filters.md).
func multipleOf(v, step *big.Rat) bool { return new(big.Rat).Quo(v, step).IsInt() }

// inRange applies the three rules of PRICE_FILTER, LOT_SIZE and MARKET_LOT_SIZE; a rule whose
// bound is zero is disabled (filters.md says so of PRICE_FILTER; for the lot filters a zero
// maxQty or stepSize, as recorded in MARKET_LOT_SIZE, can only mean the same).
func inRange(v *big.Rat, minV, maxV, step string) bool {
	lo, hi, st := rat(minV), rat(maxV), rat(step)
	return v.Cmp(lo) >= 0 && (hi.Sign() == 0 || v.Cmp(hi) <= 0) && (st.Sign() == 0 || multipleOf(v, st))
}

// checkFilters applies the symbol filters of exchangeInfo to o, in the recorded order, and
// answers -1013 "Filter failure: <FILTER>" for the first that fails. ref is the reference
// price of the symbol, nil when there is none. open counts the open orders on the symbol
// (open, algo, iceberg); it is nil for POST /api/v3/order/test, which does not reach the
// matching engine and so is not checked against MAX_NUM_*.
func checkFilters(r *symbolRules, o *newOrder, ref *big.Rat, open *openCounts) *apiError {
	market := o.typ == "MARKET"
	// The price an order's notional is computed from: its price, else its stopPrice (STOP_LOSS,
	// TAKE_PROFIT), else for MARKET the reference price; nil when none is known.
	var notionalPrice *big.Rat
	switch {
	case o.price != nil:
		notionalPrice = o.price
	case o.stopPrice != nil && !market:
		notionalPrice = o.stopPrice
	case market:
		notionalPrice = ref
	}
	notional := func() *big.Rat {
		switch {
		case o.quoteQty != nil:
			return o.quoteQty
		case o.qty != nil && notionalPrice != nil:
			return mul(o.qty, notionalPrice)
		}
		return nil
	}()
	for _, f := range r.Filters {
		ok := true
		switch f.FilterType {
		case "PRICE_FILTER":
			for _, p := range []*big.Rat{o.price, o.stopPrice} {
				if p != nil && !inRange(p, f.MinPrice, f.MaxPrice, f.TickSize) {
					ok = false
				}
			}
		case "PERCENT_PRICE", "PERCENT_PRICE_BY_SIDE":
			if o.price == nil || ref == nil || ref.Sign() == 0 {
				break
			}
			up, down := f.MultiplierUp, f.MultiplierDown
			if f.FilterType == "PERCENT_PRICE_BY_SIDE" {
				up, down = f.BidMultiplierUp, f.BidMultiplierDown
				if o.side == "SELL" {
					up, down = f.AskMultiplierUp, f.AskMultiplierDown
				}
			}
			ok = o.price.Cmp(mul(ref, rat(up))) <= 0 && o.price.Cmp(mul(ref, rat(down))) >= 0
		case "LOT_SIZE":
			for _, q := range []*big.Rat{o.qty, o.iceberg} {
				if q != nil && !inRange(q, f.MinQty, f.MaxQty, f.StepSize) {
					ok = false
				}
			}
		case "MARKET_LOT_SIZE":
			if market && o.qty != nil {
				ok = inRange(o.qty, f.MinQty, f.MaxQty, f.StepSize)
			}
		case "MIN_NOTIONAL":
			if notional != nil && (!market || f.ApplyToMarket) {
				ok = notional.Cmp(rat(f.MinNotional)) >= 0
			}
		case "NOTIONAL":
			if notional == nil {
				break
			}
			if !market || f.ApplyMinToMarket {
				ok = ok && notional.Cmp(rat(f.MinNotional)) >= 0
			}
			if !market || f.ApplyMaxToMarket {
				ok = ok && notional.Cmp(rat(f.MaxNotional)) <= 0
			}
		case "ICEBERG_PARTS":
			if o.iceberg != nil && o.qty != nil && o.iceberg.Sign() > 0 {
				parts := new(big.Rat).Quo(o.qty, o.iceberg)
				ceil := new(big.Int).Quo(parts.Num(), parts.Denom())
				if !parts.IsInt() {
					ceil.Add(ceil, big.NewInt(1))
				}
				ok = ceil.Cmp(big.NewInt(f.Limit)) <= 0
			}
		case "TRAILING_DELTA":
			if o.trailingDelta == nil {
				break
			}
			d := *o.trailingDelta
			if o.trailsAbove() {
				ok = d >= f.MinTrailingAboveDelta && d <= f.MaxTrailingAboveDelta
			} else {
				ok = d >= f.MinTrailingBelowDelta && d <= f.MaxTrailingBelowDelta
			}
		case "MAX_NUM_ORDERS":
			ok = open == nil || open.all < f.MaxNumOrders
		case "MAX_NUM_ALGO_ORDERS":
			ok = open == nil || !o.algo() || open.algo < f.MaxNumAlgoOrders
		case "MAX_NUM_ICEBERG_ORDERS":
			ok = open == nil || o.iceberg == nil || open.iceberg < f.MaxNumIcebergOrders
		}
		if !ok {
			return badRequest(-1013, "Filter failure: %s", f.FilterType)
		}
	}
	return nil
}

// openCounts counts the open orders of the account on one symbol.
type openCounts struct{ all, algo, iceberg int }

// trailsAbove reports whether the TRAILING_DELTA above-range applies (filters.md): STOP_LOSS
// and STOP_LOSS_LIMIT BUY, TAKE_PROFIT and TAKE_PROFIT_LIMIT SELL.
func (o *newOrder) trailsAbove() bool {
	stop := o.typ == "STOP_LOSS" || o.typ == "STOP_LOSS_LIMIT"
	return stop == (o.side == "BUY")
}

// algo reports whether the order is an "algo" order (filters.md MAX_NUM_ALGO_ORDERS).
func (o *newOrder) algo() bool {
	return slices.Contains([]string{"STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"}, o.typ)
}
