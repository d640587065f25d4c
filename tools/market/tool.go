package main

import (
	"encoding/json"
	"fmt"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// symbolArg is the symbol argument, sent as the op's symbol. No pattern: the host
// upper-cases symbols and checks them against the listed ones (symbols are not
// always ASCII), so a lowercase "btcusdt" is fine.
var symbolArg = toolsdk.String("symbol",
	"Trading pair symbol, e.g. BTCUSDT; case-insensitive.").Required().MinLength(1).MaxLength(20).SendAs("symbol")

// limitArg is a limit argument from 1 to max with a default, sent as the op's limit.
func limitArg(what string, max, def int64) toolsdk.Param {
	return toolsdk.Integer("limit", fmt.Sprintf("Number of %s to return, 1 to %d (default %d).", what, max, def)).
		Minimum(1).Maximum(max).Default(def).SendAs("limit")
}

// marketTool is a tool that runs one gate operation and returns its answer,
// reshaped or not. Every tool of the module is one of these.
type marketTool struct {
	name, title, description string
	// args are the tool's arguments; those declared with SendAs go to the op
	// under that name.
	args   []toolsdk.Param
	output json.RawMessage

	op string
	// check, if set, validates arguments beyond what the schema expresses (the
	// host has checked the schema before the call reaches the module).
	check func(c *toolsdk.Call) error
	// shape, if set, turns the op's answer into the tool's data; without it the
	// answer is returned exactly as received.
	shape func(c *toolsdk.Call, ok json.RawMessage) (any, error)
}

func (m marketTool) register() {
	toolsdk.Register(toolsdk.Tool{
		Name:        m.name,
		Title:       m.title,
		Description: m.description,
		Input:       toolsdk.Object(m.args...),
		Output:      m.output,
		Annotations: toolsdk.ReadOnlyHints, // every tool here only reads public market data
		Handler:     m.handle,
	})
}

// handle sends the op its arguments and returns the answer. Forward writes the
// request from the arguments as sent, and a pass-through tool's answer is copied
// out as received: nothing on that path touches encoding/json.
func (m marketTool) handle(c *toolsdk.Call) (any, error) {
	if m.check != nil {
		if err := m.check(c); err != nil {
			return nil, err
		}
	}
	ok, err := c.Forward(m.op)
	if err != nil {
		return nil, err
	}
	if m.shape == nil {
		return ok, nil
	}
	return m.shape(c, ok)
}

func init() {
	for _, t := range []marketTool{
		tickerPrice, ticker24hr, orderBook, klines, avgPrice, bookTicker,
		recentTrades, exchangeInfo, availableAssets,
	} {
		t.register()
	}
}
