package order

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/tollgate/tollgate/runtime/gate"
)

// Check validates o against the symbol's rules, as Binance would before the order reaches
// the matching engine, and returns the first failure. It runs CheckType first, then:
//
//   - the symbol: status TRADING, spot trading allowed, o.Type among OrderTypes, and
//     icebergQty, quoteOrderQty and trailingDelta only where the symbol allows them
//     (validation errors);
//   - every filter the symbol lists that applies to o (filter_violation errors, in the
//     order of the Filter constants). A filter that needs something m does not know is
//     skipped, never guessed; Binance still checks it.
//
// The filters, and when each applies:
//
//   - PRICE_FILTER: price and stopPrice within [minPrice, maxPrice] and on the tickSize
//     grid; a zero part is disabled.
//   - PERCENT_PRICE, PERCENT_PRICE_BY_SIDE: price within the multipliers (by side for the
//     latter) times m.AvgPrice; skipped when m.AvgPrice is nil or the order has no price.
//   - LOT_SIZE: quantity and icebergQty within [minQty, maxQty] and on the stepSize grid.
//   - MARKET_LOT_SIZE: the same for the quantity of MARKET orders; real filters send
//     minQty and stepSize 0, which disables those parts.
//   - MIN_NOTIONAL, NOTIONAL: price × quantity against minNotional (and maxNotional).
//     For MARKET orders only when applyToMarket / applyMinToMarket / applyMaxToMarket
//     says so, with quoteOrderQty as the notional when sent, else quantity × m.AvgPrice
//     (skipped when unknown). STOP_LOSS and TAKE_PROFIT, which have no price, are left to
//     Binance: which price it uses for them is not documented.
//   - ICEBERG_PARTS: ceil(quantity / icebergQty) <= limit.
//   - TRAILING_DELTA: trailingDelta within the "above" range for STOP_LOSS* BUY and
//     TAKE_PROFIT* SELL, the "below" range for STOP_LOSS* SELL and TAKE_PROFIT* BUY.
//   - MAX_NUM_ORDERS, MAX_NUM_ALGO_ORDERS, MAX_NUM_ICEBERG_ORDERS: one more open order
//     must fit; skipped when m.Open is nil.
//   - MAX_POSITION: BUY orders only, position + quantity <= maxPosition; skipped when
//     m.Position is nil, since the position needs the account's balances and open orders.
//
// Every filter failure names the filter the way Binance does ("Filter failure:
// LOT_SIZE: …"), the rejected value, and the nearest value that would pass, which is also
// in Accepted.
func (r *Rules) Check(o Order, m Market) error {
	if r == nil {
		return gate.Invalid("symbol", "", "a listed symbol", "no exchange rules for this symbol")
	}
	if err := CheckType(o); err != nil {
		return err
	}
	if err := r.checkSymbol(o); err != nil {
		return err
	}
	m = m.usable()
	for _, check := range []func(Order, Market) error{
		r.checkPrice,
		r.checkPercentPrice,
		r.checkPercentPriceBySide,
		r.checkLotSize,
		r.checkMarketLotSize,
		r.checkMinNotional,
		r.checkNotional,
		r.checkIcebergParts,
		r.checkTrailingDelta,
		r.checkMaxNum,
		r.checkMaxPosition,
	} {
		if err := check(o, m); err != nil {
			return err
		}
	}
	return nil
}

// usable drops from m the values no filter can use: an average price that is not
// positive, a negative position, and either one beyond the digit bounds of an order
// parameter. They come from the host, not the client, so a bad one is a host bug; it is
// treated as unknown, which leaves its filters to Binance, rather than blamed on the
// order.
func (m Market) usable() Market {
	if m.AvgPrice != nil && (m.AvgPrice.Sign() <= 0 || !inRange(*m.AvgPrice)) {
		m.AvgPrice = nil
	}
	if m.Position != nil && (m.Position.Sign() < 0 || !inRange(*m.Position)) {
		m.Position = nil
	}
	if m.Open != nil && (m.Open.Orders < 0 || m.Open.Algo < 0 || m.Open.Iceberg < 0) {
		m.Open = nil
	}
	return m
}

// checkSymbol checks what the symbol allows, before its filters.
func (r *Rules) checkSymbol(o Order) error {
	switch {
	case r.Status != "TRADING":
		return gate.Invalid("symbol", r.Symbol, "a symbol with status TRADING",
			"symbol %s has status %s, not TRADING: Binance would answer \"Market is closed.\"", r.Symbol, gate.Cap(r.Status, maxShown))
	case !r.IsSpotTradingAllowed:
		// Leveraged tokens (BTCUPUSDT…) say false and trade under the LEVERAGED permission;
		// this gate places spot orders only.
		return gate.Invalid("symbol", r.Symbol, "a symbol with isSpotTradingAllowed",
			"symbol %s does not allow spot trading (permissions: %s)", r.Symbol, strings.Join(r.Permissions, ", "))
	case !slices.Contains(r.OrderTypes, o.Type):
		return gate.Invalid("type", o.Type, joinTypes(r.OrderTypes),
			"symbol %s does not take %s orders; it takes %s", r.Symbol, o.Type, joinTypes(r.OrderTypes))
	case o.IcebergQty != nil && !r.IcebergAllowed:
		return gate.Invalid("icebergQty", format(*o.IcebergQty), "absent", "symbol %s does not allow iceberg orders", r.Symbol)
	case o.QuoteOrderQty != nil && !r.QuoteOrderQtyMarketAllowed:
		return gate.Invalid("quoteOrderQty", format(*o.QuoteOrderQty), "quantity instead",
			"symbol %s does not allow MARKET orders by quoteOrderQty", r.Symbol)
	case o.TrailingDelta != 0 && !r.AllowTrailingStop:
		return gate.Invalid("trailingDelta", strconv.FormatInt(o.TrailingDelta, 10), "stopPrice instead",
			"symbol %s does not allow trailing stop orders", r.Symbol)
	}
	return nil
}

// gridNames names a bounds filter and its parts for messages.
type gridNames struct{ filter, min, max, step string }

var (
	priceNames  = gridNames{FilterPrice, "minPrice", "maxPrice", "tickSize"}
	lotNames    = gridNames{FilterLotSize, "minQty", "maxQty", "stepSize"}
	marketNames = gridNames{FilterMarketLotSize, "minQty", "maxQty", "stepSize"}
)

// checkBounds checks one parameter against a bounds filter.
func checkBounds(n gridNames, b bounds, field string, v decimal.Decimal) error {
	if b.contains(v) {
		return nil
	}
	var why string
	switch {
	case b.min.Sign() > 0 && v.LessThan(b.min):
		why = fmt.Sprintf("is below %s %s", n.min, format(b.min))
	case b.max.Sign() > 0 && v.GreaterThan(b.max):
		why = fmt.Sprintf("is above %s %s", n.max, format(b.max))
	default:
		why = fmt.Sprintf("is not a multiple of %s %s", n.step, format(b.step))
	}
	return filterError(n.filter, field, v, b.near(v), "%s %s %s", field, format(v), why)
}

func (r *Rules) checkPrice(o Order, _ Market) error {
	f := r.PriceFilter
	if f == nil {
		return nil
	}
	b := bounds{min: f.MinPrice, max: f.MaxPrice, step: f.TickSize}
	if o.Price != nil {
		if err := checkBounds(priceNames, b, "price", *o.Price); err != nil {
			return err
		}
	}
	if o.StopPrice != nil {
		return checkBounds(priceNames, b, "stopPrice", *o.StopPrice)
	}
	return nil
}

func (r *Rules) checkPercentPrice(o Order, m Market) error {
	if f := r.PercentPrice; f != nil {
		return r.checkPercent(FilterPercentPrice, "", f.MultiplierDown, f.MultiplierUp, o, m)
	}
	return nil
}

func (r *Rules) checkPercentPriceBySide(o Order, m Market) error {
	f := r.PercentPriceBySide
	if f == nil {
		return nil
	}
	if o.Side == SideBuy {
		return r.checkPercent(FilterPercentPriceBySide, "bid", f.BidMultiplierDown, f.BidMultiplierUp, o, m)
	}
	return r.checkPercent(FilterPercentPriceBySide, "ask", f.AskMultiplierDown, f.AskMultiplierUp, o, m)
}

// checkPercent checks price within [avg*down, avg*up]; a zero multiplier is disabled.
// The nearest valid price is the bound, rounded inwards onto the tick grid.
func (r *Rules) checkPercent(filter, side string, down, up decimal.Decimal, o Order, m Market) error {
	if o.Price == nil || m.AvgPrice == nil || m.AvgPrice.Sign() <= 0 {
		return nil
	}
	p, avg := *o.Price, *m.AvgPrice
	tick := fineUnit
	if r.PriceFilter != nil {
		tick = stepOr(r.PriceFilter.TickSize)
	}
	upName, downName := "multiplierUp", "multiplierDown"
	if side != "" {
		upName, downName = side+"MultiplierUp", side+"MultiplierDown"
	}
	if hi := avg.Mul(up); up.Sign() > 0 && p.GreaterThan(hi) {
		return filterError(filter, "price", p, positive(floorTo(hi, tick)),
			"price %s is above %s %s × average price %s = %s", format(p), upName, format(up), format(avg), format(hi))
	}
	if lo := avg.Mul(down); down.Sign() > 0 && p.LessThan(lo) {
		return filterError(filter, "price", p, positive(ceilTo(lo, tick)),
			"price %s is below %s %s × average price %s = %s", format(p), downName, format(down), format(avg), format(lo))
	}
	return nil
}

func (r *Rules) checkLotSize(o Order, _ Market) error {
	f := r.LotSize
	if f == nil {
		return nil
	}
	b := bounds{min: f.MinQty, max: f.MaxQty, step: f.StepSize}
	if o.Quantity != nil {
		if err := checkBounds(lotNames, b, "quantity", *o.Quantity); err != nil {
			return err
		}
	}
	if o.IcebergQty != nil {
		return checkBounds(lotNames, b, "icebergQty", *o.IcebergQty)
	}
	return nil
}

func (r *Rules) checkMarketLotSize(o Order, _ Market) error {
	f := r.MarketLotSize
	if f == nil || o.Type != TypeMarket || o.Quantity == nil {
		return nil
	}
	b := bounds{min: f.MinQty, max: f.MaxQty, step: f.StepSize, fallback: r.qtyStep()}
	return checkBounds(marketNames, b, "quantity", *o.Quantity)
}

// notional is price × quantity as the notional filters see it.
type notional struct {
	value   decimal.Decimal
	price   decimal.Decimal // the price it was computed at; zero for quoteOrderQty
	basis   string          // how it was computed, for messages
	byQuote bool            // value is quoteOrderQty itself
}

// notionalOf returns o's notional, and false when it cannot be known here.
func notionalOf(o Order, m Market) (notional, bool) {
	switch {
	case o.Type == TypeMarket && o.QuoteOrderQty != nil:
		return notional{value: *o.QuoteOrderQty, basis: "quoteOrderQty", byQuote: true}, true
	case o.Type == TypeMarket && m.AvgPrice != nil && m.AvgPrice.Sign() > 0:
		return notional{value: o.Quantity.Mul(*m.AvgPrice), price: *m.AvgPrice,
			basis: "quantity " + format(*o.Quantity) + " × average price " + format(*m.AvgPrice)}, true
	case o.Price != nil && o.Quantity != nil:
		return notional{value: o.Quantity.Mul(*o.Price), price: *o.Price,
			basis: "price " + format(*o.Price) + " × quantity " + format(*o.Quantity)}, true
	}
	return notional{}, false
}

// qtyStep is the LOT_SIZE grid that a suggested quantity must sit on.
func (r *Rules) qtyStep() decimal.Decimal {
	if r.LotSize != nil {
		return stepOr(r.LotSize.StepSize)
	}
	return fineUnit
}

// belowMin builds the failure of a notional below min: the nearest valid value is min
// itself for quoteOrderQty, else the smallest quantity on the grid that reaches min.
func (r *Rules) belowMin(filter string, n notional, o Order, min decimal.Decimal) error {
	msg := "%s = %s is below minNotional %s"
	if n.byQuote {
		return filterError(filter, "quoteOrderQty", n.value, []decimal.Decimal{min}, msg, n.basis, format(n.value), format(min))
	}
	q := ceilQuo(min, n.price, r.qtyStep())
	if ls := r.LotSize; ls != nil && ls.MinQty.GreaterThan(q) {
		q = ceilTo(ls.MinQty, r.qtyStep())
	}
	return filterError(filter, "quantity", *o.Quantity, []decimal.Decimal{q}, msg, n.basis, format(n.value), format(min))
}

func (r *Rules) checkMinNotional(o Order, m Market) error {
	f := r.MinNotional
	if f == nil || f.MinNotional.Sign() <= 0 || (o.Type == TypeMarket && !f.ApplyToMarket) {
		return nil
	}
	n, ok := notionalOf(o, m)
	if !ok || n.value.GreaterThanOrEqual(f.MinNotional) {
		return nil
	}
	return r.belowMin(FilterMinNotional, n, o, f.MinNotional)
}

func (r *Rules) checkNotional(o Order, m Market) error {
	f := r.Notional
	if f == nil {
		return nil
	}
	n, ok := notionalOf(o, m)
	if !ok {
		return nil
	}
	market := o.Type == TypeMarket
	if min := f.MinNotional; min.Sign() > 0 && (!market || f.ApplyMinToMarket) && n.value.LessThan(min) {
		return r.belowMin(FilterNotional, n, o, min)
	}
	if max := f.MaxNotional; max.Sign() > 0 && (!market || f.ApplyMaxToMarket) && n.value.GreaterThan(max) {
		msg := "%s = %s is above maxNotional %s"
		if n.byQuote {
			return filterError(FilterNotional, "quoteOrderQty", n.value, []decimal.Decimal{max}, msg, n.basis, format(n.value), format(max))
		}
		q := floorQuo(max, n.price, r.qtyStep())
		return filterError(FilterNotional, "quantity", *o.Quantity, positive(q), msg, n.basis, format(n.value), format(max))
	}
	return nil
}

func (r *Rules) checkIcebergParts(o Order, _ Market) error {
	f := r.IcebergParts
	if f == nil || f.Limit <= 0 || o.IcebergQty == nil {
		return nil
	}
	qty, ice := *o.Quantity, *o.IcebergQty
	parts := ceilQuo(qty, ice, decimal.NewFromInt(1))
	limit := decimal.NewFromInt(f.Limit)
	if parts.LessThanOrEqual(limit) {
		return nil
	}
	// The smallest icebergQty that makes at most limit parts is qty/limit, rounded up
	// onto the LOT_SIZE grid; it must still be less than quantity.
	var near []decimal.Decimal
	if min := ceilQuo(qty, limit, r.qtyStep()); min.LessThan(qty) {
		near = []decimal.Decimal{min}
	}
	return filterError(FilterIcebergParts, "icebergQty", ice, near,
		"quantity %s / icebergQty %s makes %s parts, more than limit %d", format(qty), format(ice), format(parts), f.Limit)
}

func (r *Rules) checkTrailingDelta(o Order, _ Market) error {
	f := r.TrailingDelta
	if f == nil || o.TrailingDelta == 0 {
		return nil
	}
	// filters.md: STOP_LOSS BUY and TAKE_PROFIT SELL trail above the market (their stop
	// is above it), STOP_LOSS SELL and TAKE_PROFIT BUY below.
	stopLoss := o.Type == TypeStopLoss || o.Type == TypeStopLossLimit
	above := stopLoss == (o.Side == SideBuy)
	lo, hi, loName, hiName := f.MinTrailingBelowDelta, f.MaxTrailingBelowDelta, "minTrailingBelowDelta", "maxTrailingBelowDelta"
	if above {
		lo, hi, loName, hiName = f.MinTrailingAboveDelta, f.MaxTrailingAboveDelta, "minTrailingAboveDelta", "maxTrailingAboveDelta"
	}
	d := o.TrailingDelta
	switch {
	case d < lo:
		return filterErrorInt(FilterTrailingDelta, "trailingDelta", d, lo, "trailingDelta %d is below %s %d for %s %s", d, loName, lo, o.Type, o.Side)
	case hi > 0 && d > hi:
		return filterErrorInt(FilterTrailingDelta, "trailingDelta", d, hi, "trailingDelta %d is above %s %d for %s %s", d, hiName, hi, o.Type, o.Side)
	}
	return nil
}

// checkMaxNum checks the three open-order counts. The new order adds one to each count
// it belongs to, so a count already at the limit fails.
func (r *Rules) checkMaxNum(o Order, m Market) error {
	if m.Open == nil {
		return nil
	}
	full := func(filter, what string, open int, max int64) error {
		if int64(open) < max {
			return nil
		}
		accepted := "at most " + strconv.FormatInt(max-1, 10) + " open before this order"
		return &gate.Error{
			Type: gate.TypeFilterViolation,
			Message: fmt.Sprintf("%s%s: the account has %d open %s on %s; the limit of %d allows %s: cancel one first",
				filterPrefix, filter, open, what, r.Symbol, max, accepted),
			Value:    strconv.Itoa(open),
			Accepted: accepted,
		}
	}
	if f := r.MaxNumOrders; f != nil {
		if err := full(FilterMaxNumOrders, "orders", m.Open.Orders, f.MaxNumOrders); err != nil {
			return err
		}
	}
	if f := r.MaxNumAlgoOrders; f != nil && shapes[o.Type].algo {
		if err := full(FilterMaxNumAlgoOrders, "stop-loss and take-profit orders", m.Open.Algo, f.MaxNumAlgoOrders); err != nil {
			return err
		}
	}
	if f := r.MaxNumIcebergOrders; f != nil && o.IcebergQty != nil {
		return full(FilterMaxNumIcebergOrders, "iceberg orders", m.Open.Iceberg, f.MaxNumIcebergOrders)
	}
	return nil
}

func (r *Rules) checkMaxPosition(o Order, m Market) error {
	f := r.MaxPosition
	if f == nil || m.Position == nil || o.Side != SideBuy {
		return nil
	}
	pos, max := *m.Position, f.MaxPosition
	if o.Quantity == nil {
		// A MARKET BUY by quoteOrderQty: its quantity is not known yet, but a position
		// already over the limit refuses every BUY.
		if pos.GreaterThan(max) {
			return filterError(FilterMaxPosition, "quoteOrderQty", *o.QuoteOrderQty, nil,
				"position %s is already above maxPosition %s, so a BUY of quoteOrderQty %s cannot be placed",
				format(pos), format(max), format(*o.QuoteOrderQty))
		}
		return nil
	}
	qty := *o.Quantity
	if after := pos.Add(qty); after.GreaterThan(max) {
		var near []decimal.Decimal
		if room := max.Sub(pos); room.Sign() > 0 {
			near = positive(floorTo(room, r.qtyStep()))
		}
		return filterError(FilterMaxPosition, "quantity", qty, near,
			"position %s + quantity %s = %s is above maxPosition %s", format(pos), format(qty), format(after), format(max))
	}
	return nil
}

// positive returns v as a one-element list, or nil when v is not positive: a suggestion
// of 0 would only fail again.
func positive(v decimal.Decimal) []decimal.Decimal {
	if v.Sign() > 0 {
		return []decimal.Decimal{v}
	}
	return nil
}
