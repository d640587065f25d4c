package toolsdk_test

import (
	"encoding/json"
	"fmt"

	"github.com/tollgate/tollgate/guest/toolsdk"
	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
)

func init() {
	toolsdk.Register(toolsdk.Tool{
		Name:        "example_price",
		Title:       "Price",
		Description: "Latest price of a symbol, as {symbol, price} with the price a decimal string.",
		Input: toolsdk.Object(
			toolsdk.String("symbol", "Trading pair, e.g. BTCUSDT.").Required().MinLength(1).MaxLength(20),
		),
		Annotations: toolsdk.Annotations{ReadOnly: toolsdk.Yes, Destructive: toolsdk.No,
			Idempotent: toolsdk.Yes, OpenWorld: toolsdk.Yes},
		Handler: func(c *toolsdk.Call) (any, error) {
			symbol, err := c.String("symbol")
			if err != nil {
				return nil, err
			}
			return c.Request("ticker_price", map[string]any{"symbol": symbol})
		},
	})
}

func Example() {
	h := toolsdktest.NewHost()
	h.Respond("ticker_price", toolsdktest.OK(json.RawMessage(`{"symbol":"BTCUSDT","price":"65861.66000000"}`)))

	res, err := h.Call("example_price", map[string]any{"symbol": "BTCUSDT"})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Requests[0].Op, res.Requests[0].Params)
	fmt.Println(string(res.Output))

	res, _ = h.Call("example_price", map[string]any{"symbol": ""})
	fmt.Println(res.Err.Type, res.Err.Field)
	// Output:
	// ticker_price map[symbol:BTCUSDT]
	// {"data":{"symbol":"BTCUSDT","price":"65861.66000000"}}
	// validation_error symbol
}
