package order

import "testing"

// TestCheckType pairs each rule of "New order (TRADE)" with a refused order and the
// nearest order that passes.
func TestCheckType(t *testing.T) {
	const anyTIF = "GTC, IOC or FOK"
	tests := []struct {
		name string
		o    Order
		want *want
	}{
		// side and type
		{"side missing", Order{Type: TypeMarket, Quantity: d("1")}, &want{field: "side", accepted: "BUY or SELL"}},
		{"side lower case", Order{Side: "buy", Type: TypeMarket, Quantity: d("1")}, &want{field: "side", value: "buy", accepted: "BUY or SELL"}},
		{"side BUY", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("1")}, ok},
		{"type unknown", Order{Side: SideBuy, Type: "STOP_MARKET", Quantity: d("1")}, &want{field: "type", value: "STOP_MARKET", accepted: orderTypes}},
		{"type OCO is not a single order", Order{Side: SideBuy, Type: "OCO", Quantity: d("1")}, &want{field: "type", value: "OCO", accepted: orderTypes}},

		// timeInForce
		{"LIMIT without timeInForce", Order{Side: SideBuy, Type: TypeLimit, Quantity: d("1"), Price: d("1")}, &want{field: "timeInForce", accepted: anyTIF}},
		{"LIMIT with timeInForce GTD", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: "GTD", Quantity: d("1"), Price: d("1")}, &want{field: "timeInForce", value: "GTD", accepted: anyTIF}},
		{"LIMIT GTC", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d("1"), Price: d("1")}, ok},
		{"LIMIT IOC", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFIOC, Quantity: d("1"), Price: d("1")}, ok},
		{"LIMIT FOK", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFFOK, Quantity: d("1"), Price: d("1")}, ok},
		{"STOP_LOSS_LIMIT without timeInForce", Order{Side: SideSell, Type: TypeStopLossLimit, Quantity: d("1"), Price: d("1"), StopPrice: d("1")}, &want{field: "timeInForce", accepted: anyTIF}},
		{"TAKE_PROFIT_LIMIT without timeInForce", Order{Side: SideSell, Type: TypeTakeProfitLimit, Quantity: d("1"), Price: d("1"), StopPrice: d("1")}, &want{field: "timeInForce", accepted: anyTIF}},
		{"MARKET with timeInForce", Order{Side: SideBuy, Type: TypeMarket, TimeInForce: TIFGTC, Quantity: d("1")}, &want{field: "timeInForce", value: "GTC", accepted: "absent"}},
		{"LIMIT_MAKER with timeInForce", Order{Side: SideBuy, Type: TypeLimitMaker, TimeInForce: TIFGTC, Quantity: d("1"), Price: d("1")}, &want{field: "timeInForce", value: "GTC", accepted: "absent"}},
		{"STOP_LOSS with timeInForce", Order{Side: SideSell, Type: TypeStopLoss, TimeInForce: TIFGTC, Quantity: d("1"), StopPrice: d("1")}, &want{field: "timeInForce", value: "GTC", accepted: "absent"}},
		{"LIMIT_MAKER", Order{Side: SideBuy, Type: TypeLimitMaker, Quantity: d("1"), Price: d("1")}, ok},

		// quantity and quoteOrderQty
		{"MARKET with neither", Order{Side: SideBuy, Type: TypeMarket}, &want{field: "quantity", accepted: "quantity or quoteOrderQty"}},
		{"MARKET with both", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("1"), QuoteOrderQty: d("10")}, &want{field: "quoteOrderQty", value: "10", accepted: "quantity or quoteOrderQty, not both"}},
		{"MARKET by quoteOrderQty", Order{Side: SideBuy, Type: TypeMarket, QuoteOrderQty: d("10")}, ok},
		{"LIMIT without quantity", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Price: d("1")}, &want{field: "quantity", accepted: "a positive decimal"}},
		{"LIMIT with quoteOrderQty", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d("1"), QuoteOrderQty: d("1"), Price: d("1")}, &want{field: "quoteOrderQty", value: "1", accepted: "absent"}},
		{"STOP_LOSS without quantity", Order{Side: SideSell, Type: TypeStopLoss, StopPrice: d("1")}, &want{field: "quantity", accepted: "a positive decimal"}},

		// price
		{"MARKET with price", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("1"), Price: d("100.5")}, &want{field: "price", value: "100.5", accepted: "absent"}},
		{"STOP_LOSS with price", Order{Side: SideSell, Type: TypeStopLoss, Quantity: d("1"), Price: d("1"), StopPrice: d("1")}, &want{field: "price", value: "1", accepted: "absent"}},
		{"TAKE_PROFIT with price", Order{Side: SideSell, Type: TypeTakeProfit, Quantity: d("1"), Price: d("1"), StopPrice: d("1")}, &want{field: "price", value: "1", accepted: "absent"}},
		{"LIMIT without price", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d("1")}, &want{field: "price", accepted: "a positive decimal"}},
		{"LIMIT_MAKER without price", Order{Side: SideBuy, Type: TypeLimitMaker, Quantity: d("1")}, &want{field: "price", accepted: "a positive decimal"}},
		{"STOP_LOSS_LIMIT without price", Order{Side: SideSell, Type: TypeStopLossLimit, TimeInForce: TIFGTC, Quantity: d("1"), StopPrice: d("1")}, &want{field: "price", accepted: "a positive decimal"}},

		// stopPrice and trailingDelta
		{"STOP_LOSS with neither", Order{Side: SideSell, Type: TypeStopLoss, Quantity: d("1")}, &want{field: "stopPrice", accepted: "stopPrice, trailingDelta or both"}},
		{"TAKE_PROFIT_LIMIT with neither", Order{Side: SideSell, Type: TypeTakeProfitLimit, TimeInForce: TIFGTC, Quantity: d("1"), Price: d("1")}, &want{field: "stopPrice", accepted: "stopPrice, trailingDelta or both"}},
		{"STOP_LOSS with stopPrice", Order{Side: SideSell, Type: TypeStopLoss, Quantity: d("1"), StopPrice: d("1")}, ok},
		{"STOP_LOSS with trailingDelta", Order{Side: SideSell, Type: TypeStopLoss, Quantity: d("1"), TrailingDelta: 100}, ok},
		{"TAKE_PROFIT with both", Order{Side: SideSell, Type: TypeTakeProfit, Quantity: d("1"), StopPrice: d("1"), TrailingDelta: 100}, ok},
		{"LIMIT with stopPrice", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d("1"), Price: d("1"), StopPrice: d("2")}, &want{field: "stopPrice", value: "2", accepted: "absent"}},
		{"MARKET with trailingDelta", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("1"), TrailingDelta: 100}, &want{field: "trailingDelta", value: "100", accepted: "absent"}},
		{"negative trailingDelta", Order{Side: SideSell, Type: TypeStopLoss, Quantity: d("1"), StopPrice: d("1"), TrailingDelta: -5}, &want{field: "trailingDelta", value: "-5", accepted: "a positive number of basis points"}},

		// icebergQty
		{"MARKET iceberg", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("1"), IcebergQty: d("0.1")}, &want{field: "icebergQty", value: "0.1", accepted: "LIMIT, LIMIT_MAKER, STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT"}},
		{"STOP_LOSS iceberg", Order{Side: SideSell, Type: TypeStopLoss, Quantity: d("1"), StopPrice: d("1"), IcebergQty: d("0.1")}, &want{field: "icebergQty", value: "0.1", accepted: "LIMIT, LIMIT_MAKER, STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT"}},
		{"LIMIT IOC iceberg", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFIOC, Quantity: d("1"), Price: d("1"), IcebergQty: d("0.1")}, &want{field: "timeInForce", value: "IOC", accepted: "GTC"}},
		{"LIMIT GTC iceberg", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d("1"), Price: d("1"), IcebergQty: d("0.1")}, ok},
		{"LIMIT_MAKER iceberg (no timeInForce)", Order{Side: SideBuy, Type: TypeLimitMaker, Quantity: d("1"), Price: d("1"), IcebergQty: d("0.1")}, ok},
		{"STOP_LOSS_LIMIT FOK iceberg", Order{Side: SideSell, Type: TypeStopLossLimit, TimeInForce: TIFFOK, Quantity: d("1"), Price: d("1"), StopPrice: d("1"), IcebergQty: d("0.1")}, &want{field: "timeInForce", value: "FOK", accepted: "GTC"}},
		{"STOP_LOSS_LIMIT GTC iceberg", Order{Side: SideSell, Type: TypeStopLossLimit, TimeInForce: TIFGTC, Quantity: d("1"), Price: d("1"), StopPrice: d("1"), IcebergQty: d("0.1")}, ok},
		{"icebergQty equal to quantity", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d("1"), Price: d("1"), IcebergQty: d("1.000")}, &want{field: "icebergQty", value: "1", accepted: "less than quantity 1"}},
		{"icebergQty just below quantity", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d("1"), Price: d("1"), IcebergQty: d("0.99999999")}, ok},

		// decimals
		{"zero quantity", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("0")}, &want{field: "quantity", value: "0", accepted: "a positive decimal"}},
		{"negative price", Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d("1"), Price: d("-0.01")}, &want{field: "price", value: "-0.01", accepted: "a positive decimal"}},
		{"zero stopPrice", Order{Side: SideSell, Type: TypeStopLoss, Quantity: d("1"), StopPrice: d("0.00000000")}, &want{field: "stopPrice", value: "0", accepted: "a positive decimal"}},
		{"1e-1000 has too many digits", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("1e-1000")}, &want{field: "quantity", accepted: "at most 20 digits before and 20 after the decimal point"}},
		{"1e30 has too many digits", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("1e30")}, &want{field: "quantity", accepted: "at most 20 digits before and 20 after the decimal point"}},
		{"20 decimals pass", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("0.00000000000000000001")}, ok},
		{"21 decimals do not", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("0.000000000000000000001")}, &want{field: "quantity", accepted: "at most 20 digits before and 20 after the decimal point"}},
		{"trailing zeros do not count", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("0.300000000000000000000000000000")}, ok},
		{"exponent notation is a value like any", Order{Side: SideBuy, Type: TypeMarket, Quantity: d("3E-1")}, ok},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, CheckType(tt.o), tt.want)
		})
	}
}
