package ops

import (
	"fmt"
	"math"
	"net/url"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/order"
)

// Names of the signed ops.
const (
	OpAccount          = "account"
	OpOrder            = "order"
	OpOrderTest        = "order_test"
	OpOrderQuery       = "order_query"
	OpOrderCancel      = "order_cancel"
	OpOpenOrdersCancel = "open_orders_cancel"
	OpOpenOrders       = "open_orders"
	OpAllOrders        = "all_orders"
	OpMyTrades         = "my_trades"
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
	orderRef := []gate.Param{symbolParam, {Name: "orderId", Kind: gate.KindInt, Min: 1, Max: math.MaxInt64}, {Name: "origClientOrderId", Kind: gate.KindClientID}, recvWindowParam}
	add(signedOp(&gate.Op{
		Name: OpOrderQuery, Method: "GET", Path: "/api/v3/order",
		Security: gate.SecurityUserData, Weight: gate.FixedWeight(4),
		Params: orderRef, Check: oneOrderRef,
	}))
	add(signedOp(&gate.Op{
		Name: OpOrderCancel, Method: "DELETE", Path: "/api/v3/order",
		Security: gate.SecurityTrade, Weight: gate.FixedWeight(1),
		Params: orderRef, Check: oneOrderRef,
	}))
	add(signedOp(&gate.Op{
		Name: OpOpenOrdersCancel, Method: "DELETE", Path: "/api/v3/openOrders",
		Security: gate.SecurityTrade, Weight: gate.FixedWeight(1),
		Params: []gate.Param{symbolParam, recvWindowParam},
	}))
	add(signedOp(&gate.Op{
		Name: OpOpenOrders, Method: "GET", Path: "/api/v3/openOrders",
		Security: gate.SecurityUserData,
		Params:   []gate.Param{{Name: "symbol", Kind: gate.KindSymbol}, recvWindowParam},
		Weight: func(p gate.Params) int {
			if _, ok := p.String("symbol"); ok {
				return 6
			}
			return 80
		},
	}))
	add(signedOp(&gate.Op{
		Name: OpAllOrders, Method: "GET", Path: "/api/v3/allOrders",
		Security: gate.SecurityUserData, Weight: gate.FixedWeight(20),
		Params: []gate.Param{symbolParam, {Name: "orderId", Kind: gate.KindInt, Min: 1, Max: math.MaxInt64},
			{Name: "startTime", Kind: gate.KindTime}, {Name: "endTime", Kind: gate.KindTime},
			{Name: "limit", Kind: gate.KindInt, Min: 1, Max: 1000}, recvWindowParam},
		Check: within24Hours,
	}))
	add(signedOp(&gate.Op{
		Name: OpMyTrades, Method: "GET", Path: "/api/v3/myTrades",
		Security: gate.SecurityUserData,
		Params: []gate.Param{symbolParam, {Name: "orderId", Kind: gate.KindInt, Min: 1, Max: math.MaxInt64},
			{Name: "startTime", Kind: gate.KindTime}, {Name: "endTime", Kind: gate.KindTime},
			{Name: "fromId", Kind: gate.KindInt, Min: 0, Max: math.MaxInt64},
			{Name: "limit", Kind: gate.KindInt, Min: 1, Max: 1000}, recvWindowParam},
		Check: within24Hours,
		Weight: func(p gate.Params) int {
			if _, ok := p.Int("orderId"); ok {
				return 5
			}
			return 20
		},
	}))
	return t
}

// oneOrderRef requires exactly one way of naming an order: Binance takes either, and an
// order named twice could be named inconsistently.
func oneOrderRef(p gate.Params) error {
	_, byID := p.Int("orderId")
	_, byClient := p.String("origClientOrderId")
	switch {
	case !byID && !byClient:
		return gate.Invalid("orderId", "", "orderId or origClientOrderId", "name the order: give orderId or origClientOrderId")
	case byID && byClient:
		return gate.Invalid("orderId", "", "orderId or origClientOrderId, not both", "give orderId or origClientOrderId, not both: an order named twice could be named two ways")
	}
	return nil
}

// maxWindow is the longest startTime..endTime span of allOrders and myTrades.
const maxWindow = 24 * 60 * 60 * 1000

// within24Hours enforces startTime <= endTime and Binance's 24-hour window for the
// account history endpoints.
func within24Hours(p gate.Params) error {
	if err := startBeforeEnd(p); err != nil {
		return err
	}
	start, okStart := p.Int("startTime")
	end, okEnd := p.Int("endTime")
	if okStart && okEnd && end-start > maxWindow {
		return gate.Invalid("endTime", fmt.Sprint(end), fmt.Sprintf("at most %d (24 hours after startTime)", start+maxWindow),
			"startTime and endTime are %d ms apart; Binance allows at most 24 hours (%d ms)", end-start, maxWindow)
	}
	return nil
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
