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
		// The host checks the arguments against Input before the handler runs:
		// symbol is there, a string of 1 to 20 characters. It is sent to the
		// ticker_price op as its symbol.
		Input: toolsdk.Object(
			toolsdk.String("symbol", "Trading pair, e.g. BTCUSDT.").Required().MinLength(1).MaxLength(20).SendAs("symbol"),
		),
		Annotations: toolsdk.Annotations{ReadOnly: toolsdk.Yes, Destructive: toolsdk.No,
			Idempotent: toolsdk.Yes, OpenWorld: toolsdk.Yes},
		// The exchange's JSON, passed through as received.
		Handler: func(c *toolsdk.Call) (any, error) { return c.Forward("ticker_price") },
	})
}

func Example() {
	h := toolsdktest.NewHost()
	h.Respond("ticker_price", toolsdktest.OK(json.RawMessage(`{"symbol":"BTCUSDT","price":"65861.66000000"}`)))

	res, err := h.Call("example_price", map[string]any{"symbol": "BTCUSDT"})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(res.Requests[0].Raw))
	fmt.Println(string(res.Output))

	// A refusal of the gate reaches the caller as it is.
	h.Respond("ticker_price", toolsdktest.Fail(&toolsdk.Error{Type: "validation_error",
		Message: `symbol "FOOBAR" is not listed on the exchange`, Field: "symbol", Value: "FOOBAR"}))
	res, _ = h.Call("example_price", map[string]any{"symbol": "FOOBAR"})
	fmt.Println(res.Err.Type, res.Err.Field, res.Err.Value)
	// Output:
	// {"op":"ticker_price","params":{"symbol":"BTCUSDT"}}
	// {"data":{"symbol":"BTCUSDT","price":"65861.66000000"}}
	// validation_error symbol FOOBAR
}
