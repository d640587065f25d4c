package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// maxWatched is the most symbols one watch_spread call takes. Each costs two gate
// requests (book_ticker and avg_price), and a module's default budget is 10 requests a
// call (max_requests).
const maxWatched = 5

var watchSpread = toolsdk.Tool{
	Name:  "watch_spread",
	Title: "Bid/ask spread",
	Description: fmt.Sprintf("Best bid and ask of 1 to %d symbols right now, with the spread in the quote asset "+
		"and in basis points of the mid price, and how far the mid price is from Binance's average "+
		"price (in bp; negative: below it). Returns {spreads: [...]}, one entry per symbol in the order "+
		"given. Prices are exact decimal strings; basis points are rounded to 0.0001 bp. A symbol with "+
		"no bid or no ask has quoted false, and null mid, spread and bp values.", maxWatched),
	Input: toolsdk.RawSchema(json.RawMessage(fmt.Sprintf(`{"type":"object","properties":{
		"symbols":{"type":"array","description":"Trading pair symbols, e.g. [\"BTCUSDT\", \"ETHUSDT\"]; case-insensitive.",
			"items":{"type":"string","minLength":1,"maxLength":20},"minItems":1,"maxItems":%d,"uniqueItems":true}},
		"required":["symbols"],"additionalProperties":false}`, maxWatched))),
	Output: json.RawMessage(`{"type":"object","properties":{
		"spreads":{"type":"array","items":{"type":"object","properties":{
			"symbol":{"type":"string"},
			"bid_price":{"type":"string"},"bid_qty":{"type":"string"},
			"ask_price":{"type":"string"},"ask_qty":{"type":"string"},
			"quoted":{"type":"boolean","description":"false when the book has no bid or no ask"},
			"mid_price":{"type":["string","null"],"description":"(bid + ask) / 2, exact"},
			"spread":{"type":["string","null"],"description":"ask - bid in the quote asset, exact"},
			"spread_bps":{"type":["string","null"],"description":"spread / mid in basis points"},
			"avg_price":{"type":"string","description":"Binance's average price over avg_price_mins"},
			"avg_price_mins":{"type":"integer"},
			"mid_vs_avg_bps":{"type":["string","null"],"description":"(mid - avg) / avg in basis points"}},
			"required":["symbol","bid_price","bid_qty","ask_price","ask_qty","quoted","mid_price","spread",
				"spread_bps","avg_price","avg_price_mins","mid_vs_avg_bps"]}}},
		"required":["spreads"]}`),
	Annotations: toolsdk.ReadOnlyHints,
	Handler:     watch,
}

// spreadRow is one symbol's entry. Pointers are null when the book has no quote.
type spreadRow struct {
	Symbol       string  `json:"symbol"`
	BidPrice     string  `json:"bid_price"`
	BidQty       string  `json:"bid_qty"`
	AskPrice     string  `json:"ask_price"`
	AskQty       string  `json:"ask_qty"`
	Quoted       bool    `json:"quoted"`
	MidPrice     *string `json:"mid_price"`
	Spread       *string `json:"spread"`
	SpreadBps    *string `json:"spread_bps"`
	AvgPrice     string  `json:"avg_price"`
	AvgPriceMins int64   `json:"avg_price_mins"`
	MidVsAvgBps  *string `json:"mid_vs_avg_bps"`
}

// bookTicker and avgPrice are the answers of the book_ticker and avg_price ops, as
// Binance sends them (docs/ops.md).
type bookTicker struct {
	Symbol   string `json:"symbol"`
	BidPrice string `json:"bidPrice"`
	BidQty   string `json:"bidQty"`
	AskPrice string `json:"askPrice"`
	AskQty   string `json:"askQty"`
}

type avgPrice struct {
	Mins  int64  `json:"mins"`
	Price string `json:"price"`
}

func watch(c *toolsdk.Call) (any, error) {
	var args struct {
		Symbols []string `json:"symbols"`
	}
	if err := c.Bind(&args); err != nil {
		return nil, err
	}
	rows := make([]spreadRow, 0, len(args.Symbols))
	seen := map[string]bool{}
	for _, sym := range args.Symbols {
		// The host upper-cases ASCII letters in a symbol; "btcusdt" and "BTCUSDT" are one.
		key := upperASCII(sym)
		if seen[key] {
			continue
		}
		seen[key] = true
		book, err := answerFor[bookTicker](c, "book_ticker", sym)
		if err != nil {
			return nil, symbolsError(err, sym)
		}
		avg, err := answerFor[avgPrice](c, "avg_price", sym)
		if err != nil {
			return nil, symbolsError(err, sym)
		}
		row, err := spreadOf(book, avg)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return struct {
		Spreads []spreadRow `json:"spreads"`
	}{rows}, nil
}

// answerFor sends op with symbol as its only param and decodes the answer into a T.
func answerFor[T any](c *toolsdk.Call, op, symbol string) (T, error) {
	var v T
	ok, err := c.Request(op, map[string]any{"symbol": symbol})
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(ok, &v); err != nil {
		return v, toolsdk.Unexpected(op, err)
	}
	return v, nil
}

// spreadOf computes one entry from the two answers.
func spreadOf(b bookTicker, a avgPrice) (spreadRow, error) {
	row := spreadRow{Symbol: b.Symbol, BidPrice: b.BidPrice, BidQty: b.BidQty, AskPrice: b.AskPrice,
		AskQty: b.AskQty, AvgPrice: a.Price, AvgPriceMins: a.Mins}
	bid, err := answerDecimal("book_ticker", "bidPrice", b.Symbol, b.BidPrice)
	if err != nil {
		return row, err
	}
	ask, err := answerDecimal("book_ticker", "askPrice", b.Symbol, b.AskPrice)
	if err != nil {
		return row, err
	}
	avg, err := answerDecimal("avg_price", "price", b.Symbol, a.Price)
	if err != nil {
		return row, err
	}
	// Binance reports an empty side as price 0.
	if bid.Sign() <= 0 || ask.Sign() <= 0 {
		return row, nil
	}
	row.Quoted = true
	mid := bid.Add(ask).Mul(half)
	spread := ask.Sub(bid)
	row.MidPrice, row.Spread = ptr(mid.String()), ptr(spread.String())
	if s, ok := bps(spread, mid); ok {
		row.SpreadBps = &s
	}
	if s, ok := bps(mid.Sub(avg), avg); ok {
		row.MidVsAvgBps = &s
	}
	return row, nil
}

// symbolsError names the symbols argument in a gate error about one symbol: the gate's
// field is the op's "symbol", which this tool's caller never sent, or none when the
// refusal is about the request as a whole (its only parameter is the symbol). The
// message and the rest are kept as the gate wrote them.
func symbolsError(err error, symbol string) error {
	var e *toolsdk.Error
	if !errors.As(err, &e) {
		return err
	}
	aboutSymbol := e.Field == "symbol" ||
		e.Field == "" && (e.Type == "permission_denied" || e.Type == toolsdk.TypeValidation)
	if !aboutSymbol {
		return err
	}
	c := *e
	c.Field = "symbols"
	if c.Value == "" {
		c.Value = symbol
	}
	return &c
}

func ptr(s string) *string { return &s }

// upperASCII upper-cases the ASCII letters of s, as the host does with a symbol.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func init() { toolsdk.Register(watchSpread) }
