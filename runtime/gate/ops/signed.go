package ops

import (
	"net/url"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/order"
)

// Names of the signed ops.
const (
	OpAccount   = "account"
	OpOrder     = "order"
	OpOrderTest = "order_test"
)

// ServerTime is the op the sign stage uses to read Binance's clock. It is not in the
// table modules can reach.
var ServerTime = &gate.Op{
	Name: "server_time", Method: "GET", Path: "/api/v3/time",
	Security: gate.SecurityNone, Weight: gate.FixedWeight(1),
	Query: func(gate.Params) url.Values { return nil },
}

// recvWindowParam is the recvWindow of every signed op: at most 60000 ms (rest-api.md).
var recvWindowParam = gate.Param{Name: "recvWindow", Kind: gate.KindInt, Min: 1, Max: 60000}

// Side, order types, time in force, self-trade prevention modes and response types, as
// enums.md lists them for spot.
var (
	Sides      = []string{order.SideBuy, order.SideSell}
	OrderTypes = []string{order.TypeLimit, order.TypeMarket, order.TypeStopLoss, order.TypeStopLossLimit,
		order.TypeTakeProfit, order.TypeTakeProfitLimit, order.TypeLimitMaker}
	TimeInForces   = []string{order.TIFGTC, order.TIFIOC, order.TIFFOK}
	STPModes       = []string{"NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT"}
	OrderRespTypes = []string{"ACK", "RESULT", "FULL"}
)

// orderParams are POST /api/v3/order's parameters, in the order they are signed and sent.
var orderParams = []gate.Param{
	symbolParam,
	{Name: "side", Kind: gate.KindEnum, Required: true, Values: Sides},
	{Name: "type", Kind: gate.KindEnum, Required: true, Values: OrderTypes},
	{Name: "timeInForce", Kind: gate.KindEnum, Values: TimeInForces},
	{Name: "quantity", Kind: gate.KindDecimal},
	{Name: "quoteOrderQty", Kind: gate.KindDecimal},
	{Name: "price", Kind: gate.KindDecimal},
	{Name: "newClientOrderId", Kind: gate.KindClientID},
	{Name: "stopPrice", Kind: gate.KindDecimal},
	{Name: "trailingDelta", Kind: gate.KindInt, Min: 1, Max: 10000},
	{Name: "icebergQty", Kind: gate.KindDecimal},
	{Name: "newOrderRespType", Kind: gate.KindEnum, Values: OrderRespTypes},
	{Name: "selfTradePreventionMode", Kind: gate.KindEnum, Values: STPModes},
	recvWindowParam,
}

// Signed returns the signed ops: account data (USER_DATA) and orders (TRADE).
func Signed() Table {
	t := Table{}
	add := func(op *gate.Op) { t[op.Name] = op }
	add(signedOp(&gate.Op{
		Name: OpAccount, Method: "GET", Path: "/api/v3/account",
		Security: gate.SecurityUserData, Weight: gate.FixedWeight(20),
		Params: []gate.Param{{Name: "omitZeroBalances", Kind: gate.KindBool}, recvWindowParam},
	}))
	add(signedOp(&gate.Op{
		Name: OpOrder, Method: "POST", Path: "/api/v3/order",
		Security: gate.SecurityTrade, Weight: gate.FixedWeight(1), Order: true,
		Params: orderParams,
	}))
	add(signedOp(&gate.Op{
		Name: OpOrderTest, Method: "POST", Path: "/api/v3/order/test",
		Security: gate.SecurityTrade, Order: true, DryRun: true,
		Params: append(append([]gate.Param{}, orderParams...), gate.Param{Name: "computeCommissionRates", Kind: gate.KindBool}),
		Weight: func(p gate.Params) int {
			if v, _ := p["computeCommissionRates"].(bool); v {
				return 20
			}
			return 1
		},
	}))
	return t
}

// signedOp gives op its Args: every parameter present, in table order, formatted as
// Binance expects; recvWindow is left to the sign stage, which adds it after timestamp.
func signedOp(op *gate.Op) *gate.Op {
	op.Args = func(p gate.Params) []gate.Arg {
		args := make([]gate.Arg, 0, len(p))
		for _, def := range op.Params {
			if def.Name == recvWindowParam.Name {
				continue
			}
			if v, ok := p.Format(def.Name); ok {
				args = append(args, gate.Arg{Key: def.Name, Value: v})
			}
		}
		return args
	}
	return op
}
