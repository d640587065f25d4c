package order

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/tollgate/tollgate/runtime/gate"
)

// ErrFilter matches, with errors.Is, every filter failure Check returns. Validation
// errors (a bad parameter combination, a symbol that is not trading) match
// gate.ErrValidation instead.
var ErrFilter = &gate.Error{Type: gate.TypeFilterViolation}

// filterPrefix starts every filter failure's Message, followed by the filter type and a
// colon: Binance's own wording ("Filter failure: LOT_SIZE"), which clients already know.
const filterPrefix = "Filter failure: "

// FailedFilter returns the filter type a filter failure names, such as "LOT_SIZE", or ""
// when err is not a filter failure from this package.
func FailedFilter(err error) string {
	var e *gate.Error
	if !errors.As(err, &e) || e.Type != gate.TypeFilterViolation {
		return ""
	}
	rest, ok := strings.CutPrefix(e.Message, filterPrefix)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, ":")
	return name
}

// filterError builds a filter failure for field, whose rejected value is v. near holds
// the valid values closest to v, ascending (one or two; none when nothing passes); the
// closest goes in Accepted, and all of them in the message.
func filterError(filter, field string, v decimal.Decimal, near []decimal.Decimal, msgFormat string, args ...any) *gate.Error {
	msg := filterPrefix + filter + ": " + fmt.Sprintf(msgFormat, args...)
	accepted := ""
	switch len(near) {
	case 0:
		msg += "; no " + field + " passes this filter"
	case 1:
		accepted = format(near[0])
		msg += "; the nearest valid " + field + " is " + accepted
	default:
		accepted = format(nearest(v, near))
		strs := make([]string, len(near))
		for i, n := range near {
			strs[i] = format(n)
		}
		msg += "; the nearest valid " + field + " values are " + strings.Join(strs, " and ")
	}
	return &gate.Error{
		Type:     gate.TypeFilterViolation,
		Message:  msg,
		Field:    field,
		Value:    format(v),
		Accepted: accepted,
	}
}

// filterErrorInt is filterError for an integer parameter (trailingDelta).
func filterErrorInt(filter, field string, v, accepted int64, msgFormat string, args ...any) *gate.Error {
	a := strconv.FormatInt(accepted, 10)
	return &gate.Error{
		Type:     gate.TypeFilterViolation,
		Message:  filterPrefix + filter + ": " + fmt.Sprintf(msgFormat, args...) + "; the nearest valid " + field + " is " + a,
		Field:    field,
		Value:    strconv.FormatInt(v, 10),
		Accepted: a,
	}
}
