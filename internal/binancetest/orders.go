package binancetest

import (
	"bytes"
	"encoding/json"
	"math/big"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// orderParams are the parameters of POST /api/v3/order (rest-api.md "New order").
var orderParams = []string{
	"timeInForce", "quantity", "quoteOrderQty", "price", "newClientOrderId", "strategyId",
	"strategyType", "stopPrice", "trailingDelta", "icebergQty", "newOrderRespType",
	"selfTradePreventionMode", "pegPriceType", "pegOffsetValue", "pegOffsetType", "recvWindow",
}

// postEndpoints maps a POST path to its route.
var postEndpoints = map[string]*endpoint{
	"/api/v3/order": {
		mandatory: []string{"symbol", "side", "type", "timestamp", "signature"}, optional: orderParams,
		weight: fixed(1), signed: true,
		serveOrder: func(s *Server, w http.ResponseWriter, q query, c call) ([]byte, *apiError) {
			return s.serveNewOrder(w, q, c, false)
		},
	},
	"/api/v3/order/test": {
		mandatory: []string{"symbol", "side", "type", "timestamp", "signature"},
		optional:  append(slices.Clone(orderParams), "computeCommissionRates"),
		weight: func(q query) int {
			if q.get("computeCommissionRates") == "true" {
				return 20
			}
			return 1
		},
		signed: true,
		serveOrder: func(s *Server, w http.ResponseWriter, q query, c call) ([]byte, *apiError) {
			return s.serveNewOrder(w, q, c, true)
		},
	},
}

func init() {
	endpoints["/api/v3/order"] = &endpoint{
		mandatory: []string{"symbol", "timestamp", "signature"},
		optional:  []string{"orderId", "origClientOrderId", "recvWindow"},
		weight:    fixed(4), signed: true,
		serveOrder: func(s *Server, _ http.ResponseWriter, q query, _ call) ([]byte, *apiError) {
			return s.queryOrder(q)
		},
	}
}

// Order is one order placed with POST /api/v3/order, as the stand-in keeps it. Decimals are
// strings with the symbol's precision (8 places in the recorded exchangeInfo).
type Order struct {
	Symbol                  string `json:"symbol"`
	OrderID                 int64  `json:"orderId"`
	ClientOrderID           string `json:"clientOrderId"`
	Side                    string `json:"side"`
	Type                    string `json:"type"`
	TimeInForce             string `json:"timeInForce"`
	Status                  string `json:"status"` // NEW, or FILLED or EXPIRED for MARKET
	Price                   string `json:"price"`
	OrigQty                 string `json:"origQty"`
	ExecutedQty             string `json:"executedQty"`
	CummulativeQuoteQty     string `json:"cummulativeQuoteQty"`
	OrigQuoteOrderQty       string `json:"origQuoteOrderQty"`
	StopPrice               string `json:"stopPrice,omitempty"`  // sent, or a stop order's zero
	IcebergQty              string `json:"icebergQty,omitempty"` // only when sent
	TrailingDelta           int64  `json:"trailingDelta,omitempty"`
	StrategyID              *int64 `json:"strategyId,omitempty"`
	StrategyType            *int64 `json:"strategyType,omitempty"`
	SelfTradePreventionMode string `json:"selfTradePreventionMode"`
	Time                    int64  `json:"time"`        // transactTime, ms, by the server time
	UpdateTime              int64  `json:"updateTime"`  // the last change (placement, cancel), ms
	WorkingTime             int64  `json:"workingTime"` // -1 for a stop order not triggered
	Fills                   []Fill `json:"fills"`
	APIKey                  string `json:"apiKey"` // the key that placed it

	lockAsset string   // what a NEW order locks: quote asset (BUY) or base asset (SELL)
	lockAmt   *big.Rat // and how much; nil when nothing is locked
}

// Fill is one trade of a placed order.
type Fill struct {
	Price           string `json:"price"`
	Qty             string `json:"qty"`
	Commission      string `json:"commission"`
	CommissionAsset string `json:"commissionAsset"`
	TradeID         int64  `json:"tradeId"`
}

// Orders returns a copy of the orders placed, oldest first.
func (s *Server) Orders() []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Order, len(s.orders))
	for i, o := range s.orders {
		out[i] = *o
		out[i].Fills = slices.Clone(o.Fills)
	}
	return out
}

// Placements is the number of orders placed (accepted by POST /api/v3/order). Test orders
// and refused orders are not counted.
func (s *Server) Placements() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.orders)
}

// WithReferencePrice sets the reference price of a symbol: the price a MARKET order fills
// at, the notional price of MARKET orders and the base of PERCENT_PRICE_BY_SIDE. By default
// it is the recorded last price (ticker/price) where there is one (BTCUSDT 65861.66); a
// symbol without one has no reference price. price is a decimal like "0.00001234".
func WithReferencePrice(symbol, price string) Option {
	return func(s *Server) {
		if s.refPrices == nil {
			s.refPrices = make(map[string]string)
		}
		s.refPrices[symbol] = price
	}
}

// referencePrice is the reference price of sym, or nil.
func (s *Server) referencePrice(sym string) *big.Rat {
	if p, ok := s.refPrices[sym]; ok {
		if r, ok := new(big.Rat).SetString(p); ok && r.Sign() > 0 {
			return r
		}
		return nil
	}
	raw, ok := s.data.objects[key("ticker/price", sym)]
	if !ok {
		return nil
	}
	var t struct{ Price string }
	if json.Unmarshal(raw, &t) != nil {
		return nil
	}
	if r, ok := new(big.Rat).SetString(t.Price); ok && r.Sign() > 0 {
		return r
	}
	return nil
}

// newOrder is a new order's parameters, read and checked.
type newOrder struct {
	symbol, side, typ, tif, clientID, respType, stp string
	qty, quoteQty, price, stopPrice, iceberg        *big.Rat
	trailingDelta, strategyID, strategyType         *int64
}

var clientIDRE = regexp.MustCompile(`^[a-zA-Z0-9-_]{1,36}$`)

const legalClientID = `^[a-zA-Z0-9-_]{1,36}$`

// typeRules says, per order type, which parameters it needs (rest-api.md "New order", the
// additional mandatory parameters) and which it does not take (-1106).
var typeRules = map[string]struct {
	tif, price, stop bool // needs timeInForce; price; stopPrice or trailingDelta
	iceberg          bool // takes icebergQty
	notSent          []string
}{
	"LIMIT":             {tif: true, price: true, iceberg: true, notSent: []string{"quoteOrderQty", "stopPrice", "trailingDelta"}},
	"MARKET":            {notSent: []string{"timeInForce", "price", "stopPrice", "trailingDelta", "icebergQty"}},
	"STOP_LOSS":         {stop: true, notSent: []string{"timeInForce", "quoteOrderQty", "price", "icebergQty"}},
	"STOP_LOSS_LIMIT":   {tif: true, price: true, stop: true, iceberg: true, notSent: []string{"quoteOrderQty"}},
	"TAKE_PROFIT":       {stop: true, notSent: []string{"timeInForce", "quoteOrderQty", "price", "icebergQty"}},
	"TAKE_PROFIT_LIMIT": {tif: true, price: true, stop: true, iceberg: true, notSent: []string{"quoteOrderQty"}},
	"LIMIT_MAKER":       {price: true, iceberg: true, notSent: []string{"timeInForce", "quoteOrderQty", "stopPrice", "trailingDelta"}},
}

// notSupported is the -1013 text for an order type a symbol does not list in orderTypes.
var notSupported = map[string]string{
	"MARKET":            "Market orders are not supported for this symbol.",
	"STOP_LOSS":         "Stop loss orders are not supported for this symbol.",
	"STOP_LOSS_LIMIT":   "Stop loss limit orders are not supported for this symbol.",
	"TAKE_PROFIT":       "Take profit orders are not supported for this symbol.",
	"TAKE_PROFIT_LIMIT": "Take profit limit orders are not supported for this symbol.",
	"LIMIT":             "Unsupported order combination",
	"LIMIT_MAKER":       "Unsupported order combination",
}

func errMarket(msg string) *apiError   { return badRequest(-1013, "%s", msg) }
func errRejected(msg string) *apiError { return badRequest(-2010, "%s", msg) }

func errEither(a, b string) *apiError {
	return badRequest(-1102, "Param '%s' or '%s' must be sent, but both were empty/null!", a, b)
}

func errNotRequired(param string) *apiError {
	return badRequest(-1106, "Parameter '%s' sent when not required.", param)
}

// readOrder reads and checks the parameters of a new order, in the order doc.go gives.
func (s *Server) readOrder(q query) (*newOrder, *symbolRules, *apiError) {
	o := &newOrder{}
	sym, _, e := q.symbol()
	if e != nil {
		return nil, nil, e
	}
	i, e := s.lookup(sym)
	if e != nil {
		return nil, nil, e
	}
	r := s.rules(i)
	o.symbol, o.side, o.typ = sym, q.get("side"), q.get("type")
	if o.side != "BUY" && o.side != "SELL" {
		return nil, nil, badRequest(-1117, "Invalid side.")
	}
	tr, ok := typeRules[o.typ]
	if !ok {
		return nil, nil, badRequest(-1116, "Invalid orderType.")
	}
	if q.has("timeInForce") {
		o.tif = q.get("timeInForce")
		if o.tif != "GTC" && o.tif != "IOC" && o.tif != "FOK" {
			return nil, nil, badRequest(-1115, "Invalid timeInForce.")
		}
	}
	o.respType = q.get("newOrderRespType")
	if q.has("newOrderRespType") && o.respType != "ACK" && o.respType != "RESULT" && o.respType != "FULL" {
		return nil, nil, errNotValid("newOrderRespType")
	}
	o.stp = r.DefaultSTP
	if q.has("selfTradePreventionMode") {
		o.stp = q.get("selfTradePreventionMode")
		if !slices.Contains(r.AllowedSTP, o.stp) {
			return nil, nil, errNotValid("selfTradePreventionMode")
		}
	}
	if q.has("newClientOrderId") {
		o.clientID = q.get("newClientOrderId")
		if !clientIDRE.MatchString(o.clientID) {
			return nil, nil, errIllegal("newClientOrderId", legalClientID)
		}
	}
	for _, d := range []struct {
		name string
		to   **big.Rat
	}{{"quantity", &o.qty}, {"quoteOrderQty", &o.quoteQty}, {"price", &o.price}, {"stopPrice", &o.stopPrice}, {"icebergQty", &o.iceberg}} {
		v, _, e := q.decimal(d.name)
		if e != nil {
			return nil, nil, e
		}
		*d.to = v
	}
	for _, n := range []struct {
		name string
		to   **int64
	}{{"trailingDelta", &o.trailingDelta}, {"strategyId", &o.strategyID}, {"strategyType", &o.strategyType}, {"pegOffsetValue", new(*int64)}} {
		v, sent, e := q.number(n.name)
		if e != nil {
			return nil, nil, e
		}
		if sent {
			*n.to = &v
		}
	}
	if o.strategyType != nil && *o.strategyType < 1000000 {
		return nil, nil, badRequest(-1134, "strategyType was less than 1000000.")
	}
	if c := q.get("computeCommissionRates"); q.has("computeCommissionRates") && c != "true" && c != "false" {
		return nil, nil, errNotValid("computeCommissionRates")
	}
	// Pegged orders: the recorded symbols have no pegInstructionsAllowed.
	if q.has("pegPriceType") || q.has("pegOffsetType") || q.has("pegOffsetValue") {
		if o.typ == "MARKET" || o.typ == "STOP_LOSS" || o.typ == "TAKE_PROFIT" {
			return nil, nil, errMarket("This order type may not use pegged price.")
		}
		return nil, nil, errMarket("Pegged orders are not supported for this symbol.")
	}

	// Mandatory per type, then the parameters the type does not take.
	switch {
	case tr.tif && o.tif == "":
		return nil, nil, errMandatory("timeInForce")
	case o.typ == "MARKET" && o.qty == nil && o.quoteQty == nil:
		return nil, nil, errEither("quantity", "quoteOrderQty")
	case o.typ != "MARKET" && o.qty == nil:
		return nil, nil, errMandatory("quantity")
	case tr.price && o.price == nil:
		return nil, nil, errMandatory("price")
	case tr.stop && o.stopPrice == nil && o.trailingDelta == nil:
		return nil, nil, errEither("stopPrice", "trailingDelta")
	}
	for _, name := range tr.notSent {
		if q.has(name) {
			return nil, nil, errNotRequired(name)
		}
	}
	if o.typ == "MARKET" && o.qty != nil && o.quoteQty != nil {
		return nil, nil, errNotRequired("quoteOrderQty")
	}
	if o.iceberg != nil && o.tif != "" && o.tif != "GTC" {
		return nil, nil, errMarket("Unsupported order combination")
	}

	// What the symbol allows.
	switch {
	case r.Status != "TRADING":
		return nil, nil, errMarket("Market is closed.")
	case !slices.Contains(r.OrderTypes, o.typ):
		return nil, nil, errMarket(notSupported[o.typ])
	case o.iceberg != nil && !r.IcebergAllowed:
		return nil, nil, errMarket("Iceberg orders are not supported for this symbol.")
	case o.quoteQty != nil && !r.QuoteOrderQtyMarketAllowed:
		return nil, nil, errMarket("Quote order qty market orders are not support for this symbol.")
	case o.trailingDelta != nil && !r.AllowTrailingStop:
		return nil, nil, errMarket("Trailing stop orders are not supported for this symbol.")
	case !r.IsSpotTradingAllowed:
		return nil, nil, errRejected("This symbol is not permitted for this account.")
	case o.iceberg != nil && o.iceberg.Cmp(o.qty) >= 0:
		return nil, nil, errMarket("IcebergQty exceeds QTY.")
	}
	if o.respType == "" {
		o.respType = "ACK"
		if o.typ == "MARKET" || o.typ == "LIMIT" {
			o.respType = "FULL"
		}
	}
	return o, r, nil
}

// serveNewOrder answers POST /api/v3/order and, with test, POST /api/v3/order/test.
func (s *Server) serveNewOrder(w http.ResponseWriter, q query, c call, test bool) ([]byte, *apiError) {
	o, r, e := s.readOrder(q)
	if e != nil {
		return nil, e
	}
	ref := s.referencePrice(o.symbol)
	if test {
		if e := checkFilters(r, o, ref, nil); e != nil {
			return nil, e
		}
		if q.get("computeCommissionRates") == "true" {
			return commissionAnswer, nil
		}
		return []byte("{}"), nil
	}
	if e := checkFilters(r, o, ref, &openCounts{}); e != nil { // stateless filters first
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.takeOrder(w, c.now); e != nil {
		return nil, e
	}
	undo := func() {
		for i := range s.orderCounts {
			s.orderCounts[i].count--
			w.Header().Set(s.orderCounts[i].header(), strconv.Itoa(s.orderCounts[i].count))
		}
	}
	var open openCounts
	for _, p := range s.orders {
		if p.Symbol == o.symbol && p.Status == "NEW" {
			open.all++
			if slices.Contains([]string{"STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"}, p.Type) {
				open.algo++
			}
			if p.IcebergQty != "" {
				open.iceberg++
			}
			if o.clientID != "" && p.ClientOrderID == o.clientID {
				undo()
				return nil, errRejected("Duplicate order sent.")
			}
		}
	}
	if e := checkFilters(r, o, ref, &open); e != nil {
		undo()
		return nil, e
	}
	placed, e := s.place(o, r, ref, c)
	if e != nil {
		undo()
		return nil, e
	}
	return orderAnswer(placed, o.respType), nil
}

// commissionAnswer is order/test with computeCommissionRates=true: the account's rates
// (testdata/nautilus_trader/account_response.json, maker and taker 0.0015), no special or
// tax commission, and the BNB discount of the rest-api.md example.
var commissionAnswer = []byte(`{"standardCommissionForOrder":{"maker":"0.00150000","taker":"0.00150000"},` +
	`"specialCommissionForOrder":{"maker":"0.00000000","taker":"0.00000000"},` +
	`"taxCommissionForOrder":{"maker":"0.00000000","taker":"0.00000000"},` +
	`"discount":{"enabledForAccount":true,"enabledForSymbol":true,"discountAsset":"BNB","discount":"0.25000000"}}`)

// takerRate is the account's taker commission, charged on MARKET fills.
var takerRate = big.NewRat(15, 10000)

// place records an accepted order; s.mu is held. A MARKET order fills at once, whole, at the
// reference price, or expires unfilled when the symbol has none; every other order stays NEW.
func (s *Server) place(o *newOrder, r *symbolRules, ref *big.Rat, c call) (*Order, *apiError) {
	bp, qp := r.BaseAssetPrecision, r.QuotePrecision
	ms := c.serverTime.UnixMilli()
	p := &Order{
		Symbol: o.symbol, Side: o.side, Type: o.typ, TimeInForce: o.tif, Status: "NEW",
		Price: fmtDec(o.price, qp), OrigQty: fmtDec(o.qty, bp), ExecutedQty: fmtDec(nil, bp),
		CummulativeQuoteQty: fmtDec(nil, qp), OrigQuoteOrderQty: fmtDec(o.quoteQty, qp),
		StrategyID: o.strategyID, StrategyType: o.strategyType, SelfTradePreventionMode: o.stp,
		Time: ms, UpdateTime: ms, WorkingTime: ms, Fills: []Fill{}, ClientOrderID: o.clientID, APIKey: c.apiKey,
	}
	if p.TimeInForce == "" {
		p.TimeInForce = "GTC"
	}
	if o.algo() {
		p.StopPrice = fmtDec(o.stopPrice, qp)
		p.WorkingTime = -1
	}
	if o.iceberg != nil {
		p.IcebergQty = fmtDec(o.iceberg, bp)
	}
	if o.trailingDelta != nil {
		p.TrailingDelta = *o.trailingDelta
	}
	if o.typ == "MARKET" {
		qty := o.qty
		switch {
		case ref == nil && o.quoteQty != nil:
			return nil, errRejected("Order book liquidity is less than symbol minimum quantity.")
		case ref == nil:
			p.Status = "EXPIRED"
		default:
			if qty == nil { // quoteOrderQty: as much as it buys, down to the LOT_SIZE step
				qty = new(big.Rat).Quo(o.quoteQty, ref)
				for _, f := range r.Filters {
					if f.FilterType == "LOT_SIZE" && rat(f.StepSize).Sign() > 0 {
						st := rat(f.StepSize)
						n := new(big.Rat).Quo(qty, st)
						qty = mul(new(big.Rat).SetInt(new(big.Int).Quo(n.Num(), n.Denom())), st)
					}
				}
				if qty.Sign() == 0 {
					return nil, errMarket("Filter failure: LOT_SIZE")
				}
				p.OrigQty = fmtDec(qty, bp)
			}
			quote := mul(qty, ref)
			fee, asset := mul(qty, takerRate), r.BaseAsset
			if o.side == "SELL" {
				fee, asset = mul(quote, takerRate), r.QuoteAsset
			}
			// The fee is charged as the fill reports it, 8 places, so that fills and
			// balances agree.
			fee = rat(fmtDec(fee, 8))
			// The balance pays what is given and receives what is bought, less the fee.
			if o.side == "BUY" && !s.covers(r.QuoteAsset, quote) || o.side == "SELL" && !s.covers(r.BaseAsset, qty) {
				return nil, errInsufficient()
			}
			if o.side == "BUY" {
				s.add(r.QuoteAsset, new(big.Rat).Neg(quote))
				s.add(r.BaseAsset, new(big.Rat).Sub(qty, fee))
			} else {
				s.add(r.BaseAsset, new(big.Rat).Neg(qty))
				s.add(r.QuoteAsset, new(big.Rat).Sub(quote, fee))
			}
			s.nextTradeID++
			p.Status, p.ExecutedQty, p.CummulativeQuoteQty = "FILLED", fmtDec(qty, bp), fmtDec(quote, qp)
			p.Fills = []Fill{{Price: fmtDec(ref, qp), Qty: fmtDec(qty, bp), Commission: fmtDec(fee, 8), CommissionAsset: asset, TradeID: s.nextTradeID}}
			s.fills = append(s.fills, &Trade{
				Symbol: o.symbol, ID: s.nextTradeID, OrderListID: -1, Price: fmtDec(ref, qp), Qty: fmtDec(qty, bp),
				QuoteQty: fmtDec(quote, qp), Commission: fmtDec(fee, 8), CommissionAsset: asset, Time: ms,
				IsBuyer: o.side == "BUY", IsMaker: false, IsBestMatch: true,
			})
		}
	} else {
		asset, amt := lockFor(o, r)
		if e := s.lock(asset, amt); e != nil {
			return nil, e
		}
		p.lockAsset, p.lockAmt = asset, amt
	}
	s.nextOrderID++
	p.OrderID = s.nextOrderID
	if p.ClientOrderID == "" {
		p.ClientOrderID = "standin" + strconv.FormatInt(p.OrderID, 10) // Binance's are 22 random characters
	}
	if p.Status == "FILLED" {
		s.fills[len(s.fills)-1].OrderID = p.OrderID
	}
	s.orders = append(s.orders, p)
	cp := *p
	return &cp, nil
}

// fmtDec writes a decimal with prec places, rounded half away from zero; nil is zero.
func fmtDec(d *big.Rat, prec int) string {
	if d == nil {
		d = new(big.Rat)
	}
	return d.FloatString(prec)
}

// field is one member of a JSON object written in a fixed order.
type field struct {
	k string
	v any
}

func object(fields ...field) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.k)
		v, _ := json.Marshal(f.v)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// conditional are the conditional fields of rest-api.md "Conditional fields in Order
// Responses" that the stand-in can produce.
func (p *Order) conditional() []field {
	var out []field
	if p.StopPrice != "" {
		out = append(out, field{"stopPrice", p.StopPrice})
	}
	if p.IcebergQty != "" {
		out = append(out, field{"icebergQty", p.IcebergQty})
	}
	if p.TrailingDelta != 0 {
		out = append(out, field{"trailingDelta", p.TrailingDelta}, field{"trailingTime", -1})
	}
	if p.StrategyID != nil {
		out = append(out, field{"strategyId", *p.StrategyID})
	}
	if p.StrategyType != nil {
		out = append(out, field{"strategyType", *p.StrategyType})
	}
	return out
}

// orderAnswer writes the ACK, RESULT or FULL answer of rest-api.md "New order".
func orderAnswer(p *Order, respType string) []byte {
	f := []field{{"symbol", p.Symbol}, {"orderId", p.OrderID}, {"orderListId", -1},
		{"clientOrderId", p.ClientOrderID}, {"transactTime", p.Time}}
	if respType == "ACK" {
		return object(f...)
	}
	f = append(f, field{"price", p.Price}, field{"origQty", p.OrigQty}, field{"executedQty", p.ExecutedQty},
		field{"origQuoteOrderQty", p.OrigQuoteOrderQty}, field{"cummulativeQuoteQty", p.CummulativeQuoteQty},
		field{"status", p.Status}, field{"timeInForce", p.TimeInForce}, field{"type", p.Type}, field{"side", p.Side},
		field{"workingTime", p.WorkingTime}, field{"selfTradePreventionMode", p.SelfTradePreventionMode})
	f = append(f, p.conditional()...)
	if respType == "FULL" {
		f = append(f, field{"fills", p.Fills})
	}
	return object(f...)
}

// queryOrder answers GET /api/v3/order (rest-api.md "Query order"): by orderId, then, if also
// sent, origClientOrderId must match; or by origClientOrderId alone (the latest such order).
func (s *Server) queryOrder(q query) ([]byte, *apiError) {
	ref, e := readOrderRef(q)
	if e != nil {
		return nil, e
	}
	if _, e := s.lookup(ref.symbol); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.findOrder(ref); p != nil {
		return p.queryJSON(), nil
	}
	return nil, badRequest(-2013, "Order does not exist.")
}

// orderRef names one order: symbol and orderId or origClientOrderId.
type orderRef struct {
	symbol        string
	id            int64
	cid           string
	hasID, hasCID bool
}

func readOrderRef(q query) (orderRef, *apiError) {
	var ref orderRef
	sym, _, e := q.symbol()
	if e != nil {
		return ref, e
	}
	ref.symbol = sym
	ref.id, ref.hasID, e = q.number("orderId")
	if e != nil {
		return ref, e
	}
	ref.cid, ref.hasCID = q.get("origClientOrderId"), q.has("origClientOrderId")
	if !ref.hasID && !ref.hasCID {
		return ref, errEither("orderId", "origClientOrderId")
	}
	return ref, nil
}

// findOrder finds the order ref names, or nil; s.mu is held. By orderId (then
// origClientOrderId, if sent, must match) or by origClientOrderId alone, the latest.
func (s *Server) findOrder(ref orderRef) *Order {
	for i := len(s.orders) - 1; i >= 0; i-- {
		p := s.orders[i]
		if p.Symbol != ref.symbol || ref.hasID && p.OrderID != ref.id || !ref.hasID && p.ClientOrderID != ref.cid {
			continue
		}
		if ref.hasID && ref.hasCID && p.ClientOrderID != ref.cid {
			return nil
		}
		return p
	}
	return nil
}

// queryJSON writes an order the way GET /api/v3/order, openOrders and allOrders do.
func (p *Order) queryJSON() []byte {
	f := []field{{"symbol", p.Symbol}, {"orderId", p.OrderID}, {"orderListId", -1},
		{"clientOrderId", p.ClientOrderID}, {"price", p.Price}, {"origQty", p.OrigQty},
		{"executedQty", p.ExecutedQty}, {"cummulativeQuoteQty", p.CummulativeQuoteQty},
		{"status", p.Status}, {"timeInForce", p.TimeInForce}, {"type", p.Type}, {"side", p.Side}}
	f = append(f, p.conditional()...)
	f = append(f, field{"time", p.Time}, field{"updateTime", p.UpdateTime}, field{"isWorking", p.WorkingTime != -1},
		field{"workingTime", p.WorkingTime}, field{"origQuoteOrderQty", p.OrigQuoteOrderQty},
		field{"selfTradePreventionMode", p.SelfTradePreventionMode})
	return object(f...)
}

// CountRequestsTo is the number of recorded requests with this method to path, for example
// CountRequestsTo("POST", "/api/v3/order").
func (s *Server) CountRequestsTo(method, path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.records {
		if r.Path == path && strings.EqualFold(r.Method, method) {
			n++
		}
	}
	return n
}
