package order

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/tollgate/tollgate/runtime/gate"
)

// FuzzCheck sends arbitrary decimal strings as quantity, price and a third parameter
// (stopPrice, icebergQty or quoteOrderQty, by kind) to real symbols' rules. It asserts:
//
//   - no panic, and every error is a *gate.Error of type validation or filter_violation;
//   - no value an error prints has an exponent;
//   - a filter failure's Accepted value, put in place of the rejected one, passes that
//     filter for that parameter;
//   - an accepted order really sits on every grid and inside every bound, verified again
//     with math/big.Rat, independently of the package's decimal helpers.
func FuzzCheck(f *testing.F) {
	sets := []*Rules{
		rules(f, "BTCUSDT"),
		rules(f, "BTTCUSDT"),
		rules(f, "LUNCBUSD"),
		rules(f, "BNBUSDT"),
		rules2021(f, "BTCUSDT"),
		derived(f, "ETHUSDT", map[string]any{"orderTypes": []string{"LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"}},
			`{"filterType":"MARKET_LOT_SIZE","minQty":"0.001","maxQty":"100","stepSize":"0.001"}`,
			`{"filterType":"NOTIONAL","minNotional":"10","applyMinToMarket":true,"maxNotional":"1000000","applyMaxToMarket":true,"avgPriceMins":5}`,
			`{"filterType":"MAX_NUM_ICEBERG_ORDERS","maxNumIcebergOrders":5}`),
	}
	f.Add(uint8(0), uint8(0), true, "0.001", "26000", "", "", int64(0))
	f.Add(uint8(0), uint8(0), true, "0.000011", "26000.005", "", "26000", int64(0))
	f.Add(uint8(3), uint8(0), false, "17", "0.3", "", "", int64(0))
	f.Add(uint8(1), uint8(0), true, "92233720368.5", "0.000000005", "", "", int64(0))
	f.Add(uint8(2), uint8(1), true, "20368.55", "0.0003", "0.01", "", int64(0))
	f.Add(uint8(0), uint8(2), true, "0.0003", "", "9.99", "26000", int64(0))
	f.Add(uint8(5), uint8(3), false, "0.01", "2000", "1999.999", "", int64(9))
	f.Add(uint8(4), uint8(2), true, "", "", "9", "60000", int64(0))
	f.Add(uint8(0), uint8(0), true, "1e-1000", "1E+6", "", "", int64(0))
	f.Fuzz(func(t *testing.T, sym, kind uint8, buy bool, qty, price, aux, avgPrice string, delta int64) {
		r := sets[int(sym)%len(sets)]
		o, m := fuzzOrder(kind, buy, qty, price, aux, avgPrice, delta)
		err := r.Check(o, m)
		if err == nil {
			assertInside(t, r, o, m)
			return
		}
		var e *gate.Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is %T, not *gate.Error", err, err)
		}
		for _, s := range []string{e.Message, e.Value, e.Accepted} {
			if exponent.MatchString(s) {
				t.Fatalf("exponent in %q", s)
			}
		}
		switch e.Type {
		case gate.TypeValidation:
			return
		case gate.TypeFilterViolation:
		default:
			t.Fatalf("error type %q: %v", e.Type, err)
		}
		filter := FailedFilter(err)
		if filter == "" {
			t.Fatalf("filter failure names no filter: %v", err)
		}
		for _, part := range []string{e.Value, e.Accepted} {
			if !strings.Contains(e.Message, part) {
				t.Fatalf("message %q does not mention %q", e.Message, part)
			}
		}
		if e.Accepted == "" || e.Field == "" {
			return
		}
		retry := substitute(t, o, e.Field, e.Accepted)
		if err := r.Check(retry, m); failsAgain(err, filter, e.Field) {
			t.Fatalf("accepted value %s fails %s again: %v\nfirst: %v", e.Accepted, filter, err, e)
		}
	})
}

// fuzzOrder builds an order of one of four shapes: LIMIT (aux unused), LIMIT iceberg
// (aux = icebergQty), MARKET (aux = quoteOrderQty, qty may be empty), and
// STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT (aux = stopPrice).
func fuzzOrder(kind uint8, buy bool, qty, price, aux, avgPrice string, delta int64) (Order, Market) {
	side := SideSell
	if buy {
		side = SideBuy
	}
	o := Order{Side: side, Quantity: dec(qty)}
	switch kind % 4 {
	case 0:
		o.Type, o.TimeInForce, o.Price = TypeLimit, TIFGTC, dec(price)
	case 1:
		o.Type, o.TimeInForce, o.Price, o.IcebergQty = TypeLimit, TIFGTC, dec(price), dec(aux)
	case 2:
		o.Type, o.QuoteOrderQty = TypeMarket, dec(aux)
	case 3:
		o.Type, o.TimeInForce, o.Price, o.StopPrice, o.TrailingDelta = TypeStopLossLimit, TIFGTC, dec(price), dec(aux), delta
		if kind&4 != 0 {
			o.Type = TypeTakeProfitLimit
		}
	}
	m := Market{AvgPrice: dec(avgPrice)}
	if kind&8 != 0 {
		m.Open = &OpenOrders{Orders: int(kind >> 4), Algo: int(kind >> 5), Iceberg: int(kind >> 6)}
	}
	return o, m
}

// dec parses s, or returns nil (absent) when it is not a decimal.
func dec(s string) *decimal.Decimal {
	if s == "" || len(s) > 100 {
		return nil
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		return nil
	}
	return &v
}

// assertInside re-checks an accepted order with big.Rat arithmetic.
func assertInside(t *testing.T, r *Rules, o Order, m Market) {
	t.Helper()
	if pf := r.PriceFilter; pf != nil {
		for name, v := range map[string]*decimal.Decimal{"price": o.Price, "stopPrice": o.StopPrice} {
			if v != nil {
				inside(t, name, v.Rat(), pf.MinPrice.Rat(), pf.MaxPrice.Rat(), pf.TickSize.Rat())
			}
		}
	}
	if ls := r.LotSize; ls != nil {
		for name, v := range map[string]*decimal.Decimal{"quantity": o.Quantity, "icebergQty": o.IcebergQty} {
			if v != nil {
				inside(t, name, v.Rat(), ls.MinQty.Rat(), ls.MaxQty.Rat(), ls.StepSize.Rat())
			}
		}
	}
	if ml := r.MarketLotSize; ml != nil && o.Type == TypeMarket && o.Quantity != nil {
		inside(t, "MARKET quantity", o.Quantity.Rat(), ml.MinQty.Rat(), ml.MaxQty.Rat(), ml.StepSize.Rat())
	}
	if n := r.Notional; n != nil && o.Price != nil && o.Quantity != nil {
		notional := new(big.Rat).Mul(o.Price.Rat(), o.Quantity.Rat())
		inside(t, "notional", notional, n.MinNotional.Rat(), n.MaxNotional.Rat(), new(big.Rat))
	}
	if mn := r.MinNotional; mn != nil && o.Price != nil && o.Quantity != nil {
		notional := new(big.Rat).Mul(o.Price.Rat(), o.Quantity.Rat())
		inside(t, "notional", notional, mn.MinNotional.Rat(), new(big.Rat), new(big.Rat))
	}
	if ip := r.IcebergParts; ip != nil && o.IcebergQty != nil {
		parts := new(big.Rat).Quo(o.Quantity.Rat(), o.IcebergQty.Rat())
		if parts.Cmp(new(big.Rat).SetInt64(ip.Limit)) > 0 {
			t.Fatalf("accepted %s parts, limit %d", parts.FloatString(4), ip.Limit)
		}
	}
	if pp := r.PercentPrice; pp != nil && o.Price != nil && m.AvgPrice != nil && m.AvgPrice.Sign() > 0 {
		a := m.AvgPrice.Rat()
		inside(t, "price vs average", o.Price.Rat(), new(big.Rat).Mul(a, pp.MultiplierDown.Rat()), new(big.Rat).Mul(a, pp.MultiplierUp.Rat()), new(big.Rat))
	}
	if pp := r.PercentPriceBySide; pp != nil && o.Price != nil && m.AvgPrice != nil && m.AvgPrice.Sign() > 0 {
		up, down := pp.AskMultiplierUp, pp.AskMultiplierDown
		if o.Side == SideBuy {
			up, down = pp.BidMultiplierUp, pp.BidMultiplierDown
		}
		a := m.AvgPrice.Rat()
		inside(t, "price vs average", o.Price.Rat(), new(big.Rat).Mul(a, down.Rat()), new(big.Rat).Mul(a, up.Rat()), new(big.Rat))
	}
}

// inside fails t unless min <= v <= max and v is a multiple of step, each part skipped
// when zero, as the filters define them.
func inside(t *testing.T, name string, v, min, max, step *big.Rat) {
	t.Helper()
	if v.Sign() <= 0 {
		t.Fatalf("accepted %s %s is not positive", name, v.FloatString(20))
	}
	if min.Sign() > 0 && v.Cmp(min) < 0 {
		t.Fatalf("accepted %s %s below %s", name, v.FloatString(20), min.FloatString(20))
	}
	if max.Sign() > 0 && v.Cmp(max) > 0 {
		t.Fatalf("accepted %s %s above %s", name, v.FloatString(20), max.FloatString(20))
	}
	if step.Sign() > 0 && !new(big.Rat).Quo(v, step).IsInt() {
		t.Fatalf("accepted %s %s is off the %s grid", name, v.FloatString(20), step.FloatString(20))
	}
}
