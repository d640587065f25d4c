package toolsdk

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tollgate/tollgate/guest/internal/jsonscan"
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

// Buffers reused from call to call. An instance runs one call at a time (the
// native fake host serializes calls too), the host copies what it reads before
// returning, and nothing that aliases them outlives a call: argument values reach
// handlers only as copies (strings, json.Number, new slices).
var (
	inputBuf  []byte
	outputBuf []byte
	topBuf    []jsonscan.Member
	argsBuf   []jsonscan.Member
	call      Call
)

func readInput() []byte {
	n := hostInputLen()
	if n <= 0 {
		return nil
	}
	if cap(inputBuf) < int(n) {
		inputBuf = make([]byte, n)
	}
	buf := inputBuf[:n]
	return buf[:hostInputRead(buf)]
}

// runCall returns the {"data": ...} or {"error": ...} output for one input.
//
// The input is {"tool": ..., "arguments": {...}, "request_id": ...}, with arguments
// that the host has already checked against the tool's input schema (docs/abi.md),
// so they are not checked again here: they are split into members by a scanner
// that validates the JSON without reflection, and the accessors of Call check
// types as they read. Input that is not of that shape is a guest_error.
func runCall(input []byte) (out []byte) {
	var t *Tool
	defer func() {
		// A panic fails its call, not the instance's later calls.
		if r := recover(); r != nil {
			what := "the call"
			if t != nil {
				what = "tool " + t.Name
			}
			Log(LevelError, capText(fmt.Sprintf("%s panicked: %v", what, r), 1<<10))
			out = errorOutput(&Error{Type: TypeGuest, Message: capText(fmt.Sprintf("%s failed: %v", what, r), MaxMessageLen)})
		}
	}()
	name, requestID, args, err := splitInput(input)
	if err != nil {
		return malformedInput(err.Error())
	}
	if t = lookupRaw(name); t == nil {
		s, _ := jsonscan.Unquote(name)
		return errorOutput(&Error{Type: TypeGuest, Message: capText(fmt.Sprintf("this module has no tool %q", s), MaxMessageLen)})
	}
	// One Call, reused: a Call is valid only during its handler.
	c := &call
	*c = Call{tool: t, requestID: requestID, args: args}
	data, err := t.Handler(c)
	if err != nil {
		*c = Call{}
		return errorOutput(asError(err))
	}
	out = dataOutput(c, data)
	*c = Call{} // keep no answer alive until the next call
	return out
}

// splitInput returns the tool's name and the request id (JSON strings, or nil for
// an absent or null id) and the members of the arguments. The host sends exactly
// {"tool":"…","arguments":{…},"request_id":"…"}; that shape is read in one pass,
// splitting the arguments as they are met. Any other input is left to the general
// path, which accepts what encoding/json would have (whitespace, another order,
// null or absent arguments) and explains what it refuses.
func splitInput(input []byte) (name, requestID []byte, args []jsonscan.Member, err error) {
	const tool, arguments, reqID = `{"tool":`, `,"arguments":`, `,"request_id":`
	i, ok := skipLiteral(input, 0, tool)
	if ok {
		var end int
		if end, err = jsonscan.StringAt(input, i); err == nil {
			name = input[i:end]
			if i, ok = skipLiteral(input, end, arguments); ok {
				args, end, err = jsonscan.ObjectAt(input, i, argsBuf[:0])
				argsBuf = args[:0]
				if i, ok = skipLiteral(input, end, reqID); ok && err == nil {
					if end, err = jsonscan.StringAt(input, i); err == nil && end == len(input)-1 && input[end] == '}' {
						return name, input[i:end], args, nil
					}
				}
			}
		}
	}
	return splitInputSlowly(input)
}

func skipLiteral(data []byte, i int, lit string) (int, bool) {
	if len(data)-i < len(lit) || string(data[i:i+len(lit)]) != lit {
		return i, false
	}
	return i + len(lit), true
}

func splitInputSlowly(input []byte) (name, requestID []byte, args []jsonscan.Member, err error) {
	top, err := jsonscan.Object(input, topBuf[:0])
	topBuf = top[:0]
	if err != nil {
		return nil, nil, nil, err
	}
	name, _ = jsonscan.Lookup(top, "tool")
	if len(name) == 0 || name[0] != '"' { // values are valid JSON: this is a string
		return nil, nil, nil, errors.New("the tool's name is not a string")
	}
	requestID, _ = jsonscan.Lookup(top, "request_id")
	if string(requestID) == "null" {
		requestID = nil
	} else if requestID != nil && requestID[0] != '"' {
		return nil, nil, nil, errors.New("request_id is not a string")
	}
	args = argsBuf[:0]
	if raw, ok := jsonscan.Lookup(top, "arguments"); ok && string(raw) != "null" {
		if args, err = jsonscan.Object(raw, args); err != nil {
			return nil, nil, nil, errors.New("arguments is not a JSON object")
		}
	}
	argsBuf = args[:0]
	return name, requestID, args, nil
}

func malformedInput(why string) []byte {
	return errorOutput(&Error{Type: TypeGuest, Message: capText("malformed call input: "+why, MaxMessageLen)})
}

// dataOutput writes {"data": data}. A json.RawMessage is copied in, checked and
// compacted by the scanner, or only copied if it is the compact answer Request
// returned last (a gate answer passed through); only other values go through
// encoding/json.
func dataOutput(c *Call, data any) []byte {
	b := append(outputBuf[:0], `{"data":`...)
	var err error
	switch d := data.(type) {
	case nil:
		b = append(b, "null"...)
	case json.RawMessage:
		switch {
		case d == nil:
			b = append(b, "null"...)
		case len(d) == len(c.lastOK) && len(d) > 0 && &d[0] == &c.lastOK[0]:
			b = append(b, d...)
		default:
			b, err = jsonscan.AppendCompact(b, d)
		}
	default:
		var enc []byte
		if enc, err = marshal(d); err == nil {
			b = append(b, enc...)
		}
	}
	if err != nil {
		return errorOutput(&Error{Type: TypeGuest, Message: capText("encode result: "+err.Error(), MaxMessageLen)})
	}
	b = append(b, '}')
	outputBuf = b
	return b
}

// errorOutput writes {"error": e}, as encoding/json would but without it.
func errorOutput(e *Error) []byte {
	b := append(outputBuf[:0], `{"error":`...)
	b = appendError(b, e)
	b = append(b, '}')
	outputBuf = b
	return b
}

func writeOutput(b []byte) { hostOutputWrite(b) }
