// Package toolsdktest runs tools written with toolsdk inside an ordinary Go test,
// the way net/http/httptest runs handlers: a Host plays the Tollgate host in
// process, answers the tool's gate requests from a script, and records them.
//
//	h := toolsdktest.NewHost()
//	h.Respond("ticker_price", toolsdktest.OK(json.RawMessage(`{"symbol":"BTCUSDT","price":"1.00"}`)))
//	res, err := h.Call("get_ticker_price", map[string]any{"symbol": "BTCUSDT"})
//	// res.Requests[0].Op == "ticker_price"; res.Data holds the tool's data.
//
// The tools under test are the ones registered in the test binary: import the
// package that registers them (or test from inside it). The host keeps the rules of
// docs/abi.md: a guest that breaks them (writes output twice, sends an oversized
// request, exceeds MaxRequests, returns without output) gets a *Fault error from
// Call instead of a Result.
//
// Like the sandbox, the Host runs the tool with the arguments it is given: the
// check of the arguments against the tool's input schema is the MCP server's, done
// before a call reaches the sandbox, and the SDK relies on it. A test that sends
// arguments the schema refuses sees what the handler makes of them.
//
// The harness runs tools natively (any GOOS but wasip1). Under GOOS=wasip1 the SDK
// talks to the real host instead, and Call and Describe return an error.
package toolsdktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/tollgate/tollgate/guest/internal/fakehost"
	"github.com/tollgate/tollgate/guest/toolsdk"
)

// Fault is an ABI breach by the guest; the real host would fail the call with a
// sandbox_violation or limit_exceeded error.
type Fault = fakehost.Fault

// Request is one gate request a tool made.
type Request struct {
	Op string
	// Params as sent, numbers decoded as json.Number: an integer sent as 100 reads
	// json.Number("100"), a string "100" reads "100".
	Params map[string]any
	// Raw is the request exactly as the guest wrote it.
	Raw json.RawMessage
}

// Response is a scripted gate answer: OK or Fail.
type Response struct {
	body []byte
}

// OK answers with {"ok": v}. A json.RawMessage (for example a fixture file's
// contents) is sent byte for byte.
func OK(v any) Response {
	b, err := json.Marshal(struct {
		OK any `json:"ok"`
	}{v})
	if err != nil {
		panic(fmt.Sprintf("toolsdktest.OK: %v", err))
	}
	return Response{b}
}

// Fail answers with {"error": e}, as the gate does when it refuses or Binance fails.
func Fail(e *toolsdk.Error) Response {
	b, err := json.Marshal(struct {
		Error *toolsdk.Error `json:"error"`
	}{e})
	if err != nil {
		panic(fmt.Sprintf("toolsdktest.Fail: %v", err))
	}
	return Response{b}
}

// LogLine is one line the tool logged.
type LogLine struct {
	Level   toolsdk.Level
	Message string
}

// Host is a scripted host. The zero value is not usable; call NewHost. A Host may
// serve many calls, one at a time.
type Host struct {
	// MaxRequests is the per-call request budget (the module's max_requests); 0
	// means no limit.
	MaxRequests int

	mu        sync.Mutex
	responses map[string]Response
	handler   func(Request) Response
}

// NewHost returns a Host with no scripted responses.
func NewHost() *Host { return &Host{responses: map[string]Response{}} }

// Respond scripts the answer to every request for op.
func (h *Host) Respond(op string, r Response) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.responses[op] = r
}

// HandleFunc sets a function answering the requests whose op has no scripted
// response. Without one, such a request is answered with an internal_error naming
// the op.
func (h *Host) HandleFunc(f func(Request) Response) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.handler = f
}

// Result is what one call produced.
type Result struct {
	// Output is the bytes the tool wrote with output_write.
	Output json.RawMessage
	// Data is the "data" member of a successful output, nil on failure.
	Data json.RawMessage
	// Err is the "error" member of a failed output, nil on success.
	Err *toolsdk.Error
	// Requests are the gate requests made, in order.
	Requests []Request
	// Logs are the lines logged during the call.
	Logs []LogLine
}

// DecodeData decodes Data into v with toolsdk.Decode (numbers as json.Number).
func (r *Result) DecodeData(v any) error {
	if r.Data == nil {
		return errors.New("toolsdktest: the call failed; no data")
	}
	return toolsdk.Decode(r.Data, v)
}

// Call runs tool with args (anything json.Marshal takes; a json.RawMessage is sent
// as it is, compacted) and returns what it did. The arguments are not checked
// against the tool's schema (see the package documentation). The error is non-nil
// only when the call itself broke: a *Fault, or output that is not an ABI output.
func (h *Host) Call(tool string, args any) (*Result, error) {
	a, err := json.Marshal(args)
	if err != nil {
		return nil, fmt.Errorf("toolsdktest: arguments: %w", err)
	}
	input, err := json.Marshal(struct {
		Tool      string          `json:"tool"`
		Arguments json.RawMessage `json:"arguments"`
		RequestID string          `json:"request_id"`
	}{tool, a, "toolsdktest"})
	if err != nil {
		return nil, err
	}
	res := &Result{}
	var reqErr error
	fh := &fakehost.Host{
		Input:       input,
		MaxRequests: h.MaxRequests,
		Log: func(level int32, msg []byte) {
			res.Logs = append(res.Logs, LogLine{toolsdk.Level(level), string(msg)})
		},
		Gate: func(raw []byte) []byte {
			req, err := parseRequest(raw)
			if err != nil {
				reqErr = err
				return Fail(&toolsdk.Error{Type: toolsdk.TypeValidation, Message: err.Error()}).body
			}
			res.Requests = append(res.Requests, req)
			return h.answer(req).body
		},
	}
	out, err := fh.Call()
	if err != nil {
		return nil, err
	}
	if reqErr != nil {
		return nil, reqErr
	}
	res.Output = out
	var o struct {
		Data  json.RawMessage `json:"data"`
		Error *toolsdk.Error  `json:"error"`
	}
	if err := toolsdk.Decode(out, &o); err != nil {
		return nil, fmt.Errorf("toolsdktest: output is not {\"data\"} or {\"error\"}: %w", err)
	}
	if (o.Data == nil) == (o.Error == nil) {
		return nil, fmt.Errorf("toolsdktest: output must hold exactly one of data and error: %s", out)
	}
	res.Data, res.Err = o.Data, o.Error
	return res, nil
}

func (h *Host) answer(req Request) Response {
	h.mu.Lock()
	r, ok := h.responses[req.Op]
	f := h.handler
	h.mu.Unlock()
	switch {
	case ok:
		return r
	case f != nil:
		return f(req)
	}
	return Fail(&toolsdk.Error{Type: toolsdk.TypeInternal, Message: fmt.Sprintf("toolsdktest: no response scripted for op %q", req.Op)})
}

// parseRequest checks a request has exactly the ABI's shape {"op", "params"}.
func parseRequest(raw []byte) (Request, error) {
	var r struct {
		Op     string         `json:"op"`
		Params map[string]any `json:"params"`
	}
	if err := toolsdk.Decode(raw, &r); err != nil {
		return Request{}, fmt.Errorf("toolsdktest: malformed gate request %s: %w", raw, err)
	}
	if r.Op == "" || r.Params == nil {
		return Request{}, fmt.Errorf("toolsdktest: gate request without op or params: %s", raw)
	}
	return Request{Op: r.Op, Params: r.Params, Raw: raw}, nil
}

// Describe runs tollgate_describe and returns its output, {"abi":1,"tools":[...]}.
func Describe() (json.RawMessage, error) {
	return (&fakehost.Host{}).Describe()
}
