package ops

import (
	"math"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Names of the wallet (/sapi) and USD-M futures (/fapi) reads.
const (
	OpAccountSnapshot   = "account_snapshot"
	OpTradeFee          = "trade_fee"
	OpDepositAddress    = "deposit_address"
	OpDepositHistory    = "deposit_history"
	OpWithdrawHistory   = "withdraw_history"
	OpTransferHistory   = "transfer_history"
	OpFuturesPositions  = "futures_positions"
	OpFuturesIncome     = "futures_income"
	OpFuturesLiquidated = "futures_force_orders"
)

// TransferTypes are the universal-transfer directions Binance lists for
// GET /sapi/v1/asset/transfer.
var TransferTypes = []string{
	"MAIN_UMFUTURE", "MAIN_CMFUTURE", "MAIN_MARGIN", "UMFUTURE_MAIN", "UMFUTURE_MARGIN",
	"CMFUTURE_MAIN", "CMFUTURE_MARGIN", "MARGIN_MAIN", "MARGIN_UMFUTURE", "MARGIN_CMFUTURE",
	"MAIN_FUNDING", "FUNDING_MAIN", "FUNDING_UMFUTURE", "UMFUTURE_FUNDING", "MARGIN_FUNDING",
	"FUNDING_MARGIN", "FUNDING_CMFUTURE", "CMFUTURE_FUNDING",
}

// IncomeTypes are the USD-M futures income types.
var IncomeTypes = []string{
	"TRANSFER", "WELCOME_BONUS", "REALIZED_PNL", "FUNDING_FEE", "COMMISSION", "INSURANCE_CLEAR",
	"REFERRAL_KICKBACK", "COMMISSION_REBATE", "API_REBATE", "CONTEST_REWARD", "CROSS_COLLATERAL_TRANSFER",
	"OPTIONS_PREMIUM_FEE", "OPTIONS_SETTLE_PROFIT", "INTERNAL_TRANSFER", "AUTO_EXCHANGE",
	"DELIVERED_SETTELMENT", "COIN_SWAP_DEPOSIT", "COIN_SWAP_WITHDRAW", "POSITION_LIMIT_INCREASE_FEE",
}

var (
	coinParam     = gate.Param{Name: "coin", Kind: gate.KindAsset}
	futuresSymbol = gate.Param{Name: "symbol", Kind: gate.KindAsset} // USD-M symbols are not in the spot exchangeInfo
	startParam    = gate.Param{Name: "startTime", Kind: gate.KindTime}
	endParam      = gate.Param{Name: "endTime", Kind: gate.KindTime}
)

// Wallet returns the wallet and futures reads. /sapi paths go to the spot base URL, /fapi
// paths to the futures base URL; the spot testnet has no /sapi, so they fail closed there.
// Their weights count against their own limits at Binance, not the spot REQUEST_WEIGHT
// budget (see ratelimit.New).
func Wallet() Table {
	t := Table{}
	add := func(op *gate.Op) { t[op.Name] = signedOp(op) }
	userData := gate.SecurityUserData
	add(&gate.Op{
		Name: OpAccountSnapshot, Method: "GET", Path: "/sapi/v1/accountSnapshot", Security: userData, Weight: gate.FixedWeight(2400),
		Params: []gate.Param{{Name: "type", Kind: gate.KindEnum, Required: true, Values: []string{"SPOT", "MARGIN", "FUTURES"}},
			startParam, endParam, {Name: "limit", Kind: gate.KindInt, Min: 7, Max: 30}, recvWindowParam},
		Check: startBeforeEnd,
	})
	add(&gate.Op{
		Name: OpTradeFee, Method: "GET", Path: "/sapi/v1/asset/tradeFee", Security: userData, Weight: gate.FixedWeight(1),
		Params: []gate.Param{{Name: "symbol", Kind: gate.KindSymbol}, recvWindowParam},
	})
	add(&gate.Op{
		Name: OpDepositAddress, Method: "GET", Path: "/sapi/v1/capital/deposit/address", Security: userData, Weight: gate.FixedWeight(10),
		Params: []gate.Param{{Name: "coin", Kind: gate.KindAsset, Required: true}, {Name: "network", Kind: gate.KindAsset}, recvWindowParam},
	})
	history := []gate.Param{coinParam, {Name: "status", Kind: gate.KindInt, Min: 0, Max: 10}, startParam, endParam,
		{Name: "offset", Kind: gate.KindInt, Min: 0, Max: math.MaxInt32}, {Name: "limit", Kind: gate.KindInt, Min: 1, Max: 1000}, recvWindowParam}
	add(&gate.Op{
		Name: OpDepositHistory, Method: "GET", Path: "/sapi/v1/capital/deposit/hisrec", Security: userData, Weight: gate.FixedWeight(1),
		Params: history, Check: startBeforeEnd,
	})
	add(&gate.Op{
		Name: OpWithdrawHistory, Method: "GET", Path: "/sapi/v1/capital/withdraw/history", Security: userData, Weight: gate.FixedWeight(18),
		Params: history, Check: startBeforeEnd,
	})
	add(&gate.Op{
		Name: OpTransferHistory, Method: "GET", Path: "/sapi/v1/asset/transfer", Security: userData, Weight: gate.FixedWeight(1),
		Params: []gate.Param{{Name: "type", Kind: gate.KindEnum, Required: true, Values: TransferTypes}, startParam, endParam,
			{Name: "current", Kind: gate.KindInt, Min: 1, Max: math.MaxInt32}, {Name: "size", Kind: gate.KindInt, Min: 1, Max: 100}, recvWindowParam},
		Check: startBeforeEnd,
	})
	add(&gate.Op{
		Name: OpFuturesPositions, Method: "GET", Path: "/fapi/v3/positionRisk", Security: userData, Weight: gate.FixedWeight(5),
		Params: []gate.Param{futuresSymbol, recvWindowParam},
	})
	add(&gate.Op{
		Name: OpFuturesIncome, Method: "GET", Path: "/fapi/v1/income", Security: userData, Weight: gate.FixedWeight(30),
		Params: []gate.Param{futuresSymbol, {Name: "incomeType", Kind: gate.KindEnum, Values: IncomeTypes}, startParam, endParam,
			{Name: "limit", Kind: gate.KindInt, Min: 1, Max: 1000}, recvWindowParam},
		Check: startBeforeEnd,
	})
	add(&gate.Op{
		Name: OpFuturesLiquidated, Method: "GET", Path: "/fapi/v1/forceOrders", Security: userData,
		Params: []gate.Param{futuresSymbol, {Name: "autoCloseType", Kind: gate.KindEnum, Values: []string{"LIQUIDATION", "ADL"}},
			startParam, endParam, {Name: "limit", Kind: gate.KindInt, Min: 1, Max: 100}, recvWindowParam},
		Check: startBeforeEnd,
		Weight: func(p gate.Params) int {
			if _, ok := p.String("symbol"); ok {
				return 20
			}
			return 50
		},
	})
	return t
}
