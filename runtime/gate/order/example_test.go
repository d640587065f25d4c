package order_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/order"
)

// btcusdt is BTCUSDT's exchangeInfo object of 2023-08-13, cut to the fields and filters
// the example uses.
const btcusdt = `{"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT",
"orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS_LIMIT","TAKE_PROFIT_LIMIT"],
"icebergAllowed":true,"quoteOrderQtyMarketAllowed":true,"allowTrailingStop":true,"isSpotTradingAllowed":true,
"filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
{"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
{"filterType":"NOTIONAL","minNotional":"10.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5}]}`

func Example() {
	rules, err := order.ParseRules(json.RawMessage(btcusdt))
	if err != nil {
		panic(err)
	}
	qty, price := decimal.RequireFromString("0.000011"), decimal.RequireFromString("26000")
	o := order.Order{Side: "BUY", Type: "LIMIT", TimeInForce: "GTC", Quantity: &qty, Price: &price}

	err = rules.Check(o, order.Market{})
	var e *gate.Error
	if errors.As(err, &e) && errors.Is(err, order.ErrFilter) {
		fmt.Println(e.Message)
		fmt.Println(e.Field, e.Value, "→", e.Accepted)
	}

	qty = decimal.RequireFromString(e.Accepted)
	err = rules.Check(o, order.Market{})
	if errors.As(err, &e) {
		fmt.Println(order.FailedFilter(err), e.Accepted)
	}
	// Output:
	// Filter failure: LOT_SIZE: quantity 0.000011 is not a multiple of stepSize 0.00001; the nearest valid quantity values are 0.00001 and 0.00002
	// quantity 0.000011 → 0.00001
	// NOTIONAL 0.00039
}

func ExampleCheckType() {
	price := decimal.RequireFromString("26000")
	err := order.CheckType(order.Order{Side: "BUY", Type: "MARKET", Price: &price})
	var e *gate.Error
	if errors.As(err, &e) && errors.Is(err, gate.ErrValidation) {
		fmt.Println(e.Field+":", e.Message)
	}
	// Output:
	// quantity: MARKET orders require quantity or quoteOrderQty
}
