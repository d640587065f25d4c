package sign_test

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/tollgate/tollgate/runtime/gate/sign"
)

// A Secret prints as REDACTED through every fmt verb, inside structs, and through slog.
func ExampleSecret() {
	s := sign.NewSecret("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j")
	fmt.Printf("%v\n%+v\n%#v\n%s %q %x\n", s, s, s, s, s, s)

	cfg := struct {
		APIKey string
		Secret sign.Secret
	}{"vmPUZE6m", s}
	fmt.Printf("%+v\n", cfg)

	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	logger.Info("key loaded", "secret", s, "cfg", cfg)
	// Output:
	// REDACTED
	// REDACTED
	// REDACTED
	// REDACTED REDACTED REDACTED
	// {APIKey:vmPUZE6m Secret:REDACTED}
	// {"level":"INFO","msg":"key loaded","secret":"REDACTED","cfg":{"APIKey":"vmPUZE6m","Secret":"REDACTED"}}
}

// Query builds the string to send; this is the HMAC example of rest-api.md.
func ExampleQuery() {
	s, err := sign.NewHMAC(sign.NewSecret("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"))
	if err != nil {
		panic(err)
	}
	q, err := sign.Query([]sign.Param{
		{"symbol", "LTCBTC"}, {"side", "BUY"}, {"type", "LIMIT"}, {"timeInForce", "GTC"},
		{"quantity", "1"}, {"price", "0.1"}, {"recvWindow", "5000"},
	}, 1499827319559, 0, s)
	if err != nil {
		panic(err)
	}
	fmt.Println(q)
	fmt.Println(s)
	// Output:
	// symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71
	// sign.HMAC_SHA256(REDACTED)
}
