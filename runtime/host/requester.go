package host

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/pipeline"
	"github.com/tollgate/tollgate/runtime/sandbox"
)

// requester carries one tool call's requests from its module to the gate. The call's
// identity is fixed by the host when the call starts; nothing in a request changes it.
type requester struct {
	gate *pipeline.Gate
	call gate.Call
}

func (r requester) Request(ctx context.Context, _ sandbox.CallInfo, req []byte) []byte {
	var in struct {
		Op     string                     `json:"op"`
		Params map[string]json.RawMessage `json:"params"`
	}
	dec := json.NewDecoder(bytes.NewReader(req))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || dec.More() || in.Op == "" {
		return encodeError(&gate.Error{Type: gate.TypeValidation, Field: "request",
			Message: `a request must be {"op": "<name>", "params": {…}}`})
	}
	out, err := r.gate.Handle(ctx, r.call, in.Op, in.Params)
	if err != nil {
		return encodeError(gate.AsError(err))
	}
	if !json.Valid(out) {
		return encodeError(&gate.Error{Type: gate.TypeBinanceAPI, Message: "the exchange answered with something that is not JSON"})
	}
	b, _ := json.Marshal(struct {
		OK json.RawMessage `json:"ok"`
	}{out})
	return b
}

func encodeError(e *gate.Error) []byte {
	b, _ := json.Marshal(struct {
		Error *gate.Error `json:"error"`
	}{e})
	return b
}
