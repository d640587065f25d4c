package order

import (
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
)

// Rules is what the exchange says about one symbol, parsed from its exchangeInfo object.
// A filter the symbol does not list is nil, and is not checked.
type Rules struct {
	Symbol     string
	Status     string
	BaseAsset  string
	QuoteAsset string
	OrderTypes []string

	IcebergAllowed             bool
	OcoAllowed                 bool
	QuoteOrderQtyMarketAllowed bool
	// AllowTrailingStop is false when exchangeInfo says so and also when it does not say:
	// symbols listed before trailing stops existed lack the field, and could not take them.
	AllowTrailingStop    bool
	IsSpotTradingAllowed bool
	Permissions          []string

	PriceFilter         *PriceFilter
	PercentPrice        *PercentPrice
	PercentPriceBySide  *PercentPriceBySide
	LotSize             *LotSize
	MarketLotSize       *LotSize
	MinNotional         *MinNotional
	Notional            *Notional
	IcebergParts        *IcebergParts
	TrailingDelta       *TrailingDelta
	MaxNumOrders        *MaxNumOrders
	MaxNumAlgoOrders    *MaxNumAlgoOrders
	MaxNumIcebergOrders *MaxNumIcebergOrders
	MaxPosition         *MaxPosition

	// Other holds, as sent, the filters this package does not check: types it does not
	// know, and those that do not concern a single new order (MAX_NUM_ORDER_LISTS,
	// MAX_NUM_ORDER_AMENDS). Binance adds filter types from time to time; a new one must
	// not make every symbol unreadable, so it is kept here and left to the exchange.
	Other []json.RawMessage
}

// PriceFilter is PRICE_FILTER: bounds and grid for price and stopPrice. A zero part is
// disabled.
type PriceFilter struct {
	MinPrice decimal.Decimal `json:"minPrice"`
	MaxPrice decimal.Decimal `json:"maxPrice"`
	TickSize decimal.Decimal `json:"tickSize"`
}

// PercentPrice is PERCENT_PRICE: price within [avg*MultiplierDown, avg*MultiplierUp].
type PercentPrice struct {
	MultiplierUp   decimal.Decimal `json:"multiplierUp"`
	MultiplierDown decimal.Decimal `json:"multiplierDown"`
	AvgPriceMins   int64           `json:"avgPriceMins"`
}

// PercentPriceBySide is PERCENT_PRICE_BY_SIDE: PERCENT_PRICE with a range per side (bid
// for BUY, ask for SELL).
type PercentPriceBySide struct {
	BidMultiplierUp   decimal.Decimal `json:"bidMultiplierUp"`
	BidMultiplierDown decimal.Decimal `json:"bidMultiplierDown"`
	AskMultiplierUp   decimal.Decimal `json:"askMultiplierUp"`
	AskMultiplierDown decimal.Decimal `json:"askMultiplierDown"`
	AvgPriceMins      int64           `json:"avgPriceMins"`
}

// LotSize is LOT_SIZE (quantity and icebergQty of every order) or MARKET_LOT_SIZE
// (quantity of MARKET orders). A zero part is disabled: real MARKET_LOT_SIZE filters send
// minQty and stepSize "0.00000000".
type LotSize struct {
	MinQty   decimal.Decimal `json:"minQty"`
	MaxQty   decimal.Decimal `json:"maxQty"`
	StepSize decimal.Decimal `json:"stepSize"`
}

// MinNotional is MIN_NOTIONAL, the filter that NOTIONAL replaced in 2023.
type MinNotional struct {
	MinNotional   decimal.Decimal `json:"minNotional"`
	ApplyToMarket bool            `json:"applyToMarket"`
	AvgPriceMins  int64           `json:"avgPriceMins"`
}

// Notional is NOTIONAL: price*quantity within [MinNotional, MaxNotional]; a zero bound is
// disabled.
type Notional struct {
	MinNotional      decimal.Decimal `json:"minNotional"`
	ApplyMinToMarket bool            `json:"applyMinToMarket"`
	MaxNotional      decimal.Decimal `json:"maxNotional"`
	ApplyMaxToMarket bool            `json:"applyMaxToMarket"`
	AvgPriceMins     int64           `json:"avgPriceMins"`
}

// IcebergParts is ICEBERG_PARTS: ceil(quantity/icebergQty) <= Limit.
type IcebergParts struct {
	Limit int64 `json:"limit"`
}

// TrailingDelta is TRAILING_DELTA, in basis points. Which pair applies depends on side
// and type; see [Rules.Check].
type TrailingDelta struct {
	MinTrailingAboveDelta int64 `json:"minTrailingAboveDelta"`
	MaxTrailingAboveDelta int64 `json:"maxTrailingAboveDelta"`
	MinTrailingBelowDelta int64 `json:"minTrailingBelowDelta"`
	MaxTrailingBelowDelta int64 `json:"maxTrailingBelowDelta"`
}

// MaxNumOrders is MAX_NUM_ORDERS: open orders of every kind on the symbol.
type MaxNumOrders struct {
	MaxNumOrders int64 `json:"maxNumOrders"`
}

// MaxNumAlgoOrders is MAX_NUM_ALGO_ORDERS: open STOP_LOSS* and TAKE_PROFIT* orders.
type MaxNumAlgoOrders struct {
	MaxNumAlgoOrders int64 `json:"maxNumAlgoOrders"`
}

// MaxNumIcebergOrders is MAX_NUM_ICEBERG_ORDERS: open orders with icebergQty > 0.
type MaxNumIcebergOrders struct {
	MaxNumIcebergOrders int64 `json:"maxNumIcebergOrders"`
}

// MaxPosition is MAX_POSITION: the account's position in the base asset after a BUY.
type MaxPosition struct {
	MaxPosition decimal.Decimal `json:"maxPosition"`
}

// symbolJSON is the part of an exchangeInfo symbol that Rules keeps.
type symbolJSON struct {
	Symbol                     string            `json:"symbol"`
	Status                     string            `json:"status"`
	BaseAsset                  string            `json:"baseAsset"`
	QuoteAsset                 string            `json:"quoteAsset"`
	OrderTypes                 []string          `json:"orderTypes"`
	IcebergAllowed             bool              `json:"icebergAllowed"`
	OcoAllowed                 bool              `json:"ocoAllowed"`
	QuoteOrderQtyMarketAllowed bool              `json:"quoteOrderQtyMarketAllowed"`
	AllowTrailingStop          bool              `json:"allowTrailingStop"`
	IsSpotTradingAllowed       bool              `json:"isSpotTradingAllowed"`
	Permissions                []string          `json:"permissions"`
	Filters                    []json.RawMessage `json:"filters"`
}

// ParseRules parses one element of exchangeInfo's symbols[], exactly as Binance sent it.
// Unknown filter types are kept in Rules.Other. A known filter that is malformed, or
// listed twice, is an error: rules that cannot be read cannot be enforced, and guessing
// would let through what the exchange forbids.
func ParseRules(raw json.RawMessage) (*Rules, error) {
	var s symbolJSON
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("order: parse symbol: %w", err)
	}
	if s.Symbol == "" {
		return nil, fmt.Errorf("order: parse symbol: no \"symbol\" field")
	}
	r := &Rules{
		Symbol:                     s.Symbol,
		Status:                     s.Status,
		BaseAsset:                  s.BaseAsset,
		QuoteAsset:                 s.QuoteAsset,
		OrderTypes:                 s.OrderTypes,
		IcebergAllowed:             s.IcebergAllowed,
		OcoAllowed:                 s.OcoAllowed,
		QuoteOrderQtyMarketAllowed: s.QuoteOrderQtyMarketAllowed,
		AllowTrailingStop:          s.AllowTrailingStop,
		IsSpotTradingAllowed:       s.IsSpotTradingAllowed,
		Permissions:                s.Permissions,
	}
	seen := make(map[string]bool, len(s.Filters))
	for i, f := range s.Filters {
		var head struct {
			FilterType string `json:"filterType"`
		}
		if err := json.Unmarshal(f, &head); err != nil {
			return nil, fmt.Errorf("order: %s: filter %d: %w", s.Symbol, i, err)
		}
		dst := r.slot(head.FilterType)
		if dst == nil {
			r.Other = append(r.Other, f)
			continue
		}
		if seen[head.FilterType] {
			return nil, fmt.Errorf("order: %s: filter %s listed twice", s.Symbol, head.FilterType)
		}
		seen[head.FilterType] = true
		if err := json.Unmarshal(f, dst); err != nil {
			return nil, fmt.Errorf("order: %s: filter %s: %w", s.Symbol, head.FilterType, err)
		}
	}
	if err := r.checkValues(); err != nil {
		return nil, fmt.Errorf("order: %s: %w", s.Symbol, err)
	}
	return r, nil
}

// checkValues refuses filter decimals that are negative or longer than any order
// parameter may be. Binance never sends them; a corrupted cache could, and grid
// arithmetic on them would be either meaningless or unbounded in cost.
func (r *Rules) checkValues() error {
	type named struct {
		name string
		v    decimal.Decimal
	}
	var vs []named
	if f := r.PriceFilter; f != nil {
		vs = append(vs, named{"minPrice", f.MinPrice}, named{"maxPrice", f.MaxPrice}, named{"tickSize", f.TickSize})
	}
	if f := r.PercentPrice; f != nil {
		vs = append(vs, named{"multiplierUp", f.MultiplierUp}, named{"multiplierDown", f.MultiplierDown})
	}
	if f := r.PercentPriceBySide; f != nil {
		vs = append(vs, named{"bidMultiplierUp", f.BidMultiplierUp}, named{"bidMultiplierDown", f.BidMultiplierDown},
			named{"askMultiplierUp", f.AskMultiplierUp}, named{"askMultiplierDown", f.AskMultiplierDown})
	}
	for _, f := range []*LotSize{r.LotSize, r.MarketLotSize} {
		if f != nil {
			vs = append(vs, named{"minQty", f.MinQty}, named{"maxQty", f.MaxQty}, named{"stepSize", f.StepSize})
		}
	}
	if f := r.MinNotional; f != nil {
		vs = append(vs, named{"minNotional", f.MinNotional})
	}
	if f := r.Notional; f != nil {
		vs = append(vs, named{"minNotional", f.MinNotional}, named{"maxNotional", f.MaxNotional})
	}
	if f := r.MaxPosition; f != nil {
		vs = append(vs, named{"maxPosition", f.MaxPosition})
	}
	for _, n := range vs {
		if n.v.Sign() < 0 || !inRange(n.v) {
			return fmt.Errorf("filter value %s out of range", n.name)
		}
	}
	return nil
}

// slot allocates the field that holds filter type t and returns it as an Unmarshal
// target, or nil for a type Rules does not check.
func (r *Rules) slot(t string) any {
	switch t {
	case FilterPrice:
		r.PriceFilter = new(PriceFilter)
		return r.PriceFilter
	case FilterPercentPrice:
		r.PercentPrice = new(PercentPrice)
		return r.PercentPrice
	case FilterPercentPriceBySide:
		r.PercentPriceBySide = new(PercentPriceBySide)
		return r.PercentPriceBySide
	case FilterLotSize:
		r.LotSize = new(LotSize)
		return r.LotSize
	case FilterMarketLotSize:
		r.MarketLotSize = new(LotSize)
		return r.MarketLotSize
	case FilterMinNotional:
		r.MinNotional = new(MinNotional)
		return r.MinNotional
	case FilterNotional:
		r.Notional = new(Notional)
		return r.Notional
	case FilterIcebergParts:
		r.IcebergParts = new(IcebergParts)
		return r.IcebergParts
	case FilterTrailingDelta:
		r.TrailingDelta = new(TrailingDelta)
		return r.TrailingDelta
	case FilterMaxNumOrders:
		r.MaxNumOrders = new(MaxNumOrders)
		return r.MaxNumOrders
	case FilterMaxNumAlgoOrders:
		r.MaxNumAlgoOrders = new(MaxNumAlgoOrders)
		return r.MaxNumAlgoOrders
	case FilterMaxNumIcebergOrders:
		r.MaxNumIcebergOrders = new(MaxNumIcebergOrders)
		return r.MaxNumIcebergOrders
	case FilterMaxPosition:
		r.MaxPosition = new(MaxPosition)
		return r.MaxPosition
	}
	return nil
}

// Filter types, as exchangeInfo and Binance's "Filter failure: …" messages spell them.
const (
	FilterPrice               = "PRICE_FILTER"
	FilterPercentPrice        = "PERCENT_PRICE"
	FilterPercentPriceBySide  = "PERCENT_PRICE_BY_SIDE"
	FilterLotSize             = "LOT_SIZE"
	FilterMarketLotSize       = "MARKET_LOT_SIZE"
	FilterMinNotional         = "MIN_NOTIONAL"
	FilterNotional            = "NOTIONAL"
	FilterIcebergParts        = "ICEBERG_PARTS"
	FilterTrailingDelta       = "TRAILING_DELTA"
	FilterMaxNumOrders        = "MAX_NUM_ORDERS"
	FilterMaxNumAlgoOrders    = "MAX_NUM_ALGO_ORDERS"
	FilterMaxNumIcebergOrders = "MAX_NUM_ICEBERG_ORDERS"
	FilterMaxPosition         = "MAX_POSITION"
)
