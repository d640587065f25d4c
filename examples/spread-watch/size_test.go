package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// rulesFor reads the filters of a recorded symbol, as size_position does.
func rulesFor(t *testing.T, symbol string) rules {
	t.Helper()
	var info symbolInfo
	if err := json.Unmarshal(symbolEntry(t, symbol), &info); err != nil {
		t.Fatal(err)
	}
	r, err := rulesOf(info)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// BTCUSDT's recorded filters: LOT_SIZE minQty 0.00001, maxQty 9000, stepSize 0.00001;
// NOTIONAL minNotional 10, maxNotional 9000000.
func TestRulesOf(t *testing.T) {
	r := rulesFor(t, "BTCUSDT")
	want := sizeFilters{StepSize: "0.00001000", MinQty: "0.00001000", MaxQty: "9000.00000000",
		MinNotional: "10.00000000", MaxNotional: "9000000.00000000"}
	if r.shown != want || r.notionalFilter != "NOTIONAL" || r.status != "TRADING" || r.base != "BTC" || r.quote != "USDT" {
		t.Fatalf("rules %+v", r)
	}
	if r.step.String() != "0.00001" || r.minNotional.String() != "10" || r.maxNotional.String() != "9000000" {
		t.Fatalf("parsed %s %s %s", r.step, r.minNotional, r.maxNotional)
	}

	var info symbolInfo
	_ = json.Unmarshal(symbolEntry(t, "BTCUSDT"), &info)
	info.Filters = info.Filters[:1] // PRICE_FILTER only
	if _, err := rulesOf(info); err == nil {
		t.Error("no LOT_SIZE: want an error")
	}
}

func plan(t *testing.T, risk, entry, stop string) order {
	return order{risk: dec(t, risk), entry: dec(t, entry), stop: dec(t, stop), source: "argument"}
}

func TestSizeFor(t *testing.T) {
	btc := rulesFor(t, "BTCUSDT")
	eth := rulesFor(t, "ETHUSDT") // LOT_SIZE 0.0001 step, minQty 0.0001; NOTIONAL 10
	// A symbol whose minQty, not its minNotional, is the binding minimum.
	lot := rulesFor(t, "BTCUSDT")
	lot.minQty, lot.step, lot.minNotional = dec(t, "0.1"), dec(t, "0.1"), dec(t, "1")
	lot.shown.MinQty, lot.shown.StepSize, lot.shown.MinNotional = "0.1", "0.1", "1"
	// No maxNotional: maxQty caps.
	noMaxNotional := rulesFor(t, "BTCUSDT")
	noMaxNotional.maxNotional = dec(t, "0")
	halted := rulesFor(t, "BTCUSDT")
	halted.status = "BREAK"

	tests := []struct {
		name                                    string
		o                                       order
		r                                       rules
		side                                    string
		qty                                     string // "0" when not tradable
		notional, riskAtStop, cappedBy, minRisk string
		reason                                  string // a part of the reason
	}{
		{"long, rounded down to the step", plan(t, "250", "65861.66", "64500"), btc,
			// 250 / 1361.66 = 0.183599430…
			"BUY", "0.18359", "12091.5421594", "249.9871594", "", "", ""},
		{"short", plan(t, "33", "1850", "1900"), eth,
			"SELL", "0.66", "1221", "33", "", "", ""},
		// NOTIONAL: 0.0001 BTC at 65000 is 6.5 USDT, under 10. The nearest accepted risk is
		// 0.16: 0.00016 BTC (10.4 USDT), the smallest step worth 10.
		{"under minNotional", plan(t, "0.1", "65000", "64000"), btc,
			"BUY", "0", "0", "0", "", "0.16", "worth 6.5 USDT, below the NOTIONAL minNotional of 10.00000000 USDT"},
		{"just under minNotional", plan(t, "0.15999", "65000", "64000"), btc,
			"BUY", "0", "0", "0", "", "0.16", "0.00015 BTC at 65000 is worth 9.75 USDT"},
		{"nearest accepted for minNotional", plan(t, "0.16", "65000", "64000"), btc,
			"BUY", "0.00016", "10.4", "0.16", "", "", ""},
		// LOT_SIZE minQty: 0.99 / 10 = 0.099 < 0.1; the nearest accepted risk is 1.
		{"under minQty", plan(t, "0.99", "100", "90"), lot,
			"BUY", "0", "0", "0", "", "1", "risk_amount / risk_per_unit is 0.099 BTC (cut to 8 decimals), below the LOT_SIZE minQty of 0.1 BTC"},
		{"nearest accepted for minQty", plan(t, "1", "100", "90"), lot,
			"BUY", "0.1", "10", "1", "", "", ""},
		{"BTCUSDT minQty is under its minNotional", plan(t, "0.00999", "65000", "64000"), btc,
			"BUY", "0", "0", "0", "", "0.16", "below the LOT_SIZE minQty of 0.00001000 BTC"},
		// The caps: 10,000,000 USDT at 1 USDT a unit would be 10,000,000 BTC.
		{"capped by maxNotional", plan(t, "10000000", "65000", "64999"), btc,
			// 9000000 / 65000 = 138.461538…, rounded down to 138.46153
			"BUY", "138.46153", "8999999.45", "138.46153", "NOTIONAL.maxNotional", "", ""},
		{"capped by maxQty", plan(t, "10000000", "65000", "64999"), noMaxNotional,
			"BUY", "9000", "585000000", "9000", "LOT_SIZE.maxQty", "", ""},
		{"not trading", plan(t, "250", "65861.66", "64500"), halted,
			"BUY", "0", "0", "0", "", "", "BTCUSDT is not trading (status BREAK)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sizeFor("BTCUSDT", tt.o, tt.r)
			if got.Side != tt.side || got.Quantity != tt.qty || got.Notional != tt.notional ||
				got.RiskAtStop != tt.riskAtStop || got.CappedBy != tt.cappedBy || got.MinRiskAmount != tt.minRisk {
				t.Errorf("got side %s qty %s notional %s risk %s capped %q min risk %q (%s)\nwant side %s qty %s notional %s risk %s capped %q min risk %q",
					got.Side, got.Quantity, got.Notional, got.RiskAtStop, got.CappedBy, got.MinRiskAmount, got.Reason,
					tt.side, tt.qty, tt.notional, tt.riskAtStop, tt.cappedBy, tt.minRisk)
			}
			if got.Tradable != (tt.qty != "0") || !strings.Contains(got.Reason, tt.reason) || (tt.reason == "") != (got.Reason == "") {
				t.Errorf("tradable %v, reason %q; want reason containing %q", got.Tradable, got.Reason, tt.reason)
			}
		})
	}
}

// No quantity at all can pass when the smallest one worth minNotional is over maxQty.
func TestSizeForNothingPasses(t *testing.T) {
	r := rulesFor(t, "BTCUSDT")
	r.maxQty = dec(t, "0.0001")
	got := sizeFor("BTCUSDT", plan(t, "0.01", "65000", "64000"), r)
	if got.Tradable || got.MinRiskAmount != "" || !strings.Contains(got.Reason, "no quantity passes LOT_SIZE and NOTIONAL") {
		t.Fatalf("%+v", got)
	}
}

func TestSizePosition(t *testing.T) {
	h := standin(t, "BTCUSDT", "ETHUSDT")

	// With entry_price, one request: the filters.
	res := call(t, h, "size_position", `{"symbol":"BTCUSDT","risk_amount":"250","entry_price":"65861.66","stop_price":64500}`)
	wantRequests(t, res, "exchange_info BTCUSDT")
	want := `{"symbol":"BTCUSDT","side":"BUY","base_asset":"BTC","quote_asset":"USDT","entry_price":"65861.66","entry_source":"argument",` +
		`"stop_price":"64500","risk_amount":"250","risk_per_unit":"1361.66","quantity":"0.18359","notional":"12091.5421594",` +
		`"risk_at_stop":"249.9871594","tradable":true,"filters":{"step_size":"0.00001000","min_qty":"0.00001000",` +
		`"max_qty":"9000.00000000","min_notional":"10.00000000","max_notional":"9000000.00000000"}}`
	if res.Err != nil || string(res.Data) != want {
		t.Fatalf("data %s, error %+v\nwant %s", res.Data, res.Err, want)
	}

	// Without it, the book: a stop under the bid is a long entered at the ask, 65861.66.
	// 50 / 861.66 = 0.058027…
	res = call(t, h, "size_position", `{"symbol":"btcusdt","risk_amount":50,"stop_price":"65000"}`)
	wantRequests(t, res, "exchange_info btcusdt", "book_ticker btcusdt")
	var got sizeResult
	if err := res.DecodeData(&got); err != nil {
		t.Fatalf("%v: %s", err, res.Output)
	}
	if got.Side != "BUY" || got.EntrySource != "best_ask" || got.EntryPrice != "65861.66" || got.Quantity != "0.05802" ||
		got.Notional != "3821.2935132" || got.RiskAtStop != "49.9935132" || got.Symbol != "BTCUSDT" {
		t.Fatalf("%+v", got)
	}
	// A stop over the ask is a short entered at the bid.
	res = call(t, h, "size_position", `{"symbol":"BTCUSDT","risk_amount":"10","stop_price":"66861.65"}`)
	if err := res.DecodeData(&got); err != nil || got.Side != "SELL" || got.EntrySource != "best_bid" ||
		got.EntryPrice != "65861.65" || got.RiskPerUnit != "1000" || got.Quantity != "0.01" {
		t.Fatalf("%v %+v", err, got)
	}
}

func TestSizePositionRefused(t *testing.T) {
	h := standin(t, "BTCUSDT", "ETHUSDT")
	tests := []struct {
		name, args, field string
		requests          []string
	}{
		// Checked before any request.
		{"zero risk", `{"symbol":"BTCUSDT","risk_amount":0,"stop_price":"1"}`, "risk_amount", nil},
		{"negative stop", `{"symbol":"BTCUSDT","risk_amount":"1","stop_price":"-1"}`, "stop_price", nil},
		{"huge exponent", `{"symbol":"BTCUSDT","risk_amount":"1e41","stop_price":"1"}`, "risk_amount", nil},
		{"stop at entry", `{"symbol":"BTCUSDT","risk_amount":"1","stop_price":"100","entry_price":"100.0"}`, "stop_price", nil},
		// Against the book: the stop is between bid and ask.
		{"stop inside the spread", `{"symbol":"BTCUSDT","risk_amount":"1","stop_price":"65861.655"}`, "stop_price",
			[]string{"exchange_info BTCUSDT", "book_ticker BTCUSDT"}},
		{"stop at the bid", `{"symbol":"BTCUSDT","risk_amount":"1","stop_price":"65861.65"}`, "stop_price",
			[]string{"exchange_info BTCUSDT", "book_ticker BTCUSDT"}},
		{"no book", `{"symbol":"ETHUSDT","risk_amount":"1","stop_price":"1000"}`, "entry_price",
			[]string{"exchange_info ETHUSDT", "book_ticker ETHUSDT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, h, "size_position", tt.args)
			if res.Err == nil || res.Err.Type != "validation_error" || res.Err.Field != tt.field {
				t.Fatalf("error %+v, data %s; want a validation_error on %s", res.Err, res.Data, tt.field)
			}
			wantRequests(t, res, tt.requests...)
		})
	}

	// A gate refusal is passed on as it is: the symbol argument is the op's symbol.
	res := call(t, h, "size_position", `{"symbol":"ADABTC","risk_amount":"1","stop_price":"1","entry_price":"2"}`)
	if res.Err == nil || res.Err.Type != "permission_denied" || res.Err.Field != "symbol" || res.Err.Value != "ADABTC" {
		t.Fatalf("error %+v", res.Err)
	}
}
