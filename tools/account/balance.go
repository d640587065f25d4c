package main

import (
	"encoding/json"
	"strings"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// balance is one row of GET /api/v3/account's balances; amounts stay strings.
type balance struct {
	Asset  string `json:"asset"`
	Free   string `json:"free"`
	Locked string `json:"locked"`
}

var getBalance = toolsdk.Tool{
	Name:  "get_balance",
	Title: "Account balances",
	Description: "Balances of the spot account: each asset's free and locked amounts, as decimal strings. " +
		"Only non-zero balances unless include_zero is true; asset keeps one asset's row.",
	Input: toolsdk.Object(
		toolsdk.String("asset", "Asset to report, e.g. BTC; case-insensitive. All assets when absent.").MinLength(1).MaxLength(20),
		toolsdk.Boolean("include_zero", "Also list assets whose balance is zero.").Default(false),
	),
	Output: json.RawMessage(`{"type":"object","properties":{
		"balances":{"type":"array","items":{"type":"object","properties":{
			"asset":{"type":"string"},
			"free":{"type":"string","description":"decimal string"},
			"locked":{"type":"string","description":"decimal string"}},
			"required":["asset","free","locked"]}}},
		"required":["balances"]}`),
	Annotations: toolsdk.ReadOnlyHints,
	Handler:     balances,
}

func balances(c *toolsdk.Call) (any, error) {
	includeZero := false
	if c.Has("include_zero") {
		v, err := c.Bool("include_zero")
		if err != nil {
			return nil, err
		}
		includeZero = v
	}
	asset := ""
	if c.Has("asset") {
		v, err := c.String("asset")
		if err != nil {
			return nil, err
		}
		asset = strings.ToUpper(v)
	}
	ok, err := c.Request("account", map[string]any{"omitZeroBalances": !includeZero})
	if err != nil {
		return nil, err
	}
	var acct struct {
		Balances []balance `json:"balances"`
	}
	if err := json.Unmarshal(ok, &acct); err != nil {
		return nil, toolsdk.Unexpected("account", err)
	}
	rows := make([]balance, 0, len(acct.Balances))
	for _, b := range acct.Balances {
		if asset != "" && b.Asset != asset {
			continue
		}
		if !includeZero && isZero(b.Free) && isZero(b.Locked) {
			continue // Binance already omits them; the check keeps the promise if it did not
		}
		rows = append(rows, b)
	}
	return map[string]any{"balances": rows}, nil
}

// isZero reports whether a decimal string is zero ("0", "0.00000000").
func isZero(s string) bool { return strings.Trim(s, "0.") == "" }

func init() { toolsdk.Register(getBalance) }
