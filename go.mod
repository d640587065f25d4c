module github.com/tollgate/tollgate

go 1.26

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/adshao/go-binance/v2 v2.8.7
	github.com/mark3labs/mcp-go v1.2.1
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.2
	github.com/shopspring/decimal v1.6.0
	github.com/tetratelabs/wazero v1.12.0
	golang.org/x/text v0.14.0
)

require (
	github.com/bitly/go-simplejson v0.5.0 // indirect
	github.com/google/jsonschema-go v0.4.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/gorilla/websocket v1.5.3 // indirect
	github.com/jpillora/backoff v1.0.0 // indirect
	github.com/spf13/cast v1.7.1 // indirect
	github.com/yosida95/uritemplate/v3 v3.0.2 // indirect
	golang.org/x/sys v0.44.0 // indirect
)
