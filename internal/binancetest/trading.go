package binancetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// deleteEndpoints maps a DELETE path to its route.
var deleteEndpoints = map[string]*endpoint{
	"/api/v3/order": {
		mandatory: []string{"symbol", "timestamp", "signature"},
		optional:  []string{"orderId", "origClientOrderId", "newClientOrderId", "cancelRestrictions", "recvWindow"},
		weight:    fixed(1), signed: true,
		serveOrder: func(s *Server, _ http.ResponseWriter, q query, c call) ([]byte, *apiError) {
			return s.cancelOrder(q, c)
		},
	},
	"/api/v3/openOrders": {
		mandatory: []string{"symbol", "timestamp", "signature"}, optional: []string{"recvWindow"},
		weight: fixed(1), signed: true,
		serveOrder: func(s *Server, _ http.ResponseWriter, q query, c call) ([]byte, *apiError) {
			return s.cancelOpenOrders(q, c)
		},
	},
}

func init() {
	endpoints["/api/v3/openOrders"] = &endpoint{
		mandatory: []string{"timestamp", "signature"}, optional: []string{"symbol", "recvWindow"},
		weight: func(q query) int {
			if q.has("symbol") {
				return 6
			}
			return 80
		},
		signed: true,
		serveOrder: func(s *Server, _ http.ResponseWriter, q query, _ call) ([]byte, *apiError) {
			return s.openOrders(q)
		},
	}
	endpoints["/api/v3/allOrders"] = &endpoint{
		mandatory: []string{"symbol", "timestamp", "signature"},
		optional:  []string{"orderId", "startTime", "endTime", "limit", "recvWindow"},
		weight:    fixed(20), signed: true,
		serveOrder: func(s *Server, _ http.ResponseWriter, q query, _ call) ([]byte, *apiError) {
			return s.allOrders(q)
		},
	}
	endpoints["/api/v3/myTrades"] = &endpoint{
		mandatory: []string{"symbol", "timestamp", "signature"},
		optional:  []string{"orderId", "startTime", "endTime", "fromId", "limit", "recvWindow"},
		weight: func(q query) int {
			if q.has("orderId") {
				return 5
			}
			return 20
		},
		signed: true,
		serveOrder: func(s *Server, _ http.ResponseWriter, q query, _ call) ([]byte, *apiError) {
			return s.myTrades(q)
		},
	}
}

// Trade is one trade of the account (GET /api/v3/myTrades). Only MARKET orders trade.
type Trade struct {
	Symbol          string `json:"symbol"`
	ID              int64  `json:"id"`
	OrderID         int64  `json:"orderId"`
	OrderListID     int64  `json:"orderListId"`
	Price           string `json:"price"`
	Qty             string `json:"qty"`
	QuoteQty        string `json:"quoteQty"`
	Commission      string `json:"commission"`
	CommissionAsset string `json:"commissionAsset"`
	Time            int64  `json:"time"`
	IsBuyer         bool   `json:"isBuyer"`
	IsMaker         bool   `json:"isMaker"`
	IsBestMatch     bool   `json:"isBestMatch"`
}

// Trades returns a copy of the account's trades, oldest first.
func (s *Server) Trades() []Trade {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Trade, len(s.fills))
	for i, t := range s.fills {
		out[i] = *t
	}
	return out
}

func errUnknownOrder() *apiError { return errCancel("Unknown order sent.") }

func errCancel(msg string) *apiError { return badRequest(-2011, "%s", msg) }

// cancel cancels an open order and unlocks its balance; s.mu is held.
func (s *Server) cancel(p *Order, ms int64) {
	p.Status, p.UpdateTime = "CANCELED", ms
	s.unlock(p.lockAsset, p.lockAmt)
	p.lockAmt = nil
}

// cancelJSON writes the answer of rest-api.md "Cancel order".
func (p *Order) cancelJSON(clientID string, ms int64) []byte {
	f := []field{{"symbol", p.Symbol}, {"origClientOrderId", p.ClientOrderID}, {"orderId", p.OrderID},
		{"orderListId", -1}, {"clientOrderId", clientID}, {"transactTime", ms}, {"price", p.Price},
		{"origQty", p.OrigQty}, {"executedQty", p.ExecutedQty}, {"origQuoteOrderQty", p.OrigQuoteOrderQty},
		{"cummulativeQuoteQty", p.CummulativeQuoteQty}, {"status", p.Status}, {"timeInForce", p.TimeInForce},
		{"type", p.Type}, {"side", p.Side}}
	f = append(f, p.conditional()...)
	f = append(f, field{"selfTradePreventionMode", p.SelfTradePreventionMode})
	return object(f...)
}

// cancelClientID is the clientOrderId of a cancel: newClientOrderId, or one the stand-in
// makes (Binance makes 22 random characters).
func cancelClientID(sent string, orderID int64) string {
	if sent != "" {
		return sent
	}
	return "standincancel" + strconv.FormatInt(orderID, 10)
}

// cancelOrder answers DELETE /api/v3/order (rest-api.md "Cancel order").
func (s *Server) cancelOrder(q query, c call) ([]byte, *apiError) {
	ref, e := readOrderRef(q)
	if e != nil {
		return nil, e
	}
	if _, e := s.lookup(ref.symbol); e != nil {
		return nil, e
	}
	newID := q.get("newClientOrderId")
	if q.has("newClientOrderId") && !clientIDRE.MatchString(newID) {
		return nil, errIllegal("newClientOrderId", legalClientID)
	}
	restriction := q.get("cancelRestrictions")
	if q.has("cancelRestrictions") && restriction != "ONLY_NEW" && restriction != "ONLY_PARTIALLY_FILLED" {
		return nil, badRequest(-1145, "Invalid cancelRestrictions")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.findOrder(ref)
	if p == nil || p.Status != "NEW" {
		return nil, errUnknownOrder()
	}
	if restriction == "ONLY_PARTIALLY_FILLED" { // no order is ever partially filled here
		return nil, errCancel("Order was not canceled due to cancel restrictions.")
	}
	ms := c.serverTime.UnixMilli()
	s.cancel(p, ms)
	return p.cancelJSON(cancelClientID(newID, p.OrderID), ms), nil
}

// cancelOpenOrders answers DELETE /api/v3/openOrders: every open order on the symbol, by
// orderId; none is -2011 "Unknown order sent.", as Binance answers.
func (s *Server) cancelOpenOrders(q query, c call) ([]byte, *apiError) {
	sym, _, e := q.symbol()
	if e != nil {
		return nil, e
	}
	if _, e := s.lookup(sym); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ms := c.serverTime.UnixMilli()
	var out [][]byte
	for _, p := range s.orders {
		if p.Symbol == sym && p.Status == "NEW" {
			s.cancel(p, ms)
			out = append(out, p.cancelJSON(cancelClientID("", p.OrderID), ms))
		}
	}
	if len(out) == 0 {
		return nil, errUnknownOrder()
	}
	return jsonArray(out), nil
}

// openOrders answers GET /api/v3/openOrders: the NEW orders, on the symbol or all, by orderId.
func (s *Server) openOrders(q query) ([]byte, *apiError) {
	sym, hasSym, e := q.symbol()
	if e != nil {
		return nil, e
	}
	if hasSym {
		if _, e := s.lookup(sym); e != nil {
			return nil, e
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := [][]byte{}
	for _, p := range s.orders {
		if p.Status == "NEW" && (!hasSym || p.Symbol == sym) {
			out = append(out, p.queryJSON())
		}
	}
	return jsonArray(out), nil
}

// day is the longest span between startTime and endTime of allOrders and myTrades.
const day = 24 * time.Hour

// timeRange reads startTime and endTime; more than 24 hours apart is -1127.
type timeRange struct {
	start, end       int64
	hasStart, hasEnd bool
}

// readTimeRange reads startTime and endTime of the account histories (allOrders,
// myTrades), which may span at most 24 hours.
func readTimeRange(q query) (timeRange, *apiError) {
	tr, e := readWalletRange(q)
	if e != nil {
		return tr, e
	}
	if tr.hasStart && tr.hasEnd && tr.end-tr.start > day.Milliseconds() {
		return tr, badRequest(-1127, "More than 24 hours between startTime and endTime.")
	}
	return tr, nil
}

func (tr timeRange) holds(ms int64) bool {
	return (!tr.hasStart || ms >= tr.start) && (!tr.hasEnd || ms <= tr.end)
}

// window keeps the first limit items when reading forward from a start, otherwise the last.
func window[T any](items []T, limit int, fromStart bool) []T {
	if len(items) <= limit {
		return items
	}
	if fromStart {
		return items[:limit]
	}
	return items[len(items)-limit:]
}

// allOrders answers GET /api/v3/allOrders: the symbol's orders of any status, oldest first;
// with orderId those from it, with startTime those from it, otherwise the most recent limit.
func (s *Server) allOrders(q query) ([]byte, *apiError) {
	sym, _, e := q.symbol()
	if e != nil {
		return nil, e
	}
	id, hasID, e := q.number("orderId")
	if e != nil {
		return nil, e
	}
	tr, e := readTimeRange(q)
	if e != nil {
		return nil, e
	}
	limit, e := q.limit(500, 1000, false)
	if e != nil {
		return nil, e
	}
	if _, e := s.lookup(sym); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var kept []*Order
	for _, p := range s.orders {
		if p.Symbol == sym && (!hasID || p.OrderID >= id) && tr.holds(p.Time) {
			kept = append(kept, p)
		}
	}
	out := [][]byte{}
	for _, p := range window(kept, limit, hasID || tr.hasStart) {
		out = append(out, p.queryJSON())
	}
	return jsonArray(out), nil
}

// myTrades answers GET /api/v3/myTrades, with the parameter combinations rest-api.md lists
// (others are -1128): symbol, + orderId, + startTime and/or endTime, + fromId, + orderId + fromId.
func (s *Server) myTrades(q query) ([]byte, *apiError) {
	sym, _, e := q.symbol()
	if e != nil {
		return nil, e
	}
	orderID, hasOrder, e := q.number("orderId")
	if e != nil {
		return nil, e
	}
	fromID, hasFrom, e := q.number("fromId")
	if e != nil {
		return nil, e
	}
	tr, e := readTimeRange(q)
	if e != nil {
		return nil, e
	}
	limit, e := q.limit(500, 1000, false)
	if e != nil {
		return nil, e
	}
	if (hasOrder || hasFrom) && (tr.hasStart || tr.hasEnd) {
		return nil, errCombination()
	}
	if _, e := s.lookup(sym); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := []Trade{}
	for _, t := range s.fills {
		if t.Symbol == sym && (!hasOrder || t.OrderID == orderID) && (!hasFrom || t.ID >= fromID) && tr.holds(t.Time) {
			kept = append(kept, *t)
		}
	}
	b, _ := json.Marshal(window(kept, limit, hasFrom || tr.hasStart))
	return b, nil
}

// jsonArray joins JSON values into an array.
func jsonArray(items [][]byte) []byte {
	return slices.Concat([]byte{'['}, bytes.Join(items, []byte{','}), []byte{']'})
}
