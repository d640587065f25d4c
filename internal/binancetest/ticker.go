package binancetest

import (
	"bytes"
	"encoding/json"
	"time"
)

// tickerWeight: ticker/price and ticker/bookTicker cost 2 with symbol, 4 otherwise.
func tickerWeight(q query) int {
	if q.has("symbol") {
		return 2
	}
	return 4
}

// ticker24hrWeight: 2 with symbol; with symbols 2 for 1-20, 40 for 21-100, 80 for more; 80
// for every symbol.
func ticker24hrWeight(q query) int {
	switch {
	case q.has("symbol"):
		return 2
	case q.has("symbols"):
		var list []string
		_ = json.Unmarshal([]byte(q.get("symbols")), &list)
		switch n := len(list); {
		case n <= 20:
			return 2
		case n <= 100:
			return 40
		}
	}
	return 80
}

// tickerSymbols resolves symbol, symbols and symbolStatus to the symbols to answer for;
// single is true when the answer is one object rather than an array.
func (s *Server) tickerSymbols(q query) (idx []int, single bool, e *apiError) {
	d := s.data.info
	sym, hasSym, e := q.symbol()
	if e != nil {
		return nil, false, e
	}
	list, hasList, e := q.symbolList()
	if e != nil {
		return nil, false, e
	}
	status, e := q.symbolStatus()
	if e != nil {
		return nil, false, e
	}
	if hasSym && hasList {
		return nil, false, errCombination()
	}
	if hasSym {
		i, e := s.lookup(sym)
		if e != nil {
			return nil, false, e
		}
		if status != "" && d.status[i] != status {
			return nil, false, errStatusMismatch()
		}
		return []int{i}, true, nil
	}
	if !hasList {
		list = d.names
	}
	for _, name := range list {
		i, e := s.lookup(name)
		if e != nil {
			return nil, false, e
		}
		if status == "" || d.status[i] == status {
			idx = append(idx, i)
		}
	}
	return idx, false, nil
}

// tickers writes one object per symbol: the recorded one for the endpoint, or quiet(name).
func (s *Server) tickers(q query, endpoint string, quiet func(name string) []byte) ([]byte, *apiError) {
	idx, single, e := s.tickerSymbols(q)
	if e != nil {
		return nil, e
	}
	objs := make([]json.RawMessage, len(idx))
	for n, i := range idx {
		name := s.data.info.names[i]
		if b, ok := s.data.objects[key(endpoint, name)]; ok {
			objs[n] = b
		} else {
			objs[n] = quiet(name)
		}
	}
	if single {
		return objs[0], nil
	}
	return append(append([]byte{'['}, joinRaw(objs)...), ']'), nil
}

// tickerPrice answers GET /api/v3/ticker/price.
func (s *Server) tickerPrice(q query, _ time.Time) ([]byte, *apiError) {
	return s.tickers(q, "ticker/price", func(name string) []byte {
		return mustJSON(struct {
			Symbol string `json:"symbol"`
			Price  string `json:"price"`
		}{name, zero})
	})
}

// bookTicker answers GET /api/v3/ticker/bookTicker.
func (s *Server) bookTicker(q query, _ time.Time) ([]byte, *apiError) {
	return s.tickers(q, "ticker/bookTicker", func(name string) []byte {
		return mustJSON(struct {
			Symbol   string `json:"symbol"`
			BidPrice string `json:"bidPrice"`
			BidQty   string `json:"bidQty"`
			AskPrice string `json:"askPrice"`
			AskQty   string `json:"askQty"`
		}{name, zero, zero, zero, zero})
	})
}

// ticker24hr answers GET /api/v3/ticker/24hr, type FULL (default) or MINI. A quiet symbol has
// no trade in the window: zero prices and volumes, firstId and lastId -1, count 0, and the
// window ending now.
func (s *Server) ticker24hr(q query, now time.Time) ([]byte, *apiError) {
	typ := "FULL"
	if q.has("type") {
		typ = q.get("type")
	}
	if typ != "FULL" && typ != "MINI" {
		return nil, errTickerType()
	}
	closeTime := now.UnixMilli()
	b, e := s.tickers(q, "ticker/24hr", func(name string) []byte {
		return mustJSON(ticker24hr{
			Symbol: name, PriceChange: zero, PriceChangePercent: "0.000", WeightedAvgPrice: zero,
			PrevClosePrice: zero, LastPrice: zero, LastQty: zero, BidPrice: zero, BidQty: zero,
			AskPrice: zero, AskQty: zero, OpenPrice: zero, HighPrice: zero, LowPrice: zero,
			Volume: zero, QuoteVolume: zero, OpenTime: closeTime - 24*60*60*1000,
			CloseTime: closeTime, FirstID: -1, LastID: -1, Count: 0,
		})
	})
	if e != nil || typ == "FULL" {
		return b, e
	}
	return miniTickers(b), nil
}

// ticker24hr is the FULL 24hr ticker, its fields in Binance's order.
type ticker24hr struct {
	Symbol             string `json:"symbol"`
	PriceChange        string `json:"priceChange"`
	PriceChangePercent string `json:"priceChangePercent"`
	WeightedAvgPrice   string `json:"weightedAvgPrice"`
	PrevClosePrice     string `json:"prevClosePrice"`
	LastPrice          string `json:"lastPrice"`
	LastQty            string `json:"lastQty"`
	BidPrice           string `json:"bidPrice"`
	BidQty             string `json:"bidQty"`
	AskPrice           string `json:"askPrice"`
	AskQty             string `json:"askQty"`
	OpenPrice          string `json:"openPrice"`
	HighPrice          string `json:"highPrice"`
	LowPrice           string `json:"lowPrice"`
	Volume             string `json:"volume"`
	QuoteVolume        string `json:"quoteVolume"`
	OpenTime           int64  `json:"openTime"`
	CloseTime          int64  `json:"closeTime"`
	FirstID            int64  `json:"firstId"`
	LastID             int64  `json:"lastId"`
	Count              int64  `json:"count"`
}

// miniFields are the fields of a MINI 24hr ticker, in Binance's order.
var miniFields = []string{"symbol", "openPrice", "highPrice", "lowPrice", "lastPrice", "volume",
	"quoteVolume", "openTime", "closeTime", "firstId", "lastId", "count"}

// miniTickers cuts FULL tickers (one object or an array) down to MINI ones.
func miniTickers(full []byte) []byte {
	if full[0] != '[' {
		return mini(full)
	}
	var list []json.RawMessage
	if err := json.Unmarshal(full, &list); err != nil {
		panic("BUG: 24hr tickers: " + err.Error())
	}
	for i, t := range list {
		list[i] = mini(t)
	}
	return append(append([]byte{'['}, joinRaw(list)...), ']')
}

func mini(full []byte) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(full, &m); err != nil {
		panic("BUG: 24hr ticker: " + err.Error())
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range miniFields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + f + `":`)
		b.Write(m[f])
	}
	b.WriteByte('}')
	return b.Bytes()
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("BUG: " + err.Error())
	}
	return b
}
