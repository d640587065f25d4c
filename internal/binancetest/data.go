package binancetest

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed testdata
var testdata embed.FS

// fixture names one recorded answer: the symbol, the endpoint (path after /api/v3/), the
// kline interval, and the file under testdata/ that holds it.
type fixture struct {
	symbol, endpoint, interval, file string
}

// fixtures is the per-symbol data table; doc.go shows it as a table. A symbol listed in
// exchangeInfo that has no row here for an endpoint gets the quiet-market answer.
var fixtures = []fixture{
	{"BTCUSDT", "depth", "", "python-binance-recordings/depth_BTCUSDT_limit100_testnet.json"},
	{"BTCUSDT", "ticker/price", "", "python-binance-recordings/ticker_price_BTCUSDT_testnet.json"},
	{"BTCUSDT", "ticker/24hr", "", "python-binance-recordings/ticker_24hr_BTCUSDT_testnet.json"},
	{"BTCUSDT", "ticker/bookTicker", "", "python-binance-recordings/ticker_bookTicker_BTCUSDT_testnet.json"},
	{"BTCUSDT", "avgPrice", "", "python-binance-recordings/avgPrice_BTCUSDT_testnet.json"},
	{"BTCUSDT", "klines", "1d", "python-binance-recordings/klines_BTCUSDT_1d_testnet.json"},
	{"BTCUSDT", "klines", "1m", "nautilus_trader/http_spot_market_klines.json"},
	{"BTCUSDT", "trades", "", "nautilus_trader/http_spot_market_trades.json"},
	{"BTCUSDT", "historicalTrades", "", "nautilus_trader/http_spot_market_historical_trades.json"},
	{"BTCUSDT", "aggTrades", "", "nautilus_trader/http_spot_market_agg_trades.json"},
	{"ADABTC", "klines", "1m", "klines/ADABTC-1m-2021-11-27.csv"},
	{"ADABTC", "klines", "1m", "klines/ADABTC-1m-2021-11-28.csv"},
}

const exchangeInfoFile = "exchangeInfo_spot_2023-08-13_full.json"

// row is one element of a list answer (a kline, a trade), kept as the exchange's bytes, with
// the numbers the stand-in filters on: id is the open time of a kline or the id of a trade;
// at is the time of a trade.
type row struct {
	id, at int64
	raw    json.RawMessage
}

// book is a recorded order book, its levels kept as the exchange's bytes.
type book struct {
	LastUpdateID json.RawMessage   `json:"lastUpdateId"`
	Bids         []json.RawMessage `json:"bids"`
	Asks         []json.RawMessage `json:"asks"`
}

// dataset is everything loaded from testdata. It is read-only once loaded and shared by
// every Server.
type dataset struct {
	books   map[string]*book           // symbol
	objects map[string]json.RawMessage // endpoint + " " + symbol: one JSON object
	rows    map[string][]row           // endpoint + " " + symbol (+ " " + interval)
	info    *infoDoc
}

func key(parts ...string) string {
	var b bytes.Buffer
	for i, p := range parts {
		if i > 0 && p == "" {
			continue
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

var (
	loadOnce sync.Once
	loaded   *dataset
)

// data loads the embedded fixtures once. They are part of the package, so a failure is a bug.
func data() *dataset {
	loadOnce.Do(func() {
		d, err := load(testdata)
		if err != nil {
			panic("BUG: binancetest fixtures: " + err.Error())
		}
		loaded = d
	})
	return loaded
}

func load(fsys fs.FS) (*dataset, error) {
	d := &dataset{
		books:   map[string]*book{},
		objects: map[string]json.RawMessage{},
		rows:    map[string][]row{},
	}
	raw, err := fs.ReadFile(fsys, "testdata/"+exchangeInfoFile)
	if err != nil {
		return nil, err
	}
	if d.info, err = parseInfo(raw); err != nil {
		return nil, fmt.Errorf("%s: %w", exchangeInfoFile, err)
	}
	for _, f := range fixtures {
		if err := d.add(fsys, f); err != nil {
			return nil, fmt.Errorf("%s: %w", f.file, err)
		}
	}
	for k := range d.rows {
		slices.SortStableFunc(d.rows[k], func(a, b row) int { return cmpInt(a.id, b.id) })
	}
	return d, nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (d *dataset) add(fsys fs.FS, f fixture) error {
	if _, ok := d.info.index[f.symbol]; !ok {
		return fmt.Errorf("symbol %s is not listed in exchangeInfo", f.symbol)
	}
	raw, err := fs.ReadFile(fsys, "testdata/"+f.file)
	if err != nil {
		return err
	}
	if strings.HasSuffix(f.file, ".json") {
		// Binance sends compact JSON; some recordings were pretty-printed.
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			return err
		}
		raw = b.Bytes()
	}
	k := key(f.endpoint, f.symbol, f.interval)
	switch f.endpoint {
	case "depth":
		var b book
		if err := json.Unmarshal(raw, &b); err != nil {
			return err
		}
		d.books[f.symbol] = &b
	case "klines":
		rows, err := klineRows(f.file, raw)
		if err != nil {
			return err
		}
		d.rows[k] = append(d.rows[k], rows...)
	case "trades", "historicalTrades", "aggTrades":
		rows, err := tradeRows(f.endpoint, raw)
		if err != nil {
			return err
		}
		d.rows[k] = append(d.rows[k], rows...)
	default:
		if !json.Valid(raw) || raw[0] != '{' {
			return errors.New("not a JSON object")
		}
		d.objects[k] = raw
	}
	return nil
}

// klineRows reads klines from a JSON answer or from a data.binance.vision CSV file, whose 12
// columns are the 12 fields of a JSON kline row (open time, close time and the trade count are
// numbers, every other field a string).
func klineRows(file string, raw []byte) ([]row, error) {
	var lines [][]json.RawMessage
	if strings.HasSuffix(file, ".csv") {
		recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			if len(rec) != 12 {
				return nil, fmt.Errorf("%d columns, want 12", len(rec))
			}
			line := make([]json.RawMessage, 12)
			for i, field := range rec {
				if i == 0 || i == 6 || i == 8 {
					if _, err := strconv.ParseInt(field, 10, 64); err != nil {
						return nil, err
					}
					line[i] = json.RawMessage(field)
				} else {
					line[i], _ = json.Marshal(field)
				}
			}
			lines = append(lines, line)
		}
	} else if err := json.Unmarshal(raw, &lines); err != nil {
		return nil, err
	}
	rows := make([]row, 0, len(lines))
	for _, line := range lines {
		if len(line) != 12 {
			return nil, fmt.Errorf("kline of %d fields, want 12", len(line))
		}
		var open int64
		if err := json.Unmarshal(line[0], &open); err != nil {
			return nil, err
		}
		enc, err := json.Marshal(line) // compact; RawMessage elements keep their bytes
		if err != nil {
			return nil, err
		}
		rows = append(rows, row{id: open, raw: enc})
	}
	return rows, nil
}

// tradeRows reads a trades, historicalTrades or aggTrades answer.
func tradeRows(endpoint string, raw []byte) ([]row, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	rows := make([]row, 0, len(items))
	for _, it := range items {
		var r row
		if endpoint == "aggTrades" {
			var t struct {
				A int64 `json:"a"`
				T int64 `json:"T"`
			}
			if err := json.Unmarshal(it, &t); err != nil {
				return nil, err
			}
			r.id, r.at = t.A, t.T
		} else {
			var t struct {
				ID   int64 `json:"id"`
				Time int64 `json:"time"`
			}
			if err := json.Unmarshal(it, &t); err != nil {
				return nil, err
			}
			r.id, r.at = t.ID, t.Time
		}
		r.raw = it
		rows = append(rows, r)
	}
	return rows, nil
}

// joinRows writes rows as a JSON array.
func joinRows(rows []row) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, r := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(r.raw)
	}
	b.WriteByte(']')
	return b.Bytes()
}
