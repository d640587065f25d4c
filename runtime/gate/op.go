package gate

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/adshao/go-binance/v2"
)

// Security is Binance's security type of an endpoint. It decides which grant a module
// needs and whether the request is signed.
type Security int

const (
	SecurityNone     Security = iota // public market data
	SecurityUserData                 // private account data, signed
	SecurityTrade                    // orders, signed
)

func (s Security) String() string {
	switch s {
	case SecurityNone:
		return "NONE"
	case SecurityUserData:
		return "USER_DATA"
	case SecurityTrade:
		return "TRADE"
	}
	return fmt.Sprintf("Security(%d)", int(s))
}

// Grant is a privilege the operator gives a module in config.
type Grant string

const (
	GrantMarketData  Grant = "market_data"
	GrantAccountRead Grant = "account_read"
	GrantTrade       Grant = "trade"
)

// Needs returns the grant an operation of this security type requires.
func (s Security) Needs() Grant {
	switch s {
	case SecurityNone:
		return GrantMarketData
	case SecurityUserData:
		return GrantAccountRead
	}
	return GrantTrade
}

// Grants is the set of grants of one module.
type Grants []Grant

// Has reports whether g contains want.
func (g Grants) Has(want Grant) bool {
	for _, x := range g {
		if x == want {
			return true
		}
	}
	return false
}

func (g Grants) String() string {
	s := make([]string, len(g))
	for i, x := range g {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

// ParamKind says how a parameter is parsed and checked.
type ParamKind int

const (
	KindSymbol   ParamKind = iota // a listed symbol, upper-cased ASCII
	KindInt                       // an integer within [Min, Max]
	KindEnum                      // one of Values, case-sensitive
	KindTime                      // milliseconds since the epoch, >= 0
	KindText                      // a short filter text: 1 to 20 characters, no control characters
	KindDecimal                   // a positive exact decimal: a JSON number or a decimal string
	KindBool                      // true or false, as JSON or as a string
	KindClientID                  // a client order id: 1 to 36 of A-Z a-z 0-9 _ -
	KindAsset                     // a coin or futures symbol: 1 to 20 ASCII letters and digits, upper-cased
)

// Param describes one parameter of an operation.
type Param struct {
	Name     string
	Kind     ParamKind
	Required bool
	Min, Max int64    // KindInt
	Values   []string // KindEnum
}

// Op is one entry of the operation table: what a module may ask for, what Binance
// endpoint serves it, and what it costs.
type Op struct {
	Name     string
	Method   string
	Path     string
	Security Security
	Params   []Param
	// Check runs after every parameter passed its own rule, for rules that join
	// parameters (startTime <= endTime). May be nil.
	Check func(p Params) error
	// Weight returns the request weight for the validated parameters.
	Weight func(p Params) int
	// Send performs the request with go-binance. The raw response is captured below it
	// (package exchange); Send's own decoded result is not used.
	Send func(ctx context.Context, c *binance.Client, p Params) error
	// Query, for an op that go-binance does not send as Binance documents it, gives the
	// query string; the exchange client then sends Method Path?Query itself, through the
	// same HTTP client. Ops with neither Send nor Query are answered by the host.
	Query func(p Params) url.Values
	// Args, for a SIGNED op, gives the parameters in the order they are signed and sent.
	// The sign stage turns them into the exact query string (Request.Query) and the
	// exchange client sends that string verbatim. recvWindow is not among them: the sign
	// stage adds it, with timestamp and signature.
	Args func(p Params) []Arg
	// Order marks an op whose parameters describe a spot order: the validate stage checks
	// them against the order-type rules and the symbol's filters.
	Order bool
	// DryRun marks a TRADE op that Binance validates without acting on it (order/test).
	// It is allowed while trading is disabled; it still needs the trade grant.
	DryRun bool
}

// Arg is one request parameter, already formatted as Binance expects it.
type Arg struct {
	Key, Value string
}

// Remote reports whether the op is sent to the exchange (rather than answered by the
// host from its own state).
func (o *Op) Remote() bool { return o.Send != nil || o.Query != nil || o.Args != nil }

// Signed reports whether requests of this op carry an API key and a signature.
func (o *Op) Signed() bool { return o.Security != SecurityNone }

// FixedWeight returns a Weight function that always answers w.
func FixedWeight(w int) func(Params) int { return func(Params) int { return w } }

// Params holds validated parameter values: string for symbols, enums and client ids,
// int64 for integers and times, decimal.Decimal for decimals, bool for booleans. Absent
// optional parameters are not in the map.
type Params map[string]any

// String returns the string parameter name and whether it is present.
func (p Params) String(name string) (string, bool) {
	v, ok := p[name].(string)
	return v, ok
}

// Decimal returns the decimal parameter name and whether it is present.
func (p Params) Decimal(name string) (decimal.Decimal, bool) {
	v, ok := p[name].(decimal.Decimal)
	return v, ok
}

// Format returns the parameter as Binance expects it on the wire: decimals in fixed
// point, never with an exponent; integers in base 10.
func (p Params) Format(name string) (string, bool) {
	switch v := p[name].(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case decimal.Decimal:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// Int returns the integer parameter name and whether it is present.
func (p Params) Int(name string) (int64, bool) {
	v, ok := p[name].(int64)
	return v, ok
}
