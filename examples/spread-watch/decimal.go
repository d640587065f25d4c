package main

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// Prices, quantities and amounts are exact decimals (github.com/shopspring/decimal): read
// from their strings with toolsdk.ParseDecimal, which bounds their size, computed on
// exactly, and written back with String, which drops trailing zeros. Nothing goes through
// float64, where 0.1 + 0.2 is not 0.3 and a quantity rounded "down" can come out one step
// too large.
//
// Sums, differences and products of decimals are exact. A quotient (risk / risk per unit,
// maxNotional / entry) need not have a finite decimal expansion, so none is computed as a
// decimal and then used: it is compared by cross-multiplying, and divided once, with
// QuoRem, where it is cut onto a grid or rounded for display.

var (
	one         = decimal.NewFromInt(1)
	half        = decimal.New(5, -1)
	tenThousand = decimal.NewFromInt(10000)
)

// answerDecimal reads field of op's answer about symbol, a decimal string: a guest_error
// when it is not one.
func answerDecimal(op, field, symbol, s string) (decimal.Decimal, error) {
	d, err := toolsdk.ParseDecimal(s)
	if err != nil {
		return decimal.Decimal{}, toolsdk.Unexpected(op, fmt.Errorf("%s of %s: %w", field, symbol, err))
	}
	return d, nil
}

// bpsScale is the number of decimals of a value in basis points: 0.0001 bp.
const bpsScale = 4

// bps returns part/whole in basis points (1 bp = 0.01%), rounded half away from zero to
// bpsScale decimals, and false when whole is zero.
func bps(part, whole decimal.Decimal) (string, bool) {
	if whole.IsZero() {
		return "", false
	}
	return part.Mul(tenThousand).DivRound(whole, bpsScale).String(), true
}

// noGridPlaces is where a quantity is cut when LOT_SIZE has no step (stepSize 0), so
// that a quotient without a finite expansion is still a decimal.
const noGridPlaces = 18

// floorToGrid returns the largest q ≤ num/den on the grid min + k·step (k = 0, 1, ...),
// the rule of Binance's LOT_SIZE filter: (quantity − minQty) % stepSize == 0. den > 0. A
// zero step means no grid: q is num/den cut to noGridPlaces decimals. It reports false
// when num/den is below min.
func floorToGrid(num, den, min, step decimal.Decimal) (decimal.Decimal, bool) {
	over := num.Sub(min.Mul(den)) // (num/den − min)·den
	switch {
	case over.Sign() < 0:
		return decimal.Decimal{}, false
	case step.IsZero():
		return quoDown(num, den, noGridPlaces), true
	}
	return quoDown(over, den.Mul(step), 0).Mul(step).Add(min), true
}

// ceilToGrid returns the smallest q ≥ num/den on the grid min + k·step, and at least min.
// den > 0. A zero step means no grid: q is num/den rounded up to noGridPlaces decimals,
// or min.
func ceilToGrid(num, den, min, step decimal.Decimal) decimal.Decimal {
	over := num.Sub(min.Mul(den))
	switch {
	case over.Sign() <= 0:
		return min
	case step.IsZero():
		return quoUp(num, den, noGridPlaces)
	}
	return quoUp(over, den.Mul(step), 0).Mul(step).Add(min)
}

// quoDown returns a/b cut to places decimals, for a ≥ 0 and b > 0: rounded down.
func quoDown(a, b decimal.Decimal, places int32) decimal.Decimal {
	q, _ := a.QuoRem(b, places)
	return q
}

// quoUp returns a/b rounded up to places decimals, for a ≥ 0 and b > 0.
func quoUp(a, b decimal.Decimal, places int32) decimal.Decimal {
	q, r := a.QuoRem(b, places)
	if !r.IsZero() {
		q = q.Add(decimal.New(1, -places))
	}
	return q
}
