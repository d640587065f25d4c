package main

import (
	"encoding/json"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// The wallet (/sapi) and USD-M futures (/fapi) reads. Binance's answers are passed on as
// received (amounts stay decimal strings); bare arrays are put under a key.

var (
	coinArg     = toolsdk.String("coin", "Coin, e.g. BTC or USDT; case-insensitive.").MinLength(1).MaxLength(20).SendAs("coin")
	statusArg   = toolsdk.Integer("status", "Only records with this status code (see Binance's wallet documentation).").Minimum(0).Maximum(10).SendAs("status")
	offsetArg   = toolsdk.Integer("offset", "Skip this many records.").Minimum(0).SendAs("offset")
	historyArgs = []toolsdk.Param{coinArg, statusArg, startTime, endTime, offsetArg, limit}
	// futuresSymbolArg is a USD-M symbol, which the spot listing does not hold.
	futuresSymbolArg = toolsdk.String("symbol", "USD-M futures symbol, e.g. BTCUSDT; case-insensitive.").MinLength(1).MaxLength(20).SendAs("symbol")
	anyObject        = json.RawMessage(`{"type":"object"}`)
)

func listSchema(key string) json.RawMessage { return listOf(key, `{"type":"object"}`) }

var walletTools = []toolsdk.Tool{
	{
		Name: "get_account_snapshot", Title: "Daily account snapshot",
		Description: "Daily snapshots of the SPOT, MARGIN or FUTURES account (Binance keeps the last 30 days; 7 to 30 of them). Mainnet only: the testnet has no wallet endpoints.",
		Input: toolsdk.Object(
			toolsdk.String("account_type", "SPOT, MARGIN or FUTURES.").Required().Enum("SPOT", "MARGIN", "FUTURES").SendAs("type"),
			startTime, endTime, toolsdk.Integer("limit", "How many days, 7 to 30 (default 7).").Minimum(7).Maximum(30).SendAs("limit")),
		Output: anyObject, Annotations: toolsdk.ReadOnlyHints,
		Handler: func(c *toolsdk.Call) (any, error) { return c.Forward("account_snapshot") },
	},
	{
		Name: "get_fee_info", Title: "Trading fees",
		Description: "The account's maker and taker commission rates, for one symbol or all. Mainnet only.",
		Input:       toolsdk.Object(symbolArg),
		Output:      listSchema("fees"), Annotations: toolsdk.ReadOnlyHints,
		Handler: list("trade_fee", "fees"),
	},
	{
		Name: "get_deposit_address", Title: "Deposit address",
		Description: "The address (and tag, when the network uses one) to deposit a coin to, on a network or the coin's default one. Mainnet only.",
		Input:       toolsdk.Object(coinArg.Required(), toolsdk.String("network", "Network, e.g. ETH or TRX; the coin's default when absent.").MinLength(1).MaxLength(20).SendAs("network")),
		Output:      json.RawMessage(`{"type":"object","properties":{"address":{"type":"string"},"coin":{"type":"string"},"tag":{"type":"string"},"url":{"type":"string"}},"required":["address","coin"]}`),
		Annotations: toolsdk.ReadOnlyHints,
		Handler:     func(c *toolsdk.Call) (any, error) { return c.Forward("deposit_address") },
	},
	{
		Name: "get_deposit_history", Title: "Deposit history",
		Description: "The account's deposits, optionally of one coin, status or time range. Mainnet only.",
		Input:       toolsdk.Object(historyArgs...),
		Output:      listSchema("deposits"), Annotations: toolsdk.ReadOnlyHints,
		Handler: list("deposit_history", "deposits"),
	},
	{
		Name: "get_withdraw_history", Title: "Withdrawal history",
		Description: "The account's withdrawals, optionally of one coin, status or time range. Read only: no tool here can withdraw. Mainnet only.",
		Input:       toolsdk.Object(historyArgs...),
		Output:      listSchema("withdrawals"), Annotations: toolsdk.ReadOnlyHints,
		Handler: list("withdraw_history", "withdrawals"),
	},
	{
		Name: "get_universal_transfer_history", Title: "Transfers between wallets",
		Description: "Transfers of one direction between the account's wallets (e.g. MAIN_UMFUTURE: spot to USD-M futures), newest first. Mainnet only.",
		Input: toolsdk.Object(
			toolsdk.String("type", "Direction, e.g. MAIN_UMFUTURE, UMFUTURE_MAIN, MAIN_FUNDING.").Required().MinLength(1).MaxLength(32).SendAs("type"),
			startTime, endTime,
			toolsdk.Integer("current", "Page, from 1.").Minimum(1).SendAs("current"),
			toolsdk.Integer("size", "Rows per page, 1 to 100 (default 10).").Minimum(1).Maximum(100).SendAs("size")),
		Output:      json.RawMessage(`{"type":"object","properties":{"total":{"type":"integer"},"rows":{"type":"array","items":{"type":"object"}}}}`),
		Annotations: toolsdk.ReadOnlyHints,
		Handler:     func(c *toolsdk.Call) (any, error) { return c.Forward("transfer_history") },
	},
	{
		Name: "get_position_info", Title: "USD-M futures positions",
		Description: "Open USD-M futures positions, of one symbol or all: amount, entry and mark price, unrealised profit. Sent to the futures host (BINANCE_FUTURES_BASE_URL).",
		Input:       toolsdk.Object(futuresSymbolArg),
		Output:      listSchema("positions"), Annotations: toolsdk.ReadOnlyHints,
		Handler: list("futures_positions", "positions"),
	},
	{
		Name: "get_pnl", Title: "USD-M futures realised profit and loss",
		Description: "Realised profit and loss entries of the USD-M futures account (income type REALIZED_PNL), optionally of one symbol or time range.",
		Input:       toolsdk.Object(futuresSymbolArg, startTime, endTime, limit),
		Output:      listSchema("pnl"), Annotations: toolsdk.ReadOnlyHints,
		Handler: func(c *toolsdk.Call) (any, error) {
			return toolsdk.Under("pnl")(c.ForwardWith("futures_income", map[string]string{"incomeType": "REALIZED_PNL"}))
		},
	},
	{
		Name: "get_liquidation_history", Title: "USD-M futures liquidations",
		Description: "The account's forced orders (liquidations and auto-deleveraging) on USD-M futures, optionally of one symbol or time range.",
		Input: toolsdk.Object(futuresSymbolArg, startTime, endTime,
			toolsdk.Integer("limit", "At most this many, 1 to 100 (default 50).").Minimum(1).Maximum(100).SendAs("limit")),
		Output: listSchema("orders"), Annotations: toolsdk.ReadOnlyHints,
		Handler: list("futures_force_orders", "orders"),
	},
}

func init() {
	for _, t := range walletTools {
		toolsdk.Register(t)
	}
}
