package order

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseRulesBTCUSDT(t *testing.T) {
	r := rules(t, "BTCUSDT")
	if r.Symbol != "BTCUSDT" || r.Status != "TRADING" || r.BaseAsset != "BTC" || r.QuoteAsset != "USDT" {
		t.Fatalf("header = %q %q %q %q", r.Symbol, r.Status, r.BaseAsset, r.QuoteAsset)
	}
	if !r.IcebergAllowed || !r.OcoAllowed || !r.QuoteOrderQtyMarketAllowed || !r.AllowTrailingStop || !r.IsSpotTradingAllowed {
		t.Fatalf("flags = %+v", r)
	}
	if got := strings.Join(r.OrderTypes, ","); got != "LIMIT,LIMIT_MAKER,MARKET,STOP_LOSS_LIMIT,TAKE_PROFIT_LIMIT" {
		t.Fatalf("OrderTypes = %s", got)
	}
	for _, c := range []struct{ name, got, want string }{
		{"minPrice", format(r.PriceFilter.MinPrice), "0.01"},
		{"maxPrice", format(r.PriceFilter.MaxPrice), "1000000"},
		{"tickSize", format(r.PriceFilter.TickSize), "0.01"},
		{"LOT_SIZE minQty", format(r.LotSize.MinQty), "0.00001"},
		{"LOT_SIZE maxQty", format(r.LotSize.MaxQty), "9000"},
		{"LOT_SIZE stepSize", format(r.LotSize.StepSize), "0.00001"},
		{"MARKET_LOT_SIZE maxQty", format(r.MarketLotSize.MaxQty), "169.00949758"},
		{"MARKET_LOT_SIZE stepSize", format(r.MarketLotSize.StepSize), "0"},
		{"bidMultiplierDown", format(r.PercentPriceBySide.BidMultiplierDown), "0.2"},
		{"minNotional", format(r.Notional.MinNotional), "10"},
		{"maxNotional", format(r.Notional.MaxNotional), "9000000"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	if r.IcebergParts.Limit != 10 || r.TrailingDelta.MaxTrailingAboveDelta != 2000 || r.MaxNumOrders.MaxNumOrders != 200 || r.MaxNumAlgoOrders.MaxNumAlgoOrders != 5 {
		t.Errorf("integer filters = %+v %+v %+v %+v", r.IcebergParts, r.TrailingDelta, r.MaxNumOrders, r.MaxNumAlgoOrders)
	}
	if !r.Notional.ApplyMinToMarket || r.Notional.ApplyMaxToMarket {
		t.Errorf("NOTIONAL apply flags = %+v", r.Notional)
	}
	if r.PercentPrice != nil || r.MinNotional != nil || r.MaxPosition != nil || r.MaxNumIcebergOrders != nil || len(r.Other) != 0 {
		t.Errorf("filters BTCUSDT does not list were set: %+v", r)
	}
}

// TestParseRules2021 reads the filter names Binance used before NOTIONAL and
// PERCENT_PRICE_BY_SIDE, and a symbol without allowTrailingStop.
func TestParseRules2021(t *testing.T) {
	r := rules2021(t, "BTCUSDT")
	if r.PercentPrice == nil || format(r.PercentPrice.MultiplierUp) != "5" || format(r.PercentPrice.MultiplierDown) != "0.2" || r.PercentPrice.AvgPriceMins != 5 {
		t.Errorf("PERCENT_PRICE = %+v", r.PercentPrice)
	}
	if r.MinNotional == nil || format(r.MinNotional.MinNotional) != "10" || !r.MinNotional.ApplyToMarket {
		t.Errorf("MIN_NOTIONAL = %+v", r.MinNotional)
	}
	if r.Notional != nil || r.PercentPriceBySide != nil || r.TrailingDelta != nil {
		t.Errorf("2023 filters set on a 2021 symbol")
	}
	if r.AllowTrailingStop {
		t.Errorf("AllowTrailingStop true without the field")
	}
}

// TestParseRulesEveryFixtureSymbol parses all 2,276 symbols of the 2023 fixture: none
// may fail, and the filters every symbol lists must be there.
func TestParseRulesEveryFixtureSymbol(t *testing.T) {
	m, names, err := loadFixture(fixture2023)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 2276 {
		t.Fatalf("%d symbols, want 2276", len(names))
	}
	counts := map[string]int{}
	for _, name := range names {
		r, err := ParseRules(m[name])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.PriceFilter == nil || r.LotSize == nil || r.Notional == nil || r.IcebergParts == nil || r.TrailingDelta == nil {
			t.Fatalf("%s: missing a filter every symbol has", name)
		}
		if r.MarketLotSize != nil {
			counts["MARKET_LOT_SIZE"]++
		}
		if r.MaxPosition != nil {
			counts["MAX_POSITION"]++
		}
		if len(r.Other) != 0 {
			t.Errorf("%s: unexpected unknown filters %s", name, r.Other)
		}
	}
	// From jq over the fixture.
	if counts["MARKET_LOT_SIZE"] != 2198 || counts["MAX_POSITION"] != 11 {
		t.Errorf("counts = %v", counts)
	}
}

func TestParseRulesRefuses(t *testing.T) {
	btc := string(rawSymbol(t, fixture2023, "BTCUSDT"))
	withFilters := func(fs string) string {
		i := strings.Index(btc, `"filters":[`)
		j := strings.Index(btc[i:], `],"permissions"`)
		return btc[:i] + `"filters":[` + fs + btc[i+j:]
	}
	tests := []struct {
		name string
		raw  string
	}{
		{"not JSON", `{`},
		{"not an object", `[]`},
		{"no symbol", `{"status":"TRADING"}`},
		{"filters not a list", `{"symbol":"X","filters":{}}`},
		{"filter not an object", withFilters(`1`)},
		{"PRICE_FILTER listed twice", withFilters(`{"filterType":"PRICE_FILTER","minPrice":"1","maxPrice":"2","tickSize":"1"},{"filterType":"PRICE_FILTER","minPrice":"1","maxPrice":"2","tickSize":"1"}`)},
		{"tickSize not a decimal", withFilters(`{"filterType":"PRICE_FILTER","minPrice":"1","maxPrice":"2","tickSize":"one"}`)},
		{"negative stepSize", withFilters(`{"filterType":"LOT_SIZE","minQty":"1","maxQty":"2","stepSize":"-1"}`)},
		{"stepSize of 1e-100", withFilters(`{"filterType":"LOT_SIZE","minQty":"1","maxQty":"2","stepSize":"1e-100"}`)},
		{"ICEBERG_PARTS limit a string", withFilters(`{"filterType":"ICEBERG_PARTS","limit":"10"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r, err := ParseRules(json.RawMessage(tt.raw)); err == nil {
				t.Fatalf("ParseRules accepted %s: %+v", tt.raw, r)
			}
		})
	}
}

// TestParseRulesKeepsUnknownFilters: a filter type Binance adds later, or one that does
// not concern a single new order, is kept and does not fail the symbol.
func TestParseRulesKeepsUnknownFilters(t *testing.T) {
	r := derived(t, "BTCUSDT", nil,
		`{"filterType":"MAX_NUM_ORDER_LISTS","maxNumOrderLists":20}`,
		`{"filterType":"MAX_NUM_ORDER_AMENDS","maxNumOrderAmends":10}`,
		`{"filterType":"SOMETHING_NEW","x":[1,2,3]}`)
	if len(r.Other) != 3 {
		t.Fatalf("Other = %s", r.Other)
	}
	if got := filterType(t, r.Other[2]); got != "SOMETHING_NEW" {
		t.Fatalf("Other[2] is %s", got)
	}
	o := Order{Side: SideBuy, Type: TypeLimit, TimeInForce: TIFGTC, Quantity: d("0.001"), Price: d("26000")}
	check(t, r.Check(o, Market{}), ok)
}
