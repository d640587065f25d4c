package order

import "github.com/shopspring/decimal"

// All grid arithmetic is exact: QuoRem divides big integers, so 0.3 is a multiple of 0.1
// here although math.Mod(0.3, 0.1) is 0.09999999999999998. The helpers take v >= 0 and
// step > 0; Check only calls them after CheckType has made every value positive.

// fineUnit is the grid used when a filter's step is disabled (0): the finest value a
// parameter may have.
var fineUnit = decimal.New(1, -maxFracDigits)

// onGrid reports whether v is a whole multiple of step.
func onGrid(v, step decimal.Decimal) bool {
	_, r := v.QuoRem(step, 0)
	return r.IsZero()
}

// floorTo returns the largest multiple of step that is <= v.
func floorTo(v, step decimal.Decimal) decimal.Decimal {
	q, _ := v.QuoRem(step, 0)
	return q.Mul(step)
}

// ceilTo returns the smallest multiple of step that is >= v.
func ceilTo(v, step decimal.Decimal) decimal.Decimal {
	q, r := v.QuoRem(step, 0)
	if !r.IsZero() {
		q = q.Add(decimal.NewFromInt(1))
	}
	return q.Mul(step)
}

// ceilQuo returns the smallest multiple of step that is >= a/b, without rounding a/b
// first: a/b need not have a finite decimal expansion.
func ceilQuo(a, b, step decimal.Decimal) decimal.Decimal {
	q, r := a.QuoRem(b.Mul(step), 0)
	if !r.IsZero() {
		q = q.Add(decimal.NewFromInt(1))
	}
	return q.Mul(step)
}

// floorQuo returns the largest multiple of step that is <= a/b.
func floorQuo(a, b, step decimal.Decimal) decimal.Decimal {
	q, _ := a.QuoRem(b.Mul(step), 0)
	return q.Mul(step)
}

// stepOr returns step, or fineUnit when step is disabled.
func stepOr(step decimal.Decimal) decimal.Decimal {
	if step.Sign() > 0 {
		return step
	}
	return fineUnit
}

// bounds is a [min, max] range on a step grid, as PRICE_FILTER, LOT_SIZE and
// MARKET_LOT_SIZE define one. A zero part is disabled.
type bounds struct {
	min, max, step decimal.Decimal
	// fallback is the grid suggestions sit on when step is disabled: MARKET_LOT_SIZE
	// has stepSize 0, but the quantity it suggests must still pass LOT_SIZE.
	fallback decimal.Decimal
}

// contains reports whether v passes every enabled part.
func (b bounds) contains(v decimal.Decimal) bool {
	return (b.min.Sign() <= 0 || v.GreaterThanOrEqual(b.min)) &&
		(b.max.Sign() <= 0 || v.LessThanOrEqual(b.max)) &&
		(b.step.Sign() <= 0 || onGrid(v, b.step)) &&
		v.Sign() > 0
}

// near returns the valid values closest to v: the one on each side of it, those that
// exist, in ascending order. It is empty when no positive value passes.
func (b bounds) near(v decimal.Decimal) []decimal.Decimal {
	step := b.step
	if step.Sign() <= 0 {
		step = stepOr(b.fallback)
	}
	lo := ceilTo(b.min, step)
	if lo.Sign() <= 0 {
		lo = step
	}
	var hi decimal.Decimal
	if b.max.Sign() > 0 {
		hi = floorTo(b.max, step)
		if hi.LessThan(lo) {
			return nil
		}
	}
	switch {
	case v.LessThan(lo):
		return []decimal.Decimal{lo}
	case b.max.Sign() > 0 && v.GreaterThan(hi):
		return []decimal.Decimal{hi}
	}
	down := floorTo(v, step)
	if down.Equal(v) {
		return []decimal.Decimal{v}
	}
	up := down.Add(step)
	if b.max.Sign() > 0 && up.GreaterThan(hi) {
		return []decimal.Decimal{down}
	}
	return []decimal.Decimal{down, up}
}

// nearest picks from vals, ascending, the value closest to v; a tie goes to the lower
// value, which for a quantity is the one that does not trade more than asked.
func nearest(v decimal.Decimal, vals []decimal.Decimal) decimal.Decimal {
	best := vals[0]
	for _, c := range vals[1:] {
		if c.Sub(v).Abs().LessThan(best.Sub(v).Abs()) {
			best = c
		}
	}
	return best
}
