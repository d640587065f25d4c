// Package tools embeds Tollgate's own tool modules in the binary.
//
// Each module is built from its directory here by `make guests` (GOOS=wasip1, packed with
// its declarations by internal/cmd/tollgate-pack) and pinned by the SHA-256 written next
// to it at build time. The loader checks the pin before anything else, so a module
// swapped after the build is refused like any other unpinned module.
package tools

import (
	_ "embed"
	"strings"

	"github.com/tollgate/tollgate/runtime/gate"
)

//go:embed market/market.wasm
var marketWasm []byte

//go:embed market/market.wasm.sha256
var marketSHA256 string

//go:embed account/account.wasm
var accountWasm []byte

//go:embed account/account.wasm.sha256
var accountSHA256 string

//go:embed trade/trade.wasm
var tradeWasm []byte

//go:embed trade/trade.wasm.sha256
var tradeSHA256 string

// Module is a built-in module: its bytes, its pinned hash and its grants.
type Module struct {
	Name   string
	Wasm   []byte
	SHA256 string
	Grants gate.Grants
}

// Builtin returns the built-in modules.
func Builtin() []Module {
	return []Module{
		{Name: "market", Wasm: marketWasm, SHA256: pin(marketSHA256), Grants: gate.Grants{gate.GrantMarketData}},
		{Name: "account", Wasm: accountWasm, SHA256: pin(accountSHA256), Grants: gate.Grants{gate.GrantAccountRead, gate.GrantMarketData}},
		{Name: "trade", Wasm: tradeWasm, SHA256: pin(tradeSHA256), Grants: gate.Grants{gate.GrantTrade}},
	}
}

// pin reads a sha256sum line ("<hex>  <file>") or a bare hex digest.
func pin(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
