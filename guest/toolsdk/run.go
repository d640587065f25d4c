package toolsdk

import (
	"encoding/json"
	"fmt"
)

// handleCall is tollgate_call: read the input, run the tool, write one output.
// It returns 0 in every case it can reach: a failed tool is an output
// {"error": ...}, not a failed call.
func handleCall() int32 {
	writeOutput(runCall(readInput()))
	return 0
}

// handleDescribe is tollgate_describe: the declarations as the output.
func handleDescribe() int32 {
	b, err := declarations()
	if err != nil {
		return 1 // a BUG: declarations are verified by Register
	}
	hostOutputWrite(b)
	return 0
}

func readInput() []byte {
	n := hostInputLen()
	if n <= 0 {
		return nil
	}
	buf := make([]byte, n)
	return buf[:hostInputRead(buf)]
}

// runCall returns the {"data": ...} or {"error": ...} output for one input.
func runCall(input []byte) (out []byte) {
	var in struct {
		Tool      string          `json:"tool"`
		Arguments json.RawMessage `json:"arguments"`
		RequestID string          `json:"request_id"`
	}
	if err := json.Unmarshal(input, &in); err != nil {
		return errorOutput(&Error{Type: TypeGuest, Message: "malformed call input: " + capText(err.Error(), 200)})
	}
	t := lookup(in.Tool)
	if t == nil {
		return errorOutput(&Error{Type: TypeGuest, Message: capText(fmt.Sprintf("this module has no tool %q", in.Tool), MaxMessageLen)})
	}
	args := map[string]json.RawMessage{}
	if len(in.Arguments) > 0 && string(in.Arguments) != "null" {
		if err := json.Unmarshal(in.Arguments, &args); err != nil || args == nil {
			return errorOutput(&Error{Type: TypeValidation, Message: "arguments must be a JSON object"})
		}
	}
	if err := t.Input.check(args); err != nil {
		return errorOutput(asError(err))
	}
	c := &Call{tool: t, requestID: in.RequestID, args: args}

	defer func() {
		// A panicking handler fails its call, not the instance's later calls.
		if r := recover(); r != nil {
			Log(LevelError, capText(fmt.Sprintf("tool %s panicked: %v", t.Name, r), 1<<10))
			out = errorOutput(&Error{Type: TypeGuest, Message: capText(fmt.Sprintf("tool %s failed: %v", t.Name, r), MaxMessageLen)})
		}
	}()
	data, err := t.Handler(c)
	if err != nil {
		return errorOutput(asError(err))
	}
	b, err := marshal(struct {
		Data any `json:"data"`
	}{data})
	if err != nil {
		return errorOutput(&Error{Type: TypeGuest, Message: capText("encode result: "+err.Error(), MaxMessageLen)})
	}
	return b
}

func errorOutput(e *Error) []byte {
	b, err := marshal(struct {
		Error *Error `json:"error"`
	}{e})
	if err != nil {
		return []byte(`{"error":{"type":"guest_error","message":"cannot encode the error"}}`)
	}
	return b
}

func writeOutput(b []byte) { hostOutputWrite(b) }
