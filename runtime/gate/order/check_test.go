package order

import (
	"os"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// vector is one order checked against one symbol's rules.
type vector struct {
	name string
	r    *Rules
	o    Order
	m    Market
	want *want
}

// run checks every vector. For each filter failure that suggests a value, it also sends
// the order again with that value in place: the same filter must then pass, which is what
// "nearest valid value" promises.
func run(t *testing.T, vs []vector) {
	t.Helper()
	for _, v := range vs {
		t.Run(v.name, func(t *testing.T) {
			err := v.r.Check(v.o, v.m)
			if os.Getenv("ORDER_SHOW") != "" && err != nil {
				t.Log(err)
			}
			check(t, err, v.want)
			if v.want == nil || v.want.filter == "" || v.want.field == "" || v.want.accepted == "" {
				return
			}
			retry := substitute(t, v.o, v.want.field, v.want.accepted)
			if err := v.r.Check(retry, v.m); failsAgain(err, v.want.filter, v.want.field) {
				t.Fatalf("the accepted value %s fails %s again: %v", v.want.accepted, v.want.filter, err)
			}
		})
	}
}

// substitute returns o with field set to value.
func substitute(t *testing.T, o Order, field, value string) Order {
	t.Helper()
	if field == "trailingDelta" {
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		o.TrailingDelta = n
		return o
	}
	v := d(value)
	switch field {
	case "quantity":
		o.Quantity = v
	case "quoteOrderQty":
		o.QuoteOrderQty = v
	case "price":
		o.Price = v
	case "stopPrice":
		o.StopPrice = v
	case "icebergQty":
		o.IcebergQty = v
	default:
		t.Fatalf("substitute: field %q", field)
	}
	return o
}

// Order builders for the vectors.

func limit(side, qty, price string) Order {
	return Order{Side: side, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d(qty), Price: d(price)}
}

func market(side, qty string) Order {
	return Order{Side: side, Type: TypeMarket, Quantity: d(qty)}
}

func marketQuote(side, quote string) Order {
	return Order{Side: side, Type: TypeMarket, QuoteOrderQty: d(quote)}
}

// stopLimit builds a STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT; stop "" leaves stopPrice out.
func stopLimit(typ, side, qty, price, stop string, delta int64) Order {
	o := Order{Side: side, Type: typ, TimeInForce: TIFGTC, Quantity: d(qty), Price: d(price), TrailingDelta: delta}
	if stop != "" {
		o.StopPrice = d(stop)
	}
	return o
}

func iceberg(o Order, qty string) Order {
	o.IcebergQty = d(qty)
	return o
}

func avg(s string) Market { return Market{AvgPrice: d(s)} }

func open(orders, algo, ice int) Market {
	return Market{Open: &OpenOrders{Orders: orders, Algo: algo, Iceberg: ice}}
}

func position(s string) Market { return Market{Position: d(s)} }

func TestCheckSymbol(t *testing.T) {
	btc := rules(t, "BTCUSDT")
	noIceberg := derived(t, "BTCUSDT", map[string]any{"icebergAllowed": false})
	noQuote := derived(t, "BTCUSDT", map[string]any{"quoteOrderQtyMarketAllowed": false})
	const btcTypes = "LIMIT, LIMIT_MAKER, MARKET, STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT"
	run(t, []vector{
		{"nil rules", nil, limit(SideBuy, "0.001", "26000"), Market{}, &want{field: "symbol", accepted: "a listed symbol"}},
		{"CheckType runs first", btc, Order{Side: SideBuy, Type: TypeLimit, Quantity: d("1"), Price: d("1")}, Market{}, &want{field: "timeInForce", accepted: "GTC, IOC or FOK"}},
		{"BCCBTC is in BREAK", rules(t, "BCCBTC"), limit(SideBuy, "1", "0.001"), Market{}, &want{field: "symbol", value: "BCCBTC", accepted: "a symbol with status TRADING"}},
		{"BTCUSDT is TRADING", btc, limit(SideBuy, "0.001", "26000"), Market{}, ok},
		{"BTCUPUSDT is not spot", rules(t, "BTCUPUSDT"), limit(SideBuy, "10", "5"), Market{}, &want{field: "symbol", value: "BTCUPUSDT", accepted: "a symbol with isSpotTradingAllowed"}},
		{"BTCUSDT takes no STOP_LOSS", btc, Order{Side: SideSell, Type: TypeStopLoss, Quantity: d("0.001"), StopPrice: d("25000")}, Market{}, &want{field: "type", value: "STOP_LOSS", accepted: btcTypes}},
		{"BTCUSDT takes no TAKE_PROFIT", btc, Order{Side: SideSell, Type: TypeTakeProfit, Quantity: d("0.001"), StopPrice: d("27000")}, Market{}, &want{field: "type", value: "TAKE_PROFIT", accepted: btcTypes}},
		{"BTCUSDT takes STOP_LOSS_LIMIT", btc, stopLimit(TypeStopLossLimit, SideSell, "0.001", "25000", "25000", 0), Market{}, ok},
		{"iceberg not allowed", noIceberg, iceberg(limit(SideBuy, "0.01", "26000"), "0.001"), Market{}, &want{field: "icebergQty", value: "0.001", accepted: "absent"}},
		{"iceberg allowed", btc, iceberg(limit(SideBuy, "0.01", "26000"), "0.001"), Market{}, ok},
		{"quoteOrderQty not allowed", noQuote, marketQuote(SideBuy, "100"), Market{}, &want{field: "quoteOrderQty", value: "100", accepted: "quantity instead"}},
		{"quoteOrderQty allowed", btc, marketQuote(SideBuy, "100"), Market{}, ok},
		{"CFXTUSD allows no trailing stop", rules(t, "CFXTUSD"), stopLimit(TypeStopLossLimit, SideSell, "100", "0.2", "", 100), Market{}, &want{field: "trailingDelta", value: "100", accepted: "stopPrice instead"}},
		{"CFXTUSD with stopPrice", rules(t, "CFXTUSD"), stopLimit(TypeStopLossLimit, SideSell, "100", "0.2", "0.2", 0), Market{}, ok},
		{"2021 symbol without allowTrailingStop", rules2021(t, "BTCUSDT"), stopLimit(TypeStopLossLimit, SideSell, "0.001", "60000", "", 100), Market{}, &want{field: "trailingDelta", value: "100", accepted: "stopPrice instead"}},
	})
}

// TestPriceFilter: BTCUSDT minPrice 0.01, maxPrice 1000000, tickSize 0.01; BTTCUSDT
// minPrice = tickSize = 0.00000001.
func TestPriceFilter(t *testing.T) {
	btc, bttc := rules(t, "BTCUSDT"), rules(t, "BTTCUSDT")
	f := FilterPrice
	run(t, []vector{
		{"below minPrice", btc, limit(SideBuy, "1000", "0.001"), Market{}, &want{filter: f, field: "price", value: "0.001", accepted: "0.01"}},
		{"at minPrice", btc, limit(SideBuy, "1000", "0.01"), Market{}, ok},
		{"above maxPrice", btc, limit(SideSell, "0.001", "1000000.01"), Market{}, &want{filter: f, field: "price", value: "1000000.01", accepted: "1000000"}},
		{"at maxPrice", btc, limit(SideSell, "0.001", "1000000"), Market{}, ok},
		{"off tick, tie rounds down", btc, limit(SideBuy, "0.001", "26000.005"), Market{}, &want{filter: f, field: "price", value: "26000.005", accepted: "26000"}},
		{"off tick, nearer up", btc, limit(SideBuy, "0.001", "26000.006"), Market{}, &want{filter: f, field: "price", value: "26000.006", accepted: "26000.01"}},
		{"off tick, nearer down", btc, limit(SideBuy, "0.001", "26000.004"), Market{}, &want{filter: f, field: "price", value: "26000.004", accepted: "26000"}},
		{"on tick", btc, limit(SideBuy, "0.001", "26000.01"), Market{}, ok},
		{"trailing zeros are on tick", btc, limit(SideBuy, "0.001", "26000.01000000000"), Market{}, ok},
		{"off tick just under max", btc, limit(SideSell, "0.001", "999999.999"), Market{}, &want{filter: f, field: "price", value: "999999.999", accepted: "1000000"}},
		{"stopPrice off tick", btc, stopLimit(TypeStopLossLimit, SideSell, "0.001", "25000", "25999.999", 0), Market{}, &want{filter: f, field: "stopPrice", value: "25999.999", accepted: "26000"}},
		{"stopPrice below minPrice", btc, stopLimit(TypeTakeProfitLimit, SideBuy, "1000", "0.01", "0.005", 0), Market{}, &want{filter: f, field: "stopPrice", value: "0.005", accepted: "0.01"}},
		{"stopPrice on tick", btc, stopLimit(TypeStopLossLimit, SideSell, "0.001", "25000", "26000", 0), Market{}, ok},
		{"BTTCUSDT half a satoshi", bttc, limit(SideBuy, "1000000000", "0.000000005"), Market{}, &want{filter: f, field: "price", value: "0.000000005", accepted: "0.00000001"}},
		{"BTTCUSDT one satoshi", bttc, limit(SideBuy, "1000000000", "0.00000001"), Market{}, ok},
		{"BTTCUSDT off the satoshi grid", bttc, limit(SideBuy, "1000000000", "0.000000016"), Market{}, &want{filter: f, field: "price", value: "0.000000016", accepted: "0.00000002"}},
	})
}

// TestPercentPrice: the 2021 BTCUSDT, PERCENT_PRICE multiplierUp 5, multiplierDown 0.2;
// at an average price of 60000 the range is [12000, 300000].
func TestPercentPrice(t *testing.T) {
	btc := rules2021(t, "BTCUSDT")
	f := FilterPercentPrice
	run(t, []vector{
		{"above", btc, limit(SideBuy, "0.001", "300000.01"), avg("60000"), &want{filter: f, field: "price", value: "300000.01", accepted: "300000"}},
		{"at the top", btc, limit(SideBuy, "0.001", "300000"), avg("60000"), ok},
		{"below", btc, limit(SideSell, "0.001", "11999.99"), avg("60000"), &want{filter: f, field: "price", value: "11999.99", accepted: "12000"}},
		{"at the bottom", btc, limit(SideSell, "0.001", "12000"), avg("60000"), ok},
		{"unknown average price is left to Binance", btc, limit(SideBuy, "0.001", "300000.01"), Market{}, ok},
		{"bound off the tick grid rounds inwards", btc, limit(SideBuy, "0.001", "300000.02"), avg("60000.00312345"), &want{filter: f, field: "price", value: "300000.02", accepted: "300000.01"}},
		{"MARKET has no price", btc, market(SideBuy, "0.001"), avg("60000"), ok},
	})
}

// TestPercentPriceBySide: BTCUSDT's real filter is symmetric (5, 0.2); the derived one is
// the asymmetric example of filters.md (bid 1.2/0.2, ask 5/0.8). At average 26000:
// BUY within [5200, 31200], SELL within [20800, 130000].
func TestPercentPriceBySide(t *testing.T) {
	btc := rules(t, "BTCUSDT")
	asym := derived(t, "BTCUSDT", nil, `{"filterType":"PERCENT_PRICE_BY_SIDE","bidMultiplierUp":"1.2","bidMultiplierDown":"0.2","askMultiplierUp":"5","askMultiplierDown":"0.8","avgPriceMins":1}`)
	tusd := rules(t, "TUSDUSDT") // 1.2 / 0.8 on both sides, tickSize 0.0001
	f := FilterPercentPriceBySide
	m := avg("26000")
	run(t, []vector{
		{"BTCUSDT BUY above 5x", btc, limit(SideBuy, "0.001", "130000.01"), m, &want{filter: f, field: "price", value: "130000.01", accepted: "130000"}},
		{"BTCUSDT BUY at 5x", btc, limit(SideBuy, "0.001", "130000"), m, ok},
		{"BTCUSDT SELL below 0.2x", btc, limit(SideSell, "0.002", "5199.99"), m, &want{filter: f, field: "price", value: "5199.99", accepted: "5200"}},
		{"BTCUSDT SELL at 0.2x", btc, limit(SideSell, "0.002", "5200"), m, ok},
		{"BUY above bidMultiplierUp", asym, limit(SideBuy, "0.001", "31200.01"), m, &want{filter: f, field: "price", value: "31200.01", accepted: "31200"}},
		{"BUY at bidMultiplierUp", asym, limit(SideBuy, "0.001", "31200"), m, ok},
		{"SELL at the same price is within ask", asym, limit(SideSell, "0.001", "31200.01"), m, ok},
		{"SELL below askMultiplierDown", asym, limit(SideSell, "0.001", "20799.99"), m, &want{filter: f, field: "price", value: "20799.99", accepted: "20800"}},
		{"BUY at the same price is within bid", asym, limit(SideBuy, "0.001", "20799.99"), m, ok},
		{"BUY below bidMultiplierDown", asym, limit(SideBuy, "0.002", "5199.99"), m, &want{filter: f, field: "price", value: "5199.99", accepted: "5200"}},
		{"SELL above askMultiplierUp", asym, limit(SideSell, "0.001", "130000.01"), m, &want{filter: f, field: "price", value: "130000.01", accepted: "130000"}},
		{"STOP_LOSS_LIMIT price is checked too", asym, stopLimit(TypeStopLossLimit, SideBuy, "0.001", "31200.01", "31000", 0), m, &want{filter: f, field: "price", value: "31200.01", accepted: "31200"}},
		{"TUSDUSDT above 1.2", tusd, limit(SideBuy, "100", "1.2001"), avg("1"), &want{filter: f, field: "price", value: "1.2001", accepted: "1.2"}},
		{"TUSDUSDT below 0.8", tusd, limit(SideSell, "100", "0.7999"), avg("1"), &want{filter: f, field: "price", value: "0.7999", accepted: "0.8"}},
		{"TUSDUSDT at 0.8", tusd, limit(SideSell, "100", "0.8"), avg("1"), ok},
		{"unknown average price", asym, limit(SideBuy, "0.001", "31200.01"), Market{}, ok},
	})
}

// TestLotSize: BTCUSDT minQty 0.00001, maxQty 9000, stepSize 0.00001; BTTCUSDT stepSize 1
// up to 92233720368.
func TestLotSize(t *testing.T) {
	btc, bttc := rules(t, "BTCUSDT"), rules(t, "BTTCUSDT")
	f := FilterLotSize
	run(t, []vector{
		{"below minQty", btc, limit(SideBuy, "0.000001", "26000"), Market{}, &want{filter: f, field: "quantity", value: "0.000001", accepted: "0.00001"}},
		{"off stepSize", btc, limit(SideBuy, "0.000011", "26000"), Market{}, &want{filter: f, field: "quantity", value: "0.000011", accepted: "0.00001"}},
		{"off stepSize, nearer up", btc, limit(SideBuy, "0.0003999", "26000"), Market{}, &want{filter: f, field: "quantity", value: "0.0003999", accepted: "0.0004"}},
		{"on stepSize", btc, limit(SideBuy, "0.0004", "26000"), Market{}, ok},
		{"above maxQty", btc, limit(SideSell, "9000.00001", "1000"), Market{}, &want{filter: f, field: "quantity", value: "9000.00001", accepted: "9000"}},
		{"at maxQty", btc, limit(SideSell, "9000", "1000"), Market{}, ok},
		{"MARKET quantity is checked too", btc, market(SideSell, "0.000011"), Market{}, &want{filter: f, field: "quantity", value: "0.000011", accepted: "0.00001"}},
		{"MARKET by quoteOrderQty has no quantity to check", btc, marketQuote(SideBuy, "10.123456789"), Market{}, ok},
		{"icebergQty off stepSize", btc, iceberg(limit(SideBuy, "0.01", "26000"), "0.0010005"), Market{}, &want{filter: f, field: "icebergQty", value: "0.0010005", accepted: "0.001"}},
		{"icebergQty below minQty", btc, iceberg(limit(SideBuy, "0.00002", "1000000"), "0.000001"), Market{}, &want{filter: f, field: "icebergQty", value: "0.000001", accepted: "0.00001"}},
		{"icebergQty on stepSize", btc, iceberg(limit(SideBuy, "0.01", "26000"), "0.001"), Market{}, ok},
		{"BTTCUSDT above 92233720368", bttc, limit(SideSell, "92233720368.5", "0.00000001"), Market{}, &want{filter: f, field: "quantity", value: "92233720368.5", accepted: "92233720368"}},
		{"BTTCUSDT at 92233720368", bttc, limit(SideSell, "92233720368", "0.00000001"), Market{}, ok},
		{"BTTCUSDT fraction of a token", bttc, limit(SideSell, "1000000000.4", "0.00000001"), Market{}, &want{filter: f, field: "quantity", value: "1000000000.4", accepted: "1000000000"}},
	})
}

// TestMarketLotSize: BTCUSDT MARKET_LOT_SIZE maxQty 169.00949758 with minQty and
// stepSize 0 (disabled); the suggestion still sits on LOT_SIZE's 0.00001 grid.
func TestMarketLotSize(t *testing.T) {
	btc := rules(t, "BTCUSDT")
	stepped := derived(t, "BTCUSDT", nil, `{"filterType":"MARKET_LOT_SIZE","minQty":"0.001","maxQty":"100","stepSize":"0.001"}`)
	f := FilterMarketLotSize
	run(t, []vector{
		{"above maxQty", btc, market(SideBuy, "169.0095"), Market{}, &want{filter: f, field: "quantity", value: "169.0095", accepted: "169.00949"}},
		{"just under maxQty", btc, market(SideBuy, "169.00949"), Market{}, ok},
		{"stepSize 0 is disabled", btc, market(SideBuy, "0.00001"), Market{}, ok},
		{"LIMIT is not bound by it", btc, limit(SideBuy, "169.01", "1000"), Market{}, ok},
		{"enabled stepSize", stepped, market(SideBuy, "0.0015"), Market{}, &want{filter: f, field: "quantity", value: "0.0015", accepted: "0.001"}},
		{"enabled minQty", stepped, market(SideBuy, "0.0005"), Market{}, &want{filter: f, field: "quantity", value: "0.0005", accepted: "0.001"}},
		{"on the enabled grid", stepped, market(SideBuy, "0.002"), Market{}, ok},
	})
}

// TestMinNotional: the 2021 BTCUSDT, MIN_NOTIONAL minNotional 10, applyToMarket true.
func TestMinNotional(t *testing.T) {
	btc := rules2021(t, "BTCUSDT")
	notMarket := derivedFrom(t, fixture2021, "BTCUSDT", nil, `{"filterType":"MIN_NOTIONAL","minNotional":"10.00000000","applyToMarket":false,"avgPriceMins":5}`)
	f := FilterMinNotional
	run(t, []vector{
		{"LIMIT below", btc, limit(SideBuy, "0.00016", "60000"), Market{}, &want{filter: f, field: "quantity", value: "0.00016", accepted: "0.00017"}},
		{"LIMIT at the suggestion", btc, limit(SideBuy, "0.00017", "60000"), Market{}, ok},
		{"exactly minNotional", btc, limit(SideBuy, "0.001", "10000"), Market{}, ok},
		{"MARKET by quoteOrderQty below", btc, marketQuote(SideBuy, "9.99"), Market{}, &want{filter: f, field: "quoteOrderQty", value: "9.99", accepted: "10"}},
		{"MARKET by quoteOrderQty at", btc, marketQuote(SideBuy, "10"), Market{}, ok},
		{"MARKET by quantity at the average price", btc, market(SideSell, "0.0001"), avg("60000"), &want{filter: f, field: "quantity", value: "0.0001", accepted: "0.00017"}},
		{"MARKET by quantity without average price", btc, market(SideSell, "0.0001"), Market{}, ok},
		{"applyToMarket false", notMarket, marketQuote(SideBuy, "5"), Market{}, ok},
		{"applyToMarket false still checks LIMIT", notMarket, limit(SideBuy, "0.00016", "60000"), Market{}, &want{filter: f, field: "quantity", value: "0.00016", accepted: "0.00017"}},
	})
}

// TestNotional: BTCUSDT NOTIONAL minNotional 10 (applyMinToMarket), maxNotional 9000000
// (not applied to MARKET).
func TestNotional(t *testing.T) {
	btc := rules(t, "BTCUSDT")
	both := derived(t, "BTCUSDT", nil, `{"filterType":"NOTIONAL","minNotional":"10","applyMinToMarket":false,"maxNotional":"9000000","applyMaxToMarket":true,"avgPriceMins":5}`)
	slStop := derived(t, "BTCUSDT", map[string]any{"orderTypes": []string{"LIMIT", "MARKET", "STOP_LOSS", "TAKE_PROFIT"}})
	f := FilterNotional
	run(t, []vector{
		{"below minNotional", btc, limit(SideBuy, "0.00038", "26000"), Market{}, &want{filter: f, field: "quantity", value: "0.00038", accepted: "0.00039"}},
		{"at the suggestion", btc, limit(SideBuy, "0.00039", "26000"), Market{}, ok},
		{"above maxNotional", btc, limit(SideSell, "346.15385", "26000"), Market{}, &want{filter: f, field: "quantity", value: "346.15385", accepted: "346.15384"}},
		{"at the suggestion below max", btc, limit(SideSell, "346.15384", "26000"), Market{}, ok},
		{"exactly maxNotional", btc, limit(SideSell, "9000", "1000"), Market{}, ok},
		{"MARKET quoteOrderQty below", btc, marketQuote(SideBuy, "9.99"), Market{}, &want{filter: f, field: "quoteOrderQty", value: "9.99", accepted: "10"}},
		{"MARKET quoteOrderQty at", btc, marketQuote(SideBuy, "10"), Market{}, ok},
		{"MARKET quoteOrderQty above max, max not applied", btc, marketQuote(SideBuy, "10000000"), Market{}, ok},
		{"MARKET quantity × average below", btc, market(SideSell, "0.0003"), avg("26000"), &want{filter: f, field: "quantity", value: "0.0003", accepted: "0.00039"}},
		{"MARKET quantity, no average price", btc, market(SideSell, "0.0003"), Market{}, ok},
		{"applyMinToMarket false", both, marketQuote(SideBuy, "1"), Market{}, ok},
		{"applyMaxToMarket true, quoteOrderQty", both, marketQuote(SideBuy, "9000000.01"), Market{}, &want{filter: f, field: "quoteOrderQty", value: "9000000.01", accepted: "9000000"}},
		{"applyMaxToMarket true, quantity × average", both, market(SideBuy, "100"), avg("90000.01"), &want{filter: f, field: "quantity", value: "100", accepted: "99.99998"}},
		{"STOP_LOSS has no price: left to Binance", slStop, Order{Side: SideSell, Type: TypeStopLoss, Quantity: d("0.00001"), StopPrice: d("25000")}, Market{}, ok},
		{"STOP_LOSS_LIMIT uses its price", btc, stopLimit(TypeStopLossLimit, SideSell, "0.00001", "25000", "25000", 0), Market{}, &want{filter: f, field: "quantity", value: "0.00001", accepted: "0.0004"}},
	})
}

// TestIcebergParts: BTCUSDT ICEBERG_PARTS limit 10.
func TestIcebergParts(t *testing.T) {
	btc := rules(t, "BTCUSDT")
	f := FilterIcebergParts
	run(t, []vector{
		{"11 parts", btc, iceberg(limit(SideBuy, "0.01", "26000"), "0.00099"), Market{}, &want{filter: f, field: "icebergQty", value: "0.00099", accepted: "0.001"}},
		{"10 parts exactly", btc, iceberg(limit(SideBuy, "0.01", "26000"), "0.001"), Market{}, ok},
		{"10.01 parts round up to 11", btc, iceberg(limit(SideBuy, "0.01001", "26000"), "0.001"), Market{}, &want{filter: f, field: "icebergQty", value: "0.001", accepted: "0.00101"}},
		{"9.91 parts round up to 10", btc, iceberg(limit(SideBuy, "0.01001", "26000"), "0.00101"), Market{}, ok},
		{"LIMIT_MAKER iceberg", btc, iceberg(Order{Side: SideSell, Type: TypeLimitMaker, Quantity: d("1"), Price: d("26000")}, "0.05"), Market{}, &want{filter: f, field: "icebergQty", value: "0.05", accepted: "0.1"}},
	})
}

// TestTrailingDelta: BTCUSDT allows 10..2000 above and below; the derived filter makes
// the two ranges differ so that the side × type table shows which one applies.
func TestTrailingDelta(t *testing.T) {
	btc := rules(t, "BTCUSDT")
	split := derived(t, "BTCUSDT", nil, `{"filterType":"TRAILING_DELTA","minTrailingAboveDelta":10,"maxTrailingAboveDelta":2000,"minTrailingBelowDelta":50,"maxTrailingBelowDelta":500}`)
	f := FilterTrailingDelta
	sl, tp := TypeStopLossLimit, TypeTakeProfitLimit
	run(t, []vector{
		{"below minTrailingAboveDelta", btc, stopLimit(sl, SideBuy, "0.001", "26000", "", 9), Market{}, &want{filter: f, field: "trailingDelta", value: "9", accepted: "10"}},
		{"at minTrailingAboveDelta", btc, stopLimit(sl, SideBuy, "0.001", "26000", "", 10), Market{}, ok},
		{"above maxTrailingAboveDelta", btc, stopLimit(tp, SideSell, "0.001", "26000", "", 2001), Market{}, &want{filter: f, field: "trailingDelta", value: "2001", accepted: "2000"}},
		{"at maxTrailingAboveDelta", btc, stopLimit(tp, SideSell, "0.001", "26000", "26000", 2000), Market{}, ok},
		// STOP_LOSS* BUY and TAKE_PROFIT* SELL use "above"; the others "below".
		{"STOP_LOSS_LIMIT BUY 20 is above-range", split, stopLimit(sl, SideBuy, "0.001", "26000", "", 20), Market{}, ok},
		{"TAKE_PROFIT_LIMIT SELL 20 is above-range", split, stopLimit(tp, SideSell, "0.001", "26000", "", 20), Market{}, ok},
		{"STOP_LOSS_LIMIT SELL 20 is below-range", split, stopLimit(sl, SideSell, "0.001", "26000", "", 20), Market{}, &want{filter: f, field: "trailingDelta", value: "20", accepted: "50"}},
		{"TAKE_PROFIT_LIMIT BUY 20 is below-range", split, stopLimit(tp, SideBuy, "0.001", "26000", "", 20), Market{}, &want{filter: f, field: "trailingDelta", value: "20", accepted: "50"}},
		{"STOP_LOSS_LIMIT SELL 501", split, stopLimit(sl, SideSell, "0.001", "26000", "", 501), Market{}, &want{filter: f, field: "trailingDelta", value: "501", accepted: "500"}},
		{"STOP_LOSS_LIMIT BUY 501", split, stopLimit(sl, SideBuy, "0.001", "26000", "", 501), Market{}, ok},
		{"no trailingDelta", split, stopLimit(sl, SideSell, "0.001", "26000", "26000", 0), Market{}, ok},
	})
}

// TestMaxNum: BTCUSDT MAX_NUM_ORDERS 200 and MAX_NUM_ALGO_ORDERS 5; MAX_NUM_ICEBERG_ORDERS
// is derived from filters.md's example (5), since no fixture symbol lists it.
func TestMaxNum(t *testing.T) {
	btc := rules(t, "BTCUSDT")
	ice := derived(t, "BTCUSDT", nil, `{"filterType":"MAX_NUM_ICEBERG_ORDERS","maxNumIcebergOrders":5}`)
	lim := limit(SideBuy, "0.001", "26000")
	stop := stopLimit(TypeStopLossLimit, SideSell, "0.001", "25000", "25000", 0)
	iceLim := iceberg(limit(SideBuy, "0.01", "26000"), "0.001")
	run(t, []vector{
		{"200 open orders", btc, lim, open(200, 0, 0), &want{filter: FilterMaxNumOrders, value: "200", accepted: "at most 199 open before this order"}},
		{"199 open orders", btc, lim, open(199, 0, 0), ok},
		{"counts unknown", btc, lim, Market{}, ok},
		{"5 open algo orders, new stop", btc, stop, open(5, 5, 0), &want{filter: FilterMaxNumAlgoOrders, value: "5", accepted: "at most 4 open before this order"}},
		{"4 open algo orders, new stop", btc, stop, open(4, 4, 0), ok},
		{"5 open algo orders, new LIMIT", btc, lim, open(5, 5, 0), ok},
		{"200 open orders, new stop", btc, stop, open(200, 1, 0), &want{filter: FilterMaxNumOrders, value: "200", accepted: "at most 199 open before this order"}},
		{"5 open icebergs, new iceberg", ice, iceLim, open(5, 0, 5), &want{filter: FilterMaxNumIcebergOrders, value: "5", accepted: "at most 4 open before this order"}},
		{"4 open icebergs, new iceberg", ice, iceLim, open(4, 0, 4), ok},
		{"5 open icebergs, new plain LIMIT", ice, lim, open(5, 0, 5), ok},
		{"no MAX_NUM_ICEBERG_ORDERS on BTCUSDT", btc, iceLim, open(5, 0, 1000), ok},
	})
}

// TestMaxPosition: LUNCBUSD's MAX_POSITION is 92233720368.54775807, which a float64
// cannot hold (it becomes 92233720368.54776); its LOT_SIZE stepSize is 0.01.
func TestMaxPosition(t *testing.T) {
	lunc := rules(t, "LUNCBUSD")
	f := FilterMaxPosition
	run(t, []vector{
		{"BUY over by 0.00224193", lunc, limit(SideBuy, "20368.55", "0.0003"), position("92233700000"), &want{filter: f, field: "quantity", value: "20368.55", accepted: "20368.54"}},
		{"BUY at the suggestion", lunc, limit(SideBuy, "20368.54", "0.0003"), position("92233700000"), ok},
		{"position unknown", lunc, limit(SideBuy, "20368.55", "0.0003"), Market{}, ok},
		{"SELL is not limited", lunc, limit(SideSell, "20368.55", "0.0003"), position("92233720368.54775807"), ok},
		{"no room left", lunc, limit(SideBuy, "20000", "0.0003"), position("92233720368.54775807"), &want{filter: f, field: "quantity", value: "20000"}},
		{"MARKET BUY by quote over the limit already", lunc, marketQuote(SideBuy, "10"), position("92233720368.54775808"), &want{filter: f, field: "quoteOrderQty", value: "10"}},
		{"MARKET BUY by quote at the limit", lunc, marketQuote(SideBuy, "10"), position("92233720368.54775807"), ok},
	})
}

// TestCheckOrderOfFilters: with several failures, the first in the documented order is
// reported (PRICE_FILTER before LOT_SIZE before NOTIONAL).
func TestCheckOrderOfFilters(t *testing.T) {
	btc := rules(t, "BTCUSDT")
	run(t, []vector{
		{"price and quantity off grid", btc, limit(SideBuy, "0.000011", "26000.001"), Market{}, &want{filter: FilterPrice, field: "price", value: "26000.001", accepted: "26000"}},
		{"quantity off grid and notional low", btc, limit(SideBuy, "0.000011", "26000"), Market{}, &want{filter: FilterLotSize, field: "quantity", value: "0.000011", accepted: "0.00001"}},
	})
}

func TestFailedFilter(t *testing.T) {
	if got := FailedFilter(nil); got != "" {
		t.Errorf("FailedFilter(nil) = %q", got)
	}
	if got := FailedFilter(CheckType(Order{})); got != "" {
		t.Errorf("FailedFilter(validation error) = %q", got)
	}
	err := rules(t, "BTCUSDT").Check(limit(SideBuy, "0.000011", "26000"), Market{})
	if got := FailedFilter(err); got != FilterLotSize {
		t.Errorf("FailedFilter = %q", got)
	}
}

// TestGridHelpers pins the exact arithmetic the filters rest on.
func TestGridHelpers(t *testing.T) {
	dec := decimal.RequireFromString
	tests := []struct {
		name string
		got  decimal.Decimal
		want string
	}{
		{"floorTo", floorTo(dec("0.000011"), dec("0.00001")), "0.00001"},
		{"ceilTo", ceilTo(dec("0.000011"), dec("0.00001")), "0.00002"},
		{"ceilTo on grid", ceilTo(dec("0.3"), dec("0.1")), "0.3"},
		{"ceilQuo 10/26000 on 0.00001", ceilQuo(dec("10"), dec("26000"), dec("0.00001")), "0.00039"},
		{"floorQuo 9000000/26000 on 0.00001", floorQuo(dec("9000000"), dec("26000"), dec("0.00001")), "346.15384"},
		{"ceilQuo 1/3 on fineUnit", ceilQuo(dec("1"), dec("3"), fineUnit), "0.33333333333333333334"},
	}
	for _, tt := range tests {
		if got := format(tt.got); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestMarketUnusable: host values no filter can use count as unknown, so the filters
// that need them are skipped rather than computed on garbage.
func TestMarketUnusable(t *testing.T) {
	btc, lunc := rules(t, "BTCUSDT"), rules(t, "LUNCBUSD")
	high := limit(SideBuy, "0.001", "130000.01") // above 5 × 26000
	run(t, []vector{
		{"usable average price", btc, high, avg("26000"), &want{filter: FilterPercentPriceBySide, field: "price", value: "130000.01", accepted: "130000"}},
		{"negative average price", btc, high, avg("-26000"), ok},
		{"zero average price", btc, high, avg("0"), ok},
		{"average price 1e-100", btc, high, avg("1e-100"), ok},
		{"average price 1e100", btc, high, avg("1e100"), ok},
		{"negative position", lunc, limit(SideBuy, "20368.55", "0.0003"), position("-1"), ok},
		{"negative open count", btc, limit(SideBuy, "0.001", "26000"), open(-1, 0, 0), ok},
	})
}
