package binancetest

import (
	"net/http"
	"slices"
)

// The /fapi USD-M futures reads (SIGNED with the same scheme, on the same listener). Their
// data is fixed, the stand-in's own, in the shapes of Binance's USD-M futures documentation
// (doc.go, "Futures"). A symbol must be listed in the spot exchangeInfo (-1121 otherwise).

func init() {
	fapi := func(path string, weight func(query) int, optional []string, serve func(*Server, query, call) ([]byte, *apiError)) {
		endpoints[path] = &endpoint{
			mandatory: []string{"timestamp", "signature"},
			optional:  append(slices.Clone(optional), "recvWindow"),
			weight:    weight, signed: true,
			serveOrder: func(s *Server, _ http.ResponseWriter, q query, c call) ([]byte, *apiError) {
				return serve(s, q, c)
			},
		}
	}
	fapi("/fapi/v2/positionRisk", fixed(5), []string{"symbol"}, (*Server).positionRiskV2)
	fapi("/fapi/v3/positionRisk", fixed(5), []string{"symbol"}, (*Server).positionRiskV3)
	fapi("/fapi/v1/income", fixed(30), []string{"symbol", "incomeType", "startTime", "endTime", "page", "limit"}, (*Server).income)
	fapi("/fapi/v1/forceOrders", func(q query) int {
		if q.has("symbol") {
			return 20
		}
		return 50
	}, []string{"symbol", "autoCloseType", "startTime", "endTime", "limit"}, (*Server).forceOrders)
}

// position is one fixed futures position (one-way mode, cross margin, leverage 10).
type position struct {
	symbol, amt, entry, breakEven, mark, pnl, notional, initMargin, maintMargin string
	updateTime                                                                  int64
}

// positions are the fixed open positions, by symbol.
var positions = []position{
	{"BTCUSDT", "0.010", "65000.0", "65026.0", "65861.66000000", "8.61660000", "658.61660000", "65.86166000", "2.63446640", 1781452800000},
	{"ETHUSDT", "-0.500", "3500.0", "3501.4", "3450.00000000", "25.00000000", "-1725.00000000", "172.50000000", "6.90000000", 1781424000000},
}

// futuresSymbol reads the optional symbol of a futures read.
func (s *Server) futuresSymbol(q query) (string, bool, *apiError) {
	sym, ok, e := q.symbol()
	if e != nil || !ok {
		return "", ok, e
	}
	if _, e := s.lookup(sym); e != nil {
		return "", true, e
	}
	return sym, true, nil
}

// positionRiskV2 answers a row for the symbol (zero when there is no position) or, without
// symbol, one per open position, in the v2 shape.
func (s *Server) positionRiskV2(q query, _ call) ([]byte, *apiError) {
	sym, hasSym, e := s.futuresSymbol(q)
	if e != nil {
		return nil, e
	}
	row := func(p position) []byte {
		return object(field{"entryPrice", p.entry}, field{"breakEvenPrice", p.breakEven}, field{"marginType", "cross"},
			field{"isAutoAddMargin", "false"}, field{"isolatedMargin", "0.00000000"}, field{"leverage", "10"},
			field{"liquidationPrice", "0"}, field{"markPrice", p.mark}, field{"maxNotionalValue", "20000000"},
			field{"positionAmt", p.amt}, field{"notional", p.notional}, field{"isolatedWallet", "0"},
			field{"symbol", p.symbol}, field{"unRealizedProfit", p.pnl}, field{"positionSide", "BOTH"},
			field{"updateTime", p.updateTime})
	}
	out := [][]byte{}
	for _, p := range positions {
		if !hasSym || p.symbol == sym {
			out = append(out, row(p))
		}
	}
	if hasSym && len(out) == 0 {
		out = append(out, row(position{symbol: sym, amt: "0.000", entry: "0.0", breakEven: "0.0",
			mark: "0.00000000", pnl: "0.00000000", notional: "0"}))
	}
	return jsonArray(out), nil
}

// positionRiskV3 answers the open positions (on the symbol), in the v3 shape; v3 leaves out
// symbols without a position.
func (s *Server) positionRiskV3(q query, _ call) ([]byte, *apiError) {
	sym, hasSym, e := s.futuresSymbol(q)
	if e != nil {
		return nil, e
	}
	out := [][]byte{}
	for _, p := range positions {
		if hasSym && p.symbol != sym {
			continue
		}
		out = append(out, object(field{"symbol", p.symbol}, field{"positionSide", "BOTH"}, field{"positionAmt", p.amt},
			field{"entryPrice", p.entry}, field{"breakEvenPrice", p.breakEven}, field{"markPrice", p.mark},
			field{"unRealizedProfit", p.pnl}, field{"liquidationPrice", "0"}, field{"isolatedMargin", "0"},
			field{"notional", p.notional}, field{"marginAsset", "USDT"}, field{"isolatedWallet", "0"},
			field{"initialMargin", p.initMargin}, field{"maintMargin", p.maintMargin},
			field{"positionInitialMargin", p.initMargin}, field{"openOrderInitialMargin", "0"}, field{"adl", 2},
			field{"bidNotional", "0"}, field{"askNotional", "0"}, field{"updateTime", p.updateTime}))
	}
	return jsonArray(out), nil
}

// Income is one row of GET /fapi/v1/income.
type Income struct {
	Symbol     string `json:"symbol"`
	IncomeType string `json:"incomeType"`
	Income     string `json:"income"`
	Asset      string `json:"asset"`
	Info       string `json:"info"`
	Time       int64  `json:"time"`
	TranID     int64  `json:"tranId"`
	TradeID    string `json:"tradeId"`
}

// incomes is the fixed income history, oldest first.
var incomes = []Income{
	{"", "TRANSFER", "1000.00000000", "USDT", "TRANSFER", 1781337600000, 9689322392, ""},
	{"ETHUSDT", "FUNDING_FEE", "-0.13000000", "USDT", "FUNDING_FEE", 1781395200000, 9689322393, ""},
	{"BTCUSDT", "REALIZED_PNL", "12.50000000", "USDT", "REALIZED_PNL", 1781424000000, 9689322394, "2059192"},
	{"BTCUSDT", "COMMISSION", "-0.26000000", "USDT", "COMMISSION", 1781424000000, 9689322395, "2059192"},
}

// incomeTypes are the incomeType values Binance documents.
var incomeTypes = []string{
	"TRANSFER", "WELCOME_BONUS", "REALIZED_PNL", "FUNDING_FEE", "COMMISSION", "INSURANCE_CLEAR",
	"REFERRAL_KICKBACK", "COMMISSION_REBATE", "API_REBATE", "CONTEST_REWARD", "CROSS_COLLATERAL_TRANSFER",
	"OPTIONS_PREMIUM_FEE", "OPTIONS_SETTLE_PROFIT", "INTERNAL_TRANSFER", "AUTO_EXCHANGE",
	"DELIVERED_SETTELMENT", "COIN_SWAP_DEPOSIT", "COIN_SWAP_WITHDRAW", "POSITION_LIMIT_INCREASE_FEE",
	"STRATEGY_UMFUTURES_TRANSFER", "FEE_RETURN", "BFUSD_REWARD",
}

// income answers the rows matching symbol, incomeType, startTime and endTime, oldest
// first, page (from 1) of limit (default 100, max 1000).
func (s *Server) income(q query, _ call) ([]byte, *apiError) {
	sym, hasSym, e := s.futuresSymbol(q)
	if e != nil {
		return nil, e
	}
	typ := q.get("incomeType")
	if q.has("incomeType") && !slices.Contains(incomeTypes, typ) {
		return nil, errNotValid("incomeType")
	}
	tr, e := readWalletRange(q)
	if e != nil {
		return nil, e
	}
	limit, e := q.limit(100, 1000, false)
	if e != nil {
		return nil, e
	}
	page, hasPage, e := q.number("page")
	if e != nil {
		return nil, e
	}
	if !hasPage {
		page = 1
	}
	if page < 1 {
		return nil, errNotValid("page")
	}
	rows := []Income{}
	for _, r := range incomes {
		if (!hasSym || r.Symbol == sym) && (typ == "" || r.IncomeType == typ) && tr.holds(r.Time) {
			rows = append(rows, r)
		}
	}
	from := min((page-1)*int64(limit), int64(len(rows)))
	return marshal(rows[from:min(from+int64(limit), int64(len(rows)))])
}

// ForceOrder is one row of GET /fapi/v1/forceOrders.
type ForceOrder struct {
	OrderID       int64  `json:"orderId"`
	Symbol        string `json:"symbol"`
	Status        string `json:"status"`
	ClientOrderID string `json:"clientOrderId"`
	Price         string `json:"price"`
	AvgPrice      string `json:"avgPrice"`
	OrigQty       string `json:"origQty"`
	ExecutedQty   string `json:"executedQty"`
	CumQuote      string `json:"cumQuote"`
	TimeInForce   string `json:"timeInForce"`
	Type          string `json:"type"`
	ReduceOnly    bool   `json:"reduceOnly"`
	ClosePosition bool   `json:"closePosition"`
	Side          string `json:"side"`
	PositionSide  string `json:"positionSide"`
	StopPrice     string `json:"stopPrice"`
	WorkingType   string `json:"workingType"`
	OrigType      string `json:"origType"`
	Time          int64  `json:"time"`
	UpdateTime    int64  `json:"updateTime"`
}

// forceOrders is the fixed list of liquidation and ADL orders, oldest first.
var forceOrders = []ForceOrder{
	{6071832819, "BTCUSDT", "FILLED", "autoclose-1781255700000000020", "60871.09", "60913.21000", "0.002", "0.002",
		"121.82642", "IOC", "LIMIT", false, false, "SELL", "BOTH", "0", "CONTRACT_PRICE", "LIMIT", 1781255700044, 1781255700087},
	{6071832820, "ETHUSDT", "FILLED", "adl_autoclose-1781452800000000021", "3480.00", "3480.00000", "0.100", "0.100",
		"348.00000", "IOC", "LIMIT", false, false, "BUY", "BOTH", "0", "CONTRACT_PRICE", "LIMIT", 1781452800044, 1781452800087},
}

// forceOrders answers the rows matching symbol, autoCloseType (LIQUIDATION: clientOrderId
// autoclose-…, ADL: adl_autoclose-…), startTime and endTime; the most recent limit
// (default 50, max 100), oldest first.
func (s *Server) forceOrders(q query, _ call) ([]byte, *apiError) {
	sym, hasSym, e := s.futuresSymbol(q)
	if e != nil {
		return nil, e
	}
	act := q.get("autoCloseType")
	if q.has("autoCloseType") && act != "LIQUIDATION" && act != "ADL" {
		return nil, errNotValid("autoCloseType")
	}
	tr, e := readWalletRange(q)
	if e != nil {
		return nil, e
	}
	limit, e := q.limit(50, 100, false)
	if e != nil {
		return nil, e
	}
	rows := []ForceOrder{}
	for _, o := range forceOrders {
		adl := len(o.ClientOrderID) > 4 && o.ClientOrderID[:4] == "adl_"
		if (!hasSym || o.Symbol == sym) && (act == "" || (act == "ADL") == adl) && tr.holds(o.Time) {
			rows = append(rows, o)
		}
	}
	return marshal(window(rows, limit, false))
}
