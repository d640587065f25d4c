package binancetest

import (
	"bytes"
	"net/http"
	"strconv"
	"time"
)

// endpoint is one public route: the parameters Binance's rest-api.md lists for it, its
// request weight, and the answer.
type endpoint struct {
	mandatory []string
	optional  []string
	weight    func(q query) int
	serve     func(s *Server, q query, now time.Time) ([]byte, *apiError)
	signed    bool // SIGNED (USER_DATA): verifySigned runs before the parameters are checked
	// serveOrder, when set, answers instead of serve; it may set headers on w.
	serveOrder func(s *Server, w http.ResponseWriter, q query, c call) ([]byte, *apiError)
}

// call is what an order route knows of its request beyond the parameters.
type call struct {
	apiKey     string
	now        time.Time // the stand-in's clock (rate-limit windows)
	serverTime time.Time // the clock plus its offset (transactTime, order times)
}

// route finds the route of method and path: GET routes in endpoints, POST ones in
// postEndpoints.
func route(method, path string) *endpoint {
	switch method {
	case http.MethodGet:
		return endpoints[path]
	case http.MethodPost:
		return postEndpoints[path]
	case http.MethodDelete:
		return deleteEndpoints[path]
	}
	return nil
}

// endpoints maps a GET path to its route. Weights are those of rest-api.md.
var endpoints = map[string]*endpoint{
	"/api/v3/ping": {weight: fixed(1), serve: func(*Server, query, time.Time) ([]byte, *apiError) {
		return []byte("{}"), nil
	}},
	"/api/v3/time": {weight: fixed(1), serve: func(_ *Server, _ query, now time.Time) ([]byte, *apiError) {
		return []byte(`{"serverTime":` + strconv.FormatInt(now.UnixMilli(), 10) + `}`), nil
	}},
	"/api/v3/exchangeInfo": {
		optional: []string{"symbol", "symbols", "permissions", "showPermissionSets", "symbolStatus"},
		weight:   fixed(20), serve: (*Server).exchangeInfo,
	},
	"/api/v3/depth": {
		mandatory: []string{"symbol"}, optional: []string{"limit", "symbolStatus"},
		weight: depthWeight, serve: (*Server).depth,
	},
	"/api/v3/trades": {
		mandatory: []string{"symbol"}, optional: []string{"limit"},
		weight: fixed(25), serve: (*Server).trades,
	},
	"/api/v3/historicalTrades": {
		mandatory: []string{"symbol"}, optional: []string{"limit", "fromId"},
		weight: fixed(25), serve: (*Server).historicalTrades,
	},
	"/api/v3/aggTrades": {
		mandatory: []string{"symbol"}, optional: []string{"fromId", "startTime", "endTime", "limit"},
		weight: fixed(4), serve: (*Server).aggTrades,
	},
	"/api/v3/klines": {
		mandatory: []string{"symbol", "interval"}, optional: []string{"startTime", "endTime", "timeZone", "limit"},
		weight: fixed(2), serve: (*Server).klines,
	},
	"/api/v3/avgPrice": {
		mandatory: []string{"symbol"},
		weight:    fixed(2), serve: (*Server).avgPrice,
	},
	"/api/v3/ticker/price": {
		optional: []string{"symbol", "symbols", "symbolStatus"},
		weight:   tickerWeight, serve: (*Server).tickerPrice,
	},
	"/api/v3/ticker/bookTicker": {
		optional: []string{"symbol", "symbols", "symbolStatus"},
		weight:   tickerWeight, serve: (*Server).bookTicker,
	},
	"/api/v3/ticker/24hr": {
		optional: []string{"symbol", "symbols", "type", "symbolStatus"},
		weight:   ticker24hrWeight, serve: (*Server).ticker24hr,
	},
	"/api/v3/account": {
		mandatory: []string{"timestamp", "signature"}, optional: []string{"omitZeroBalances", "recvWindow"},
		weight: fixed(20), serve: (*Server).account, signed: true,
	},
}

func fixed(n int) func(query) int { return func(query) int { return n } }

// depthWeight: limit 1-100: 5, 101-500: 25, 501-1000: 50, 1001-5000: 250. A limit that does
// not parse is charged as the default, 100.
func depthWeight(q query) int {
	n, ok, e := q.number("limit")
	switch {
	case e != nil || !ok || n <= 100:
		return 5
	case n <= 500:
		return 25
	case n <= 1000:
		return 50
	}
	return 250
}

// lookup finds a listed symbol.
func (s *Server) lookup(sym string) (int, *apiError) {
	i, ok := s.data.info.index[sym]
	if !ok {
		return 0, errSymbol()
	}
	return i, nil
}

// depth answers GET /api/v3/depth: the first limit levels of each side of the recorded book,
// or an empty book with lastUpdateId 0.
func (s *Server) depth(q query, _ time.Time) ([]byte, *apiError) {
	sym, _, e := q.symbol()
	if e != nil {
		return nil, e
	}
	limit, e := q.limit(100, 5000, true)
	if e != nil {
		return nil, e
	}
	status, e := q.symbolStatus()
	if e != nil {
		return nil, e
	}
	i, e := s.lookup(sym)
	if e != nil {
		return nil, e
	}
	if status != "" && s.data.info.status[i] != status {
		return nil, errStatusMismatch()
	}
	b := s.data.books[sym]
	if b == nil {
		return []byte(`{"lastUpdateId":0,"bids":[],"asks":[]}`), nil
	}
	var out bytes.Buffer
	out.WriteString(`{"lastUpdateId":`)
	out.Write(b.LastUpdateID)
	out.WriteString(`,"bids":[`)
	out.Write(joinRaw(b.Bids[:min(limit, len(b.Bids))]))
	out.WriteString(`],"asks":[`)
	out.Write(joinRaw(b.Asks[:min(limit, len(b.Asks))]))
	out.WriteString(`]}`)
	return out.Bytes(), nil
}

// trades answers GET /api/v3/trades: the most recent limit trades, oldest first.
func (s *Server) trades(q query, _ time.Time) ([]byte, *apiError) {
	sym, limit, e := s.symbolAndLimit(q)
	if e != nil {
		return nil, e
	}
	rows := s.data.rows[key("trades", sym)]
	return joinRows(rows[max(0, len(rows)-limit):]), nil
}

// historicalTrades answers GET /api/v3/historicalTrades: limit trades from fromId, or the most
// recent limit trades.
func (s *Server) historicalTrades(q query, _ time.Time) ([]byte, *apiError) {
	from, hasFrom, e := q.number("fromId")
	if e != nil {
		return nil, e
	}
	sym, limit, e := s.symbolAndLimit(q)
	if e != nil {
		return nil, e
	}
	rows := s.data.rows[key("historicalTrades", sym)]
	return joinRows(pick(rows, hasFrom, func(r row) bool { return r.id >= from }, limit)), nil
}

// aggTrades answers GET /api/v3/aggTrades, filtered on the aggregate id (fromId) and the trade
// time (startTime, endTime, inclusive).
func (s *Server) aggTrades(q query, _ time.Time) ([]byte, *apiError) {
	from, hasFrom, e := q.number("fromId")
	if e != nil {
		return nil, e
	}
	start, hasStart, e := q.millis("startTime")
	if e != nil {
		return nil, e
	}
	end, hasEnd, e := q.millis("endTime")
	if e != nil {
		return nil, e
	}
	sym, limit, e := s.symbolAndLimit(q)
	if e != nil {
		return nil, e
	}
	rows := s.data.rows[key("aggTrades", sym)]
	keep := func(r row) bool {
		return (!hasFrom || r.id >= from) && (!hasStart || r.at >= start) && (!hasEnd || r.at <= end)
	}
	return joinRows(pick(rows, hasFrom || hasStart, keep, limit)), nil
}

// symbolAndLimit reads the symbol and a limit of default 500, maximum 1000.
func (s *Server) symbolAndLimit(q query) (string, int, *apiError) {
	sym, _, e := q.symbol()
	if e != nil {
		return "", 0, e
	}
	limit, e := q.limit(500, 1000, false)
	if e != nil {
		return "", 0, e
	}
	if _, e := s.lookup(sym); e != nil {
		return "", 0, e
	}
	return sym, limit, nil
}

// pick keeps the rows that pass keep and takes limit of them: the oldest when fromStart (a
// start was given), else the most recent. Rows stay oldest first, as Binance sends them.
func pick(rows []row, fromStart bool, keep func(row) bool, limit int) []row {
	var in []row
	for _, r := range rows {
		if keep(r) {
			in = append(in, r)
		}
	}
	if fromStart {
		return in[:min(limit, len(in))]
	}
	return in[max(0, len(in)-limit):]
}

// avgPrice answers GET /api/v3/avgPrice.
func (s *Server) avgPrice(q query, _ time.Time) ([]byte, *apiError) {
	sym, _, e := q.symbol()
	if e != nil {
		return nil, e
	}
	if _, e := s.lookup(sym); e != nil {
		return nil, e
	}
	if b, ok := s.data.objects[key("avgPrice", sym)]; ok {
		return b, nil
	}
	return mustJSON(struct {
		Mins      int    `json:"mins"`
		Price     string `json:"price"`
		CloseTime int64  `json:"closeTime"`
	}{5, zero, 0}), nil
}

// zero is how Binance writes a zero price or quantity.
const zero = "0.00000000"
