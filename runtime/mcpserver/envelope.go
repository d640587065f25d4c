package mcpserver

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Envelope is the result of every tool call: the shape users of the Python
// binance-mcp-server know.
type Envelope struct {
	Success   bool            `json:"success"`
	Data      json.RawMessage `json:"data,omitempty"`
	Error     *EnvelopeError  `json:"error,omitempty"`
	Timestamp int64           `json:"timestamp"`
	// Environment names the Binance environment that answered: mainnet, testnet or custom.
	Environment string `json:"environment,omitempty"`
}

// EnvelopeError is a gate error with the time it happened.
type EnvelopeError struct {
	gate.Error
	Timestamp int64 `json:"timestamp"`
}

func success(data json.RawMessage, nowMS int64) Envelope {
	return Envelope{Success: true, Data: data, Timestamp: nowMS}
}

func failure(err *gate.Error, nowMS int64) Envelope {
	return Envelope{Error: &EnvelopeError{Error: *err, Timestamp: nowMS}, Timestamp: nowMS}
}

// maxGuestText caps every string a guest puts in an error.
const maxGuestText = 1024

// guestTypes are the error types a module may report of itself. It may pass on what the
// gate told it; it may not claim a sandbox or internal failure it did not have.
var guestTypes = map[string]bool{
	gate.TypeValidation: true, gate.TypePermissionDenied: true, gate.TypeRateLimited: true,
	gate.TypeIPBanned: true, gate.TypeAuth: true, gate.TypeFilterViolation: true,
	gate.TypeOrderRejected: true, gate.TypeOrderNotFound: true, gate.TypeStatusUnknown: true,
	gate.TypeBinanceAPI: true, gate.TypeNetwork: true, gate.TypeLimitExceeded: true, gate.TypeGuest: true,
}

// parseOutput reads a module's output: {"data": ...} or {"error": {...}}.
func parseOutput(out []byte) (json.RawMessage, *gate.Error) {
	var o struct {
		Data  json.RawMessage `json:"data"`
		Error *gate.Error     `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil || dec.More() {
		return nil, &gate.Error{Type: gate.TypeGuest, Message: "the tool returned output that is not {\"data\": …} or {\"error\": {…}}"}
	}
	switch {
	case o.Error != nil && o.Data != nil:
		return nil, &gate.Error{Type: gate.TypeGuest, Message: "the tool returned both data and an error"}
	case o.Error != nil:
		e := *o.Error
		if !guestTypes[e.Type] {
			e.Message = fmt.Sprintf("the tool reported an error of type %q: %s", gate.Cap(e.Type, 64), e.Message)
			e.Type = gate.TypeGuest
		}
		e.Message = gate.Cap(e.Message, maxGuestText)
		e.Field, e.Value, e.Accepted = gate.Cap(e.Field, 128), gate.Cap(e.Value, 128), gate.Cap(e.Accepted, 256)
		e.BinanceMessage = gate.Cap(e.BinanceMessage, 512)
		if e.Message == "" {
			e.Message = "the tool failed without saying why"
		}
		return nil, &e
	case o.Data == nil:
		return nil, &gate.Error{Type: gate.TypeGuest, Message: "the tool returned neither data nor an error"}
	}
	return o.Data, nil
}
